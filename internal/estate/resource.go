package estate

import (
	"strings"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// Origin says which kind of input declared a resource.
type Origin string

// The kinds of input that declare resources.
const (
	OriginBicep    Origin = "bicep"
	OriginARM      Origin = "arm"
	OriginAPIOps   Origin = "apiops"
	OriginManifest Origin = "manifest"
	OriginFile     Origin = "file"
)

// Resource is one resource declaration read from an ARM template, a Bicep file,
// an APIOps folder or an app-registration manifest, after evaluation. Readers
// of every input kind produce resources; Build turns them into the estate.
type Resource struct {
	// Type is the full resource type, such as
	// Microsoft.ApiManagement/service/apis/policies (compare without case).
	Type       string
	APIVersion string

	// Name is the name as written: the full slash-joined name, or, when Parent
	// is set, the name relative to the parent.
	Name   *value.Value
	Parent *Resource

	// Symbol is the Bicep symbolic name, or the symbolic name of an ARM
	// languageVersion 2.0 template; empty otherwise.
	Symbol string

	Existing bool

	// Condition is the evaluated condition, nil when unconditional.
	Condition *value.Value

	// Body is the evaluated resource object (properties, identity, kind, ...).
	Body *value.Value

	// Loc is where the resource is declared: the Bicep declaration, the ARM
	// resource object, the APIOps file.
	Loc source.Location

	Origin Origin

	// Module is the chain of module declarations (outermost first) through
	// which a Bicep resource was instantiated; empty at the top level.
	Module []source.Location
}

// Segment is one segment of a resource's full name.
type Segment struct {
	Name  string // the name, or for an unknown segment the expression text in braces
	Known bool
}

// TypeIs reports whether the resource has the given full type, compared
// without case.
func (r *Resource) TypeIs(t string) bool {
	return strings.EqualFold(r.Type, t)
}

// Segments returns the full name split at slashes, including the segments of
// parents declared structurally.
func (r *Resource) Segments() []Segment {
	var segs []Segment
	if r.Parent != nil {
		segs = r.Parent.Segments()
	}
	return append(segs, SplitName(r.Name)...)
}

// SplitName splits a name value at slashes. Unknown pieces become unknown
// segments named by their expression, so that resources naming the same
// unknown parameter still share a parent.
func SplitName(v *value.Value) []Segment {
	if v == nil {
		return []Segment{{Name: "{?}", Known: false}}
	}
	switch {
	case v.Kind == value.String:
		return splitKnown(v.Str)
	case v.Kind == value.Unknown && len(v.Parts) > 0:
		var segs []Segment
		cur, known, open := "", true, false
		for _, p := range v.Parts {
			text, ok := p.StringValue()
			if !ok {
				cur += "{" + p.Expr + "}"
				known, open = false, true
				continue
			}
			for i, piece := range strings.Split(text, "/") {
				if i > 0 {
					segs = append(segs, Segment{Name: cur, Known: known})
					cur, known = "", true
				}
				cur += piece
				open = true
			}
		}
		if open {
			segs = append(segs, Segment{Name: cur, Known: known})
		}
		return segs
	default:
		return []Segment{{Name: "{" + v.Expr + "}", Known: false}}
	}
}

func splitKnown(s string) []Segment {
	parts := strings.Split(s, "/")
	segs := make([]Segment, len(parts))
	for i, p := range parts {
		segs[i] = Segment{Name: p, Known: true}
	}
	return segs
}

// Diagnostic is a problem a reader found in an input file: a syntax error, a
// refused path, an input it could not load. Rules such as policy-syntax turn
// diagnostics into findings, so they can be configured and suppressed like any
// other finding.
type Diagnostic struct {
	// Rule is the ID of the rule that reports it, such as policy-syntax,
	// json-syntax or bicep-syntax.
	Rule    string
	Message string
	Loc     source.Location
	// Severity, when set, replaces the rule's default (for example a JSON
	// warning such as a duplicate key reported by json-syntax).
	Severity string
}

// Input is what a reader produced from one input file.
type Input struct {
	Path        string
	Resources   []*Resource
	Diagnostics []Diagnostic

	// Loaded lists files whose content this input embeds (loadTextContent,
	// modules), so they are not checked again on their own.
	Loaded []string

	// CompiledFrom is, for an ARM template that Bicep compiled, the path of the
	// .bicep file beside it; when both are inputs only the Bicep file counts.
	CompiledFrom string
}
