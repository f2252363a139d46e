package catalogtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

var fixture = Options{
	Root:         "testdata/mod",
	NotForPeople: []string{"cmd/", "internal/engine/"},
	MessageArgs:  []MessageArg{{Dir: "internal/app", Func: "mustAffect", Arg: 1}},
}

func TestExtract(t *testing.T) {
	msgs, probs, err := Extract(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		s := m.ID
		if m.Plural != "" {
			s += " | " + m.Plural
		}
		got = append(got, s+" @"+m.Pos[strings.LastIndexByte(m.Pos, '/')+1:]+" args="+itoa(m.Args))
	}
	want := []string{
		"Open @app.go:24 args=-1",
		"Closed @app.go:24 args=-1",
		"Hello %s @app.go:27 args=1",
		"Plain @app.go:28 args=0",
		"Two %s %s @app.go:29 args=1",
		"Spread %s @app.go:30 args=-1",
		"%d supporter | %d supporters @app.go:31 args=0",
		"One comment on %s | %d comments on %s @app.go:32 args=1",
		"Something went wrong. @app.go:34 args=0",
		"Gathering for %s is closed. @app.go:35 args=1",
		"Enter a title @app.go:37 args=0",
		"Try later @app.go:38 args=0",
		"There is no such thing. @app.go:42 args=-1",
		"Counted anywhere @engine.go:18 args=0",
		"Bye @mail.txt:2 args=0",
		"Raise an issue @page.html:2 args=0",
		"%d supporter | %d supporters @page.html:3 args=0",
		"Hello %s @page.html:3 args=1",
		"Menu @page.html:5 args=0",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantProbs := []string{
		"internal/app/app.go:40: apperr.New's message is not a constant",
		"internal/app/app.go:41: i18n.Mark needs a string literal",
		"internal/app/templates/page.html:10: t needs a string literal for its msgid",
	}
	if len(probs) != len(wantProbs) {
		t.Errorf("problems:\n%s", Lines(probs))
	}
	for _, w := range wantProbs {
		if !slices.ContainsFunc(probs, func(p Problem) bool { return strings.HasPrefix(p.String(), w) }) {
			t.Errorf("no problem %q in:\n%s", w, Lines(probs))
		}
	}
}

func TestCheck(t *testing.T) {
	msgs := []Message{
		{ID: "Plain", Pos: "a.go:1", Args: 0},
		{ID: "Hello %s", Pos: "a.go:2", Args: 1},
		{ID: "Hello %s", Pos: "b.html:2", Args: 2},
		{ID: "%d supporter", Plural: "%d supporters", Pos: "a.go:3", Args: 0},
		{ID: "%d supporter", Pos: "a.go:4", Args: 1},
		{ID: "Missing", Pos: "a.go:5", Args: 0},
		{ID: "Only %s", Plural: "%d only", Pos: "a.go:6", Args: 0},
		{ID: "100%", Pos: "a.go:7", Args: 0},
	}
	cat := i18n.Catalogue{
		"Plain":        {Text: "Plaen"},
		"Hello %s":     {Text: "Helo %d"},
		"%d supporter": {Forms: map[i18n.Form]string{i18n.One: "un cefnogwr", i18n.Other: "%d cefnogwr"}},
		"Unused":       {Text: "Heb ei ddefnyddio"},
		"Only %s":      {Text: "Dim ond %s"},
	}
	r := Check(msgs, cat, i18n.Welsh)
	if len(r.Missing) != 2 || r.Missing[0].ID != "100%" || r.Missing[1].ID != "Missing" {
		t.Errorf("missing %+v", r.Missing)
	}
	if !slices.Equal(r.Unused, []string{"Unused"}) {
		t.Errorf("unused %v", r.Unused)
	}
	for _, want := range []string{
		`b.html:2: "Hello %s" takes 1 arguments; the call gives 2`,
		`a.go:4: "%d supporter" is used as a plain message here`,
		`a.go:2: "Hello %s" → "Helo %d": the verbs differ`,
		`a.go:3: "%d supporter": the plural form "zero" is missing`,
		`a.go:6: the English singular "Only %s" does not fit the plural`,
		`a.go:6: "Only %s": the code counts it (N), but the catalogue gives one text`,
		`a.go:7: "100%" is not a good fmt format`,
	} {
		if !slices.ContainsFunc(r.Problems, func(p Problem) bool { return strings.HasPrefix(p.String(), want) }) {
			t.Errorf("no problem %q in:\n%s", want, Lines(r.Problems))
		}
	}
	filled := WithPlaceholders(cat, r.Missing, i18n.Welsh)
	if e, ok := filled["Missing"]; !ok || e.Text != "" || e.Plural() {
		t.Errorf("placeholder %+v", e)
	}
	if filled["Plain"].Text != "Plaen" {
		t.Error("WithPlaceholders changed a translation")
	}
}

func TestVisible(t *testing.T) {
	probs, err := Visible(fixture, []string{"Folkmoot"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`internal/app/templates/page.html:4: English in alt= of <img> outside t: "A picture"`,
		`internal/app/templates/page.html:4: English in value= of <input> outside t: "Send"`,
		`internal/app/templates/page.html:6: English string outside t: "Title"`,
		`internal/app/templates/page.html:7: English text outside t: "Stray English"`,
		`internal/app/mail.txt:1: English text outside t: "Dear ,"`,
	}
	for _, w := range want {
		if !slices.ContainsFunc(probs, func(p Problem) bool { return p.String() == w }) {
			t.Errorf("no problem %q", w)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("problems:\n%s", Lines(probs))
	}
}

func TestLooksLikeProse(t *testing.T) {
	for s, want := range map[string]bool{
		"Title": true, "Sort by": true, "most supported": true, "title": false, "new": false,
		"nhsuk-button nhsuk-button--secondary": false, "/issues": false, "%d": false, "2006-01-02": false,
		"{{.}}": false, "Ysgrifennwch": true,
	} {
		if got := looksLikeProse(s); got != want {
			t.Errorf("looksLikeProse(%q) = %v", s, got)
		}
	}
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
