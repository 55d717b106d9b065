// Command apimlint checks Azure API Management configuration kept as code:
// policy XML (rawxml included), ARM templates and Bicep files.
package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/apimlint/apimlint/internal/cli"
)

// firstGC is the memory size at which the first collection runs; until then
// none does. A check allocates what it keeps for the whole run (the
// estate) and little garbage: collecting while the heap grows from a few
// megabytes, as the runtime does, marked the same live data again and
// again (a fifth of a large check's CPU), and most checks end before this
// size. From the first collection on, the heap may grow to three times
// what is live (GOGC=200): a large estate is never held near a limit.
// The 12k estate of the benchmark peaks at about 240 MB.
const firstGC = 224 << 20

func main() {
	// GOGC and GOMEMLIMIT, when set, still win.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		collectFrom(firstGC, 200)
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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
