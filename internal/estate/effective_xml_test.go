package estate

import (
	"strings"
	"testing"
)

// TestEffectiveXMLKeepsAttributeOrder: attributes are written in the order
// they appear, also past column 1,000 of a long line.
func TestEffectiveXMLKeepsAttributeOrder(t *testing.T) {
	long := strings.Repeat("x", 1500)
	p := &Policy{Elements: []*Element{{Name: "set-header", Attributes: Attrs{
		{Name: "value", Value: long, Loc: Location{Line: 1, Column: 30}},
		{Name: "z", Value: "2", Loc: Location{Line: 1, Column: 1540}},
		{Name: "name", Value: "h", Loc: Location{Line: 2, Column: 5}},
	}}}}
	var sb strings.Builder
	writeElement(&sb, p, p.Elements[0], 0)
	want := `<set-header value="` + long + `" z="2" name="h" />` + "\n"
	if sb.String() != want {
		t.Errorf("got %q, want %q", sb.String(), want)
	}
}
