package ast

import "github.com/apimlint/apimlint/internal/bicep/token"

// Expressions.
type (
	// BadExpr stands for an expression that could not be parsed; it spans
	// the text skipped (possibly nothing).
	BadExpr struct {
		From, To token.Pos
	}

	// Ident is a name: a variable, parameter, function, property key or
	// type name. Name is empty when a required name was missing.
	Ident struct {
		NamePos token.Pos
		Name    string
	}

	// IntLit is a non-negative integer literal; -1 is a *UnaryExpr.
	IntLit struct {
		ValuePos token.Pos
		Raw      string // the digits as written
		Value    uint64 // 0 when Raw does not fit (reported as an error)
	}

	// BoolLit is true or false.
	BoolLit struct {
		ValuePos token.Pos
		Value    bool
	}

	// NullLit is null.
	NullLit struct {
		ValuePos token.Pos
	}

	// StringLit is a string, possibly with interpolation holes:
	// 'a${x}b' has Segments "a" and "b" and Exprs [x]. There is always
	// one more segment than expressions; segments may be empty.
	StringLit struct {
		Quote     token.Pos // opening "'", "'''" or "$'''"
		Segments  []StringSegment
		Exprs     []Expr
		Multiline bool      // a ''' string: no escapes
		EndPos    token.Pos // just after the closing quote(s)
	}

	// ArrayLit is [a, b] or the same items on separate lines. Items may be
	// *SpreadExpr.
	ArrayLit struct {
		Lbrack token.Pos
		Items  []Expr
		Rbrack token.Pos
	}

	// ObjectLit is { key: value ... }, on one line with commas or on
	// separate lines.
	ObjectLit struct {
		Lbrace  token.Pos
		Members []ObjectMember
		Rbrace  token.Pos
	}

	// Property is key: value in an object literal.
	Property struct {
		Key   Expr // *Ident or *StringLit (possibly interpolated); *BadExpr after an error
		Colon token.Pos
		Value Expr
	}

	// SpreadExpr is ...x inside an array or object.
	SpreadExpr struct {
		Ellipsis token.Pos
		X        Expr
	}

	// ParenExpr is (x).
	ParenExpr struct {
		Lparen token.Pos
		X      Expr
		Rparen token.Pos
	}

	// UnaryExpr is !x or -x (and, in types, a negative literal type -1).
	UnaryExpr struct {
		OpPos token.Pos
		Op    token.Token // token.NOT or token.SUB
		X     Expr
	}

	// BinaryExpr is x op y for the operators || && == != =~ !~ < <= > >=
	// + - * / % ??.
	BinaryExpr struct {
		X     Expr
		OpPos token.Pos
		Op    token.Token
		Y     Expr
	}

	// CondExpr is cond ? then : else.
	CondExpr struct {
		Cond     Expr
		Question token.Pos
		Then     Expr
		Colon    token.Pos
		Else     Expr
	}

	// NonNullExpr is the non-null assertion x!.
	NonNullExpr struct {
		X    Expr
		Bang token.Pos
	}

	// MemberExpr is x.name, or x.?name when Safe. It also spells namespaced
	// names: sys.concat in a call, ns.myType in a type.
	MemberExpr struct {
		X    Expr
		Dot  token.Pos
		Safe bool // ".?": null when x is null or lacks the property
		Name *Ident
	}

	// IndexExpr is x[i]; x[?i] when Safe, x[^i] (counting from the end)
	// when FromEnd.
	IndexExpr struct {
		X       Expr
		Lbrack  token.Pos
		Safe    bool
		FromEnd bool
		Index   Expr
		Rbrack  token.Pos
	}

	// ResourceAccessExpr is parent::child, naming a resource declared
	// inside parent's body.
	ResourceAccessExpr struct {
		X      Expr
		DColon token.Pos
		Name   *Ident
	}

	// CallExpr is f(args). Fun is an *Ident for f(...), a *MemberExpr for
	// a namespaced function (az.resourceGroup(), sys.concat(...)) or a
	// method of a resource (storage.listKeys()).
	CallExpr struct {
		Fun    Expr
		Lparen token.Pos
		Args   []Expr
		Rparen token.Pos
	}

	// LambdaExpr is x => body or (a, b) => body. Lparen and Rparen are
	// NoPos for the single-parameter form without parentheses.
	LambdaExpr struct {
		Lparen token.Pos
		Params []*Ident
		Rparen token.Pos
		Arrow  token.Pos
		Body   Expr
	}

	// ForExpr is [for item in range: body] or
	// [for (item, index) in range: body]. In a resource or module
	// declaration Body is an *ObjectLit or *IfExpr.
	ForExpr struct {
		Lbrack token.Pos
		For    token.Pos
		Item   *Ident
		Index  *Ident // nil without the (item, index) form
		In     token.Pos
		Range  Expr
		Colon  token.Pos
		Body   Expr
		Rbrack token.Pos
	}

	// IfExpr is if (cond) { ... }, the body of a conditional resource or
	// module (or of a loop over them).
	IfExpr struct {
		If     token.Pos
		Lparen token.Pos
		Cond   Expr
		Rparen token.Pos
		Body   Expr // *ObjectLit; *BadExpr after a syntax error
	}
)

// Type expressions. Names (string, int, myType, ns.myType), literals,
// parentheses and unary minus use the expression nodes above.
type (
	// ArrayType is elem[].
	ArrayType struct {
		Elem   Expr
		Lbrack token.Pos
		Rbrack token.Pos
	}

	// NullableType is x?.
	NullableType struct {
		X        Expr
		Question token.Pos
	}

	// NonNullType is x!, the type x without null.
	NonNullType struct {
		X    Expr
		Bang token.Pos
	}

	// UnionType is a | b | c, optionally with a leading "|".
	UnionType struct {
		Lead    token.Pos // the leading "|", or NoPos
		Members []Expr
	}

	// ObjectType is { name: type ... }.
	ObjectType struct {
		Lbrace  token.Pos
		Members []*ObjectTypeProperty
		Rbrace  token.Pos
	}

	// ObjectTypeProperty is a property of an object type, with its
	// decorators: name: type, 'quoted name': type, or *: type for the type
	// of any additional property.
	ObjectTypeProperty struct {
		Decorators []*Decorator
		Key        Expr      // *Ident or *StringLit; nil for "*"
		Star       token.Pos // the "*" key, or NoPos
		Colon      token.Pos
		Type       Expr
	}

	// TupleType is [type, type ...].
	TupleType struct {
		Lbrack token.Pos
		Items  []*TupleItem
		Rbrack token.Pos
	}

	// TupleItem is one item of a tuple type, with its decorators.
	TupleItem struct {
		Decorators []*Decorator
		Type       Expr
	}

	// ResourceType is resource 'Type@version' used as a parameter or output
	// type. Type is nil in an output declared "resource" alone.
	ResourceType struct {
		Resource token.Pos
		Type     *StringLit
	}

	// ParameterizedType is name<args>, such as resourceInput<'T@v'>.
	ParameterizedType struct {
		Name Expr // *Ident or *MemberExpr
		Lt   token.Pos
		Args []Expr
		Gt   token.Pos
	}

	// ItemsType is x[*], the type of x's items.
	ItemsType struct {
		X      Expr
		Lbrack token.Pos
		Rbrack token.Pos
	}

	// AdditionalPropertiesType is x.*, the type of x's additional
	// properties.
	AdditionalPropertiesType struct {
		X    Expr
		Star token.Pos
	}
)

// Pos and End implementations for expressions.

func (x *BadExpr) Pos() token.Pos            { return x.From }
func (x *Ident) Pos() token.Pos              { return x.NamePos }
func (x *IntLit) Pos() token.Pos             { return x.ValuePos }
func (x *BoolLit) Pos() token.Pos            { return x.ValuePos }
func (x *NullLit) Pos() token.Pos            { return x.ValuePos }
func (x *StringLit) Pos() token.Pos          { return x.Quote }
func (x *ArrayLit) Pos() token.Pos           { return x.Lbrack }
func (x *ObjectLit) Pos() token.Pos          { return x.Lbrace }
func (x *Property) Pos() token.Pos           { return x.Key.Pos() }
func (x *SpreadExpr) Pos() token.Pos         { return x.Ellipsis }
func (x *ParenExpr) Pos() token.Pos          { return x.Lparen }
func (x *UnaryExpr) Pos() token.Pos          { return x.OpPos }
func (x *BinaryExpr) Pos() token.Pos         { return x.X.Pos() }
func (x *CondExpr) Pos() token.Pos           { return x.Cond.Pos() }
func (x *NonNullExpr) Pos() token.Pos        { return x.X.Pos() }
func (x *MemberExpr) Pos() token.Pos         { return x.X.Pos() }
func (x *IndexExpr) Pos() token.Pos          { return x.X.Pos() }
func (x *ResourceAccessExpr) Pos() token.Pos { return x.X.Pos() }
func (x *CallExpr) Pos() token.Pos           { return x.Fun.Pos() }
func (x *ForExpr) Pos() token.Pos            { return x.Lbrack }
func (x *IfExpr) Pos() token.Pos             { return x.If }

func (x *LambdaExpr) Pos() token.Pos {
	if x.Lparen.IsValid() {
		return x.Lparen
	}
	return x.Params[0].Pos()
}

func (x *ArrayType) Pos() token.Pos                { return x.Elem.Pos() }
func (x *NullableType) Pos() token.Pos             { return x.X.Pos() }
func (x *NonNullType) Pos() token.Pos              { return x.X.Pos() }
func (x *ObjectType) Pos() token.Pos               { return x.Lbrace }
func (x *TupleType) Pos() token.Pos                { return x.Lbrack }
func (x *ResourceType) Pos() token.Pos             { return x.Resource }
func (x *ParameterizedType) Pos() token.Pos        { return x.Name.Pos() }
func (x *ItemsType) Pos() token.Pos                { return x.X.Pos() }
func (x *AdditionalPropertiesType) Pos() token.Pos { return x.X.Pos() }

func (x *UnionType) Pos() token.Pos {
	if x.Lead.IsValid() {
		return x.Lead
	}
	return x.Members[0].Pos()
}

func (x *ObjectTypeProperty) Pos() token.Pos {
	switch {
	case len(x.Decorators) > 0:
		return x.Decorators[0].At
	case x.Key != nil:
		return x.Key.Pos()
	}
	return x.Star
}

func (x *TupleItem) Pos() token.Pos { return startWith(x.Decorators, x.Type.Pos()) }

func (x *BadExpr) End() token.Pos     { return x.To }
func (x *Ident) End() token.Pos       { return x.NamePos + token.Pos(len(x.Name)) }
func (x *IntLit) End() token.Pos      { return x.ValuePos + token.Pos(len(x.Raw)) }
func (x *NullLit) End() token.Pos     { return x.ValuePos + 4 }
func (x *StringLit) End() token.Pos   { return x.EndPos }
func (x *ArrayLit) End() token.Pos    { return x.Rbrack + 1 }
func (x *ObjectLit) End() token.Pos   { return x.Rbrace + 1 }
func (x *Property) End() token.Pos    { return x.Value.End() }
func (x *SpreadExpr) End() token.Pos  { return x.X.End() }
func (x *ParenExpr) End() token.Pos   { return x.Rparen + 1 }
func (x *UnaryExpr) End() token.Pos   { return x.X.End() }
func (x *BinaryExpr) End() token.Pos  { return x.Y.End() }
func (x *CondExpr) End() token.Pos    { return x.Else.End() }
func (x *NonNullExpr) End() token.Pos { return x.Bang + 1 }
func (x *MemberExpr) End() token.Pos  { return x.Name.End() }
func (x *IndexExpr) End() token.Pos   { return x.Rbrack + 1 }
func (x *CallExpr) End() token.Pos    { return x.Rparen + 1 }
func (x *LambdaExpr) End() token.Pos  { return x.Body.End() }
func (x *ForExpr) End() token.Pos     { return x.Rbrack + 1 }
func (x *IfExpr) End() token.Pos      { return x.Body.End() }

func (x *ResourceAccessExpr) End() token.Pos { return x.Name.End() }

func (x *BoolLit) End() token.Pos {
	if x.Value {
		return x.ValuePos + 4
	}
	return x.ValuePos + 5
}

func (x *ArrayType) End() token.Pos                { return x.Rbrack + 1 }
func (x *NullableType) End() token.Pos             { return x.Question + 1 }
func (x *NonNullType) End() token.Pos              { return x.Bang + 1 }
func (x *UnionType) End() token.Pos                { return x.Members[len(x.Members)-1].End() }
func (x *ObjectType) End() token.Pos               { return x.Rbrace + 1 }
func (x *ObjectTypeProperty) End() token.Pos       { return x.Type.End() }
func (x *TupleType) End() token.Pos                { return x.Rbrack + 1 }
func (x *TupleItem) End() token.Pos                { return x.Type.End() }
func (x *ParameterizedType) End() token.Pos        { return x.Gt + 1 }
func (x *ItemsType) End() token.Pos                { return x.Rbrack + 1 }
func (x *AdditionalPropertiesType) End() token.Pos { return x.Star + 1 }

func (x *ResourceType) End() token.Pos {
	if x.Type != nil {
		return x.Type.End()
	}
	return x.Resource + token.Pos(len(token.KwResource))
}

func (*BadExpr) exprNode()                  {}
func (*Ident) exprNode()                    {}
func (*IntLit) exprNode()                   {}
func (*BoolLit) exprNode()                  {}
func (*NullLit) exprNode()                  {}
func (*StringLit) exprNode()                {}
func (*ArrayLit) exprNode()                 {}
func (*ObjectLit) exprNode()                {}
func (*SpreadExpr) exprNode()               {}
func (*ParenExpr) exprNode()                {}
func (*UnaryExpr) exprNode()                {}
func (*BinaryExpr) exprNode()               {}
func (*CondExpr) exprNode()                 {}
func (*NonNullExpr) exprNode()              {}
func (*MemberExpr) exprNode()               {}
func (*IndexExpr) exprNode()                {}
func (*ResourceAccessExpr) exprNode()       {}
func (*CallExpr) exprNode()                 {}
func (*LambdaExpr) exprNode()               {}
func (*ForExpr) exprNode()                  {}
func (*IfExpr) exprNode()                   {}
func (*ArrayType) exprNode()                {}
func (*NullableType) exprNode()             {}
func (*NonNullType) exprNode()              {}
func (*UnionType) exprNode()                {}
func (*ObjectType) exprNode()               {}
func (*TupleType) exprNode()                {}
func (*ResourceType) exprNode()             {}
func (*ParameterizedType) exprNode()        {}
func (*ItemsType) exprNode()                {}
func (*AdditionalPropertiesType) exprNode() {}

func (*Property) objectMember()   {}
func (*SpreadExpr) objectMember() {}
func (*BadExpr) objectMember()    {}

// KeyName returns the property name when the key is an identifier or a
// string without interpolation.
func (x *Property) KeyName() (string, bool) {
	switch k := x.Key.(type) {
	case *Ident:
		return k.Name, k.Name != ""
	case *StringLit:
		return k.Value()
	}
	return "", false
}

// Value returns the decoded value of a string without interpolation.
func (x *StringLit) Value() (string, bool) {
	if len(x.Exprs) > 0 || len(x.Segments) != 1 {
		return "", false
	}
	return x.Segments[0].Value, true
}

// Property returns the first property of x named name (an identifier key
// or a constant string key), or nil.
func (x *ObjectLit) Property(name string) *Property {
	for _, m := range x.Members {
		if p, ok := m.(*Property); ok {
			if k, ok := p.KeyName(); ok && k == name {
				return p
			}
		}
	}
	return nil
}
