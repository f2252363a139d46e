package gatherweb

import (
	"fmt"
	"html/template"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// funcs are the area's template functions.
func funcs() template.FuncMap {
	return template.FuncMap{
		"replyField":       replyField,
		"commentCtx":       commentCtx,
		"orgCtx":           orgCtx,
		"isStatus":         func(s gather.Status, want string) bool { return string(s) == want },
		"named":            func(f kit.Field, name string) kit.Field { f.Name = name; return f },
		"str":              func(s any) string { return fmt.Sprint(s) },
		"reportCategories": func() []gather.ReportCategory { return gather.ReportCategories },
		"pager":            func(prev, next string, log bool) pagerLinks { return pagerLinks{prev, next, log} },
		"themeRank":        func(t gather.Theme, rank int) rankedTheme { return rankedTheme{t, rank} },
	}
}

// replyField is the textarea of a reply form: its id is unique on the page
// (body-<comment id>) while the submitted name stays "body". label is
// already translated.
func replyField(f *kit.Form, id, label string) kit.Field {
	d := kit.AreaField(f, id, label, "", 3)
	d.Name = "body"
	return d
}

// commentView is what the "comment" partial needs.
type commentView struct {
	P       *kit.Page
	C       gather.Comment
	Issue   gather.Issue
	Form    *kit.Form
	FieldID string // id of this comment's reply textarea
}

func commentCtx(p *kit.Page, c gather.Comment, iss gather.Issue) commentView {
	f := &kit.Form{}
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

func orgCtx(orgs []people.Organisation, f *kit.Form, id, label string) orgView {
	return orgView{Orgs: orgs, ID: id, Label: label, Err: f.Err("org"), Value: f.Get("org")}
}

// rankedTheme is a theme and its rank, for the "themeitem" partial.
type rankedTheme struct {
	T    gather.Theme
	Rank int
}

// pagerLinks are what the "pager" partial needs.
type pagerLinks struct {
	Prev, Next string
	Log        bool // label the links Newer and Older
}
