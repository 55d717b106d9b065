package e2e

import (
	"debug/elf"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// instruction is one line of a Dockerfile.
type instruction struct {
	cmd, args string
}

// readDockerfile returns the instructions of the repository's Dockerfile;
// it holds no continued lines.
func readDockerfile(t *testing.T) []instruction {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			t.Fatalf("Dockerfile line %q continues: keep each instruction on one line", line)
		}
		cmd, args, _ := strings.Cut(line, " ")
		out = append(out, instruction{strings.ToUpper(cmd), strings.TrimSpace(args)})
	}
	return out
}

// TestDockerfile checks what no Docker engine here can: the Dockerfile's
// shape (a Go builder stage of go.mod's version, a final stage from scratch
// holding only the binary, a non-root user, the apimlint entry point), and
// that its go build line, run in the build context .dockerignore leaves,
// makes a static binary that works.
func TestDockerfile(t *testing.T) {
	ins := readDockerfile(t)
	var froms []string
	var final []instruction // instructions of the last stage
	for _, in := range ins {
		if in.cmd == "FROM" {
			froms = append(froms, in.args)
			final = nil
		}
		final = append(final, in)
	}

	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(readFile(t, filepath.Join(root, "go.mod")))
	if want := []string{"golang:" + goVersion[1] + " AS build", "scratch"}; strings.Join(froms, "|") != strings.Join(want, "|") {
		t.Errorf("stages FROM %q, want %q", froms, want)
	}
	want := []instruction{
		{"FROM", "scratch"},
		{"COPY", "--from=build /out/apimlint /usr/local/bin/apimlint"},
		{"ENV", "PATH=/usr/local/bin"},
		{"USER", "65532:65532"},
		{"WORKDIR", "/src"},
		{"ENTRYPOINT", `["apimlint"]`},
	}
	if len(final) != len(want) {
		t.Errorf("final stage %q, want %q", final, want)
	} else {
		for i := range want {
			if final[i] != want[i] {
				t.Errorf("final stage line %d: %s %s, want %s %s", i+1, final[i].cmd, final[i].args, want[i].cmd, want[i].args)
			}
		}
	}

	var build string
	for _, in := range ins {
		if in.cmd == "RUN" && strings.Contains(in.args, "go build") {
			build = in.args
		}
	}
	if !strings.HasPrefix(build, "CGO_ENABLED=0 go build -trimpath ") || !strings.HasSuffix(build, " -o /out/apimlint ./cmd/apimlint") {
		t.Fatalf("RUN %s: want a CGO_ENABLED=0 go build -trimpath of ./cmd/apimlint to /out/apimlint", build)
	}

	// Run the line in a copy of the build context, with the image's ARG.
	ctx := t.TempDir()
	ignore := readDockerignore(t)
	copyRepoExcept(t, ctx, ignore)
	bin := filepath.Join(t.TempDir(), "apimlint")
	line := strings.ReplaceAll(build, "${VERSION}", "v9.8.7-test")
	line = strings.Replace(line, "/out/apimlint", bin, 1)
	if runtime.GOOS == "windows" {
		t.Skip("the Dockerfile's RUN line is POSIX shell")
	}
	run(t, ctx, nil, "sh", "-c", line)

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("the build made no ELF binary: %v", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("the binary names a dynamic loader: it is not static")
		}
	}
	if got := run(t, ctx, nil, bin, "version"); got != "apimlint v9.8.7-test\n" {
		t.Errorf("apimlint version = %q, want the VERSION build argument", got)
	}

	// The README's container commands, each run as the image would run it:
	// the binary in the mounted folder /src.
	snippet := readmeBlock(t, "Container", "sh", 0)
	if !strings.Contains(snippet, "docker build -t apimlint .\n") {
		t.Errorf("the README does not build the image as apimlint:\n%s", snippet)
	}
	src := t.TempDir()
	copyTree(t, filepath.Join("testdata", "estate"), filepath.Join(src, "apiops"))
	runs := 0
	for _, l := range strings.Split(snippet, "\n") {
		if !strings.HasPrefix(l, "docker run ") {
			continue
		}
		_, args, ok := strings.Cut(l, " apimlint ")
		if !ok {
			t.Fatalf("README line %q runs no image named apimlint", l)
		}
		out := run(t, src, nil, bin, strings.Fields(args)...)
		if out != "no problems found in 8 files\n" {
			t.Errorf("%s: %q", l, out)
		}
		for _, a := range strings.Fields(args) {
			if file, ok := strings.CutPrefix(a, "sarif="); ok {
				if _, err := os.Stat(filepath.Join(src, file)); err != nil {
					t.Errorf("%s: %v", l, err)
				}
			}
		}
		runs++
	}
	if runs != 2 {
		t.Errorf("the README runs the image %d times, want 2 (check, and check writing SARIF)", runs)
	}
}

// readDockerignore returns the patterns of .dockerignore.
func readDockerignore(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(readFile(t, filepath.Join(root, ".dockerignore")), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			if strings.HasPrefix(l, "!") {
				t.Fatalf(".dockerignore %q: exceptions are not understood by this test", l)
			}
			out = append(out, l)
		}
	}
	return out
}

// ignored reports whether a slash-separated path or one of its folders
// matches a .dockerignore pattern: patterns start at the root, and "**/"
// matches any number of folders.
func ignored(p string, patterns []string) bool {
	parts := strings.Split(p, "/")
	for i := 1; i <= len(parts); i++ {
		prefix := strings.Join(parts[:i], "/")
		for _, pat := range patterns {
			if rest, ok := strings.CutPrefix(pat, "**/"); ok {
				if m, _ := path.Match(rest, parts[i-1]); m {
					return true
				}
				continue
			}
			if m, _ := path.Match(pat, prefix); m {
				return true
			}
		}
	}
	return false
}

// copyRepoExcept copies the repository's files that no pattern ignores.
func copyRepoExcept(t *testing.T, dir string, patterns []string) {
	t.Helper()
	all := t.TempDir()
	copyRepo(t, all)
	err := filepath.WalkDir(all, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(all, p)
		if err != nil || ignored(filepath.ToSlash(rel), patterns) {
			return err
		}
		copyFile(t, p, filepath.Join(dir, rel), 0o644)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDockerignore(t *testing.T) {
	patterns := []string{".git", "e2e", "**/testdata", "*.md"}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"README.md", true},
		{"rules/x/README.md", false},
		{"e2e/e2e.go", true},
		{"internal/report/testdata/a.golden", true},
		{"testdata/example/x.xml", true},
		{"internal/report/report.go", false},
		{"go.mod", false},
	} {
		if got := ignored(tc.path, patterns); got != tc.want {
			t.Errorf("ignored(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
