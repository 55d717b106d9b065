// Package cli is apimlint's command line. Main runs a command against
// injected standard streams, so tests drive the whole tool in-process.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	ExitOK       = 0 // nothing at or above the fail level
	ExitFindings = 1 // findings at or above the fail level
	ExitError    = 2 // usage error or tool failure
)

// Version is set at build time with -ldflags "-X .../internal/cli.Version=...".
var Version = "dev"

// exitError carries an exit code up to Main without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usageError marks errors in how the tool was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// env holds the streams and environment a command runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// dir is the folder set with -C: paths are relative to it.
	dir string
}

// Main runs apimlint with args and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(args, &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv})
}

func run(args []string, e *env) int {
	root := newRoot(e)
	root.SetArgs(args)
	err := root.Execute()
	var ex exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ex):
		return ex.code
	case isConfigError(err):
		fmt.Fprintln(e.stderr, err)
		return ExitError
	default:
		fmt.Fprintf(e.stderr, "apimlint: %v\n", err)
		return ExitError
	}
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "apimlint",
		Short: "Check Azure API Management policies, ARM templates and Bicep files",
		Long: "apimlint checks Azure API Management configuration kept as code: policy XML (rawxml\n" +
			"included), ARM templates and exports, Bicep files and APIOps folders, linked into one\n" +
			"model and judged by Rego rules.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.PersistentFlags().StringVarP(&e.dir, "chdir", "C", "",
		"run as if started in this folder: paths are read and shown relative to it")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
	})
	root.AddCommand(newCheck(e), newInspect(e), newRules(e), newVersion(e), newAction(e), newTest(e),
		newNewRule(e))
	return root
}

func newVersion(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(e.stdout, "apimlint %s\n", Version)
			return nil
		},
	}
}
