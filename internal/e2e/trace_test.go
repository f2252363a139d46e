package e2e

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"

	"github.com/folkmoot/folkmoot/internal/browsertest"
)

// TestIssueToCommitment is issue 15's "Done when" point 1: one issue
// followed in the browser from the moment a resident raises it to a
// commitment the Board reports done. On the demo's current round a
// resident raises the issue; a second person, who reads the site in
// Welsh, supports it and a third follows it. The organiser puts it into a
// theme, the jury (one juror, who ranks that theme first) chooses the
// theme, two assembly members and a Board member are named; a member
// drafts a recommendation on the theme, both members agree with it and it
// passes. The Board member answers it "accepted" with reasons and a
// commitment; in Follow-up they report it done, at 100%, with an evidence
// link, on a 360 px phone with JavaScript off. Then the issue's trace page
// (English and Welsh, desktop and phone) and trace.json show the theme
// chosen, the recommendation passed, the Board's decision and the
// commitment at 100%; the issue's Atom feed has the Board's answer; and
// each of the issue's people (who raised, supports, follows it) has an
// email in the demo outbox for the agenda, the vote, the Board's answer,
// the new commitment and its progress to 100%, each linking to the trace
// page, the Welsh supporter's in Welsh. axe-core checks every new page.
//
// The organiser works in a browser of their own, signed in throughout;
// everyone else takes turns in a second browser, whose phone tab shares
// their sign-in.
func TestIssueToCommitment(t *testing.T) {
	if testing.Short() {
		t.Skip("browser walk-through: skipped under -short")
	}
	browsertest.RequireAxe(t)
	// Nine sign-ins within a few minutes from one address; the default
	// limit (a burst of 10, then 3 a minute) is not what this test is about.
	t.Setenv("FOLKMOOT_SIGNIN_PER_MINUTE", "60")
	demo := startDemo(t)
	dir := filepath.Join(shots(t), "trace")
	seen := map[string]bool{}
	org := &walker{t: t, p: browsertest.Start(t).NewPage(t, 1280, 900), base: demo.URL, dir: dir, seen: seen}
	pb := browsertest.Start(t)
	w := &walker{t: t, p: pb.NewPage(t, 1280, 900), base: demo.URL, dir: dir, seen: seen}
	cur, _ := demoRounds(t, demo.URL)
	base := "/cycles/" + cur

	const (
		organiser = "priya.shah@example.org"
		author    = "rhian.trace@example.org"
		supporter = "dafydd.trace@example.org" // reads the site, and his email, in Welsh
		follower  = "mo.trace@example.org"
		juror     = "juror.trace@example.org"
		board     = "board.trace@example.org"
	)
	members := []string{"member.trace1@example.org", "member.trace2@example.org"}
	title := "Nobody rang back after my mum's memory clinic appointment (trace walk-through)"
	recText := "Every memory clinic should ring each family within two weeks of a dementia diagnosis, with a named contact."
	commitTitle := "A named contact rings every family within two weeks of a diagnosis"
	reasons := "The Board agrees: families need one person to call. The memory clinics will ring each family."
	reasonsCy := "Mae'r Bwrdd yn cytuno: mae angen un person ar deuluoedd i'w ffonio. Bydd y clinigau cof yn ffonio pob teulu."
	evidence := "https://example.org/northshire/memory-clinic-audit-2027"

	noErrors := func(w *walker, doing string) {
		t.Helper()
		if w.p.Has(".nhsuk-error-summary") {
			t.Fatalf("%s: %q", doing, w.p.Text(".nhsuk-error-summary"))
		}
	}
	eval := func(w *walker, js string, out any) {
		t.Helper()
		if err := w.p.Eval(js, out); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	// idOfLabelled returns the id of the form field whose label holds text.
	idOfLabelled := func(w *walker, text string) string {
		t.Helper()
		var id string
		eval(w, fmt.Sprintf(`(() => { for (const l of document.querySelectorAll('main label[for]')) if (l.textContent.includes(%q)) return l.htmlFor; return '' })()`, text), &id)
		if id == "" {
			t.Fatalf("no field labelled %q at %s: %q", text, w.p.Location(), w.p.Text("main"))
		}
		return id
	}
	ukToday := time.Now().In(mustUK(t))

	// 1. A resident raises the issue; one person supports it (in Welsh),
	// another follows it.
	w.signIn(author)
	w.open("/issues/new?title="+url.QueryEscape(title), "issue-new-step-2")
	w.p.Fill("#description", "She was told someone would ring within a fortnight. Three months on, nobody has, and we do not know who to ask.")
	w.p.ClickAndWait(`main form[method=post][action="/issues/new"] button[type=submit]`)
	noErrors(w, "raising the issue")
	id := issueID(t, w.p.Location())
	issuePath := "/issues/" + id
	tracePath := issuePath + "/trace"
	w.signOut()

	w.signIn(supporter)
	w.open("/account", "account")
	eval(w, `document.querySelector('#lang-cy').checked = true`, nil)
	w.p.ClickAndWait(`form[action="/account/language"] button[type=submit]`)
	noErrors(w, "choosing Welsh")
	w.p.Navigate(demo.URL + issuePath)
	if lang := pageLang(t, w); lang != "cy" {
		t.Fatalf("after choosing Welsh the issue page is in %q", lang)
	}
	w.check("cy-issue")
	w.p.ClickAndWait(`form[action="` + issuePath + `/support"] button[type=submit]`)
	if !w.p.Has(`form[action="` + issuePath + `/unsupport"]`) {
		t.Fatalf("supporting the issue did not record it: %q", w.p.Text("main"))
	}
	w.signOut()

	w.signIn(follower)
	w.open(issuePath+"?lang=en", "issue")
	w.p.ClickAndWait(`form[action="` + issuePath + `/follow"] button[type=submit]`)
	if !w.p.Has(`form[action="` + issuePath + `/unfollow"]`) {
		t.Fatalf("following the issue did not record it: %q", w.p.Text("main"))
	}
	w.signOut()

	// 2. The organiser puts the issue into a theme. (A new theme of one
	// issue would fall below the shortlist's cut-off, the six themes with
	// the most supporters, so it joins the demo's dementia theme.)
	theme := "Support for people with dementia after diagnosis"
	org.signIn(organiser)
	org.open("/themes?lang=en", "themes")
	var themePath string
	eval(org, fmt.Sprintf(`(() => { const a = Array.from(document.querySelectorAll('main a[href^="/themes/"]')).find(a => a.textContent.trim() === %q); return a ? a.getAttribute('href') : '' })()`, theme), &themePath)
	if themePath == "" {
		t.Fatalf("no theme %q on /themes: %q", theme, org.p.Text("main"))
	}
	org.open(themePath, "theme-organiser")
	org.p.Fill(`form[action$="/add"] #numbers`, id)
	org.p.ClickAndWait(`form[action$="/add"] button[type=submit]`)
	noErrors(org, "adding the issue to the theme")
	if !org.p.Has(`main a[href="` + issuePath + `"]`) {
		t.Fatalf("the theme does not list the issue after adding it: %q", org.p.Text("main"))
	}

	// The jury: one juror, who ranks the issue's theme first.
	org.movePhase(cur, "agenda")
	org.open(base+"/jury/manage", "jury-manage")
	org.p.Fill("#size", "6")
	eval(org, `document.querySelector('#method-chosen').checked = true`, nil)
	org.p.Fill("#statement", "The organisers named one juror for this walk-through.")
	org.p.Fill("#seats", "2")
	org.p.ClickAndWait(`form[action$="/jury/settings"] button[type=submit]`)
	noErrors(org, "the jury's settings")
	org.p.Fill("#emails", juror)
	org.p.ClickAndWait(`form[action$="/jury/jurors"] button[type=submit]`)
	noErrors(org, "naming the juror")
	org.p.ClickAndWait(`form[action$="/jury/shortlist"] button[type=submit]`)
	org.p.ClickAndWait(`form[action$="/jury/open"] button[type=submit]`)
	if !strings.Contains(org.p.Text("main"), "0 of 1 jurors have voted") {
		t.Fatalf("the jury's vote did not open: %q", org.p.Text("main"))
	}
	w.signIn(juror)
	w.open(base+"/agenda/ballot", "ballot")
	first := idOfLabelled(w, "Your ranking of “"+theme+"”")
	var second string
	eval(w, fmt.Sprintf(`(() => { const s = Array.from(document.querySelectorAll('main select[id^="rank-"]')).find(s => s.id !== %q); return s ? s.id : '' })()`, first), &second)
	w.p.Fill("#"+first, "1")
	w.p.Fill("#"+second, "2")
	w.p.ClickAndWait(`form[action$="/agenda/ballot"] button[type=submit]`)
	noErrors(w, "the juror's vote")
	w.signOut()
	org.p.Navigate(demo.URL + base + "/jury/manage")
	org.p.ClickAndWait(`form[action$="/jury/close"] button[type=submit]`)
	var reasonFields []string
	eval(org, `Array.from(document.querySelectorAll('textarea[name^="reason-"]')).map(e => e.id)`, &reasonFields)
	for _, f := range reasonFields {
		org.p.Fill("#"+f, "The juror put this theme first: families are left alone after a diagnosis.")
	}
	org.p.Fill("#why", "The other themes had less support from the juror.")
	org.p.ClickAndWait(`form[action$="/jury/reasons"] button[name=publish]`)
	if !strings.Contains(org.p.Location(), base+"/agenda") {
		t.Fatalf("the agenda was not published: %q", org.p.Text("main"))
	}
	var res struct {
		Winners []string `json:"winners"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, base+"/agenda/result.json"), &res); err != nil || len(res.Winners) == 0 || res.Winners[0] != theme {
		t.Fatalf("the jury elected %v (%v), want %q first", res.Winners, err, theme)
	}

	// 3. Selection: two members and a Board member.
	org.movePhase(cur, "selection")
	org.open(base+"/assembly/manage?lang=en", "assembly-manage")
	name := func(role string, emails ...string) {
		t.Helper()
		eval(org, `document.querySelector('#role`+role+`').checked = true`, nil)
		org.p.Fill("#emails", strings.Join(emails, "\n"))
		org.p.ClickAndWait(`form[action$="/assembly/add"] button[type=submit]`)
		noErrors(org, "naming "+strings.Join(emails, ", "))
	}
	name("", members...)
	name("-board", board)
	if main := org.p.Text("main"); !strings.Contains(main, "Members (2)") || !strings.Contains(main, board) {
		t.Fatalf("the assembly's page does not list the members and the Board member: %q", main)
	}

	// Meetings: a member drafts a recommendation on the theme.
	org.movePhase(cur, "meetings")
	w.signIn(members[0])
	w.open(base+"/recommendations/new", "rec-new")
	var themeValue string
	eval(w, fmt.Sprintf(`(() => { const o = Array.from(document.querySelectorAll('#theme option')).find(o => o.textContent.trim() === %q); return o ? o.value : '' })()`, theme), &themeValue)
	if themeValue == "" {
		t.Fatalf("the new recommendation's themes do not offer %q: %q", theme, w.p.Text("#theme"))
	}
	w.p.Fill("#theme", themeValue)
	w.p.Fill("#text", recText)
	w.p.ClickAndWait(`form[action$="/recommendations/new"] button[type=submit]`)
	noErrors(w, "drafting the recommendation")
	rec := regexp.MustCompile(`/recommendations/(\d+)$`).FindStringSubmatch(w.p.Location())
	if rec == nil {
		t.Fatalf("drafting, at %s: %q", w.p.Location(), w.p.Text("main"))
	}
	recID := rec[1]

	// Recommendations: the members agree, the organiser closes the vote.
	org.movePhase(cur, "recommendations")
	org.open(base+"/recommendations?lang=en", "recs-organiser")
	org.p.ClickAndWait(`form[action$="/recommendations/open"] button[type=submit]`)
	if !strings.Contains(org.p.Text("main"), "0 have voted") {
		t.Fatalf("the vote did not open: %q", org.p.Text("main"))
	}
	for i, m := range members {
		if i > 0 {
			w.signIn(m)
		}
		w.open(base+"/recommendations/ballot", "rec-ballot")
		eval(w, `document.querySelector('#item-`+recID+`-agree').checked = true`, nil)
		w.p.ClickAndWait(`form[action$="/recommendations/ballot"] button[type=submit]`)
		if len(strings.TrimSpace(w.p.Text("#receipt-code"))) != 12 {
			t.Fatalf("no receipt after voting: %q", w.p.Text("main"))
		}
		w.signOut()
	}
	org.p.Navigate(demo.URL + base + "/recommendations?lang=en")
	org.p.ClickAndWait(`form[action$="/recommendations/close"] button[type=submit]`)
	if main := org.p.Text("main"); !strings.Contains(main, "2 members voted") || !strings.Contains(main, "Passed") {
		t.Fatalf("after closing the vote: %q", main)
	}

	// 4. Response: the organiser publishes the deadline; the Board member
	// answers and commits.
	org.movePhase(cur, "response")
	org.open(base+"/response/settings", "resp-settings")
	org.p.Fill("#deadline", ukToday.AddDate(0, 0, 56).Format("2006-01-02"))
	org.p.ClickAndWait(`form[action$="/response/deadline"] button[type=submit]`)
	noErrors(org, "publishing the deadline")
	org.open(base+"/response", "resp-page-organiser")
	if !strings.Contains(org.p.Text("main"), "0 of 1 recommendations answered") {
		t.Errorf("the response page before the answer: %q", org.p.Text("main"))
	}

	w.signIn(board)
	w.open(base+"/response", "resp-page-board")
	w.p.ClickAndWait(`#rec-` + recID + ` a[href$="/response/answer/` + recID + `"]`)
	w.check("resp-answer")
	eval(w, `document.querySelector('#decision').checked = true`, nil) // the first decision: accepted
	if v := w.p.Text(`label[for="decision"]`); v != "Accepted" {
		t.Fatalf("the first decision is %q, want Accepted", v)
	}
	w.p.Fill("#reasons", reasons)
	w.p.Fill("#reasons-cy", reasonsCy)
	w.p.ClickAndWait(`form[action$="/response/answer/` + recID + `"] button[type=submit]`)
	noErrors(w, "answering")
	w.check("resp-answer-answered")
	w.p.Fill("#title", commitTitle)
	w.p.Fill("#owner", "Head of Dementia Services, Northshire")
	w.p.Fill("#due", ukToday.AddDate(0, 6, 0).Format("2006-01-02"))
	w.p.Fill("#measure", "Nine in ten families rung within two weeks of a diagnosis, from the clinics' own call logs.")
	w.p.Fill("#status", "in_progress")
	w.p.ClickAndWait(`form[action$="/response/answer/` + recID + `/commitments"] button[type=submit]`)
	noErrors(w, "adding the commitment")
	cm := regexp.MustCompile(`/commitments/(\d+)$`).FindStringSubmatch(strings.SplitN(w.p.Location(), "?", 2)[0])
	if cm == nil {
		t.Fatalf("after adding the commitment, at %s: %q", w.p.Location(), w.p.Text("main"))
	}
	commitPath := base + "/commitments/" + cm[1]
	w.check("resp-commitment")

	// Follow-up: the Board member reports it done, on a phone without
	// JavaScript (the tab shares the sign-in).
	org.movePhase(cur, "followup")
	phone := pb.NewPage(t, 360, 740)
	phone.DisableJavaScript()
	pw := &walker{t: t, p: phone, base: demo.URL, dir: dir, seen: seen}
	phone.Run(page.BringToFront())
	pw.open(commitPath+"/edit", "phone-resp-commitment-edit")
	noSideways(t, pw, "the commitment's update form")
	pw.p.Fill("#date", ukToday.Format("2006-01-02"))
	pw.p.Fill("#update-status", "done")
	pw.p.Fill("#text", "Every memory clinic now rings each family within two weeks; the audit of the first three months is published.")
	pw.p.Fill("#links", evidence)
	pw.p.ClickAndWait(`form[action$="/updates"] button[type=submit]`)
	noErrors(pw, "reporting progress")
	if main := pw.p.Text("main"); !strings.Contains(main, "100%") || !strings.Contains(main, "Done") || !pw.p.Has(`main a[href="`+evidence+`"]`) {
		t.Fatalf("the commitment after the update: %q", main)
	}
	pw.check("phone-resp-commitment")
	noSideways(t, pw, "the commitment's page")
	var js bool
	eval(pw, `document.body.classList.contains('nhsuk-frontend-supported')`, &js)
	if js {
		t.Fatal("JavaScript ran on the phone tab: the test proves nothing about pages without it")
	}
	w.p.Run(page.BringToFront())
	w.signOut()

	// 5. The trace page, in English and Welsh, on a desktop and a phone.
	checkTrace := func(w *walker, lang, pageType string) {
		t.Helper()
		w.open(tracePath+"?lang="+lang, pageType)
		if w == pw {
			noSideways(t, w, pageType)
		}
		if got := pageLang(t, w); got != map[string]string{"en": "en-GB", "cy": "cy"}[lang] {
			t.Errorf("%s: <html lang=%q>", pageType, got)
		}
		main := w.p.Text("main")
		words := map[string][]string{
			"en": {"Passed", "100% agreed, of 2 ballots", "The Board's answer: Accepted", reasons, "Progress: 100%", "Status: Done"},
			"cy": {"Cytunodd 100%, o 2 o bleidleisiau", "Ateb y Bwrdd: Derbyniwyd", reasonsCy, "Cynnydd: 100%", "Statws: Wedi'i gwblhau"},
		}[lang]
		for _, want := range append(words, title, theme, recText, commitTitle) {
			if !strings.Contains(main, want) {
				t.Errorf("%s lacks %q: %q", pageType, want, main)
			}
		}
		for sel, what := range map[string]string{
			`[data-chosen="yes"]`:                                            "the jury's choice",
			`#rec-` + recID + ` [data-decision="accepted"]`:                  "the Board's decision",
			`#rec-` + recID + ` progress[value="100"]`:                       "the commitment's progress",
			`li[data-step="agenda"][data-state="done"]`:                      "the agenda step",
			`li[data-step="vote"][data-state="done"]`:                        "the vote step",
			`li[data-step="answer"][data-state="done"]`:                      "the answer step",
			`li[data-step="commitment"][data-state="done"]`:                  "the commitment step",
			`li[data-step="update"][data-state="done"][aria-current="step"]`: "the update, as the latest step",
			`main a[href="` + issuePath + `/trace.json"]`:                    "the link to trace.json",
			`main a[href="` + issuePath + `/feed.atom"]`:                     "the link to the feed",
			`#rec-` + recID + ` [data-commitment="` + cm[1] + `"]`:           "the commitment",
			`#rec-` + recID + ` a[href="/recommendations/` + recID + `"]`:    "the recommendation's link",
		} {
			if !w.p.Has(sel) {
				t.Errorf("%s lacks %s (%s)", pageType, what, sel)
			}
		}
	}
	checkTrace(w, "en", "trace")
	checkTrace(w, "cy", "cy-trace")
	phone.Run(page.BringToFront())
	checkTrace(pw, "en", "phone-trace")
	checkTrace(pw, "cy", "phone-cy-trace")
	w.p.Run(page.BringToFront())

	// trace.json.
	var tr struct {
		Issue struct {
			ID    json.Number `json:"id"`
			Title string      `json:"title"`
		} `json:"issue"`
		Theme *struct {
			Title string `json:"title"`
		} `json:"theme"`
		Agenda struct {
			Chosen *bool  `json:"chosen"`
			Reason string `json:"reason"`
		} `json:"agenda"`
		Recommendations []struct {
			ID       json.Number `json:"id"`
			Text     string      `json:"text"`
			Passed   *bool       `json:"passed"`
			Response *struct {
				Decision string `json:"decision"`
				Reasons  string `json:"reasons"`
			} `json:"response"`
			Commitments []struct {
				Title    string `json:"title"`
				Owner    string `json:"owner"`
				Due      string `json:"due"`
				Status   string `json:"status"`
				Progress int    `json:"progress"`
				Updates  []struct {
					Links []string `json:"links"`
				} `json:"updates"`
			} `json:"commitments"`
		} `json:"recommendations"`
	}
	if err := json.Unmarshal(fetch(t, demo.URL, issuePath+"/trace.json"), &tr); err != nil {
		t.Fatal(err)
	}
	if tr.Issue.ID.String() != id || tr.Issue.Title != title || tr.Theme == nil || tr.Theme.Title != theme {
		t.Errorf("trace.json: issue %s %q, theme %+v", tr.Issue.ID, tr.Issue.Title, tr.Theme)
	}
	if tr.Agenda.Chosen == nil || !*tr.Agenda.Chosen || tr.Agenda.Reason == "" {
		t.Errorf("trace.json: agenda %+v, want chosen with the jury's reason", tr.Agenda)
	}
	found := false
	for _, r := range tr.Recommendations {
		if r.ID.String() != recID {
			continue
		}
		found = true
		if r.Passed == nil || !*r.Passed || r.Text != recText {
			t.Errorf("trace.json: recommendation %s passed %v, text %q", recID, r.Passed, r.Text)
		}
		if r.Response == nil || r.Response.Decision != "accepted" || r.Response.Reasons != reasons {
			t.Errorf("trace.json: the Board's response %+v", r.Response)
		}
		if len(r.Commitments) != 1 {
			t.Fatalf("trace.json: commitments %+v", r.Commitments)
		}
		c := r.Commitments[0]
		if c.Title != commitTitle || c.Status != "done" || c.Progress != 100 || c.Owner == "" || c.Due == "" ||
			len(c.Updates) != 1 || len(c.Updates[0].Links) != 1 || c.Updates[0].Links[0] != evidence {
			t.Errorf("trace.json: the commitment %+v, want %q done at 100 with the evidence link", c, commitTitle)
		}
	}
	if !found {
		t.Errorf("trace.json lists no recommendation %s: %+v", recID, tr.Recommendations)
	}

	// The issue's Atom feed has the Board's answer, linking to the trace.
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
			Link  []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(fetch(t, demo.URL, issuePath+"/feed.atom"), &feed); err != nil {
		t.Fatal(err)
	}
	answered := false
	for _, e := range feed.Entries {
		if e.Title == "The Board answered" && strings.Contains(e.Content+e.Summary, "Accepted") &&
			len(e.Link) > 0 && strings.HasPrefix(e.Link[0].Href, demo.URL+tracePath) {
			answered = true
		}
	}
	if !answered {
		t.Errorf("the issue's feed has no entry for the Board's answer linking to the trace: %+v", feed.Entries)
	}

	// 6. The emails each of the issue's people received.
	type want struct {
		what          string
		subject, body string
	}
	english := []want{
		{"the agenda", "The jury has chosen the agenda of", "“" + theme + "”: chosen for the agenda"},
		{"the vote", "The assembly has voted on its recommendations", "Passed: " + recText},
		{"the Board's answer", "The Board has answered a recommendation on “" + theme + "”", "The Board's decision: Accepted."},
		{"the new commitment", "A new commitment on “" + theme + "”", "The commitment: " + commitTitle},
		{"the commitment done", "Progress on a commitment on “" + theme + "”", "Progress: 100%"},
	}
	welsh := []want{
		{"the agenda", "Mae'r rheithgor wedi dewis agenda", "“" + theme + "”: wedi'i dewis ar gyfer yr agenda"},
		{"the vote", "Mae'r cynulliad wedi pleidleisio ar ei argymhellion", "Wedi pasio: " + recText},
		{"the Board's answer", "Mae'r Bwrdd wedi ateb argymhelliad ar “" + theme + "”", "Penderfyniad y Bwrdd: Derbyniwyd."},
		{"the new commitment", "Ymrwymiad newydd ar “" + theme + "”", "Yr ymrwymiad: " + commitTitle},
		{"the commitment done", "Cynnydd ar ymrwymiad ar “" + theme + "”", "Cynnydd: 100%"},
	}
	people := []struct {
		email string
		wants []want
		also  string // a further line the last email must hold
	}{
		{author, english, "Where it stands: Done"},
		{supporter, welsh, "Lle mae'n sefyll: Wedi'i gwblhau"},
		{follower, english, "Where it stands: Done"},
	}
	traceURL := demo.URL + tracePath
	linksTrace := regexp.MustCompile(regexp.QuoteMeta(traceURL) + `(\s|$)`)
	type message struct{ Subject, Href string }
	deadline := time.Now().Add(30 * time.Second) // mail goes out through the job queue
	for _, who := range people {
		var got map[string]message
		for {
			w.p.Navigate(demo.URL + "/outbox")
			var msgs []message
			eval(w, fmt.Sprintf(`Array.from(document.querySelectorAll('main table tbody tr')).filter(tr => tr.cells[0].textContent.trim() === %q).map(tr => ({Subject: tr.cells[1].textContent.trim(), Href: tr.querySelector('a').getAttribute('href')}))`, who.email), &msgs)
			got = map[string]message{}
			for _, m := range msgs {
				for _, x := range who.wants {
					if strings.HasPrefix(m.Subject, x.subject) {
						got[x.what] = m
					}
				}
			}
			if len(got) == len(who.wants) || time.Now().After(deadline) {
				break
			}
			time.Sleep(500 * time.Millisecond)
		}
		for _, x := range who.wants {
			m, ok := got[x.what]
			if !ok {
				t.Errorf("%s has no email for %s (subject %q…)", who.email, x.what, x.subject)
				continue
			}
			w.open(m.Href, "outbox-message")
			body := w.p.Text("main")
			if !strings.Contains(body, x.body) {
				t.Errorf("%s's email for %s lacks %q: %q", who.email, x.what, x.body, body)
			}
			if !linksTrace.MatchString(body) {
				t.Errorf("%s's email for %s does not link to the trace page %s: %q", who.email, x.what, traceURL, body)
			}
			if x.what == "the commitment done" && !strings.Contains(body, who.also) {
				t.Errorf("%s's email for %s lacks %q: %q", who.email, x.what, who.also, body)
			}
		}
	}
}

// noSideways fails the test if the page w shows is wider than its screen
// (a phone would scroll it sideways).
func noSideways(t *testing.T, w *walker, what string) {
	t.Helper()
	var over int
	if err := w.p.Eval(`document.documentElement.scrollWidth - window.innerWidth`, &over); err != nil {
		t.Fatal(err)
	}
	if over > 0 {
		t.Errorf("%s is %d px wider than the phone's screen", what, over)
	}
}

// pageLang returns the <html lang> of the page w shows.
func pageLang(t *testing.T, w *walker) string {
	t.Helper()
	var lang string
	if err := w.p.Eval(`document.documentElement.lang`, &lang); err != nil {
		t.Fatal(err)
	}
	return lang
}

// mustUK returns the UK's time zone, in which the Board's dates are days.
func mustUK(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
