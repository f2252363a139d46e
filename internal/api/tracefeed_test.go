package api_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/trace"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// boardTraces are traces where the Board has answered: every issue's trace
// ends with an answer and a commitment update, and the round's with the
// vote and the answer.
type boardTraces struct{}

var answeredAt = time.Date(2027, 6, 1, 10, 0, 0, 0, time.UTC)

func (boardTraces) Build(_ context.Context, id int64) (trace.Trace, error) {
	later := answeredAt.AddDate(0, 1, 0)
	return trace.Trace{Issue: trace.IssueRef{ID: id}, Steps: []trace.Step{
		{Key: "raised", State: trace.Done, Title: "Raised", Text: "Raised in the round “%s”.", Args: []any{"Spring"}, At: &answeredAt},
		{Key: "answer", State: trace.Done, Title: "The Board answered", Text: "The Board answered the recommendation “%s”: %s.",
			Args: []any{"Open at 7am", trace.Msg("Accepted in part")}, Detail: "We will open at 7.30.", At: &answeredAt},
		{Key: "update", State: trace.Done, Current: true, Title: "Commitment updated", Text: "“%s”: %s, %d%% done.", Args: []any{"Lines at 7.30", "In progress", 60}, At: &later},
		{Key: "answer", State: trace.Next, Title: "The Board answers", Text: "The Board answers"},
	}}, nil
}

func (boardTraces) RoundSteps(_ context.Context, id int64) ([]trace.Step, error) {
	return []trace.Step{{Key: "vote", State: trace.Done, Title: "The assembly voted on its recommendations",
		Text: "The assembly voted on its recommendations: %d of %d passed.", Args: []any{4, 5}, At: &answeredAt, Link: "/cycles/" + strconv.FormatInt(id, 10) + "/recommendations"}}, nil
}

// TestFeedsCarryTheTrace: an issue's feed gains the Board's answer and the
// commitment's update, newest first, linking to the trace page (in Welsh
// for a Welsh reader); the round's feed gains the vote.
func TestFeedsCarryTheTrace(t *testing.T) {
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) { d.API.Traces = boardTraces{} }})
	c := h.Client()
	c.SignIn("hal@example.org")
	path := c.Submit("Phone lines open too late", "Booking opens at 8am.")
	anon := h.Client()
	body := anon.Get(path + "/feed.atom").Body
	upd, ans := strings.Index(body, "<title>Commitment updated</title>"), strings.Index(body, "<title>The Board answered</title>")
	if upd < 0 || ans < 0 || upd > ans {
		t.Fatalf("the issue's feed lacks the answer and update, newest first:\n%s", body)
	}
	for _, x := range []string{"Accepted in part.", "We will open at 7.30.", "“Lines at 7.30”: In progress, 60% done.", `href="` + webtest.BaseURL + path + `/trace"`} {
		if !strings.Contains(body, x) {
			t.Errorf("the issue's feed lacks %q", x)
		}
	}
	if strings.Contains(body, "<title>The Board answers</title>") || strings.Contains(body, "<title>Raised</title>") {
		t.Errorf("the feed carries steps it should not (next, or raised twice):\n%s", body)
	}
	if cy := anon.Get(path+"/feed.atom", "Accept-Language", "cy").Body; !strings.Contains(cy, "Derbyniwyd yn rhannol") {
		t.Errorf("the Welsh feed:\n%s", cy)
	}
	round := anon.Get("/cycles/" + strconv.FormatInt(h.Cycle.ID, 10) + "/feed.atom").Body
	if !strings.Contains(round, "The assembly voted on its recommendations: 4 of 5 passed.") || !strings.Contains(round, "/recommendations") {
		t.Errorf("the round's feed lacks the vote:\n%s", round)
	}
}
