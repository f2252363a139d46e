package api

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/trace"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// feedSteps are the keys of the trace steps an issue's feed carries: what
// happened to it after it was raised and grouped.
var feedSteps = []string{"shortlist", "agenda", "evidence", "discussion", "vote", "answer", "commitment", "update"}

// stepEntry is a step of a trace as a feed entry, linking to page.
func (h *Handler) stepEntry(p *i18n.Printer, st trace.Step, id, page string) atomEntry {
	st = st.In(p)
	body := st.Text
	if st.Detail != "" {
		body += "\n\n" + st.Detail
	}
	return atomEntry{Title: st.Title, ID: id, Updated: atomTime(*st.At), Link: atomLink{Href: page},
		Author: atomPerson{h.d.OrgName}, Content: atomText{"text", body}}
}

// insertEntry adds e to f's entries, which are newest first (RFC 3339
// times in UTC sort as text), and moves f's updated time.
func insertEntry(f *atomFeed, e atomEntry) {
	at := sort.Search(len(f.Entries), func(i int) bool { return f.Entries[i].Updated <= e.Updated })
	f.Entries = slices.Insert(f.Entries, at, e)
	if e.Updated > f.Updated {
		f.Updated = e.Updated
	}
}

// traceEntries adds an issue's trace steps to its feed, each linking to
// the trace page.
func (h *Handler) traceEntries(r *http.Request, issueID int64, f *atomFeed) error {
	if h.d.Traces == nil {
		return nil
	}
	t, err := h.d.Traces.Build(r.Context(), issueID)
	if err != nil {
		return err
	}
	p, page := kit.Printer(r), h.d.BaseURL+trace.Path(issueID)
	for i, st := range t.Steps {
		if st.At == nil || st.State == trace.Next || !slices.Contains(feedSteps, st.Key) {
			continue
		}
		insertEntry(f, h.stepEntry(p, st, page+"#step-"+strconv.Itoa(i+1)+"-"+st.Key, page))
	}
	return nil
}

// roundTraceEntries adds to a round's feed the vote on its
// recommendations, the Board's answers and commitment updates.
func (h *Handler) roundTraceEntries(r *http.Request, cycleID int64, f *atomFeed) error {
	if h.d.Traces == nil {
		return nil
	}
	steps, err := h.d.Traces.RoundSteps(r.Context(), cycleID)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	for i, st := range steps {
		if st.At == nil {
			continue
		}
		page := h.d.BaseURL + st.Link
		id := h.cycleURL(cycleID) + "#" + strings.Join([]string{st.Key, strconv.Itoa(i + 1)}, "-")
		insertEntry(f, h.stepEntry(p, st, id, page))
	}
	return nil
}
