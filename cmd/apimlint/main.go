// Command apimlint checks Azure API Management configuration kept as code:
// policy XML (rawxml included), ARM templates and Bicep files.
package main

import (
	"os"
	"runtime/debug"

	"github.com/apimlint/apimlint/internal/cli"
)

func main() {
	// One run builds a large rule input and exits: collecting half as often
	// saves about a tenth of a large check and barely moves its peak memory,
	// which the live input sets (docs/performance.md). GOGC still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
