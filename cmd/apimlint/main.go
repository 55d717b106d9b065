// Command apimlint checks Azure API Management configuration kept as code:
// policy XML (rawxml included), ARM templates and Bicep files.
package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/apimlint/apimlint/internal/cli"
)

// firstGC is the memory size at which the first collection runs; until then
// none does. A check allocates what it keeps for the whole run (the
// estate) and little garbage: collecting while the heap grows from a few
// megabytes, as the runtime does, marked the same live data again and
// again (a fifth of a large check's CPU), and most checks end before this
// size. From the first collection on, the heap may grow to three times
// what is live (GOGC=200): a large estate is never held near a limit.
// The 12k estate of the benchmark peaks at about 240 MB. In a container
// of less memory, the first collection runs at half of it. GOGC, and
// GOMEMLIMIT (with GOGC=200), when set, decide instead.
const firstGC = 224 << 20

func main() {
	switch {
	case os.Getenv("GOGC") != "": // the user's
	case os.Getenv("GOMEMLIMIT") != "":
		debug.SetGCPercent(200) // below the user's limit
	default:
		first := int64(firstGC)
		if c := memoryCap(); c > 0 {
			// A container of less memory: collect from half of it.
			first = min(first, c/2)
		}
		collectFrom(first, 200)
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// memoryCap returns the memory limit of the process's control group
// (version 2, else 1), as a container sees it; 0 when there is none.
func memoryCap() int64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		return parseCap(string(b))
	}
	return 0
}

// parseCap reads a control group's memory limit: "max", or a number of
// bytes that version 1 writes near 2^63 when there is no limit.
func parseCap(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 || n >= 1<<50 {
		return 0
	}
	return n
}

// collectFrom turns collection off until the process holds limit bytes,
// and to GOGC=percent once the first collection has run.
func collectFrom(limit int64, percent int) {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)
	// The cleanup runs once a collection has found the sentinel unreachable.
	runtime.AddCleanup(new([64]byte), func(int) {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(math.MaxInt64)
	}, percent)
}
