//go:build !unix

package load

import "os"

// readRegular reads the regular file at p, of at most limit bytes.
func readRegular(p string, limit int64) ([]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	return readStatted(p, st, limit)
}
