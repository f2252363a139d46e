package demo

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

var seeds = []int64{1, 2, 3, 42, 2015, -7}

func TestBuildIsDeterministic(t *testing.T) {
	if !reflect.DeepEqual(Build(1), Build(1)) {
		t.Fatal("Build(1) differs between calls")
	}
	if reflect.DeepEqual(Build(1).Supports, Build(2).Supports) {
		t.Fatal("Build(1) and Build(2) have the same supports: seed ignored")
	}
}

func TestShape(t *testing.T) {
	for _, seed := range seeds {
		d := Build(seed)
		if n := len(d.Issues); n < 180 || n > 220 {
			t.Errorf("seed %d: %d issues, want about 200", seed, n)
		}
		if n := len(d.Users); n < 35 || n > 45 {
			t.Errorf("seed %d: %d users, want about 40", seed, n)
		}
		if len(d.Supports) < 700 || len(d.Comments) < 60 || len(d.Follows) == 0 {
			t.Errorf("seed %d: %d supports, %d comments, %d follows", seed, len(d.Supports), len(d.Comments), len(d.Follows))
		}
		for _, r := range []Role{RoleCitizen, RoleOrgRep, RoleModerator, RoleOrganiser, RoleAdmin} {
			if _, ok := d.FirstWithRole(r); !ok {
				t.Errorf("seed %d: nobody has role %s", seed, r)
			}
		}
		var kinds []string
		for _, o := range d.Organisations {
			kinds = append(kinds, strings.ToLower(o.Kind))
		}
		for _, want := range []string{"healthwatch", "patient participation", "carers", "mental health"} {
			if !slices.ContainsFunc(kinds, func(k string) bool { return strings.Contains(k, want) }) {
				t.Errorf("seed %d: no organisation of kind %q", seed, want)
			}
		}
		status := map[string]int{}
		for _, is := range d.Issues {
			status[is.Status]++
		}
		if status[StatusHidden] != 1 || status[StatusWithdrawn] != 1 || len(d.Moderations) != 1 {
			t.Errorf("seed %d: statuses %v, %d moderations", seed, status, len(d.Moderations))
		}
		if !slices.ContainsFunc(d.Issues, func(is Issue) bool { return is.Org != "" }) {
			t.Errorf("seed %d: no issue raised by an organisation", seed)
		}
	}
}

// The NHS Citizen Assembly's five issues of November 2015 must lead, with
// the words ../shared/checks/gather-foundation looks for on /themes.
func TestLeadingThemes(t *testing.T) {
	want := []*regexp.Regexp{
		regexp.MustCompile(`(?i)dementia`),
		regexp.MustCompile(`(?i)mental health`),
		regexp.MustCompile(`(?i)premature death`),
		regexp.MustCompile(`(?i)looked.after`),
		regexp.MustCompile(`(?i)transparen`),
	}
	for _, seed := range seeds {
		d := Build(seed)
		if len(d.Themes) < 6 {
			t.Fatalf("seed %d: %d themes", seed, len(d.Themes))
		}
		counts := d.SupportCounts()
		total := func(th Theme) (n int) {
			for _, k := range th.Issues {
				n += counts[k]
			}
			return n
		}
		for _, re := range want {
			i := slices.IndexFunc(d.Themes, func(th Theme) bool { return re.MatchString(th.Name) })
			if i < 0 || i >= 5 {
				t.Errorf("seed %d: theme matching %v at position %d, want in the first five", seed, re, i)
				continue
			}
			th := d.Themes[i]
			if len(th.Issues) < 10 {
				t.Errorf("seed %d: theme %q has %d issues, want many", seed, th.Name, len(th.Issues))
			}
			for _, other := range d.Themes[5:] {
				if total(other) >= total(th) || d.DistinctSupporters(other.Issues) > d.DistinctSupporters(th.Issues) {
					t.Errorf("seed %d: theme %q (%d supports) does not lead %q (%d)", seed, th.Name, total(th), other.Name, total(other))
				}
			}
		}
		// Most of the ten most supported issues belong to the five leading topics.
		issues := slices.Clone(d.Issues)
		slices.SortFunc(issues, func(a, b Issue) int { return counts[b.Key] - counts[a.Key] })
		lead := 0
		for _, is := range issues[:10] {
			if slices.ContainsFunc(leadTopics, func(tp topic) bool { return tp.key == is.Topic }) {
				lead++
			}
		}
		if lead < 9 {
			t.Errorf("seed %d: only %d of the 10 most supported issues are on the leading topics", seed, lead)
		}
	}
}

func TestReferencesAndTimes(t *testing.T) {
	for _, seed := range seeds {
		d := Build(seed)
		check := func(ok bool, format string, args ...any) {
			t.Helper()
			if !ok {
				t.Errorf("seed %d: "+format, append([]any{seed}, args...)...)
			}
		}
		win := func(at time.Time) bool { return !at.Before(d.Cycle.GatherOpens) && !at.After(Base) }
		users := keys(d.Users, func(u User) string { return u.Key })
		emails := keys(d.Users, func(u User) string { return u.Email })
		orgs := keys(d.Organisations, func(o Organisation) string { return o.Key })
		issues := map[string]Issue{}
		for _, is := range d.Issues {
			check(issues[is.Key].Key == "", "issue key %s repeated", is.Key)
			issues[is.Key] = is
			check(users[is.Author], "issue %s by unknown user %s", is.Key, is.Author)
			check(is.Org == "" || orgs[is.Org], "issue %s for unknown organisation %s", is.Key, is.Org)
			if is.Org != "" {
				u, _ := d.User(is.Author)
				check(u.Org == is.Org, "issue %s raised for %s by %s, who represents %q", is.Key, is.Org, u.Key, u.Org)
			}
			check(win(is.Created), "issue %s created %v outside the Gather window", is.Key, is.Created)
		}
		check(len(users) == len(d.Users) && len(emails) == len(d.Users), "user keys or e-mails repeated")
		for _, u := range d.Users {
			check(u.Org == "" || orgs[u.Org], "user %s represents unknown %s", u.Key, u.Org)
			check(strings.HasSuffix(u.Email, "@example.org") && !strings.ContainsAny(u.Email, " '"), "e-mail %q", u.Email)
		}
		pairs := map[[2]string]bool{}
		for _, s := range d.Supports {
			is, ok := issues[s.Issue]
			check(ok && users[s.User], "support %v refers to unknown records", s)
			check(!pairs[[2]string{s.Issue, s.User}], "%s supports %s twice", s.User, s.Issue)
			pairs[[2]string{s.Issue, s.User}] = true
			check(s.User != is.Author, "%s supports their own issue %s", s.User, s.Issue)
			check(is.Status == StatusOpen, "support for %s issue %s", is.Status, s.Issue)
			check(!s.At.Before(is.Created) && win(s.At), "support of %s at %v", s.Issue, s.At)
		}
		comments := map[string]Comment{}
		for _, c := range d.Comments {
			is, ok := issues[c.Issue]
			check(ok && users[c.Author], "comment %s refers to unknown records", c.Key)
			check(!c.At.Before(is.Created) && win(c.At), "comment %s at %v", c.Key, c.At)
			if c.Parent != "" {
				p, ok := comments[c.Parent]
				check(ok, "reply %s comes before or without its parent %s", c.Key, c.Parent)
				check(p.Parent == "", "reply %s to a reply", c.Key)
				check(p.Issue == c.Issue && c.At.After(p.At), "reply %s not on its parent's issue or not after it", c.Key)
			}
			comments[c.Key] = c
		}
		for _, f := range d.Follows {
			check(issues[f.Issue].Key != "" && users[f.User], "follow %v refers to unknown records", f)
		}
		for _, r := range d.Reports {
			check(issues[r.Issue].Key != "" && users[r.Reporter] && r.Reason != "", "report %v", r)
			check(r.Comment == "" || comments[r.Comment].Issue == r.Issue, "report of comment %s not on issue %s", r.Comment, r.Issue)
			check(win(r.At), "report at %v", r.At)
		}
		for _, m := range d.Moderations {
			u, _ := d.User(m.Moderator)
			check(slices.Contains(u.Roles, RoleModerator), "moderation by %s, not a moderator", m.Moderator)
			check(issues[m.Issue].Status == StatusHidden && m.Reason != "", "moderation %v", m)
		}
		for _, th := range d.Themes {
			u, _ := d.User(th.ConfirmedBy)
			check(slices.Contains(u.Roles, RoleOrganiser), "theme %s confirmed by %s, not an organiser", th.Key, th.ConfirmedBy)
			for _, k := range th.Issues {
				check(issues[k].Status == StatusOpen, "theme %s holds %s issue %s", th.Key, issues[k].Status, k)
			}
		}
	}
}

func keys[T any](xs []T, key func(T) string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[key(x)] = true
	}
	return m
}

// Limits well inside what internal/gather accepts (its validate.go), and no
// markup or links.
const (
	maxTitle       = 100
	maxDescription = 1000
	maxComment     = 500
	maxTags        = 5
	maxTag         = 30
)

var tagRE = regexp.MustCompile(`^[\p{L}\p{N} -]+$`)

func TestTextIsPlain(t *testing.T) {
	d := Build(1)
	titles := map[string]bool{}
	plain := func(what, s string, limit int) {
		t.Helper()
		if s == "" || utf8.RuneCountInString(s) > limit || !utf8.ValidString(s) {
			t.Errorf("%s %q: empty or longer than %d", what, s, limit)
		}
		if strings.IndexFunc(s, unicode.IsControl) >= 0 || strings.ContainsAny(s, "<>") || strings.Contains(s, "://") {
			t.Errorf("%s %q has control characters, markup or a URL", what, s)
		}
		if strings.TrimSpace(s) != s || strings.Contains(s, "  ") {
			t.Errorf("%s %q has stray spaces", what, s)
		}
	}
	for _, is := range d.Issues {
		plain("title", is.Title, maxTitle)
		plain("description", is.Description, maxDescription)
		if titles[is.Title] {
			t.Errorf("title %q used twice", is.Title)
		}
		titles[is.Title] = true
		if len(is.Tags) > maxTags {
			t.Errorf("issue %q has %d tags", is.Title, len(is.Tags))
		}
		for _, tag := range is.Tags {
			plain("tag", tag, maxTag)
			if !tagRE.MatchString(tag) {
				t.Errorf("tag %q: only letters, numbers, spaces and hyphens are allowed", tag)
			}
		}
	}
	for _, c := range d.Comments {
		plain("comment", c.Body, maxComment)
	}
	for _, th := range d.Themes {
		plain("theme", th.Name, maxTitle)
		plain("theme description", th.Description, maxDescription)
	}
}

func TestRebase(t *testing.T) {
	d := Build(1)
	now := time.Date(2030, 6, 1, 9, 30, 0, 0, time.UTC)
	r := d.Rebase(now)
	if !r.Cycle.GatherOpens.Before(now) || !r.Cycle.GatherCloses.After(now) {
		t.Errorf("Gather window %v..%v does not contain now", r.Cycle.GatherOpens, r.Cycle.GatherCloses)
	}
	last := r.Supports[len(r.Supports)-1].At
	if last.After(now) || now.Sub(last) > 2*day {
		t.Errorf("last support at %v, want shortly before %v", last, now)
	}
	if got := r.Issues[0].Created.Sub(d.Issues[0].Created); got != now.Sub(Base) {
		t.Errorf("issue moved by %v, want %v", got, now.Sub(Base))
	}
	if !reflect.DeepEqual(d, Build(1)) {
		t.Error("Rebase changed its receiver")
	}
	r.Issues[0].Tags[0] = "changed"
	if d.Issues[0].Tags[0] == "changed" {
		t.Error("Rebase shares tag slices with its receiver")
	}
}

func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		Build(1)
	}
}
