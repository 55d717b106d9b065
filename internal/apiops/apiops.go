// Package apiops reads the folders the Azure APIOps extractor writes: the
// information files of APIs, products, backends, named values and fragments,
// and the policy files of every scope, as resources of one APIM service.
//
// The extractor names folders after resource names and does not record the
// service's name, so the service of a folder is unknown; what the folder
// holds is complete, so reference rules may judge names against it.
package apiops

import (
	"strings"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// Service returns the service resource of an extractor folder. Every other
// resource of the folder names it as its parent. complete says whether the
// whole folder is checked (then its backends, named values and fragments are
// all known).
func Service(root string, complete bool) *estate.Resource {
	loc := source.Location{File: root, Range: source.Range{Start: source.Pos{Line: 1, Column: 1},
		End: source.Pos{Line: 1, Column: 1}}}
	name := value.NewUnknown("apiops:"+root, loc)
	body := &value.Value{Kind: value.Object, Loc: loc}
	if complete {
		body.Members = []value.Member{{Key: CompleteKey, Value: value.NewBool(true, loc)}}
	}
	return &estate.Resource{Type: "Microsoft.ApiManagement/service", Name: name, Loc: loc,
		Origin: estate.OriginAPIOps, Body: body}
}

// MarkComplete says of a service Service made that its whole folder is
// checked, once no file of it is being read any more.
func MarkComplete(svc *estate.Resource) {
	if svc.Body.Get(CompleteKey) == nil {
		svc.Body.Members = append(svc.Body.Members, value.Member{Key: CompleteKey, Value: value.NewBool(true, svc.Loc)})
	}
}

// CompleteKey marks, in the body of an extractor folder's service, that the
// whole folder is checked.
const CompleteKey = "apimlint:complete"

// kinds maps a place kind to the resource type below the service and the
// name's suffix after the place's names.
var kinds = map[string]struct {
	typ    string
	suffix string
}{
	"global-policy":    {"policies", "policy"},
	"workspace-policy": {"policies", "policy"},
	"api-policy":       {"apis/policies", "policy"},
	"operation-policy": {"apis/operations/policies", "policy"},
	"product-policy":   {"products/policies", "policy"},
	"fragment-policy":  {"policyFragments", ""},
	"api-info":         {"apis", ""},
	"product-info":     {"products", ""},
	"product-api-info": {"products/apis", ""},
	"backend-info":     {"backends", ""},
	"named-value-info": {"namedValues", ""},
	"fragment-info":    {"policyFragments", ""},
}

// Read turns one file of an extractor folder into its resource. body is the
// parsed information file (nil for a policy file); text is the policy file's
// content. It returns nil for files the model does not use.
func Read(f *source.File, place *discover.Place, svc *estate.Resource, body *value.Value) *estate.Resource {
	k, ok := kinds[place.Kind]
	if !ok {
		return nil
	}
	typ := k.typ
	names := append([]string(nil), place.Names...)
	if place.Workspace != "" {
		typ = "workspaces/" + typ
		names = append([]string{place.Workspace}, names...)
	}
	if k.suffix != "" {
		names = append(names, k.suffix)
	}
	loc := f.Location(0, 0)
	r := &estate.Resource{Type: "Microsoft.ApiManagement/service/" + typ,
		Name: value.NewString(strings.Join(names, "/"), loc), Parent: svc, Loc: loc, Origin: estate.OriginAPIOps}
	if strings.HasSuffix(place.Kind, "-policy") {
		r.Body = policyBody(f, loc)
	} else {
		r.Body = body
	}
	if r.Body == nil {
		r.Body = &value.Value{Kind: value.Object, Loc: loc}
	}
	return r
}

// policyBody is the body APIOps publishes for a policy file: rawxml content.
func policyBody(f *source.File, loc source.Location) *value.Value {
	text := source.FileText(f)
	props := &value.Value{Kind: value.Object, Loc: loc, Members: []value.Member{
		{Key: "format", Value: value.NewString("rawxml", loc)},
		{Key: "value", Value: value.NewText(text, loc)},
	}}
	return &value.Value{Kind: value.Object, Loc: loc, Members: []value.Member{{Key: "properties", Value: props}}}
}
