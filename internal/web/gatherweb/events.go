package gatherweb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/sse"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Live updates of an issue page.
//
// Every change to an issue reaches its page's stream as a small JSON
// issueEvent on the process's topic "issue:<id>", never as a page; between
// processes the relay (relay.go) carries them in batches:
//
//   - "counts": the issue's support and comment counts. Supports,
//     withdrawals, comments and moderation only mark the issue; every
//     100 ms the relay reads the marked issues' counters in one query and
//     publishes them in one event: the support path adds no database read,
//     and the broker carries about ten events a second however many
//     issues are supported.
//   - "comment": a comment was added, hidden or shown again (its id). Each
//     subscriber renders it through the page's own comment partial, in its
//     language and with its view of hidden comments, and sends the HTML.
//
// Rendering per subscriber costs little because what the partial shows
// depends only on the language and the kind of viewer (anonymous, signed
// in, moderator): each process reads the comment at most twice (as a
// moderator sees it and as everyone else does) and renders it at most six
// times, whatever the number of subscribers; fragments caches both. A
// subscriber that cannot render it (an error, or a comment it cannot
// place) gets the event without HTML, and the page offers a link to show
// the new comments instead.

// issueEvent is the data of an event on an issue's topic.
type issueEvent struct {
	Kind     string `json:"kind"`               // "counts" or "comment"
	Supports int    `json:"supports,omitempty"` // counts
	Comments int    `json:"comments,omitempty"` // counts: visible comments and replies
	Comment  int64  `json:"comment,omitempty"`  // comment: its id
	At       int64  `json:"at,omitempty"`       // comment: when published (Unix ns), telling two events about one comment apart
}

// The names of the server-sent events of GET /issues/{id}/events.
const (
	eventCounts  = "counts"
	eventComment = "comment"
)

// countsMessage is the data of a "counts" server-sent event: the numbers
// and the sentence the page shows, in the subscriber's language (the
// script has no words of its own).
type countsMessage struct {
	Supports     int    `json:"supports"`
	SupportsText string `json:"supports_text"`
	Comments     int    `json:"comments"`
}

// commentMessage is the data of a "comment" server-sent event. HTML is the
// comment as the page's partial renders it for this subscriber, or empty
// when it could not be rendered (the page then offers to show it).
type commentMessage struct {
	ID     int64  `json:"id"`
	Parent int64  `json:"parent,omitempty"`
	HTML   string `json:"html,omitempty"`
}

// streamRetryAfter is the Retry-After (seconds) of a refused stream.
const streamRetryAfter = "10"

// issueTopic returns the live topic of an issue.
func issueTopic(id int64) string { return "issue:" + strconv.FormatInt(id, 10) }

// topicIssue returns the issue id of a topic made by issueTopic.
func topicIssue(topic string) (int64, error) {
	s, ok := strings.CutPrefix(topic, "issue:")
	if !ok {
		return 0, fmt.Errorf("gatherweb: %q is not an issue topic", topic)
	}
	return strconv.ParseInt(s, 10, 64)
}

// issueCountsChanged marks the issue's counts for the next live batch
// (no database read here).
func (h *Handler) issueCountsChanged(issueID int64) { h.relay.countsChanged(issueID) }

// commentChanged publishes that a comment was added, hidden or shown
// again, and marks the issue's counts.
func (h *Handler) commentChanged(ctx context.Context, issueID, commentID int64) {
	h.relay.commentChanged(ctx, issueID, commentID)
	h.relay.countsChanged(issueID)
}

// issueEvents: GET /issues/{id}/events, public. A text/event-stream of
// the issue's counts ("counts", also sent first, on connect, and again
// after the stream lost events) and of comments added, hidden or shown
// again ("comment", with their HTML). At most Env.Streams streams are open
// at once per process; beyond, 503 with Retry-After.
func (h *Handler) issueEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if !h.env.Streams.Acquire() {
		w.Header().Set("Retry-After", streamRetryAfter)
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, kit.Printer(r).T("Too many pages are following live updates on this server just now. Refresh the page to see the latest."), http.StatusServiceUnavailable)
		return nil
	}
	defer h.env.Streams.Release()
	u, lang := kit.User(r), kit.Lang(r)
	sub := h.relay.subscribe(id) // before the first read: nothing falls between
	var first error              // the first read's error: nothing was written
	started := false
	err = sse.Serve(w, r, sub, sse.Options{
		Done: h.env.Done,
		Initial: func(ctx context.Context) (sse.Message, error) {
			iss, err := h.d.Issues.Issue(ctx, u, id)
			if !started {
				started, first = true, err
			}
			if err != nil {
				return sse.Message{}, err
			}
			return countsEvent(lang, iss.Supports, iss.Comments), nil
		},
		Encode: func(ev live.Event) (sse.Message, bool) {
			var e issueEvent
			if err := json.Unmarshal(ev.Data, &e); err != nil {
				return sse.Message{}, false
			}
			switch e.Kind {
			case eventCounts:
				return countsEvent(lang, e.Supports, e.Comments), true
			case eventComment:
				return h.commentEvent(u, lang, id, ev.Data, e.Comment), true
			}
			return sse.Message{}, false
		},
	})
	switch {
	case err == nil:
		return nil
	case first != nil:
		return first // no stream was started: the shell answers (404 for an unknown issue)
	case !errors.Is(err, context.Canceled):
		h.env.Log.Debug("live: an issue's event stream ended", "issue", id, "err", err)
	}
	return nil
}

// countsEvent is the "counts" message in language lang.
func countsEvent(lang i18n.Lang, supports, comments int) sse.Message {
	p := i18n.For(lang)
	data, _ := json.Marshal(countsMessage{Supports: supports, Comments: comments,
		SupportsText: p.N(supports, "%d person supports this issue.", "%d people support this issue.")})
	return sse.Message{Event: eventCounts, Data: data}
}

// commentEvent is the "comment" message for viewer u in language lang:
// the comment rendered by the page's partial, or no HTML when that fails.
func (h *Handler) commentEvent(u people.User, lang i18n.Lang, issueID int64, key []byte, commentID int64) sse.Message {
	m := commentMessage{ID: commentID}
	c, html, err := h.frags.render(h, u, lang, issueID, string(key), commentID)
	if err != nil {
		h.env.Log.Warn("live: rendering a comment", "issue", issueID, "comment", commentID, "err", err)
	} else {
		m.Parent, m.HTML = c.ParentID, html
	}
	data, _ := json.Marshal(m)
	return sse.Message{Event: eventComment, Data: data}
}

// findComment returns the comment id from an issue's threads.
func findComment(threads []gather.Comment, id int64) (gather.Comment, bool) {
	for _, c := range threads {
		if c.ID == id {
			return c, true
		}
		for _, r := range c.Replies {
			if r.ID == id {
				return r, true
			}
		}
	}
	return gather.Comment{}, false
}
