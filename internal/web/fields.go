package web

import "strings"

// navLink is one header navigation item.
type navLink struct {
	URL, Label string
	Current    bool
}

func navItem(current, url, label string) navLink {
	cur := current == url || (url != "/" && url != "/issues" && strings.HasPrefix(current, url+"/")) ||
		(url == "/issues" && strings.HasPrefix(current, "/issues/") && current != "/issues/new")
	if url == "/themes" && strings.HasPrefix(current, "/themes/suggestions") {
		cur = false
	}
	return navLink{URL: url, Label: label, Current: cur}
}

// fieldData is what the "input" and "textarea" partials need.
type fieldData struct {
	ID, Label, Hint, Type string
	Value, Err           string
	Autocomplete         string
	Spellcheck           bool // true: spellcheck="false"
	Big                  bool
	Rows                 int
}

// Describedby is the aria-describedby value linking hint and error.
func (f fieldData) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Err != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

func textField(f *form, id, label, hint string) fieldData {
	return fieldData{ID: id, Label: label, Hint: hint, Type: "text", Value: f.Get(id), Err: f.Err(id)}
}

func bigField(f *form, id, label, hint string) fieldData {
	d := textField(f, id, label, hint)
	d.Big = true
	return d
}

func emailField(f *form, id, label, hint string) fieldData {
	d := textField(f, id, label, hint)
	d.Type, d.Autocomplete, d.Spellcheck = "email", "email", true
	return d
}

func areaField(f *form, id, label, hint string, rows int) fieldData {
	d := textField(f, id, label, hint)
	d.Rows = rows
	return d
}
