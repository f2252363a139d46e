package consult

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Published is consultation.json.
type Published struct {
	CycleID         int64         `json:"cycle_id"`
	Status          string        `json:"status"` // open | closed
	Opened          string        `json:"opened,omitempty"`
	Closed          string        `json:"closed,omitempty"`
	Respondents     int           `json:"respondents"`
	Questions       []PubQuestion `json:"questions"`
	Recommendations []PubRec      `json:"recommendations"`
	OpinionGroups   PubMap        `json:"opinion_groups"`
	CSV             string        `json:"csv"`
}

// PubQuestion is a question: the default one ("agree", asked of every
// recommendation) or one an organiser added to one recommendation.
type PubQuestion struct {
	ID             string      `json:"id"` // "agree", or "q<N>"
	Recommendation int64       `json:"recommendation,omitempty"`
	Kind           string      `json:"kind"` // agree | choice | scale
	Text           string      `json:"text"`
	TextCy         string      `json:"text_cy"`
	Answers        []PubAnswer `json:"answers"`
}

// PubAnswer is one answer a question takes.
type PubAnswer struct {
	Value  string `json:"value"`
	Text   string `json:"text"`
	TextCy string `json:"text_cy"`
}

// PubRec is one recommendation's summary.
type PubRec struct {
	ID        int64           `json:"id"`
	Theme     string          `json:"theme"`
	Text      string          `json:"text"`
	Responses int             `json:"responses"`
	Agree     int             `json:"agree"`
	Disagree  int             `json:"disagree"`
	Unsure    int             `json:"unsure"`
	Questions []PubCount      `json:"questions"`
	Comments  []PubComment    `json:"comments"`
	Groups    []PubGroupShare `json:"groups"`
	Consensus string          `json:"consensus,omitempty"` // agree | disagree
}

// PubCount is an added question's counts, by answer value.
type PubCount struct {
	ID      string         `json:"id"`
	Answers int            `json:"answers"`
	Counts  map[string]int `json:"counts"`
}

// PubComment is an approved comment: the text and the day it was written,
// never who wrote it.
type PubComment struct {
	Text string `json:"text"`
	Date string `json:"date"`
}

// PubGroupShare is one opinion group's answers on a recommendation.
type PubGroupShare struct {
	Group    string `json:"group"`
	Agree    int    `json:"agree"`
	Disagree int    `json:"disagree"`
	Votes    int    `json:"votes"`
}

// PubMap is the opinion map's groups.
type PubMap struct {
	Participants int        `json:"participants"`
	Clustered    int        `json:"clustered"`
	Groups       []PubGroup `json:"groups"`
}

// PubGroup is one opinion group.
type PubGroup struct {
	ID   string `json:"id"`
	Size int    `json:"size"`
}

// QuestionID is a question's published id.
func QuestionID(q Question) string { return "q" + itoa(q.ID) }

func pubQuestion(q Question) PubQuestion {
	p := PubQuestion{ID: QuestionID(q), Recommendation: q.RecID, Kind: string(q.Kind), Text: q.Text, TextCy: q.TextCy}
	for i, v := range q.Values() {
		a := PubAnswer{Value: v, Text: v, TextCy: v}
		if q.Kind == Choice {
			a.Text, a.TextCy = q.Options[i].Text, q.Options[i].TextCy
		}
		p.Answers = append(p.Answers, a)
	}
	return p
}

// Publish makes consultation.json's content; base is the consultation's
// path ("/cycles/7/consultation").
func Publish(o *Overview, base string) Published {
	cy := i18n.For(i18n.Welsh)
	msg := func(p *i18n.Printer, s string) string { return p.T(s, []any{}...) }
	p := Published{CycleID: o.Round.CycleID, Status: string(o.Round.Status), Opened: Day(o.Round.Opened), Closed: Day(o.Round.Closed),
		Respondents: o.Respondents, Questions: []PubQuestion{}, Recommendations: []PubRec{}, CSV: base + ".csv",
		OpinionGroups: PubMap{Participants: o.Map.Participants, Clustered: o.Map.Clustered, Groups: []PubGroup{}}}
	en := i18n.For(i18n.English)
	def := PubQuestion{ID: "agree", Kind: "agree", Text: msg(en, DefaultQuestion), TextCy: msg(cy, DefaultQuestion)}
	for _, v := range Agreement {
		def.Answers = append(def.Answers, PubAnswer{Value: v, Text: msg(en, AgreementLabel(v)), TextCy: msg(cy, AgreementLabel(v))})
	}
	p.Questions = append(p.Questions, def)
	for _, q := range o.Questions {
		p.Questions = append(p.Questions, pubQuestion(q))
	}
	for _, s := range o.Recs {
		r := PubRec{ID: s.RecID, Theme: s.Theme, Text: s.Text, Responses: s.Responses, Agree: s.Agree, Disagree: s.Disagree, Unsure: s.Unsure,
			Questions: []PubCount{}, Comments: []PubComment{}, Groups: []PubGroupShare{}, Consensus: s.Consensus}
		for _, qc := range s.Questions {
			c := PubCount{ID: QuestionID(qc.Question), Answers: qc.Answers, Counts: map[string]int{}}
			for i, v := range qc.Question.Values() {
				c.Counts[v] = qc.Counts[i]
			}
			r.Questions = append(r.Questions, c)
		}
		for _, c := range s.Comments {
			r.Comments = append(r.Comments, PubComment{Text: c.Text, Date: Day(c.Updated)})
		}
		for _, g := range s.Groups {
			r.Groups = append(r.Groups, PubGroupShare(g))
		}
		p.Recommendations = append(p.Recommendations, r)
	}
	for _, g := range o.Map.Groups {
		p.OpinionGroups.Groups = append(p.OpinionGroups.Groups, PubGroup{ID: g.Label, Size: g.Size})
	}
	return p
}

// MarshalPublished is consultation.json as indented JSON.
func MarshalPublished(p Published) []byte {
	b, _ := json.MarshalIndent(p, "", "  ")
	return append(b, '\n')
}

// neutralise keeps a spreadsheet from reading a cell as a formula.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes consultation.csv: respondent,date,recommendation,
// question,answer, one row per answer (the default question "agree", an
// added one "q<N>" with its option's English text or the scale's number),
// sorted by respondent, recommendation and question. The respondent is a
// random id, the date a day: no user id, no time of day, no order of
// arrival. The free text is not in it (approved comments are in the JSON).
func WriteCSV(qs []Question, rs []Response) []byte {
	byID := map[int64]Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	var rows [][]string
	for _, r := range rs {
		rec := itoa(r.RecID)
		rows = append(rows, []string{r.Respondent, Day(r.Updated), rec, "agree", r.Agree})
		var ids []int64
		for id := range r.Answers {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			q, ok := byID[id]
			if !ok {
				continue
			}
			v := r.Answers[id]
			if q.Kind == Choice {
				if n := slices.Index(q.Values(), v); n >= 0 {
					v = q.Options[n].Text
				}
			}
			rows = append(rows, []string{r.Respondent, Day(r.Updated), rec, QuestionID(q), v})
		}
	}
	slices.SortStableFunc(rows, func(a, b []string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		if c := cmpInt64(atoi(a[2]), atoi(b[2])); c != 0 {
			return c
		}
		return cmpInt64(qkey(a[3]), qkey(b[3]))
	})
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"respondent", "date", "recommendation", "question", "answer"})
	for _, row := range rows {
		for i := range row {
			row[i] = neutralise(row[i])
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// qkey orders questions: the default one first, then added ones by id.
func qkey(id string) int64 {
	if id == "agree" {
		return 0
	}
	return atoi(strings.TrimPrefix(id, "q"))
}
