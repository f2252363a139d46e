package selection

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
	"github.com/folkmoot/folkmoot/internal/sortition/csvin"
)

// Input is a pool with its quotas: what a selection is run on.
type Input struct {
	Categories []sortition.Category
	People     []sortition.Person
	// Format is the quota file's format, reported in the summary.
	Format csvin.Format
	// QuotaFile names the quota file in messages (may be empty).
	QuotaFile string
}

// ReadOptions names the files read by ReadInput and tunes the pool reader.
type ReadOptions struct {
	QuotaFile string // name of the quota file in messages
	PoolFile  string // name of the pool file in messages
	// IDColumn is the pool's id column; default "id" or
	// "nationbuilder_id", else the 0-based row number.
	IDColumn string
	// AddressColumns, if any, make people with equal values in all of
	// them one household: at most one of them is selected.
	AddressColumns []string
}

// ReadInput reads a quota file and a pool file (the formats of
// internal/sortition/csvin). Every error names the file and line.
func ReadInput(quotas, pool io.Reader, opt ReadOptions) (*Input, error) {
	cats, format, err := csvin.ReadQuotas(quotas, opt.QuotaFile)
	if err != nil {
		return nil, err
	}
	people, err := csvin.ReadPeople(pool, cats, csvin.PeopleOptions{
		File: opt.PoolFile, IDColumn: opt.IDColumn, AddressColumns: opt.AddressColumns,
	})
	if err != nil {
		return nil, err
	}
	return &Input{Categories: cats, People: people, Format: format, QuotaFile: opt.QuotaFile}, nil
}

// ParseColumns splits a comma-separated list of column names, trimming
// spaces (the form of the --address-columns flag); "" gives none.
func ParseColumns(s string) []string {
	if s == "" {
		return nil
	}
	var cols []string
	for _, c := range strings.Split(s, ",") {
		cols = append(cols, strings.TrimSpace(c))
	}
	return cols
}

// ReadIDs reads a list of ids of people already selected: a CSV whose
// header has an id column (id or nationbuilder_id), or one id per line
// (an "id" header line is skipped). Blank lines are ignored. name names
// the file in messages.
func ReadIDs(r io.Reader, name string) ([]string, error) {
	var lines []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			lines = append(lines, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "%s: cannot be read", name)
	}
	if len(lines) == 0 {
		return nil, nil
	}
	if !strings.Contains(lines[0], ",") {
		if l := strings.ToLower(lines[0]); l == "id" || l == "nationbuilder_id" {
			lines = lines[1:]
		}
		return lines, nil
	}
	rows, err := csv.NewReader(strings.NewReader(strings.Join(lines, "\n"))).ReadAll()
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "%s: not a valid CSV file", name)
	}
	col := -1
	for i, h := range rows[0] {
		if h := strings.ToLower(strings.TrimSpace(h)); h == "id" || h == "nationbuilder_id" {
			col = i
		}
	}
	if col < 0 {
		return nil, apperr.New(apperr.Invalid, "%s: no id column in the header", name)
	}
	ids := make([]string, 0, len(rows)-1)
	for _, row := range rows[1:] {
		ids = append(ids, strings.TrimSpace(row[col]))
	}
	return ids, nil
}
