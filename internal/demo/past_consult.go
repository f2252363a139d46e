package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// PastConsultation is the public consultation the past round held on its
// eleven passed recommendations while it waited for the Board: people
// signed in, said how far they agreed with each recommendation, answered
// two questions the organisers added, and some wrote comments, a few of
// which were published. The people and their words are invented; their
// answers are drawn (from a fixed seed) from three groups of opinion, so
// that some recommendations divide the public and the map shows groups.
type PastConsultation struct {
	Days        int // how long it stayed open, from the move to Response
	Respondents []ConsultRespondent
	Questions   []ConsultQuestion
	// Recs are the recommendations consulted on, each found by a phrase
	// of its text, with each camp's chance of agreeing and of
	// disagreeing (the rest are unsure).
	Recs     []ConsultRec
	Comments []ConsultComment
}

// ConsultRespondent is one member of the public who responded.
type ConsultRespondent struct {
	Name, Email string
	Camp        int // 0: working age, online; 1: older, by phone; 2: close to mental health services
	// Answers are the recommendations (indices into Recs) they answered,
	// and how: "agree", "disagree" or "unsure".
	Answers map[int]string
	// Choices are their answers to the added questions (by question
	// index): an option number or a scale value, "1" first.
	Choices map[int]string
	Day     int // days after the consultation opened
}

// ConsultRec is one consulted recommendation's expected answers.
type ConsultRec struct {
	Phrase   string     // a phrase of the recommendation's text
	Agree    [3]float64 // per camp
	Disagree [3]float64 // per camp
}

// ConsultQuestion is a question the organisers added.
type ConsultQuestion struct {
	Rec          int // index into Recs
	Scale        bool
	Text, TextCy string
	Options      [][2]string  // English, Welsh
	Weights      [3][]float64 // per camp, per answer
}

// ConsultComment is a comment, by a respondent (index) on a
// recommendation (index); Publish says the organiser approved it, Reject
// that they rejected it (neither: still waiting when the consultation
// closed).
type ConsultComment struct {
	By, Rec         int
	Answer          string // what its writer answered on the recommendation ("": any)
	Text            string
	Publish, Reject bool
}

var consultFirst = []string{"Aled", "Bethan", "Callum", "Delyth", "Eleri", "Farah", "Geraint", "Hywel", "Imran", "Jess",
	"Kieran", "Lowri", "Mared", "Nia", "Osian", "Parveen", "Rhodri", "Seren", "Tegan", "Usman",
	"Val", "Wyn", "Yasmin", "Zoe", "Angharad", "Bryn", "Ceri", "Dafydd", "Efa", "Gwen",
	"Huw", "Iolo", "Jac", "Katie", "Liam", "Manon", "Nathan", "Olwen", "Rhian", "Sioned"}

var consultLast = []string{"Ashworth", "Bevan", "Coleman", "Davies", "Edwards", "Fisher", "Gruffydd", "Hopkins", "Iqbal", "James",
	"Kavanagh", "Lloyd", "Morgan", "Nash", "Owen", "Powell", "Quinn", "Roberts", "Saunders", "Thomas",
	"Vaughan", "Walsh", "Young", "Bibi", "Chowdhury", "Evans", "Harries", "Jenkins", "Mathias", "Parry"}

// consultRecs follow the order of the passed recommendations.
var consultRecs = []ConsultRec{
	{Phrase: "same-day appointments", Agree: [3]float64{.86, .82, .80}, Disagree: [3]float64{.05, .08, .06}},
	{Phrase: "four weeks ahead", Agree: [3]float64{.82, .22, .50}, Disagree: [3]float64{.08, .62, .25}},
	{Phrase: "named contact", Agree: [3]float64{.58, .90, .72}, Disagree: [3]float64{.18, .03, .08}},
	{Phrase: "call-back", Agree: [3]float64{.30, .88, .60}, Disagree: [3]float64{.52, .04, .18}},
	{Phrase: "crisis line", Agree: [3]float64{.72, .55, .95}, Disagree: [3]float64{.10, .25, .02}},
	{Phrase: "police cell", Agree: [3]float64{.74, .40, .96}, Disagree: [3]float64{.10, .42, .02}},
	{Phrase: "quiet room", Agree: [3]float64{.35, .20, .92}, Disagree: [3]float64{.45, .66, .04}},
	{Phrase: "the day they are admitted", Agree: [3]float64{.82, .84, .80}, Disagree: [3]float64{.05, .05, .06}},
	{Phrase: "two days", Agree: [3]float64{.70, .86, .72}, Disagree: [3]float64{.15, .05, .10}},
	{Phrase: "discharge date", Agree: [3]float64{.84, .88, .86}, Disagree: [3]float64{.04, .04, .05}},
	{Phrase: "written plan", Agree: [3]float64{.90, .92, .88}, Disagree: [3]float64{.03, .02, .03}},
}

var consultQuestions = []ConsultQuestion{
	{Rec: 0, Text: "How would you most like to book a same-day appointment?", TextCy: "Sut fyddech chi'n hoffi trefnu apwyntiad ar yr un diwrnod fwyaf?",
		Options: [][2]string{{"By phone", "Dros y ffôn"}, {"Online or in the app", "Ar-lein neu yn yr ap"}, {"In person at the practice", "Wyneb yn wyneb yn y feddygfa"}},
		Weights: [3][]float64{{.25, .65, .10}, {.70, .10, .20}, {.45, .35, .20}}},
	{Rec: 4, Scale: true, Text: "How confident would you feel about calling this line in a crisis? (1: not at all, 5: very)",
		TextCy:  "Pa mor hyderus fyddech chi'n teimlo am ffonio'r llinell hon mewn argyfwng? (1: ddim o gwbl, 5: iawn)",
		Weights: [3][]float64{{.08, .15, .30, .30, .17}, {.20, .25, .30, .15, .10}, {.05, .10, .20, .30, .35}}},
}

var consultComments = []ConsultComment{
	{Rec: 0, Answer: "agree", Publish: true, Text: "My mum cannot use the app. Please keep some of the same-day slots for people who phone."},
	{Rec: 1, Answer: "agree", Publish: true, Text: "Booking ahead would help me a lot. I work shifts and I know my rota a month in advance."},
	{Rec: 1, Answer: "disagree", Publish: true, Text: "If people can book four weeks ahead, I worry there will be nothing left when you are ill on the day."},
	{Rec: 3, Answer: "agree", Publish: true, Text: "A call-back would stop me sitting on hold during my lunch break. It should say roughly when they will ring."},
	{Rec: 4, Answer: "agree", Publish: true, Text: "When my son was unwell we did not know who to ring at night. One number that a person answers would make a real difference."},
	{Rec: 6, Answer: "unsure", Publish: true, Text: "A quiet room sounds good, but A&E is already short of staff at night. Where will the mental health workers come from?"},
	{Rec: 10, Answer: "agree", Publish: true, Text: "Plain English please, and in Welsh too. My dad was sent home with a leaflet nobody could follow."},
	{Rec: 2, Reject: true, Text: "They are all useless at that surgery and everyone knows it."},
	{Rec: 8, Answer: "agree", Text: "Two days is still too long when you are stuck on a ward waiting for a care package."},
}

// FirstRoundConsultation returns the past round's consultation: 196
// respondents drawn from a fixed seed.
func FirstRoundConsultation() PastConsultation {
	r := rand.New(rand.NewPCG(2015, 15))
	pc := PastConsultation{Days: 28, Recs: consultRecs, Questions: consultQuestions}
	names := r.Perm(len(consultFirst) * len(consultLast))[:196]
	for _, n := range names {
		first, last := consultFirst[n%len(consultFirst)], consultLast[n/len(consultFirst)]
		camp := 0
		switch x := r.Float64(); {
		case x < .40:
			camp = 0
		case x < .75:
			camp = 1
		default:
			camp = 2
		}
		p := ConsultRespondent{Name: first + " " + last, Email: strings.ToLower(fmt.Sprintf("%s.%s@example.net", first, last)), Camp: camp,
			Answers: map[int]string{}, Choices: map[int]string{}, Day: r.IntN(pc.Days)}
		recs := r.Perm(len(consultRecs))
		if r.Float64() > .65 { // some answered only a few
			recs = recs[:3+r.IntN(6)]
		}
		for _, k := range recs {
			c := consultRecs[k]
			switch x := r.Float64(); {
			case x < c.Agree[camp]:
				p.Answers[k] = "agree"
			case x < c.Agree[camp]+c.Disagree[camp]:
				p.Answers[k] = "disagree"
			default:
				p.Answers[k] = "unsure"
			}
		}
		for qi, q := range consultQuestions {
			if _, ok := p.Answers[q.Rec]; !ok || r.Float64() < .2 {
				continue
			}
			x, acc := r.Float64(), 0.0
			for v, w := range q.Weights[camp] {
				if acc += w; x < acc || v == len(q.Weights[camp])-1 {
					p.Choices[qi] = fmt.Sprint(v + 1)
					break
				}
			}
		}
		pc.Respondents = append(pc.Respondents, p)
	}
	// Each comment is written by someone who answered its recommendation.
	used := map[int]bool{}
	for _, c := range consultComments {
		for i, p := range pc.Respondents {
			if a, ok := p.Answers[c.Rec]; ok && !used[i] && (c.Answer == "" || a == c.Answer) {
				c.By, used[i] = i, true
				break
			}
		}
		pc.Comments = append(pc.Comments, c)
	}
	return pc
}
