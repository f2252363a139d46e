package demo

import "strings"

// PastJury is the citizens' jury of the past round: 40 people volunteered
// for it during Gather, 16 were drawn by lottery, and they chose three of
// the four leading themes by single transferable vote. The people are
// invented.
type PastJury struct {
	Size, Seats int
	Seed        uint64 // the lottery's published seed
	Volunteers  []JuryVolunteer
	// Ballots are the jurors' rankings, by theme name, most preferred
	// first; one per juror.
	Ballots [][]string
	// Reasons are the jury's written reasons, by theme name; Why is why
	// the other themes were not chosen.
	Reasons map[string]string
	Why     string
}

// JuryVolunteer is a person who offered to sit on the jury, with their
// answers (age band, gender, city/town/rural) and availability.
type JuryVolunteer struct {
	Name, Email              string
	Age, Gender, Area, Avail string
}

// The past round's themes, as in pastTopics.
const (
	themeGP     = "Access to GP appointments"
	themeCrisis = "Mental health crisis care"
	themeHome   = "Getting home from hospital"
	themeCarers = "Support for unpaid carers"
)

// juryVolunteers: name, age band, gender, area.
var juryVolunteers = [][4]string{
	{"Alison Carter", "45-59", "woman", "town"}, {"Bilal Rashid", "30-44", "man", "city"},
	{"Carol Jennings", "60-74", "woman", "rural"}, {"Dev Malhotra", "16-29", "man", "city"},
	{"Edith Nwosu", "75+", "woman", "city"}, {"Frank Holloway", "60-74", "man", "town"},
	{"Gemma Pryce", "30-44", "woman", "town"}, {"Harry Whitfield", "16-29", "man", "rural"},
	{"Ifeoma Chukwu", "30-44", "woman", "city"}, {"Jack Ellison", "45-59", "man", "town"},
	{"Kirsty Munro", "16-29", "woman", "town"}, {"Liam Farrell", "30-44", "man", "city"},
	{"Maureen Tate", "75+", "woman", "rural"}, {"Nathan Boateng", "45-59", "man", "city"},
	{"Olivia Grant", "16-29", "woman", "city"}, {"Paul Richardson", "60-74", "man", "rural"},
	{"Qamar Iqbal", "45-59", "woman", "city"}, {"Roy Atkinson", "75+", "man", "town"},
	{"Shirley Dunn", "60-74", "woman", "town"}, {"Tariq Aziz", "30-44", "man", "town"},
	{"Una McBride", "45-59", "woman", "rural"}, {"Victor Szymanski", "30-44", "man", "town"},
	{"Wendy Marshall", "60-74", "woman", "city"}, {"Xavier Dubois", "16-29", "man", "town"},
	{"Yvonne Baptiste", "45-59", "woman", "town"}, {"Zack Harding", "16-29", "man", "city"},
	{"Angela Ferris", "30-44", "woman", "rural"}, {"Ben Chalmers", "60-74", "man", "city"},
	{"Cerys Morgan", "16-29", "woman", "rural"}, {"Dennis Lowe", "75+", "man", "rural"},
	{"Esther Kaplan", "60-74", "woman", "town"}, {"Faisal Noor", "45-59", "man", "town"},
	{"Gillian Shaw", "30-44", "woman", "city"}, {"Hamish Reid", "45-59", "man", "rural"},
	{"Ivy Robertson", "75+", "woman", "town"}, {"Jordan Blake", "16-29", "other", "city"},
	{"Kathleen Byrne", "45-59", "woman", "city"}, {"Lewis Parry", "30-44", "man", "rural"},
	{"Mina Hashemi", "30-44", "woman", "town"}, {"Norman Pike", "60-74", "man", "town"},
}

var juryAvailability = []string{"Weekdays and weekends", "Weekends only", "Weekdays after 4pm", "Any time with two weeks' notice"}

// pastJuryBallots: 16 rankings. First preferences: GP access 6, crisis
// care 5, getting home 3, carers 2; with 16 ballots and 3 seats the
// Scottish STV quota is 5, so GP access and crisis care are elected at
// once, GP access's surplus goes to getting home, carers are excluded and
// getting home takes the third seat.
var pastJuryBallots = [][]string{
	{themeGP, themeHome, themeCrisis, themeCarers}, {themeGP, themeHome, themeCrisis, themeCarers}, {themeGP, themeHome, themeCrisis},
	{themeGP, themeCrisis, themeHome}, {themeGP, themeCrisis, themeHome, themeCarers}, {themeGP, themeHome, themeCarers},
	{themeCrisis, themeGP, themeHome}, {themeCrisis, themeGP, themeHome, themeCarers}, {themeCrisis, themeHome, themeCarers},
	{themeCrisis, themeHome, themeCarers, themeGP}, {themeCrisis, themeCarers},
	{themeHome, themeGP, themeCrisis}, {themeHome, themeGP, themeCrisis, themeCarers}, {themeHome, themeCarers, themeGP},
	{themeCarers, themeHome, themeGP}, {themeCarers, themeCrisis},
}

// FirstRoundJury returns the past round's jury.
func FirstRoundJury() PastJury {
	j := PastJury{Size: 16, Seats: 3, Seed: 20150914, Ballots: pastJuryBallots,
		Reasons: map[string]string{
			themeGP:     "Getting an appointment is where most people meet the NHS, and where most of the issues raised began. The jury heard that the 8am rush shuts out shift workers, carers and people with hearing loss, and felt the Board can change how practices offer appointments.",
			themeCrisis: "The stories of waiting all night in A&E, or in a police cell, were the ones the jury found hardest to hear. A crisis service you can reach at night is something the Board can plan and pay for, and the jury wanted the assembly to say what it should look like.",
			themeHome:   "Older people losing strength on a ward while they wait for care at home harms them and blocks beds for others. The jury chose it because health and social care must plan it together, and the assembly can hear from both.",
			themeCarers: "The jury agreed that unpaid carers need more support, and many ranked it. It came fourth: several jurors felt it is decided mostly by councils rather than the NHS Board.",
		},
		Why: "With three places on the agenda, the jury put first the themes the Board can act on directly. Support for unpaid carers came a close fourth; the jury asked the organisers to pass its issues to the councils' carers' strategy, and to put it forward again in the next round.",
	}
	for i, v := range juryVolunteers {
		j.Volunteers = append(j.Volunteers, JuryVolunteer{Name: v[0], Email: juryEmail(v[0]), Age: v[1], Gender: v[2], Area: v[3], Avail: juryAvailability[i%len(juryAvailability)]})
	}
	return j
}

// juryEmail turns "Edith Nwosu" into "edith.nwosu@example.net" (a domain
// apart from the other demo users').
func juryEmail(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.net"
}
