package ghaction

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/sethvargo/go-githubactions"
)

// ErrNotInActions is returned by the writers of files GitHub Actions hands a
// step (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) when the variable is unset: the
// library would panic there.
var ErrNotInActions = errors.New("not running in GitHub Actions")

// outputDelimiter is the fixed heredoc delimiter go-githubactions writes
// outputs with; a value holding it on a line of its own could end the value
// early and add outputs of its own.
const outputDelimiter = "_GitHubActionsFileCommandDelimeter_"

var outputName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// Output is one step output.
type Output struct {
	Name, Value string
}

// SetOutputs appends outputs to the step's GITHUB_OUTPUT file. Values are
// made single-line (line breaks become spaces), so no value can end the
// heredoc the library writes or add outputs; names must be identifiers.
func SetOutputs(getenv func(string) string, outs []Output) (err error) {
	if getenv("GITHUB_OUTPUT") == "" {
		return fmt.Errorf("write outputs: %w (GITHUB_OUTPUT is not set)", ErrNotInActions)
	}
	for _, o := range outs {
		if !outputName.MatchString(o.Name) {
			return fmt.Errorf("write outputs: %q is not an output name", o.Name)
		}
	}
	a := githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(io.Discard))
	defer func() {
		// The library panics when the file cannot be written.
		if r := recover(); r != nil {
			err = fmt.Errorf("write outputs: %v", r)
		}
	}()
	for _, o := range outs {
		a.SetOutput(o.Name, SanitizeOutput(o.Value))
	}
	return nil
}

// SanitizeOutput makes a value safe for GITHUB_OUTPUT: one line, without
// the library's delimiter.
func SanitizeOutput(v string) string {
	v = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(v)
	return strings.ReplaceAll(v, outputDelimiter, "_GitHubActionsFileCommandDelimiter_")
}

// AppendSummary appends Markdown to the job summary (GITHUB_STEP_SUMMARY).
func AppendSummary(getenv func(string) string, markdown string) (err error) {
	if getenv("GITHUB_STEP_SUMMARY") == "" {
		return fmt.Errorf("write the job summary: %w (GITHUB_STEP_SUMMARY is not set)", ErrNotInActions)
	}
	a := githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(io.Discard))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("write the job summary: %v", r)
		}
	}()
	a.AddStepSummary(markdown)
	return nil
}

// Inputs are the action's inputs (action.yml), read from the INPUT_*
// variables the composite action sets.
type Inputs struct {
	// Paths, Rules and Exclude hold one entry per line; blank lines are
	// skipped. Paths may hold spaces ("named values").
	Paths, Rules, Exclude []string
	Config, Baseline      string
	FailLevel             string
	SARIFFile             string
	Annotate              bool
	ChangedSince          string
}

// ReadInputs reads the inputs with getenv. Annotate defaults to true.
func ReadInputs(getenv func(string) string) (Inputs, error) {
	a := githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(io.Discard))
	in := Inputs{
		Paths:        lines(a.GetInput("paths")),
		Rules:        lines(a.GetInput("rules")),
		Exclude:      lines(a.GetInput("exclude")),
		Config:       a.GetInput("config"),
		Baseline:     a.GetInput("baseline"),
		FailLevel:    a.GetInput("fail-level"),
		SARIFFile:    a.GetInput("sarif-file"),
		ChangedSince: a.GetInput("changed-since"),
		Annotate:     true,
	}
	switch v := strings.ToLower(a.GetInput("annotate")); v {
	case "", "true":
	case "false":
		in.Annotate = false
	default:
		return in, fmt.Errorf("input annotate: %q is not true or false", v)
	}
	return in, nil
}

// lines splits a multi-line input into its non-blank lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
