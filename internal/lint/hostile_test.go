package lint

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// canary is a policy with one known finding. Every hostile-input test
// checks it next to the hostile file, to show that the rest of the estate
// is still checked.
const (
	canaryPolicy = `<policies><inbound><authentication-managed-identity resource="x" ignore-error="true" />` +
		`</inbound></policies>`
	canaryFinding = `:1:80: error: authentication-managed-identity for resource "x" has ignore-error="true": ` +
		`without a token the request still goes to the backend; remove ignore-error or set it to false ` +
		`[mi-ignore-error-false]`
)

// checkDir runs a whole check of dir and returns its findings in the
// canonical form, and how many files were read.
func checkDir(t *testing.T, dir string, opts Options) ([]string, int) {
	t.Helper()
	opts.Dir = dir
	res, err := Check(context.Background(), opts)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.String())
	}
	return out, res.Files
}

// writeTree creates files (slash paths relative to dir).
func writeTree(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// utf16File encodes s as UTF-16 with a byte order mark.
func utf16File(s string, bigEndian bool) []byte {
	units := utf16.Encode([]rune("\ufeff" + s))
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// binary is content no text format accepts: a PNG header, then every
// byte value.
func binary() []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	for i := range 1024 {
		b = append(b, byte(i*7))
	}
	return b
}

const (
	noXML = `error: expected a policy document (<policies>, or <fragment> in a fragment), found no XML ` +
		`[policy-syntax]`
)

// TestHostileFiles checks one hostile file at a time next to the canary:
// each gives exactly the findings listed, positioned, and the canary is
// still checked.
func TestHostileFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string][]byte
		want  []string
	}{
		{"empty xml", map[string][]byte{"empty.xml": nil},
			[]string{"empty.xml:1:1: " + noXML}},
		{"empty json", map[string][]byte{"empty.json": nil},
			[]string{"empty.json:1:1: error: expected a JSON value, found end of file [json-syntax]"}},
		{"binary xml", map[string][]byte{"bin.xml": binary()},
			[]string{"bin.xml:1:1: " + noXML}},
		{"binary json", map[string][]byte{"bin.json": binary()},
			[]string{"bin.json:1:1: error: expected a JSON value, found invalid UTF-8 byte 0x89 [json-syntax]"}},
		{"invalid utf-8 xml", map[string][]byte{"bad.xml": []byte("<policies>\n  <inbound>\xff</inbound></policies>")},
			[]string{"bad.xml:2:12: error: invalid UTF-8 byte 0xff [policy-syntax]"}},
		{"invalid utf-8 json", map[string][]byte{"bad.json": []byte("{\n  \"a\": \"x\xfey\"}")},
			[]string{"bad.json:2:10: warning: invalid UTF-8 byte 0xfe in a string, read as U+FFFD; " +
				"save the file as UTF-8 [json-syntax]"}},
		{"utf-16 little endian xml", map[string][]byte{"u16.xml": utf16File("<policies>\n<inbound>\n"+
			`<authentication-managed-identity resource="x" ignore-error="true" />`+"\n</inbound>\n</policies>", false)},
			[]string{"u16.xml:3:61: error: authentication-managed-identity for resource \"x\" has " +
				"ignore-error=\"true\": without a token the request still goes to the backend; remove " +
				"ignore-error or set it to false [mi-ignore-error-false]"}},
		{"utf-16 big endian json", map[string][]byte{"u16.json": utf16File("{\n  \"a\": 1,\n  \"a\": 2\n}", true)},
			[]string{`u16.json:3:3: warning: duplicate key "a" (first at line 2); the last one wins [json-syntax]`}},
		{"utf-16 big endian xml", map[string][]byte{"u16.xml": utf16File("<policies>\n<inbound>\n"+
			`<authentication-managed-identity resource="x" ignore-error="true" />`+"\n</inbound>\n</policies>", true)},
			[]string{"u16.xml:3:61: error: authentication-managed-identity for resource \"x\" has " +
				"ignore-error=\"true\": without a token the request still goes to the backend; remove " +
				"ignore-error or set it to false [mi-ignore-error-false]"}},
		{"utf-16 little endian bicep", map[string][]byte{"u16.bicep": utf16File(string(backendBicep("x")), false)},
			[]string{`u16.bicep:3:22: error: backend "x" has url "http://x.example.com": requests and their credentials ` +
				`travel in clear text; use https:// [backend-https]`}},
		// An empty Bicep file is a valid, empty template.
		{"empty bicep", map[string][]byte{"empty.bicep": nil}, nil},
		{"utf-16 odd length", map[string][]byte{"odd.xml": append(utf16File("<policies/>", false), 0)},
			[]string{"odd.xml:1:1: error: could not read odd.xml: file starts with a UTF-16 byte order mark " +
				"but has an odd number of bytes [input-unreadable]"}},
		{"deep xml", map[string][]byte{"deep.xml": []byte("<policies>" + strings.Repeat("<a>", 100000) +
			strings.Repeat("</a>", 100000) + "</policies>")},
			[]string{"deep.xml:1:3008: error: element nesting exceeds the maximum depth of 1000 [policy-syntax]"}},
		{"deep json", map[string][]byte{"deep.json": []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))},
			[]string{"deep.json:1:1001: error: nesting deeper than 1000 levels [json-syntax]"}},
		{"deep json objects", map[string][]byte{"deep.json": []byte(strings.Repeat(`{"a":`, 100000) +
			"1" + strings.Repeat("}", 100000))},
			[]string{"deep.json:1:5001: error: nesting deeper than 1000 levels [json-syntax]"}},
		{"billion laughs", map[string][]byte{"lol.xml": []byte(`<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<policies><inbound>&lol3;</inbound></policies>`)},
			[]string{"lol.xml:2:1: error: DOCTYPE is not allowed in a policy document [policy-syntax]"}},
		{"external entity", map[string][]byte{"xxe.xml": []byte(`<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
			"\n<policies><inbound>&x;</inbound></policies>")},
			[]string{"xxe.xml:1:1: error: DOCTYPE is not allowed in a policy document [policy-syntax]"}},
		{"json duplicate keys", map[string][]byte{"dup.json": []byte("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2},\n \"a\": 3}")},
			[]string{
				`dup.json:2:16: warning: duplicate key "c" (first at line 2); the last one wins [json-syntax]`,
				`dup.json:3:2: warning: duplicate key "a" (first at line 1); the last one wins [json-syntax]`,
			}},
		{"json comments", map[string][]byte{"c.json": []byte("// line\n{/* block */ \"a\": 1 // end\n}\n")}, nil},
		{"json unterminated comment", map[string][]byte{"c.json": []byte("{\"a\": 1 /* never closed\n}")},
			[]string{"c.json:1:9: error: unterminated block comment [json-syntax]"}},
		{"policy of too many elements", map[string][]byte{"many.xml": []byte("<policies>\n<inbound>\n" +
			strings.Repeat("<base />\n", 20000) + "</inbound>\n</policies>\n")},
			[]string{"many.xml:20001:1: error: the document has more than 20000 elements; apimlint reads no more of it " +
				"[policy-syntax]"}},
		// Two Bicep files that use each other as modules, and nothing else
		// loads: neither may be dropped as "read through the other".
		{"bicep module cycle", map[string][]byte{"a.bicep": cycleModule("a", "b"), "b.bicep": cycleModule("b", "a")},
			cycleFindings},
		{"bicep module cycle loaded from outside", map[string][]byte{"main.bicep": []byte("module a 'a.bicep' = { name: 'a' }\n"),
			"a.bicep": cycleModule("a", "b"), "b.bicep": cycleModule("b", "a")},
			cycleFindings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.files["canary.xml"] = []byte(canaryPolicy)
			writeTree(t, dir, tt.files)
			got, _ := checkDir(t, dir, Options{})
			want := append([]string{"canary.xml" + canaryFinding}, tt.want...)
			if diff := cmp.Diff(sortedCopy(want), got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// cycleFindings are the findings of a.bicep and b.bicep, two cycleModule
// files that use each other.
var cycleFindings = []string{
	`a.bicep:4:22: error: backend "a" has url "http://a.example.com": requests and their credentials ` +
		`travel in clear text; use https:// [backend-https]`,
	"b.bicep:1:10: warning: module a.bicep uses itself [bicep-syntax]",
	`b.bicep:4:22: error: backend "b" has url "http://b.example.com": requests and their credentials ` +
		`travel in clear text; use https:// [backend-https]`,
}

// cycleModule is a Bicep file that uses the module other and declares a
// backend over http (line 4, column 22).
func cycleModule(name, other string) []byte {
	return append([]byte("module "+other+" '"+other+".bicep' = { name: '"+other+"' }\n"), backendBicep(name)...)
}

// backendBicep is a Bicep file that declares a backend over http (line 3,
// column 22).
func backendBicep(name string) []byte {
	return []byte("resource bk 'Microsoft.ApiManagement/service/backends@2022-08-01' = {\n" +
		"  name: 'svc/" + name + "'\n" +
		"  properties: { url: 'http://" + name + ".example.com', protocol: 'http' }\n}\n")
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// TestHostileFileSystem checks files that are no plain readable files, or
// that are too large, one at a time next to the canary.
func TestHostileFileSystem(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string
	}{
		{"50 MB file", func(t *testing.T, dir string) {
			f, err := os.Create(filepath.Join(dir, "big.json"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(50 << 20); err != nil {
				t.Fatal(err)
			}
		}, []string{"big.json:1:1: error: could not read big.json: file is 52428800 bytes, over the " +
			"16777216-byte limit; not checked [input-unreadable]"}},
		{"named pipe", func(t *testing.T, dir string) {
			mkfifo(t, filepath.Join(dir, "pipe.xml"))
		}, []string{"pipe.xml:1:1: error: could not read pipe.xml: not a regular file (a named pipe); " +
			"not checked [input-unreadable]"}},
		{"symlink to a device", func(t *testing.T, dir string) {
			symlink(t, "/dev/zero", filepath.Join(dir, "zero.json"))
		}, []string{"zero.json:1:1: error: could not read zero.json: symlink points outside the checked " +
			"folder; not followed [input-unreadable]"}},
		{"symlink out of the root", func(t *testing.T, dir string) {
			outside := t.TempDir()
			writeTree(t, outside, map[string][]byte{"secret.xml": []byte(canaryPolicy)})
			symlink(t, filepath.Join(outside, "secret.xml"), filepath.Join(dir, "out.xml"))
		}, []string{"out.xml:1:1: error: could not read out.xml: symlink points outside the checked " +
			"folder; not followed [input-unreadable]"}},
		{"symlink inside the root", func(t *testing.T, dir string) {
			symlink(t, "canary.xml", filepath.Join(dir, "link.xml"))
		}, []string{"link.xml" + canaryFinding}},
		{"Bicep reads through a folder symlink inside the root", func(t *testing.T, dir string) {
			writeTree(t, dir, map[string][]byte{
				"mod.bicep": backendBicep("m"),
				"main.bicep": []byte("resource apim 'Microsoft.ApiManagement/service@2022-08-01' existing = {\n" +
					"  name: 'svc'\n}\nmodule m 'self/self/mod.bicep' = { name: 'm' }\n" +
					"resource p 'Microsoft.ApiManagement/service/policies@2022-08-01' = {\n  parent: apim\n" +
					"  name: 'policy'\n  properties: { format: 'rawxml', value: loadTextContent('self/self/canary.xml') }\n}\n"),
			})
			symlink(t, ".", filepath.Join(dir, "self"))
		}, []string{
			// One file, one name, one finding each: the module and the policy
			// are read through main.bicep, not also on their own.
			`mod.bicep:3:22: error: backend "m" has url "http://m.example.com": requests and their credentials ` +
				`travel in clear text; use https:// [backend-https]`,
		}},
		{"symlink to itself", func(t *testing.T, dir string) {
			symlink(t, "self.xml", filepath.Join(dir, "self.xml"))
		}, []string{"self.xml:1:1: error: could not read self.xml: broken or looping symlink: " +
			"EvalSymlinks: too many links [input-unreadable]"}},
		{"symlink cycle", func(t *testing.T, dir string) {
			symlink(t, "b.xml", filepath.Join(dir, "a.xml"))
			symlink(t, "a.xml", filepath.Join(dir, "b.xml"))
		}, []string{
			"a.xml:1:1: error: could not read a.xml: broken or looping symlink: EvalSymlinks: too many links " +
				"[input-unreadable]",
			"b.xml:1:1: error: could not read b.xml: broken or looping symlink: EvalSymlinks: too many links " +
				"[input-unreadable]",
		}},
		{"folder symlink loop", func(t *testing.T, dir string) {
			writeTree(t, dir, map[string][]byte{"sub/inner.xml": []byte(canaryPolicy)})
			symlink(t, "..", filepath.Join(dir, "sub", "up"))
			symlink(t, ".", filepath.Join(dir, "sub", "here"))
		}, []string{"sub/inner.xml" + canaryFinding}},
		{"dangling symlink", func(t *testing.T, dir string) {
			symlink(t, "nowhere.xml", filepath.Join(dir, "dangling.xml"))
		}, []string{"dangling.xml:1:1: error: could not read dangling.xml: broken or looping symlink: " +
			"no such file or directory [input-unreadable]"}},
		{"folder named like a policy", func(t *testing.T, dir string) {
			writeTree(t, dir, map[string][]byte{"policy.xml/inner.xml": []byte(canaryPolicy)})
		}, []string{"policy.xml/inner.xml" + canaryFinding}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string][]byte{"canary.xml": []byte(canaryPolicy)})
			tt.setup(t, dir)
			got, _ := checkDir(t, dir, Options{Paths: []string{"."}})
			want := append([]string{"canary.xml" + canaryFinding}, tt.want...)
			if diff := cmp.Diff(sortedCopy(want), got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnreadable checks a file and a folder without read permission. Root
// reads them anyway, so the test needs another user.
func TestUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		// Permissions do not stop root (CI runs as root): run this test
		// again in a copy of the test binary as the user nobody.
		asNobody(t, "TestUnreadable")
		return
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string][]byte{"canary.xml": []byte(canaryPolicy), "locked.xml": []byte(canaryPolicy),
		"closed/inner.xml": []byte(canaryPolicy)})
	for _, p := range []string{"locked.xml", "closed"} {
		if err := os.Chmod(filepath.Join(dir, p), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Join(dir, p), 0o755) })
	}
	got, _ := checkDir(t, dir, Options{Paths: []string{"."}})
	want := []string{
		"canary.xml" + canaryFinding,
		"closed:1:1: error: could not read closed: permission denied [input-unreadable]",
		"locked.xml:1:1: error: could not read locked.xml: permission denied [input-unreadable]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// asNobody runs the named test of this package in a copy of the test binary
// as the unprivileged user nobody (65534), with setpriv, and fails when it
// fails; it skips when setpriv is missing.
func asNobody(t *testing.T, name string) {
	t.Helper()
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("running as root, which permissions do not stop, and setpriv is not installed")
	}
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "apimlint-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	bin := filepath.Join(dir, "lint.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin,
		"-test.run", "^"+name+"$", "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + os.TempDir()}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("%s as nobody: %v\n%s", name, err, out)
	}
}

// TestFileNames checks file names that outputs must show as they are, or
// quote when they hold a line break or a tab.
func TestFileNames(t *testing.T) {
	names := []string{"with space.xml", "semi;colon.xml", "unicodé漢字.xml", "per%41cent.xml", "com,ma.xml",
		"co:lon.xml", "new\nline.xml", "tab\t.xml", "-dash.xml"}
	dir := t.TempDir()
	files := map[string][]byte{}
	for _, n := range names {
		files[n] = []byte(canaryPolicy)
	}
	writeTree(t, dir, files)
	got, _ := checkDir(t, dir, Options{Paths: []string{"."}})
	want := []string{ // in the order of the names as they are
		"-dash.xml" + canaryFinding,
		"co:lon.xml" + canaryFinding,
		"com,ma.xml" + canaryFinding,
		`"new\nline.xml"` + canaryFinding,
		"per%41cent.xml" + canaryFinding,
		"semi;colon.xml" + canaryFinding,
		`"tab\t.xml"` + canaryFinding,
		"unicodé漢字.xml" + canaryFinding,
		"with space.xml" + canaryFinding,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
}

// TestLinksAndIgnores covers a folder given through a symlink, symlinks to
// files apimlint does not read, and .gitignore files as git reads them: the
// nearer one wins, and a symlinked one is not read.
func TestLinksAndIgnores(t *testing.T) {
	canary := []byte(canaryPolicy)
	t.Run("folder given through a symlink", func(t *testing.T) {
		dir := t.TempDir()
		writeTree(t, dir, map[string][]byte{"real/canary.xml": canary})
		symlink(t, "real", filepath.Join(dir, "link"))
		got, files := checkDir(t, dir, Options{Paths: []string{"link"}})
		if diff := cmp.Diff([]string{"link/canary.xml" + canaryFinding}, got); diff != "" || files != 1 {
			t.Errorf("%d files; findings (-want +got):\n%s", files, diff)
		}
	})
	t.Run("links to files apimlint does not read", func(t *testing.T) {
		dir, outside := t.TempDir(), t.TempDir()
		writeTree(t, dir, map[string][]byte{"canary.xml": canary})
		writeTree(t, outside, map[string][]byte{"LICENSE": []byte("MIT\n"), "README.md": []byte("# x\n")})
		symlink(t, filepath.Join(outside, "LICENSE"), filepath.Join(dir, "LICENSE"))
		symlink(t, filepath.Join(outside, "README.md"), filepath.Join(dir, "README.md"))
		got, _ := checkDir(t, dir, Options{Paths: []string{"."}})
		if diff := cmp.Diff([]string{"canary.xml" + canaryFinding}, got); diff != "" {
			t.Errorf("findings (-want +got):\n%s", diff)
		}
	})
	t.Run("the nearer .gitignore wins", func(t *testing.T) {
		dir := t.TempDir()
		writeTree(t, dir, map[string][]byte{
			".git/HEAD":              []byte("ref: refs/heads/main\n"),
			".gitignore":             []byte("*.xml\n"),
			"sub/.gitignore":         []byte("!keep.xml\n"),
			"sub/inner/keep.xml":     canary,
			"sub/inner/ignored.xml":  canary,
			"other/inner/hidden.xml": canary,
		})
		// From the repository root and from inside it, the same files.
		for _, path := range []string{".", "sub/inner"} {
			got, _ := checkDir(t, dir, Options{Paths: []string{path}})
			if diff := cmp.Diff([]string{"sub/inner/keep.xml" + canaryFinding}, got); diff != "" {
				t.Errorf("check %s: findings (-want +got):\n%s", path, diff)
			}
		}
	})
	t.Run("a symlinked .gitignore is not read", func(t *testing.T) {
		dir, outside := t.TempDir(), t.TempDir()
		// In a repository, so that y is an ancestor whose .gitignore counts
		// when y/sub alone is checked.
		writeTree(t, dir, map[string][]byte{"y/linked.xml": canary, "y/sub/deep.xml": canary, ".git/HEAD": nil})
		writeTree(t, outside, map[string][]byte{"ignore": []byte("*.xml\n")})
		symlink(t, filepath.Join(outside, "ignore"), filepath.Join(dir, "y", ".gitignore"))
		got, _ := checkDir(t, dir, Options{Paths: []string{"."}})
		if diff := cmp.Diff([]string{"y/linked.xml" + canaryFinding, "y/sub/deep.xml" + canaryFinding}, got); diff != "" {
			t.Errorf("findings (-want +got):\n%s", diff)
		}
		got, _ = checkDir(t, dir, Options{Paths: []string{"y/sub"}})
		if diff := cmp.Diff([]string{"y/sub/deep.xml" + canaryFinding}, got); diff != "" {
			t.Errorf("y/sub: findings (-want +got):\n%s", diff)
		}
	})
}

// TestBicepLoadsBackIntoTheFolder: a path that leaves the checked folder and
// comes back into it ('../est/canary.xml' from a file in est, checked as
// ".") names the file as the walk does, so it is read and reported once.
func TestBicepLoadsBackIntoTheFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "est")
	writeTree(t, dir, map[string][]byte{
		"policies/canary.xml": []byte(canaryPolicy),
		"main.bicep": []byte("resource apim 'Microsoft.ApiManagement/service@2022-08-01' existing = {\n  name: 'svc'\n}\n" +
			"resource p 'Microsoft.ApiManagement/service/policies@2022-08-01' = {\n  parent: apim\n  name: 'policy'\n" +
			"  properties: { format: 'rawxml', value: loadTextContent('../est/policies/canary.xml') }\n}\n"),
	})
	got, _ := checkDir(t, dir, Options{Paths: []string{"."}})
	if diff := cmp.Diff([]string{"policies/canary.xml" + canaryFinding}, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
