package demo

import (
	"math/rand/v2"
	"strings"
)

// PastSession is one meeting of the past round's assembly, with its day
// and hour (UTC) after the round moved into Meetings.
type PastSession struct {
	Title, Mode, Place, Webcast, Agenda string
	Day, Hour                           int // days after the move into Meetings; hour of the day
}

// PastSessions are the past round's two meetings: a Saturday in Leeds
// with the Board in each group, and an evening online the week after.
var PastSessions = []PastSession{
	{Title: "Assembly day in Leeds", Mode: "in_person", Place: "Leeds Civic Hall, Calverley Street, Leeds LS1 1UR",
		Agenda: "10:00 Welcome and how the day works.\n\n10:30 Discussion groups, with a Board member in each: what did the evidence tell us, and what surprised you?\n\n13:00 Lunch.\n\n14:00 Discussion groups: what should change, and who should do it?\n\n16:00 Each group reports its key points to the whole assembly. Questions sent in online are taken into the room.",
		Day:    3, Hour: 9},
	{Title: "Online evening session", Mode: "online", Webcast: "https://meet.example.org/folkmoot-past-round",
		Agenda: "18:30 Welcome back.\n\n18:45 Discussion groups online: turning the key points from Leeds into draft recommendations.\n\n20:15 What happens next: the vote on recommendations.",
		Day:    8, Hour: 17},
}

// PastExpense is a believable claim for travel or care, in pence.
type PastExpense struct {
	Pence int64
	What  string
}

// PastExpenses are the claims the demo's members make for the day in
// Leeds, given in turn to every fourth member who attends in person.
var PastExpenses = []PastExpense{
	{1460, "Return train ticket Huddersfield to Leeds"},
	{480, "Bus fare, day ticket"},
	{3000, "Childminder for the day"},
	{1890, "Return train ticket York to Leeds"},
	{720, "Parking at the Woodhouse Lane car park"},
	{2500, "Care for my mother while I was at the assembly"},
}

// PastAccessNeeds are access needs some members give (sealed; only the
// organisers see them), in turn.
var PastAccessNeeds = []string{
	"I use a wheelchair, so step-free access and a table I can sit at, please.",
	"A hearing loop in the room, and I lip-read, so please seat me facing the facilitator.",
	"Large-print copies of the evidence pack.",
	"I need short breaks every hour or so for my back.",
	"A quiet room to go to if it gets too noisy.",
}

// PastThemeRanking returns a believable ranking of the themes (titles, in the
// agenda's order) for the i-th member: most put GP access first, many
// mental health crisis care, fewer getting home from hospital; a few rank
// only one or two. The same i gives the same ranking.
func PastThemeRanking(i int, themes []string) []int {
	r := rand.New(rand.NewPCG(20160312, uint64(i)))
	weight := func(t string) float64 {
		switch {
		case strings.Contains(t, "GP"):
			return 0.45
		case strings.Contains(strings.ToLower(t), "mental"):
			return 0.33
		}
		return 0.22
	}
	left := make([]int, len(themes))
	for k := range left {
		left[k] = k
	}
	var out []int
	for len(left) > 0 {
		total := 0.0
		for _, k := range left {
			total += weight(themes[k])
		}
		x := r.Float64() * total
		pick := len(left) - 1
		for j, k := range left {
			if x -= weight(themes[k]); x < 0 {
				pick = j
				break
			}
		}
		out = append(out, left[pick])
		left = append(left[:pick], left[pick+1:]...)
	}
	switch n := r.IntN(10); {
	case n == 0:
		return out[:1]
	case n == 1 && len(out) > 1:
		return out[:2]
	}
	return out
}

// PastNote returns the published key points of a discussion group (theme
// title, group number 1 or 2) at a session (0: Leeds, 1: online).
func PastNote(theme string, group, session int) string {
	key := "home"
	switch {
	case strings.Contains(theme, "GP"):
		key = "gp"
	case strings.Contains(strings.ToLower(theme), "mental"):
		key = "mh"
	}
	return pastNotes[key][(group-1)%2][session%2]
}

var pastNotes = map[string][2][2]string{
	"gp": {
		{
			"Almost everyone in the group had rung at 8am and been told there were no appointments left. Several had given up and gone to A&E or a pharmacy instead.\n\nMembers were surprised by the evidence that a third of appointments are now with nurses, pharmacists and physiotherapists, and felt practices do not explain this. Most were happy to see someone other than a GP if they were told why.\n\nDr Helen Marsh explained the contract rules on booking. Members asked why practices cannot hold some appointments back for people who cannot get through at 8am.",
			"The group agreed three draft recommendations: every practice should offer booking online, by phone and in person all day, not only at 8am; receptionists should explain who the patient will see and why; and practices should publish how long people wait, each month, in plain language.\n\nTwo members who work shifts asked for evening and Saturday appointments to be shared across practices in each area.",
		},
		{
			"The group spent a long time on people who do not use the internet. Members from Bradford and Keighley said older neighbours are being told to 'go online' and cannot.\n\nThere was strong agreement that continuity matters: people with long-term conditions want to see the same GP. Members were divided on video appointments, helpful for some and frightening for others.",
			"Draft recommendations: a named GP for everyone with a long-term condition; a phone line that calls you back rather than leaving you on hold; and help in libraries and community centres for people who want to book online but need someone to show them.\n\nThe group asked the Board to say in its answer how it will check practices actually do this.",
		},
	},
	"mh": {
		{
			"Members heard from two people with lived experience of crisis, and several members shared their own or their family's. The common story was being passed between services at night, with A&E the only door open.\n\nThe group was struck by the evidence on crisis cafés and wanted to know why there is only one in the area. James Cartwright said funding is the main barrier and explained how it is agreed each year.",
			"Draft recommendations: a crisis café or safe space open every evening in each town; a crisis line answered by people trained in mental health; and no one to wait in A&E for more than four hours for a mental health assessment.\n\nMembers want young people's services included, not an afterthought.",
		},
		{
			"The group focused on what happens after a crisis. Members said follow-up often never comes, and people are left to ring around themselves.\n\nThere was much discussion of police being called when a nurse would be better. Members welcomed the street triage pilot in the evidence pack and asked why it stopped.",
			"Draft recommendations: a follow-up call within 72 hours of any crisis contact; street triage restored and made permanent; and carers told what to do and whom to ring, in writing, before they leave hospital.\n\nOne member asked that the recommendations be written so that people in crisis, not only professionals, could understand them.",
		},
	},
	"home": {
		{
			"Members heard about people staying in hospital for days after they are well enough to leave, waiting for care at home. Several had parents who had been through it.\n\nAnita Desai explained how discharge is planned and where it breaks down, most often in arranging home care. Members were surprised how much depends on a few care agencies.",
			"Draft recommendations: planning for going home to start on the day someone is admitted; one named person to coordinate it, whom the family can ring; and the council and the NHS to publish, each month, how many people are waiting to leave hospital and why.",
		},
		{
			"The group talked about carers, who are often told on the day that their relative is coming home. Members felt carers are treated as free staff rather than partners.\n\nMembers from rural areas raised transport: people are discharged late in the evening with no way home.",
			"Draft recommendations: carers to be asked, not told, and given at least 24 hours' notice; no discharge after 8pm unless the person chooses it; and transport home arranged by the hospital for anyone who needs it.\n\nThe group asked the Board to report back on these at the stocktake meeting.",
		},
	},
}
