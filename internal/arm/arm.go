// Package arm reads Azure Resource Manager templates and REST payloads into
// the resources of the estate.
//
// A template's resources may be an array or, in languageVersion 2.0, an
// object keyed by symbolic name. Child resources declared inside a parent's
// resources use a short type and name; declared at the root they use the full
// type and a slash-joined name. Copy loops are expanded when their count is
// known and read once otherwise, with copyIndex() unknown. A resource whose
// condition is false, or whose copy count is zero, is still read once, with
// Condition false, so that readers of the model can tell it is not deployed.
// Nested deployments with an inline template are read with their own
// parameters (scope inner) or the outer template's (scope outer).
//
// Every value is evaluated with package armexpr, so strings keep the place
// where they were written and what cannot be known before deployment stays an
// unknown value. Problems in a template become diagnostics of the
// arm-template rule; reading never stops at one.
package arm

import (
	"strings"

	"github.com/apimlint/apimlint/internal/armexpr"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// Rule is the rule that reports problems in templates: expressions that do
// not parse or cannot be evaluated, and declarations that are not resources.
const Rule = "arm-template"

// MaxCopyCount is the largest copy count expanded; ARM itself allows 800.
const MaxCopyCount = 800

// MaxResources bounds how many resources one file may expand into, so that
// nested copy loops cannot blow up.
const MaxResources = 20000

// MaxIterations bounds the copy iterations (of resources, properties and
// variables) one file may expand, so that nested loops cannot blow up.
const MaxIterations = 50000

// MaxNesting bounds how deeply nested deployments and child resources are
// followed.
const MaxNesting = 32

// MaxReferenceDepth bounds how long a chain of variables and parameters
// referring to each other is followed (a variable whose value names
// another, which names another...). Each link costs stack; past the limit
// the value is unknown and reported.
const MaxReferenceDepth = 256

// Options control Read.
type Options struct {
	// Parameters is a parameter file's document, whose "parameters" object
	// gives the values of the template's parameters; nil when there is none.
	Parameters *value.Value
}

// Result is what reading one file produced.
type Result struct {
	Resources   []*estate.Resource
	Diagnostics []estate.Diagnostic
}

// BicepGenerated reports whether a template was compiled by Bicep: its
// metadata._generator.name is "bicep".
func BicepGenerated(doc *value.Value) bool {
	name, _ := doc.Path("metadata._generator.name").StringValue()
	return strings.EqualFold(name, "bicep")
}

// Read reads a template document.
func Read(doc *value.Value, opts Options) *Result {
	r := &reader{seen: map[string]bool{}}
	if doc == nil || doc.Kind != value.Object {
		if doc != nil {
			r.errorf(doc.Loc, "a template must be a JSON object, found %s", doc.Kind)
		}
		return &r.res
	}
	var supplied *value.Value
	if opts.Parameters != nil {
		supplied = SuppliedParameters(opts.Parameters.Get("parameters"))
	}
	t := r.newTemplate(doc, supplied, nil)
	t.readResources(doc.Get("resources"), nil, t.env(), nil, 0)
	return &r.res
}

// reader gathers the result of one file.
type reader struct {
	res  Result
	seen map[string]bool // diagnostics already reported, by location and message
	full bool            // MaxResources reached
	refs int             // variables and parameters being evaluated, nested

	iterations int // copy iterations expanded so far

	// muted is above zero while reading resources that are not deployed,
	// whose expressions ARM does not evaluate.
	muted int
}

func (r *reader) errorf(loc source.Location, format string, args ...any) {
	r.report(loc, sprintf(format, args...))
}

func (r *reader) report(loc source.Location, msg string) {
	if r.muted > 0 {
		return
	}
	key := loc.String() + "\x00" + msg
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.res.Diagnostics = append(r.res.Diagnostics, estate.Diagnostic{Rule: Rule, Message: msg, Loc: loc})
}

func (r *reader) exprErrors(errs []armexpr.Error) {
	for _, e := range errs {
		r.report(e.Loc, e.Msg)
	}
}

// add appends a resource unless the file has reached MaxResources.
func (r *reader) add(res *estate.Resource) bool {
	if len(r.res.Resources) >= MaxResources {
		if !r.full {
			r.full = true
			r.errorf(res.Loc, "the template expands into more than %d resources; the rest are not read",
				MaxResources)
		}
		return false
	}
	r.res.Resources = append(r.res.Resources, res)
	return true
}
