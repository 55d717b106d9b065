package scanner

import (
	"sort"
	"strings"

	"github.com/apimlint/apimlint/internal/source"
)

// An Error is a syntax error in a Bicep file: where it is and what is
// wrong. Loc.End is the end of the offending text, equal to Loc.Start when
// the error is at a point (such as a missing token).
type Error struct {
	Loc source.Location
	Msg string
}

// Error formats the error as path:line:col: message.
func (e *Error) Error() string {
	return e.Loc.String() + ": " + e.Msg
}

// ErrorList is a list of errors, in the order they were found unless
// sorted.
type ErrorList []*Error

// Add appends an error at the byte range [pos, end) of f.
func (l *ErrorList) Add(f *source.File, pos, end int, msg string) {
	*l = append(*l, &Error{Loc: f.Location(pos, end), Msg: msg})
}

// Len, Swap and Less let an ErrorList be sorted by position.
func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i].Loc, l[j].Loc
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Start.Offset != b.Start.Offset {
		return a.Start.Offset < b.Start.Offset
	}
	return l[i].Msg < l[j].Msg
}

// Sort sorts the list by file and position.
func (l ErrorList) Sort() { sort.Sort(l) }

// Error returns the errors one per line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
