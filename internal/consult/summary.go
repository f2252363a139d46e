package consult

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/opinions/report"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

var dotTitle = regexp.MustCompile(`<title>participant \d+</title>`)

// MinGrouped is how many respondents must be clustered before the map
// shows opinion groups (as internal/room: Pol.is's greedy in-conv size).
const MinGrouped = 15

// Overview is a round's consultation summarised.
type Overview struct {
	Round       Round
	Recs        []Summary // the consulted recommendations, by id
	Questions   []Question
	Respondents int
	Map         Map
	Stamp       string // the store's stamp it was computed at
}

// Summary is one recommendation's responses summarised.
type Summary struct {
	RecID     int64
	Theme     string
	Text      string
	Responses int
	Agree     int
	Disagree  int
	Unsure    int
	Questions []QuestionCount // the added questions, by id
	Comments  []Comment       // approved, oldest first
	Groups    []GroupShare    // per opinion group of Map.Groups; none until there are groups
	Consensus string          // Agree or Disagree when the map finds consensus, else ""
}

// QuestionCount is an added question's answers.
type QuestionCount struct {
	Question Question
	Counts   []int // per value of Question.Values
	Answers  int
}

// GroupShare is one opinion group's answers on a recommendation.
type GroupShare struct {
	Group    string // "A", "B", …
	Agree    int
	Disagree int
	Votes    int // agree + disagree + unsure
}

// Map is the opinion map over the agree/disagree answers.
type Map struct {
	Participants int // respondents with at least one answer
	Clustered    int
	Groups       []Group // none until MinGrouped respondents are clustered into 2 or more groups
	SVG          string  // the map drawn (internal/opinions/report); "" without responses
}

// Group is one opinion group.
type Group struct {
	Label string // "A", "B", …
	Size  int
}

// vote is an answer to the default question as a reaction on the map.
func vote(v string) opinions.Vote {
	switch v {
	case Agree:
		return opinions.Agree
	case Disagree:
		return opinions.Disagree
	}
	return opinions.Pass
}

// Summarise counts the responses to the recommendations its, lists the
// approved comments and maps the opinions. Responses to other
// recommendations are left out.
func Summarise(rd Round, its []recommend.Item, qs []Question, rs []Response, approved []Comment) *Overview {
	o := &Overview{Round: rd, Questions: qs}
	at := map[int64]int{}
	for _, it := range its {
		at[it.ID] = len(o.Recs)
		sm := Summary{RecID: it.ID, Theme: it.ThemeTitle, Text: it.Text()}
		for _, q := range qs {
			if q.RecID == it.ID {
				sm.Questions = append(sm.Questions, QuestionCount{Question: q, Counts: make([]int, len(q.Values()))})
			}
		}
		o.Recs = append(o.Recs, sm)
	}
	people := map[string]int{}
	var evs []opinions.Event
	for _, r := range rs {
		i, ok := at[r.RecID]
		if !ok {
			continue
		}
		sm := &o.Recs[i]
		sm.Responses++
		switch r.Agree {
		case Agree:
			sm.Agree++
		case Disagree:
			sm.Disagree++
		default:
			sm.Unsure++
		}
		for k := range sm.Questions {
			qc := &sm.Questions[k]
			if v, ok := r.Answers[qc.Question.ID]; ok {
				if n := slices.Index(qc.Question.Values(), v); n >= 0 {
					qc.Counts[n]++
					qc.Answers++
				}
			}
		}
		pid, ok := people[r.Respondent]
		if !ok {
			pid = len(people)
			people[r.Respondent] = pid
		}
		evs = append(evs, opinions.Event{Participant: pid, Statement: int(r.RecID), Vote: vote(r.Agree), Time: r.Updated.UnixMilli()})
	}
	o.Respondents = len(people)
	for _, c := range approved {
		if i, ok := at[c.RecID]; ok {
			o.Recs[i].Comments = append(o.Recs[i].Comments, c)
		}
	}
	o.mapOpinions(evs)
	return o
}

// mapOpinions runs internal/opinions over the answers, in the order they
// were last given (ties by participant and recommendation).
func (o *Overview) mapOpinions(evs []opinions.Event) {
	if len(evs) == 0 {
		return
	}
	slices.SortStableFunc(evs, func(a, b opinions.Event) int {
		switch {
		case a.Time != b.Time:
			return cmpInt64(a.Time, b.Time)
		case a.Participant != b.Participant:
			return a.Participant - b.Participant
		}
		return a.Statement - b.Statement
	})
	conv := opinions.NewConversation()
	for _, e := range evs {
		_ = conv.Add(e) // the answers are valid votes
	}
	res := opinions.Compute(conv, opinions.Options{}).Result()
	o.Map.Participants, o.Map.Clustered = res.Participants, res.Clustered
	var b bytes.Buffer
	if report.SVG(&b, res, 480, 360) == nil {
		// Each dot's tooltip names a participant number, which says
		// nothing to a reader (and is in English): drop them.
		o.Map.SVG = dotTitle.ReplaceAllString(b.String(), "")
	}
	if res.K < 2 || res.Clustered < MinGrouped {
		return
	}
	for _, g := range res.Groups {
		o.Map.Groups = append(o.Map.Groups, Group{Label: report.GroupLabel(g.ID), Size: g.Size})
	}
	byRec := map[int64]*Summary{}
	for i := range o.Recs {
		byRec[o.Recs[i].RecID] = &o.Recs[i]
	}
	for _, st := range res.StatementStats {
		sm := byRec[int64(st.Statement)]
		if sm == nil {
			continue
		}
		for g, gv := range st.Groups {
			sm.Groups = append(sm.Groups, GroupShare{Group: report.GroupLabel(g), Agree: gv.Agrees, Disagree: gv.Disagrees, Votes: gv.Votes})
		}
	}
	for _, c := range res.Consensus.Agree {
		if sm := byRec[int64(c.Statement)]; sm != nil {
			sm.Consensus = Agree
		}
	}
	for _, c := range res.Consensus.Disagree {
		if sm := byRec[int64(c.Statement)]; sm != nil && sm.Consensus == "" {
			sm.Consensus = Disagree
		}
	}
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Summary returns the summary of recommendation recID, ok false if it is
// not consulted on.
func (o *Overview) Summary(recID int64) (Summary, bool) {
	for _, s := range o.Recs {
		if s.RecID == recID {
			return s, true
		}
	}
	return Summary{}, false
}

// Day is the date of t as published: no finer than a day.
func Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// MapTitle replaces the map's built-in English title with title (already
// escaped for HTML), for pages in other languages.
func MapTitle(svg, title string) string {
	const open = `<title id="om-title">`
	i := strings.Index(svg, open)
	if i < 0 {
		return svg
	}
	j := strings.Index(svg[i:], "</title>")
	if j < 0 {
		return svg
	}
	return svg[:i+len(open)] + title + svg[i+j:]
}
