package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/source"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		body   string
		rules  []string
		reason string
	}{
		{"a-b reason: why not", []string{"a-b"}, "why not"},
		{"a,b -- kept for v1 clients", []string{"a", "b"}, "kept for v1 clients"},
		{"a: because", []string{"a:"}, "because"},
		{"a", []string{"a"}, ""},
		{"", nil, ""},
		{"a, b reason: whole section", []string{"a", "b"}, "whole section"},
		{"a , b,c reason: spaced", []string{"a", "b", "c"}, "spaced"},
		{"a, no-such-rule -- x", []string{"a", "no-such-rule"}, "x"},
	}
	for _, tt := range tests {
		rules, reason := parseDirective(tt.body)
		if !cmp.Equal(rules, tt.rules) || reason != tt.reason {
			t.Errorf("parseDirective(%q) = %q, %q; want %q, %q", tt.body, rules, reason, tt.rules, tt.reason)
		}
	}
}

func TestExtent(t *testing.T) {
	xml := strings.Split(`<policies>
  <inbound>
    <!-- apimlint-disable-next-line r reason: x -->

    <choose>
      <when condition="@(context.Request.Method == &quot;GET&quot;)">
        <choose><when condition="@(true)"><base /></when></choose>
      </when>
    </choose>
    <!-- apimlint-disable-next-line r reason: x -->
    <set-header name="a"
      exists-action="override" />
    <!-- apimlint-disable-next-line r
         reason: spread over lines -->
    <base />
    <!-- apimlint-disable-next-line r reason: a revoked key -->
    <!-- https://x/c?sig=0123456789abcdef -->
    <base />
  </inbound>
</policies>`, "\n")
	bicep := strings.Split(`// apimlint-disable-next-line r reason: x
resource api 'Microsoft.ApiManagement/service/apis@2023-05-01-preview' = {
  name: 'x{'
  properties: {
    // a comment with a } brace
    path: 'orders'
  }
}
// apimlint-disable-next-line r reason: x
param p string`, "\n")
	tests := []struct {
		name     string
		lines    []string
		i        int
		xml      bool
		from, to int
	}{
		{"element with nested same-name elements, after a blank line", xml, 2, true, 4, 9},
		{"comment line before the element", xml, 15, true, 17, 18},
		{"self-closing start tag over two lines", xml, 9, true, 11, 12},
		{"comment over two lines", xml, 12, true, 15, 15},
		{"bicep resource block", bicep, 0, false, 2, 8},
		{"bicep single line", bicep, 8, false, 10, 10},
	}
	for _, tt := range tests {
		from, to := extent(tt.lines, tt.i, tt.xml)
		if from != tt.from || to != tt.to {
			t.Errorf("%s: extent = %d..%d, want %d..%d", tt.name, from, to, tt.from, tt.to)
		}
	}
}

func TestARMMetadataSuppression(t *testing.T) {
	dir := t.TempDir()
	tmpl := `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    {
      "type": "Microsoft.ApiManagement/service/backends",
      "name": "apim/legacy",
      "metadata": {"apimlint": {"suppress": [
        {"rule": "backend-https", "reason": "on-premises backend, TLS ends at the gateway"},
        {"rule": "backend-id-exists"}
      ]}},
      "properties": {"url": "http://legacy.internal"}
    },
    {
      "type": "Microsoft.ApiManagement/service/backends",
      "name": "apim/other",
      "properties": {"url": "http://other.internal"}
    }
  ]
}`
	if err := os.WriteFile(filepath.Join(dir, "main.json"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	est := &estate.Estate{Files: []*estate.File{{Path: "main.json"}}}
	s := newSuppressor(Options{Dir: dir}, est, func(string) bool { return true })
	at := func(line int) finding.Finding {
		return finding.Finding{Rule: "backend-https", Severity: finding.Error, Message: "m",
			Loc: source.Location{File: "main.json", Range: source.Range{Start: source.Pos{Line: line, Column: 9}}}}
	}
	active, suppressed := s.apply([]finding.Finding{at(11), at(16)})
	if len(suppressed) != 1 || suppressed[0].Loc.Start.Line != 11 ||
		*suppressed[0].Suppression != (finding.Suppression{Kind: finding.InSource,
			Reason: "on-premises backend, TLS ends at the gateway", Loc: pointLoc("main.json", 8, 9)}) {
		t.Errorf("suppressed = %+v", suppressed)
	}
	var got []string
	for _, f := range active {
		got = append(got, f.String())
	}
	want := []string{
		"main.json:16:9: error: m [backend-https]",
		"main.json:9:9: error: the suppression of backend-id-exists gives no reason, so it is refused: add reason: why the finding is accepted [invalid-suppression]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("active (-want +got):\n%s", diff)
	}
}

// TestSuppressionsFromTheTextRead reads the suppressions of a file from the
// text the loader kept, not from the disk again; a file the loader read and
// kept nothing of holds none.
func TestSuppressionsFromTheTextRead(t *testing.T) {
	dir := t.TempDir()
	const text = "<policies>\n  <inbound>\n    <!-- apimlint-disable-next-line backend-https reason: test -->\n    <base />\n  </inbound>\n</policies>\n"
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// On disk, kept.xml holds no suppression and plain.xml holds one: only
	// what the loader read counts.
	write("kept.xml", "<policies />\n")
	write("plain.xml", text)
	write("unread.xml", text)
	if !mayHoldSuppressions("kept.xml", []byte(text)) || mayHoldSuppressions("kept.xml", []byte("<policies />")) ||
		mayHoldSuppressions("x.txt", []byte(text)) || !mayHoldSuppressions("t.JSON", []byte(`{"apimlint": {}}`)) {
		t.Fatal("mayHoldSuppressions keeps the wrong texts")
	}
	est := &estate.Estate{Files: []*estate.File{
		{Path: "kept.xml", Read: true, Kept: []byte(text)},
		{Path: "plain.xml", Read: true},
		{Path: "unread.xml"},
	}}
	s := newSuppressor(Options{Dir: dir}, est, func(string) bool { return true })
	var got []string
	for _, sup := range s.sups {
		got = append(got, fmt.Sprintf("%s:%d-%d", sup.file, sup.from, sup.to))
	}
	if want := []string{"kept.xml:4-4", "unread.xml:4-4"}; !slices.Equal(got, want) {
		t.Errorf("suppressions = %v, want %v", got, want)
	}
}
