package lint

import (
	"encoding/json"
	"slices"

	"github.com/apimlint/apimlint/internal/config"
	"github.com/apimlint/apimlint/internal/engine"
	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/load"
)

// withConfig adds the settings of the configuration file to the options.
func withConfig(opts Options) Options {
	c := opts.Config
	if c == nil {
		return opts
	}
	opts.RuleDirs = append(slices.Clip(opts.RuleDirs), c.CustomRules...)
	// The configuration's globs are relative to its folder: they are matched
	// against each path as seen from there (Config.Match), so they hold
	// whatever folder apimlint runs in and however the paths are written.
	// The folder is made absolute once: Match is called for every path the
	// walk meets.
	dir := absPath(opts.Dir, ".")
	if len(c.Exclude) > 0 {
		opts.skip = func(shown string) bool { return c.MatchAny(c.Exclude, shown, dir) }
	}
	if len(c.Include) > 0 {
		opts.keep = func(shown string) bool { return c.MatchAny(c.Include, shown, dir) }
	}
	for _, p := range c.Parameters {
		lp := load.ParameterSet{Match: func(shown string) bool { return c.Match(p.Template, shown, dir) }}
		for _, f := range p.Files {
			lp.Files = append(lp.Files, c.Rebase(f, opts.Dir))
		}
		opts.ParameterSets = append(opts.ParameterSets, lp)
	}
	return opts
}

// ruleData is what rules read as data.apimlint.config: the parameters of
// each rule, as plain JSON values.
func ruleData(c *config.Config) map[string]any {
	if c == nil {
		return nil
	}
	rules := map[string]any{}
	for id, r := range c.Rules {
		params := map[string]any{}
		if r.Params != nil {
			// A JSON round trip turns YAML's integers and maps into the
			// values OPA's store holds.
			if b, err := json.Marshal(r.Params); err == nil {
				_ = json.Unmarshal(b, &params)
			}
		}
		rules[id] = map[string]any{"params": params}
	}
	return map[string]any{"rules": rules}
}

// checkConfig refuses settings and suppressions of rules that do not exist.
func checkConfig(c *config.Config, e *engine.Engine) error {
	if c == nil {
		return nil
	}
	return c.CheckRules(func(id string) bool {
		if _, ok := e.Rule(id); ok {
			return true
		}
		return slices.ContainsFunc(Rules, func(r finding.Rule) bool { return r.ID == id })
	})
}

// applyRules drops the findings of disabled rules and applies severity
// overrides.
func applyRules(c *config.Config, fs []finding.Finding) []finding.Finding {
	if c == nil {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		r := c.Rules[f.Rule]
		switch {
		case r == nil:
		case r.Disabled:
			continue
		case r.Severity != 0:
			f.Severity = r.Severity
		}
		out = append(out, f)
	}
	return out
}

// ruleList is the rules of the run as the configuration leaves them: the
// disabled ones out, overridden severities in, and the rules apimlint
// itself reports with.
func ruleList(c *config.Config, rs []finding.Rule) []finding.Rule {
	out := make([]finding.Rule, 0, len(rs)+len(Rules))
	for _, r := range append(slices.Clip(rs), Rules...) {
		if c != nil && c.Rules[r.ID] != nil {
			if c.Rules[r.ID].Disabled {
				continue
			}
			if s := c.Rules[r.ID].Severity; s != 0 {
				r.Severity = s
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b finding.Rule) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return out
}
