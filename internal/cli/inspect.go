package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/spf13/cobra"

	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/lint"
)

func newInspect(e *env) *cobra.Command {
	var exclude []string
	var effective string
	cmd := &cobra.Command{
		Use:   "inspect [PATH...]",
		Short: "Print the estate as rules see it (the input document), as JSON",
		Long: "Inspect reads the given files and folders like check does and prints the input document\n" +
			"the rules receive, so a rule author sees exactly what input.apis, input.policies and the\n" +
			"rest hold. The schema is described in docs/input.md.",
		RunE: func(cmd *cobra.Command, args []string) error {
			est, _, err := lint.Build(lint.Options{Paths: args, Dir: e.dir, Exclude: exclude})
			if err != nil {
				return err
			}
			if effective != "" {
				return printEffective(e, est, effective)
			}
			v, err := lint.Input(est)
			if err != nil {
				return err
			}
			return printJSON(e, v)
		},
	}
	cmd.Flags().StringArrayVar(&exclude, "exclude", nil, "skip paths matching this glob (repeatable)")
	cmd.Flags().StringVar(&effective, "effective", "",
		"print the effective policy of API[/OPERATION] as XML, each statement's origin in a comment "+
			"(API@FILE for the API of that name FILE declares, when two templates do)")
	return cmd
}

// printEffective prints the effective policies a selector names.
func printEffective(e *env, est *estate.Estate, sel string) error {
	effs := est.FindEffective(sel)
	if len(effs) == 0 {
		var apis []string
		for _, a := range est.APIs {
			apis = append(apis, a.Name)
		}
		sort.Strings(apis)
		return usageError{fmt.Errorf("--effective %q: no such API or operation (APIs: %s)", sel, strings.Join(apis, ", "))}
	}
	for i, eff := range effs {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprint(e.stdout, est.EffectiveXML(eff))
	}
	return nil
}

// printJSON writes an OPA value as indented JSON with sorted keys.
func printJSON(e *env, v ast.Value) error {
	x, err := ast.JSON(v)
	if err != nil {
		return fmt.Errorf("convert input: %w", err)
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return fmt.Errorf("encode input: %w", err)
	}
	_, err = fmt.Fprintf(e.stdout, "%s\n", b)
	return err
}
