package ast

// A Visitor's Visit method is called for each node Walk meets. If it
// returns a non-nil visitor w, Walk visits the node's children with w and
// then calls w.Visit(nil).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses the tree rooted at node depth-first, children in source
// order. Decorators, function parameters, import symbols, object type
// properties and tuple items are visited as nodes too; string segments are
// not (they are not nodes).
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	walkChildren(v, node)
	v.Visit(nil)
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect traverses the tree like Walk, calling f for each node; f
// returning false skips the node's children. f is called with nil after a
// node's children.
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}

// walkNodes walks each non-nil node of the list.
func walkNodes[N Node](v Visitor, list []N) {
	for _, n := range list {
		Walk(v, n)
	}
}

// walkOpt walks n unless it is nil (an interface or a typed nil pointer).
func walkOpt(v Visitor, n Node) {
	if n != nil && !isNilNode(n) {
		Walk(v, n)
	}
}

func walkChildren(v Visitor, node Node) {
	switch n := node.(type) {
	case *File:
		walkNodes(v, n.Decls)
	case *Decorator:
		Walk(v, n.Expr)
	case *FuncParam:
		Walk(v, n.Name)
		walkOpt(v, n.Type)
	case *ImportSymbol:
		Walk(v, n.Name)
		walkOpt(v, n.Alias)
	default:
		if !walkDecl(v, node) && !walkType(v, node) {
			walkExpr(v, node)
		}
	}
}

// walkDecl walks the children of a declaration and reports whether node
// was one.
func walkDecl(v Visitor, node Node) bool {
	switch n := node.(type) {
	case *BadDecl:
		walkNodes(v, n.Decorators)
	case *TargetScopeDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Value)
	case *MetadataDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Value)
	case *ParamDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Type)
		walkOpt(v, n.Default)
	case *ParamAssign:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Value)
	case *VarDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Type)
		walkOpt(v, n.Value)
	case *OutputDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Type)
		walkOpt(v, n.Value)
	case *TypeDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Type)
	case *FuncDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkNodes(v, n.Params)
		walkOpt(v, n.Result)
		walkOpt(v, n.Body)
	default:
		return walkDecl2(v, node)
	}
	return true
}

func walkDecl2(v Visitor, node Node) bool {
	switch n := node.(type) {
	case *ResourceDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Type)
		walkOpt(v, n.Body)
	case *ModuleDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Path)
		walkOpt(v, n.Body)
	case *TestDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Path)
		walkOpt(v, n.Body)
	case *AssertDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Value)
	case *ImportDecl:
		walkNodes(v, n.Decorators)
		walkNodes(v, n.Symbols)
		walkOpt(v, n.Alias)
		walkOpt(v, n.Path)
	case *ExtensionDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Spec)
		walkOpt(v, n.Config)
		walkOpt(v, n.Alias)
	case *ExtensionConfigDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Name)
		walkOpt(v, n.Config)
	case *UsingDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Path)
		walkOpt(v, n.Config)
	case *ExtendsDecl:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Path)
	default:
		return false
	}
	return true
}

// walkType walks the children of a type-only node and reports whether
// node was one.
func walkType(v Visitor, node Node) bool {
	switch n := node.(type) {
	case *ArrayType:
		Walk(v, n.Elem)
	case *NullableType:
		Walk(v, n.X)
	case *NonNullType:
		Walk(v, n.X)
	case *UnionType:
		walkNodes(v, n.Members)
	case *ObjectType:
		walkNodes(v, n.Members)
	case *ObjectTypeProperty:
		walkNodes(v, n.Decorators)
		walkOpt(v, n.Key)
		Walk(v, n.Type)
	case *TupleType:
		walkNodes(v, n.Items)
	case *TupleItem:
		walkNodes(v, n.Decorators)
		Walk(v, n.Type)
	case *ResourceType:
		walkOpt(v, n.Type)
	case *ParameterizedType:
		Walk(v, n.Name)
		walkNodes(v, n.Args)
	case *ItemsType:
		Walk(v, n.X)
	case *AdditionalPropertiesType:
		Walk(v, n.X)
	default:
		return false
	}
	return true
}

func walkExpr(v Visitor, node Node) {
	switch n := node.(type) {
	case *StringLit:
		walkNodes(v, n.Exprs)
	case *ArrayLit:
		walkNodes(v, n.Items)
	case *ObjectLit:
		walkNodes(v, n.Members)
	case *Property:
		Walk(v, n.Key)
		Walk(v, n.Value)
	case *SpreadExpr:
		Walk(v, n.X)
	case *ParenExpr:
		Walk(v, n.X)
	case *UnaryExpr:
		Walk(v, n.X)
	case *BinaryExpr:
		Walk(v, n.X)
		Walk(v, n.Y)
	case *CondExpr:
		Walk(v, n.Cond)
		Walk(v, n.Then)
		Walk(v, n.Else)
	case *NonNullExpr:
		Walk(v, n.X)
	default:
		walkExpr2(v, node)
	}
}

func walkExpr2(v Visitor, node Node) {
	switch n := node.(type) {
	case *MemberExpr:
		Walk(v, n.X)
		Walk(v, n.Name)
	case *IndexExpr:
		Walk(v, n.X)
		Walk(v, n.Index)
	case *ResourceAccessExpr:
		Walk(v, n.X)
		Walk(v, n.Name)
	case *CallExpr:
		Walk(v, n.Fun)
		walkNodes(v, n.Args)
	case *LambdaExpr:
		walkNodes(v, n.Params)
		Walk(v, n.Body)
	case *ForExpr:
		walkOpt(v, n.Item)
		walkOpt(v, n.Index)
		Walk(v, n.Range)
		Walk(v, n.Body)
	case *IfExpr:
		Walk(v, n.Cond)
		Walk(v, n.Body)
	}
}
