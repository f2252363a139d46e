package recruitweb_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

func TestTemplatesAreTranslated(t *testing.T) {
	webtest.CheckTranslated(t, os.DirFS("templates"))
}

// upload posts a file as a browser does.
func upload(t *testing.T, h *webtest.Harness, c *webtest.Client, path, name, content string) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", h.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", h.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.HC.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var codeRE = regexp.MustCompile(`class="fm-letter__code">([A-Z0-9]{4}-[A-Z0-9]{4})<`)

func TestRecruitment(t *testing.T) { webtest.OnEachDatabase(t, testRecruitment) }

// An organiser imports addresses (a bad file first), draws invitations and
// opens the letters; a person registers with a code typed loosely, sees
// every problem at once, then withdraws; the public page shows counts only.
func testRecruitment(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	orgUser := h.User("org@example.org", people.RoleOrganiser)
	if _, err := h.Cycles.MovePhase(ctx, orgUser, h.Cycle.ID, cycle.Agenda, ""); err != nil {
		t.Fatal(err)
	}
	h.Cycles.Forget(h.Cycle.ID)
	org, cit, anon := h.Client(), h.Client(), h.Client()
	org.SignIn("org@example.org")
	cit.SignIn("cit@example.org")
	base := "/cycles/" + itoa(h.Cycle.ID) + "/recruitment"

	if r := cit.Get(base + "/addresses"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen on the import page: %d", r.Code)
	}
	// Only a route made for it takes a file upload.
	if code, _ := upload(t, h, anon, "/register", "x.csv", "a,b\n"); code != http.StatusBadRequest {
		t.Fatalf("an upload to /register = %d", code)
	}
	if code, _ := upload(t, h, org, base+"/addresses", "big.csv", strings.Repeat("1 Mill Lane,Leeds,LS1 1AA\n", 21<<20/26)); code != http.StatusRequestEntityTooLarge && code != http.StatusUnprocessableEntity {
		t.Fatalf("a file over the limit = %d", code)
	}
	code, body := upload(t, h, org, base+"/addresses", "bad.csv", "address_line_1,postcode\n1 Mill Lane,LS1 1AA\n2 Mill Lane,NOPE\n")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "is not a postcode") || !strings.Contains(body, "<td class=\"nhsuk-table__cell\">3</td>") {
		t.Fatalf("a bad file = %d\n%s", code, body)
	}
	var csv strings.Builder
	csv.WriteString("address_line_1,town,postcode\n")
	for i := 1; i <= 30; i++ {
		csv.WriteString(itoa(int64(i)) + " Mill Lane,Leeds,LS1 1AA\n")
	}
	csv.WriteString("1 mill lane,LEEDS,ls1 1aa\n")
	code, body = upload(t, h, org, base+"/addresses", "good.csv", csv.String())
	if code != 200 || !strings.Contains(body, "30 addresses were added.") || !strings.Contains(body, "1 was already in the list") {
		t.Fatalf("a good file = %d\n%s", code, body)
	}
	if r := org.Post(base+"/invitations", url.Values{"count": {"ten"}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#count"`) {
		t.Fatalf("a count that is not one = %d", r.Code)
	}
	r := org.Post(base+"/invitations", url.Values{"count": {"10"}, "seed": {"web-seed-1"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("draw = %d\n%s", r.Code, r.Body)
	}
	if r := org.Get(base + "/invitations"); !strings.Contains(r.Body, "it invites the same addresses") {
		t.Fatalf("the draw does not repeat:\n%s", r.Body)
	}
	letters := org.Get(base + "/letters")
	codes := codeRE.FindAllStringSubmatch(letters.Body, -1)
	if letters.Code != 200 || len(codes) != 10 || !strings.Contains(letters.Body, "Mill Lane") {
		t.Fatalf("letters = %d, %d codes", letters.Code, len(codes))
	}
	if r := anon.Get(base + "/letters"); r.Code == 200 {
		t.Fatal("letters shown to the public")
	}
	mm := org.Get(base + "/letters.csv")
	if mm.Code != 200 || !strings.HasPrefix(mm.Body, "addressee,address_1,") || !strings.Contains(mm.Body, codes[0][1]) || !strings.Contains(mm.Body, ",LS1 1AA,") {
		t.Fatalf("mail-merge = %d\n%s", mm.Code, mm.Body)
	}

	// A person types the code in small letters without the dash.
	typed := strings.ToLower(strings.ReplaceAll(codes[0][1], "-", ""))
	form := anon.Get("/register?code=" + typed)
	if form.Code != 200 || !strings.Contains(form.Body, `name="dob-day"`) || !strings.Contains(form.Body, "Mill Lane") || !strings.Contains(form.Body, `name="q-gender"`) {
		t.Fatalf("registration form = %d\n%s", form.Code, form.Body)
	}
	if r := anon.Get("/register?code=ABCD-EFGH"); r.Code != http.StatusNotFound || !strings.Contains(r.Body, "There is no invitation with this code") {
		t.Fatalf("an unknown code = %d", r.Code)
	}
	r = anon.Post("/register", url.Values{"code": {typed}, "dob-day": {"31"}, "dob-month": {"2"}, "dob-year": {"1990"}})
	for _, f := range []string{"name", "address", "dob-day", "q-gender", "consent"} {
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#`+f+`"`) {
			t.Fatalf("an empty form = %d: no error for %s", r.Code, f)
		}
	}
	ok := url.Values{"code": {typed}, "name": {"Ada Lovelace"}, "email": {"ada@example.org"}, "address": {"1 Mill Lane\nLeeds\nLS1 1AA"},
		"dob-day": {"10"}, "dob-month": {"12"}, "dob-year": {"1985"}, "q-gender": {"woman"}, "q-region": {"yorkshire"},
		"q-ethnicity": {"white"}, "q-disability": {"no"}, "consent": {"yes"}}
	r = anon.Post("/register", ok)
	if r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/register/done" {
		t.Fatalf("register = %d\n%s", r.Code, r.Body)
	}
	if r := anon.Post("/register", ok); r.Code != http.StatusConflict || !strings.Contains(r.Body, "already been used") {
		t.Fatalf("a code used twice = %d", r.Code)
	}
	regs := org.Get(base + "/registrations")
	if regs.Code != 200 || !strings.Contains(regs.Body, "Ada Lovelace") || !strings.Contains(regs.Body, "1 person is registered.") {
		t.Fatalf("registrations = %d\n%s", regs.Code, regs.Body)
	}
	pub := anon.Get(base)
	if pub.Code != 200 || strings.Contains(pub.Body, "Ada") || !strings.Contains(pub.Body, "web-seed-1") || !strings.Contains(pub.Body, "fewer than 5") {
		t.Fatalf("public page = %d\n%s", pub.Code, pub.Body)
	}
	js := anon.Get(base + ".json")
	if js.Code != 200 || !strings.Contains(js.Body, `"seed": "web-seed-1"`) || !strings.Contains(js.Body, `"registered": 1`) || strings.Contains(js.Body, "Ada") {
		t.Fatalf("open data = %d\n%s", js.Code, js.Body)
	}
	if r := org.Post(base+"/erase", nil); r.Code != http.StatusConflict || !strings.Contains(r.Body, "must be reachable") {
		t.Fatalf("erasing before the assembly = %d", r.Code)
	}
	// Withdraw with code and email.
	if r := anon.Post("/register/withdraw", url.Values{"code": {codes[0][1]}, "email": {"other@example.org"}}); r.Code != http.StatusUnprocessableEntity {
		t.Fatalf("withdraw with the wrong email = %d", r.Code)
	}
	if r := anon.Post("/register/withdraw", url.Values{"code": {codes[0][1]}, "email": {"ADA@example.org"}}); r.Code != 200 || !strings.Contains(r.Body, "erased") {
		t.Fatalf("withdraw = %d\n%s", r.Code, r.Body)
	}
	if regs := org.Get(base + "/registrations"); strings.Contains(regs.Body, "Ada Lovelace") || !strings.Contains(regs.Body, "1 withdrew.") {
		t.Fatal("a withdrawn person is still shown")
	}
	// Welsh.
	if r := anon.Get("/register?code=" + codes[1][1] + "&lang=cy"); r.Code != 200 || !strings.Contains(r.Body, "Beth yw eich dyddiad geni?") || !strings.Contains(r.Body, "Menyw") {
		t.Fatalf("the Welsh form = %d", r.Code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
