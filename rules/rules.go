// Package rules embeds apimlint's built-in Rego rules.
//
// Each rule lives in its own folder named after its ID, with a METADATA block
// on its package (title, description, and under custom: id, severity,
// remediation and doc), a `report` set built with data.apimlint.lib.result,
// and a _test.rego file beside it. Shared helpers live in lib/.
package rules

import "embed"

// FS holds every .rego file of the built-in rule set, tests included.
//
//go:embed lib/*.rego */*.rego
var FS embed.FS

// Compiled is the built-in rule set as OPA's compiler leaves it, made from
// the .rego files by `go generate ./rules`; the engine uses it only when it
// was made from the files embedded beside it.
//
//go:generate go test ../internal/engine -run TestCompiledRulesAreCurrent -update
//go:embed compiled.bin
var Compiled []byte
