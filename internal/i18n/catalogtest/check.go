package catalogtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Report is what Check finds.
type Report struct {
	Missing  []Message // msgids with no translation (the first use of each), sorted by msgid
	Unused   []string  // msgids of the catalogue that nothing uses, sorted
	Problems []Problem // translations whose verbs differ from the English, plural forms missing, a message counted in one place and not in another, calls with the wrong number of arguments
}

// Check holds msgs, every use of a msgid, against cat, the catalogue of
// language l.
func Check(msgs []Message, cat i18n.Catalogue, l i18n.Lang) Report {
	var r Report
	first := map[string]Message{}
	for _, m := range msgs {
		r.Problems = append(r.Problems, checkArgs(m)...)
		f, seen := first[m.ID]
		if !seen {
			first[m.ID] = m
			continue
		}
		if f.Plural != m.Plural {
			r.Problems = append(r.Problems, Problem{m.Pos, fmt.Sprintf("%q is used as %s here and as %s at %s; a msgid has one English form",
				m.ID, describe(m), describe(f), f.Pos)})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(first)) {
		m := first[id]
		e, ok := cat[id]
		switch {
		case !ok || untranslated(e):
			r.Missing = append(r.Missing, m)
		case m.Plural == "" && e.Plural():
			r.Problems = append(r.Problems, Problem{m.Pos, fmt.Sprintf("%q: the catalogue gives plural forms, but the code does not count it (T, not N)", id)})
		case m.Plural != "" && !e.Plural():
			r.Problems = append(r.Problems, Problem{m.Pos, fmt.Sprintf("%q: the code counts it (N), but the catalogue gives one text, not plural forms", id)})
		case m.Plural == "":
			if err := i18n.CheckTranslation(id, e.Text); err != nil {
				r.Problems = append(r.Problems, Problem{m.Pos, fmt.Sprintf("%q → %q: %v", id, e.Text, err)})
			}
		default:
			for _, f := range l.Forms() {
				text, ok := e.Forms[f]
				if !ok || text == "" {
					r.Problems = append(r.Problems, Problem{m.Pos, fmt.Sprintf("%q: the plural form %q is missing", id, f)})
				} else if err := i18n.CheckPluralForm(m.Plural, text); err != nil {
					r.Problems = append(r.Problems, Problem{m.Pos, fmt.Sprintf("%q, form %q → %q: %v", id, f, text, err)})
				}
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(cat)) {
		if _, used := first[id]; !used {
			r.Unused = append(r.Unused, id)
		}
	}
	return r
}

func describe(m Message) string {
	if m.Plural == "" {
		return "a plain message"
	}
	return fmt.Sprintf("a plural with %q", m.Plural)
}

func untranslated(e i18n.Entry) bool {
	if !e.Plural() {
		return e.Text == ""
	}
	for _, t := range e.Forms {
		if t != "" {
			return false
		}
	}
	return true
}

// checkArgs checks one use: the English is well formed, takes as many
// arguments as the call gives, and a plural's singular fits its plural.
func checkArgs(m Message) []Problem {
	format := m.ID
	if m.Plural != "" {
		format = m.Plural
		if err := i18n.CheckPluralForm(m.Plural, m.ID); err != nil {
			return []Problem{{m.Pos, fmt.Sprintf("the English singular %q does not fit the plural %q: %v", m.ID, m.Plural, err)}}
		}
	}
	n, err := i18n.ArgCount(format)
	if err != nil {
		return []Problem{{m.Pos, fmt.Sprintf("%q is not a good fmt format: %v (write %%%% for a percent sign)", format, err)}}
	}
	if m.Plural != "" {
		n-- // the count, which N passes first
	}
	if m.Args >= 0 && m.Args != n {
		return []Problem{{m.Pos, fmt.Sprintf("%q takes %d arguments; the call gives %d", format, n, m.Args)}}
	}
	return nil
}

// WithPlaceholders returns a copy of cat with an empty entry (a plain
// text, or every plural form of l) for each missing msgid, ready for a
// translator to fill in.
func WithPlaceholders(cat i18n.Catalogue, missing []Message, l i18n.Lang) i18n.Catalogue {
	out := maps.Clone(cat)
	for _, m := range missing {
		if _, ok := out[m.ID]; ok && !untranslated(out[m.ID]) {
			continue
		}
		e := i18n.Entry{}
		if m.Plural != "" {
			e.Forms = map[i18n.Form]string{}
			for _, f := range l.Forms() {
				e.Forms[f] = ""
			}
		}
		out[m.ID] = e
	}
	return out
}

// Lines formats problems one a line, sorted, for a test's failure message.
func Lines(probs []Problem) string {
	ss := make([]string, len(probs))
	for i, p := range probs {
		ss[i] = "\t" + p.String()
	}
	slices.Sort(ss)
	return strings.Join(slices.Compact(ss), "\n")
}
