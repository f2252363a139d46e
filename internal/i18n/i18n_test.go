package i18n

import (
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// welshWith returns a Welsh printer over the catalogue c (checked as the
// embedded one is).
func welshWith(c Catalogue) *Printer {
	u := usable(c)
	return &Printer{lang: Welsh, cat: func() Catalogue { return u }}
}

var testCatalogue = Catalogue{
	"Sign in to comment.":         {Text: "Mewngofnodwch i wneud sylw."},
	"Gathering for %s is closed.": {Text: "Mae'r cyfnod casglu ar gyfer %s wedi cau."},
	"%s raised %s":                {Text: "Cododd %[1]s y mater %[2]s"},
	"Wrong verbs %s":              {Text: "Berfau anghywir %d"},
	"Too many %s":                 {Text: "Gormod %s %s"},
	"Not yet":                     {Text: ""},
	"%d supporter": {Forms: map[Form]string{
		Zero: "Dim cefnogwyr", One: "Un cefnogwr", Two: "Dau gefnogwr", Few: "Tri chefnogwr", Many: "Chwe chefnogwr", Other: "%d cefnogwr"}},
	"%d comment on %s": {Forms: map[Form]string{
		Zero: "Dim sylwadau ar %s", One: "Un sylw ar %s", Two: "%d sylw ar %s", Few: "%d sylw ar %s", Many: "%d sylw ar %s", Other: "%d sylw ar %s"}},
	"%d reply": {Forms: map[Form]string{
		Zero: "%[1]d ateb", One: "un ateb", Two: "%[1]d ateb", Few: "%[1]d ateb", Many: "%[1]d ateb", Other: "%[1]d ateb"}},
	"%d broken":          {Forms: map[Form]string{Other: "%s wedi torri"}},
	"Plain, but counted": {Text: "Plaen"},
	"Counted, but plain": {Forms: map[Form]string{Other: "%d"}},
}

func noBadVerbs(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, "%!") {
		t.Errorf("%q shows a fmt error", s)
	}
}

func TestT(t *testing.T) {
	cy := welshWith(testCatalogue)
	tests := []struct {
		name  string
		p     *Printer
		msgid string
		args  []any
		want  string
	}{
		{"English is the msgid", For(English), "Gathering for %s is closed.", []any{"Spring"}, "Gathering for Spring is closed."},
		{"English %%", For(English), "100%% sure", nil, "100% sure"},
		{"Welsh", cy, "Sign in to comment.", nil, "Mewngofnodwch i wneud sylw."},
		{"Welsh with an argument", cy, "Gathering for %s is closed.", []any{"Gwanwyn"}, "Mae'r cyfnod casglu ar gyfer Gwanwyn wedi cau."},
		{"Welsh reordered", cy, "%s raised %s", []any{"Alys", "Amseroedd aros"}, "Cododd Alys y mater Amseroedd aros"},
		{"missing falls back to English", cy, "Raise an issue", nil, "Raise an issue"},
		{"empty falls back to English", cy, "Not yet", nil, "Not yet"},
		{"wrong kind of verb falls back to English", cy, "Wrong verbs %s", []any{"x"}, "Wrong verbs x"},
		{"extra verb falls back to English", cy, "Too many %s", []any{"x"}, "Too many x"},
		{"plural entry used as plain falls back", cy, "Counted, but plain", nil, "Counted, but plain"},
		{"unknown language is English", For("fr"), "Sign in to comment.", nil, "Sign in to comment."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.T(tt.msgid, tt.args...)
			if got != tt.want {
				t.Errorf("T(%q) = %q, want %q", tt.msgid, got, tt.want)
			}
			noBadVerbs(t, got)
		})
	}
}

func TestN(t *testing.T) {
	cy := welshWith(testCatalogue)
	en := For(English)
	tests := []struct {
		p          *Printer
		n          int
		one, other string
		args       []any
		want       string
	}{
		{en, 0, "%d supporter", "%d supporters", nil, "0 supporters"},
		{en, 1, "%d supporter", "%d supporters", nil, "1 supporter"},
		{en, 1, "One supporter", "%d supporters", nil, "One supporter"},
		{en, 2, "One supporter", "%d supporters", nil, "2 supporters"},
		{en, 1, "%d comment on %s", "%d comments on %s", []any{"x"}, "1 comment on x"},
		{en, 1, "One comment on %s", "%d comments on %s", []any{"x"}, "One comment on x"},
		{cy, 0, "%d supporter", "%d supporters", nil, "Dim cefnogwyr"},
		{cy, 1, "%d supporter", "%d supporters", nil, "Un cefnogwr"},
		{cy, 2, "%d supporter", "%d supporters", nil, "Dau gefnogwr"},
		{cy, 3, "%d supporter", "%d supporters", nil, "Tri chefnogwr"},
		{cy, 6, "%d supporter", "%d supporters", nil, "Chwe chefnogwr"},
		{cy, 5, "%d supporter", "%d supporters", nil, "5 cefnogwr"},
		{cy, 1234, "%d supporter", "%d supporters", nil, "1234 cefnogwr"},
		{cy, 0, "%d comment on %s", "%d comments on %s", []any{"Y Fron"}, "Dim sylwadau ar Y Fron"},
		{cy, 1, "%d comment on %s", "%d comments on %s", []any{"Y Fron"}, "Un sylw ar Y Fron"},
		{cy, 7, "%d comment on %s", "%d comments on %s", []any{"Y Fron"}, "7 sylw ar Y Fron"},
		{cy, 1, "%d reply", "%d replies", nil, "un ateb"},
		{cy, 4, "%d reply", "%d replies", nil, "4 ateb"},
		// Broken or missing Welsh: English, never a fmt error.
		{cy, 4, "%d broken", "%d broken", nil, "4 broken"},
		{cy, 4, "Plain, but counted", "Plain, but counted %d", nil, "Plain, but counted 4"},
		{cy, 4, "%d missing", "%d missing", nil, "4 missing"},
	}
	for _, tt := range tests {
		got := tt.p.N(tt.n, tt.one, tt.other, tt.args...)
		if got != tt.want {
			t.Errorf("%s N(%d, %q) = %q, want %q", tt.p.Lang(), tt.n, tt.one, got, tt.want)
		}
		noBadVerbs(t, got)
	}
}

func TestPlural(t *testing.T) {
	welsh := map[int]Form{0: Zero, 1: One, 2: Two, 3: Few, 4: Other, 5: Other, 6: Many, 7: Other, 10: Other, 11: Other, 16: Other, 100: Other, -1: One}
	for n, want := range welsh {
		if got := Welsh.Plural(n); got != want {
			t.Errorf("Welsh.Plural(%d) = %s, want %s", n, got, want)
		}
	}
	english := map[int]Form{0: Other, 1: One, 2: Other, 6: Other, -1: One}
	for n, want := range english {
		if got := English.Plural(n); got != want {
			t.Errorf("English.Plural(%d) = %s, want %s", n, got, want)
		}
	}
	if len(Welsh.Forms()) != 6 || len(English.Forms()) != 2 {
		t.Errorf("forms: %v, %v", Welsh.Forms(), English.Forms())
	}
}

func TestDates(t *testing.T) {
	at := time.Date(2026, 12, 5, 14, 5, 0, 0, time.UTC)
	if got := For(English).Date(at); got != "5 December 2026" {
		t.Errorf("English date %q", got)
	}
	if got := For(Welsh).Date(at); got != "5 Rhagfyr 2026" {
		t.Errorf("Welsh date %q", got)
	}
	if got := For(English).DateTime(at); got != "14:05 on 5 December 2026" {
		t.Errorf("English date-time %q", got)
	}
	if got := For(Welsh).DateTime(at); got != "14:05 ar 5 Rhagfyr 2026" {
		t.Errorf("Welsh date-time %q", got)
	}
	// UK time: British Summer Time in June, GMT in December, whatever
	// zone the time was made in.
	if got := For(Welsh).DateTime(time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC)); got != "00:30 ar 1 Mehefin 2026" {
		t.Errorf("Welsh date-time of 23:30 UTC in June %q, want UK summer time", got)
	}
	if got := For(English).Date(time.Date(2026, 5, 31, 23, 30, 0, 0, time.UTC)); got != "1 June 2026" {
		t.Errorf("the date of 23:30 UTC on 31 May is %q, want 1 June in the UK", got)
	}
	if got := For(English).DateTime(time.Date(2026, 12, 5, 14, 5, 0, 0, time.FixedZone("X", -5*3600))); got != "19:05 on 5 December 2026" {
		t.Errorf("a time made in another zone %q, want UK time", got)
	}
	months := []string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}
	for i, m := range months {
		if got := For(Welsh).Date(time.Date(2027, time.Month(i+1), 1, 12, 0, 0, 0, time.UTC)); got != "1 "+m+" 2027" {
			t.Errorf("month %d: %q", i+1, got)
		}
	}
}

func TestNumber(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234: "1,234", 1234567: "1,234,567", -1234: "-1,234"} {
		for _, l := range Langs {
			if got := For(l).Number(n); got != want {
				t.Errorf("%s Number(%d) = %q, want %q", l, n, got, want)
			}
		}
	}
}

func TestErr(t *testing.T) {
	cy := welshWith(Catalogue{
		"Gathering for %s is closed.": {Text: "Mae'r cyfnod casglu ar gyfer %s wedi cau."},
		"There is no such issue.":     {Text: "Nid oes mater o'r fath."},
		apperr.Generic:                {Text: "Aeth rhywbeth o'i le."},
	})
	cause := errors.New("dial tcp 127.0.0.1:25: connection refused")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"translated with its args", apperr.New(apperr.Conflict, "Gathering for %s is closed.", "Gwanwyn"), "Mae'r cyfnod casglu ar gyfer Gwanwyn wedi cau."},
		{"wrapped by fmt", fmt.Errorf("gather: %w", apperr.New(apperr.Conflict, "Gathering for %s is closed.", "Gwanwyn")), "Mae'r cyfnod casglu ar gyfer Gwanwyn wedi cau."},
		{"passed through as %s", apperr.New(apperr.NotFound, "%s", "There is no such issue."), "Nid oes mater o'r fath."},
		{"untranslated pass-through", apperr.New(apperr.NotFound, "%s", "There is no such theme."), "There is no such theme."},
		{"never the cause", apperr.Wrap(apperr.Unavailable, cause, "We could not send the email just now."), "We could not send the email just now."},
		{"internal is generic", apperr.Wrap(apperr.Internal, cause, "sending"), "Aeth rhywbeth o'i le."},
		{"a plain error is generic", cause, "Aeth rhywbeth o'i le."},
		{"made by hand: English", &apperr.Error{Kind: apperr.Invalid, Message: "By hand"}, "By hand"},
		{"empty is generic", &apperr.Error{Kind: apperr.Invalid}, "Aeth rhywbeth o'i le."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cy.Err(tt.err)
			if got != tt.want {
				t.Errorf("Err = %q, want %q", got, tt.want)
			}
			if strings.Contains(got, "127.0.0.1") {
				t.Errorf("the cause leaked: %q", got)
			}
		})
	}
	if got := For(English).Err(cause); got != apperr.Generic {
		t.Errorf("English generic %q", got)
	}
}

func TestCheckTranslation(t *testing.T) {
	tests := []struct {
		msgid, text string
		ok          bool
	}{
		{"Plain", "Plaen", true},
		{"%s and %d", "%s a %d", true},
		{"%s and %d", "%[2]d a %[1]s", true},
		{"%s and %s", "%[2]s a %[1]s", true},
		{"%5d items", "%d eitem", true}, // width may differ
		{"%q", "%s", false},
		{"%s", "%d", false},
		{"%s", "", false},
		{"%s %s", "%s", false},
		{"%s", "%s %s", false},
		{"%s", "%[2]s", false},
		{"100%%", "100%%", true},
		{"100%%", "100%", false},
		{"%s", "%z", false},
		{"%*d", "%*d", true},
	}
	for _, tt := range tests {
		if err := CheckTranslation(tt.msgid, tt.text); (err == nil) != tt.ok {
			t.Errorf("CheckTranslation(%q, %q) = %v, want ok=%v", tt.msgid, tt.text, err, tt.ok)
		}
	}
}

func TestCheckPluralForm(t *testing.T) {
	tests := []struct {
		other, form string
		ok          bool
	}{
		{"%d supporters", "%d cefnogwr", true},
		{"%d supporters", "un cefnogwr", true},
		{"%d supporters", "%s", false},
		{"%d comments on %s", "un sylw ar %s", true},
		{"%d comments on %s", "%[2]s: %[1]d sylw", true},
		{"%d comments on %s", "%[2]s: un sylw", true},
		{"%d comments on %s", "un sylw", false},
		{"%d comments on %s", "%d sylw", false},
		{"%d comments on %s", "%s sylw ar %d", false},
	}
	for _, tt := range tests {
		if err := CheckPluralForm(tt.other, tt.form); (err == nil) != tt.ok {
			t.Errorf("CheckPluralForm(%q, %q) = %v, want ok=%v", tt.other, tt.form, err, tt.ok)
		}
	}
}

func TestArgCount(t *testing.T) {
	for format, want := range map[string]int{"": 0, "x": 0, "%s": 1, "%s %d": 2, "%[2]s %[1]s": 2, "%[3]s": 3, "%*d": 2, "%%": 0} {
		if got, err := ArgCount(format); err != nil || got != want {
			t.Errorf("ArgCount(%q) = %d, %v; want %d", format, got, err, want)
		}
	}
	if _, err := ArgCount("100%"); err == nil {
		t.Error("ArgCount accepts a lone % at the end")
	}
}

func TestCatalogueFile(t *testing.T) {
	in := Catalogue{
		"b <em>": {Text: "b & <em>"},
		"A":      {Text: "A"},
		"%d cat": {Forms: map[Form]string{Other: "%d cath", Zero: "dim cathod", One: "un gath"}},
		"a":      {Text: "a"},
	}
	want := `{
  "%d cat": {"zero": "dim cathod", "one": "un gath", "other": "%d cath"},
  "A": "A",
  "a": "a",
  "b <em>": "b & <em>"
}
`
	if got := string(in.Format()); got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
	back, err := ParseCatalogue([]byte(want))
	if err != nil || len(back) != 4 || back["%d cat"].Forms[One] != "un gath" || back["b <em>"].Text != "b & <em>" {
		t.Errorf("round trip: %v, %+v", err, back)
	}
	for name, bad := range map[string]string{
		"duplicate":   `{"a": "x", "a": "y"}`,
		"bad form":    `{"a": {"several": "x"}}`,
		"number":      `{"a": 1}`,
		"not object":  `["a"]`,
		"trailing":    `{"a": "x"} {}`,
		"unfinished":  `{"a": "x"`,
		"form number": `{"a": {"one": 1}}`,
	} {
		if _, err := ParseCatalogue([]byte(bad)); err == nil {
			t.Errorf("%s: ParseCatalogue accepted %s", name, bad)
		}
	}
}

func TestEmbeddedCatalogueReads(t *testing.T) {
	if err := CatalogueError(Welsh); err != nil {
		t.Fatal(err)
	}
	if len(CatalogueOf(Welsh)) == 0 || len(welsh()) != len(CatalogueOf(Welsh)) {
		t.Fatalf("embedded catalogue: %d entries, %d usable", len(CatalogueOf(Welsh)), len(welsh()))
	}
	if got := For(Welsh).T(apperr.Generic); got == apperr.Generic {
		t.Error("the generic error message has no Welsh")
	}
}

func TestFuncMap(t *testing.T) {
	tmpl := template.Must(template.New("x").Funcs(For(Welsh).FuncMap()).Parse(
		`<html lang="{{lang}}">{{t "Sign in to comment."}} {{number .Big}} {{date .At}} {{tn .Count "%d supporter" "%d supporters"}}`))
	var b strings.Builder
	err := tmpl.Execute(&b, map[string]any{"Big": int64(12345), "At": time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), "Count": int64(3)})
	if err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if !strings.HasPrefix(got, `<html lang="cy">Mewngofnodwch i wneud sylw. 12,345 2 Mawrth 2026 `) {
		t.Errorf("rendered %q", got)
	}
	noBadVerbs(t, got)
	if err := tmpl.Execute(&b, map[string]any{"Big": "many"}); err == nil {
		t.Error("number accepted a string")
	}
}

func TestParseAndNegotiate(t *testing.T) {
	for in, want := range map[string]Lang{"cy": Welsh, "CY-gb": Welsh, "cy_GB": Welsh, "en": English, "en-US": English} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := Parse("fr"); ok {
		t.Error("Parse accepts fr")
	}
	for in, want := range map[string]Lang{"": English, "cy": Welsh, "en-GB,cy;q=0.8": English, "cy;q=0.9,en;q=0.5": Welsh, "fr,cy;q=0.1": Welsh, "cy;q=0": English} {
		if got := Negotiate(in); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", in, got, want)
		}
	}
}
