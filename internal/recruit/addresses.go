package recruit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Limits on an imported list of addresses.
const (
	MaxImportBytes = 20 << 20 // 20 MB
	MaxImportRows  = 200000
	MaxAddressPart = 200 // characters in one cell
	MaxProblems    = 100 // problems listed; more are counted in one last problem
)

// headerNames maps a header cell (lower-case, without spaces, underscores
// or hyphens) to whether it is part of the postal address. Columns not
// listed (uprn, id, ward…) are ignored.
var headerNames = map[string]bool{
	"address": true, "address1": true, "address2": true, "address3": true, "address4": true, "address5": true,
	"addressline1": true, "addressline2": true, "addressline3": true, "addressline4": true, "addressline5": true,
	"line1": true, "line2": true, "line3": true, "line4": true, "line5": true,
	"flat": true, "building": true, "buildingname": true, "housenumber": true, "house": true, "number": true,
	"street": true, "road": true, "locality": true, "village": true, "town": true, "city": true, "posttown": true,
	"county": true, "postcode": true, "postalcode": true,
	"uprn": false, "id": false, "ref": false, "reference": false, "ward": false, "lsoa": false, "notes": false,
}

var postcodeRE = regexp.MustCompile(`^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$`)

func headerKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.NewReplacer(" ", "", "_", "", "-", "", ".", "").Replace(s)
}

func problem(line int, column, format string, args ...any) Problem {
	return Problem{Line: line, Column: column, Message: sprint(format, args), Format: format, Args: args}
}

// sprint formats without making problem a printf wrapper: its formats
// are marked catalogue msgids (i18n.Mark), which vet cannot see through.
func sprint(format string, args []any) string { return fmt.Sprintf(format, args...) }

// ParseAddresses reads a CSV list of postal addresses: one address per
// row. A first row whose cells name address columns (address_line_1,
// street, town, postcode… any case) is a header: its address columns are
// used, in order, and others (uprn, id, ward…) ignored; a postcode column
// is checked and written in capitals. Without a header every column is a
// line of the address. Empty rows are skipped; rows repeating an earlier
// address are reported in dups and skipped. Every other problem (a
// malformed row, a cell too long, a row with no address, a postcode that
// is not one) is listed in errs with its line and column; a caller stores
// nothing when there are any. err is set only when the file cannot be
// read at all (too large, not text).
func ParseAddresses(r io.Reader) (addrs []NewAddress, dups, errs []Problem, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, nil, nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, nil, nil, errors.New("too large")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, nil, nil, errors.New("not UTF-8")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false
	var cols []int          // indexes of the address columns; nil means every column
	var names []string      // the header's names of every column
	postcode := -1          // index of the postcode column, or -1
	place := map[int]bool{} // columns naming a town or county, not a line of the address
	seen := map[string]int{}
	add := func(p Problem) {
		if len(errs) < MaxProblems {
			errs = append(errs, p)
		} else if len(errs) == MaxProblems {
			errs = append(errs, problem(p.Line, "", i18n.Mark("There are more problems: only the first %d are listed"), MaxProblems))
		}
	}
	first := true
	rows := 0
	for {
		rec, rerr := cr.Read()
		if rerr == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(rerr, &pe) {
			col := ""
			if pe.Column > 0 {
				col = fmt.Sprintf("%d", pe.Column)
			}
			add(problem(pe.Line, col, i18n.Mark("The row is not valid CSV: check its quotation marks")))
			if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
				continue
			}
			break
		}
		if rerr != nil {
			return nil, nil, nil, rerr
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if isHeader(rec) {
				names = make([]string, len(rec))
				for i, h := range rec {
					names[i] = strings.TrimSpace(h)
					k := headerKey(h)
					if headerNames[k] {
						cols = append(cols, i)
						switch k {
						case "postcode", "postalcode":
							postcode = i
						case "town", "city", "posttown", "county":
							place[i] = true
						}
					}
				}
				continue
			}
		}
		if allEmpty(rec) {
			continue
		}
		rows++
		if rows > MaxImportRows {
			add(problem(line, "", i18n.Mark("The file has more than %d addresses: split it into smaller files"), MaxImportRows))
			break
		}
		colName := func(i int) string {
			if i < len(names) && names[i] != "" {
				return names[i]
			}
			return fmt.Sprintf("%d", i+1)
		}
		use := cols
		if use == nil {
			use = make([]int, len(rec))
			for i := range rec {
				use[i] = i
			}
		}
		var parts []string
		bad := false
		lines := 0
		for _, i := range use {
			if i >= len(rec) {
				continue
			}
			v := strings.Join(strings.Fields(rec[i]), " ")
			if utf8.RuneCountInString(v) > MaxAddressPart {
				add(problem(line, colName(i), i18n.Mark("The cell is longer than %d characters"), MaxAddressPart))
				bad = true
				continue
			}
			if strings.ContainsFunc(v, unicode.IsControl) {
				add(problem(line, colName(i), i18n.Mark("The cell contains control characters")))
				bad = true
				continue
			}
			if i == postcode {
				if v == "" {
					add(problem(line, colName(i), i18n.Mark("The postcode is missing")))
					bad = true
					continue
				}
				pc, ok := NormalisePostcode(v)
				if !ok {
					add(problem(line, colName(i), i18n.Mark("%q is not a postcode: write it like SW1A 1AA"), v))
					bad = true
					continue
				}
				v = pc
			} else if v != "" && !place[i] {
				lines++
			}
			if v != "" {
				parts = append(parts, v)
			}
		}
		if bad {
			continue
		}
		if lines == 0 {
			add(problem(line, "", i18n.Mark("The row has no address lines")))
			continue
		}
		text := strings.Join(parts, "\n")
		key := NormaliseAddress(text)
		if at, ok := seen[key]; ok {
			dups = append(dups, problem(line, "", i18n.Mark("The address repeats the one on line %d"), at))
			continue
		}
		seen[key] = line
		addrs = append(addrs, NewAddress{Line: line, Text: text, Key: key})
	}
	if rows == 0 && len(errs) == 0 {
		add(problem(1, "", i18n.Mark("The file has no addresses")))
	}
	return addrs, dups, errs, nil
}

func isHeader(rec []string) bool {
	n := 0
	for _, h := range rec {
		if _, ok := headerNames[headerKey(h)]; ok {
			n++
		}
	}
	return n > 0
}

func allEmpty(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// NormalisePostcode returns a UK postcode in capitals with one space
// before its inward part, and whether s is one.
func NormalisePostcode(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	m := postcodeRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1] + " " + m[2], true
}

// NormaliseAddress returns the form addresses are compared in: lower
// case, letters and digits only, one space between words.
func NormaliseAddress(text string) string {
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}
