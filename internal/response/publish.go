package response

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The shape of responses.json (and stocktake.json's "report").

// PubStatus is a status of the round.
type PubStatus struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	LabelCy  string `json:"label_cy"`
	Progress int    `json:"progress"`
	Keeps    bool   `json:"keeps_progress"` // the status keeps the progress a commitment had
}

// PubTheme is a theme with its roll-up.
type PubTheme struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Progress int    `json:"progress"`
}

// PubRef names a theme.
type PubRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// PubAnswer is the Board's answer.
type PubAnswer struct {
	Decision   Decision `json:"decision"`
	Reasons    string   `json:"reasons"`
	ReasonsCy  string   `json:"reasons_cy,omitempty"`
	AnsweredAt string   `json:"answered_at"`
	Late       bool     `json:"late"`
}

// PubUpdate is a progress update.
type PubUpdate struct {
	Date     string   `json:"date"`
	Status   string   `json:"status"`
	Progress int      `json:"progress"`
	Text     string   `json:"text"`
	Links    []string `json:"links"`
}

// PubCommitment is a commitment.
type PubCommitment struct {
	ID          int64       `json:"id"`
	URL         string      `json:"url"`
	Title       string      `json:"title"`
	Owner       string      `json:"owner"`
	Due         string      `json:"due"`
	Measure     string      `json:"measure"`
	Status      string      `json:"status"`
	StatusLabel string      `json:"status_label"`
	Progress    int         `json:"progress"`
	Updates     []PubUpdate `json:"updates"`
}

// PubRec is a passed recommendation.
type PubRec struct {
	ID          int64           `json:"id"`
	Theme       PubRef          `json:"theme"`
	Text        string          `json:"text"`
	Chosen      string          `json:"chosen,omitempty"` // a ranked question's chosen option
	Passed      bool            `json:"passed"`
	Response    *PubAnswer      `json:"response"`
	Overdue     bool            `json:"overdue"`
	Progress    int             `json:"progress"`
	Commitments []PubCommitment `json:"commitments"`
}

// Published is responses.json.
type Published struct {
	Cycle           int64       `json:"cycle"`
	Deadline        *string     `json:"deadline"`
	Progress        int         `json:"progress"`
	Statuses        []PubStatus `json:"statuses"`
	Themes          []PubTheme  `json:"themes"`
	Recommendations []PubRec    `json:"recommendations"`
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Publish makes responses.json's content from a report.
func Publish(r Report) Published {
	p := Published{Cycle: r.CycleID, Progress: r.Progress, Statuses: []PubStatus{}, Themes: []PubTheme{}, Recommendations: []PubRec{}}
	if !r.Deadline.IsZero() {
		d := rfc(r.Deadline)
		p.Deadline = &d
	}
	for _, st := range r.Statuses {
		p.Statuses = append(p.Statuses, PubStatus{Key: st.Key, Label: st.Label, LabelCy: st.LabelCy, Progress: st.Progress, Keeps: st.Keep})
	}
	for _, t := range r.Themes {
		p.Themes = append(p.Themes, PubTheme{ID: t.ID, Title: t.Title, Progress: t.Progress})
	}
	for _, rr := range r.Recs {
		pr := PubRec{ID: rr.ID, Theme: PubRef{ID: rr.ThemeID, Title: rr.ThemeTitle}, Text: rr.Text, Chosen: rr.Chosen, Passed: true,
			Overdue: rr.Overdue, Progress: rr.Progress, Commitments: []PubCommitment{}}
		if a := rr.Answer; a != nil {
			pr.Response = &PubAnswer{Decision: a.Decision, Reasons: a.Reasons, ReasonsCy: a.ReasonsCy, AnsweredAt: rfc(a.AnsweredAt), Late: a.Late}
		}
		for _, c := range rr.Commitments {
			pc := PubCommitment{ID: c.ID, URL: "/cycles/" + itoa(c.CycleID) + "/commitments/" + itoa(c.ID), Title: c.Title, Owner: c.Owner,
				Due: c.Due.Format(DateLayout), Measure: c.Measure, Status: c.Status, StatusLabel: c.StatusLabel, Progress: c.Progress, Updates: []PubUpdate{}}
			for _, u := range c.Updates {
				links := u.Links
				if links == nil {
					links = []string{}
				}
				pc.Updates = append(pc.Updates, PubUpdate{Date: u.At.Format(DateLayout), Status: u.Status, Progress: u.Progress, Text: u.Text, Links: links})
			}
			pr.Commitments = append(pr.Commitments, pc)
		}
		p.Recommendations = append(p.Recommendations, pr)
	}
	return p
}

// PubStocktake is stocktake.json: the meeting and the report.
type PubStocktake struct {
	Cycle     int64     `json:"cycle"`
	Held      string    `json:"held"`
	Place     string    `json:"place"`
	Notes     string    `json:"notes"`
	Published string    `json:"published"`
	Counts    []PubN    `json:"status_counts"`
	Report    Published `json:"report"`
}

// PubN is how many commitments have a status.
type PubN struct {
	Status string `json:"status"`
	Label  string `json:"label"`
	N      int    `json:"commitments"`
}

// PublishStocktake makes stocktake.json's content.
func PublishStocktake(st Stocktake, r Report) PubStocktake {
	p := PubStocktake{Cycle: r.CycleID, Held: st.Held.Format(DateLayout), Place: st.Place, Notes: st.Notes, Published: rfc(st.Published), Counts: []PubN{}, Report: Publish(r)}
	for _, c := range r.Counts {
		p.Counts = append(p.Counts, PubN{Status: c.Key, Label: c.Label, N: c.N})
	}
	return p
}

// MarshalJSON writes v indented, with a final newline.
func MarshalJSON(v any) []byte {
	b, _ := json.MarshalIndent(v, "", "  ")
	return append(b, '\n')
}

// neutralise keeps a cell from being read as a formula by a spreadsheet.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// CSV writes commitments.csv: one row per commitment, in the order of
// the report (recommendation id, then commitment id).
func CSV(r Report) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"recommendation", "theme", "decision", "commitment", "title", "owner", "due", "measure", "status", "progress", "last_update"})
	for _, rr := range r.Recs {
		decision := ""
		if rr.Answer != nil {
			decision = string(rr.Answer.Decision)
		}
		for _, c := range rr.Commitments {
			last := ""
			if u, ok := c.LastUpdate(); ok {
				last = u.At.Format(DateLayout)
			}
			w.Write([]string{itoa(rr.ID), neutralise(rr.ThemeTitle), decision, itoa(c.ID), neutralise(c.Title), neutralise(c.Owner),
				c.Due.Format(DateLayout), neutralise(c.Measure), c.Status, strconv.Itoa(c.Progress), last})
		}
	}
	w.Flush()
	return b.Bytes()
}
