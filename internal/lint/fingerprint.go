package lint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/load"
	"github.com/apimlint/apimlint/internal/source"
)

// lineNumbers finds numbers that name lines in messages ("line 4", and the
// line and column of a place in another file, "main.bicep:13:5"): they
// change when lines move, so fingerprints leave them out.
var (
	lineNumbers = regexp.MustCompile(`\blines? \d+\b`)
	placeLines  = regexp.MustCompile(`(\.[A-Za-z0-9]+):\d+(?::\d+)?\b`)
)

// fingerprint gives each finding a fingerprint that survives edits that move
// it: a hash of the rule, the file, the message without line numbers, and
// the trimmed text of the flagged line, never the line number. Findings
// equal in all of these are told apart by their order in the file.
func fingerprint(fs []finding.Finding, dir string) {
	for i, p := range fingerprints(fs, dir, nil) {
		fs[i].Fingerprint = p
	}
}

// fingerprints returns the fingerprint of each finding, its file named as
// name gives it, or as shown when name is nil (files are read relative to
// dir).
func fingerprints(fs []finding.Finding, dir string, name func(file string) string) []string {
	rename := name != nil
	if !rename {
		name = func(file string) string { return file }
	}
	files := map[string][][]byte{}
	seen := map[string]int{}
	out := make([]string, len(fs))
	for i, f := range fs {
		msg := f.Message
		// A message that names a related place names its file as shown:
		// name it as the file is named here.
		for _, r := range f.Related {
			if r.Loc.File != "" && rename {
				msg = strings.ReplaceAll(msg, r.Loc.File+":", name(r.Loc.File)+":")
			}
		}
		msg = placeLines.ReplaceAllString(lineNumbers.ReplaceAllString(msg, "line"), "$1:line")
		key := hashParts(f.Rule, name(f.Loc.File), msg, lineText(files, dir, f.Loc))
		seen[key]++
		out[i] = hashParts(key, fmt.Sprint(seen[key]))
	}
	return out
}

func hashParts(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s\n", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// lineText returns the trimmed text of a location's first line, or "" when
// the file cannot be read.
func lineText(files map[string][][]byte, dir string, l source.Location) string {
	if l.Start.Line < 1 || l.File == "" {
		return ""
	}
	lines, ok := files[l.File]
	if !ok {
		if b, err := readRegular(discover.OSPath(dir, l.File)); err == nil {
			if dec, err := source.Decode(b); err == nil {
				b = dec
			}
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
			b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
			lines = bytes.Split(bytes.ReplaceAll(b, []byte("\r"), []byte("\n")), []byte("\n"))
		}
		files[l.File] = lines
	}
	if l.Start.Line > len(lines) {
		return ""
	}
	return string(bytes.TrimSpace(lines[l.Start.Line-1]))
}

// readRegular reads a regular file no larger than the readers accept:
// named pipes and devices would block or never end.
func readRegular(p string) ([]byte, error) {
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return nil, err
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("%s: not a regular file", p)
	case st.Size() > load.DefaultMaxFileSize:
		return nil, fmt.Errorf("%s: larger than %d bytes", p, load.DefaultMaxFileSize)
	}
	return os.ReadFile(p)
}
