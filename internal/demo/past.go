package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// PastRound is an earlier round of the programme that has gone through
// every phase: its issues, supports, comments and themes, and the moves of
// its phases with the organiser's public notes. Later phases' records
// (the jury's vote, the selection, the assembly, the answers) are added to
// it as the platform learns to hold them.
type PastRound struct {
	Key, Title, Description string
	Plan                    []Planned   // planned dates, in phase order
	Moves                   []PhaseMove // in time order; the first opens Gather
	Issues                  []Issue
	Supports                []Support
	Comments                []Comment
	Themes                  []Theme
}

// Planned is when a phase was planned to start and end (Ends may be zero).
type Planned struct {
	Phase        string // a phase name as in internal/cycle: "gather", "agenda", ...
	Starts, Ends time.Time
}

// PhaseMove is an organiser moving the round into Phase, with a public note.
type PhaseMove struct {
	Phase string
	By    string // user key
	Note  string
	At    time.Time
}

// Phases are the phase names of internal/cycle, in order.
var Phases = []string{"gather", "agenda", "selection", "learning", "meetings", "recommendations", "response", "followup"}

// pastOpens is when the past round's Gather phase opened: a year before
// Base.
var pastOpens = Base.Add(-365 * day)

// pastMoves are the past round's moves, in days after pastOpens.
var pastMoves = []struct {
	phase string
	days  int
	note  string
}{
	{"gather", 0, "Gathering is open: raise the issues you want the assembly to discuss with the Board, and support the ones that matter to you."},
	{"agenda", 42, "Gathering has closed. The citizens' jury of 16 people, chosen by lottery, meets over two days to choose the assembly's agenda from the leading themes."},
	{"selection", 70, "The jury chose three themes: access to GP appointments, mental health crisis care, and getting home from hospital. Invitations go to 8,000 households chosen at random."},
	{"learning", 126, "The assembly's 60 members have been chosen by lottery from the 640 people who registered. Evidence packs for each theme, with easy-read versions, are now published."},
	{"meetings", 154, "The assembly meets in Leeds on a Saturday, with the Board in each discussion group, and online the following week. Questions sent online are taken into the room."},
	{"recommendations", 182, "Members are voting on 14 draft recommendations by secret ballot. A recommendation passes when at least 80% agree or strongly agree."},
	{"response", 203, "Eleven recommendations passed. The Board will answer each of them in public within nine weeks."},
	{"followup", 266, "The Board has answered all eleven recommendations: eight accepted, two accepted in part, one not accepted, each with its reasons. It also accepted the members' choice of a crisis café open every night. Progress on every commitment is reported here, and a review and stocktake meeting will be held in five weeks."},
}

// pastTopic is one issue of the past round, with how many people supported
// it and the theme it was put in.
type pastTopic struct {
	title, description string
	tags               []string
	supports           int
	theme              string
	comments           []string
}

var pastTopics = []pastTopic{
	{"Getting a GP appointment means ringing at 8am and hoping",
		"Every morning at our surgery it is a race on the phone. By 8.20 the day's appointments are gone and you are told to ring again tomorrow. People who work shifts or care for someone cannot do this.",
		[]string{"gp access"}, 31, "Access to GP appointments",
		[]string{"Same at ours. I gave up and went to A&E, which is not what anyone wants.", "Our practice now lets you book online the day before, which helps a lot. Could every practice do this?"}},
	{"Let people book GP appointments online or in person, not only by phone",
		"Some of us cannot get through on the phone at all because of hearing loss or work. Booking should work online, by phone and at the desk, with the same chance of getting a slot.",
		[]string{"gp access", "digital"}, 18, "Access to GP appointments",
		[]string{"Please keep the desk option: not everyone is online."}},
	{"Nowhere to turn in a mental health crisis at night",
		"When my son was in crisis at 2am the only advice was to go to A&E, where we waited nine hours in a corridor. There needs to be a crisis service you can phone or walk into at night.",
		[]string{"mental health", "crisis care"}, 27, "Mental health crisis care",
		[]string{"A crisis café opened in our town and it has made a real difference.", "The crisis line should be staffed by people trained in mental health, not a general call centre."}},
	{"Police cells are still used as a place of safety",
		"People detained under the Mental Health Act are still sometimes held in police cells because there is no bed. Nobody in a mental health crisis should be treated like a criminal.",
		[]string{"mental health", "crisis care"}, 14, "Mental health crisis care", nil},
	{"Older people stuck in hospital waiting for care at home",
		"My mother was well enough to go home for three weeks but stayed on the ward because her care package was not ready. She lost her confidence and her strength while she waited.",
		[]string{"hospital discharge", "social care"}, 24, "Getting home from hospital",
		[]string{"Health and social care need to plan the discharge from the day someone is admitted."}},
	{"Tell families what happens when someone leaves hospital",
		"We were told on the morning of discharge that Dad was going home that day, with no equipment and no visits arranged. A simple written plan, agreed with the family, would prevent a lot of harm.",
		[]string{"hospital discharge", "carers"}, 15, "Getting home from hospital", nil},
	{"Unpaid carers need their own health checks",
		"Carers look after everyone but themselves. GP practices could keep a register of carers and offer a yearly health check and flexible appointments.",
		[]string{"carers"}, 12, "Support for unpaid carers", nil},
	{"Breaks for carers should not depend on where you live",
		"In one area carers get a few days' respite a year; five miles away they get nothing. The rules should be the same everywhere.",
		[]string{"carers", "social care"}, 9, "Support for unpaid carers", nil},
	{"Register homeless people with a GP without asking for an address",
		"Practices still turn away people with no fixed address, although the rules say they should not. Staff need to know that anyone can register.",
		[]string{"inequalities", "gp access"}, 11, "", nil},
	{"Interpreters for appointments, not family members",
		"Children are still asked to interpret for their parents at appointments, including about serious illness. A professional interpreter should be booked as routine.",
		[]string{"inequalities", "language"}, 8, "", nil},
	{"NHS dentists are impossible to find",
		"There is no dentist taking NHS patients within 30 miles of us. People are pulling their own teeth.",
		[]string{"dentistry"}, 19, "", []string{"We have been on a waiting list for two years."}},
	{"Who can see my health records?",
		"I would like to know which organisations can see my records and to be told when they are shared for research. At the moment I have no idea.",
		[]string{"patient data", "privacy"}, 13, "", nil},
}

// pastRound builds the past round. It reads b.d.Users (made first) and
// uses the builder's random source after the current round's records, so
// that adding it did not change them.
func (b *builder) pastRound() {
	pr := PastRound{Key: "round-1", Title: "First round",
		Description: "The programme's first round, from gathering issues to the Board's answers. Its commitments are still being followed up."}
	for i, m := range pastMoves {
		at := pastOpens.Add(time.Duration(m.days) * day).Add(10 * time.Hour)
		pr.Moves = append(pr.Moves, PhaseMove{Phase: m.phase, By: "u01", Note: m.note, At: at})
		p := Planned{Phase: m.phase, Starts: at.Truncate(day)}
		if i+1 < len(pastMoves) {
			p.Ends = pastOpens.Add(time.Duration(pastMoves[i+1].days) * day).Truncate(day)
		}
		pr.Plan = append(pr.Plan, p)
	}
	gatherEnds := pr.Moves[1].At
	themes := map[string]*Theme{}
	var themeOrder []string
	for i, t := range pastTopics {
		is := Issue{Key: fmt.Sprintf("p%02d", i+1), Title: t.title, Description: t.description, Tags: slices.Clone(t.tags),
			Author: b.authors[(i*7)%len(b.authors)], Status: StatusOpen,
			Created: pastOpens.Add(time.Duration(1+i*3)*day + time.Duration(i)*time.Hour), Topic: t.tags[0]}
		pr.Issues = append(pr.Issues, is)
		for _, ui := range b.r.Perm(len(b.d.Users))[:min(t.supports, len(b.d.Users))] {
			if u := b.d.Users[ui].Key; u != is.Author {
				pr.Supports = append(pr.Supports, Support{Issue: is.Key, User: u, At: b.between(is.Created, gatherEnds)})
			}
		}
		for j, body := range t.comments {
			pr.Comments = append(pr.Comments, Comment{Key: fmt.Sprintf("%s-c%d", is.Key, j+1), Issue: is.Key,
				Author: b.other(is.Author), Body: body, At: is.Created.Add(time.Duration(j+1) * 26 * time.Hour)})
		}
		if t.theme == "" {
			continue
		}
		th, ok := themes[t.theme]
		if !ok {
			th = &Theme{Key: fmt.Sprintf("pt%d", len(themes)+1), Name: t.theme, ConfirmedBy: "u02", At: gatherEnds.Add(-2 * day)}
			themes[t.theme] = th
			themeOrder = append(themeOrder, t.theme)
		}
		th.Issues = append(th.Issues, is.Key)
	}
	for _, name := range themeOrder {
		pr.Themes = append(pr.Themes, *themes[name])
	}
	slices.SortStableFunc(pr.Supports, func(x, y Support) int {
		return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.Issue, y.Issue), cmp.Compare(x.User, y.User))
	})
	slices.SortStableFunc(pr.Comments, func(x, y Comment) int { return x.At.Compare(y.At) })
	b.d.Past = pr
}

// rebase returns a copy of pr with every time moved by mv.
func (pr PastRound) rebase(mv func(time.Time) time.Time) PastRound {
	out := pr
	out.Plan = slices.Clone(pr.Plan)
	for i := range out.Plan {
		out.Plan[i].Starts = mv(out.Plan[i].Starts)
		if !out.Plan[i].Ends.IsZero() {
			out.Plan[i].Ends = mv(out.Plan[i].Ends)
		}
	}
	out.Moves = slices.Clone(pr.Moves)
	for i := range out.Moves {
		out.Moves[i].At = mv(out.Moves[i].At)
	}
	out.Issues = slices.Clone(pr.Issues)
	for i := range out.Issues {
		out.Issues[i].Created = mv(out.Issues[i].Created)
		out.Issues[i].Tags = slices.Clone(out.Issues[i].Tags)
	}
	out.Supports = slices.Clone(pr.Supports)
	for i := range out.Supports {
		out.Supports[i].At = mv(out.Supports[i].At)
	}
	out.Comments = slices.Clone(pr.Comments)
	for i := range out.Comments {
		out.Comments[i].At = mv(out.Comments[i].At)
	}
	out.Themes = slices.Clone(pr.Themes)
	for i := range out.Themes {
		out.Themes[i].At = mv(out.Themes[i].At)
		out.Themes[i].Issues = slices.Clone(out.Themes[i].Issues)
	}
	return out
}
