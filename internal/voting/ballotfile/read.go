package ballotfile

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// Formats lists the format names Read and ReadFormat accept.
var Formats = []string{"blt", "csv", "json"}

// Read reads ballots in the format named by the file name's extension
// (.blt, .csv, .json); for any other name it looks at the first byte:
// '{' is JSON, a digit BLT, anything else CSV.
func Read(name string, r io.Reader) (*voting.Election, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".blt":
		return ReadBLT(r)
	case ".csv":
		return ReadCSV(r)
	case ".json":
		return ReadJSON(r)
	}
	br := bufio.NewReader(r)
	b, err := br.Peek(1)
	if err != nil {
		return nil, fmt.Errorf("ballotfile: %s: cannot tell the format of an empty file", name)
	}
	switch {
	case b[0] == '{':
		return ReadJSON(br)
	case b[0] >= '0' && b[0] <= '9':
		return ReadBLT(br)
	}
	return ReadCSV(br)
}

// ReadFormat reads ballots in the named format ("blt", "csv" or "json").
func ReadFormat(format string, r io.Reader) (*voting.Election, error) {
	switch format {
	case "blt":
		return ReadBLT(r)
	case "csv":
		return ReadCSV(r)
	case "json":
		return ReadJSON(r)
	}
	return nil, fmt.Errorf("ballotfile: unknown format %q (want one of %v)", format, Formats)
}
