// Package source holds positions in input files and maps from derived text
// back to the file where each character was written.
//
// Every parser in apimlint reports positions as byte offsets into what it read;
// this package turns offsets into 1-based lines and character columns (Unicode
// code points, not bytes), the form used by every output format.
package source

import (
	"bytes"
	"fmt"
	"sort"
	"sync"
	"unicode/utf8"
)

// Pos is a position in a file.
type Pos struct {
	Offset int // byte offset from the start of the file
	Line   int // 1-based line number
	Column int // 1-based column, counted in characters
}

// Range is a span in a file; End is exclusive.
type Range struct {
	Start Pos
	End   Pos
}

// Location is a range in a named file. File is a slash-separated path as the
// user gave it (relative to the working directory unless they passed an
// absolute path).
type Location struct {
	File string
	Range
}

// String formats the location as path:line:col.
func (l Location) String() string {
	return fmt.Sprintf("%s:%d:%d", l.File, l.Start.Line, l.Start.Column)
}

// IsZero reports whether the location was never set.
func (l Location) IsZero() bool {
	return l.File == "" && l.Start.Line == 0
}

// File is one input file with a table of line starts.
type File struct {
	Path string
	// Content is what was read. It never changes once the File is made:
	// texts share it (FileText).
	Content []byte

	lines []int // byte offset where each line starts
	bom   int   // length of a leading UTF-8 byte order mark, not counted as a column
	ascii bool  // no byte above 0x7f: columns are byte distances

	mu        sync.Mutex
	lastLine  int // cache for rune counting on non-ASCII lines
	lastOff   int
	lastCol   int
	haveCache bool
}

// NewFile indexes content. A line ends at "\n", "\r\n" or a lone "\r".
func NewFile(path string, content []byte) *File {
	// A line starts after each \n and each \r not before one: at most
	// one per \n and \r, counted first, so the table is made once.
	lines := make([]int, 1, 1+bytes.Count(content, []byte{'\n'})+bytes.Count(content, []byte{'\r'}))
	f := &File{Path: path, Content: content, lines: lines, ascii: true}
	if len(content) >= 3 && content[0] == 0xef && content[1] == 0xbb && content[2] == 0xbf {
		f.bom = 3
	}
	for i := 0; i < len(content); i++ {
		switch c := content[i]; {
		case c == '\n':
			f.lines = append(f.lines, i+1)
		case c == '\r':
			if i+1 < len(content) && content[i+1] == '\n' {
				i++
			}
			f.lines = append(f.lines, i+1)
		case c >= 0x80:
			f.ascii = false
		}
	}
	return f
}

// LineCount returns the number of lines in the file.
func (f *File) LineCount() int { return len(f.lines) }

// LineStart returns the byte offset where the 1-based line starts.
func (f *File) LineStart(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(f.lines) {
		return len(f.Content)
	}
	return f.lines[line-1]
}

// Pos converts a byte offset to a position. Offsets outside the file are
// clamped to it.
func (f *File) Pos(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(f.Content) {
		offset = len(f.Content)
	}
	line := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > offset })
	start := f.lines[line-1]
	if line == 1 && f.bom > 0 {
		start = min(f.bom, offset)
	}
	return Pos{Offset: offset, Line: line, Column: f.column(line, start, offset)}
}

// column counts characters from start to offset on one line.
func (f *File) column(line, start, offset int) int {
	if f.ascii {
		return offset - start + 1
	}
	f.mu.Lock()
	defer f.mu.Unlock()

	// Positions are mostly asked for in file order; resume counting from the
	// last answer on the same line so long lines stay linear.
	from, col := start, 1
	if f.haveCache && f.lastLine == line && start <= f.lastOff && f.lastOff <= offset {
		from, col = f.lastOff, f.lastCol
	}
	col += utf8.RuneCount(f.Content[from:offset])
	f.lastLine, f.lastOff, f.lastCol, f.haveCache = line, offset, col, true
	return col
}

// Range converts a pair of byte offsets to a range.
func (f *File) Range(start, end int) Range {
	if end < start {
		end = start
	}
	return Range{Start: f.Pos(start), End: f.Pos(end)}
}

// Location converts a pair of byte offsets to a location in this file.
func (f *File) Location(start, end int) Location {
	return Location{File: f.Path, Range: f.Range(start, end)}
}
