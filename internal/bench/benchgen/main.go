// Command benchgen writes the synthetic estates of the benchmark (see
// docs/performance.md): benchgen [-apis N] [-operations N] [-seed N] apiops|bicep DIR.
// It is not part of the apimlint binary.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/apimlint/apimlint/internal/bench/gen"
)

func main() {
	opts := gen.Large
	flag.IntVar(&opts.APIs, "apis", opts.APIs, "number of APIs")
	flag.IntVar(&opts.Operations, "operations", opts.Operations, "operations per API")
	flag.Uint64Var(&opts.Seed, "seed", opts.Seed, "random seed")
	flag.BoolVar(&opts.Strict, "strict", false, "write policies as strict XML (expressions entity-escaped)")
	flag.BoolVar(&opts.Tokens, "tokens", false, "every API validates the caller's token, then obtains a managed-identity token")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: benchgen [flags] apiops|bicep DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	write := gen.APIOps
	switch flag.Arg(0) {
	case "apiops":
	case "bicep":
		write = gen.Bicep
	default:
		flag.Usage()
		os.Exit(2)
	}
	st, err := write(flag.Arg(1), opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d files (%d policies, %d Bicep files), %.1f MB, %d planted defects\n",
		flag.Arg(1), st.Files, st.Policies, st.Modules, float64(st.Bytes)/1e6, st.Defects)
}
