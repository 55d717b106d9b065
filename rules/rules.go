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
