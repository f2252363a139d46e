package csvin

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// Format is a quota-file dialect.
type Format int

// The quota-file dialects.
const (
	Paper Format = iota // category,feature,min,max (Flanigan et al. 2021)
	SF                  // feature,value,min,max[,min_flex,max_flex] (Sortition Foundation)
)

func (f Format) String() string {
	if f == SF {
		return "sortition-foundation"
	}
	return "paper"
}

// NoMaxFlex is the max_flex used when a quota file has none: no upper limit.
const NoMaxFlex = math.MaxInt32

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func newReader(r io.Reader) *csv.Reader {
	c := csv.NewReader(r)
	c.FieldsPerRecord = -1
	c.ReuseRecord = false
	return c
}

func errAt(file string, line int, format string, args ...any) error {
	return apperr.New(apperr.Invalid, "%s:%d: %s", file, line, fmt.Sprintf(format, args...))
}

func readHeader(c *csv.Reader, file string) ([]string, error) {
	h, err := c.Read()
	if err == io.EOF {
		return nil, apperr.New(apperr.Invalid, "%s: the file is empty", file)
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "%s", file)
	}
	for i := range h {
		h[i] = norm(strings.TrimPrefix(h[i], "\ufeff"))
	}
	return h, nil
}

func column(h []string, names ...string) int {
	for _, n := range names {
		for i, x := range h {
			if x == n {
				return i
			}
		}
	}
	return -1
}

func atoi(s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int(f), nil
}

// ReadQuotas reads a quota file named file (the name is used in messages).
// It detects the format from the header.
func ReadQuotas(r io.Reader, file string) ([]sortition.Category, Format, error) {
	c := newReader(r)
	h, err := readHeader(c, file)
	if err != nil {
		return nil, 0, err
	}
	var format Format
	var cc, vc int
	switch {
	case column(h, "category") >= 0 && column(h, "feature") >= 0:
		format, cc, vc = Paper, column(h, "category"), column(h, "feature")
	case column(h, "feature") >= 0 && column(h, "value") >= 0:
		format, cc, vc = SF, column(h, "feature"), column(h, "value")
	case column(h, "category") >= 0 && column(h, "name") >= 0:
		format, cc, vc = SF, column(h, "category"), column(h, "name")
	default:
		return nil, 0, apperr.New(apperr.Invalid, "%s:1: header %q is neither category,feature,min,max nor feature,value,min,max[,min_flex,max_flex]", file, strings.Join(h, ","))
	}
	minc, maxc := column(h, "min"), column(h, "max")
	if minc < 0 || maxc < 0 {
		return nil, 0, apperr.New(apperr.Invalid, "%s:1: missing column %q", file, map[bool]string{true: "min", false: "max"}[minc < 0])
	}
	minf, maxf := column(h, "min_flex"), column(h, "max_flex")
	var cats []sortition.Category
	catIdx := map[string]int{}
	seen := map[[2]string]int{}
	for {
		rec, err := c.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, apperr.Wrap(apperr.Invalid, err, "%s", file)
		}
		line, _ := c.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		get := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		cname, vname := get(cc), get(vc)
		if cname == "" || vname == "" {
			return nil, 0, errAt(file, line, "empty category or value name")
		}
		v := sortition.Value{Name: vname, Line: line, MaxFlex: NoMaxFlex}
		if v.Min, err = atoi(get(minc)); err != nil {
			return nil, 0, errAt(file, line, "min: %v", err)
		}
		if v.Max, err = atoi(get(maxc)); err != nil {
			return nil, 0, errAt(file, line, "max: %v", err)
		}
		if v.Min < 0 || v.Max < 0 {
			return nil, 0, errAt(file, line, "%s:%s: negative quota", cname, vname)
		}
		if v.Min > v.Max {
			return nil, 0, errAt(file, line, "%s:%s: min %d > max %d", cname, vname, v.Min, v.Max)
		}
		if s := get(minf); s != "" {
			if v.MinFlex, err = atoi(s); err != nil {
				return nil, 0, errAt(file, line, "min_flex: %v", err)
			}
		}
		if s := get(maxf); s != "" {
			if v.MaxFlex, err = atoi(s); err != nil {
				return nil, 0, errAt(file, line, "max_flex: %v", err)
			}
		}
		if v.MinFlex > v.Min {
			return nil, 0, errAt(file, line, "%s:%s: min_flex %d > min %d", cname, vname, v.MinFlex, v.Min)
		}
		if v.MaxFlex < v.Max {
			return nil, 0, errAt(file, line, "%s:%s: max_flex %d < max %d", cname, vname, v.MaxFlex, v.Max)
		}
		key := [2]string{norm(cname), norm(vname)}
		if prev, dup := seen[key]; dup {
			return nil, 0, errAt(file, line, "%s:%s repeats line %d", cname, vname, prev)
		}
		seen[key] = line
		ci, ok := catIdx[norm(cname)]
		if !ok {
			ci = len(cats)
			catIdx[norm(cname)] = ci
			cats = append(cats, sortition.Category{Name: cname})
		}
		cats[ci].Values = append(cats[ci].Values, v)
	}
	if len(cats) == 0 {
		return nil, 0, apperr.New(apperr.Invalid, "%s: no quota rows", file)
	}
	return cats, format, nil
}

// PeopleOptions tunes ReadPeople.
type PeopleOptions struct {
	File           string   // name used in messages
	IDColumn       string   // id column; default "id" or "nationbuilder_id", else the row number (0-based)
	AddressColumns []string // people with equal values in all of these share a household
}

// ReadPeople reads the pool. Every category of cats must have a column.
func ReadPeople(r io.Reader, cats []sortition.Category, opt PeopleOptions) ([]sortition.Person, error) {
	file := opt.File
	c := newReader(r)
	h, err := readHeader(c, file)
	if err != nil {
		return nil, err
	}
	catCol := make([]int, len(cats))
	valIdx := make([]map[string]int, len(cats))
	for ci, cat := range cats {
		catCol[ci] = column(h, norm(cat.Name))
		if catCol[ci] < 0 {
			return nil, apperr.New(apperr.Invalid, "%s:1: no column for category %q (columns: %s)", file, cat.Name, strings.Join(h, ","))
		}
		valIdx[ci] = map[string]int{}
		for vi, v := range cat.Values {
			valIdx[ci][norm(v.Name)] = vi
		}
	}
	idCol := -1
	if opt.IDColumn != "" {
		if idCol = column(h, norm(opt.IDColumn)); idCol < 0 {
			return nil, apperr.New(apperr.Invalid, "%s:1: no id column %q", file, opt.IDColumn)
		}
	} else {
		idCol = column(h, "id", "nationbuilder_id")
	}
	addrCol := make([]int, len(opt.AddressColumns))
	for i, a := range opt.AddressColumns {
		if addrCol[i] = column(h, norm(a)); addrCol[i] < 0 {
			return nil, apperr.New(apperr.Invalid, "%s:1: no address column %q", file, a)
		}
	}
	var people []sortition.Person
	ids := map[string]int{}
	households := map[string]int{}
	for row := 0; ; row++ {
		rec, err := c.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, apperr.New(apperr.Invalid, "%s:%d: %v", file, pe.Line, pe.Err)
			}
			return nil, apperr.Wrap(apperr.Invalid, err, "%s", file)
		}
		line, _ := c.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			row--
			continue
		}
		if len(rec) != len(h) {
			return nil, errAt(file, line, "%d fields, the header has %d", len(rec), len(h))
		}
		p := sortition.Person{ID: strconv.Itoa(row), Values: make([]int, len(cats)), Household: -1}
		if idCol >= 0 {
			p.ID = strings.TrimSpace(rec[idCol])
			if p.ID == "" {
				return nil, errAt(file, line, "empty id")
			}
		}
		if prev, dup := ids[p.ID]; dup {
			return nil, errAt(file, line, "id %q repeats line %d", p.ID, prev)
		}
		ids[p.ID] = line
		for ci, cat := range cats {
			raw := rec[catCol[ci]]
			vi, ok := valIdx[ci][norm(raw)]
			if !ok {
				known := make([]string, len(cat.Values))
				for i, v := range cat.Values {
					known[i] = v.Name
				}
				return nil, errAt(file, line, "column %s: unknown value %q (the quota file has: %s)", cat.Name, raw, strings.Join(known, ", "))
			}
			p.Values[ci] = vi
		}
		if len(addrCol) > 0 {
			parts := make([]string, len(addrCol))
			empty := true
			for i, ac := range addrCol {
				parts[i] = norm(rec[ac])
				empty = empty && parts[i] == ""
			}
			if !empty {
				key := strings.Join(parts, "\x00")
				hid, ok := households[key]
				if !ok {
					hid = len(households)
					households[key] = hid
				}
				p.Household = hid
			}
		}
		people = append(people, p)
	}
	if len(people) == 0 {
		return nil, apperr.New(apperr.Invalid, "%s: no people", file)
	}
	return people, nil
}
