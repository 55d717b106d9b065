package load

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/apimlint/apimlint/internal/apiops"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// JSONSyntaxRule reports JSON that cannot be read.
const JSONSyntaxRule = "json-syntax"

// readJSON parses a JSON file and hands it to the reader of its shape.
func (l *loader) readJSON(sf *source.File, f discover.File) *output {
	v, errs := jsonpos.Parse(sf)
	in := &estate.Input{Path: f.Path}
	for _, e := range errs {
		d := estate.Diagnostic{Rule: JSONSyntaxRule, Message: e.Msg, Loc: e.Loc}
		if e.Warning {
			d.Severity = "warning"
		}
		in.Diagnostics = append(in.Diagnostics, d)
	}
	if v == nil {
		return &output{kind: "json", input: in}
	}
	if f.APIOps != nil {
		if f.APIOps.Kind == "fragment-info" && siblingExists(discover.OSPath(l.opts.Dir, f.Path), "policy.xml") {
			// The fragment comes from its policy.xml; the information file
			// only adds a description.
			return &output{kind: "apiops-info", input: in}
		}
		if r := apiops.Read(sf, f.APIOps, l.service(f.APIOps.Root), v); r != nil {
			in.Resources = append(in.Resources, r)
			return &output{kind: "apiops-info", input: in}
		}
		return &output{kind: "apiops-info", input: in, skipped: "APIOps file apimlint does not model"}
	}
	switch kind := Classify(v); kind {
	case KindManifest:
		in.Resources = append(in.Resources, &estate.Resource{Type: estate.ManifestType,
			Name: value.NewString(f.Path, v.Loc), Body: v, Loc: v.Loc, Origin: estate.OriginManifest})
		return &output{kind: kind, input: in}
	case KindTemplate, KindRESTPayload:
		return l.readARM(sf, f, v, in, kind)
	case KindParameters:
		return &output{kind: kind, input: in, skipped: "parameter file: read with the template it belongs to"}
	default:
		return &output{kind: "json", input: in,
			skipped: "not an ARM template, parameter file, REST payload, APIOps file or app manifest"}
	}
}

// Kinds of JSON files.
const (
	KindTemplate    = "arm-template"
	KindParameters  = "arm-parameters"
	KindManifest    = "app-manifest"
	KindRESTPayload = "rest-payload"
	KindOther       = "json"
)

// Classify tells what a JSON document is by its keys.
func Classify(v *value.Value) string {
	if v == nil || v.Kind != value.Object {
		return KindOther
	}
	schema, _ := v.Get("$schema").StringValue()
	schema = strings.ToLower(schema)
	switch {
	case strings.Contains(schema, "deploymentparameters"):
		return KindParameters
	case strings.Contains(schema, "deploymenttemplate"),
		v.Get("resources") != nil && (v.Get("contentVersion") != nil || v.Get("parameters") != nil):
		return KindTemplate
	case isManifest(v):
		return KindManifest
	case isRESTPayload(v):
		return KindRESTPayload
	}
	return KindOther
}

// isManifest recognises an Entra app manifest, in either format.
func isManifest(v *value.Value) bool {
	for _, k := range []string{"replyUrlsWithType", "oauth2AllowImplicitFlow", "oauth2AllowIdTokenImplicitFlow",
		"oauth2Permissions", "implicitGrantSettings"} {
		if v.Get(k) != nil {
			return true
		}
	}
	if v.Get("appId") != nil || v.Get("identifierUris") != nil {
		for _, k := range []string{"web", "spa", "api", "identifierUris", "signInAudience", "publicClient",
			"requiredResourceAccess"} {
			if v.Get(k) != nil {
				return true
			}
		}
	}
	return false
}

// isRESTPayload recognises a management API body or example: an object with
// properties (and maybe id, name, type), a list response holding such
// objects, or an example file with parameters and responses.
func isRESTPayload(v *value.Value) bool {
	if v.Get("properties") != nil && (v.Get("type") != nil || v.Get("name") != nil || v.Get("id") != nil) {
		return true
	}
	if list := v.Get("value"); list != nil && list.Kind == value.Array && len(list.Elems) > 0 {
		// A list response: {"value": [resource, ...]}.
		first := list.Elems[0]
		return first.Kind == value.Object && first.Get("properties") != nil &&
			(first.Get("id") != nil || first.Get("type") != nil)
	}
	return v.Get("responses") != nil && v.Get("parameters") != nil
}

func siblingExists(path, name string) bool {
	_, err := os.Stat(filepath.Join(filepath.Dir(path), name))
	return err == nil
}

// loosePolicy is the resource of a policy file that nothing places.
func loosePolicy(sf *source.File) *estate.Resource {
	loc := sf.Location(0, 0)
	props := &value.Value{Kind: value.Object, Loc: loc, Members: []value.Member{
		{Key: "value", Value: value.NewText(source.FileText(sf), loc)},
	}}
	return &estate.Resource{Type: estate.LoosePolicyType, Name: value.NewString(sf.Path, loc), Loc: loc,
		Origin: estate.OriginFile, Body: &value.Value{Kind: value.Object, Loc: loc,
			Members: []value.Member{{Key: "properties", Value: props}}}}
}
