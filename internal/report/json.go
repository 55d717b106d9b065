package report

import (
	"encoding/json"
	"io"

	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/source"
)

func init() {
	constructors["json"] = func(Options) Writer { return jsonWriter{} }
}

// JSONSchemaVersion is the version of the JSON output's shape; it changes
// only when a field is removed or changes meaning.
const JSONSchemaVersion = 1

type jsonWriter struct{}

// jsonReport is the documented shape of --format json (docs/output.md).
type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	// Suppressed lists the findings suppressions hide, each with its
	// suppression.
	Suppressed []jsonFinding `json:"suppressed,omitempty"`
	Summary    jsonSummary   `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	Rule        string           `json:"rule"`
	Title       string           `json:"title"`
	Severity    string           `json:"severity"`
	Message     string           `json:"message"`
	Location    jsonLocation     `json:"location"`
	Related     []jsonRelated    `json:"related"`
	Fingerprint string           `json:"fingerprint,omitempty"`
	DocURL      string           `json:"doc_url,omitempty"`
	Suppression *jsonSuppression `json:"suppression,omitempty"`
}

type jsonSuppression struct {
	Kind     string       `json:"kind"`
	Reason   string       `json:"reason"`
	Location jsonLocation `json:"location"`
}

type jsonLocation struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
}

type jsonRelated struct {
	Location jsonLocation `json:"location"`
	Message  string       `json:"message"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notes    int `json:"notes"`
}

func jsonLoc(l source.Location) jsonLocation {
	return jsonLocation{File: l.File, Line: l.Start.Line, Column: l.Start.Column,
		EndLine: l.End.Line, EndColumn: l.End.Column}
}

func (jsonWriter) Write(w io.Writer, r *Report) error {
	out := jsonReport{Version: JSONSchemaVersion, Tool: jsonTool{Name: r.Tool, Version: r.Version},
		Findings: make([]jsonFinding, 0, len(r.Findings))}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, toJSON(f, r.Rule(f.Rule)))
	}
	for _, f := range r.Suppressed {
		out.Suppressed = append(out.Suppressed, toJSON(f, r.Rule(f.Rule)))
	}
	c := r.Counts()
	out.Summary = jsonSummary{Files: r.Files, Errors: c.Error, Warnings: c.Warning, Notes: c.Note}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func toJSON(f finding.Finding, rule finding.Rule) jsonFinding {
	jf := jsonFinding{Rule: f.Rule, Title: rule.Title, Severity: f.Severity.String(), Message: f.Message,
		Location: jsonLoc(f.Loc), Related: []jsonRelated{}, Fingerprint: f.Fingerprint, DocURL: rule.DocURL}
	if s := f.Suppression; s != nil {
		jf.Suppression = &jsonSuppression{Kind: s.Kind, Reason: s.Reason, Location: jsonLoc(s.Loc)}
	}
	for _, rel := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{Location: jsonLoc(rel.Loc), Message: rel.Message})
	}
	return jf
}
