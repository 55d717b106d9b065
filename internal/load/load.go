// Package load reads every discovered file with the reader of its kind, in
// parallel, and returns what each produced: the resources and diagnostics
// that estate.Build links into one model.
package load

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/apimlint/apimlint/internal/apiops"
	"github.com/apimlint/apimlint/internal/bicep/eval"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// DefaultMaxFileSize bounds the files apimlint reads; larger files are
// reported, not read.
const DefaultMaxFileSize = 16 << 20

// ReadErrorRule is the rule that reports files that could not be read.
const ReadErrorRule = "input-unreadable"

// Options control Load.
type Options struct {
	// Workers bounds parallel reading; 0 means one per CPU.
	Workers int
	// MaxFileSize bounds each file; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Verbose, when set, receives a line per file saying how it was read or
	// why it was skipped.
	Verbose io.Writer
	// Dir is the folder displayed paths are relative to; "" means the
	// working directory.
	Dir string
	// Parameters is a parameter file (relative to Dir) that gives the
	// parameter values of every ARM template read; "" means each template's
	// <stem>.parameters.json, when there is one.
	Parameters string
	// Env holds the environment variables Bicep's readEnvironmentVariable()
	// sees (--env NAME=VALUE); others are unknown.
	Env map[string]string
	// ParameterSets bind parameter files to templates, as .apimlint.yaml
	// says: the ARM and Bicep readers fill a template matching an entry
	// (the first that does) with its ARM parameter files, unless Parameters
	// is set. Its .bicepparam files are read as inputs (lint adds them).
	ParameterSets []ParameterSet
	// Keep, when set, is asked about the text of each file read (decoded,
	// on the reading goroutine); the File records of those it wants hold
	// the text (estate.File.Kept).
	Keep func(path string, text []byte) bool
}

// ParameterSet binds parameter files (ARM parameter files or a .bicepparam)
// to the templates they fill.
type ParameterSet struct {
	// Match reports whether a displayed template path belongs to the set
	// (a glob of the configuration file, relative to its folder).
	Match func(shown string) bool
	// Files are the displayed paths of the parameter files.
	Files []string
}

// Result is what the readers produced.
type Result struct {
	Inputs []*estate.Input
	Files  []*estate.File
}

// Load reads files; problems met while walking become diagnostics.
func Load(files []discover.File, problems []discover.Problem, opts Options) *Result {
	return Start(opts).Finish(files, problems)
}

// Reading reads files as they are found, on every CPU: a walk gives each
// to Add, and Finish gives the whole list once the walk is over.
type Reading struct {
	l     *loader
	queue chan *pending
	wg    sync.WaitGroup

	mu      sync.Mutex
	started map[string]*pending // by displayed path
}

// pending is one file being read.
type pending struct {
	file discover.File
	done chan struct{}
	out  *output
}

// Start starts the readers.
func Start(opts Options) *Reading {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	l := &loader{opts: opts, services: map[string]*estate.Resource{}, bicep: eval.NewCache(),
		sets: make([]setCache, len(opts.ParameterSets))}
	r := &Reading{l: l, queue: make(chan *pending, 4096), started: map[string]*pending{}}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for range workers {
		r.wg.Go(func() {
			for p := range r.queue {
				p.out = l.read(p.file)
				close(p.done)
			}
		})
	}
	return r
}

// Add starts reading a file found (once, whatever number of calls).
func (r *Reading) Add(f discover.File) {
	r.add(f)
}

func (r *Reading) add(f discover.File) *pending {
	r.mu.Lock()
	p := r.started[f.Path]
	fresh := p == nil
	if fresh {
		p = &pending{file: f, done: make(chan struct{})}
		r.started[f.Path] = p
		// One service per extractor folder, made before any of its files
		// is read, so that every file of the folder shares it; Finish
		// says whether the whole folder was found.
		if f.APIOps != nil {
			r.l.service(f.APIOps.Root)
		}
	}
	r.mu.Unlock()
	if fresh {
		r.queue <- p
	}
	return p
}

// Finish reads what Add was not given of files, the walk's list, waits
// for every file, and returns what they gave in the order of files.
func (r *Reading) Finish(files []discover.File, problems []discover.Problem) *Result {
	l := r.l
	res := &Result{}
	for _, p := range problems {
		res.Inputs = append(res.Inputs, problemInput(p.Path, p.Err))
		res.Files = append(res.Files, &estate.File{Path: p.Path, Kind: "other", Skipped: p.Err.Error()})
	}
	ps := make([]*pending, len(files))
	r.mu.Lock()
	for i, f := range files {
		ps[i] = r.started[f.Path]
	}
	r.mu.Unlock()
	for i, f := range files {
		if ps[i] == nil {
			ps[i] = r.add(f)
		}
	}
	close(r.queue)
	r.wg.Wait()

	// The services, in the order of their folders' first files.
	listed := map[*estate.Resource]bool{}
	for _, f := range files {
		if f.APIOps == nil {
			continue
		}
		svc := l.service(f.APIOps.Root)
		if listed[svc] {
			continue
		}
		listed[svc] = true
		if f.APIOps.Complete {
			apiops.MarkComplete(svc)
		}
		res.Inputs = append(res.Inputs, &estate.Input{Path: f.APIOps.Root, Resources: []*estate.Resource{svc}})
	}

	outs := make([]*output, len(files))
	for i, p := range ps {
		outs[i] = p.out
	}
	for i, o := range outs {
		res.Files = append(res.Files, &estate.File{Path: files[i].Path, Kind: o.kind, Skipped: o.skipped,
			Read: o.read, Kept: o.kept})
		if o.input != nil {
			res.Inputs = append(res.Inputs, o.input)
		}
		if l.opts.Verbose != nil {
			if o.skipped != "" {
				fmt.Fprintf(l.opts.Verbose, "skip %s: %s\n", files[i].Path, o.skipped)
			} else {
				fmt.Fprintf(l.opts.Verbose, "read %s as %s\n", files[i].Path, o.kind)
			}
		}
	}
	sort.SliceStable(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	return res
}

// service returns the service of an extractor folder, made when first
// asked for: every file of the folder shares it.
func (l *loader) service(root string) *estate.Resource {
	l.svcMu.Lock()
	defer l.svcMu.Unlock()
	svc := l.services[root]
	if svc == nil {
		svc = apiops.Service(root, false)
		l.services[root] = svc
	}
	return svc
}

type loader struct {
	opts     Options
	svcMu    sync.Mutex
	services map[string]*estate.Resource // by extractor folder

	// The parameter file of Options.Parameters, read once.
	paramsOnce  sync.Once
	params      *value.Value
	paramsDiags []estate.Diagnostic
	bicep       *eval.Cache // Bicep files parsed, shared by the inputs using them
	sets        []setCache  // the files of each of Options.ParameterSets, read once
	realDirs    sync.Map    // absolute folder -> realDir, its symlinks resolved
	bicepReads  sync.Map    // bicepRead by bicepReadKey: what Bicep files loaded, read once
}

// output is what reading one file gave.
type output struct {
	input   *estate.Input
	kind    string
	skipped string
	read    bool   // the text was read
	kept    []byte // the text, when Options.Keep wants it
}

func problemInput(path string, err error) *estate.Input {
	return &estate.Input{Path: path, Diagnostics: []estate.Diagnostic{{Rule: ReadErrorRule,
		Message: fmt.Sprintf("could not read %s: %v", path, err), Loc: startOf(path)}}}
}

// read reads one file; it never panics, whatever the content.
func (l *loader) read(f discover.File) (out *output) {
	defer func() {
		if r := recover(); r != nil {
			out = &output{kind: string(f.Kind), input: problemInput(f.Path,
				fmt.Errorf("internal error while reading (please report): %v", r))}
		}
	}()
	if f.Kind == "" {
		return &output{kind: "other", skipped: "not a file kind apimlint reads (.xml, .json, .bicep, .bicepparam)"}
	}
	content, err := l.readFile(f.Path)
	if err != nil {
		return &output{kind: string(f.Kind), skipped: err.Error(), input: problemInput(f.Path, err)}
	}
	defer func() {
		if out != nil {
			out.read = true
			if l.opts.Keep != nil && l.opts.Keep(f.Path, content) {
				out.kept = content
			}
		}
	}()
	sf := source.NewFile(f.Path, content)
	switch f.Kind {
	case discover.Policy:
		return l.readPolicy(sf, f)
	case discover.JSON:
		return l.readJSON(sf, f)
	case discover.Bicep, discover.BicepParam:
		return l.readBicep(sf, f)
	}
	return &output{kind: "other", skipped: "unknown kind"}
}

// readFile reads a file within the size limit, decoding UTF-16.
func (l *loader) readFile(path string) ([]byte, error) {
	b, err := readRegular(discover.OSPath(l.opts.Dir, path), l.opts.MaxFileSize)
	if err != nil {
		return nil, discover.PathReason(err)
	}
	return source.Decode(b)
}

// readStat is readFile for a file at p, an OS path, that st describes.
func (l *loader) readStat(p string, st os.FileInfo) ([]byte, error) {
	b, err := readStatted(p, st, l.opts.MaxFileSize)
	if err != nil {
		return nil, discover.PathReason(err)
	}
	return source.Decode(b)
}

// readStatted reads the file at p that st describes, of at most limit
// bytes. A file that is not regular is never opened: a named pipe would
// block the run and a device never ends.
func readStatted(p string, st os.FileInfo, limit int64) ([]byte, error) {
	if !st.Mode().IsRegular() {
		return nil, notRegularError{st.Mode()}
	}
	if st.Size() > limit {
		return nil, tooLargeError{st.Size(), limit}
	}
	file, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	// The file may have grown since Stat: read no more than the limit.
	b, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, tooLargeError{int64(len(b)), limit}
	}
	return b, nil
}

// notRegularError refuses a file that is not a regular one: a named pipe
// would block the run and a device never ends.
type notRegularError struct{ mode os.FileMode }

func (e notRegularError) Error() string {
	return fmt.Sprintf("not a regular file (%s); not checked", fileType(e.mode))
}

// tooLargeError refuses a file over the size limit.
type tooLargeError struct{ size, limit int64 }

func (e tooLargeError) Error() string {
	return fmt.Sprintf("file is %d bytes, over the %d-byte limit; not checked", e.size, e.limit)
}

// fileType names the kind of a file that is not a regular one.
func fileType(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return m.Type().String()
}

// readPolicy reads a policy XML file: placed by its APIOps folder, or loose.
func (l *loader) readPolicy(sf *source.File, f discover.File) *output {
	if f.APIOps != nil {
		if r := apiops.Read(sf, f.APIOps, l.service(f.APIOps.Root), nil); r != nil {
			return &output{kind: "apiops-policy", input: &estate.Input{Path: f.Path, Resources: []*estate.Resource{r}}}
		}
	}
	return &output{kind: "policy", input: &estate.Input{Path: f.Path, Resources: []*estate.Resource{loosePolicy(sf)}}}
}
