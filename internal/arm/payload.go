package arm

import (
	"strings"

	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/value"
)

// ReadPayload reads a management REST API body, {id, name, type,
// properties}, a list response, {value: [body, ...]}, or an API example file, {parameters, responses}, whose
// request body is the resource written by a user (its type and name come
// from the response). Payloads hold no expressions: values are read as
// written. A body whose type cannot be told is skipped with a reason.
func ReadPayload(doc *value.Value) (*Result, string) {
	if doc == nil || doc.Kind != value.Object {
		return &Result{}, "not a JSON object"
	}
	if doc.Get("responses") != nil && doc.Get("parameters") != nil {
		return readExample(doc)
	}
	if list := doc.Get("value"); list != nil && list.Kind == value.Array && doc.Get("properties") == nil {
		return readList(list)
	}
	typ, name := identify(doc)
	if typ == "" {
		return &Result{}, "REST payload without a type or a resource ID"
	}
	return &Result{Resources: []*estate.Resource{payloadResource(doc, typ, name)}}, ""
}

// readList reads a list response, {"value": [resource, ...]}.
func readList(list *value.Value) (*Result, string) {
	res := &Result{}
	for _, e := range list.Elems {
		if typ, name := identify(e); typ != "" && e.Get("properties") != nil {
			res.Resources = append(res.Resources, payloadResource(e, typ, name))
		}
	}
	if len(res.Resources) == 0 {
		return res, "list response without typed resources"
	}
	return res, ""
}

// readExample reads the request body of an API example.
func readExample(doc *value.Value) (*Result, string) {
	var body *value.Value
	for _, m := range doc.Get("parameters").Members {
		if m.Value.Kind == value.Object && m.Value.Get("properties") != nil {
			body = m.Value
			break
		}
	}
	if body == nil {
		return &Result{}, "API example without a request body"
	}
	for _, m := range doc.Get("responses").Members {
		if typ, name := identify(m.Value.Get("body")); typ != "" {
			return &Result{Resources: []*estate.Resource{payloadResource(body, typ, name)}}, ""
		}
	}
	return &Result{}, "API example whose responses do not tell the resource type"
}

// identify returns the full type and name of a payload: from its resource
// ID when it has one, else from its type and name.
func identify(v *value.Value) (typ string, name *value.Value) {
	if v == nil {
		return "", nil
	}
	if id, ok := v.Get("id").StringValue(); ok {
		if t, n, ok := splitID(id); ok {
			return t, value.NewString(n, v.Get("id").Loc)
		}
	}
	typ, _ = v.Get("type").StringValue()
	if strings.Count(typ, "/") == 0 {
		return "", nil
	}
	name = v.Get("name")
	if name == nil {
		name = value.NewUnknown("name", v.Loc)
	}
	return typ, name
}

// splitID splits the provider part of a resource ID,
// .../providers/Microsoft.X/a/na/b/nb, into type Microsoft.X/a/b and name
// na/nb.
func splitID(id string) (typ, name string, ok bool) {
	i := strings.LastIndex(strings.ToLower(id), "/providers/")
	if i < 0 {
		return "", "", false
	}
	segs := strings.Split(strings.Trim(id[i+len("/providers/"):], "/"), "/")
	if len(segs) < 3 || len(segs)%2 == 0 {
		return "", "", false
	}
	types, names := []string{segs[0]}, []string{}
	for j := 1; j+1 < len(segs); j += 2 {
		types = append(types, segs[j])
		names = append(names, segs[j+1])
	}
	return strings.Join(types, "/"), strings.Join(names, "/"), true
}

func payloadResource(body *value.Value, typ string, name *value.Value) *estate.Resource {
	return &estate.Resource{Type: typ, Name: name, Body: body, Loc: body.Loc, Origin: estate.OriginARM}
}
