package source

import (
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// Decode returns file content as UTF-8. Content that starts with a UTF-16
// byte order mark (as some Windows tools write) is decoded; everything else
// is returned as it is, for the parsers to judge.
func Decode(b []byte) ([]byte, error) {
	le := len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe
	be := len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff
	if !le && !be {
		return b, nil
	}
	if len(b)%2 != 0 {
		return nil, errors.New("file starts with a UTF-16 byte order mark but has an odd number of bytes")
	}
	units := make([]uint16, 0, len(b)/2-1)
	for i := 2; i+1 < len(b); i += 2 {
		if le {
			units = append(units, uint16(b[i])|uint16(b[i+1])<<8)
		} else {
			units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
		}
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}
