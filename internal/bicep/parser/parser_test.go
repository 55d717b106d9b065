package parser

import (
	"testing"

	"github.com/apimlint/apimlint/internal/source"
)

// The tables below give each construct's whole tree with every position,
// as written by dump.

func TestParseExpr(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a ? b : c",
			`CondExpr{Cond:Ident{NamePos:0 Name:"a"} Question:2 Then:Ident{NamePos:4 Name:"b"} Colon:6 Else:Ident{NamePos:8 Name:"c"}}`},
		{"a\n? b\n: c",
			`CondExpr{Cond:Ident{NamePos:0 Name:"a"} Question:2 Then:Ident{NamePos:4 Name:"b"} Colon:6 Else:Ident{NamePos:8 Name:"c"}}`},
		{"a || b && c == d",
			`BinaryExpr{X:Ident{NamePos:0 Name:"a"} OpPos:2 Op:|| Y:BinaryExpr{X:Ident{NamePos:5 Name:"b"} OpPos:7 Op:&& Y:BinaryExpr{X:Ident{NamePos:10 Name:"c"} OpPos:12 Op:== Y:Ident{NamePos:15 Name:"d"}}}}`},
		{"1 + 2 * 3 - 4 % 5",
			`BinaryExpr{X:BinaryExpr{X:IntLit{ValuePos:0 Raw:"1" Value:1} OpPos:2 Op:+ Y:BinaryExpr{X:IntLit{ValuePos:4 Raw:"2" Value:2} OpPos:6 Op:* Y:IntLit{ValuePos:8 Raw:"3" Value:3}}} OpPos:10 Op:- Y:BinaryExpr{X:IntLit{ValuePos:12 Raw:"4" Value:4} OpPos:14 Op:% Y:IntLit{ValuePos:16 Raw:"5" Value:5}}}`},
		{"a =~ b != c !~ d",
			`BinaryExpr{X:BinaryExpr{X:BinaryExpr{X:Ident{NamePos:0 Name:"a"} OpPos:2 Op:=~ Y:Ident{NamePos:5 Name:"b"}} OpPos:7 Op:!= Y:Ident{NamePos:10 Name:"c"}} OpPos:12 Op:!~ Y:Ident{NamePos:15 Name:"d"}}`},
		{"x < 1 <= 2 > 3 >= 4",
			`BinaryExpr{X:BinaryExpr{X:BinaryExpr{X:BinaryExpr{X:Ident{NamePos:0 Name:"x"} OpPos:2 Op:< Y:IntLit{ValuePos:4 Raw:"1" Value:1}} OpPos:6 Op:<= Y:IntLit{ValuePos:9 Raw:"2" Value:2}} OpPos:11 Op:> Y:IntLit{ValuePos:13 Raw:"3" Value:3}} OpPos:15 Op:>= Y:IntLit{ValuePos:18 Raw:"4" Value:4}}`},
		{"a ?? b ?? c",
			`BinaryExpr{X:BinaryExpr{X:Ident{NamePos:0 Name:"a"} OpPos:2 Op:?? Y:Ident{NamePos:5 Name:"b"}} OpPos:7 Op:?? Y:Ident{NamePos:10 Name:"c"}}`},
		{"!a",
			`UnaryExpr{OpPos:0 Op:! X:Ident{NamePos:1 Name:"a"}}`},
		{"-1",
			`UnaryExpr{OpPos:0 Op:- X:IntLit{ValuePos:1 Raw:"1" Value:1}}`},
		{"-a.b",
			`UnaryExpr{OpPos:0 Op:- X:MemberExpr{X:Ident{NamePos:1 Name:"a"} Dot:2 Name:Ident{NamePos:3 Name:"b"}}}`},
		{"a!.b",
			`MemberExpr{X:NonNullExpr{X:Ident{NamePos:0 Name:"a"} Bang:1} Dot:2 Name:Ident{NamePos:3 Name:"b"}}`},
		{"a.b.c",
			`MemberExpr{X:MemberExpr{X:Ident{NamePos:0 Name:"a"} Dot:1 Name:Ident{NamePos:2 Name:"b"}} Dot:3 Name:Ident{NamePos:4 Name:"c"}}`},
		{"a.?b",
			`MemberExpr{X:Ident{NamePos:0 Name:"a"} Dot:1 Safe:true Name:Ident{NamePos:3 Name:"b"}}`},
		{"a[0]",
			`IndexExpr{X:Ident{NamePos:0 Name:"a"} Lbrack:1 Index:IntLit{ValuePos:2 Raw:"0" Value:0} Rbrack:3}`},
		{"a[?0]",
			`IndexExpr{X:Ident{NamePos:0 Name:"a"} Lbrack:1 Safe:true Index:IntLit{ValuePos:3 Raw:"0" Value:0} Rbrack:4}`},
		{"a[^1]",
			`IndexExpr{X:Ident{NamePos:0 Name:"a"} Lbrack:1 FromEnd:true Index:IntLit{ValuePos:3 Raw:"1" Value:1} Rbrack:4}`},
		{"parent::child::grand",
			`ResourceAccessExpr{X:ResourceAccessExpr{X:Ident{NamePos:0 Name:"parent"} DColon:6 Name:Ident{NamePos:8 Name:"child"}} DColon:13 Name:Ident{NamePos:15 Name:"grand"}}`},
		{"sys.concat('a', 'b')",
			`CallExpr{Fun:MemberExpr{X:Ident{NamePos:0 Name:"sys"} Dot:3 Name:Ident{NamePos:4 Name:"concat"}} Lparen:10 Args:[StringLit{Quote:11 Segments:[StringSegment{Start:12 End:13 Value:"a"}] EndPos:14} StringLit{Quote:16 Segments:[StringSegment{Start:17 End:18 Value:"b"}] EndPos:19}] Rparen:19}`},
		{"az.resourceGroup().location",
			`MemberExpr{X:CallExpr{Fun:MemberExpr{X:Ident{NamePos:0 Name:"az"} Dot:2 Name:Ident{NamePos:3 Name:"resourceGroup"}} Lparen:16 Rparen:17} Dot:18 Name:Ident{NamePos:19 Name:"location"}}`},
		{"f()",
			`CallExpr{Fun:Ident{NamePos:0 Name:"f"} Lparen:1 Rparen:2}`},
		{"x.listKeys().keys[0]",
			`IndexExpr{X:MemberExpr{X:CallExpr{Fun:MemberExpr{X:Ident{NamePos:0 Name:"x"} Dot:1 Name:Ident{NamePos:2 Name:"listKeys"}} Lparen:10 Rparen:11} Dot:12 Name:Ident{NamePos:13 Name:"keys"}} Lbrack:17 Index:IntLit{ValuePos:18 Raw:"0" Value:0} Rbrack:19}`},
		{"[...a, 1]",
			`ArrayLit{Lbrack:0 Items:[SpreadExpr{Ellipsis:1 X:Ident{NamePos:4 Name:"a"}} IntLit{ValuePos:7 Raw:"1" Value:1}] Rbrack:8}`},
		{"{ ...a, b: 1 }",
			`ObjectLit{Lbrace:0 Members:[SpreadExpr{Ellipsis:2 X:Ident{NamePos:5 Name:"a"}} Property{Key:Ident{NamePos:8 Name:"b"} Colon:9 Value:IntLit{ValuePos:11 Raw:"1" Value:1}}] Rbrace:13}`},
		{"x => x",
			`LambdaExpr{Params:[Ident{NamePos:0 Name:"x"}] Arrow:2 Body:Ident{NamePos:5 Name:"x"}}`},
		{"(a, b) => a + b",
			`LambdaExpr{Lparen:0 Params:[Ident{NamePos:1 Name:"a"} Ident{NamePos:4 Name:"b"}] Rparen:5 Arrow:7 Body:BinaryExpr{X:Ident{NamePos:10 Name:"a"} OpPos:12 Op:+ Y:Ident{NamePos:14 Name:"b"}}}`},
		{"() => 1",
			`LambdaExpr{Lparen:0 Rparen:1 Arrow:3 Body:IntLit{ValuePos:6 Raw:"1" Value:1}}`},
		{"[for x in xs: x]",
			`ForExpr{Lbrack:0 For:1 Item:Ident{NamePos:5 Name:"x"} In:7 Range:Ident{NamePos:10 Name:"xs"} Colon:12 Body:Ident{NamePos:14 Name:"x"} Rbrack:15}`},
		{"[for (x, i) in xs: {\n  i: i\n}]",
			`ForExpr{Lbrack:0 For:1 Item:Ident{NamePos:6 Name:"x"} Index:Ident{NamePos:9 Name:"i"} In:12 Range:Ident{NamePos:15 Name:"xs"} Colon:17 Body:ObjectLit{Lbrace:19 Members:[Property{Key:Ident{NamePos:23 Name:"i"} Colon:24 Value:Ident{NamePos:26 Name:"i"}}] Rbrace:28} Rbrack:29}`},
		{"[\nfor x in xs: x\n]",
			`ForExpr{Lbrack:0 For:2 Item:Ident{NamePos:6 Name:"x"} In:8 Range:Ident{NamePos:11 Name:"xs"} Colon:13 Body:Ident{NamePos:15 Name:"x"} Rbrack:17}`},
		{"[for x in xs: if (x) { a: x }]",
			`ForExpr{Lbrack:0 For:1 Item:Ident{NamePos:5 Name:"x"} In:7 Range:Ident{NamePos:10 Name:"xs"} Colon:12 Body:IfExpr{If:14 Lparen:17 Cond:Ident{NamePos:18 Name:"x"} Rparen:19 Body:ObjectLit{Lbrace:21 Members:[Property{Key:Ident{NamePos:23 Name:"a"} Colon:24 Value:Ident{NamePos:26 Name:"x"}}] Rbrace:28}} Rbrack:29}`},
		{"(1 + 2) * 3",
			`BinaryExpr{X:ParenExpr{Lparen:0 X:BinaryExpr{X:IntLit{ValuePos:1 Raw:"1" Value:1} OpPos:3 Op:+ Y:IntLit{ValuePos:5 Raw:"2" Value:2}} Rparen:6} OpPos:8 Op:* Y:IntLit{ValuePos:10 Raw:"3" Value:3}}`},
		{"123",
			`IntLit{ValuePos:0 Raw:"123" Value:123}`},
		{"true",
			`BoolLit{ValuePos:0 Value:true}`},
		{"false",
			`BoolLit{ValuePos:0}`},
		{"null",
			`NullLit{ValuePos:0}`},
		{"'a\\'b'",
			`StringLit{Quote:0 Segments:[StringSegment{Start:1 End:5 Value:"a'b"}] EndPos:6}`},
		{"'a${b}c${d}e'",
			`StringLit{Quote:0 Segments:[StringSegment{Start:1 End:2 Value:"a"} StringSegment{Start:6 End:7 Value:"c"} StringSegment{Start:11 End:12 Value:"e"}] Exprs:[Ident{NamePos:4 Name:"b"} Ident{NamePos:9 Name:"d"}] EndPos:13}`},
		{"'''\nml'''",
			`StringLit{Quote:0 Segments:[StringSegment{Start:4 End:6 Value:"ml" Multiline:true}] Multiline:true EndPos:9}`},
		{"$'''a${b}'''",
			`StringLit{Quote:0 Segments:[StringSegment{Start:4 End:5 Value:"a" Multiline:true} StringSegment{Start:9 End:9 Multiline:true}] Exprs:[Ident{NamePos:7 Name:"b"}] Multiline:true EndPos:12}`},
		{"{ a: 1, 'b': 2, '${k}': 3 }",
			`ObjectLit{Lbrace:0 Members:[Property{Key:Ident{NamePos:2 Name:"a"} Colon:3 Value:IntLit{ValuePos:5 Raw:"1" Value:1}} Property{Key:StringLit{Quote:8 Segments:[StringSegment{Start:9 End:10 Value:"b"}] EndPos:11} Colon:11 Value:IntLit{ValuePos:13 Raw:"2" Value:2}} Property{Key:StringLit{Quote:16 Segments:[StringSegment{Start:17 End:17} StringSegment{Start:21 End:21}] Exprs:[Ident{NamePos:19 Name:"k"}] EndPos:22} Colon:22 Value:IntLit{ValuePos:24 Raw:"3" Value:3}}] Rbrace:26}`},
		{"{\n  // c\n  a: 1\n\n  /* d */\n  b: [\n    1\n    2\n  ]\n}",
			`ObjectLit{Lbrace:0 Members:[Property{Key:Ident{NamePos:11 Name:"a"} Colon:12 Value:IntLit{ValuePos:14 Raw:"1" Value:1}} Property{Key:Ident{NamePos:29 Name:"b"} Colon:30 Value:ArrayLit{Lbrack:32 Items:[IntLit{ValuePos:38 Raw:"1" Value:1} IntLit{ValuePos:44 Raw:"2" Value:2}] Rbrack:48}}] Rbrace:50}`},
		{"{ a: 1, }",
			`ObjectLit{Lbrace:0 Members:[Property{Key:Ident{NamePos:2 Name:"a"} Colon:3 Value:IntLit{ValuePos:5 Raw:"1" Value:1}}] Rbrace:8}`},
		{"[1, 2,]",
			`ArrayLit{Lbrack:0 Items:[IntLit{ValuePos:1 Raw:"1" Value:1} IntLit{ValuePos:4 Raw:"2" Value:2}] Rbrack:6}`},
		{"['a', 'b'\n'c']",
			`ArrayLit{Lbrack:0 Items:[StringLit{Quote:1 Segments:[StringSegment{Start:2 End:3 Value:"a"}] EndPos:4} StringLit{Quote:6 Segments:[StringSegment{Start:7 End:8 Value:"b"}] EndPos:9} StringLit{Quote:10 Segments:[StringSegment{Start:11 End:12 Value:"c"}] EndPos:13}] Rbrack:13}`},
		{"concat(\n  'a',\n  'b'\n)",
			`CallExpr{Fun:Ident{NamePos:0 Name:"concat"} Lparen:6 Args:[StringLit{Quote:10 Segments:[StringSegment{Start:11 End:12 Value:"a"}] EndPos:13} StringLit{Quote:17 Segments:[StringSegment{Start:18 End:19 Value:"b"}] EndPos:20}] Rparen:21}`},
	}
	for _, tt := range tests {
		x, errs := ParseExpr(source.NewFile("t.bicep", []byte(tt.src)))
		if len(errs) > 0 {
			t.Errorf("%q: %v", tt.src, errs)
		}
		if got := dump(x); got != tt.want {
			t.Errorf("%q\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestParseDecls(t *testing.T) {
	tests := []struct{ src, want string }{
		{"targetScope = 'subscription'",
			`[TargetScopeDecl{Keyword:0 Assign:12 Value:StringLit{Quote:14 Segments:[StringSegment{Start:15 End:27 Value:"subscription"}] EndPos:28}}]`},
		{"metadata info = 'x'",
			`[MetadataDecl{Keyword:0 Name:Ident{NamePos:9 Name:"info"} Assign:14 Value:StringLit{Quote:16 Segments:[StringSegment{Start:17 End:18 Value:"x"}] EndPos:19}}]`},
		{"@description('d')\n@sys.secure()\nparam p string",
			`[ParamDecl{Decorators:[Decorator{At:0 Expr:CallExpr{Fun:Ident{NamePos:1 Name:"description"} Lparen:12 Args:[StringLit{Quote:13 Segments:[StringSegment{Start:14 End:15 Value:"d"}] EndPos:16}] Rparen:16}} Decorator{At:18 Expr:CallExpr{Fun:MemberExpr{X:Ident{NamePos:19 Name:"sys"} Dot:22 Name:Ident{NamePos:23 Name:"secure"}} Lparen:29 Rparen:30}}] Keyword:32 Name:Ident{NamePos:38 Name:"p"} Type:Ident{NamePos:40 Name:"string"}}]`},
		{"param p int = 1",
			`[ParamDecl{Keyword:0 Name:Ident{NamePos:6 Name:"p"} Type:Ident{NamePos:8 Name:"int"} Assign:12 Default:IntLit{ValuePos:14 Raw:"1" Value:1}}]`},
		{"param r resource 'Microsoft.Web/sites@2022-03-01'",
			`[ParamDecl{Keyword:0 Name:Ident{NamePos:6 Name:"r"} Type:ResourceType{Resource:8 Type:StringLit{Quote:17 Segments:[StringSegment{Start:18 End:48 Value:"Microsoft.Web/sites@2022-03-01"}] EndPos:49}}}]`},
		{"var v string[] = []",
			`[VarDecl{Keyword:0 Name:Ident{NamePos:4 Name:"v"} Type:ArrayType{Elem:Ident{NamePos:6 Name:"string"} Lbrack:12 Rbrack:13} Assign:15 Value:ArrayLit{Lbrack:17 Rbrack:18}}]`},
		{"output o resource = r",
			`[OutputDecl{Keyword:0 Name:Ident{NamePos:7 Name:"o"} Type:ResourceType{Resource:9} Assign:18 Value:Ident{NamePos:20 Name:"r"}}]`},
		{"output o resource 'T@v' = r",
			`[OutputDecl{Keyword:0 Name:Ident{NamePos:7 Name:"o"} Type:ResourceType{Resource:9 Type:StringLit{Quote:18 Segments:[StringSegment{Start:19 End:22 Value:"T@v"}] EndPos:23}} Assign:24 Value:Ident{NamePos:26 Name:"r"}}]`},
		{"type t = 'a' | 'b'",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"t"} Assign:7 Type:UnionType{Members:[StringLit{Quote:9 Segments:[StringSegment{Start:10 End:11 Value:"a"}] EndPos:12} StringLit{Quote:15 Segments:[StringSegment{Start:16 End:17 Value:"b"}] EndPos:18}]}}]`},
		{"type u =\n  | 'a'\n  | 'b'",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"u"} Assign:7 Type:UnionType{Lead:11 Members:[StringLit{Quote:13 Segments:[StringSegment{Start:14 End:15 Value:"a"}] EndPos:16} StringLit{Quote:21 Segments:[StringSegment{Start:22 End:23 Value:"b"}] EndPos:24}]}}]`},
		{"type o = {\n  @description('x')\n  a: string\n  b: int?\n  'c d': bool\n  *: string\n}",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"o"} Assign:7 Type:ObjectType{Lbrace:9 Members:[ObjectTypeProperty{Decorators:[Decorator{At:13 Expr:CallExpr{Fun:Ident{NamePos:14 Name:"description"} Lparen:25 Args:[StringLit{Quote:26 Segments:[StringSegment{Start:27 End:28 Value:"x"}] EndPos:29}] Rparen:29}}] Key:Ident{NamePos:33 Name:"a"} Colon:34 Type:Ident{NamePos:36 Name:"string"}} ObjectTypeProperty{Key:Ident{NamePos:45 Name:"b"} Colon:46 Type:NullableType{X:Ident{NamePos:48 Name:"int"} Question:51}} ObjectTypeProperty{Key:StringLit{Quote:55 Segments:[StringSegment{Start:56 End:59 Value:"c d"}] EndPos:60} Colon:60 Type:Ident{NamePos:62 Name:"bool"}} ObjectTypeProperty{Star:69 Colon:70 Type:Ident{NamePos:72 Name:"string"}}] Rbrace:79}}]`},
		{"type tup = [\n  @description('x')\n  string\n  int\n]",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"tup"} Assign:9 Type:TupleType{Lbrack:11 Items:[TupleItem{Decorators:[Decorator{At:15 Expr:CallExpr{Fun:Ident{NamePos:16 Name:"description"} Lparen:27 Args:[StringLit{Quote:28 Segments:[StringSegment{Start:29 End:30 Value:"x"}] EndPos:31}] Rparen:31}}] Type:Ident{NamePos:35 Name:"string"}} TupleItem{Type:Ident{NamePos:44 Name:"int"}}] Rbrack:48}}]`},
		{"type r = resourceInput<'T@v'>.properties",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"r"} Assign:7 Type:MemberExpr{X:ParameterizedType{Name:Ident{NamePos:9 Name:"resourceInput"} Lt:22 Args:[StringLit{Quote:23 Segments:[StringSegment{Start:24 End:27 Value:"T@v"}] EndPos:28}] Gt:28} Dot:29 Name:Ident{NamePos:30 Name:"properties"}}}]`},
		{"type n = ns.myType",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"n"} Assign:7 Type:MemberExpr{X:Ident{NamePos:9 Name:"ns"} Dot:11 Name:Ident{NamePos:12 Name:"myType"}}}]`},
		{"type arr = string[][]",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"arr"} Assign:9 Type:ArrayType{Elem:ArrayType{Elem:Ident{NamePos:11 Name:"string"} Lbrack:17 Rbrack:18} Lbrack:19 Rbrack:20}}]`},
		{"type it = a[*]",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"it"} Assign:8 Type:ItemsType{X:Ident{NamePos:10 Name:"a"} Lbrack:11 Rbrack:13}}]`},
		{"type ap = a.*",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"ap"} Assign:8 Type:AdditionalPropertiesType{X:Ident{NamePos:10 Name:"a"} Star:12}}]`},
		{"type idx = t[0]",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"idx"} Assign:9 Type:IndexExpr{X:Ident{NamePos:11 Name:"t"} Lbrack:12 Index:IntLit{ValuePos:13 Raw:"0" Value:0} Rbrack:14}}]`},
		{"type lit = -1 | !true | null",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"lit"} Assign:9 Type:UnionType{Members:[UnaryExpr{OpPos:11 Op:- X:IntLit{ValuePos:12 Raw:"1" Value:1}} UnaryExpr{OpPos:16 Op:! X:BoolLit{ValuePos:17 Value:true}} NullLit{ValuePos:24}]}}]`},
		{"type p = ('a' | 'b')[]",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"p"} Assign:7 Type:ArrayType{Elem:ParenExpr{Lparen:9 X:UnionType{Members:[StringLit{Quote:10 Segments:[StringSegment{Start:11 End:12 Value:"a"}] EndPos:13} StringLit{Quote:16 Segments:[StringSegment{Start:17 End:18 Value:"b"}] EndPos:19}]} Rparen:19} Lbrack:20 Rbrack:21}}]`},
		{"type nn = a!",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"nn"} Assign:8 Type:NonNullType{X:Ident{NamePos:10 Name:"a"} Bang:11}}]`},
		{"func f(a string, b int) string => '${a}${b}'",
			`[FuncDecl{Keyword:0 Name:Ident{NamePos:5 Name:"f"} Lparen:6 Params:[FuncParam{Name:Ident{NamePos:7 Name:"a"} Type:Ident{NamePos:9 Name:"string"}} FuncParam{Name:Ident{NamePos:17 Name:"b"} Type:Ident{NamePos:19 Name:"int"}}] Rparen:22 Result:Ident{NamePos:24 Name:"string"} Arrow:31 Body:StringLit{Quote:34 Segments:[StringSegment{Start:35 End:35} StringSegment{Start:39 End:39} StringSegment{Start:43 End:43}] Exprs:[Ident{NamePos:37 Name:"a"} Ident{NamePos:41 Name:"b"}] EndPos:44}}]`},
		{"resource r 'T@v' = {\n  name: 'x'\n}",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9 Name:"r"} Type:StringLit{Quote:11 Segments:[StringSegment{Start:12 End:15 Value:"T@v"}] EndPos:16} Assign:17 Body:ObjectLit{Lbrace:19 Members:[Property{Key:Ident{NamePos:23 Name:"name"} Colon:27 Value:StringLit{Quote:29 Segments:[StringSegment{Start:30 End:31 Value:"x"}] EndPos:32}}] Rbrace:33}}]`},
		{"resource r 'T@v' existing = { name: 'x' }",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9 Name:"r"} Type:StringLit{Quote:11 Segments:[StringSegment{Start:12 End:15 Value:"T@v"}] EndPos:16} Existing:17 Assign:26 Body:ObjectLit{Lbrace:28 Members:[Property{Key:Ident{NamePos:30 Name:"name"} Colon:34 Value:StringLit{Quote:36 Segments:[StringSegment{Start:37 End:38 Value:"x"}] EndPos:39}}] Rbrace:40}}]`},
		{"resource r 'T@v' = if (c) {}",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9 Name:"r"} Type:StringLit{Quote:11 Segments:[StringSegment{Start:12 End:15 Value:"T@v"}] EndPos:16} Assign:17 Body:IfExpr{If:19 Lparen:22 Cond:Ident{NamePos:23 Name:"c"} Rparen:24 Body:ObjectLit{Lbrace:26 Rbrace:27}}}]`},
		{"resource r 'T@v' =\n  if (c) {}",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9 Name:"r"} Type:StringLit{Quote:11 Segments:[StringSegment{Start:12 End:15 Value:"T@v"}] EndPos:16} Assign:17 Body:IfExpr{If:21 Lparen:24 Cond:Ident{NamePos:25 Name:"c"} Rparen:26 Body:ObjectLit{Lbrace:28 Rbrace:29}}}]`},
		{"resource r 'T@v' = [for x in xs: {}]",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9 Name:"r"} Type:StringLit{Quote:11 Segments:[StringSegment{Start:12 End:15 Value:"T@v"}] EndPos:16} Assign:17 Body:ForExpr{Lbrack:19 For:20 Item:Ident{NamePos:24 Name:"x"} In:26 Range:Ident{NamePos:29 Name:"xs"} Colon:31 Body:ObjectLit{Lbrace:33 Rbrace:34} Rbrack:35}}]`},
		{"resource r 'T@v' = [for x in xs: if (x) {}]",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9 Name:"r"} Type:StringLit{Quote:11 Segments:[StringSegment{Start:12 End:15 Value:"T@v"}] EndPos:16} Assign:17 Body:ForExpr{Lbrack:19 For:20 Item:Ident{NamePos:24 Name:"x"} In:26 Range:Ident{NamePos:29 Name:"xs"} Colon:31 Body:IfExpr{If:33 Lparen:36 Cond:Ident{NamePos:37 Name:"x"} Rparen:38 Body:ObjectLit{Lbrace:40 Rbrace:41}} Rbrack:42}}]`},
		{"resource api 'T@v' = {\n  resource pol 'policies' = {\n    name: 'policy'\n  }\n  @batchSize(1)\n  resource c 'child@2022-08-01' = [for x in y: {}]\n  resource: 1\n}",
			`[ResourceDecl{Keyword:0 Name:Ident{NamePos:9 Name:"api"} Type:StringLit{Quote:13 Segments:[StringSegment{Start:14 End:17 Value:"T@v"}] EndPos:18} Assign:19 Body:ObjectLit{Lbrace:21 Members:[ResourceDecl{Keyword:25 Name:Ident{NamePos:34 Name:"pol"} Type:StringLit{Quote:38 Segments:[StringSegment{Start:39 End:47 Value:"policies"}] EndPos:48} Assign:49 Body:ObjectLit{Lbrace:51 Members:[Property{Key:Ident{NamePos:57 Name:"name"} Colon:61 Value:StringLit{Quote:63 Segments:[StringSegment{Start:64 End:70 Value:"policy"}] EndPos:71}}] Rbrace:74}} ResourceDecl{Decorators:[Decorator{At:78 Expr:CallExpr{Fun:Ident{NamePos:79 Name:"batchSize"} Lparen:88 Args:[IntLit{ValuePos:89 Raw:"1" Value:1}] Rparen:90}}] Keyword:94 Name:Ident{NamePos:103 Name:"c"} Type:StringLit{Quote:105 Segments:[StringSegment{Start:106 End:122 Value:"child@2022-08-01"}] EndPos:123} Assign:124 Body:ForExpr{Lbrack:126 For:127 Item:Ident{NamePos:131 Name:"x"} In:133 Range:Ident{NamePos:136 Name:"y"} Colon:137 Body:ObjectLit{Lbrace:139 Rbrace:140} Rbrack:141}} Property{Key:Ident{NamePos:145 Name:"resource"} Colon:153 Value:IntLit{ValuePos:155 Raw:"1" Value:1}}] Rbrace:157}}]`},
		{"module m './x.bicep' = {\n  name: 'm'\n}",
			`[ModuleDecl{Keyword:0 Name:Ident{NamePos:7 Name:"m"} Path:StringLit{Quote:9 Segments:[StringSegment{Start:10 End:19 Value:"./x.bicep"}] EndPos:20} Assign:21 Body:ObjectLit{Lbrace:23 Members:[Property{Key:Ident{NamePos:27 Name:"name"} Colon:31 Value:StringLit{Quote:33 Segments:[StringSegment{Start:34 End:35 Value:"m"}] EndPos:36}}] Rbrace:37}}]`},
		{"@batchSize(1)\nmodule m './x.bicep' = [for x in xs: {}]",
			`[ModuleDecl{Decorators:[Decorator{At:0 Expr:CallExpr{Fun:Ident{NamePos:1 Name:"batchSize"} Lparen:10 Args:[IntLit{ValuePos:11 Raw:"1" Value:1}] Rparen:12}}] Keyword:14 Name:Ident{NamePos:21 Name:"m"} Path:StringLit{Quote:23 Segments:[StringSegment{Start:24 End:33 Value:"./x.bicep"}] EndPos:34} Assign:35 Body:ForExpr{Lbrack:37 For:38 Item:Ident{NamePos:42 Name:"x"} In:44 Range:Ident{NamePos:47 Name:"xs"} Colon:49 Body:ObjectLit{Lbrace:51 Rbrace:52} Rbrack:53}}]`},
		{"module m './x.bicep' = if (c) {}",
			`[ModuleDecl{Keyword:0 Name:Ident{NamePos:7 Name:"m"} Path:StringLit{Quote:9 Segments:[StringSegment{Start:10 End:19 Value:"./x.bicep"}] EndPos:20} Assign:21 Body:IfExpr{If:23 Lparen:26 Cond:Ident{NamePos:27 Name:"c"} Rparen:28 Body:ObjectLit{Lbrace:30 Rbrace:31}}}]`},
		{"import {a, b as c} from './x.bicep'",
			`[ImportDecl{Keyword:0 Lbrace:7 Symbols:[ImportSymbol{Name:Ident{NamePos:8 Name:"a"}} ImportSymbol{Name:Ident{NamePos:11 Name:"b"} As:13 Alias:Ident{NamePos:16 Name:"c"}}] Rbrace:17 From:19 Path:StringLit{Quote:24 Segments:[StringSegment{Start:25 End:34 Value:"./x.bicep"}] EndPos:35}}]`},
		{"import {\n  a\n  'b-c' as d\n} from './x.bicep'",
			`[ImportDecl{Keyword:0 Lbrace:7 Symbols:[ImportSymbol{Name:Ident{NamePos:11 Name:"a"}} ImportSymbol{Name:StringLit{Quote:15 Segments:[StringSegment{Start:16 End:19 Value:"b-c"}] EndPos:20} As:21 Alias:Ident{NamePos:24 Name:"d"}}] Rbrace:26 From:28 Path:StringLit{Quote:33 Segments:[StringSegment{Start:34 End:43 Value:"./x.bicep"}] EndPos:44}}]`},
		{"import * as ns from './x.bicep'",
			`[ImportDecl{Keyword:0 Star:7 Alias:Ident{NamePos:12 Name:"ns"} From:15 Path:StringLit{Quote:20 Segments:[StringSegment{Start:21 End:30 Value:"./x.bicep"}] EndPos:31}}]`},
		{"@export()\ntype t = string",
			`[TypeDecl{Decorators:[Decorator{At:0 Expr:CallExpr{Fun:Ident{NamePos:1 Name:"export"} Lparen:7 Rparen:8}}] Keyword:10 Name:Ident{NamePos:15 Name:"t"} Assign:17 Type:Ident{NamePos:19 Name:"string"}}]`},
		{"extension microsoftGraphV1",
			`[ExtensionDecl{Keyword:0 KeywordText:"extension" Spec:Ident{NamePos:10 Name:"microsoftGraphV1"}}]`},
		{"extension 'br:mcr.microsoft.com/bicep/extensions/k8s:1.0' with { a: 1 } as k8s",
			`[ExtensionDecl{Keyword:0 KeywordText:"extension" Spec:StringLit{Quote:10 Segments:[StringSegment{Start:11 End:56 Value:"br:mcr.microsoft.com/bicep/extensions/k8s:1.0"}] EndPos:57} With:58 Config:ObjectLit{Lbrace:63 Members:[Property{Key:Ident{NamePos:65 Name:"a"} Colon:66 Value:IntLit{ValuePos:68 Raw:"1" Value:1}}] Rbrace:70} As:72 Alias:Ident{NamePos:75 Name:"k8s"}}]`},
		{"provider 'x@1'",
			`[ExtensionDecl{Keyword:0 KeywordText:"provider" Spec:StringLit{Quote:9 Segments:[StringSegment{Start:10 End:13 Value:"x@1"}] EndPos:14}}]`},
		{"import 'az@1.0.0' as az",
			`[ExtensionDecl{Keyword:0 KeywordText:"import" Spec:StringLit{Quote:7 Segments:[StringSegment{Start:8 End:16 Value:"az@1.0.0"}] EndPos:17} As:18 Alias:Ident{NamePos:21 Name:"az"}}]`},
		{"extension kubernetes as k8s",
			`[ExtensionDecl{Keyword:0 KeywordText:"extension" Spec:Ident{NamePos:10 Name:"kubernetes"} As:21 Alias:Ident{NamePos:24 Name:"k8s"}}]`},
		{"assert a = true",
			`[AssertDecl{Keyword:0 Name:Ident{NamePos:7 Name:"a"} Assign:9 Value:BoolLit{ValuePos:11 Value:true}}]`},
		{"test t 'x.bicep' = {\n  params: {}\n}",
			`[TestDecl{Keyword:0 Name:Ident{NamePos:5 Name:"t"} Path:StringLit{Quote:7 Segments:[StringSegment{Start:8 End:15 Value:"x.bicep"}] EndPos:16} Assign:17 Body:ObjectLit{Lbrace:19 Members:[Property{Key:Ident{NamePos:23 Name:"params"} Colon:29 Value:ObjectLit{Lbrace:31 Rbrace:32}}] Rbrace:34}}]`},
	}
	for _, tt := range tests {
		checkDecls(t, tt.src, Bicep, tt.want)
	}
}

func TestParseParamsFile(t *testing.T) {
	tests := []struct{ src, want string }{
		{"using './main.bicep'",
			`[UsingDecl{Keyword:0 Path:StringLit{Quote:6 Segments:[StringSegment{Start:7 End:19 Value:"./main.bicep"}] EndPos:20}}]`},
		{"using none",
			`[UsingDecl{Keyword:0 None:6}]`},
		{"using 'x.bicep' with {\n  a: 1\n}",
			`[UsingDecl{Keyword:0 Path:StringLit{Quote:6 Segments:[StringSegment{Start:7 End:14 Value:"x.bicep"}] EndPos:15} With:16 Config:ObjectLit{Lbrace:21 Members:[Property{Key:Ident{NamePos:25 Name:"a"} Colon:26 Value:IntLit{ValuePos:28 Raw:"1" Value:1}}] Rbrace:30}}]`},
		{"extends './base.bicepparam'",
			`[ExtendsDecl{Keyword:0 Path:StringLit{Quote:8 Segments:[StringSegment{Start:9 End:26 Value:"./base.bicepparam"}] EndPos:27}}]`},
		{"param p = readEnvironmentVariable('X', 'default')",
			`[ParamAssign{Keyword:0 Name:Ident{NamePos:6 Name:"p"} Assign:8 Value:CallExpr{Fun:Ident{NamePos:10 Name:"readEnvironmentVariable"} Lparen:33 Args:[StringLit{Quote:34 Segments:[StringSegment{Start:35 End:36 Value:"X"}] EndPos:37} StringLit{Quote:39 Segments:[StringSegment{Start:40 End:47 Value:"default"}] EndPos:48}] Rparen:48}}]`},
		{"param s = az.getSecret('sub', 'rg', 'kv', 'secret')",
			`[ParamAssign{Keyword:0 Name:Ident{NamePos:6 Name:"s"} Assign:8 Value:CallExpr{Fun:MemberExpr{X:Ident{NamePos:10 Name:"az"} Dot:12 Name:Ident{NamePos:13 Name:"getSecret"}} Lparen:22 Args:[StringLit{Quote:23 Segments:[StringSegment{Start:24 End:27 Value:"sub"}] EndPos:28} StringLit{Quote:30 Segments:[StringSegment{Start:31 End:33 Value:"rg"}] EndPos:34} StringLit{Quote:36 Segments:[StringSegment{Start:37 End:39 Value:"kv"}] EndPos:40} StringLit{Quote:42 Segments:[StringSegment{Start:43 End:49 Value:"secret"}] EndPos:50}] Rparen:50}}]`},
		{"extensionConfig c with { a: 1 }",
			`[ExtensionConfigDecl{Keyword:0 Name:Ident{NamePos:16 Name:"c"} With:18 Config:ObjectLit{Lbrace:23 Members:[Property{Key:Ident{NamePos:25 Name:"a"} Colon:26 Value:IntLit{ValuePos:28 Raw:"1" Value:1}}] Rbrace:30}}]`},
		{"var v = 1",
			`[VarDecl{Keyword:0 Name:Ident{NamePos:4 Name:"v"} Assign:6 Value:IntLit{ValuePos:8 Raw:"1" Value:1}}]`},
		{"import {a} from 'x.bicep'",
			`[ImportDecl{Keyword:0 Lbrace:7 Symbols:[ImportSymbol{Name:Ident{NamePos:8 Name:"a"}}] Rbrace:9 From:11 Path:StringLit{Quote:16 Segments:[StringSegment{Start:17 End:24 Value:"x.bicep"}] EndPos:25}}]`},
		{"type t = string",
			`[TypeDecl{Keyword:0 Name:Ident{NamePos:5 Name:"t"} Assign:7 Type:Ident{NamePos:9 Name:"string"}}]`},
		{"extension k8s",
			`[ExtensionDecl{Keyword:0 KeywordText:"extension" Spec:Ident{NamePos:10 Name:"k8s"}}]`},
	}
	for _, tt := range tests {
		checkDecls(t, tt.src, BicepParam, tt.want)
	}
}

func checkDecls(t *testing.T, src string, mode Mode, want string) {
	t.Helper()
	file, errs := ParseFile(source.NewFile("t", []byte(src)), mode)
	if len(errs) > 0 {
		t.Errorf("%q: %v", src, errs)
	}
	if got := dump(file.Decls); got != want {
		t.Errorf("%q\n got %s\nwant %s", src, got, want)
	}
}
