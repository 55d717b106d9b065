package parser

import (
	"strconv"
	"strings"
	"testing"

	"github.com/apimlint/apimlint/internal/bicep/ast"
	"github.com/apimlint/apimlint/internal/source"
)

// TestNestingLimit feeds inputs nested far deeper than MaxDepth: each must
// stop with the nesting error instead of exhausting the stack.
func TestNestingLimit(t *testing.T) {
	const n = 100000
	tests := []struct {
		name, src string
		col       int // where the 1001st level starts
	}{
		{"arrays", "var x = " + strings.Repeat("[", n) + strings.Repeat("]", n), 1009},
		{"unclosed arrays", "var x = " + strings.Repeat("[", n), 1009},
		{"parentheses", "var x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n), 1009},
		{"objects", "var x = " + strings.Repeat("{a:", n) + "1" + strings.Repeat("}", n), 3009},
		{"interpolation", "var x = " + strings.Repeat("'${", n) + "1" + strings.Repeat("}'", n), 3009},
		{"object types", "type x = " + strings.Repeat("{a:", n), 3010},
		{"conditionals", "var x = " + strings.Repeat("a ? ", n) + "1", 4009},
		{"calls", "var x = " + strings.Repeat("f(", n), 2009},
		{"lambdas", "var x = " + strings.Repeat("x => ", n) + "1", 5009},
		{"loops", "var x = " + strings.Repeat("[for x in y: ", n), 13006},
	}
	for _, tt := range tests {
		_, errs := ParseFile(source.NewFile("t", []byte(tt.src)), Bicep)
		if len(errs) != 1 || errs[0].Msg != "nesting too deep: more than 1000 levels" ||
			errs[0].Loc.Start.Line != 1 || errs[0].Loc.Start.Column != tt.col {
			t.Errorf("%s: errors %v, want nesting error at 1:%d", tt.name, errs, tt.col)
		}
	}

	src := strings.Repeat("resource r 'T@v' = {\n", n)
	_, errs := ParseFile(source.NewFile("t", []byte(src)), Bicep)
	if len(errs) != 1 || errs[0].Loc.Start.Line != 1001 {
		t.Errorf("nested resources: errors %v, want the nesting error on line 1001", errs)
	}
}

// TestNestingWithinLimit parses nesting just inside the limit.
func TestNestingWithinLimit(t *testing.T) {
	src := "var x = " + strings.Repeat("[", 999) + strings.Repeat("]", 999)
	if _, errs := ParseFile(source.NewFile("t", []byte(src)), Bicep); len(errs) != 0 {
		t.Errorf("999 nested arrays: %v", errs)
	}
}

// TestLongFlatInputs makes sure long chains that are not nested parse
// without errors (they are loops, not recursion).
func TestLongFlatInputs(t *testing.T) {
	const n = 20000
	for _, src := range []string{
		"var x = " + strings.Repeat("a.", n) + "b",
		"var x = " + strings.Repeat("1 + ", n) + "1",
		"var x = a" + strings.Repeat("[0]", n),
		"var x = [" + strings.Repeat("1, ", n) + "]",
		strings.Repeat("// comment\n", n) + "var x = 1",
	} {
		if _, errs := ParseFile(source.NewFile("t", []byte(src)), Bicep); len(errs) != 0 {
			t.Errorf("%.20q...: %v", src, errs)
		}
	}
}

// TestRecoveredTrees checks the trees built around errors: the parser
// keeps what it could read and goes on at the next property or line.
func TestRecoveredTrees(t *testing.T) {
	tests := []struct{ src, want string }{
		{"resource 'T@v' = {}\nvar y = 1",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9} Type:StringLit{Quote:9 Segments:[StringSegment{Start:10 End:13 Value:"T@v"}] EndPos:14} Assign:15 Body:ObjectLit{Lbrace:17 Rbrace:18}} ` +
				`VarDecl{Keyword:20 Name:Ident{NamePos:24 Name:"y"} Assign:26 Value:IntLit{ValuePos:28 Raw:"1" Value:1}}]`},
		{"var o = {\n  a 1\n  b: 2\n}",
			`[VarDecl{Keyword:0 Name:Ident{NamePos:4 Name:"o"} Assign:6 Value:ObjectLit{Lbrace:8 Members:[` +
				`Property{Key:Ident{NamePos:12 Name:"a"} Value:BadExpr{From:14 To:14}} ` +
				`Property{Key:Ident{NamePos:18 Name:"b"} Colon:19 Value:IntLit{ValuePos:21 Raw:"2" Value:2}}] Rbrace:23}}]`},
		{"bad line\nvar y = 1",
			`[BadDecl{From:0 To:8} VarDecl{Keyword:9 Name:Ident{NamePos:13 Name:"y"} Assign:15 Value:IntLit{ValuePos:17 Raw:"1" Value:1}}]`},
		{"@description('x')\n",
			`[BadDecl{Decorators:[Decorator{At:0 Expr:CallExpr{Fun:Ident{NamePos:1 Name:"description"} Lparen:12 Args:[StringLit{Quote:13 Segments:[StringSegment{Start:14 End:15 Value:"x"}] EndPos:16}] Rparen:16}}] From:0 To:17}]`},
		{"var x = concat(1 2)",
			`[VarDecl{Keyword:0 Name:Ident{NamePos:4 Name:"x"} Assign:6 Value:CallExpr{Fun:Ident{NamePos:8 Name:"concat"} Lparen:14 ` +
				`Args:[IntLit{ValuePos:15 Raw:"1" Value:1} IntLit{ValuePos:17 Raw:"2" Value:2}] Rparen:18}}]`},
		{"var s = '${a b}'",
			`[VarDecl{Keyword:0 Name:Ident{NamePos:4 Name:"s"} Assign:6 Value:StringLit{Quote:8 ` +
				`Segments:[StringSegment{Start:9 End:9} StringSegment{Start:15 End:15}] Exprs:[Ident{NamePos:11 Name:"a"}] EndPos:16}}]`},
		{"var s = '${a\nvar t = 1",
			`[VarDecl{Keyword:0 Name:Ident{NamePos:4 Name:"s"} Assign:6 Value:StringLit{Quote:8 ` +
				`Segments:[StringSegment{Start:9 End:9} StringSegment{Start:12 End:12}] Exprs:[Ident{NamePos:11 Name:"a"}] EndPos:12}} ` +
				`VarDecl{Keyword:13 Name:Ident{NamePos:17 Name:"t"} Assign:19 Value:IntLit{ValuePos:21 Raw:"1" Value:1}}]`},
	}
	for _, tt := range tests {
		file, errs := ParseFile(source.NewFile("t", []byte(tt.src)), Bicep)
		if len(errs) == 0 {
			t.Errorf("%q: no error", tt.src)
		}
		if got := dump(file.Decls); got != tt.want {
			t.Errorf("%q\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestComments(t *testing.T) {
	src := "// head\n#disable-next-line no-unused-params BCP081 // why\nparam p string /* tail\n */\nvar o = {\n  // inside\n  a: 1 // after\n}\n"
	file, errs := ParseFile(source.NewFile("t", []byte(src)), Bicep)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, c := range file.Comments {
		kind := "comment"
		if c.IsDirective() {
			kind = "directive"
		}
		got = append(got, kind+"@"+strconv.Itoa(int(c.Pos()))+"-"+strconv.Itoa(int(c.End()))+" "+c.Text)
	}
	want := []string{
		"comment@0-7 // head",
		"directive@8-50 #disable-next-line no-unused-params BCP081",
		"comment@51-57 // why",
		"comment@73-84 /* tail\n */",
		"comment@97-106 // inside",
		"comment@114-122 // after",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("comments\n got %q\nwant %q", got, want)
	}
	if len(file.Decls) != 2 {
		t.Errorf("got %d declarations, want 2", len(file.Decls))
	}
}

func TestModeFor(t *testing.T) {
	for name, want := range map[string]Mode{
		"main.bicep": Bicep, "dev.bicepparam": BicepParam, "DEV.BICEPPARAM": BicepParam, "x.json": Bicep,
	} {
		if got := ModeFor(name); got != want {
			t.Errorf("ModeFor(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestDeclSpans checks Pos and End of declarations: a declaration starts
// at its first decorator and ends with its value.
func TestDeclSpans(t *testing.T) {
	src := "@description('d')\nparam p string = 'x'\nresource r 'T@v' existing = {\n  name: 'n'\n}\nimport * as ns from 'm.bicep'\nusing none"
	file, _ := ParseFile(source.NewFile("t", []byte(src)), Bicep)
	want := [][2]int{{0, 38}, {39, 82}, {83, 112}, {113, 123}}
	if len(file.Decls) != len(want) {
		t.Fatalf("got %d declarations, want %d", len(file.Decls), len(want))
	}
	for i, d := range file.Decls {
		if got := [2]int{int(d.Pos()), int(d.End())}; got != want[i] {
			t.Errorf("%T spans %v, want %v", d, got, want[i])
		}
	}
	var _ ast.Decl = file.Decls[0]
}
