package engine

import (
	"fmt"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/source"
)

// decodeFinding reads one finding object as built by data.apimlint.lib.result.
func decodeFinding(x any) (finding.Finding, error) {
	m, ok := x.(map[string]any)
	if !ok {
		return finding.Finding{}, fmt.Errorf("rule reported %T, want an object made by result.fail", x)
	}
	f := finding.Finding{}
	f.Rule, _ = m["rule"].(string)
	f.Message, _ = m["message"].(string)
	sev, _ := m["severity"].(string)
	s, err := finding.ParseSeverity(sev)
	if err != nil {
		return f, fmt.Errorf("rule %s reported a finding with %w", f.Rule, err)
	}
	f.Severity = s
	if f.Loc, err = decodeLocation(m["location"]); err != nil {
		return f, fmt.Errorf("rule %s: %w", f.Rule, err)
	}
	if loc, ok := m["location"].(map[string]any); ok {
		if n := number(loc["policy_line"]); n > 0 {
			f.Message += fmt.Sprintf(" (line %d of the policy text)", n)
		}
	}
	rel, _ := m["related"].([]any)
	for _, r := range rel {
		rm, _ := r.(map[string]any)
		loc, err := decodeLocation(rm["location"])
		if err != nil {
			return f, fmt.Errorf("rule %s: related: %w", f.Rule, err)
		}
		msg, _ := rm["message"].(string)
		f.Related = append(f.Related, finding.Related{Loc: loc, Message: msg})
	}
	secrets, _ := m["secrets"].([]any)
	for _, s := range secrets {
		if str, ok := s.(string); ok && str != "" {
			f.Secrets = append(f.Secrets, str)
		}
	}
	return f, nil
}

func decodeLocation(x any) (source.Location, error) {
	m, ok := x.(map[string]any)
	if !ok {
		return source.Location{}, fmt.Errorf("finding has no location object (got %T)", x)
	}
	file, _ := m["file"].(string)
	loc := source.Location{File: file}
	loc.Start.Line = number(m["line"])
	loc.Start.Column = number(m["column"])
	loc.End.Line = number(m["end_line"])
	loc.End.Column = number(m["end_column"])
	if loc.End.Line == 0 {
		loc.End = loc.Start
	}
	return loc, nil
}

func number(x any) int {
	switch n := x.(type) {
	case float64:
		return int(n)
	case int:
		return n
	case int64:
		return int(n)
	case interface{ Int64() (int64, error) }:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}
