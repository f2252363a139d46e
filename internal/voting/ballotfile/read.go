package ballotfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/folkmoot/folkmoot/internal/voting"
)

// Formats lists the format names Read and ReadFormat accept.
var Formats = []string{"blt", "csv", "json"}

// Read reads ballots in the format named by the file name's extension
// (.blt, .csv, .json); for any other name it looks at the first byte:
// '{' is JSON, a digit BLT, anything else CSV.
func Read(name string, r io.Reader) (*voting.Election, error) {
	e, _, err := ReadInfo(name, "", r)
	return e, err
}

// ReadFormat reads ballots in the named format ("blt", "csv" or "json").
func ReadFormat(format string, r io.Reader) (*voting.Election, error) {
	if !slices.Contains(Formats, format) {
		return nil, fmt.Errorf("ballotfile: unknown format %q (want one of %v)", format, Formats)
	}
	e, _, err := ReadInfo("", format, r)
	return e, err
}

// ReadInfo reads ballots in the given format, or when format is "" in the
// format Read would choose for name. For BLT it also says how the file was
// read (nil for the other formats).
func ReadInfo(name, format string, r io.Reader) (*voting.Election, *BLTInfo, error) {
	if format == "" {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".blt":
			format = "blt"
		case ".csv":
			format = "csv"
		case ".json":
			format = "json"
		default:
			br := bufio.NewReader(r)
			b, err := br.Peek(4)
			if len(b) == 0 {
				return nil, nil, fmt.Errorf("ballotfile: %s: cannot tell the format of an empty file: %w", name, err)
			}
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
			switch {
			case len(b) > 0 && b[0] == '{':
				format = "json"
			case len(b) > 0 && (b[0] >= '0' && b[0] <= '9' || b[0] == '#'):
				format = "blt"
			default:
				format = "csv"
			}
			r = br
		}
	}
	switch format {
	case "blt":
		return ReadBLTInfo(r)
	case "csv":
		e, err := ReadCSV(r)
		return e, nil, err
	case "json":
		e, err := ReadJSON(r)
		return e, nil, err
	}
	return nil, nil, fmt.Errorf("ballotfile: unknown format %q (want one of %v)", format, Formats)
}
