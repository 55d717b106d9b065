// Command apimlint checks Azure API Management configuration kept as code:
// policy XML (rawxml included), ARM templates and Bicep files.
package main

import (
	"os"

	"github.com/apimlint/apimlint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
