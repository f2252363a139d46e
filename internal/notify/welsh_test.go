package notify_test

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/jobs/jobsmem"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/people"
)

// sameInBothLanguages are the words an email may share with its English
// version because Welsh writes them the same: a phase name, "person", and
// "a" (and) and "at" (to).
var sameInBothLanguages = []string{"agenda", "person", "a", "at"}

// TestEveryEmailIsInWelsh: every email the notifier sends (the sign-in
// link, a comment, a withdrawal, a moderator hiding or showing an issue
// again, a round moving to each of its phases) is written for an English
// and a Welsh reader from the same events. The Welsh one must be marked
// cy and share no word with the English one beyond what people wrote
// (names, titles, the comment, the reason, the note) and the links: an
// untranslated message would show its English.
func TestEveryEmailIsInWelsh(t *testing.T) {
	const eve, wyn = 1, 2 // readers; dan (4) acts
	data := []string{"Eve", "Wyn", "Dan", "Healthwatch Leeds", "Parking at the surgery", "Evenings matter most.",
		"Off topic for this round", "Back on topic", "The jury meets on 4 April.", "Spring 2027", "NHS Example", "Gather"}
	w := newWorld()
	w.users[eve] = people.User{ID: eve, DisplayName: "Eve", Email: "eve@example.org", Lang: i18n.English}
	w.users[wyn] = people.User{ID: wyn, DisplayName: "Wyn", Email: "wyn@example.org", Lang: i18n.Welsh}
	w.issues[issueID] = gather.Issue{ID: issueID, Title: data[4], AuthorID: dan}
	w.followers[issueID] = []int64{eve, wyn}
	w.comments[100] = gather.Comment{ID: 100, IssueID: issueID, AuthorID: dan, AuthorName: "Dan", OrgName: data[3], Body: data[5], Status: gather.StatusVisible}
	rs := rounds{cycles: map[int64]cycle.Cycle{5: {ID: 5, Title: data[9]}}, followers: map[int64][]int64{5: {eve, wyn}}}

	// A clock that ticks on every message, so each reader's emails sort
	// in the order they were composed.
	var mu sync.Mutex
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	c := cfg
	c.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Second); return now }
	c.UserLang = func(u people.User) i18n.Lang { return u.Lang }
	store := jobsmem.New()
	q := jobs.New(store, jobs.Options{Poll: 20 * time.Millisecond})
	n := notify.New(q, notify.Deps{Users: w, Issues: w, Rounds: rs, Audit: w, Cursors: &cursors{Store: store}}, c)
	s := &scene{w: w, store: store, q: q, n: n}
	s.scan(t)

	kinds := []string{"comment", "withdrawn", "hidden", "shown"}
	w.record(dan, "comment.add", "comment:100", nil)
	w.record(dan, "issue.withdraw", "issue:10", nil)
	w.record(dan, "moderation.hide", "issue:10", map[string]string{"reason": data[6]})
	w.record(dan, "moderation.unhide", "issue:10", map[string]string{"reason": data[7]})
	for i, ph := range cycle.Phases[1:] {
		w.record(dan, "cycle.phase", "cycle:5", map[string]string{"from": string(cycle.Phases[i]), "to": string(ph), "note": data[8]})
		kinds = append(kinds, "phase "+string(ph))
	}
	if k := s.scan(t); k != 2*len(kinds) {
		t.Fatalf("queued %d emails, want %d", k, 2*len(kinds))
	}
	ctx := context.Background()
	for i, d := range []time.Duration{20 * time.Minute, time.Minute, 24 * time.Hour, time.Hour} {
		link := "https://gather.example.org/signin/tok" + string(rune('a'+i))
		if err := n.SignInLink(ctx, "eve@example.org", i18n.English, link, d); err != nil {
			t.Fatal(err)
		}
		if err := n.SignInLink(ctx, "wyn@example.org", i18n.Welsh, link+"-cy", d); err != nil { // one email per link
			t.Fatal(err)
		}
		kinds = append(kinds, "sign-in link for "+d.String())
	}

	msgs := s.deliver(t)
	en, cy := byDate(msgs["eve@example.org"]), byDate(msgs["wyn@example.org"])
	if len(en) != len(kinds) || len(cy) != len(kinds) {
		t.Fatalf("%d English and %d Welsh emails, want %d of each", len(en), len(cy), len(kinds))
	}
	for i, kind := range kinds {
		e, y := en[i], cy[i]
		if e.Lang != "en-GB" || y.Lang != "cy" {
			t.Errorf("%s: languages %q and %q, want en-GB and cy", kind, e.Lang, y.Lang)
		}
		for _, part := range []struct{ name, en, cy string }{{"subject", e.Subject, y.Subject}, {"body", e.Body, y.Body}} {
			if shared := sharedWords(part.en, part.cy, data); len(shared) > 0 {
				t.Errorf("%s: the Welsh %s shares English words %q with the English one:\n%s\n---\n%s", kind, part.name, shared, part.en, part.cy)
			}
		}
	}
}

func byDate(ms []mail.Message) []mail.Message {
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Date.Before(ms[j].Date) })
	return ms
}

var (
	urlRE  = regexp.MustCompile(`https?://\S+`)
	wordRE = regexp.MustCompile(`\p{L}[\p{L}']*`)
)

// sharedWords returns the words of the English text that the Welsh text
// also holds, once the data (what people wrote, names) and links are
// taken out of both.
func sharedWords(en, cy string, data []string) []string {
	data = slices.Clone(data)
	sort.Slice(data, func(i, j int) bool { return len(data[i]) > len(data[j]) }) // "Evenings" before "Eve"
	strip := func(s string) map[string]bool {
		s = urlRE.ReplaceAllString(s, " ")
		for _, d := range data {
			s = strings.ReplaceAll(s, d, " ")
		}
		words := map[string]bool{}
		for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
			words[w] = true
		}
		return words
	}
	cyWords := strip(cy)
	var out []string
	for w := range strip(en) {
		if cyWords[w] && !slices.Contains(sameInBothLanguages, w) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}
