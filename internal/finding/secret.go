package finding

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// maskPrefixMin is the length, in characters, from which a masked secret
// keeps its first maskPrefix characters: enough to tell secrets apart,
// too few to guess a long one. A shorter secret is masked whole.
const (
	maskPrefix    = 4
	maskPrefixMin = 12
)

// minMaskedLen is the shortest secret Redact replaces wherever it occurs:
// replacing every "ab" in a message would mangle it, and rules never quote
// a secret; they quote its mask.
const minMaskedLen = 4

// Mask returns how a secret is shown: its first four characters and
// "****" when it has at least 12 characters, "****" otherwise. The rule
// library's policy.mask does the same in Rego.
func Mask(secret string) string {
	if utf8.RuneCountInString(secret) < maskPrefixMin {
		return "****"
	}
	n := 0
	for i := range secret {
		if n == maskPrefix {
			return secret[:i] + "****"
		}
		n++
	}
	return "****"
}

// Masker replaces the secrets of a set of findings with their masks.
type Masker struct {
	r *strings.Replacer
}

// NewMasker returns a masker of the secrets of fs, and of extra secrets.
func NewMasker(fs []Finding, extra ...string) *Masker {
	var secrets []string
	for _, f := range fs {
		secrets = append(secrets, f.Secrets...)
	}
	secrets = append(secrets, extra...)
	secrets = slices.DeleteFunc(secrets, func(s string) bool { return len(s) < minMaskedLen })
	if len(secrets) == 0 {
		return &Masker{}
	}
	// Longest first, so that a secret holding another is masked whole.
	slices.SortFunc(secrets, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	secrets = slices.Compact(secrets)
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, Mask(s))
	}
	return &Masker{r: strings.NewReplacer(pairs...)}
}

// Text returns s with every secret masked.
func (m *Masker) Text(s string) string {
	if m.r == nil {
		return s
	}
	return m.r.Replace(s)
}

// Redact returns copies of fs in which no secret of any of them shows in a
// message or a related message: each is replaced by its Mask. File names
// are the user's own and are left alone.
// The Secrets lists are kept, for outputs that register them as masks.
func Redact(fs []Finding, extra ...string) []Finding {
	m := NewMasker(fs, extra...)
	if m.r == nil {
		return fs
	}

	out := make([]Finding, len(fs))
	for i, f := range fs {
		f.Message = m.Text(f.Message)
		if f.Related != nil {
			rel := make([]Related, len(f.Related))
			for k, r := range f.Related {
				r.Message = m.Text(r.Message)
				rel[k] = r
			}
			f.Related = rel
		}
		out[i] = f
	}
	return out
}
