package kit

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// FieldError is one entry of a page's error summary, linked to its field.
type FieldError struct {
	Field   string // the id of the input ("" for a message about the whole form)
	Message string // already in the page's language
}

// Form holds the values a person typed and the problems found, for showing
// a form again. A nil *Form is an empty form.
type Form struct {
	Values url.Values
	Errs   []FieldError
}

// Get returns the submitted value of field.
func (f *Form) Get(field string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(field)
}

// Err returns the message for field, or "".
func (f *Form) Err(field string) string {
	if f == nil {
		return ""
	}
	for _, e := range f.Errs {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// FormFromError turns field errors (apperr Invalid with a Field, alone or
// joined with errors.Join, so a form reports every problem at once) into a
// Form with values v and the errors in r's language, in order, one per
// field, for showing the form again; ids maps the service's field names to
// the form's input ids where they differ. ok is false when err carries no
// field error, or carries an error of another kind (a conflict, a refusal,
// an internal error): the caller then returns err.
func FormFromError(r *http.Request, v url.Values, err error, ids map[string]string) (f *Form, ok bool) {
	errs := FieldErrors(err)
	if len(errs) == 0 {
		return nil, false
	}
	f = &Form{Values: v}
	seen := map[string]bool{}
	for _, e := range errs {
		id := e.Field
		if m, ok := ids[e.Field]; ok {
			id = m
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		f.Errs = append(f.Errs, FieldError{Field: id, Message: Printer(r).Err(e)})
	}
	return f, true
}

// FieldErrors returns the field errors in err's tree (through errors.Join
// and wrapping), in order; nil when any error in the tree is not a field
// error, so that a conflict or internal error is never shown as a form
// problem.
func FieldErrors(err error) []*apperr.Error {
	var out []*apperr.Error
	var walk func(error) bool
	walk = func(err error) bool {
		switch x := err.(type) {
		case nil:
			return true
		case *apperr.Error:
			if x.Kind != apperr.Invalid || x.Field == "" {
				return false
			}
			out = append(out, x)
			return true
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if !walk(e) {
					return false
				}
			}
			return true
		case interface{ Unwrap() error }:
			return walk(x.Unwrap())
		}
		return false
	}
	if !walk(err) {
		return nil
	}
	return out
}

// FieldMessage returns err's message in r's language when err is about a
// field, else fallback (a msgid, translated here).
func FieldMessage(r *http.Request, err error, fallback string) string {
	var e *apperr.Error
	if errors.As(err, &e) && e.Field != "" && e.Format != "" {
		return Printer(r).Err(err)
	}
	return Msg(Printer(r), fallback)
}

// MaxIDs bounds the number of ids one form may name (theme tools).
const MaxIDs = 500

// ErrNotFound is the error of an address that names nothing.
var ErrNotFound = apperr.New(apperr.NotFound, "There is no page at this address.")

// ParseID parses a positive decimal id from a path or form value; anything
// else is NotFound (an address that names nothing).
func ParseID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || len(s) > 19 || s[0] == '+' {
		return 0, apperr.New(apperr.NotFound, "There is nothing at this address.")
	}
	return n, nil
}

// ParseOptionalID parses an id that may be empty or "0" (meaning none).
func ParseOptionalID(field, s string) (int64, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || s[0] == '+' {
		return 0, apperr.Field(field, "Choose one of the options")
	}
	return n, nil
}

// ParseIDs parses every value of field as an id, dropping duplicates.
func ParseIDs(v url.Values, field string) ([]int64, error) {
	vals := v[field]
	if len(vals) > MaxIDs {
		return nil, apperr.Field(field, "Choose %d or fewer", MaxIDs)
	}
	seen := map[int64]bool{}
	var out []int64
	for _, s := range vals {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 || s[0] == '+' {
			return nil, apperr.Field(field, "Choose from the list")
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// Field is what the "input" and "textarea" partials need. Labels and
// hints are already translated (templates call t).
type Field struct {
	ID, Label, Hint, Type string
	Name                  string // form field name; ID if empty
	Value, Err            string
	Autocomplete          string
	Spellcheck            bool // true: spellcheck="false"
	Big                   bool
	Rows                  int
}

// FormName is the name the browser submits the value under.
func (f Field) FormName() string {
	if f.Name != "" {
		return f.Name
	}
	return f.ID
}

// Describedby is the aria-describedby value linking hint and error.
func (f Field) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Err != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// TextField is a one-line text input of form f.
func TextField(f *Form, id, label, hint string) Field {
	return Field{ID: id, Label: label, Hint: hint, Type: "text", Value: f.Get(id), Err: f.Err(id)}
}

// BigField is a text input with a large label (the page's main question).
func BigField(f *Form, id, label, hint string) Field {
	d := TextField(f, id, label, hint)
	d.Big = true
	return d
}

// EmailField is an email address input.
func EmailField(f *Form, id, label, hint string) Field {
	d := TextField(f, id, label, hint)
	d.Type, d.Autocomplete, d.Spellcheck = "email", "email", true
	return d
}

// AreaField is a textarea of rows lines.
func AreaField(f *Form, id, label, hint string, rows int) Field {
	d := TextField(f, id, label, hint)
	d.Rows = rows
	return d
}

// WithParam returns the query string q with key set to value ("" deletes
// it), for pagination and sort links that keep the other filters. A change
// to anything but the page drops the page and the keyset cursor, which
// belong to one sort and filter.
func WithParam(q url.Values, key, value string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	if key != "page" {
		c.Del("page")
		c.Del("after")
	}
	c.Del("lang") // the language is remembered in a cookie
	if len(c) == 0 {
		return "?"
	}
	return "?" + c.Encode()
}
