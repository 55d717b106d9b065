package armexpr

import (
	"testing"

	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

func standardEnv(t testing.TB) *testEnv {
	env := newEnv(t,
		`{"apim": "contoso-apim", "fn": "contoso-func", "count": 3, "flag": true, "tags": {"env": "prod"}}`,
		`{"prefix": "ab", "obj": {"a": 1, "b": {"c": [1, 2]}}, "list": ["x", "y"], "empty": "", "nothing": null}`)
	env.params["secret"] = value.NewUnknown("parameters('secret')", source.Location{File: "params.json"})
	env.copyIndex = map[string]int{"": 2, "apis": 5}
	return env
}

func TestEvalFunctions(t *testing.T) {
	tests := []struct {
		expr string
		want string
	}{
		// literals and access
		{"['a''b']", `"a'b"`},
		{"[42]", `42`},
		{"[-7]", `-7`},
		{"[true()]", `true`},
		{"[FALSE()]", `false`},
		{"[null()]", `null`},
		{"[parameters('apim')]", `"contoso-apim"`},
		{"[PARAMETERS('APIM')]", `"contoso-apim"`},
		{"[variables('obj').b.c[1]]", `2`},
		{"[variables('obj')['b']['c'][0]]", `1`},
		{"[variables('OBJ').B.C]", `[1,2]`},
		{"[parameters('secret')]", `<parameters('secret')>`},
		{"[parameters('secret').x[0]]", `<parameters('secret').x[0]>`},

		// strings
		{"[concat('a', 'b', 'c')]", `"abc"`},
		{"[concat(parameters('apim'), '/', 'policy')]", `"contoso-apim/policy"`},
		{"[concat('n', 1, true())]", `"n1True"`},
		{"[concat(createArray(1), createArray(2, 3))]", `[1,2,3]`},
		{"[concat(parameters('secret'), '/echo/policy')]",
			`<concat(parameters('secret'), '/echo/policy') parts <parameters('secret')> "/echo/policy">`},
		{"[concat('a', concat('b', parameters('secret')), 'c', 'd')]",
			`<concat('a', concat('b', parameters('secret')), 'c', 'd') parts "ab" <parameters('secret')> "cd">`},
		{"[format('{0}/{1}', parameters('apim'), 'policy')]", `"contoso-apim/policy"`},
		{"[format('{{{0}}} {1:D3} {2,4}|{3,-3}|', 'x', 7, 'ab', 'c')]", `"{x} 007   ab|c  |"`},
		{"[format('{0:N0} {0:X} {1}', 12345, true())]", `"12,345 3039 True"`},
		{"[format('{0}-{1}', parameters('secret'), 'x')]",
			`<format('{0}-{1}', parameters('secret'), 'x') parts <parameters('secret')> "-x">`},
		{"[format('{0:yyyy}', 5)]", `<format('{0:yyyy}', 5)>`},
		{"[replace('a-b-c', '-', '+')]", `"a+b+c"`},
		{"[toLower('ABC')]", `"abc"`},
		{"[toUpper('abc')]", `"ABC"`},
		{"[string(1)]", `"1"`},
		{"[string(true())]", `"True"`},
		{"[string(variables('obj'))]", `"{\"a\":1,\"b\":{\"c\":[1,2]}}"`},
		{"[string(parameters('secret'))]", `<string(parameters('secret'))>`},
		{"[int('42')]", `42`},
		{"[bool('TRUE')]", `true`},
		{"[bool(0)]", `false`},
		{"[split('a,b;c', createArray(',', ';'))]", `["a","b","c"]`},
		{"[split('a--b', '-')]", `["a","","b"]`},
		{"[join(createArray('a', 'b'), ', ')]", `"a, b"`},
		{"[join(createArray('a', parameters('secret')), '/')]",
			`<join(createArray('a', parameters('secret')), '/') parts "a/" <parameters('secret')>>`},
		{"[substring('hello', 1, 3)]", `"ell"`},
		{"[substring('héllo', 1)]", `"éllo"`},
		{"[trim('  x y ')]", `"x y"`},
		{"[startsWith('Contoso', 'con')]", `true`},
		{"[endsWith('Contoso', 'SO')]", `true`},
		{"[indexOf('abcABC', 'B')]", `1`},
		{"[lastIndexOf('abcABC', 'b')]", `4`},
		{"[indexOf(createArray('x', 'y'), 'y')]", `1`},
		{"[padLeft(7, 3, '0')]", `"007"`},
		{"[padLeft('ab', 4)]", `"  ab"`},
		{"[base64('one, two')]", `"b25lLCB0d28="`},
		{"[dataUri('Hello')]", `"data:text/plain;charset=utf8;base64,SGVsbG8="`},
		{"[uriComponent('a b/c')]", `"a%20b%2Fc"`},
		{"[uriComponentToString('a%20b%2Fc')]", `"a b/c"`},
		{"[uri('http://contoso.org/firstpath', 'myscript.sh')]", `"http://contoso.org/myscript.sh"`},
		{"[uri('http://contoso.org/firstpath/', 'myscript.sh')]", `"http://contoso.org/firstpath/myscript.sh"`},
		{"[uri('https://management.azure.com/', '/subscriptions/x')]", `"https://management.azure.com/subscriptions/x"`},
		{"[uri('https://a.example', 'b')]", `"https://a.example/b"`},

		// logic
		{"[if(true(), 'yes', parameters('undeclared'))]", `"yes"`},
		{"[if(false(), 'yes', 'no')]", `"no"`},
		{"[if(parameters('secret'), 'a', 'a')]", `"a"`},
		{"[if(parameters('secret'), 'a', 'b')]", `<if(parameters('secret'), 'a', 'b')>`},
		{"[and(true(), parameters('secret'), false())]", `false`},
		{"[and(true(), parameters('secret'))]", `<and(true(), parameters('secret'))>`},
		{"[or(parameters('secret'), true())]", `true`},
		{"[not(equals(1, 2))]", `true`},
		{"[equals(variables('obj'), json('{\"A\": 1, \"b\": {\"c\": [1, 2]}}'))]", `true`},
		{"[equals('a', 'A')]", `false`},
		{"[equals(createArray(1, parameters('secret')), createArray(2, parameters('secret')))]", `false`},
		{"[equals(createArray(1, parameters('secret')), createArray(1, 2))]",
			`<equals(createArray(1, parameters('secret')), createArray(1, 2))>`},
		{"[coalesce(null(), variables('nothing'), 'x', parameters('secret'))]", `"x"`},
		{"[coalesce(null(), parameters('secret'), 'x')]", `<coalesce(null(), parameters('secret'), 'x')>`},
		{"[greater(2, 1)]", `true`},
		{"[lessOrEquals('a', 'b')]", `true`},
		{"[greaterOrEquals(1, 1)]", `true`},
		{"[less(2, 1)]", `false`},

		// collections
		{"[empty('')]", `true`},
		{"[empty(variables('obj'))]", `false`},
		{"[empty(null())]", `true`},
		{"[contains('OneTwo', 'Two')]", `true`},
		{"[contains('OneTwo', 'two')]", `false`},
		{"[contains(variables('list'), 'y')]", `true`},
		{"[contains(createArray('a', parameters('secret')), 'b')]",
			`<contains(createArray('a', parameters('secret')), 'b')>`},
		{"[contains(createArray('b', parameters('secret')), 'b')]", `true`},
		{"[contains(variables('obj'), 'A')]", `true`},
		{"[length('héllo')]", `5`},
		{"[length(variables('list'))]", `2`},
		{"[length(createArray(parameters('secret'), 1))]", `2`},
		{"[length(variables('obj'))]", `2`},
		{"[first(variables('list'))]", `"x"`},
		{"[last('abc')]", `"c"`},
		{"[first(createArray())]", `null`},
		{"[take(createArray(1, 2, 3), 2)]", `[1,2]`},
		{"[skip('abcdef', 4)]", `"ef"`},
		{"[array('a')]", `["a"]`},
		{"[array(variables('list'))]", `["x","y"]`},
		{"[array(parameters('secret'))]", `<array(parameters('secret'))>`},
		{"[createObject('a', 1, 'b', createArray(parameters('secret')))]",
			`{"a":1,"b":[<parameters('secret')>]}`},
		{"[union(json('{\"a\": 1, \"n\": {\"x\": 1}}'), json('{\"b\": 2, \"n\": {\"y\": 2}}'))]",
			`{"a":1,"n":{"x":1,"y":2},"b":2}`},
		{"[union(createArray(1, 2), createArray(2, 3))]", `[1,2,3]`},
		{"[items(json('{\"b\": 2, \"a\": 1}'))]", `[{"key":"a","value":1},{"key":"b","value":2}]`},
		{"[range(5, 3)]", `[5,6,7]`},
		{"[tryGet(variables('obj'), 'b', 'c', 1)]", `2`},
		{"[tryGet(variables('obj'), 'zz', 'c')]", `null`},
		{"[tryGet(variables('list'), 7)]", `null`},
		{"[tryGet(parameters('secret'), 'a')]", `<tryGet(parameters('secret'), 'a')>`},
		{"[objectKeys(variables('obj'))]", `["a","b"]`},
		{"[min(3, 1, 2)]", `1`},
		{"[max(createArray(3, 9, 2))]", `9`},
		{"[add(1, 2)]", `3`},
		{"[sub(1, 2)]", `-1`},
		{"[mul(3, 4)]", `12`},
		{"[div(7, 2)]", `3`},
		{"[mod(7, 2)]", `1`},
		{"[json('[1, \"a\", null]')]", `[1,"a",null]`},

		// copy loops
		{"[copyIndex()]", `2`},
		{"[copyIndex(1)]", `3`},
		{"[copyIndex('apis')]", `5`},
		{"[copyIndex('apis', 10)]", `15`},
		{"[copyIndex('other')]", `<copyIndex('other')>`},

		// unknowable functions
		{"[uniqueString(resourceGroup().id)]", `<uniqueString(resourceGroup().id)>`},
		{"[resourceGroup().location]", `<resourceGroup().location>`},
		{"[subscription().subscriptionId]", `<subscription().subscriptionId>`},
		{"[guid(parameters('apim'))]", `<guid(parameters('apim'))>`},
		{"[utcNow()]", `<utcNow()>`},
		{"[listKeys(parameters('apim'), '2020-01-01').keys[0].value]",
			`<listKeys(parameters('apim'), '2020-01-01').keys[0].value>`},
		{"[contoso.fn('a')]", `<contoso.fn('a')>`},
		{"[toLower(utcNow())]", `<toLower(utcNow())>`},
	}
	env := standardEnv(t)
	for _, tt := range tests {
		v, errs := EvalString(exprValue(t, tt.expr), env)
		if len(errs) > 0 {
			t.Errorf("%s: unexpected errors:\n%s", tt.expr, errorList(errs))
			continue
		}
		if got := render(v); got != tt.want {
			t.Errorf("%s\n got  %s\n want %s", tt.expr, got, tt.want)
		}
	}
}

func TestEnvironment(t *testing.T) {
	tests := map[string]string{
		"[environment().resourceManager]":                    `"https://management.azure.com/"`,
		"[environment().authentication.loginEndpoint]":       `"https://login.microsoftonline.com/"`,
		"[environment().authentication.audiences[1]]":        `"https://management.azure.com/"`,
		"[environment().suffixes.storage]":                   `"core.windows.net"`,
		"[environment().suffixes.keyvaultDns]":               `".vault.azure.net"`,
		"[environment().graph]":                              `"https://graph.windows.net/"`,
		"[concat('kv', environment().suffixes.keyvaultDns)]": `"kv.vault.azure.net"`,
	}
	for expr, want := range tests {
		v, errs := EvalString(exprValue(t, expr), nil)
		if len(errs) > 0 || render(v) != want {
			t.Errorf("%s = %s %v, want %s", expr, render(v), errs, want)
		}
	}
}

func TestUnionDeduplicatesObjects(t *testing.T) {
	v, errs := EvalString(exprValue(t,
		"[union(createArray(json('{\"a\": 1, \"b\": 2}'), 1), createArray(json('{\"B\": 2, \"a\": 1}'), '1'))]"), nil)
	if want := `[{"a":1,"b":2},1,"1"]`; len(errs) > 0 || render(v) != want {
		t.Errorf("got %s %v, want %s", render(v), errs, want)
	}
}

func TestResultSizeIsBounded(t *testing.T) {
	expr := "[replace(replace(replace(replace(replace(replace(replace('aaaaaaaaaa', 'a', 'aaaaaaaaaa'), " +
		"'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa')]"
	v, errs := EvalString(exprValue(t, expr), nil)
	if v.Kind != value.Unknown || len(errs) != 1 || errs[0].Msg != "the result is longer than 4194304 bytes" {
		t.Errorf("got %s with %v, want an unknown value and one error", v.Kind, errs)
	}
}

func TestEvalTree(t *testing.T) {
	doc := parseJSON(t, "t.json", `{
  "name": "[concat(parameters('apim'), '/policy')]",
  "properties": {"format": "rawxml", "value": "[[x]", "list": ["a", "[parameters('count')]"]},
  "fixed": {"a": ["b"]},
  "bad": "[parameters('nope')]"
}`)
	out, errs := EvalTree(doc, standardEnv(t))
	want := `{"name":"contoso-apim/policy","properties":{"format":"rawxml","value":"[x]","list":["a",3]},` +
		`"fixed":{"a":["b"]},"bad":<parameters('nope')>}`
	if got := render(out); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := errorList(errs); got != `t.json:5:23: no parameter named "nope" is declared` {
		t.Errorf("errors: %s", got)
	}
	if out.Get("fixed") != doc.Get("fixed") {
		t.Error("a subtree without expressions was copied, want it shared")
	}
	if render(doc.Get("name")) != `"[concat(parameters('apim'), '/policy')]"` {
		t.Error("EvalTree changed its input")
	}
	if l := out.Members[0].KeyLoc; l.Start.Line != 2 || l.Start.Column != 3 {
		t.Errorf("key location %d:%d, want 2:3", l.Start.Line, l.Start.Column)
	}
}
