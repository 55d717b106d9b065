package cli

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/ruletest"
	"github.com/apimlint/apimlint/rules"
)

func newTest(e *env) *cobra.Command {
	var verbose bool
	var run string
	cmd := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the Rego unit tests of your rules (default: of the built-in rules)",
		Long: "Test runs the *_test.rego files of the rule folders given, with OPA's test runner, in the\n" +
			"same sandbox as a check (no network, no host access). Tests may call apimlint.estate({path:\n" +
			"content}) to build the rule input from files, exactly as apimlint check reads them. Without\n" +
			"folders it runs the tests of the built-in rules. The rules' METADATA is checked first.\n\n" +
			"Exit codes: 0 every test passed, 1 a test failed, 2 the rules or tests do not compile.",
		RunE: func(cmd *cobra.Command, dirs []string) error {
			return runTests(cmd.Context(), e, dirs, run, verbose)
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list passing tests too, with their print() output")
	cmd.Flags().StringVar(&run, "run", "", "run only tests whose name matches this regular expression")
	return cmd
}

func runTests(ctx context.Context, e *env, dirs []string, run string, verbose bool) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// With folders given, the built-in rules are there to be imported and
	// to keep rule IDs unique; only the folders' tests run.
	mods, err := engine.BuiltinModules(len(dirs) == 0)
	if err != nil {
		return err
	}
	var rules []engine.Module
	for _, dir := range dirs {
		user, err := engine.LoadModulesIn(e.dir, dir, true)
		if err != nil {
			return usageError{err}
		}
		mods = append(mods, user...)
	}
	for _, m := range mods {
		if !strings.HasSuffix(m.Path, "_test.rego") {
			rules = append(rules, m)
		}
	}
	// Compiling the rules alone checks their METADATA the way check does.
	if _, err := engine.NewFromModules(ctx, rules, engine.Options{}); err != nil {
		return err
	}
	results, err := ruletest.Run(ctx, mods, ruletest.Options{Filter: run, Trace: true})
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return usageError{fmt.Errorf("no tests found: tests are rules named test_* in *_test.rego files")}
	}
	ok, err := ruletest.Report(e.stdout, results, verbose)
	if err != nil {
		return err
	}
	if !ok {
		return exitError{ExitFindings}
	}
	return nil
}

func newNewRule(e *env) *cobra.Command {
	dir := "rules"
	cmd := &cobra.Command{
		Use:   "new-rule NAME",
		Short: "Create a rule folder with a rule and a passing test to start from",
		Long: "new-rule writes DIR/NAME/NAME.rego (a rule with its METADATA) and DIR/NAME/NAME_test.rego\n" +
			"(tests that build their input with apimlint.estate), with the dashes of NAME as underscores in\n" +
			"the file names. NAME is the rule ID, in kebab-case, and not a built-in rule's.\n" +
			"Run the tests with apimlint test DIR, and the rule with apimlint check --rules DIR.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return newRuleFolder(e, dir, args[0])
		},
	}
	cmd.Flags().StringVar(&dir, "dir", dir, "folder of your rules")
	return cmd
}

func newRuleFolder(e *env, dir, id string) error {
	if !engine.ValidRuleID(id) {
		return usageError{fmt.Errorf("rule ID %q: use kebab-case, such as require-trace-header", id)}
	}
	if _, err := fs.Stat(rules.FS, id); err == nil {
		return usageError{fmt.Errorf("rule ID %q is a built-in rule's: pick another (a built-in rule is "+
			"switched off in .apimlint.yaml, not replaced)", id)}
	}
	folder := filepath.Join(dir, id)
	osFolder := discover.OSPath(e.dir, folder)
	if _, err := os.Stat(osFolder); err == nil {
		return usageError{fmt.Errorf("%s already exists", folder)}
	}
	if err := os.MkdirAll(osFolder, 0o755); err != nil {
		return fmt.Errorf("create rule: %w", err)
	}
	stem := strings.ReplaceAll(id, "-", "_")
	files := []struct{ name, content string }{
		{stem + ".rego", strings.ReplaceAll(ruleTemplate, "RULE-ID", id)},
		{stem + "_test.rego", strings.ReplaceAll(testTemplate, "RULE-ID", id)},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(osFolder, f.name), []byte(f.content), 0o644); err != nil {
			return fmt.Errorf("create rule: %w", err)
		}
		fmt.Fprintf(e.stdout, "created %s\n", filepath.ToSlash(filepath.Join(folder, f.name)))
	}
	return nil
}

const ruleTemplate = `# METADATA
# title: No trace policy in API policies
# description: |
#   Say what the rule checks and why it matters: this text is the rule's
#   description in every output. This example reports <trace> elements,
#   which write request data to Application Insights.
# custom:
#   id: RULE-ID
#   severity: warning
#   remediation: Remove the <trace> element.
package apimlint.rules["RULE-ID"]

import data.apimlint.lib.policy
import data.apimlint.lib.result

# report holds one finding per fault, made with result.fail: the rule ID and
# severity come from the METADATA above, the location from the estate.
# policy.located finds the elements through the index, each with its
# policy's head (scope, file, service...): a rule reads no more of the
# estate than it needs.
report contains result.fail(rego.metadata.chain(), el.location, msg) if {
	some [p, el] in policy.located("trace")
	p.scope != "fragment"
	msg := sprintf("%s policy writes a trace: remove the <trace> element", [p.scope])
}
`

const testTemplate = `package apimlint.rules["RULE-ID_test"]

import data.apimlint.rules["RULE-ID"] as rule

# apimlint.estate builds the rule input from files, as apimlint check does.
test_trace_is_reported if {
	inp := apimlint.estate({"apis/orders/policy.xml": ` + "`" + `<policies>
  <inbound>
    <base />
    <trace source="orders" severity="verbose"><message>hello</message></trace>
  </inbound>
</policies>` + "`" + `})
	rule.report == {{
		"rule": "RULE-ID",
		"severity": "warning",
		"message": "api policy writes a trace: remove the <trace> element",
		"location": {"file": "apis/orders/policy.xml", "line": 4, "column": 5, "end_line": 4, "end_column": 47},
		"related": [],
	}} with input as inp
}

test_policy_without_trace_passes if {
	inp := apimlint.estate({"apis/orders/policy.xml": "<policies><inbound><base /></inbound></policies>"})
	count(rule.report) == 0 with input as inp
}
`
