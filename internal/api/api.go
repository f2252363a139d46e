package api

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/trace"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Issues is what the exports read of issues (*gather.Service).
type Issues interface {
	ListIssues(ctx context.Context, viewer people.User, q gather.IssueQuery) (gather.IssuePage, error)
	Issue(ctx context.Context, viewer people.User, issueID int64) (gather.Issue, error)
	Comments(ctx context.Context, viewer people.User, issueID int64) ([]gather.Comment, error)
}

// Themes lists themes (*gather.Service).
type Themes interface {
	Themes(ctx context.Context, cycleID int64) ([]gather.Theme, error)
	// ShortlistSize is N of the rule that sends themes to the jury
	// (gather.Shortlist).
	ShortlistSize() int
}

// Rounds lists rounds and their timelines (*cycle.Service).
type Rounds interface {
	Cycles(ctx context.Context, programmeID int64) ([]cycle.Cycle, error)
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
	Timeline(ctx context.Context, cycleID int64) ([]cycle.Move, error)
}

// Deps are what the open-data routes use; all are required.
type Deps struct {
	Issues  Issues
	Themes  Themes
	Rounds  Rounds
	BaseURL string // the public address, for the URLs in exports and feeds
	OrgName string // the organisation, author of the feeds
	Service string // the service's name, in feed titles
	// Version returns a number that changes whenever the data does (the
	// newest audit entry's id). Optional: with it the export snapshot is
	// rebuilt soon after each change and never otherwise; without it, it is
	// rebuilt every ExportMaxAge.
	Version func(ctx context.Context) (int64, error)
	// ExportMaxAge is how long an export snapshot serves before it is
	// rebuilt when there is no Version: 0 means DefaultMaxAge.
	ExportMaxAge time.Duration
	// Links are what /cycles.json lists under each round's "links": each
	// source names what a part of the platform has published for a round
	// (name → path on this site, e.g. "selection/result.json" →
	// "/cycles/1/selection/result.json"). Optional.
	Links []LinkSource
	// Jury reads rounds' citizens' juries, for the feed's entry of the
	// agenda. Optional.
	Jury Juries
	// Traces adds what happened after the agenda to the feeds: an issue's
	// feed gains its trace's steps (the jury's decision, the vote, the
	// Board's answers, commitments), the round's feed the vote and the
	// Board's answers. Optional.
	Traces Traces
}

// Traces reads issues' and rounds' traces (*trace.Service).
type Traces interface {
	Build(ctx context.Context, issueID int64) (trace.Trace, error)
	RoundSteps(ctx context.Context, cycleID int64) ([]trace.Step, error)
}

// Juries reads a round's jury (*jury.Service).
type Juries interface {
	Settings(ctx context.Context, cycleID int64) (jury.Settings, error)
}

// LinkSource returns the paths a part of the platform has published for a
// round, by name.
type LinkSource func(ctx context.Context, cycleID int64) (map[string]string, error)

// Handler serves the open data. It is safe for concurrent use.
type Handler struct {
	env   kit.Env
	d     Deps
	snaps *snapshots
}

// New returns the open-data area.
func New(env kit.Env, d Deps) (*Handler, error) {
	if d.Issues == nil || d.Themes == nil || d.Rounds == nil || d.BaseURL == "" {
		return nil, errors.New("api: Issues, Themes, Rounds and BaseURL are required")
	}
	if env.Log == nil {
		return nil, errors.New("api: the shell's Env is incomplete")
	}
	h := &Handler{env: env, d: d}
	h.snaps = &snapshots{h: h, maxAge: cmp.Or(d.ExportMaxAge, DefaultMaxAge)}
	return h, nil
}

// Routes lists the open-data routes: all public.
func (h *Handler) Routes() []kit.Route {
	return []kit.Route{
		{Method: "GET", Pattern: "/issues.json", Access: kit.Public, Handler: h.issuesJSON},
		{Method: "GET", Pattern: "/issues.csv", Access: kit.Public, Handler: h.issuesCSV},
		{Method: "GET", Pattern: "/themes.json", Access: kit.Public, Handler: h.themesJSON},
		{Method: "GET", Pattern: "/feed.atom", Access: kit.Public, Handler: h.feed},
		{Method: "GET", Pattern: "/issues/{id}/feed.atom", Access: kit.Public, Handler: h.issueFeed},
		{Method: "GET", Pattern: "/cycles.json", Access: kit.Public, Handler: h.cyclesJSON},
		{Method: "GET", Pattern: "/cycles/{id}/feed.atom", Access: kit.Public, Handler: h.cycleFeed},
		{Method: "GET", Pattern: "/api/openapi.json", Access: kit.Public, Handler: h.openAPIJSON},
		{Method: "GET", Pattern: "/api", Access: kit.Public, Handler: h.apiPage},
		{Method: "GET", Pattern: "/cycles/{id}/issues.json", Access: kit.Public, Handler: h.cycleIssuesJSON},
		{Method: "GET", Pattern: "/cycles/{id}/issues.csv", Access: kit.Public, Handler: h.cycleIssuesCSV},
	}
}

// issueURL is the public address of an issue's page.
func (h *Handler) issueURL(id int64) string {
	return h.d.BaseURL + "/issues/" + strconv.FormatInt(id, 10)
}
