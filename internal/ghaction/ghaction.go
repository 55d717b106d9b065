// Package ghaction is apimlint's side of GitHub Actions. It reads the run's
// environment and the event that started it, finds with git the lines a
// pull request changed (so the report can annotate those first), and reads
// the action's inputs and writes its outputs and job summary through
// github.com/sethvargo/go-githubactions, guarded so that nothing panics or
// injects outputs.
package ghaction

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/apimlint/apimlint/internal/report"
)

// Env is what a GitHub Actions run tells a step through its environment.
type Env struct {
	// Actions is true inside GitHub Actions (GITHUB_ACTIONS=true).
	Actions bool
	// Workspace is the checked-out repository (GITHUB_WORKSPACE).
	Workspace string
	// ServerURL, Repository and SHA name the commit the run checks.
	ServerURL, Repository, SHA string
	// EventName and EventPath are the event that started the run and the
	// file holding its payload.
	EventName, EventPath string
	// StepSummary and Output are the files the step appends its job summary
	// and its outputs to.
	StepSummary, Output string
}

// ReadEnv reads the environment of a run with getenv.
func ReadEnv(getenv func(string) string) Env {
	return Env{
		Actions:     getenv("GITHUB_ACTIONS") == "true",
		Workspace:   getenv("GITHUB_WORKSPACE"),
		ServerURL:   getenv("GITHUB_SERVER_URL"),
		Repository:  getenv("GITHUB_REPOSITORY"),
		SHA:         getenv("GITHUB_SHA"),
		EventName:   getenv("GITHUB_EVENT_NAME"),
		EventPath:   getenv("GITHUB_EVENT_PATH"),
		StepSummary: getenv("GITHUB_STEP_SUMMARY"),
		Output:      getenv("GITHUB_OUTPUT"),
	}
}

// event is the part of an event payload that says what a change is
// compared with.
type event struct {
	PullRequest *struct {
		Base struct {
			SHA string `json:"sha"`
		} `json:"base"`
		Head struct {
			SHA string `json:"sha"`
		} `json:"head"`
	} `json:"pull_request"`
	MergeGroup *struct {
		BaseSHA string `json:"base_sha"`
	} `json:"merge_group"`
}

// BaseCommit returns the commit a pull request (or merge-queue group) is
// compared with, read from the event payload at path; "" when the event is
// of another kind. The head commit is not needed: the lines that matter are
// those of the files checked out, which git diffs against the base.
func BaseCommit(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read the event payload: %w", err)
	}
	var ev event
	if err := json.Unmarshal(b, &ev); err != nil {
		return "", fmt.Errorf("read the event payload %s: %w", path, err)
	}
	switch {
	case ev.PullRequest != nil:
		return ev.PullRequest.Base.SHA, nil
	case ev.MergeGroup != nil:
		return ev.MergeGroup.BaseSHA, nil
	}
	return "", nil
}

// CIOptions say how to describe a run to the report.
type CIOptions struct {
	Getenv func(string) string
	// Dir is the working directory the findings' paths are relative to.
	Dir string
	// ChangedSince is a git revision the user named: findings on lines
	// changed since then are annotated first. When empty, a pull request's
	// base commit serves, if the run is one.
	ChangedSince string
	// Rank asks for the changed lines at all; without it git is not run.
	Rank bool
	// NoAnnotations and Annotated go to report.CI as they are.
	NoAnnotations, Annotated bool
	// Warn receives why changed lines could not be found for a pull request
	// (the run goes on, ranking by severity only).
	Warn io.Writer
}

// ReportCI describes the run for the report formats. Only a failure to diff
// against a revision the user named is an error.
func ReportCI(ctx context.Context, opts CIOptions) (report.CI, error) {
	env := ReadEnv(opts.Getenv)
	ci := report.CI{Dir: resolve(opts.Dir), NoAnnotations: opts.NoAnnotations, Annotated: opts.Annotated}
	if env.Workspace != "" {
		ci.Workspace = resolve(env.Workspace)
		ci.ServerURL, ci.Repository, ci.SHA = env.ServerURL, env.Repository, env.SHA
	}
	if !opts.Rank {
		return ci, nil
	}

	if opts.ChangedSince != "" {
		ch, err := Diff(ctx, ci.Dir, opts.ChangedSince)
		if err != nil {
			return ci, fmt.Errorf("--changed-since: %w", err)
		}
		ci.Changed = ch.Touched
		return ci, nil
	}
	if !env.Actions {
		return ci, nil
	}
	base, err := BaseCommit(env.EventPath)
	if err == nil && base != "" {
		var ch *Changes
		if ch, err = Diff(ctx, ci.Dir, base); err == nil {
			ci.Changed = ch.Touched
		}
	}
	if err != nil && opts.Warn != nil {
		fmt.Fprintf(opts.Warn, "apimlint: annotating without the pull request's changed lines: %v "+
			"(fetch the base commit, e.g. actions/checkout with fetch-depth: 0)\n", err)
	}
	return ci, nil
}
