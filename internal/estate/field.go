package estate

import (
	"strings"

	"github.com/apimlint/apimlint/internal/value"
)

// FieldOf converts a value to a field; nil stays nil (the property is absent).
func FieldOf(v *value.Value) *Field {
	if v == nil {
		return nil
	}
	f := &Field{Loc: Loc(v.Loc), Expr: v.Expr}
	if v.Kind == value.Unknown {
		f.Ref = refInfo(v.Ref)
		f.Template = template(v)
		f.host = siteHost(v)
		return f
	}
	f.Value = v.Interface()
	f.Known = v.IsKnown()
	return f
}

func refInfo(r *value.Ref) *RefInfo {
	if r == nil {
		return nil
	}
	return &RefInfo{Symbol: r.Symbol, Type: r.Type, Name: r.Name, Path: r.Path}
}

// siteHost returns the reference an unknown URL's host is: a piece right
// after "://" that is a site's defaultHostName (or one of its hostNames).
func siteHost(v *value.Value) *RefInfo {
	for i, p := range v.Parts {
		if i == 0 || p.Ref == nil || !strings.EqualFold(p.Ref.Type, siteType) {
			continue
		}
		prev, ok := v.Parts[i-1].StringValue()
		// Bicep writes func.properties.defaultHostName; ARM's reference()
		// returns the properties, so its path starts there.
		path := strings.TrimPrefix(strings.ToLower(p.Ref.Path), "properties.")
		if ok && strings.HasSuffix(prev, "://") &&
			(path == "defaulthostname" || strings.HasPrefix(path, "hostnames[")) {
			return refInfo(p.Ref)
		}
	}
	return nil
}

// template renders an unknown string's pieces, "{…}" for unknown ones; ""
// when it has no known piece.
func template(v *value.Value) string {
	var sb strings.Builder
	known := false
	for _, p := range v.Parts {
		if s, ok := p.StringValue(); ok {
			sb.WriteString(s)
			known = true
		} else {
			sb.WriteString("{…}")
		}
	}
	if !known {
		return ""
	}
	return sb.String()
}

// text returns a field's known string, or its template.
func (f *Field) text() string {
	if s, ok := f.knownString(); ok {
		return s
	}
	if f == nil {
		return ""
	}
	return f.Template
}

// fieldAt is FieldOf(v.Path(path)).
func fieldAt(v *value.Value, path string) *Field {
	return FieldOf(v.Path(path))
}

// knownString returns the string a field holds when it is known.
func (f *Field) knownString() (string, bool) {
	if f == nil || !f.Known {
		return "", false
	}
	s, ok := f.Value.(string)
	return s, ok
}

// knownBool returns the boolean a field holds when it is known.
func (f *Field) knownBool() (bool, bool) {
	if f == nil || !f.Known {
		return false, false
	}
	b, ok := f.Value.(bool)
	return b, ok
}

// stringOf returns a known string at path, or "".
func stringOf(v *value.Value, path string) string {
	s, _ := v.Path(path).StringValue()
	return s
}

// lastSegment returns what follows the last slash of s.
func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}
