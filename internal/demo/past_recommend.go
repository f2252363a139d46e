package demo

// PastRecommendations are the past round's recommendations: drafted in its
// Meetings phase by the discussion groups, amended and voted on by the
// assembly's members in its Recommendations phase. The timeline says 14
// drafts went to the vote and eleven passed at 80%; the Board then
// answered the eleven. The text is invented.
type PastRecommendations struct {
	Threshold float64
	Items     []PastRec
}

// PastRec is one item: an agreement item (Options empty) voted on the
// 5-point scale, or a ranked question.
type PastRec struct {
	Theme  string
	Drafts []string // the versions the group wrote, oldest first
	// Amendment is a member's proposed text, accepted as the next version
	// when Accept is true, else declined with Declined as the reason.
	Amendment, AmendWhy, Declined string
	Accept                        bool
	// Minority views: text and, when signed, the member's display name
	// ("" anonymous; the seeder signs with a member's name when Signed).
	Minority []PastMinority
	Options  []string // a ranked question's options
	Method   string
	// Votes: for an agreement item, the number of strongly agree, agree,
	// neutral, disagree, strongly disagree; they add up to the voters.
	Votes [5]int
	// Rankings: for a ranked question, rankings (option numbers, most
	// preferred first) and how many members gave each.
	Rankings []PastRanking
}

// PastMinority is a minority view.
type PastMinority struct {
	Text   string
	Signed bool
}

// PastRanking is a ranking given by N members.
type PastRanking struct {
	Order []int // option numbers, 1-based
	N     int
}

// PastVoters is how many of the 60 members voted.
const PastVoters = 58

// FirstRoundRecommendations returns the past round's recommendations.
func FirstRoundRecommendations() PastRecommendations {
	return PastRecommendations{Threshold: 0.8, Items: []PastRec{
		{Theme: themeGP,
			Drafts:    []string{"Every GP practice should offer same-day appointments for urgent needs.", "Every GP practice should offer same-day appointments for urgent needs, bookable from 8am."},
			Amendment: "Every GP practice should offer same-day appointments for urgent needs, bookable by phone or online, with the same share of slots kept for each.",
			AmendWhy:  "Not everyone can get online, and not everyone can wait on the phone at 8am. Neither way should get all the slots.", Accept: true,
			Minority: []PastMinority{{Text: "Same-day slots will be taken from routine appointments, and people with long-term conditions will wait longer. We would rather see more appointments overall.", Signed: true}},
			Votes:    [5]int{29, 22, 4, 2, 1}},
		{Theme: themeGP,
			Drafts: []string{"Practices should let people book routine appointments up to four weeks ahead, so that shift workers and carers can plan."},
			Votes:  [5]int{24, 25, 6, 3, 0}},
		{Theme: themeGP,
			Drafts:   []string{"Every practice should offer a named contact for people with three or more long-term conditions, who knows their history and can book follow-ups for them."},
			Minority: []PastMinority{{Text: "A named contact sounds good but small practices have no one spare. It should be shared across a primary care network, not promised by every practice."}},
			Votes:    [5]int{21, 27, 7, 2, 1}},
		{Theme: themeGP,
			Drafts:    []string{"Phone lines should offer a call-back instead of a queue."},
			Amendment: "Phone lines should offer a call-back instead of a queue, and the practice should say when it will call.",
			AmendWhy:  "A call-back with no time is no use to someone at work.", Declined: "The discussion group had already agreed the text with the Board members present; the time of call-back is covered in the practices' contracts.",
			Votes: [5]int{26, 23, 5, 3, 1}},
		{Theme: themeGP,
			Drafts:   []string{"GP receptionists should be able to book people directly with the practice pharmacist, physiotherapist or mental health worker, without waiting to see a GP first."},
			Minority: []PastMinority{{Text: "Some of us want to see a doctor and should not be turned away to someone else. It must stay the patient's choice.", Signed: true}},
			Votes:    [5]int{17, 22, 11, 6, 2}}, // 39 of 58: does not pass
		{Theme: themeCrisis,
			Drafts:    []string{"There should be a mental health crisis line answered by a person 24 hours a day.", "There should be one mental health crisis line, answered by a trained person 24 hours a day, seven days a week, within five minutes."},
			Amendment: "There should be one mental health crisis line, answered by a trained person 24 hours a day, seven days a week, within five minutes, with text and British Sign Language options.",
			AmendWhy:  "Deaf people and people who cannot speak in a crisis were left out of the first draft.", Accept: true,
			Votes: [5]int{38, 16, 2, 1, 1}},
		{Theme: themeCrisis,
			Drafts: []string{"Nobody in a mental health crisis should be held in a police cell because there is no bed or safe place for them."},
			Votes:  [5]int{41, 13, 3, 1, 0}},
		{Theme: themeCrisis,
			Drafts:   []string{"Every A&E department should have a quiet room and a mental health worker on site at night."},
			Minority: []PastMinority{{Text: "A room in A&E is still A&E. The money would do more in a crisis café away from the hospital."}},
			Votes:    [5]int{24, 24, 6, 3, 1}},
		{Theme: themeCrisis,
			Drafts:  []string{"Which of these should the Board fund first for people in a mental health crisis at night?"},
			Options: []string{"A crisis café open every night in each town", "More crisis beds close to home", "A mental health nurse in every night ambulance"},
			Method:  "irv",
			Rankings: []PastRanking{{[]int{1, 3, 2}, 14}, {[]int{1, 2, 3}, 8}, {[]int{2, 1, 3}, 12}, {[]int{2, 3, 1}, 6},
				{[]int{3, 1, 2}, 11}, {[]int{3, 2, 1}, 5}, {[]int{1}, 2}}},
		{Theme: themeHome,
			Drafts:   []string{"Hospital and council staff should plan a patient's care at home from the day they are admitted, not the day they are ready to leave."},
			Minority: []PastMinority{{Text: "Planning from day one means asking families about care before they know what the patient will need. It should start once the doctors can say what recovery looks like.", Signed: true}},
			Votes:    [5]int{30, 20, 5, 2, 1}},
		{Theme: themeHome,
			Drafts: []string{"Nobody should wait in hospital more than two days after they are ready to go home because care has not been arranged."},
			Votes:  [5]int{35, 17, 4, 1, 1}},
		{Theme: themeHome,
			Drafts: []string{"Families and unpaid carers should be told a planned discharge date and be asked whether they can help before it is set."},
			Votes:  [5]int{25, 24, 6, 2, 1}},
		{Theme: themeHome,
			Drafts: []string{"The NHS should pay for a short stay in a care home for anyone waiting more than a week for care at home."},
			Minority: []PastMinority{{Text: "A care home stay can become permanent by default. It should be offered, never the only choice."},
				{Text: "This would move the problem to care homes, which are also full in our area."}},
			Votes: [5]int{14, 19, 12, 9, 4}}, // 33 of 58: does not pass
		{Theme: themeHome,
			Drafts: []string{"Every patient going home should get a written plan in plain English, with one phone number to call if care does not arrive."},
			Votes:  [5]int{37, 18, 2, 1, 0}},
	}}
}
