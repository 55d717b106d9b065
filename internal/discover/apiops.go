package discover

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Place is where a file sits in an APIOps extractor folder (the layout of
// Azure/apiops: apis/<api>/policy.xml, named values/<nv>/..., and so on).
type Place struct {
	// Root is the extractor folder as shown to the user; "." for the
	// working directory.
	Root string
	// Workspace is set for files under workspaces/<ws>/.
	Workspace string
	// Kind names what the file is: global-policy, workspace-policy,
	// api-policy, operation-policy, product-policy, fragment-policy,
	// api-info, product-info, product-api-info, backend-info,
	// named-value-info, fragment-info, workspace-info, or other-info.
	Kind string
	// Names are the resource names the path gives, outermost first: the API
	// (and operation), the product (and API), the backend, ...
	Names []string
	// Complete is true when the whole extractor folder is being checked, so
	// its backends, named values and fragments are all known; false when
	// only part of it was given (a single file, a subfolder).
	Complete bool

	rootAbs string
}

// layout recognises APIOps folders; it remembers which folders hold the
// extractor's subfolders.
type layout struct {
	roots map[string]bool
	base  string // absolute folder displayed paths are relative to
}

func newLayout(dir string) *layout {
	base, err := filepath.Abs(dir)
	if dir == "" || err != nil {
		base, _ = os.Getwd()
	}
	return &layout{roots: map[string]bool{}, base: base}
}

// folders are subfolders only the extractor's root holds (an API folder
// also has diagnostics/, so that one does not count).
var folders = []string{"apis", "products", "backends", "named values", "policy fragments", "workspaces",
	"version sets", "gateways", "groups", "loggers", "subscriptions", "tags"}

// isRoot reports whether a folder holds at least one extractor subfolder.
func (l *layout) isRoot(dir string) bool {
	if r, ok := l.roots[dir]; ok {
		return r
	}
	r := false
	for _, f := range folders {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && st.IsDir() {
			r = true
			break
		}
	}
	l.roots[dir] = r
	return r
}

// patterns map the path below an extractor root to a place kind; "*" is one
// resource name.
// Longer patterns come first, so a file is placed by its deepest match.
var patterns = []struct {
	parts []string
	kind  string
}{
	{[]string{"apis", "*", "policy.xml"}, "api-policy"},
	{[]string{"apis", "*", "apiInformation.json"}, "api-info"},
	{[]string{"apis", "*", "operations", "*", "policy.xml"}, "operation-policy"},
	{[]string{"products", "*", "policy.xml"}, "product-policy"},
	{[]string{"products", "*", "productInformation.json"}, "product-info"},
	{[]string{"products", "*", "apis", "*", "productApiInformation.json"}, "product-api-info"},
	{[]string{"backends", "*", "backendInformation.json"}, "backend-info"},
	{[]string{"named values", "*", "namedValueInformation.json"}, "named-value-info"},
	{[]string{"policy fragments", "*", "policy.xml"}, "fragment-policy"},
	{[]string{"policy fragments", "*", "policyFragmentInformation.json"}, "fragment-info"},
	{[]string{"policy.xml"}, "global-policy"},
}

func init() {
	slices.SortStableFunc(patterns, func(a, b struct {
		parts []string
		kind  string
	}) int {
		return len(b.parts) - len(a.parts)
	})
}

// place returns where the file at abs sits in an extractor folder, or nil.
func (l *layout) place(abs string) *Place {
	parts := strings.Split(filepath.ToSlash(abs), "/")
	for _, p := range patterns {
		n := len(p.parts)
		if len(parts) <= n {
			continue
		}
		tail := parts[len(parts)-n:]
		names, ok := match(p.parts, tail)
		if !ok {
			continue
		}
		rootParts := parts[:len(parts)-n]
		if pl := l.placeAt(rootParts, p.kind, names); pl != nil {
			return pl
		}
	}
	if strings.HasSuffix(abs, "Information.json") && l.underRoot(parts) {
		root := strings.Join(parts[:len(parts)-3], "/")
		return &Place{Root: l.shownDir(root), Kind: "other-info", rootAbs: root}
	}
	return nil
}

// placeAt checks that rootParts is an extractor root (or a workspace inside
// one) and builds the place.
func (l *layout) placeAt(rootParts []string, kind string, names []string) *Place {
	dir := strings.Join(rootParts, "/")
	if k := len(rootParts); k >= 3 && rootParts[k-2] == "workspaces" {
		wsRoot := strings.Join(rootParts[:k-2], "/")
		if l.isRoot(wsRoot) {
			kind = strings.Replace(kind, "global-policy", "workspace-policy", 1)
			return &Place{Root: l.shownDir(wsRoot), Workspace: rootParts[k-1], Kind: kind, Names: names,
				rootAbs: wsRoot}
		}
	}
	if kind == "global-policy" && !l.isRoot(dir) {
		return nil
	}
	return &Place{Root: l.shownDir(dir), Kind: kind, Names: names, rootAbs: dir}
}

func (l *layout) underRoot(parts []string) bool {
	return len(parts) > 3 && l.isRoot(strings.Join(parts[:len(parts)-3], "/"))
}

// match compares a pattern with path parts and returns the names at "*".
func match(pattern, parts []string) ([]string, bool) {
	var names []string
	for i, p := range pattern {
		switch {
		case p == "*":
			names = append(names, parts[i])
		case p != parts[i]:
			return nil, false
		}
	}
	return names, true
}

// shownDir displays an absolute folder relative to the base folder.
func (l *layout) shownDir(abs string) string {
	if rel, err := filepath.Rel(l.base, filepath.FromSlash(abs)); err == nil {
		return display(rel)
	}
	return abs
}
