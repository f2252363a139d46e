package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/assembly"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/gatherweb"
	"github.com/folkmoot/folkmoot/internal/web/kit"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// productionServer is the web server `folkmoot serve` runs over st (the
// same webDeps, every area), without its background workers.
func productionServer(t *testing.T, st storage.Store) *web.Server {
	t.Helper()
	cfg := config.Default()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	outbox, err := mail.NewOutbox("")
	if err != nil {
		t.Fatal(err)
	}
	bg := newBackground(cfg, st, nil, outbox, log)
	ps := people.NewService(st, people.Config{})
	cs := cycle.NewService(st, cycle.Config{})
	gs := gather.NewService(st, st, cs, gather.Config{})
	srv, err := web.New(webDeps(cfg, st, services{people: ps, cycles: cs, gather: gs, similar: gatherweb.NewSimilar(gs, time.Minute, log),
		notifier: bg.n, live: live.NewLocal(), jury: jury.NewService(st, cs, gs, ps, st, jury.Config{}), selection: bg.sel, jobs: bg.q}, nil, log))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// openAPIDoc loads and validates the served document.
func openAPIDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return doc
}

// dataFile matches the patterns of routes that serve data files.
var dataFile = regexp.MustCompile(`\.(json|csv|atom|blt|txt|sha256|pdf|svg)$`)

// fileWildcards are routes whose last segment names one of a fixed list of
// published files: each file is a path of its own in the document.
var fileWildcards = map[string][]string{
	"/cycles/{id}/selection/{file}": lottery.PublicFiles,
}

// shape turns a pattern or a templated path into one comparable form:
// every wildcard is {}.
func shape(p string) string { return regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(p, "{}") }

// Every public GET route of the whole server that serves a data file
// (JSON, CSV, Atom, BLT, text, hashes, PDF, SVG) is a path of the OpenAPI
// document, and every path of the document is a route. A new export
// fails this test until openapi.json describes it.
func TestOpenAPIDescribesEveryFile(t *testing.T) {
	st := openStore(t)
	doc := openAPIDoc(t)
	inDoc := map[string]string{}
	for p := range doc.Paths.Map() {
		inDoc[shape(p)] = p
	}
	var missing []string
	routes := map[string]bool{}
	for _, rt := range productionServer(t, st).Routes() {
		routes[shape(rt.Pattern)] = true
		if rt.Method != "GET" || rt.Access != kit.Public {
			continue
		}
		patterns := []string{rt.Pattern}
		if files, ok := fileWildcards[rt.Pattern]; ok {
			patterns = nil
			base := rt.Pattern[:strings.LastIndex(rt.Pattern, "/")+1]
			for _, f := range files {
				patterns = append(patterns, base+f)
				routes[shape(base+f)] = true
			}
		}
		for _, p := range patterns {
			if dataFile.MatchString(p) && inDoc[shape(p)] == "" {
				missing = append(missing, p)
			}
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("%d public data routes are not in internal/api/openapi.json (add each to its paths):\n\t%s", len(missing), strings.Join(missing, "\n\t"))
	}
	for s, p := range inDoc {
		if !routes[s] {
			t.Errorf("%s is in the OpenAPI document but the server has no such route", p)
		}
	}
}

// openStore opens a new, empty, migrated SQLite store.
func openStore(t *testing.T) storage.Store {
	t.Helper()
	ctx := context.Background()
	db := t.TempDir() + "/openapi.db"
	if _, _, err := storage.Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func init() {
	for _, ct := range []string{"application/atom+xml", "image/svg+xml", "application/pdf"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
}

// answer requests url and checks the answer against the document: the
// route it finds must be want (the path being tested), and the status,
// content type and body must match the operation's 200 response.
func answer(t *testing.T, router routers.Router, base, want, url string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", base+url, nil)
	req.Header.Set("Accept", "application/json")
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Errorf("%s: the document has no path for it: %v", url, err)
		return nil
	}
	if route.Path != want {
		t.Errorf("%s is routed to %s by the document, want %s", url, route.Path, want)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET %s = %d, want 200\n%.300s", url, res.StatusCode, body)
		return nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.StatusCode, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("GET %s does not match the document:\n%v", url, err)
		return body
	}
	ct := res.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "application/json"):
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Errorf("%s: %v", url, err)
		}
		mt := route.Operation.Responses.Status(200).Value.Content.Get(ct)
		for _, p := range undeclared(mt.Schema, v, "") {
			t.Errorf("%s: %s is served but not in the document's schema", url, p)
		}
	case strings.HasPrefix(ct, "application/atom+xml"), strings.HasPrefix(ct, "image/svg+xml"):
		if err := xml.Unmarshal(body, new(struct{})); err != nil {
			t.Errorf("%s is not well-formed XML: %v", url, err)
		}
	case strings.HasPrefix(ct, "application/pdf"):
		if !bytes.HasPrefix(body, []byte("%PDF-")) {
			t.Errorf("%s is not a PDF", url)
		}
	}
	return body
}

// undeclared lists the members of v that its schema does not declare
// (where the schema lists properties and does not say what others are).
func undeclared(s *openapi3.SchemaRef, v any, at string) []string {
	if s == nil || s.Value == nil {
		return nil
	}
	var out []string
	switch x := v.(type) {
	case map[string]any:
		sv := s.Value
		if has := sv.AdditionalProperties.Has; has != nil && *has {
			return nil // any member may be there
		}
		if sv.AdditionalProperties.Schema != nil {
			for k, e := range x {
				out = append(out, undeclared(sv.AdditionalProperties.Schema, e, at+"."+k)...)
			}
			return out
		}
		if len(sv.Properties) == 0 {
			return nil
		}
		for k, e := range x {
			p, ok := sv.Properties[k]
			if !ok {
				out = append(out, at+"."+k)
				continue
			}
			out = append(out, undeclared(p, e, at+"."+k)...)
		}
	case []any:
		if s.Value.Items != nil {
			for _, e := range x {
				// One report per member, not per element.
				for _, p := range undeclared(s.Value.Items, e, at+"[]") {
					if !slices.Contains(out, p) {
						out = append(out, p)
					}
				}
			}
		}
	}
	return out
}

// Every path of the OpenAPI document answers a request with real data
// from the demo (its past round has every phase), and each answer matches
// the path's response in the document: status, content type and, for
// JSON, the schema, with no member the schema leaves out. The evidence
// files uploaded as PDFs, which the demo has none of, are answered by a
// round of their own (pdfRound). A path this test cannot fill in fails it.
func TestOpenAPIAnswers(t *testing.T) {
	st := seededDemo(t)
	doc := openAPIDoc(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(productionServer(t, st))
	defer ts.Close()

	// The past round (the one with the most published) and ids of its
	// things, read through the API itself.
	var rounds []api.PublicCycle
	if err := json.Unmarshal(answer(t, router, ts.URL, "/cycles.json", "/cycles.json"), &rounds); err != nil {
		t.Fatal(err)
	}
	var past api.PublicCycle
	for _, c := range rounds {
		if len(c.Links) > len(past.Links) {
			past = c
		}
	}
	var issues []api.PublicIssue
	if err := json.Unmarshal(answer(t, router, ts.URL, "/issues.json", "/issues.json"), &issues); err != nil {
		t.Fatal(err)
	}
	issue := int64(0)
	for _, iss := range issues {
		if iss.CycleID == past.ID && iss.ThemeID != 0 {
			issue = iss.ID
			break
		}
	}
	var recs []struct {
		ID  int64  `json:"id"`
		BLT string `json:"ballots_blt"`
	}
	pastID := strconv.FormatInt(past.ID, 10)
	if err := json.Unmarshal(answer(t, router, ts.URL, "/cycles/{id}/recommendations.json", "/cycles/"+pastID+"/recommendations.json"), &recs); err != nil {
		t.Fatal(err)
	}
	rec := int64(0)
	for _, r := range recs {
		if r.BLT != "" {
			rec = r.ID
		}
	}
	if issue == 0 || rec == 0 {
		t.Fatalf("the demo's past round %d has no themed issue (%d) or no ranked question (%d)", past.ID, issue, rec)
	}
	pdfs := pdfRound(t)
	fill := func(path string) (base, url string) {
		base = ts.URL
		ids := map[string]string{"rec": strconv.FormatInt(rec, 10)}
		switch {
		case strings.Contains(path, "{doc}") || strings.Contains(path, "{sub}"):
			base, ids = pdfs.url, pdfs.ids
		case strings.HasPrefix(path, "/cycles/{id}"):
			ids["id"] = pastID
		case strings.HasPrefix(path, "/issues/{id}"):
			ids["id"] = strconv.FormatInt(issue, 10)
		}
		url = regexp.MustCompile(`\{([^}]*)\}`).ReplaceAllStringFunc(path, func(w string) string {
			v, ok := ids[w[1:len(w)-1]]
			if !ok {
				t.Errorf("%s: the test has no value for %s: add one to TestOpenAPIAnswers's fill", path, w)
			}
			return v
		})
		return base, url
	}
	n := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		if doc.Paths.Value(path).Get == nil {
			t.Errorf("%s has no GET: the API is read-only", path)
			continue
		}
		base, url := fill(path)
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) { answer(t, router, base, path, url) })
		n++
	}
	if n < 20 {
		t.Fatalf("only %d paths answered", n)
	}
}

// pdfs is a server with a round whose evidence includes PDFs: a
// document's version and easy-read version, and a published submission.
type pdfs struct {
	url string
	ids map[string]string
}

// lateEvidence is the evidence service, made once the harness's store
// exists.
type lateEvidence struct{ *evidence.Service }

type oneTheme struct{}

func (oneTheme) Agenda(_ context.Context, id int64) (jury.Agenda, error) {
	return jury.Agenda{CycleID: id, Chosen: []jury.Item{{Theme: jury.Theme{ThemeID: 7, Title: "Access to GP appointments"}, Rank: 1}}}, nil
}

type noParts struct{}

func (noParts) RolesOf(context.Context, int64, int64) ([]assembly.Role, error) { return nil, nil }

func pdfRound(t *testing.T) pdfs {
	t.Helper()
	ctx := context.Background()
	ev := &lateEvidence{}
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) { d.Evidence.Evidence = ev }})
	ev.Service = evidence.NewService(h.Store, h.Cycles, oneTheme{}, noParts{}, nil)
	id := h.Cycle.ID
	for _, p := range []cycle.Phase{cycle.Agenda, cycle.Selection, cycle.Learning} {
		if _, err := h.Cycles.MovePhase(ctx, people.System, id, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	org := h.User("org@example.org", people.RoleOrganiser)
	pdf := []byte("%PDF-1.4\n% a test\n")
	doc, err := ev.AddDocument(ctx, org, id, 7, "How GP appointments are booked", evidence.Content{Format: evidence.PDF, Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.AddVersion(ctx, org, id, doc, true, evidence.Content{Format: evidence.PDF, Data: pdf}); err != nil {
		t.Fatal(err)
	}
	sub, err := ev.Submit(ctx, h.User("ngo@example.org"), evidence.Submission{CycleID: id, ThemeID: 7, Organisation: "Healthwatch",
		Interests: "None", Body: "What people told us.", PDF: pdf})
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Moderate(ctx, org, id, sub, true, ""); err != nil {
		t.Fatal(err)
	}
	return pdfs{url: h.URL, ids: map[string]string{"id": fmt.Sprint(id), "doc": fmt.Sprint(doc), "n": "1", "sub": fmt.Sprint(sub)}}
}
