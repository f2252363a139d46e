package evidenceweb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// agenda is a published agenda of two themes (the jury's own pages are
// tested in juryweb).
type agenda struct{}

func (agenda) Agenda(_ context.Context, id int64) (jury.Agenda, error) {
	return jury.Agenda{CycleID: id, Chosen: []jury.Item{
		{Theme: jury.Theme{ThemeID: 41, Title: "Getting a GP appointment"}, Rank: 1},
		{Theme: jury.Theme{ThemeID: 42, Title: "Waiting times for planned care"}, Rank: 2}}}, nil
}

// parts gives people parts in the assembly.
type parts map[int64][]assembly.Role

func (p parts) RolesOf(_ context.Context, _, userID int64) ([]assembly.Role, error) {
	return p[userID], nil
}

// late is the evidence service, made once the harness's store exists.
type late struct{ *evidence.Service }

func TestEvidenceInTheWebApp(t *testing.T) {
	webtest.OnEachDatabase(t, testEvidence, webtest.Options{Deps: func(d *web.Deps) {
		d.Evidence.Evidence = holder
		d.API.Links = append(d.API.Links, func(ctx context.Context, id int64) (map[string]string, error) { return holder.Links(ctx, id) })
	}})
}

var holder = &late{}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// upload posts a multipart form with an optional file.
func upload(t *testing.T, h *webtest.Harness, c *webtest.Client, path string, form url.Values, file []byte) webtest.Resp {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "doc.pdf")
		fw.Write(file)
	}
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
	return webtest.Resp{Code: res.StatusCode, Body: string(body), Header: res.Header}
}

// An organiser writes a document and uploads its easy-read version as a
// PDF, then a second version; a citizen nominates a witness whom the
// committee approves with a view; a member asks and the committee
// answers; a submission is moderated. The public page, the document and
// version pages and evidence.json follow, signed out, in English and
// Welsh, without nominators' or askers' identities.
func testEvidence(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	id := h.Cycle.ID
	base := "/cycles/" + itoa(id)
	org := h.User("org@example.org", people.RoleOrganiser)
	chair := h.User("chair@example.org")
	member := h.User("member@example.org")
	h.User("citizen@example.org")
	h.User("mod@example.org", people.RoleModerator)
	holder.Service = evidence.NewService(h.Store, h.Cycles, agenda{}, parts{chair.ID: {assembly.Committee}, member.ID: {assembly.Member}}, nil)
	oc, cc, mc, pc, dc, anon := h.Client(), h.Client(), h.Client(), h.Client(), h.Client(), h.Client()
	oc.SignIn("org@example.org")
	cc.SignIn("chair@example.org")
	mc.SignIn("member@example.org")
	pc.SignIn("citizen@example.org")
	dc.SignIn("mod@example.org")
	_ = org

	// In the gather phase nothing is taken.
	r := oc.Post(base+"/evidence/nominate", url.Values{"theme": {"41"}, "name": {"X"}, "topic": {"Y"}, "interests": {"None"}})
	if r.Code != http.StatusConflict {
		t.Fatalf("nominating while gathering = %d", r.Code)
	}
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection, cycle.Learning} {
		if _, err := h.Cycles.MovePhase(ctx, people.System, id, p, ""); err != nil {
			t.Fatal(err)
		}
	}

	// A document written in the app, with a mistake first.
	r = upload(t, h, oc, base+"/evidence/documents", url.Values{"theme": {"41"}, "title": {""}, "format": {"markdown"}, "body": {""}}, nil)
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#title"`) || !strings.Contains(r.Body, `href="#body"`) {
		t.Fatalf("an empty document = %d\n%s", r.Code, r.Body)
	}
	r = upload(t, h, oc, base+"/evidence/documents", url.Values{"theme": {"41"}, "title": {"How GP appointments are booked today"}, "format": {"markdown"},
		"body": {"# Booking\nMost practices open their lines at **8am**.\n\n<script>alert(1)</script>"}}, nil)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("add a document = %d\n%s", r.Code, r.Body)
	}
	docs, err := h.Store.Documents(ctx, id)
	if err != nil || len(docs) != 1 {
		t.Fatal(docs, err)
	}
	doc := base + "/evidence/documents/" + itoa(docs[0].ID)
	if r = anon.Get(base + "/evidence"); r.Code != 200 || !strings.Contains(r.Body, "How GP appointments are booked today") || !strings.Contains(r.Body, "No easy-read version yet") {
		t.Fatalf("the public page = %d\n%s", r.Code, r.Body)
	}
	// Not a PDF, then a PDF as the easy-read version.
	r = upload(t, h, oc, doc+"/versions", url.Values{"easy": {"1"}, "format": {"pdf"}}, []byte("<html>not a pdf"))
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "The file must be a PDF") || !strings.Contains(r.Body, `href="#doc`+itoa(docs[0].ID)+`-file"`) {
		t.Fatalf("a file that is not a PDF = %d", r.Code)
	}
	pdf := []byte("%PDF-1.4\n% easy read\n")
	if r = upload(t, h, oc, doc+"/versions", url.Values{"easy": {"1"}, "format": {"pdf"}}, pdf); r.Code != http.StatusSeeOther {
		t.Fatalf("the easy-read PDF = %d\n%s", r.Code, r.Body)
	}
	if r = upload(t, h, oc, doc+"/versions", url.Values{"easy": {"0"}, "format": {"markdown"}, "body": {"# Booking\nLines open at 8am; online booking opens at 7am."}}, nil); r.Code != http.StatusSeeOther {
		t.Fatalf("a second version = %d\n%s", r.Code, r.Body)
	}
	// Others may not write documents.
	for _, c := range []*webtest.Client{mc, pc, dc} {
		if r = upload(t, h, c, base+"/evidence/documents", url.Values{"theme": {"41"}, "title": {"T"}, "body": {"B"}}, nil); r.Code != http.StatusForbidden {
			t.Fatalf("a document by someone not on the committee = %d", r.Code)
		}
	}
	r = anon.Get(doc)
	if r.Code != 200 || !strings.Contains(r.Body, "online booking opens at 7am") || strings.Contains(r.Body, "<script>alert") || !strings.Contains(r.Body, "&lt;script&gt;") && !strings.Contains(r.Body, "Version 1") {
		t.Fatalf("the document page = %d\n%s", r.Code, r.Body)
	}
	if r = anon.Get(doc + "/versions/1"); r.Code != 200 || !strings.Contains(r.Body, "<strong>8am</strong>") || strings.Contains(r.Body, "<script>alert") || !strings.Contains(r.Body, "A newer version exists") {
		t.Fatalf("the first version = %d\n%s", r.Code, r.Body)
	}
	if r = anon.Get(doc + "/easy-read/1/file.pdf"); r.Code != 200 || r.Body != string(pdf) || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the easy-read PDF = %d %q", r.Code, r.Header.Get("Content-Type"))
	}
	if r = anon.Get(doc + "/versions/9"); r.Code != http.StatusNotFound {
		t.Fatalf("a missing version = %d", r.Code)
	}

	// A citizen nominates; the committee approves; a second is declined.
	if r = pc.Post(base+"/evidence/nominate", url.Values{"theme": {"41"}, "name": {""}}); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#interests"`) {
		t.Fatalf("an empty nomination = %d", r.Code)
	}
	for _, name := range []string{"Dr Ada Jones", "Pat Campaigner"} {
		if r = pc.Post(base+"/evidence/nominate", url.Values{"theme": {"41"}, "name": {name}, "organisation": {"Riverside Surgery"}, "topic": {"How booking works"},
			"interests": {"GP partner at Riverside Surgery"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("nominate = %d\n%s", r.Code, r.Body)
		}
	}
	ws, _ := h.Store.Witnesses(ctx, id)
	if r = anon.Get(base + "/evidence"); strings.Contains(r.Body, "Dr Ada Jones") {
		t.Fatal("a proposed witness is public")
	}
	if r = mc.Post(base+"/evidence/witnesses/"+itoa(ws[0].ID)+"/decision", url.Values{"decision": {"approve"}, "reason": {"R"}, "view": {"V"}}); r.Code != http.StatusForbidden {
		t.Fatalf("a member deciding = %d", r.Code)
	}
	if r = cc.Post(base+"/evidence/witnesses/"+itoa(ws[0].ID)+"/decision", url.Values{"decision": {"approve"}, "reason": {"Runs a practice"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `href="#wit`+itoa(ws[0].ID)+`-view"`) {
		t.Fatalf("approving without a view = %d", r.Code)
	}
	if r = cc.Post(base+"/evidence/witnesses/"+itoa(ws[0].ID)+"/decision", url.Values{"decision": {"approve"}, "reason": {"Runs a practice"}, "view": {"NHS provider"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("approve = %d\n%s", r.Code, r.Body)
	}
	if r = oc.Post(base+"/evidence/witnesses/"+itoa(ws[1].ID)+"/decision", url.Values{"decision": {"decline"}, "reason": {"The same view is already heard"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("decline = %d\n%s", r.Code, r.Body)
	}

	// A member asks; the committee answers. A submission is moderated.
	if r = pc.Post(base+"/evidence/ask", url.Values{"theme": {"41"}, "kind": {"source"}, "text": {"x"}}); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen asking = %d", r.Code)
	}
	if r = mc.Post(base+"/evidence/ask", url.Values{"theme": {"42"}, "kind": {"source"}, "text": {"How long do people wait in Wales?"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("ask = %d\n%s", r.Code, r.Body)
	}
	qs, _ := h.Store.Requests(ctx, id)
	if r = cc.Post(base+"/evidence/requests/"+itoa(qs[0].ID)+"/answer", url.Values{"answer": {"We have added the Welsh figures to the pack."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("answer = %d\n%s", r.Code, r.Body)
	}
	if r = upload(t, h, pc, base+"/evidence/submit", url.Values{"theme": {"42"}, "organisation": {"Healthwatch Riverside"}, "interests": {"None"}, "body": {"What 400 people told us about waiting."}}, pdf); r.Code != http.StatusSeeOther {
		t.Fatalf("submit = %d\n%s", r.Code, r.Body)
	}
	subs, _ := h.Store.Submissions(ctx, id)
	if r = anon.Get(base + "/evidence/submissions/" + itoa(subs[0].ID) + "/file.pdf"); r.Code != http.StatusNotFound {
		t.Fatalf("an unpublished submission's file = %d", r.Code)
	}
	if r = pc.Post(base+"/evidence/submissions/"+itoa(subs[0].ID)+"/decision", url.Values{"decision": {"publish"}}); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen moderating = %d", r.Code)
	}
	if r = dc.Post(base+"/evidence/submissions/"+itoa(subs[0].ID)+"/decision", url.Values{"decision": {"publish"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("publish = %d\n%s", r.Code, r.Body)
	}
	if r = dc.Get(base + "/evidence/manage"); r.Code != 200 {
		t.Fatalf("the moderator's page = %d", r.Code)
	}
	if r = pc.Get(base + "/evidence/manage"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen's manage page = %d", r.Code)
	}
	if r = cc.Get(base + "/evidence/manage"); r.Code != 200 || !strings.Contains(r.Body, "Add a document") {
		t.Fatalf("the committee's page = %d", r.Code)
	}

	// The public page, in English and Welsh.
	r = anon.Get(base + "/evidence")
	for _, want := range []string{"Dr Ada Jones", "GP partner at Riverside Surgery", "Runs a practice", "Pat Campaigner", "The same view is already heard",
		"NHS provider", "How long do people wait in Wales?", "We have added the Welsh figures", "Healthwatch Riverside", "Easy read"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the public page lacks %q", want)
		}
	}
	for _, never := range []string{"citizen@example.org", "member@example.org", "No easy-read version yet"} {
		if strings.Contains(r.Body, never) {
			t.Errorf("the public page shows %q", never)
		}
	}
	if r = anon.Get(base+"/evidence?lang=cy", "Accept-Language", "cy"); r.Code != 200 || !strings.Contains(r.Body, "Tystiolaeth") || !strings.Contains(r.Body, "Hawdd ei Ddeall") {
		t.Fatalf("the Welsh page = %d", r.Code)
	}

	// The open data file: every url answers signed out.
	r = anon.Get(base + "/evidence.json")
	var packs []struct {
		Theme     string `json:"theme"`
		ThemeID   int64  `json:"theme_id"`
		Documents []struct {
			Title, URL, Updated string
			EasyReadURL         string `json:"easy_read_url"`
			Version             int
		} `json:"documents"`
		Witnesses []map[string]any `json:"witnesses"`
		Balance   []struct {
			View  string
			Count int
		} `json:"balance"`
	}
	if err := json.Unmarshal([]byte(r.Body), &packs); err != nil {
		t.Fatal(err, r.Body)
	}
	if len(packs) != 2 || packs[0].Theme != "Getting a GP appointment" || packs[0].ThemeID != 41 || len(packs[0].Documents) != 1 || len(packs[0].Witnesses) != 2 {
		t.Fatalf("evidence.json %s", r.Body)
	}
	d := packs[0].Documents[0]
	if d.Version != 2 || d.URL != doc+"/versions/2" || d.EasyReadURL != doc+"/easy-read/1/file.pdf" || d.Updated == "" {
		t.Fatalf("the document in evidence.json %+v", d)
	}
	if len(packs[0].Balance) != 1 || packs[0].Balance[0].View != "NHS provider" || packs[0].Balance[0].Count != 1 {
		t.Fatalf("balance %+v", packs[0].Balance)
	}
	for _, u := range []string{d.URL, d.EasyReadURL} {
		if r := anon.Get(u); r.Code != 200 {
			t.Errorf("%s = %d signed out", u, r.Code)
		}
	}
	if strings.Contains(r.Body, "nominator") || strings.Contains(r.Body, "example.org") {
		t.Fatal("evidence.json names a nominator")
	}
	// /cycles.json links the evidence.
	if r = anon.Get("/cycles.json"); !strings.Contains(r.Body, base+"/evidence.json") {
		t.Fatalf("/cycles.json does not link the evidence: %s", r.Body)
	}
	// The audit log has every change.
	for _, a := range []string{evidence.ActionDocument, evidence.ActionVersion, evidence.ActionNominate, evidence.ActionDecide, evidence.ActionRequest, evidence.ActionAnswer, evidence.ActionSubmit, evidence.ActionModerate} {
		es, err := h.Store.AuditLog(ctx, a, 0, 5)
		if err != nil || len(es) == 0 {
			t.Errorf("no audit entry %s (%v)", a, err)
		}
	}
	// After the meetings, nothing more is taken.
	for _, p := range []cycle.Phase{cycle.Meetings, cycle.Recommendations} {
		if _, err := h.Cycles.MovePhase(ctx, people.System, id, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	if r = upload(t, h, oc, doc+"/versions", url.Values{"easy": {"0"}, "body": {"Late"}}, nil); r.Code != http.StatusConflict {
		t.Fatalf("a version after the meetings = %d", r.Code)
	}

	// An easy-read version found not to be easy read: the committee's
	// chair and a moderator may not take it down, an organiser may, even
	// after the meetings; the committee's page then shows it is missing
	// again.
	remove := doc + "/easy-read/remove"
	if r = oc.Get(base + "/evidence/manage"); !strings.Contains(r.Body, `action="`+remove+`"`) {
		t.Fatal("the organiser's page has no button to remove the easy-read version")
	}
	if r = cc.Get(base + "/evidence/manage"); strings.Contains(r.Body, `action="`+remove+`"`) {
		t.Fatal("the chair's page has the button to remove the easy-read version")
	}
	for _, c := range []*webtest.Client{cc, dc, pc} {
		if r = c.Post(remove, nil); r.Code != http.StatusForbidden {
			t.Fatalf("removing the easy-read version as someone not an organiser = %d", r.Code)
		}
	}
	if r = anon.Post(remove, nil); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Fatalf("removing the easy-read version signed out = %d %s", r.Code, r.Header.Get("Location"))
	}
	if r = oc.Post(remove, nil); r.Code != http.StatusSeeOther {
		t.Fatalf("removing the easy-read version = %d\n%s", r.Code, r.Body)
	}
	if r = oc.Get(base + "/evidence/manage"); !strings.Contains(r.Body, "No easy-read version yet") || !strings.Contains(r.Body, "The easy-read version has been removed") {
		t.Fatal("after the removal the page does not say so, or does not show the easy-read version is missing")
	}
	if r = anon.Get(doc + "/easy-read/1/file.pdf"); r.Code != http.StatusNotFound {
		t.Fatalf("the removed easy-read PDF = %d", r.Code)
	}
	if r = oc.Post(remove, nil); r.Code != http.StatusConflict {
		t.Fatalf("removing it again = %d", r.Code)
	}
	if es, err := h.Store.AuditLog(ctx, evidence.ActionRemoveEasy, 0, 5); err != nil || len(es) != 1 {
		t.Fatalf("audit entries for the removal: %d (%v)", len(es), err)
	}
	_ = apperr.Conflict
}

func TestTheCommitteeIsTheAssemblys(t *testing.T) { webtest.OnEachDatabase(t, testCommittee) }

// With the harness's own wiring, the advisory committee named in the
// round's assembly (internal/assembly) runs the evidence; a citizen does
// not.
func testCommittee(t *testing.T, h *webtest.Harness) {
	ctx := context.Background()
	id := h.Cycle.ID
	base := "/cycles/" + itoa(id)
	org := h.User("org@example.org", people.RoleOrganiser)
	h.User("chair@example.org")
	h.User("citizen@example.org")
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection, cycle.Learning} {
		if _, err := h.Cycles.MovePhase(ctx, people.System, id, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	asm, ok := h.Deps.Assembly.People.(*assembly.Service)
	if !ok {
		t.Fatalf("the harness's assembly is a %T", h.Deps.Assembly.People)
	}
	if _, err := asm.Add(ctx, org, id, assembly.Committee, "chair@example.org"); err != nil {
		t.Fatal(err)
	}
	cc, pc := h.Client(), h.Client()
	cc.SignIn("chair@example.org")
	pc.SignIn("citizen@example.org")
	if r := cc.Get(base + "/evidence/manage"); r.Code != 200 {
		t.Fatalf("the committee's manage page = %d", r.Code)
	}
	if r := cc.Get(base + "/evidence"); !strings.Contains(r.Body, base+"/evidence/manage") {
		t.Fatal("the evidence page does not link the committee to its page")
	}
	if r := pc.Get(base + "/evidence/manage"); r.Code != http.StatusForbidden {
		t.Fatalf("a citizen's manage page = %d", r.Code)
	}
}
