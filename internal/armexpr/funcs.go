package armexpr

import (
	"encoding/base64"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/jsonpos"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// function is one template function this package evaluates.
type function struct {
	min, max int // argument counts; max < 0 for no limit

	// call computes the result from evaluated arguments. Unless
	// unknownArgs is set, it is only called when no argument is unknown at
	// the top level (an array may still hold unknown elements).
	call        func(ev *evaluator, c *Call, args []*value.Value) *value.Value
	unknownArgs bool

	// lazy replaces call for functions that evaluate only the arguments
	// they need, such as if().
	lazy func(ev *evaluator, c *Call) *value.Value
}

// functions maps lower-case names to implementations. Functions missing
// here (reference() is an exception, see resource.go) evaluate to unknown
// values: resourceGroup(), subscription(), deployment(), uniqueString(),
// guid(), utcNow(), newGuid(), list*(), lambda functions, user-defined
// functions, and names ARM may add later.
var functions map[string]function

func init() {
	functions = map[string]function{
		"parameters": {min: 1, max: 1, call: fnParameters},
		"variables":  {min: 1, max: 1, call: fnVariables},
		"copyindex":  {min: 0, max: 2, call: fnCopyIndex},

		"true":  {min: 0, max: 0, call: fnConstant(value.Bool, true)},
		"false": {min: 0, max: 0, call: fnConstant(value.Bool, false)},
		"null":  {min: 0, max: 0, call: fnConstant(value.Null, false)},

		"concat":               {min: 1, max: -1, call: fnConcat, unknownArgs: true},
		"format":               {min: 1, max: -1, call: fnFormat, unknownArgs: true},
		"replace":              {min: 3, max: 3, call: fnReplace},
		"tolower":              {min: 1, max: 1, call: fnCase(strings.ToLower)},
		"toupper":              {min: 1, max: 1, call: fnCase(strings.ToUpper)},
		"string":               {min: 1, max: 1, call: fnString, unknownArgs: true},
		"int":                  {min: 1, max: 1, call: fnInt},
		"bool":                 {min: 1, max: 1, call: fnBool},
		"json":                 {min: 1, max: 1, call: fnJSON},
		"base64":               {min: 1, max: 1, call: fnBase64},
		"datauri":              {min: 1, max: 1, call: fnDataURI},
		"split":                {min: 2, max: 2, call: fnSplit},
		"join":                 {min: 2, max: 2, call: fnJoin},
		"substring":            {min: 2, max: 3, call: fnSubstring},
		"trim":                 {min: 1, max: 1, call: fnTrim},
		"startswith":           {min: 2, max: 2, call: fnAffix(true)},
		"endswith":             {min: 2, max: 2, call: fnAffix(false)},
		"indexof":              {min: 2, max: 2, call: fnIndexOf(false)},
		"lastindexof":          {min: 2, max: 2, call: fnIndexOf(true)},
		"padleft":              {min: 2, max: 3, call: fnPadLeft},
		"uri":                  {min: 2, max: 2, call: fnURI, unknownArgs: true},
		"uricomponent":         {min: 1, max: 1, call: fnURIComponent},
		"uricomponenttostring": {min: 1, max: 1, call: fnURIComponentToString},

		"if":              {min: 3, max: 3, lazy: fnIf},
		"and":             {min: 2, max: -1, lazy: fnAndOr(true)},
		"or":              {min: 2, max: -1, lazy: fnAndOr(false)},
		"not":             {min: 1, max: 1, call: fnNot},
		"coalesce":        {min: 1, max: -1, lazy: fnCoalesce},
		"equals":          {min: 2, max: 2, call: fnEquals},
		"greater":         {min: 2, max: 2, call: fnCompare(func(c int) bool { return c > 0 })},
		"greaterorequals": {min: 2, max: 2, call: fnCompare(func(c int) bool { return c >= 0 })},
		"less":            {min: 2, max: 2, call: fnCompare(func(c int) bool { return c < 0 })},
		"lessorequals":    {min: 2, max: 2, call: fnCompare(func(c int) bool { return c <= 0 })},

		"empty":        {min: 1, max: 1, call: fnEmpty},
		"contains":     {min: 2, max: 2, call: fnContains},
		"length":       {min: 1, max: 1, call: fnLength},
		"first":        {min: 1, max: 1, call: fnFirstLast(false)},
		"last":         {min: 1, max: 1, call: fnFirstLast(true)},
		"take":         {min: 2, max: 2, call: fnTakeSkip(true)},
		"skip":         {min: 2, max: 2, call: fnTakeSkip(false)},
		"createarray":  {min: 0, max: -1, call: fnCreateArray, unknownArgs: true},
		"array":        {min: 1, max: 1, call: fnArray},
		"createobject": {min: 0, max: -1, call: fnCreateObject, unknownArgs: true},
		"union":        {min: 1, max: -1, call: fnUnion},
		"items":        {min: 1, max: 1, call: fnItems},
		"tryget":       {min: 2, max: -1, call: fnTryGet, unknownArgs: true},
		"objectkeys":   {min: 1, max: 1, call: fnObjectKeys},
		"range":        {min: 2, max: 2, call: fnRange},
		"min":          {min: 1, max: -1, call: fnMinMax(false)},
		"max":          {min: 1, max: -1, call: fnMinMax(true)},

		"add": {min: 2, max: 2, call: fnArith(func(a, b int64) (int64, bool) { return a + b, true })},
		"sub": {min: 2, max: 2, call: fnArith(func(a, b int64) (int64, bool) { return a - b, true })},
		"mul": {min: 2, max: 2, call: fnArith(func(a, b int64) (int64, bool) { return a * b, true })},
		"div": {min: 2, max: 2, call: fnArith(func(a, b int64) (int64, bool) { return safeDiv(a, b, false) })},
		"mod": {min: 2, max: 2, call: fnArith(func(a, b int64) (int64, bool) { return safeDiv(a, b, true) })},

		"resourceid":             {min: 2, max: -1, call: fnResourceID(scopeResourceGroup), unknownArgs: true},
		"subscriptionresourceid": {min: 2, max: -1, call: fnResourceID(scopeSubscription), unknownArgs: true},
		"tenantresourceid":       {min: 2, max: -1, call: fnResourceID(scopeTenant), unknownArgs: true},
		"extensionresourceid":    {min: 3, max: -1, call: fnResourceID(scopeExtension), unknownArgs: true},
		"reference":              {min: 1, max: 3, call: fnReference, unknownArgs: true},
		"environment":            {min: 0, max: 0, call: fnEnvironment},
	}
}

// fnConstant is true(), false() or null().
func fnConstant(kind value.Kind, b bool) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, _ *Call, _ []*value.Value) *value.Value {
		return &value.Value{Kind: kind, Bool: b, Loc: ev.e.Loc}
	}
}

func fnParameters(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	name, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	v, ok := ev.env.Parameter(name.Value)
	if !ok {
		return ev.errorf(c, c.Args[0].Span(), "no parameter named %q is declared", name.Value)
	}
	return v
}

func fnVariables(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	name, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	v, ok := ev.env.Variable(name.Value)
	if !ok {
		return ev.errorf(c, c.Args[0].Span(), "no variable named %q is declared", name.Value)
	}
	return v
}

// fnCopyIndex evaluates copyIndex([loopName], [offset]).
func fnCopyIndex(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	loop, offset := "", int64(0)
	for i, a := range args {
		switch {
		case a.Kind == value.String && i == 0:
			loop = a.Str
		case a.Kind == value.Number:
			n, ok := ev.integer(c, args, i)
			if !ok {
				return ev.unknown(c)
			}
			offset = n
		default:
			return ev.errorf(c, c.Args[i].Span(), "copyIndex expects a loop name and an integer offset")
		}
	}
	i, ok := ev.env.CopyIndex(loop)
	if !ok {
		return ev.unknown(c)
	}
	return ev.num(float64(int64(i) + offset))
}

// fnConcat joins strings or arrays.
func fnConcat(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	arrays := 0
	for _, a := range args {
		if a.Kind == value.Array {
			arrays++
		}
	}
	if arrays > 0 {
		if arrays != len(args) {
			firstIsArray := args[0].Kind == value.Array
			for i, a := range args {
				if a.Kind == value.Unknown {
					return ev.unknown(c)
				}
				if (a.Kind == value.Array) != firstIsArray {
					return ev.errorf(c, c.Args[i].Span(),
						"concat joins either strings or arrays, not both: argument %d is %s, argument 1 %s",
						i+1, describeKind(a), describeKind(args[0]))
				}
			}
		}
		out := &value.Value{Kind: value.Array, Loc: ev.e.Loc}
		for _, a := range args {
			out.Elems = append(out.Elems, a.Elems...)
		}
		return out
	}

	var pieces []*value.Value
	for i, a := range args {
		ps, ok := ev.pieces(a)
		if !ok {
			return ev.errorf(c, c.Args[i].Span(), "concat joins either strings or arrays: argument %d is %s",
				i+1, describeKind(a))
		}
		pieces = append(pieces, ps...)
	}
	return ev.joinPieces(c, pieces)
}

func fnFormat(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	if args[0].Kind == value.Unknown {
		return ev.unknown(c)
	}
	f, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	pieces, unsupported, msg := ev.formatComposite(c, f, args[1:])
	switch {
	case msg != "":
		return ev.errorf(c, c.Args[0].Span(), "format: %s", msg)
	case unsupported:
		// TODO: format specifiers beyond D, X, N and F (dates, custom
		// numeric patterns) are not evaluated; the result stays unknown.
		return ev.unknown(c)
	}
	return ev.joinPieces(c, pieces)
}

func fnReplace(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok1 := ev.str(c, args, 0)
	old, ok2 := ev.str(c, args, 1)
	repl, ok3 := ev.str(c, args, 2)
	if !ok1 || !ok2 || !ok3 {
		return ev.unknown(c)
	}
	if old.Value == "" {
		return ev.errorf(c, c.Args[1].Span(), "replace: the string to replace is empty")
	}
	n := strings.Count(s.Value, old.Value)
	if len(s.Value)+n*(len(repl.Value)-len(old.Value)) > MaxStringLength {
		return ev.errorf(c, c.Sp, "the result is longer than %d bytes", MaxStringLength)
	} else if n > 256 {
		// source.Text.ReplaceAll slices the map once per occurrence, each
		// slice costing a pass over the map: past a few hundred
		// occurrences the result is reported at the expression instead.
		return ev.strv(strings.ReplaceAll(s.Value, old.Value, repl.Value))
	}
	return ev.text(s.ReplaceAll(old.Value, repl))
}

func fnCase(conv func(string) string) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		s, ok := ev.str(c, args, 0)
		if !ok {
			return ev.unknown(c)
		}
		out := conv(s.Value)
		if out == s.Value {
			return ev.text(s)
		}
		return ev.strv(out)
	}
}

func fnString(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	a := args[0]
	if a.Kind == value.String {
		return ev.text(a.AsText())
	}
	s, ok := toString(a)
	if !ok {
		return ev.unknown(c)
	}
	return ev.strv(s)
}

func fnInt(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	a := args[0]
	switch a.Kind {
	case value.Number:
		return ev.num(math.Trunc(a.Num))
	case value.String:
		n, err := strconv.ParseInt(strings.TrimSpace(a.Str), 10, 64)
		if err != nil {
			return ev.errorf(c, c.Args[0].Span(), "int: %q is not an integer", a.Str)
		}
		return ev.num(float64(n))
	}
	return ev.errorf(c, c.Args[0].Span(), "int expects a string or a number, got %s", describeKind(a))
}

func fnBool(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	a := args[0]
	switch a.Kind {
	case value.Bool:
		return ev.boolv(a.Bool)
	case value.Number:
		return ev.boolv(a.Num != 0)
	case value.String:
		return ev.boolv(strings.EqualFold(a.Str, "true"))
	}
	return ev.errorf(c, c.Args[0].Span(), "bool expects a string or an integer, got %s", describeKind(a))
}

// fnJSON parses a JSON string; the result is reported at the expression.
func fnJSON(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	v, errs := jsonpos.Parse(source.NewFile(ev.e.Loc.File, []byte(s.Value)))
	for _, e := range errs {
		if !e.Warning {
			return ev.errorf(c, c.Args[0].Span(), "json: invalid JSON: %s", e.Msg)
		}
	}
	relocate(v, ev.e.Loc)
	return v
}

// relocate reports every node of v at loc.
func relocate(v *value.Value, loc source.Location) {
	v.Loc, v.Text = loc, nil
	for _, e := range v.Elems {
		relocate(e, loc)
	}
	for i := range v.Members {
		v.Members[i].KeyLoc = loc
		relocate(v.Members[i].Value, loc)
	}
}

func fnBase64(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	return ev.strv(base64.StdEncoding.EncodeToString([]byte(s.Value)))
}

func fnDataURI(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := toString(args[0])
	if !ok {
		return ev.unknown(c)
	}
	return ev.strv("data:text/plain;charset=utf8;base64," + base64.StdEncoding.EncodeToString([]byte(s)))
}

// fnSplit splits at one delimiter or at any of an array of them.
func fnSplit(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	var delims []string
	switch d := args[1]; d.Kind {
	case value.String:
		delims = []string{d.Str}
	case value.Array:
		for _, e := range d.Elems {
			if e.Kind != value.String {
				return ev.unknown(c)
			}
			delims = append(delims, e.Str)
		}
	default:
		return ev.errorf(c, c.Args[1].Span(), "split expects a string or an array of strings as argument 2, got %s",
			describeKind(d))
	}
	out := &value.Value{Kind: value.Array, Loc: ev.e.Loc}
	start := 0
	for i := 0; i <= len(s.Value); {
		j, n := nextDelim(s.Value, i, delims)
		if j < 0 {
			break
		}
		out.Elems = append(out.Elems, ev.text(s.Slice(start, j)))
		start, i = j+n, j+n
	}
	out.Elems = append(out.Elems, ev.text(s.Slice(start, len(s.Value))))
	return out
}

// nextDelim finds the first non-empty delimiter at or after i.
func nextDelim(s string, i int, delims []string) (int, int) {
	best, n := -1, 0
	for _, d := range delims {
		if d == "" {
			continue
		}
		if k := strings.Index(s[i:], d); k >= 0 && (best < 0 || i+k < best) {
			best, n = i+k, len(d)
		}
	}
	return best, n
}

func fnJoin(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	if args[0].Kind != value.Array {
		return ev.errorf(c, c.Args[0].Span(), "join expects an array as argument 1, got %s", describeKind(args[0]))
	}
	delim, ok := ev.str(c, args, 1)
	if !ok {
		return ev.unknown(c)
	}
	var pieces []*value.Value
	for i, e := range args[0].Elems {
		if i > 0 {
			pieces = append(pieces, ev.text(delim))
		}
		ps, ok := ev.pieces(e)
		if !ok {
			return ev.errorf(c, c.Args[0].Span(), "join: element %d is %s", i, describeKind(e))
		}
		pieces = append(pieces, ps...)
	}
	return ev.joinPieces(c, pieces)
}

func fnSubstring(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := ev.str(c, args, 0)
	start, ok2 := ev.integer(c, args, 1)
	if !ok || !ok2 {
		return ev.unknown(c)
	}
	from, ok := runeOffset(s.Value, start)
	if !ok {
		return ev.errorf(c, c.Args[1].Span(), "substring: start %d is outside the string of length %d",
			start, utf8.RuneCountInString(s.Value))
	}
	to := len(s.Value)
	if len(args) == 3 {
		n, ok := ev.integer(c, args, 2)
		if !ok {
			return ev.unknown(c)
		}
		k, ok := runeOffset(s.Value[from:], n)
		if !ok {
			return ev.errorf(c, c.Args[2].Span(), "substring: length %d goes past the end of the string", n)
		}
		to = from + k
	}
	return ev.text(s.Slice(from, to))
}

func fnTrim(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	trimmed := strings.TrimSpace(s.Value)
	from := strings.Index(s.Value, trimmed)
	if trimmed == "" {
		from = 0
	}
	return ev.text(s.Slice(from, from+len(trimmed)))
}

// fnAffix is startsWith or endsWith, which ARM compares without case.
func fnAffix(prefix bool) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		s, ok1 := ev.str(c, args, 0)
		a, ok2 := ev.str(c, args, 1)
		if !ok1 || !ok2 {
			return ev.unknown(c)
		}
		ls, la := strings.ToLower(s.Value), strings.ToLower(a.Value)
		if prefix {
			return ev.boolv(strings.HasPrefix(ls, la))
		}
		return ev.boolv(strings.HasSuffix(ls, la))
	}
}

// fnIndexOf is indexOf or lastIndexOf: a case-insensitive search in a
// string, or a search for an equal element in an array.
func fnIndexOf(last bool) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		if args[0].Kind == value.Array {
			found := -1
			for i, e := range args[0].Elems {
				eq, known := equal(e, args[1])
				if !known {
					return ev.unknown(c)
				}
				if eq {
					found = i
					if !last {
						break
					}
				}
			}
			return ev.num(float64(found))
		}
		s, ok1 := ev.str(c, args, 0)
		sub, ok2 := ev.str(c, args, 1)
		if !ok1 || !ok2 {
			return ev.unknown(c)
		}
		return ev.num(float64(indexFold(s.Value, sub.Value, last)))
	}
}

func fnPadLeft(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := toString(args[0])
	if !ok || args[0].Kind == value.Array || args[0].Kind == value.Object {
		return ev.errorf(c, c.Args[0].Span(), "padLeft expects a string or an integer, got %s",
			describeKind(args[0]))
	}
	width, ok := ev.integer(c, args, 1)
	if !ok {
		return ev.unknown(c)
	}
	pad := " "
	if len(args) == 3 {
		p, ok := ev.str(c, args, 2)
		if !ok {
			return ev.unknown(c)
		}
		if utf8.RuneCountInString(p.Value) != 1 {
			return ev.errorf(c, c.Args[2].Span(), "padLeft: the padding must be one character, got %q", p.Value)
		}
		pad = p.Value
	}
	n := int(width) - utf8.RuneCountInString(s)
	if n <= 0 || width > 1<<16 {
		return ev.text(args[0].AsText())
	}
	var t *source.Text
	if args[0].Kind == value.String {
		t = args[0].AsText()
	} else {
		t = source.Literal(s, args[0].Loc)
	}
	return ev.text(source.Concat(source.Literal(strings.Repeat(pad, n), ev.e.Loc), t))
}

// fnURI combines a base URI with a relative one as .NET's Uri does: a
// relative path replaces the base's last segment, a rooted one its whole
// path, and an absolute URI the base.
func fnURI(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	base, rel := args[0], args[1]
	if base.Kind == value.Unknown {
		return ev.unknown(c)
	}
	b, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	u, err := url.Parse(b.Value)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ev.errorf(c, c.Args[0].Span(), "uri: %q is not an absolute URI", b.Value)
	}

	// Only the start of the relative part decides how it combines.
	var head string
	relPieces, ok := ev.pieces(rel)
	if !ok {
		return ev.errorf(c, c.Args[1].Span(), "uri expects a string as argument 2, got %s", describeKind(rel))
	}
	if first := relPieces[0]; first.Kind == value.String {
		head = first.Str
	} else {
		return ev.unknown(c)
	}
	if strings.Contains(head, "://") {
		return ev.joinPieces(c, relPieces)
	}
	hostEnd := len(u.Scheme) + len("://") + len(u.Host)
	if hostEnd > len(b.Value) {
		return ev.unknown(c) // the host was written in a form url.Parse rewrote
	}
	keep := hostEnd
	if !strings.HasPrefix(head, "/") {
		path := b.Value[hostEnd:]
		if k := strings.IndexAny(path, "?#"); k >= 0 {
			path = path[:k]
		}
		keep = hostEnd + strings.LastIndexByte(path, '/') + 1
		if !strings.Contains(path, "/") {
			// A base with no path gets one: http://host + x = http://host/x.
			pieces := []*value.Value{ev.text(b.Slice(0, hostEnd)), ev.strv("/")}
			return ev.joinPieces(c, append(pieces, relPieces...))
		}
	}
	pieces := append([]*value.Value{ev.text(b.Slice(0, keep))}, relPieces...)
	return ev.joinPieces(c, pieces)
}

// fnURIComponent escapes as .NET's Uri.EscapeDataString does: everything
// except letters, digits and -_.~ is percent-encoded.
func fnURIComponent(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	var b strings.Builder
	for i := 0; i < len(s.Value); i++ {
		ch := s.Value[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' ||
			ch == '-' || ch == '_' || ch == '.' || ch == '~' {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[ch>>4])
		b.WriteByte("0123456789ABCDEF"[ch&0xf])
	}
	return ev.strv(b.String())
}

func fnURIComponentToString(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	s, ok := ev.str(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	out, err := url.PathUnescape(s.Value)
	if err != nil {
		return ev.errorf(c, c.Args[0].Span(), "uriComponentToString: %q is not a valid escaped string", s.Value)
	}
	return ev.strv(out)
}

// fnIf evaluates only the branch the condition picks; with an unknown
// condition the result is unknown (both branches are still checked).
func fnIf(ev *evaluator, c *Call) *value.Value {
	cond := ev.eval(c.Args[0])
	switch cond.Kind {
	case value.Bool:
		if cond.Bool {
			return ev.eval(c.Args[1])
		}
		return ev.eval(c.Args[2])
	case value.Unknown:
		a, b := ev.eval(c.Args[1]), ev.eval(c.Args[2])
		if eq, known := equal(a, b); known && eq {
			return a
		}
		return ev.unknown(c)
	}
	return ev.errorf(c, c.Args[0].Span(), "if expects a boolean condition, got %s", describeKind(cond))
}

// fnAndOr evaluates and() or or(): a known false (for and) or true (for or)
// decides the result even when other arguments are unknown.
func fnAndOr(isAnd bool) func(*evaluator, *Call) *value.Value {
	return func(ev *evaluator, c *Call) *value.Value {
		unknown := false
		for _, a := range c.Args {
			v := ev.eval(a)
			switch v.Kind {
			case value.Unknown:
				unknown = true
			case value.Bool:
				if v.Bool != isAnd {
					return ev.boolv(!isAnd)
				}
			default:
				return ev.errorf(c, a.Span(), "%s expects booleans, got %s", c.Name, describeKind(v))
			}
		}
		if unknown {
			return ev.unknown(c)
		}
		return ev.boolv(isAnd)
	}
}

func fnNot(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	b, ok := ev.boolean(c, args, 0)
	if !ok {
		return ev.unknown(c)
	}
	return ev.boolv(!b)
}

// fnCoalesce returns the first argument that is not null; an unknown one
// met before it makes the result unknown.
func fnCoalesce(ev *evaluator, c *Call) *value.Value {
	for _, a := range c.Args {
		v := ev.eval(a)
		switch v.Kind {
		case value.Null:
			continue
		case value.Unknown:
			return ev.unknown(c)
		}
		return v
	}
	return value.NewNull(ev.e.Loc)
}

func fnEquals(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	eq, known := equal(args[0], args[1])
	if !known {
		return ev.unknown(c)
	}
	return ev.boolv(eq)
}

// equal compares two values deeply; strings compare with case, object keys
// without. It reports false for known when the answer depends on an
// unknown part.
func equal(a, b *value.Value) (eq, known bool) {
	if a.Kind == value.Unknown || b.Kind == value.Unknown {
		return false, false
	}
	if a.Kind != b.Kind {
		return false, true
	}
	switch a.Kind {
	case value.Null:
		return true, true
	case value.Bool:
		return a.Bool == b.Bool, true
	case value.Number:
		return a.Num == b.Num, true
	case value.String:
		return a.Str == b.Str, true
	case value.Array:
		if len(a.Elems) != len(b.Elems) {
			return false, true
		}
		known = true
		for i := range a.Elems {
			eq, k := equal(a.Elems[i], b.Elems[i])
			if k && !eq {
				return false, true
			}
			known = known && k
		}
		return known, known
	case value.Object:
		if len(a.Members) != len(b.Members) {
			return false, true
		}
		known = true
		for _, m := range a.Members {
			bv := b.Get(m.Key)
			if bv == nil {
				return false, true
			}
			eq, k := equal(m.Value, bv)
			if k && !eq {
				return false, true
			}
			known = known && k
		}
		return known, known
	}
	return false, false
}

// fnCompare compares two integers or two strings (ordinally).
func fnCompare(test func(int) bool) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		a, b := args[0], args[1]
		switch {
		case a.Kind == value.Number && b.Kind == value.Number:
			switch {
			case a.Num < b.Num:
				return ev.boolv(test(-1))
			case a.Num > b.Num:
				return ev.boolv(test(1))
			}
			return ev.boolv(test(0))
		case a.Kind == value.String && b.Kind == value.String:
			return ev.boolv(test(strings.Compare(a.Str, b.Str)))
		}
		return ev.errorf(c, c.Sp, "%s compares two integers or two strings, got %s and %s",
			c.Name, describeKind(a), describeKind(b))
	}
}

func fnEmpty(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	a := args[0]
	switch a.Kind {
	case value.Null:
		return ev.boolv(true)
	case value.String:
		return ev.boolv(a.Str == "")
	case value.Array:
		return ev.boolv(len(a.Elems) == 0)
	case value.Object:
		return ev.boolv(len(a.Members) == 0)
	}
	return ev.errorf(c, c.Args[0].Span(), "empty expects a string, an array or an object, got %s",
		describeKind(a))
}

// fnContains looks for a substring (with case), an equal array element, or
// an object key (without case).
func fnContains(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	container, item := args[0], args[1]
	switch container.Kind {
	case value.String:
		s, ok := toString(item)
		if !ok || item.Kind == value.Array || item.Kind == value.Object {
			return ev.errorf(c, c.Args[1].Span(), "contains: cannot look for %s in a string", describeKind(item))
		}
		return ev.boolv(strings.Contains(container.Str, s))
	case value.Array:
		unknown := false
		for _, e := range container.Elems {
			eq, known := equal(e, item)
			if known && eq {
				return ev.boolv(true)
			}
			unknown = unknown || !known
		}
		if unknown {
			return ev.unknown(c)
		}
		return ev.boolv(false)
	case value.Object:
		key, ok := ev.str(c, args, 1)
		if !ok {
			return ev.unknown(c)
		}
		_, found := container.Member(key.Value)
		return ev.boolv(found)
	}
	return ev.errorf(c, c.Args[0].Span(), "contains expects a string, an array or an object, got %s",
		describeKind(container))
}

func fnLength(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	a := args[0]
	switch a.Kind {
	case value.String:
		return ev.num(float64(utf8.RuneCountInString(a.Str)))
	case value.Array:
		return ev.num(float64(len(a.Elems)))
	case value.Object:
		return ev.num(float64(len(a.Members)))
	}
	return ev.errorf(c, c.Args[0].Span(), "length expects a string, an array or an object, got %s",
		describeKind(a))
}

func fnFirstLast(last bool) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		a := args[0]
		switch a.Kind {
		case value.Array:
			if len(a.Elems) == 0 {
				return value.NewNull(ev.e.Loc)
			}
			if last {
				return a.Elems[len(a.Elems)-1]
			}
			return a.Elems[0]
		case value.String:
			t := a.AsText()
			if a.Str == "" {
				return ev.text(t)
			}
			if last {
				_, n := utf8.DecodeLastRuneInString(a.Str)
				return ev.text(t.Slice(len(a.Str)-n, len(a.Str)))
			}
			_, n := utf8.DecodeRuneInString(a.Str)
			return ev.text(t.Slice(0, n))
		}
		return ev.errorf(c, c.Args[0].Span(), "%s expects a string or an array, got %s", c.Name, describeKind(a))
	}
}

// fnTakeSkip is take (keep the first n) or skip (drop them).
func fnTakeSkip(take bool) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		n, ok := ev.integer(c, args, 1)
		if !ok {
			return ev.unknown(c)
		}
		a := args[0]
		switch a.Kind {
		case value.Array:
			k := int(min(max(n, 0), int64(len(a.Elems))))
			out := &value.Value{Kind: value.Array, Loc: ev.e.Loc}
			if take {
				out.Elems = a.Elems[:k:k]
			} else {
				out.Elems = a.Elems[k:]
			}
			return out
		case value.String:
			k, ok := runeOffset(a.Str, max(n, 0))
			if !ok {
				k = len(a.Str)
			}
			if take {
				return ev.text(a.AsText().Slice(0, k))
			}
			return ev.text(a.AsText().Slice(k, len(a.Str)))
		}
		return ev.errorf(c, c.Args[0].Span(), "%s expects a string or an array, got %s", c.Name, describeKind(a))
	}
}

func fnCreateArray(ev *evaluator, _ *Call, args []*value.Value) *value.Value {
	return &value.Value{Kind: value.Array, Elems: args, Loc: ev.e.Loc}
}

func fnArray(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	switch args[0].Kind {
	case value.Array:
		return args[0]
	case value.Unknown:
		return ev.unknown(c) // it may be an array itself
	}
	return &value.Value{Kind: value.Array, Elems: args, Loc: ev.e.Loc}
}

func fnCreateObject(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	if len(args)%2 != 0 {
		return ev.errorf(c, c.Sp, "createObject takes pairs of keys and values, got %d arguments", len(args))
	}
	out := &value.Value{Kind: value.Object, Loc: ev.e.Loc}
	for i := 0; i < len(args); i += 2 {
		k := args[i]
		if k.Kind == value.Unknown {
			return ev.unknown(c)
		}
		if k.Kind != value.String {
			return ev.errorf(c, c.Args[i].Span(), "createObject: key %d is %s, not a string", i/2+1, describeKind(k))
		}
		if _, dup := out.Member(k.Str); dup {
			out.Set(k.Str, args[i+1])
			continue
		}
		out.Members = append(out.Members, value.Member{Key: k.Str, KeyLoc: k.Loc, Value: args[i+1]})
	}
	return out
}

// fnUnion merges objects (nested objects recursively, later values win) or
// joins arrays without duplicates.
func fnUnion(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	kind := args[0].Kind
	for i, a := range args {
		if a.Kind != kind || kind != value.Array && kind != value.Object {
			return ev.errorf(c, c.Args[i].Span(), "union takes only arrays or only objects; argument %d is %s",
				i+1, describeKind(a))
		}
	}
	if kind == value.Object {
		out := &value.Value{Kind: value.Object, Loc: ev.e.Loc}
		for _, a := range args {
			out = mergeObjects(out, a, ev.e.Loc)
		}
		return out
	}
	out := &value.Value{Kind: value.Array, Loc: ev.e.Loc}
	seen := map[string]bool{} // known elements by their JSON text
	for _, a := range args {
		for _, e := range a.Elems {
			if e.Kind == value.Object {
				// Objects compare without order or case of keys.
				if containsEqual(out.Elems, e) {
					continue
				}
			} else if key, ok := appendJSON(nil, e); ok {
				if seen[string(key)] {
					continue
				}
				seen[string(key)] = true
			}
			out.Elems = append(out.Elems, e)
		}
	}
	return out
}

func containsEqual(elems []*value.Value, v *value.Value) bool {
	for _, e := range elems {
		if eq, known := equal(e, v); known && eq {
			return true
		}
	}
	return false
}

func mergeObjects(a, b *value.Value, loc source.Location) *value.Value {
	out := &value.Value{Kind: value.Object, Loc: loc, Members: append([]value.Member(nil), a.Members...)}
	for _, m := range b.Members {
		old := out.Get(m.Key)
		switch {
		case old != nil && old.Kind == value.Object && m.Value.Kind == value.Object:
			out.Set(m.Key, mergeObjects(old, m.Value, loc))
		case old != nil:
			out.Set(m.Key, m.Value)
		default:
			out.Members = append(out.Members, m)
		}
	}
	return out
}

// fnItems turns an object into an array of {key, value} objects sorted by
// key, as ARM does.
func fnItems(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	o := args[0]
	if o.Kind != value.Object {
		return ev.errorf(c, c.Args[0].Span(), "items expects an object, got %s", describeKind(o))
	}
	ms := append([]value.Member(nil), o.Members...)
	sort.SliceStable(ms, func(i, j int) bool { return strings.ToLower(ms[i].Key) < strings.ToLower(ms[j].Key) })
	out := &value.Value{Kind: value.Array, Loc: ev.e.Loc}
	for _, m := range ms {
		item := &value.Value{Kind: value.Object, Loc: ev.e.Loc, Members: []value.Member{
			{Key: "key", KeyLoc: ev.e.Loc, Value: value.NewString(m.Key, m.KeyLoc)},
			{Key: "value", KeyLoc: ev.e.Loc, Value: m.Value},
		}}
		out.Elems = append(out.Elems, item)
	}
	return out
}

// fnTryGet follows keys and indexes into an object or array, giving null
// where one is missing (Bicep's ?. and ?[] compile to it).
func fnTryGet(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	v := args[0]
	for i, k := range args[1:] {
		switch {
		case v.Kind == value.Unknown || k.Kind == value.Unknown:
			return ev.unknown(c)
		case v.Kind == value.Object && k.Kind == value.String:
			if v = v.Get(k.Str); v == nil {
				return value.NewNull(ev.e.Loc)
			}
		case v.Kind == value.Array && k.Kind == value.Number:
			n, ok := asInt(k)
			if !ok || n < 0 || n >= int64(len(v.Elems)) {
				return value.NewNull(ev.e.Loc)
			}
			v = v.Elems[n]
		case v.Kind == value.Null:
			return v
		default:
			return ev.errorf(c, c.Args[i+1].Span(), "tryGet cannot use %s as a key into %s",
				describeKind(k), describeKind(v))
		}
	}
	return v
}

// fnObjectKeys lists an object's keys in written order.
func fnObjectKeys(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	o := args[0]
	if o.Kind != value.Object {
		return ev.errorf(c, c.Args[0].Span(), "objectKeys expects an object, got %s", describeKind(o))
	}
	out := &value.Value{Kind: value.Array, Loc: ev.e.Loc}
	for _, m := range o.Members {
		out.Elems = append(out.Elems, value.NewString(m.Key, m.KeyLoc))
	}
	return out
}

func fnRange(ev *evaluator, c *Call, args []*value.Value) *value.Value {
	start, ok1 := ev.integer(c, args, 0)
	count, ok2 := ev.integer(c, args, 1)
	if !ok1 || !ok2 {
		return ev.unknown(c)
	}
	if count < 0 || count > 10000 {
		return ev.errorf(c, c.Args[1].Span(), "range: the count must be between 0 and 10000, got %d", count)
	}
	out := &value.Value{Kind: value.Array, Loc: ev.e.Loc, Elems: make([]*value.Value, count)}
	for i := range out.Elems {
		out.Elems[i] = ev.num(float64(start + int64(i)))
	}
	return out
}

// fnMinMax takes integers, or one array of integers.
func fnMinMax(isMax bool) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		nums := args
		if len(args) == 1 && args[0].Kind == value.Array {
			nums = args[0].Elems
		}
		if len(nums) == 0 {
			return ev.errorf(c, c.Sp, "%s needs at least one integer", c.Name)
		}
		best := 0.0
		for i, n := range nums {
			if n.Kind == value.Unknown {
				return ev.unknown(c)
			}
			if n.Kind != value.Number {
				return ev.errorf(c, c.Sp, "%s expects integers, got %s", c.Name, describeKind(n))
			}
			if i == 0 || isMax && n.Num > best || !isMax && n.Num < best {
				best = n.Num
			}
		}
		return ev.num(best)
	}
}

func fnArith(op func(a, b int64) (int64, bool)) func(*evaluator, *Call, []*value.Value) *value.Value {
	return func(ev *evaluator, c *Call, args []*value.Value) *value.Value {
		a, ok1 := ev.integer(c, args, 0)
		b, ok2 := ev.integer(c, args, 1)
		if !ok1 || !ok2 {
			return ev.unknown(c)
		}
		r, ok := op(a, b)
		if !ok {
			return ev.errorf(c, c.Args[1].Span(), "%s: division by zero", c.Name)
		}
		return ev.num(float64(r))
	}
}

func safeDiv(a, b int64, mod bool) (int64, bool) {
	if b == 0 {
		return 0, false
	}
	if b == -1 {
		// Avoid the overflow of MinInt64 / -1.
		if mod {
			return 0, true
		}
		return -a, true
	}
	if mod {
		return a % b, true
	}
	return a / b, true
}
