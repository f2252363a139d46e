package web

import (
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
)

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
	Name                  string // form field name; ID if empty
	Value, Err            string
	Autocomplete          string
	Spellcheck            bool // true: spellcheck="false"
	Big                   bool
	Rows                  int
}

// FormName is the name the browser submits the value under.
func (f fieldData) FormName() string {
	if f.Name != "" {
		return f.Name
	}
	return f.ID
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

// replyField is the textarea of a reply form: its id is unique on the page
// (body-<comment id>) while the submitted name stays "body".
func replyField(f *form, id, to string) fieldData {
	d := areaField(f, id, "Your reply to "+to, "", 3)
	d.Name = "body"
	return d
}

// commentView is what the "comment" partial needs.
type commentView struct {
	P       *page
	C       gather.Comment
	Issue   gather.Issue
	Form    *form
	FieldID string // id of this comment's reply textarea
}

func commentCtx(p *page, c gather.Comment, iss gather.Issue) commentView {
	f := &form{}
	if d, ok := p.Data.(issueData); ok && d.Form != nil {
		f = d.Form
	}
	return commentView{P: p, C: c, Issue: iss, Form: f, FieldID: "body-" + strconv.FormatInt(c.ID, 10)}
}

// orgView is what the "orgselect" partial needs.
type orgView struct {
	Orgs           []people.Organisation
	ID, Label, Err string
	Value          string
}

func orgCtx(orgs []people.Organisation, f *form, id, label string) orgView {
	return orgView{Orgs: orgs, ID: id, Label: label, Err: f.Err("org"), Value: f.Get("org")}
}
