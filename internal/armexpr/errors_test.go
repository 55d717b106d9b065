package armexpr

import (
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/value"
)

// In exprValue's file the expression's '[' is at column 8, so the character
// at offset k of the expression is at column 8+k.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		{"[concat('a', 'b']", "t.json:1:24: expected ')' to close the call to concat, found end of expression"},
		{"[concat('a' 'b')]", "t.json:1:20: expected ',' or ')' in the call to concat, found string 'b'"},
		{"[parameters('x)]", "t.json:1:20: string literal is not closed before the end of the expression"},
		{"[]", "t.json:1:8: empty expression"},
		{"[  ]", "t.json:1:8: empty expression"},
		{"[concat]", "t.json:1:15: expected '(' after the function name concat, found end of expression"},
		{"[variables('a')..b]", "t.json:1:24: expected a property name after '.', found '.'"},
		{"[variables('a')[0]", "t.json:1:25: expected ']' to close the index opened at column 23, found end of expression"},
		{"[1abc]", "t.json:1:10: unexpected name abc after number 1"},
		{"[concat('a'), 'b']", "t.json:1:20: expected end of expression, found ','"},
		{"[@]", "t.json:1:9: expected a value, found '@'"},
		{"[concat(,)]", "t.json:1:16: expected a value, found ','"},
		{"[true]", "t.json:1:13: expected '(' after the function name true, found end of expression"},
		{"[é()]", "t.json:1:9: expected a value, found 'é'"},
		{"[" + strings.Repeat("a(", 300) + "]", "t.json:1:409: expression nested deeper than 200 levels"},
		// Long access chains nest too: evaluating 7 million of them
		// overflowed the stack (a fatal error, not a panic).
		{"[a()" + strings.Repeat(".p", 100000) + "]", "t.json:1:410: expression nested deeper than 200 levels"},
		{"[a()" + strings.Repeat("[0]", 100000) + "]", "t.json:1:607: expression nested deeper than 200 levels"},
	}
	for _, tt := range tests {
		_, err := Parse(exprValue(t, tt.expr))
		if err == nil {
			t.Errorf("%s: no error, want %s", tt.expr, tt.want)
			continue
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("%s\n got  %s\n want %s", tt.expr, got, tt.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		{"[parameters('nope')]", `t.json:1:20: no parameter named "nope" is declared`},
		{"[variables('nope')]", `t.json:1:19: no variable named "nope" is declared`},
		{"[toLower(1)]", "t.json:1:17: toLower expects a string as argument 1, got a number"},
		{"[concat()]", "t.json:1:9: concat takes at least 1 argument, got 0"},
		{"[toLower('a', 'b')]", "t.json:1:9: toLower takes 1 argument, got 2"},
		{"[substring('a', 1, 2, 3)]", "t.json:1:9: substring takes 2 to 3 arguments, got 4"},
		{"[variables('obj').zz]", `t.json:1:26: the object has no property "zz"; it has a, b`},
		{"[variables('list')[5]]", "t.json:1:27: index 5 is out of range for an array of length 2"},
		{"[variables('list').x]", `t.json:1:27: cannot read property "x" of an array`},
		{"[format('{2}', 'a')]", "t.json:1:16: format: format item {2} needs argument 2, but the format string is followed by only 1"},
		{"[format('{0', 'a')]", "t.json:1:16: format: a '{' in the format string is not closed"},
		{"[div(1, 0)]", "t.json:1:16: div: division by zero"},
		{"[resourceId('Microsoft.Web/sites/config', 'a')]",
			"t.json:1:9: resourceId: the type Microsoft.Web/sites/config takes 2 names, got 1"},
		{"[resourceId('rg', 'Microsoft.Web/')]", `t.json:1:26: resourceId: "Microsoft.Web" is not a resource type`},
		{"[concat('a', createArray())]", "t.json:1:21: concat joins either strings or arrays, not both: argument 2 is an array, argument 1 a string"},
		{"[if(1, 'a', 'b')]", "t.json:1:12: if expects a boolean condition, got a number"},
		{"[int('x1')]", `t.json:1:13: int: "x1" is not an integer`},
		{"[json('{')]", "t.json:1:14: json: invalid JSON: expected a string key or '}' after '{', found end of file"},
		{"[createObject('a')]", "t.json:1:9: createObject takes pairs of keys and values, got 1 arguments"},
		{"[union(createArray(), json('{}'))]", "t.json:1:30: union takes only arrays or only objects; argument 2 is an object"},
		// Errors inside an unknown call are still reported.
		{"[uniqueString(parameters('nope'))]", `t.json:1:33: no parameter named "nope" is declared`},
	}
	env := standardEnv(t)
	for _, tt := range tests {
		v, errs := EvalString(exprValue(t, tt.expr), env)
		if got := errorList(errs); got != tt.want {
			t.Errorf("%s\n got  %s\n want %s", tt.expr, got, tt.want)
		}
		if v == nil || v.Kind != value.Unknown || v.Expr == "" {
			t.Errorf("%s: result %s, want an unknown value with its expression", tt.expr, render(v))
		}
	}
}

func TestErrorPositionsInMultiLineFile(t *testing.T) {
	src := "{\n  \"resources\": [\n    {\"name\": \"[concat(parameters('apim'), \\\"/x\\\")]\"}\n  ]\n}"
	doc := parseJSON(t, "azuredeploy.json", src)
	name := doc.Get("resources").Elems[0].Get("name")
	_, errs := EvalString(name, standardEnv(t))
	// The double quote is written \" at column 43 of line 3.
	want := `azuredeploy.json:3:43: expected a value, found '"'`
	if got := errorList(errs); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestFormatWidthIsBounded(t *testing.T) {
	_, errs := EvalString(exprValue(t, "[format('{0,1000000}', 'a')]"), nil)
	if got := errorList(errs); got != "t.json:1:16: format: invalid width in the format item {0,1000000}" {
		t.Errorf("got %s", got)
	}
}
