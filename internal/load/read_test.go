package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadRegular reads whole files up to the limit, and refuses larger
// ones, folders and missing files with the reason.
func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	const limit = 4096
	for _, size := range []int{0, 1, 511, 512, 513, limit - 1, limit} {
		p := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte{'x'}, size)
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readRegular(p, limit)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read %d bytes, err %v", size, len(got), err)
		}
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, limit+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readRegular(big, limit); err == nil || err.Error() != "file is 4097 bytes, over the 4096-byte limit; not checked" {
		t.Errorf("a file over the limit: err = %v", err)
	}
	if _, err := readRegular(dir, limit); err == nil || err.Error() != "not a regular file (a folder); not checked" {
		t.Errorf("a folder: err = %v", err)
	}
	if _, err := readRegular(filepath.Join(dir, "missing"), limit); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: err = %v, want not exist", err)
	}
}
