package ast

import "github.com/apimlint/apimlint/internal/bicep/token"

// Declarations. Each starts with its keyword at Keyword, after optional
// decorators; Pos is the first decorator's "@" when there is one. An
// absent "=" has the position NoPos.
type (
	// BadDecl stands for a statement that could not be parsed, such as a
	// line starting with an unknown word, or decorators followed by no
	// declaration.
	BadDecl struct {
		Decorators []*Decorator
		From, To   token.Pos
	}

	// TargetScopeDecl is targetScope = value.
	TargetScopeDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Assign     token.Pos
		Value      Expr
	}

	// MetadataDecl is metadata name = value.
	MetadataDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Assign     token.Pos
		Value      Expr
	}

	// ParamDecl is param name type, with an optional default: = value.
	// The type may be a *ResourceType.
	ParamDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Type       Expr
		Assign     token.Pos // NoPos without a default
		Default    Expr      // nil without a default
	}

	// ParamAssign is param name = value in a .bicepparam file.
	ParamAssign struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Assign     token.Pos
		Value      Expr
	}

	// VarDecl is var name = value, or var name type = value.
	VarDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Type       Expr // nil when not written
		Assign     token.Pos
		Value      Expr
	}

	// OutputDecl is output name type = value.
	OutputDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Type       Expr
		Assign     token.Pos
		Value      Expr
	}

	// TypeDecl is type name = type.
	TypeDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Assign     token.Pos
		Type       Expr
	}

	// FuncDecl is func name(param type, ...) resultType => body.
	FuncDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Lparen     token.Pos
		Params     []*FuncParam
		Rparen     token.Pos
		Result     Expr // the result type
		Arrow      token.Pos
		Body       Expr
	}

	// ResourceDecl is resource name 'Type@version' [existing] = body. Body
	// is an *ObjectLit, an *IfExpr or a *ForExpr. Inside another
	// resource's body, Type may be a child type such as 'policies' or
	// 'policies@2022-08-01' (the parent's type and version apply).
	ResourceDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Type       *StringLit // nil after a syntax error
		Existing   token.Pos  // the existing keyword, or NoPos
		Assign     token.Pos
		Body       Expr
	}

	// ModuleDecl is module name 'path' = body, where body is an
	// *ObjectLit, an *IfExpr or a *ForExpr.
	ModuleDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Path       *StringLit // nil after a syntax error
		Assign     token.Pos
		Body       Expr
	}

	// TestDecl is test name 'path' = { ... }.
	TestDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Path       *StringLit // nil after a syntax error
		Assign     token.Pos
		Body       Expr
	}

	// AssertDecl is assert name = condition.
	AssertDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		Assign     token.Pos
		Value      Expr
	}

	// ImportDecl is import {a, b as c} from 'path' (Symbols set) or
	// import * as ns from 'path' (Star and Alias set).
	ImportDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Lbrace     token.Pos // NoPos for the wildcard form
		Symbols    []*ImportSymbol
		Rbrace     token.Pos
		Star       token.Pos // NoPos for the list form
		Alias      *Ident    // the namespace of the wildcard form
		From       token.Pos
		Path       *StringLit // nil after a syntax error
	}

	// ExtensionDecl brings in an extension's types: extension name,
	// extension 'ref@version', either with "with { config }" and
	// "as alias". Keyword is "extension", the older "provider", or "import"
	// followed by a string (the oldest spelling).
	ExtensionDecl struct {
		Decorators  []*Decorator
		Keyword     token.Pos
		KeywordText string
		Spec        Expr      // *Ident or *StringLit; *BadExpr after an error
		With        token.Pos // NoPos without a with clause
		Config      Expr      // the with clause's *ObjectLit, or nil
		As          token.Pos // NoPos without an alias
		Alias       *Ident    // nil without an alias
	}

	// ExtensionConfigDecl is extensionConfig alias with { ... } in a
	// .bicepparam file.
	ExtensionConfigDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Name       *Ident
		With       token.Pos
		Config     Expr
	}

	// UsingDecl is using 'path' or using none in a .bicepparam file,
	// optionally followed by with { ... }.
	UsingDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Path       *StringLit // nil for using none and after a syntax error
		None       token.Pos  // the none keyword, or NoPos
		With       token.Pos  // NoPos without a with clause
		Config     Expr       // nil without a with clause
	}

	// ExtendsDecl is extends 'path' in a .bicepparam file.
	ExtendsDecl struct {
		Decorators []*Decorator
		Keyword    token.Pos
		Path       *StringLit // nil after a syntax error
	}
)

// FuncParam is one typed parameter of a user-defined function.
type FuncParam struct {
	Name *Ident
	Type Expr
}

// Pos returns the start of the parameter name.
func (p *FuncParam) Pos() token.Pos { return p.Name.Pos() }

// End returns the end of the parameter type.
func (p *FuncParam) End() token.Pos { return p.Type.End() }

// ImportSymbol is one entry of an import list: a name with an optional
// alias, name as alias. A name that is not an identifier is written as a
// string and must have an alias.
type ImportSymbol struct {
	Name  Expr      // *Ident or *StringLit
	As    token.Pos // NoPos without an alias
	Alias *Ident    // nil without an alias
}

// Pos returns the start of the name.
func (s *ImportSymbol) Pos() token.Pos { return s.Name.Pos() }

// End returns the end of the alias, or of the name.
func (s *ImportSymbol) End() token.Pos {
	if s.Alias != nil {
		return s.Alias.End()
	}
	return s.Name.End()
}

func (d *BadDecl) Pos() token.Pos             { return startWith(d.Decorators, d.From) }
func (d *TargetScopeDecl) Pos() token.Pos     { return startWith(d.Decorators, d.Keyword) }
func (d *MetadataDecl) Pos() token.Pos        { return startWith(d.Decorators, d.Keyword) }
func (d *ParamDecl) Pos() token.Pos           { return startWith(d.Decorators, d.Keyword) }
func (d *ParamAssign) Pos() token.Pos         { return startWith(d.Decorators, d.Keyword) }
func (d *VarDecl) Pos() token.Pos             { return startWith(d.Decorators, d.Keyword) }
func (d *OutputDecl) Pos() token.Pos          { return startWith(d.Decorators, d.Keyword) }
func (d *TypeDecl) Pos() token.Pos            { return startWith(d.Decorators, d.Keyword) }
func (d *FuncDecl) Pos() token.Pos            { return startWith(d.Decorators, d.Keyword) }
func (d *ResourceDecl) Pos() token.Pos        { return startWith(d.Decorators, d.Keyword) }
func (d *ModuleDecl) Pos() token.Pos          { return startWith(d.Decorators, d.Keyword) }
func (d *TestDecl) Pos() token.Pos            { return startWith(d.Decorators, d.Keyword) }
func (d *AssertDecl) Pos() token.Pos          { return startWith(d.Decorators, d.Keyword) }
func (d *ImportDecl) Pos() token.Pos          { return startWith(d.Decorators, d.Keyword) }
func (d *ExtensionDecl) Pos() token.Pos       { return startWith(d.Decorators, d.Keyword) }
func (d *ExtensionConfigDecl) Pos() token.Pos { return startWith(d.Decorators, d.Keyword) }
func (d *UsingDecl) Pos() token.Pos           { return startWith(d.Decorators, d.Keyword) }
func (d *ExtendsDecl) Pos() token.Pos         { return startWith(d.Decorators, d.Keyword) }

// keywordEnd returns the end of a keyword written at pos.
func keywordEnd(pos token.Pos, kw string) token.Pos { return pos + token.Pos(len(kw)) }

func (d *BadDecl) End() token.Pos { return d.To }

func (d *TargetScopeDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwTargetScope), d.Value)
}

func (d *MetadataDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwMetadata), d.Value, d.Name)
}

func (d *ParamDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwParam), d.Default, d.Type, d.Name)
}

func (d *ParamAssign) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwParam), d.Value, d.Name)
}

func (d *VarDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwVar), d.Value, d.Type, d.Name)
}

func (d *OutputDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwOutput), d.Value, d.Type, d.Name)
}

func (d *TypeDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwType), d.Type, d.Name)
}

func (d *FuncDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwFunc), d.Body, d.Result, d.Name)
}

func (d *ResourceDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwResource), d.Body, d.Type, d.Name)
}

func (d *ModuleDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwModule), d.Body, d.Path, d.Name)
}

func (d *TestDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwTest), d.Body, d.Path, d.Name)
}

func (d *AssertDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwAssert), d.Value, d.Name)
}

func (d *ImportDecl) End() token.Pos {
	end := endOf(keywordEnd(d.Keyword, token.KwImport), d.Path, d.Alias)
	return max(end, maxPos(1, d.Rbrace, d.Star))
}

func (d *ExtensionDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, d.KeywordText), d.Alias, d.Config, d.Spec)
}

func (d *ExtensionConfigDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwExtensionConfig), d.Config, d.Name)
}

func (d *UsingDecl) End() token.Pos {
	end := endOf(keywordEnd(d.Keyword, token.KwUsing), d.Config, d.Path)
	if d.Config == nil && d.None.IsValid() {
		end = keywordEnd(d.None, token.KwNone)
	}
	return end
}

func (d *ExtendsDecl) End() token.Pos {
	return endOf(keywordEnd(d.Keyword, token.KwExtends), d.Path)
}

func (*BadDecl) declNode()             {}
func (*TargetScopeDecl) declNode()     {}
func (*MetadataDecl) declNode()        {}
func (*ParamDecl) declNode()           {}
func (*ParamAssign) declNode()         {}
func (*VarDecl) declNode()             {}
func (*OutputDecl) declNode()          {}
func (*TypeDecl) declNode()            {}
func (*FuncDecl) declNode()            {}
func (*ResourceDecl) declNode()        {}
func (*ModuleDecl) declNode()          {}
func (*TestDecl) declNode()            {}
func (*AssertDecl) declNode()          {}
func (*ImportDecl) declNode()          {}
func (*ExtensionDecl) declNode()       {}
func (*ExtensionConfigDecl) declNode() {}
func (*UsingDecl) declNode()           {}
func (*ExtendsDecl) declNode()         {}

func (*ResourceDecl) objectMember() {}
