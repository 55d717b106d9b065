package armexpr

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// toString converts a known value as ARM's string() does: booleans become
// True and False, null the empty string, arrays and objects compact JSON.
// It reports false when v is or holds an unknown value.
func toString(v *value.Value) (string, bool) {
	switch v.Kind {
	case value.String:
		return v.Str, true
	case value.Number:
		return formatNumber(v.Num), true
	case value.Bool:
		if v.Bool {
			return "True", true
		}
		return "False", true
	case value.Null:
		return "", true
	case value.Array, value.Object:
		b, ok := appendJSON(nil, v)
		return string(b), ok
	}
	return "", false
}

// appendJSON writes v as compact JSON, members in their written order.
func appendJSON(b []byte, v *value.Value) ([]byte, bool) {
	switch v.Kind {
	case value.Null:
		return append(b, "null"...), true
	case value.Bool:
		return strconv.AppendBool(b, v.Bool), true
	case value.Number:
		return strconv.AppendFloat(b, v.Num, 'f', -1, 64), true
	case value.String:
		return appendQuoted(b, v.Str), true
	case value.Array:
		b = append(b, '[')
		for i, e := range v.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendJSON(b, e); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case value.Object:
		b = append(b, '{')
		for i, m := range v.Members {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendQuoted(b, m.Key), ':')
			var ok bool
			if b, ok = appendJSON(b, m.Value); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	return b, false
}

func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < ' ':
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[r>>4], "0123456789abcdef"[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// pieces splits a value that is to be joined into a string into known
// strings (with their maps) and unknown values. Arrays and objects are not
// accepted; other scalars are converted as string() does.
func (ev *evaluator) pieces(v *value.Value) ([]*value.Value, bool) {
	switch v.Kind {
	case value.String:
		return []*value.Value{v}, true
	case value.Unknown:
		if len(v.Parts) > 0 {
			return v.Parts, true
		}
		return []*value.Value{v}, true
	case value.Array, value.Object:
		return nil, false
	}
	s, _ := toString(v)
	return []*value.Value{value.NewText(source.Literal(s, v.Loc), v.Loc)}, true
}

// MaxStringLength bounds the strings evaluation builds, so that nested
// replace() or padLeft() calls cannot exhaust memory; ARM's own limits on
// template size are far below it.
const MaxStringLength = 4 << 20

// joinPieces concatenates pieces into a known string when all are known;
// otherwise into an unknown value standing for c whose Parts are the pieces,
// adjacent known strings merged.
func (ev *evaluator) joinPieces(c Node, pieces []*value.Value) *value.Value {
	var parts []*value.Value
	var run []*source.Text
	known := true
	flush := func() {
		if len(run) > 0 {
			parts = append(parts, ev.text(source.Concat(run...)))
			run = run[:0]
		}
	}
	for _, p := range pieces {
		if p.Kind == value.String {
			if p.Str != "" {
				run = append(run, p.AsText())
			}
			continue
		}
		known = false
		flush()
		parts = append(parts, p)
	}
	flush()
	total := 0
	for _, p := range parts {
		total += len(p.Str)
	}
	if total > MaxStringLength {
		return ev.errorf(c, c.Span(), "the result is longer than %d bytes", MaxStringLength)
	}
	if known {
		switch len(parts) {
		case 0:
			t := source.Literal("", ev.e.Loc)
			return ev.text(t)
		case 1:
			return parts[0]
		}
	}
	u := ev.unknown(c)
	u.Parts = parts
	return u
}

// runeOffset returns the byte offset of the n-th character of s, or false
// when s has fewer characters. ARM counts UTF-16 code units; this counts
// characters, which only differs for characters outside the Basic
// Multilingual Plane.
func runeOffset(s string, n int64) (int, bool) {
	if n < 0 {
		return 0, false
	}
	off := 0
	for i := int64(0); i < n; i++ {
		if off >= len(s) {
			return 0, false
		}
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off, true
}

// indexFold finds sub in s without regard to case, as ARM's indexOf does,
// returning a character index or -1.
func indexFold(s, sub string, last bool) int {
	ls, lsub := strings.ToLower(s), strings.ToLower(sub)
	if len(ls) != len(s) || len(lsub) != len(sub) {
		// Lowering changed byte lengths: compare character by character.
		rs, rsub := []rune(s), []rune(sub)
		best := -1
		for i := 0; i+len(rsub) <= len(rs); i++ {
			if strings.EqualFold(string(rs[i:i+len(rsub)]), string(rsub)) {
				if !last {
					return i
				}
				best = i
			}
		}
		return best
	}
	var i int
	if last {
		i = strings.LastIndex(ls, lsub)
	} else {
		i = strings.Index(ls, lsub)
	}
	if i < 0 {
		return -1
	}
	return utf8.RuneCountInString(s[:i])
}

// formatComposite applies a .NET composite format string such as
// "{0}/{1:D3}". It supports {n}, {n,width} and the specifiers D, X, N and F
// for integers; it reports unsupported when another specifier is used, and
// an error message for a malformed format string.
func (ev *evaluator) formatComposite(c *Call, f *source.Text, args []*value.Value) (
	pieces []*value.Value, unsupported bool, msg string) {
	s := f.Value
	lit := 0 // start of the pending literal
	addLit := func(end int) {
		if end > lit {
			pieces = append(pieces, value.NewText(f.Slice(lit, end), ev.e.Loc))
		}
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				addLit(i + 1)
				i++
				lit = i + 1
				continue
			}
			return nil, false, "a '}' in the format string must be written '}}'"
		case '{':
			if i+1 < len(s) && s[i+1] == '{' {
				addLit(i + 1)
				i++
				lit = i + 1
				continue
			}
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, false, "a '{' in the format string is not closed"
			}
			hole := s[i+1 : i+end]
			addLit(i)
			i += end
			lit = i + 1
			p, unsup, m := ev.formatHole(hole, args)
			if m != "" || unsup {
				return nil, unsup, m
			}
			pieces = append(pieces, p...)
		}
	}
	addLit(len(s))
	return pieces, false, ""
}

// maxFormatWidth is the widest field a format item may ask for; .NET allows
// up to 999,999.
const maxFormatWidth = 999_999

// formatHole formats one {index[,width][:spec]} placeholder.
func (ev *evaluator) formatHole(hole string, args []*value.Value) ([]*value.Value, bool, string) {
	spec := ""
	if k := strings.IndexByte(hole, ':'); k >= 0 {
		hole, spec = hole[:k], hole[k+1:]
	}
	width := 0
	if k := strings.IndexByte(hole, ','); k >= 0 {
		w, err := strconv.Atoi(strings.TrimSpace(hole[k+1:]))
		if err != nil || abs(w) > maxFormatWidth {
			return nil, false, "invalid width in the format item {" + hole + "}"
		}
		hole, width = hole[:k], w
	}
	n, err := strconv.Atoi(strings.TrimSpace(hole))
	if err != nil || n < 0 {
		return nil, false, "invalid format item {" + hole + "}: expected an argument index"
	}
	if n >= len(args) {
		return nil, false, "format item {" + hole + "} needs argument " + strconv.Itoa(n) +
			", but the format string is followed by only " + strconv.Itoa(len(args))
	}
	a := args[n]
	if a.Kind == value.Unknown {
		if spec != "" || width != 0 {
			return []*value.Value{a}, false, "" // the joined result is unknown anyway
		}
		ps, _ := ev.pieces(a)
		return ps, false, ""
	}

	var s string
	switch {
	case spec == "":
		s, _ = toString(a)
	case a.Kind == value.Number:
		var ok bool
		if s, ok = formatSpec(a.Num, spec); !ok {
			return nil, true, ""
		}
	default:
		return nil, true, ""
	}
	if width == 0 && spec == "" {
		ps, _ := ev.pieces(a)
		return ps, false, ""
	}
	if pad := abs(width) - utf8.RuneCountInString(s); pad > 0 {
		if width > 0 {
			s = strings.Repeat(" ", pad) + s
		} else {
			s += strings.Repeat(" ", pad)
		}
	}
	return []*value.Value{ev.strv(s)}, false, ""
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// formatSpec applies a standard numeric format specifier to an integer.
func formatSpec(num float64, spec string) (string, bool) {
	if num != float64(int64(num)) || spec == "" {
		return "", false
	}
	n := int64(num)
	digits := -1
	if len(spec) > 1 {
		d, err := strconv.Atoi(spec[1:])
		if err != nil || d > 99 {
			return "", false
		}
		digits = d
	}
	neg := n < 0
	mag := uint64(n)
	if neg {
		mag = uint64(-n)
	}
	var s string
	switch spec[0] {
	case 'D', 'd':
		s = strconv.FormatUint(mag, 10)
		if pad := digits - len(s); pad > 0 {
			s = strings.Repeat("0", pad) + s
		}
	case 'X', 'x':
		if neg {
			return "", false
		}
		s = strconv.FormatUint(mag, 16)
		if spec[0] == 'X' {
			s = strings.ToUpper(s)
		}
		if pad := digits - len(s); pad > 0 {
			s = strings.Repeat("0", pad) + s
		}
		return s, true
	case 'N', 'n', 'F', 'f':
		s = strconv.FormatUint(mag, 10)
		if spec[0] == 'N' || spec[0] == 'n' {
			s = groupThousands(s)
		}
		if digits < 0 {
			digits = 2
		}
		if digits > 0 {
			s += "." + strings.Repeat("0", digits)
		}
	default:
		return "", false
	}
	if neg {
		s = "-" + s
	}
	return s, true
}

func groupThousands(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
