// Package token defines the lexical tokens of the Bicep language and the
// byte-offset positions every Bicep syntax node carries.
//
// Bicep has few reserved words: only true, false and null are keywords.
// Declaration words such as param, resource or if are identifiers that the
// parser recognises by their text where a declaration or clause may start,
// so `{ resource: 1 }` is an ordinary object. Helpers for those contextual
// keywords live here too, so scanner, parser and evaluator agree on them.
//
// Newlines are tokens: Bicep ends declarations, array items and object
// properties at line ends, so the scanner reports each run of line breaks as
// one NEWLINE token (line breaks inside comments and multi-line strings do
// not count).
package token

import "strconv"

// Pos is a byte offset into the file being parsed, counted from 0. It is a
// plain int so nodes stay small; source.File turns it into a line and
// column. NoPos marks an optional piece that was not written.
type Pos int

// NoPos is the position of something absent, such as the `existing`
// keyword of a resource declared without it.
const NoPos Pos = -1

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p >= 0 }

// Token is a lexical token kind.
type Token int

// The token kinds. The string pieces come from strings with interpolation:
// 'a${x}b${y}c' scans as STRING_HEAD 'a${, IDENT x, STRING_MID }b${,
// IDENT y, STRING_TAIL }c'. A string without holes is one STRING token.
const (
	ILLEGAL Token = iota // a character no token starts with
	EOF
	COMMENT   // "// ..." or "/* ... */"
	DIRECTIVE // "#disable-next-line code ..." at the start of a line
	NEWLINE   // one or more line breaks

	literalBeg
	IDENT       // name
	INT         // 123
	STRING      // 'abc' or '''abc'''
	STRING_HEAD // 'abc${
	STRING_MID  // }abc${
	STRING_TAIL // }abc'
	literalEnd

	operatorBeg
	LBRACE   // {
	RBRACE   // }
	LPAREN   // (
	RPAREN   // )
	LBRACK   // [
	RBRACK   // ]
	AT       // @
	COMMA    // ,
	PERIOD   // .
	ELLIPSIS // ...
	QUESTION // ?
	COALESCE // ??
	COLON    // :
	DCOLON   // ::
	SEMI     // ;
	ADD      // +
	SUB      // -
	MUL      // *
	QUO      // /
	REM      // %
	HAT      // ^
	NOT      // !
	NEQ      // !=
	NEQI     // !~
	LSS      // <
	LEQ      // <=
	GTR      // >
	GEQ      // >=
	ASSIGN   // =
	EQL      // ==
	EQLI     // =~
	ARROW    // =>
	LAND     // &&
	LOR      // ||
	PIPE     // |
	operatorEnd

	keywordBeg
	TRUE
	FALSE
	NULL
	keywordEnd
)

var names = [...]string{
	ILLEGAL:     "ILLEGAL",
	EOF:         "EOF",
	COMMENT:     "COMMENT",
	DIRECTIVE:   "DIRECTIVE",
	NEWLINE:     "NEWLINE",
	IDENT:       "IDENT",
	INT:         "INT",
	STRING:      "STRING",
	STRING_HEAD: "STRING_HEAD",
	STRING_MID:  "STRING_MID",
	STRING_TAIL: "STRING_TAIL",
	LBRACE:      "{",
	RBRACE:      "}",
	LPAREN:      "(",
	RPAREN:      ")",
	LBRACK:      "[",
	RBRACK:      "]",
	AT:          "@",
	COMMA:       ",",
	PERIOD:      ".",
	ELLIPSIS:    "...",
	QUESTION:    "?",
	COALESCE:    "??",
	COLON:       ":",
	DCOLON:      "::",
	SEMI:        ";",
	ADD:         "+",
	SUB:         "-",
	MUL:         "*",
	QUO:         "/",
	REM:         "%",
	HAT:         "^",
	NOT:         "!",
	NEQ:         "!=",
	NEQI:        "!~",
	LSS:         "<",
	LEQ:         "<=",
	GTR:         ">",
	GEQ:         ">=",
	ASSIGN:      "=",
	EQL:         "==",
	EQLI:        "=~",
	ARROW:       "=>",
	LAND:        "&&",
	LOR:         "||",
	PIPE:        "|",
	TRUE:        "true",
	FALSE:       "false",
	NULL:        "null",
}

// String returns the token's spelling for operators and keywords, and its
// upper-case name for the other kinds.
func (t Token) String() string {
	if t >= 0 && int(t) < len(names) && names[t] != "" {
		return names[t]
	}
	return "token(" + strconv.Itoa(int(t)) + ")"
}

// IsLiteral reports whether t is an identifier, number or string piece.
func (t Token) IsLiteral() bool { return literalBeg < t && t < literalEnd }

// IsOperator reports whether t is an operator or delimiter.
func (t Token) IsOperator() bool { return operatorBeg < t && t < operatorEnd }

// IsKeyword reports whether t is one of the reserved words true, false, null.
func (t Token) IsKeyword() bool { return keywordBeg < t && t < keywordEnd }

// IsString reports whether t is a whole string or a piece of one.
func (t Token) IsString() bool { return t >= STRING && t <= STRING_TAIL }

// Lookup returns the keyword token for ident, or IDENT.
func Lookup(ident string) Token {
	switch ident {
	case "true":
		return TRUE
	case "false":
		return FALSE
	case "null":
		return NULL
	}
	return IDENT
}

// LowestPrec is the precedence of tokens that are not binary operators.
const LowestPrec = 0

// Precedence returns the binary-operator precedence of t, or LowestPrec.
// Higher binds tighter: * / % over + - over comparisons over equality over
// && over || over ??. All binary operators are left-associative.
func (t Token) Precedence() int {
	switch t {
	case MUL, QUO, REM:
		return 7
	case ADD, SUB:
		return 6
	case LSS, LEQ, GTR, GEQ:
		return 5
	case EQL, NEQ, EQLI, NEQI:
		return 4
	case LAND:
		return 3
	case LOR:
		return 2
	case COALESCE:
		return 1
	}
	return LowestPrec
}

// The contextual keywords: identifiers with a meaning where a declaration or
// clause starts.
const (
	KwTargetScope     = "targetScope"
	KwMetadata        = "metadata"
	KwParam           = "param"
	KwVar             = "var"
	KwOutput          = "output"
	KwResource        = "resource"
	KwModule          = "module"
	KwType            = "type"
	KwFunc            = "func"
	KwImport          = "import"
	KwExtension       = "extension"
	KwExtensionConfig = "extensionConfig"
	KwProvider        = "provider"
	KwUsing           = "using"
	KwExtends         = "extends"
	KwAssert          = "assert"
	KwTest            = "test"
	KwExisting        = "existing"
	KwWith            = "with"
	KwAs              = "as"
	KwFrom            = "from"
	KwIf              = "if"
	KwFor             = "for"
	KwIn              = "in"
	KwNone            = "none"
)

// IsDeclarationKeyword reports whether ident starts a declaration in a
// .bicep or .bicepparam file.
func IsDeclarationKeyword(ident string) bool {
	switch ident {
	case KwTargetScope, KwMetadata, KwParam, KwVar, KwOutput, KwResource, KwModule,
		KwType, KwFunc, KwImport, KwExtension, KwExtensionConfig, KwProvider,
		KwUsing, KwExtends, KwAssert, KwTest:
		return true
	}
	return false
}
