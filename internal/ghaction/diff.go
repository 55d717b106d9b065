package ghaction

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Changes are the lines a change touched, by file. Files are keyed by
// absolute path with symlinks resolved, as CI.Dir is.
type Changes struct {
	files map[string][]span
}

// span is a range of lines, 1-based and inclusive.
type span struct{ from, to int }

// Touched reports whether the change touched any of lines from..to of the
// file at path (absolute); from 0 asks whether it touched the file at all.
func (c *Changes) Touched(path string, from, to int) bool {
	if c == nil {
		return false
	}
	spans, ok := c.files[filepath.Clean(path)]
	if !ok {
		return false
	}
	if from <= 0 {
		return true
	}
	for _, s := range spans {
		if s.from <= to && from <= s.to {
			return true
		}
	}
	return false
}

// Files returns how many files the change touched.
func (c *Changes) Files() int {
	if c == nil {
		return 0
	}
	return len(c.files)
}

// Diff finds the lines changed in the working tree of the git repository at
// dir since ref: since the merge base of ref and HEAD when git can find it
// (what a pull request shows), else since ref itself (a shallow clone knows
// no merge base). Files git does not track yet are not part of the change.
func Diff(ctx context.Context, dir, ref string) (*Changes, error) {
	if ref == "" || strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("diff since %q: not a git revision", ref)
	}
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("find the git repository of %s: %w", dir, err)
	}
	root := resolve(filepath.FromSlash(strings.TrimSpace(string(top))))

	args := []string{"-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--src-prefix=a/", "--dst-prefix=b/", "-U0"}
	out, err := git(ctx, dir, append(append(args, "--merge-base"), ref, "--")...)
	if err != nil {
		out, err = git(ctx, dir, append(args, ref, "--")...)
	}
	if err != nil {
		return nil, fmt.Errorf("diff since %s: %w", ref, err)
	}
	return parseDiff(bytes.NewReader(out), root)
}

// git runs a git command and returns its standard output; a failure carries
// git's own words.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git: %s", firstLine(msg))
		}
		return nil, fmt.Errorf("git: %w", err)
	}
	return out, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// parseDiff reads a unified diff with zero lines of context and records, per
// new file, the lines its hunks added or changed. A hunk that only deletes
// marks the lines on both sides of the cut, where a finding about the
// missing text (a deleted <base />) is reported.
func parseDiff(r io.Reader, root string) (*Changes, error) {
	c := &Changes{files: map[string][]span{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	file := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			file = ""
		case strings.HasPrefix(line, "+++ "):
			name, err := diffPath(strings.TrimPrefix(line, "+++ "))
			if err != nil {
				return nil, err
			}
			file = ""
			if name != "" {
				file = filepath.Join(root, filepath.FromSlash(name))
				c.files[file] = c.files[file][:0:0]
			}
		case strings.HasPrefix(line, "@@ ") && file != "":
			s, err := hunkSpan(line)
			if err != nil {
				return nil, err
			}
			c.files[file] = append(c.files[file], s)
		}
	}
	return c, sc.Err()
}

// diffPath reads the path of a "+++" line: b/path, "b/quoted\tpath" or
// /dev/null for a deleted file (returned as "").
func diffPath(s string) (string, error) {
	s = strings.TrimSuffix(s, "\t")
	if s == "/dev/null" {
		return "", nil
	}
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("read diff path %s: %w", s, err)
		}
		s = u
	}
	p, ok := strings.CutPrefix(s, "b/")
	if !ok {
		return "", fmt.Errorf("read diff path %q: want b/PATH", s)
	}
	return p, nil
}

// hunkSpan reads the new side of a hunk header "@@ -a,b +c,d @@".
func hunkSpan(line string) (span, error) {
	fields := strings.Fields(line)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return span{}, fmt.Errorf("read diff hunk %q", line)
	}
	start, count, err := lineRange(strings.TrimPrefix(fields[2], "+"))
	if err != nil {
		return span{}, fmt.Errorf("read diff hunk %q: %w", line, err)
	}
	if count == 0 {
		// Lines were deleted after line start (0: at the top of the file).
		return span{from: max(start, 1), to: start + 1}, nil
	}
	return span{from: start, to: start + count - 1}, nil
}

// lineRange reads "c,d" or "c" (d is then 1).
func lineRange(s string) (start, count int, err error) {
	a, b, hasCount := strings.Cut(s, ",")
	if start, err = strconv.Atoi(a); err != nil {
		return 0, 0, err
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(b); err != nil {
			return 0, 0, err
		}
	}
	if start < 0 || count < 0 {
		return 0, 0, errors.New("negative line")
	}
	return start, count, nil
}

// resolve returns a path made absolute with symlinks resolved, or the path
// itself when that fails.
func resolve(p string) string {
	// Absolute first: the changed lines are keyed by absolute path, and a
	// relative folder ("" or "." when apimlint runs where it checks) would
	// stay relative and match nothing.
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return filepath.Clean(p)
}
