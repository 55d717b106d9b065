package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/apimlint/apimlint/internal/finding"
)

// decoder walks the YAML syntax tree, so that every key and value keeps its
// position for error messages.
type decoder struct {
	file string
	cfg  *Config
	errs Errors
	disk bool // check that the folders named exist (Load)
}

func (d *decoder) errorf(n ast.Node, format string, args ...any) {
	p := pos(n)
	d.errs = append(d.errs, &Error{File: d.file, Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func pos(n ast.Node) Pos {
	if ps, ok := pairs(n); ok && len(ps) > 0 {
		n = ps[0].Key // a mapping's own token is its first colon
	}
	if n == nil || n.GetToken() == nil {
		return Pos{Line: 1, Column: 1}
	}
	p := n.GetToken().Position
	return Pos{Line: p.Line, Column: p.Column}
}

func (d *decoder) decode(b []byte) {
	f, err := parser.ParseBytes(b, 0)
	if err != nil {
		d.syntaxError(err)
		return
	}
	if len(f.Docs) > 1 {
		d.errorf(f.Docs[1], "a configuration file holds one YAML document")
		return
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return
	}
	body := unwrap(f.Docs[0].Body)
	if _, ok := body.(*ast.NullNode); ok {
		return
	}
	d.mapping(body, "the configuration", map[string]func(ast.Node){
		"custom-rules": d.customRules,
		"fail-level": func(n ast.Node) {
			if s, ok := d.severity(n, "fail-level"); ok {
				d.cfg.FailLevel = s
			}
		},
		"include":      func(n ast.Node) { d.cfg.Include = d.globs(n, "include") },
		"exclude":      func(n ast.Node) { d.cfg.Exclude = d.globs(n, "exclude") },
		"rules":        d.rules,
		"parameters":   d.parameters,
		"suppressions": d.suppressions,
	})
}

// syntaxError turns a YAML parse error into a positioned error.
func (d *decoder) syntaxError(err error) {
	var p Pos
	msg := err.Error()
	if se, ok := err.(interface{ GetToken() *token.Token }); ok && se.GetToken() != nil {
		t := se.GetToken()
		p = Pos{Line: t.Position.Line, Column: t.Position.Column}
	}
	if se, ok := err.(interface{ GetMessage() string }); ok {
		msg = se.GetMessage()
	}
	if p.Line == 0 {
		p = Pos{Line: 1, Column: 1}
	}
	d.errs = append(d.errs, &Error{File: d.file, Pos: p, Msg: "invalid YAML: " + msg})
}

// unwrap skips tags, anchors and comments around a value.
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		case *ast.CommentGroupNode:
			return nil
		default:
			return n
		}
	}
}

// pairs returns the entries of a mapping, or nil and false.
func pairs(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch v := unwrap(n).(type) {
	case *ast.MappingNode:
		return v.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{v}, true
	}
	return nil, false
}

// mapping decodes a mapping with known keys; unknown and repeated keys are
// errors.
func (d *decoder) mapping(n ast.Node, what string, keys map[string]func(ast.Node)) {
	ps, ok := pairs(n)
	if !ok {
		d.errorf(n, "%s must be a mapping of keys to values, found %s", what, kind(n))
		return
	}
	seen := map[string]bool{}
	for _, p := range ps {
		k := keyName(p.Key)
		fn, ok := keys[k]
		switch {
		case !ok:
			d.errorf(p.Key, "unknown key %q%s", k, suggest(k, keys))
			continue
		case seen[k]:
			d.errorf(p.Key, "key %q appears twice", k)
			continue
		}
		seen[k] = true
		fn(p.Value)
	}
}

func keyName(k ast.MapKeyNode) string {
	if s, ok := k.(ast.ScalarNode); ok {
		return fmt.Sprint(s.GetValue())
	}
	return k.String()
}

// suggest names the known keys, or the one a typo was likely meant as.
func suggest(k string, keys map[string]func(ast.Node)) string {
	var names []string
	for name := range keys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if distance(name, k) <= 2 {
			return fmt.Sprintf(" (did you mean %q?)", name)
		}
	}
	return fmt.Sprintf(" (known keys: %s)", strings.Join(names, ", "))
}

// kind describes a node for messages.
func kind(n ast.Node) string {
	switch unwrap(n).(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	}
	return "a string"
}

// str reads a string scalar.
func (d *decoder) str(n ast.Node, what string) (string, bool) {
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	}
	d.errorf(n, "%s must be a string, found %s", what, kind(n))
	return "", false
}

// strings reads a list of strings, or one string as a list of one.
func (d *decoder) strings(n ast.Node, what string) []string {
	if s, ok := unwrap(n).(*ast.StringNode); ok {
		return []string{s.Value}
	}
	seq, ok := unwrap(n).(*ast.SequenceNode)
	if !ok {
		d.errorf(n, "%s must be a list of strings, found %s", what, kind(n))
		return nil
	}
	var out []string
	for _, v := range seq.Values {
		if s, ok := d.str(v, what+" entries"); ok {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) globs(n ast.Node, what string) []string {
	gs := d.strings(n, what)
	for i, g := range gs {
		if !doublestar.ValidatePattern(g) {
			d.errorf(d.item(n, i), "%s: %q is not a valid glob", what, g)
		}
	}
	return gs
}

// item returns the i-th entry of a list node, or the node itself.
func (d *decoder) item(n ast.Node, i int) ast.Node {
	if seq, ok := unwrap(n).(*ast.SequenceNode); ok && i < len(seq.Values) {
		return seq.Values[i]
	}
	return n
}

func (d *decoder) severity(n ast.Node, what string) (finding.Severity, bool) {
	s, ok := d.str(n, what)
	if !ok {
		return 0, false
	}
	sev, err := finding.ParseSeverity(s)
	if err != nil {
		d.errorf(n, "%s: %v", what, err)
		return 0, false
	}
	return sev, true
}

func (d *decoder) customRules(n ast.Node) {
	for i, dir := range d.strings(n, "custom-rules") {
		p := filepath.FromSlash(dir)
		if !filepath.IsAbs(p) {
			p = filepath.Join(d.cfg.Dir, p)
		}
		// A folder that is not there is reported at its entry, not later by
		// the rule loader without a position.
		if d.disk {
			if st, err := os.Stat(p); err != nil || !st.IsDir() {
				d.errorf(d.item(n, i), "custom-rules %q: no such folder (relative paths start at the folder of this file)", dir)
				continue
			}
		}
		d.cfg.CustomRules = append(d.cfg.CustomRules, p)
	}
}

// rules reads the rules mapping: each rule ID maps to off/on, a severity, or
// a mapping of enabled, severity and params.
func (d *decoder) rules(n ast.Node) {
	ps, ok := pairs(n)
	if !ok {
		d.errorf(n, "rules must map rule IDs to settings, found %s", kind(n))
		return
	}
	for _, p := range ps {
		id := keyName(p.Key)
		if d.cfg.Rules[id] != nil {
			d.errorf(p.Key, "rule %q appears twice", id)
			continue
		}
		r := &Rule{ID: id, Pos: pos(p.Key)}
		d.cfg.Rules[id] = r
		d.rule(r, p.Value)
	}
}

func (d *decoder) rule(r *Rule, n ast.Node) {
	what := fmt.Sprintf("rules.%s", r.ID)
	switch v := unwrap(n).(type) {
	case *ast.BoolNode:
		r.Disabled = !v.Value
		return
	case *ast.StringNode:
		switch v.Value {
		case "off":
			r.Disabled = true
		case "on":
		default:
			sev, err := finding.ParseSeverity(v.Value)
			if err != nil {
				d.errorf(n, "%s: %q is not off, on or a severity (error, warning, note)", what, v.Value)
				return
			}
			r.Severity = sev
		}
		return
	}
	d.mapping(n, what, map[string]func(ast.Node){
		"enabled": func(n ast.Node) {
			b, ok := unwrap(n).(*ast.BoolNode)
			if !ok {
				d.errorf(n, "%s.enabled must be true or false, found %s", what, kind(n))
				return
			}
			r.Disabled = !b.Value
		},
		"severity": func(n ast.Node) {
			if s, ok := d.severity(n, what+".severity"); ok {
				r.Severity = s
			}
		},
		"params": func(n ast.Node) {
			if _, ok := pairs(n); !ok {
				d.errorf(n, "%s.params must be a mapping, found %s", what, kind(n))
				return
			}
			var m map[string]any
			if err := yaml.NodeToValue(n, &m); err != nil {
				d.errorf(n, "%s.params: %v", what, err)
				return
			}
			r.Params = m
		},
	})
}

func (d *decoder) list(n ast.Node, what string, each func(ast.Node)) {
	seq, ok := unwrap(n).(*ast.SequenceNode)
	if !ok {
		d.errorf(n, "%s must be a list, found %s", what, kind(n))
		return
	}
	for _, v := range seq.Values {
		each(v)
	}
}

func (d *decoder) parameters(n ast.Node) {
	d.list(n, "parameters", func(n ast.Node) {
		p := Parameters{Pos: pos(n)}
		d.mapping(n, "a parameters entry", map[string]func(ast.Node){
			"template": func(n ast.Node) {
				p.Template, _ = d.str(n, "template")
				if !doublestar.ValidatePattern(p.Template) {
					d.errorf(n, "template: %q is not a valid glob", p.Template)
				}
			},
			"files": func(n ast.Node) { p.Files = append(p.Files, d.strings(n, "files")...) },
		})
		switch {
		case p.Template == "":
			d.errorf(n, "a parameters entry needs a template")
		case len(p.Files) == 0:
			d.errorf(n, "a parameters entry needs files (parameter files or a .bicepparam)")
		default:
			d.cfg.Parameters = append(d.cfg.Parameters, p)
		}
	})
}

func (d *decoder) suppressions(n ast.Node) {
	d.list(n, "suppressions", func(n ast.Node) {
		s := &Suppression{Pos: pos(n)}
		d.mapping(n, "a suppression", map[string]func(ast.Node){
			"rule":     func(n ast.Node) { s.Rule, _ = d.str(n, "rule") },
			"path":     func(n ast.Node) { s.Path = d.glob(n, "path") },
			"resource": func(n ast.Node) { s.Resource, _ = d.str(n, "resource") },
			"reason":   func(n ast.Node) { s.Reason, _ = d.str(n, "reason") },
			"expires":  func(n ast.Node) { s.Expires = d.date(n) },
		})
		s.Reason = strings.TrimSpace(s.Reason)
		switch {
		case s.Rule == "":
			d.errorf(n, "a suppression needs the rule it suppresses")
		case s.Reason == "":
			d.errorf(n, "the suppression of %s needs a reason: say why the finding is accepted", s.Rule)
		default:
			d.cfg.Suppressions = append(d.cfg.Suppressions, s)
		}
	})
}

func (d *decoder) glob(n ast.Node, what string) string {
	g, ok := d.str(n, what)
	if ok && !doublestar.ValidatePattern(g) {
		d.errorf(n, "%s: %q is not a valid glob", what, g)
	}
	return g
}

// date reads an expiry date, YYYY-MM-DD.
func (d *decoder) date(n ast.Node) time.Time {
	var s string
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		s = v.Value
	default:
		s = strings.TrimSpace(n.String())
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		d.errorf(n, "expires: %q is not a date such as 2027-01-31", s)
		return time.Time{}
	}
	return t
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
