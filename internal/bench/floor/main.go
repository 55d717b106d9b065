// Command floor is the physical floor of the benchmark: on one thread it walks
// the trees given, reads every file and tokenizes it, XML with encoding/xml
// and JSON with encoding/json; nothing is built or checked. No checker can
// be faster on one core than this.
package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	var files, tokens int
	var size int64
	for _, root := range os.Args[1:] {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files++
			size += int64(len(b))
			switch filepath.Ext(p) {
			case ".xml":
				tokens += xmlTokens(b)
			case ".json":
				tokens += jsonTokens(b)
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("%d files, %d bytes, %d tokens\n", files, size, tokens)
}

// xmlTokens counts the raw tokens of a document up to its first error (the
// rawxml policies are not XML and stop it early on purpose: the floor does
// no more than a strict tokenizer would).
func xmlTokens(b []byte) int {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	n := 0
	for {
		_, err := d.RawToken()
		if err != nil {
			return n
		}
		n++
	}
}

func jsonTokens(b []byte) int {
	d := json.NewDecoder(bytes.NewReader(b))
	n := 0
	for {
		_, err := d.Token()
		if err == io.EOF || err != nil {
			return n
		}
		n++
	}
}
