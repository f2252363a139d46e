package demo

import "time"

// Role is a user's role; the values match internal/people's role names.
type Role string

// Roles a demo user may have.
const (
	RoleCitizen   Role = "citizen"
	RoleOrgRep    Role = "orgrep"
	RoleModerator Role = "moderator"
	RoleOrganiser Role = "organiser"
	RoleAdmin     Role = "admin"
)

// Issue statuses.
const (
	StatusOpen      = "open"
	StatusWithdrawn = "withdrawn"
	StatusHidden    = "hidden"
)

// Dataset is the whole demo programme. Every key referred to by one record
// names a record of the matching kind in the same Dataset; slices are in
// time order where records have a time.
type Dataset struct {
	Programme     Programme
	Past          PastRound // an earlier round that went through every phase
	Cycle         Cycle     // the current round, gathering issues; the records below are its own
	Organisations []Organisation
	Users         []User
	Issues        []Issue
	Supports      []Support
	Comments      []Comment // a reply comes after its parent
	Follows       []Follow
	Reports       []Report
	Moderations   []Moderation
	Themes        []Theme // leading themes first
}

// Programme is the participation programme.
type Programme struct {
	Key, Name, Description string
}

// Cycle is the current round of the programme, with its Gather window
// and the planned dates of its phases (Plan, in phase order).
type Cycle struct {
	Key, Title, Description   string
	GatherOpens, GatherCloses time.Time
	Plan                      []Planned
}

// Organisation takes part through its verified representatives.
type Organisation struct {
	Key, Name, Kind, Description string
}

// User is a person with a verified e-mail address.
type User struct {
	Key   string
	Email string
	Name  string
	Roles []Role
	// Org is the key of the organisation the user verifiably represents, or "".
	Org     string
	Created time.Time
}

// Issue is raised by a user, on behalf of an organisation when Org is set.
type Issue struct {
	Key         string
	Title       string
	Description string
	Tags        []string
	Author      string // user key
	Org         string // organisation key, or ""
	Status      string // StatusOpen, StatusWithdrawn or StatusHidden
	Created     time.Time
	// Topic is the key of the subject the generator wrote the issue about
	// (e.g. "dementia"): ground truth for tests of similarity grouping.
	Topic string
}

// Support is one person's support for an issue (at most one per pair).
type Support struct {
	Issue, User string
	At          time.Time
}

// Comment is on an issue; Parent is the key of the comment it replies to,
// or "" (replies are one level deep: a parent never has a parent).
type Comment struct {
	Key, Issue, Author, Parent, Body string
	At                               time.Time
}

// Follow means the user is told about updates to the issue.
type Follow struct {
	Issue, User string
	At          time.Time
}

// Report is someone asking moderators to look at an issue, or at a comment
// when Comment is set.
type Report struct {
	Issue    string
	Comment  string // comment key, or ""
	Reporter string // user key
	Reason   string
	At       time.Time
}

// Moderation is a moderator hiding an issue with a public reason.
type Moderation struct {
	Issue     string
	Moderator string // user key
	Action    string // "hide"
	Reason    string // shown publicly in the moderation log
	At        time.Time
}

// Theme groups issues about the same thing, confirmed by an organiser.
type Theme struct {
	Key         string
	Name        string
	Description string
	Issues      []string // issue keys
	ConfirmedBy string   // organiser's user key
	At          time.Time
}

// Base is the instant the demo's times are laid out around: the current
// round's Gather window opened eight weeks before it and closes four weeks
// after it, the past round opened a year before it, and every event
// happened before it.
var Base = time.Date(2026, time.January, 1, 12, 0, 0, 0, time.UTC)

// Rebase returns a copy of d with every time moved by now−Base, so that the
// last events happened just before now and the Gather window is open.
// The result shares no slices with d.
func (d Dataset) Rebase(now time.Time) Dataset {
	shift := now.Sub(Base).Truncate(time.Second)
	mv := func(t time.Time) time.Time { return t.Add(shift) }
	out := d
	out.Cycle.GatherOpens, out.Cycle.GatherCloses = mv(d.Cycle.GatherOpens), mv(d.Cycle.GatherCloses)
	out.Cycle.Plan = append([]Planned(nil), d.Cycle.Plan...)
	for i := range out.Cycle.Plan {
		out.Cycle.Plan[i].Starts = mv(out.Cycle.Plan[i].Starts)
		if !out.Cycle.Plan[i].Ends.IsZero() {
			out.Cycle.Plan[i].Ends = mv(out.Cycle.Plan[i].Ends)
		}
	}
	out.Past = d.Past.rebase(mv)
	out.Organisations = append([]Organisation(nil), d.Organisations...)
	out.Users = append([]User(nil), d.Users...)
	for i := range out.Users {
		out.Users[i].Created = mv(out.Users[i].Created)
		out.Users[i].Roles = append([]Role(nil), out.Users[i].Roles...)
	}
	out.Issues = append([]Issue(nil), d.Issues...)
	for i := range out.Issues {
		out.Issues[i].Created = mv(out.Issues[i].Created)
		out.Issues[i].Tags = append([]string(nil), out.Issues[i].Tags...)
	}
	out.Supports = append([]Support(nil), d.Supports...)
	for i := range out.Supports {
		out.Supports[i].At = mv(out.Supports[i].At)
	}
	out.Comments = append([]Comment(nil), d.Comments...)
	for i := range out.Comments {
		out.Comments[i].At = mv(out.Comments[i].At)
	}
	out.Follows = append([]Follow(nil), d.Follows...)
	for i := range out.Follows {
		out.Follows[i].At = mv(out.Follows[i].At)
	}
	out.Reports = append([]Report(nil), d.Reports...)
	for i := range out.Reports {
		out.Reports[i].At = mv(out.Reports[i].At)
	}
	out.Moderations = append([]Moderation(nil), d.Moderations...)
	for i := range out.Moderations {
		out.Moderations[i].At = mv(out.Moderations[i].At)
	}
	out.Themes = append([]Theme(nil), d.Themes...)
	for i := range out.Themes {
		out.Themes[i].At = mv(out.Themes[i].At)
		out.Themes[i].Issues = append([]string(nil), out.Themes[i].Issues...)
	}
	return out
}

// User returns the user with the given key.
func (d Dataset) User(key string) (User, bool) {
	for _, u := range d.Users {
		if u.Key == key {
			return u, true
		}
	}
	return User{}, false
}

// FirstWithRole returns the first user having role r (the demo's
// organiser is FirstWithRole(RoleOrganiser)).
func (d Dataset) FirstWithRole(r Role) (User, bool) {
	for _, u := range d.Users {
		for _, ur := range u.Roles {
			if ur == r {
				return u, true
			}
		}
	}
	return User{}, false
}

// SupportCounts returns the number of supports per issue key.
func (d Dataset) SupportCounts() map[string]int {
	n := make(map[string]int, len(d.Issues))
	for _, s := range d.Supports {
		n[s.Issue]++
	}
	return n
}

// DistinctSupporters returns the number of different people supporting at
// least one of the issues.
func (d Dataset) DistinctSupporters(issues []string) int {
	in := make(map[string]bool, len(issues))
	for _, k := range issues {
		in[k] = true
	}
	who := map[string]bool{}
	for _, s := range d.Supports {
		if in[s.Issue] {
			who[s.User] = true
		}
	}
	return len(who)
}
