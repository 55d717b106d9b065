package load

import (
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/estate"
	"github.com/apimlint/apimlint/internal/source"
	"github.com/apimlint/apimlint/internal/value"
)

// readARM reads an ARM template or REST payload.
// TODO: the ARM template reader (issue 3) replaces this.
func (l *loader) readARM(sf *source.File, f discover.File, v *value.Value, in *estate.Input, kind string) *output {
	return &output{kind: kind, input: in, skipped: "ARM templates are not read yet"}
}

// readBicep reads a Bicep or .bicepparam file.
// TODO: the Bicep reader (issue 4) replaces this.
func (l *loader) readBicep(sf *source.File, f discover.File) *output {
	return &output{kind: string(f.Kind), skipped: "Bicep files are not read yet"}
}
