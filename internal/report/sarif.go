package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/source"
)

func init() {
	constructors["sarif"] = func(o Options) Writer { return sarifWriter{ci: o.CI} }
}

// SARIF constants: the version written, its schema, and the key of
// apimlint's own fingerprint in partialFingerprints.
const (
	SARIFVersion        = "2.1.0"
	SARIFSchema         = "https://json.schemastore.org/sarif-2.1.0.json"
	SARIFFingerprintKey = "apimlint/v1"
	sarifSourceRoot     = "%SRCROOT%"
	toolInformationURI  = "https://github.com/apimlint/apimlint"
)

// sarifWriter writes a SARIF 2.1.0 log with one run: the rules with their
// help, and one result per finding (failures only: a passed check is not
// a result, so code scanning never shows it as an alert).
type sarifWriter struct{ ci CI }

// The SARIF objects apimlint fills, as plain structs: the output holds
// nothing else, and every field is visible here.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult                    `json:"results"`
		ColumnKind         string                           `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		ShortDescription     *sarifText         `json:"shortDescription,omitempty"`
		FullDescription      *sarifText         `json:"fullDescription,omitempty"`
		Help                 *sarifText         `json:"help,omitempty"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifText          `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	}
	sarifSuppression struct {
		Kind          string         `json:"kind"`
		Justification string         `json:"justification,omitempty"`
		Location      *sarifLocation `json:"location,omitempty"`
	}
	sarifLocation struct {
		ID               int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

func (s sarifWriter) Write(w io.Writer, r *Report) error {
	rules, index := s.rules(r)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: r.Tool, Version: r.Version,
			InformationURI: toolInformationURI, Rules: rules}},
		Results:    make([]sarifResult, 0, len(r.Findings)),
		ColumnKind: "unicodeCodePoints",
	}
	if s.ci.Workspace != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{
			sarifSourceRoot: {URI: fileURI(s.ci.Workspace, true)},
		}
	}

	all := slices.Concat(r.Findings, r.Suppressed)
	prints := newFingerprinter(s.ci, finding.NewMasker(all))
	for _, f := range all {
		res := sarifResult{
			RuleID:              f.Rule,
			RuleIndex:           index[f.Rule],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{Text: f.Message},
			Locations:           []sarifLocation{{PhysicalLocation: s.physical(f.Loc)}},
			PartialFingerprints: map[string]string{SARIFFingerprintKey: prints.of(f)},
		}
		if sup := f.Suppression; sup != nil {
			loc := sarifLocation{PhysicalLocation: s.physical(sup.Loc)}
			res.Suppressions = []sarifSuppression{{Kind: sup.Kind, Justification: sup.Reason, Location: &loc}}
		}
		for i, rel := range f.Related {
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{ID: i + 1,
				PhysicalLocation: s.physical(rel.Loc), Message: &sarifText{Text: rel.Message}})
		}
		run.Results = append(run.Results, res)
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{run}})
}

// rules describes every rule of the run, plus any rule a finding names that
// the run did not describe, sorted by ID; index maps IDs to positions.
func (s sarifWriter) rules(r *Report) ([]sarifRule, map[string]int) {
	all := slices.Clone(r.Rules)
	known := map[string]bool{}
	for _, rule := range all {
		known[rule.ID] = true
	}
	for _, f := range slices.Concat(r.Findings, r.Suppressed) {
		if !known[f.Rule] {
			known[f.Rule] = true
			all = append(all, r.Rule(f.Rule))
		}
	}
	slices.SortFunc(all, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })

	out := make([]sarifRule, 0, len(all))
	index := map[string]int{}
	for i, rule := range all {
		index[rule.ID] = i
		sr := sarifRule{ID: rule.ID, HelpURI: rule.DocURL,
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)}}
		if rule.Title != "" {
			sr.ShortDescription = &sarifText{Text: rule.Title}
		}
		if rule.Description != "" {
			sr.FullDescription = &sarifText{Text: rule.Description}
		}
		sr.Help = ruleHelp(rule)
		out = append(out, sr)
	}
	return out, index
}

// ruleHelp tells how to fix what a rule finds and where its docs are.
func ruleHelp(rule finding.Rule) *sarifText {
	text := cmpOr(rule.Remediation, rule.Description)
	if text == "" && rule.DocURL == "" {
		return nil
	}
	md := text
	if rule.DocURL != "" {
		text = strings.TrimSpace(text + "\n\nDocumentation: " + rule.DocURL)
		md = strings.TrimSpace(md + "\n\n[Documentation](" + mdURL(rule.DocURL) + ")")
	}
	return &sarifText{Text: text, Markdown: md}
}

func cmpOr(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// sarifLevel maps a severity to a SARIF level. A rule without a severity
// defaults to "warning", SARIF's own default.
func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Note:
		return "note"
	}
	return "warning"
}

// physical turns a location into a SARIF physical location. SARIF counts
// lines and columns from 1 with an exclusive end column, as source does.
func (s sarifWriter) physical(l source.Location) sarifPhysicalLocation {
	var pl sarifPhysicalLocation
	shown := s.ci.show(l.File)
	if abs := filepath.FromSlash(shown); filepath.IsAbs(abs) {
		pl.ArtifactLocation = sarifArtifactLocation{URI: fileURI(abs, false)}
	} else {
		pl.ArtifactLocation = sarifArtifactLocation{URI: escapePath(shown), URIBaseID: sarifSourceRoot}
	}
	if l.Start.Line < 1 {
		return pl
	}
	reg := &sarifRegion{StartLine: l.Start.Line, StartColumn: max(l.Start.Column, 0)}
	if l.End.Line >= l.Start.Line {
		reg.EndLine = l.End.Line
		if l.End.Column > 0 && (l.End.Line > l.Start.Line || l.End.Column >= l.Start.Column) {
			reg.EndColumn = l.End.Column
		}
	}
	pl.Region = reg
	return pl
}

// fileURI makes a file: URI of an absolute path; a folder's ends in "/",
// as SARIF wants of a base URI.
func fileURI(abs string, folder bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	p = escapePath(p)
	if folder && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return "file://" + p
}

// fingerprinter derives fingerprints for findings that have none, from the
// rule, the file, the message and the trimmed text of the finding's line:
// never from the line number, so the fingerprint survives edits above it.
// Equal inputs are told apart by an occurrence count, in report order.
type fingerprinter struct {
	ci    CI
	mask  *finding.Masker     // hides secrets in the hashed line text too
	files map[string][][]byte // lines of files read so far
	seen  map[string]int
}

func newFingerprinter(ci CI, mask *finding.Masker) *fingerprinter {
	return &fingerprinter{ci: ci, mask: mask, files: map[string][][]byte{}, seen: map[string]int{}}
}

func (p *fingerprinter) of(f finding.Finding) string {
	base := f.Fingerprint
	if base == "" {
		h := sha256.New()
		for _, part := range []string{f.Rule, p.ci.show(f.Loc.File), f.Message, p.mask.Text(p.lineText(f.Loc))} {
			fmt.Fprintf(h, "%d:%s\n", len(part), part)
		}
		base = hex.EncodeToString(h.Sum(nil)[:16])
	}
	p.seen[base]++
	return fmt.Sprintf("%s:%d", base, p.seen[base])
}

// lineText returns the trimmed text of a location's first line, or "" when
// the file cannot be read.
func (p *fingerprinter) lineText(l source.Location) string {
	if l.Start.Line < 1 || l.File == "" {
		return ""
	}
	lines, ok := p.files[l.File]
	if !ok {
		read := p.ci.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		if b, err := read(p.ci.abs(l.File)); err == nil {
			if dec, err := source.Decode(b); err == nil {
				b = dec
			}
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
			b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
			lines = bytes.Split(bytes.ReplaceAll(b, []byte("\r"), []byte("\n")), []byte("\n"))
		}
		p.files[l.File] = lines
	}
	if l.Start.Line > len(lines) {
		return ""
	}
	return string(bytes.TrimSpace(lines[l.Start.Line-1]))
}
