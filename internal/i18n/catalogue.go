package i18n

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
)

// The Welsh catalogue. Its format (see Catalogue) is what ParseCatalogue
// reads and Catalogue.Format writes.
//
//go:embed cy.json
var welshJSON []byte

// CatalogueFile is the name, in this package's directory, of the Welsh
// catalogue.
const CatalogueFile = "cy.json"

// Entry is the translation of one msgid.
type Entry struct {
	Text  string          // the translation of a message; "" for a plural message or one not yet translated
	Forms map[Form]string // the translation of a plural message, by plural form; nil for a message that is not plural
}

// Plural reports whether e translates a plural message (one used with N).
func (e Entry) Plural() bool { return e.Forms != nil }

// Catalogue maps msgids to their translations in one language.
//
// As a file (cy.json) it is one JSON object, one entry a line, sorted by
// msgid ignoring case, so that a reviewer reads the English and the Welsh
// side by side and a change shows as a one-line diff:
//
//	{
//	  "Sign in to comment.": "Mewngofnodwch i roi sylw.",
//	  "%d supporter": {"zero": "Dim cefnogwyr", "one": "%d cefnogwr", "two": "%d gefnogwr", "few": "%d chefnogwr", "many": "%d chefnogwr", "other": "%d cefnogwr"}
//	}
//
// A key is a msgid: the English text as the code writes it, fmt verbs
// included. A plain message's value is its translation, with the same verbs
// (explicit indexes such as "%[2]s" may reorder them). A plural message is
// keyed by its English singular and its value is an object of the
// language's plural forms (for Welsh all six: zero, one, two, few, many,
// other); N passes the count first, and a form may leave it out ("un
// cefnogwr"). An empty translation means "not translated yet": English is
// shown. Duplicate keys are an error.
type Catalogue map[string]Entry

// ParseCatalogue reads a catalogue file.
func ParseCatalogue(data []byte) (Catalogue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(format string, args ...any) (Catalogue, error) {
		line := 1 + bytes.Count(data[:min(int(dec.InputOffset()), len(data))], []byte("\n"))
		return nil, fmt.Errorf("catalogue line %d: %s", line, fmt.Sprintf(format, args...))
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fail("want a JSON object of msgid → translation")
	}
	c := Catalogue{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail("%v", err)
		}
		id := tok.(string) // object keys are strings
		if _, dup := c[id]; dup {
			return fail("%q appears twice", id)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fail("%q: %v", id, err)
		}
		var e Entry
		if err := json.Unmarshal(raw, &e.Text); err != nil {
			var forms map[string]string
			if err := json.Unmarshal(raw, &forms); err != nil {
				return fail("%q: want a string, or an object of plural forms (zero, one, two, few, many, other) whose values are strings", id)
			}
			e.Forms = map[Form]string{}
			for k, v := range forms {
				if !slices.Contains(Welsh.Forms(), Form(k)) {
					return fail("%q: %q is not a plural form (zero, one, two, few, many, other)", id, k)
				}
				e.Forms[Form(k)] = v
			}
		}
		c[id] = e
	}
	if _, err := dec.Token(); err != nil {
		return fail("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail("text after the closing brace")
	}
	return c, nil
}

// Format writes c as a catalogue file: one entry a line, sorted by msgid
// ignoring case (then by byte), plural forms in CLDR order, no HTML
// escaping, a final newline.
func (c Catalogue) Format() []byte {
	ids := slices.SortedFunc(maps.Keys(c), func(a, b string) int {
		if x := strings.Compare(strings.ToLower(a), strings.ToLower(b)); x != 0 {
			return x
		}
		return strings.Compare(a, b)
	})
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, id := range ids {
		e := c[id]
		b.WriteString("  ")
		b.WriteString(jsonString(id))
		b.WriteString(": ")
		if e.Plural() {
			b.WriteString("{")
			n := 0
			for _, f := range Welsh.Forms() {
				if s, ok := e.Forms[f]; ok {
					if n > 0 {
						b.WriteString(", ")
					}
					b.WriteString(jsonString(string(f)) + ": " + jsonString(s))
					n++
				}
			}
			b.WriteString("}")
		} else {
			b.WriteString(jsonString(e.Text))
		}
		if i < len(ids)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// welsh is the parsed embedded catalogue. A damaged file (the catalogue
// test stops one from being committed) is logged and leaves Welsh pages in
// English rather than stopping the server.
var welsh = sync.OnceValue(func() Catalogue {
	c, err := ParseCatalogue(welshJSON)
	if err != nil {
		slog.Error("i18n: the Welsh catalogue is damaged; showing English", "file", CatalogueFile, "err", err)
		return Catalogue{}
	}
	return usable(c)
})

// usable returns c without the plain translations whose verbs differ from
// their msgid's (logged), so that T never formats a translation with the
// wrong arguments. Plural forms are checked when N uses them, against the
// English plural the code gives.
func usable(c Catalogue) Catalogue {
	out := Catalogue{}
	for id, e := range c {
		if !e.Plural() && e.Text != "" {
			if err := CheckTranslation(id, e.Text); err != nil {
				slog.Error("i18n: a translation does not fit its English; showing English", "msgid", id, "err", err)
				continue
			}
		}
		out[id] = e
	}
	return out
}

// CatalogueOf returns a copy of l's catalogue as embedded in the binary
// (empty for English, whose msgids are the text). Tests use it to check
// that the catalogue is complete.
func CatalogueOf(l Lang) Catalogue {
	if l != Welsh {
		return Catalogue{}
	}
	c, err := ParseCatalogue(welshJSON)
	if err != nil {
		return Catalogue{}
	}
	return c
}

// CatalogueError returns the error, if any, in reading l's embedded
// catalogue.
func CatalogueError(l Lang) error {
	if l != Welsh {
		return nil
	}
	_, err := ParseCatalogue(welshJSON)
	return err
}

// missing remembers which msgids have been logged as untranslated, so each
// is logged once per process.
var missing sync.Map

func logOnce(kind, msgid string, err error) {
	if _, seen := missing.LoadOrStore(kind+"\x00"+msgid, true); seen {
		return
	}
	attrs := []any{"msgid", msgid}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	slog.Warn("i18n: "+kind+"; showing English", attrs...)
}

var errNotPlural = errors.New("the catalogue translates it as a plain message, but the code counts it (N)")
