package demo

// PastRoom is what people online sent into the past round's discussion
// groups while the assembly met: per theme, comments and questions (all
// approved but one rejected post per group) and reactions to the
// comments. The people and their words are invented.
type PastRoom struct {
	// People are the online participants (name, email).
	People [][2]string
	// Posts are each theme's posts; a theme without its own uses Other.
	Posts map[string][]RoomPost
	Other []RoomPost
}

// RoomPost is one post on a group's live page.
type RoomPost struct {
	By       int    // index into People
	Question bool   // a question to the room (else a comment)
	Text     string // what they wrote
	Rejected bool   // the moderator rejected it: never shown
	// Agree, Disagree and Pass are the People (indices) who reacted so
	// to a comment.
	Agree, Disagree, Pass []int
}

// FirstRoundRoom returns the past round's online posts.
func FirstRoundRoom() PastRoom {
	all := func(except ...int) []int {
		var out []int
		for i := range 12 {
			skip := false
			for _, e := range except {
				skip = skip || e == i
			}
			if !skip {
				out = append(out, i)
			}
		}
		return out
	}
	return PastRoom{
		People: [][2]string{
			{"Sian Howells", "sian.howells@example.org"}, {"Tariq Mahmood", "tariq.mahmood@example.org"},
			{"Ruth Okafor", "ruth.okafor@example.org"}, {"Gareth Pugh", "gareth.pugh@example.org"},
			{"Lena Kowalska", "lena.kowalska@example.org"}, {"Peter Doyle", "peter.doyle@example.org"},
			{"Anjali Patel", "anjali.patel@example.org"}, {"Mick Sheridan", "mick.sheridan@example.org"},
			{"Hannah Lowe", "hannah.lowe@example.org"}, {"Yusuf Ali", "yusuf.ali@example.org"},
			{"Brenda Marsh", "brenda.marsh@example.org"}, {"Owain Rees", "owain.rees@example.org"},
		},
		Posts: map[string][]RoomPost{
			themeGP: {
				{By: 0, Question: true, Text: "If the 8am phone queue goes, how will people without a smartphone book an appointment?"},
				{By: 3, Text: "Online booking should open at the same time as the phone lines, so nobody gets there first just by being online.", Agree: all(5, 7), Disagree: []int{5}, Pass: []int{7}},
				{By: 6, Text: "Receptionists asking what is wrong feels intrusive, but it did get me seen by the pharmacist the same day.", Agree: []int{0, 1, 2, 6, 8}, Disagree: []int{3, 4, 9, 10}, Pass: []int{5, 11}},
				{By: 9, Question: true, Text: "Will the Board publish how long people wait for a routine appointment, practice by practice?"},
				{By: 7, Text: "Total waste of time, they never listen to anyone round here and they never will.", Rejected: true},
			},
			themeCrisis: {
				{By: 2, Question: true, Text: "Where should someone go at 2am if they are in crisis and do not want to sit in A&E?"},
				{By: 4, Text: "A crisis café open in the evenings would take pressure off A&E and feel far less frightening.", Agree: all(11), Pass: []int{11}},
				{By: 10, Text: "The crisis line should call you back within the hour, every time.", Agree: []int{0, 2, 4, 6, 8, 10}, Disagree: []int{1, 3}, Pass: []int{5, 7, 9}},
				{By: 8, Question: true, Text: "Could people who have used crisis services sit on the group that plans them?"},
				{By: 1, Text: "My neighbour's son was turned away by the crisis team last winter and I could name the nurse.", Rejected: true},
			},
			themeHome: {
				{By: 5, Question: true, Text: "Who makes sure the care package is ready before someone is sent home?"},
				{By: 11, Text: "Patients and carers should get the discharge date at least a day ahead, in writing.", Agree: all(), Disagree: nil},
				{By: 1, Text: "Hospital transport home should run in the evenings too, not stop at five.", Agree: []int{1, 3, 5, 7, 9, 11}, Disagree: []int{0, 2}, Pass: []int{4, 6}},
				{By: 10, Text: "Bed blockers are the real problem, just move them on faster.", Rejected: true},
			},
		},
		Other: []RoomPost{
			{By: 8, Question: true, Text: "How will we hear what happens to the assembly's recommendations?"},
			{By: 2, Text: "Decisions should be explained in plain English, with what changed and when.", Agree: all(3), Pass: []int{3}},
			{By: 6, Text: "Carers should be asked before a decision is made, not told after.", Agree: []int{0, 2, 4, 6, 8}, Disagree: []int{1}, Pass: []int{3, 5}},
			{By: 7, Text: "Nobody reads these pages anyway.", Rejected: true},
		},
	}
}
