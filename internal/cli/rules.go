package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/apimlint/apimlint/internal/engine"
)

func newRules(e *env) *cobra.Command {
	var dirs []string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules: built-in ones and those given with --rules",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			eng, err := engine.New(context.Background(), engine.Options{RuleDirs: dirs, Dir: e.dir})
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSEVERITY\tTITLE")
			for _, r := range eng.Rules() {
				title := r.Title
				if r.Custom {
					title += " (custom)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, title)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringArrayVar(&dirs, "rules", nil, "folder of your own Rego rules (repeatable)")
	return cmd
}
