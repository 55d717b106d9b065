//go:build !unix

package load

import (
	"io"
	"os"
)

// readRegular reads the regular file at p, of at most limit bytes. A file
// that is not regular is never opened: a named pipe would block the run
// and a device never ends.
func readRegular(p string, limit int64) ([]byte, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notRegularError{st.Mode()}
	}
	if st.Size() > limit {
		return nil, tooLargeError{st.Size(), limit}
	}
	file, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	// The file may have grown since Stat: read no more than the limit.
	b, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, tooLargeError{int64(len(b)), limit}
	}
	return b, nil
}
