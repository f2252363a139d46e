package trace

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/evidence"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/jury"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/recommend"
)

// Deps are what a Service reads. Issues, Rounds and Juries are required;
// the others are optional (nil: that part of the road has nothing yet).
type Deps struct {
	Issues          Issues
	ThemedAt        ThemedAt
	Rounds          Rounds
	Juries          Juries
	Evidence        Evidence
	Discussions     Discussions
	Recommendations Recommendations
	Responses       Responses
}

// Service builds traces. It is safe for concurrent use.
type Service struct{ d Deps }

// NewService returns a Service; it panics without Issues, Rounds or
// Juries (a wiring mistake).
func NewService(d Deps) *Service {
	if d.Issues == nil || d.Rounds == nil || d.Juries == nil {
		panic("trace: Issues, Rounds and Juries are required")
	}
	return &Service{d: d}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func issuePath(id int64) string { return "/issues/" + itoa(id) }

// Path is the address of an issue's trace page.
func Path(issueID int64) string { return issuePath(issueID) + "/trace" }

func roundPath(id int64, rest string) string { return "/cycles/" + itoa(id) + rest }

func at(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func yes(b bool) *bool { return &b }

// Build returns the trace of an issue: NotFound when there is no such
// issue. A hidden issue's words are withheld as on its page.
func (s *Service) Build(ctx context.Context, issueID int64) (Trace, error) {
	iss, err := s.d.Issues.Issue(ctx, people.Anonymous, issueID)
	if err != nil {
		return Trace{}, err
	}
	c, err := s.d.Rounds.Cycle(ctx, iss.CycleID)
	if err != nil {
		return Trace{}, err
	}
	t := Trace{
		Issue: IssueRef{ID: iss.ID, Title: iss.Title, URL: issuePath(iss.ID), Status: string(iss.Status),
			Raised: iss.Created.UTC().Format(time.RFC3339),
			Round:  RoundRef{ID: c.ID, Title: c.Title, URL: roundPath(c.ID, ""), Phase: string(c.Phase)}},
		Discussion: []Discussion{}, Recommendations: []Recommendation{},
	}
	b := builder{s: s, t: &t, iss: iss}
	b.add(Step{Key: "raised", State: Done, Title: i18n.Mark("Raised"), Text: i18n.Mark("Raised in the round “%s”."), Args: []any{c.Title}, At: at(iss.Created), Link: issuePath(iss.ID)})
	switch iss.Status {
	case gather.StatusWithdrawn:
		b.add(Step{Key: "withdrawn", State: Done, Title: i18n.Mark("Withdrawn"), Text: i18n.Mark("The person who raised it withdrew it. It stays readable, and its theme went on without it."), At: at(iss.Updated)})
	case gather.StatusHidden:
		b.add(Step{Key: "hidden", State: Done, Title: i18n.Mark("Hidden by a moderator"), Text: i18n.Mark("A moderator hid it. Their reason: %s"), Args: []any{iss.HiddenReason}, At: at(iss.Updated)})
	}
	if err := b.theme(ctx); err != nil {
		return Trace{}, err
	}
	j, err := s.d.Juries.Settings(ctx, c.ID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return Trace{}, err
	}
	if !b.agenda(j) {
		b.finish()
		return t, nil
	}
	if err := b.evidence(ctx); err != nil {
		return Trace{}, err
	}
	if err := b.discussion(ctx); err != nil {
		return Trace{}, err
	}
	if err := b.recommendations(ctx); err != nil {
		return Trace{}, err
	}
	if err := b.responses(ctx); err != nil {
		return Trace{}, err
	}
	b.finish()
	return t, nil
}

// builder gathers one trace.
type builder struct {
	s       *Service
	t       *Trace
	iss     gather.Issue
	themeID int64 // the theme the jury saw the issue in (or its current one)
	closed  bool  // the vote on the recommendations is closed
	passed  int
}

func (b *builder) add(s Step) { b.t.Steps = append(b.t.Steps, s) }

func (b *builder) round() int64 { return b.t.Issue.Round.ID }

// theme adds the theme the issue is in.
func (b *builder) theme(ctx context.Context) error {
	if b.iss.ThemeID == 0 {
		return nil
	}
	th, err := b.s.d.Issues.Theme(ctx, b.iss.ThemeID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	b.themeID = th.ID
	b.t.Theme = &ThemeRef{ID: th.ID, Title: th.Name, URL: "/themes/" + itoa(th.ID)}
	var when time.Time
	if b.s.d.ThemedAt != nil {
		if when, err = b.s.d.ThemedAt.IssueThemedAt(ctx, b.iss.ID); err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
	}
	b.add(Step{Key: "theme", State: Done, Title: i18n.Mark("Grouped into a theme"), Text: i18n.Mark("Organisers grouped it with similar issues into the theme “%s”."),
		Args: []any{th.Name}, At: at(when), Link: b.t.Theme.URL})
	return nil
}

// The sentences the platform writes when the jury's words do not apply.
var (
	reasonNotYet      = i18n.Mark("The citizens' jury has not chosen the agenda yet.")
	reasonNeverThemed = i18n.Mark("The issue was never grouped into a theme, so it did not go before the citizens' jury.")
	reasonNotLeading  = i18n.Mark("Its theme was not among the leading themes on the shortlist the citizens' jury chose from: other themes had more support.")
	reasonNoWords     = i18n.Mark("The citizens' jury did not choose its theme.")
)

// agenda adds the jury's decision; it reports whether the issue's theme
// was chosen (the road goes on).
func (b *builder) agenda(j jury.Settings) bool {
	a := &b.t.Agenda
	var on = -1 // the issue's theme's index on the shortlist
	if sl := j.Shortlist; sl != nil {
		for i, th := range sl.Themes { // the theme the jury saw it in, even if it moved since
			if slices.Contains(th.IssueIDs, b.iss.ID) {
				on = i
			}
		}
		if on < 0 && b.themeID != 0 {
			on = slices.IndexFunc(sl.Themes, func(th jury.Theme) bool { return th.ThemeID == b.themeID })
		}
	}
	if on >= 0 {
		th := j.Shortlist.Themes[on]
		if b.t.Theme == nil || b.t.Theme.ID != th.ThemeID {
			b.t.Theme = &ThemeRef{ID: th.ThemeID, Title: th.Title, URL: "/themes/" + itoa(th.ThemeID)}
		}
		b.themeID = th.ThemeID
		b.add(Step{Key: "shortlist", State: Done, Title: i18n.Mark("On the jury's shortlist"),
			Text: i18n.Mark("Its theme “%s” was among the themes with the most support, which went before the citizens' jury."), Args: []any{th.Title},
			At: at(j.Shortlist.Set), Link: roundPath(b.round(), "/jury")})
	}
	if j.Status != jury.Published {
		a.Reason, a.Generated = reasonNotYet, true
		if b.themeID == 0 {
			b.add(Step{Key: "theme", State: Next, Title: i18n.Mark("Grouped into a theme"), Text: i18n.Mark("Organisers group similar issues into themes before the citizens' jury meets.")})
		}
		b.add(Step{Key: "agenda", State: Next, Title: i18n.Mark("The jury chooses, and says why"),
			Text: i18n.Mark("The jury chooses the themes the assembly will work on, and publishes its reasons, including for the themes it did not choose.")})
		return false
	}
	a.Published, a.URL = at(j.Published), roundPath(b.round(), "/agenda")
	step := Step{Key: "agenda", State: Stopped, Title: i18n.Mark("Not chosen by the citizens' jury"), At: a.Published, Link: a.URL}
	switch {
	case on >= 0 && slices.Contains(j.Winners, on):
		a.Chosen, a.Reason = yes(true), reasonAt(j, on)
		a.Rank = slices.Index(j.Winners, on) + 1
		step.State, step.Title = Done, i18n.Mark("Chosen by the citizens' jury")
		step.Text, step.Args, step.Detail = i18n.Mark("The jury chose its theme for the assembly's agenda (elected %d). The jury's reason:"), []any{a.Rank}, a.Reason
		b.add(step)
		return true
	case on >= 0:
		a.Chosen, a.Reason = yes(false), cmp.Or(reasonAt(j, on), j.Why)
		if a.Reason == "" {
			a.Reason, a.Generated = reasonNoWords, true
		}
	case b.themeID == 0:
		a.Chosen, a.Reason, a.Generated = yes(false), reasonNeverThemed, true
	default:
		a.Chosen, a.Reason, a.Generated = yes(false), reasonNotLeading, true
		b.add(Step{Key: "shortlist", State: Stopped, Title: i18n.Mark("Not on the jury's shortlist"), Text: i18n.Mark("Its theme was not among the leading themes that went before the citizens' jury."),
			At: at(shortlistSet(j)), Link: roundPath(b.round(), "/jury")})
	}
	if a.Generated {
		step.Text = a.Reason
	} else {
		step.Text, step.Detail = i18n.Mark("The jury's reason:"), a.Reason
	}
	b.add(step)
	return false
}

func shortlistSet(j jury.Settings) time.Time {
	if j.Shortlist == nil {
		return time.Time{}
	}
	return j.Shortlist.Set
}

func reasonAt(j jury.Settings, i int) string {
	if i < len(j.Reasons) {
		return j.Reasons[i]
	}
	return ""
}

// evidence adds the theme's evidence pack.
func (b *builder) evidence(ctx context.Context) error {
	next := Step{Key: "evidence", State: Next, Title: i18n.Mark("Evidence"), Text: i18n.Mark("The assembly hears evidence on the theme: documents, witnesses and written submissions.")}
	if b.s.d.Evidence == nil {
		b.add(next)
		return nil
	}
	packs, err := b.s.d.Evidence.Packs(ctx, b.round())
	if err != nil {
		return err
	}
	for _, pk := range packs {
		if pk.ThemeID != b.themeID {
			continue
		}
		p := &Pack{URL: roundPath(b.round(), "/evidence#theme-"+itoa(pk.ThemeID)), Documents: []Document{}}
		var first time.Time
		for _, d := range pk.Documents {
			p.Documents = append(p.Documents, Document{ID: d.ID, Title: d.Title, URL: roundPath(b.round(), "/evidence/documents/"+itoa(d.ID)), EasyRead: d.HasEasyRead(), Added: d.Created.UTC()})
			if first.IsZero() || d.Created.Before(first) {
				first = d.Created
			}
		}
		for _, w := range pk.Witnesses {
			if w.Status == evidence.Approved {
				p.Witnesses++
			}
		}
		p.Submissions = len(pk.Submissions)
		if len(p.Documents) > 0 || p.Witnesses > 0 || p.Submissions > 0 {
			b.t.Evidence = p
			b.add(Step{Key: "evidence", State: Done, Title: i18n.Mark("Evidence published"), Text: i18n.Mark("Evidence on its theme was published for the assembly to learn from."), At: at(first), Link: p.URL})
			return nil
		}
	}
	b.add(next)
	return nil
}

// discussion adds the published key points of the theme's groups.
func (b *builder) discussion(ctx context.Context) error {
	next := Step{Key: "discussion", State: Next, Title: i18n.Mark("Discussed by the assembly"), Text: i18n.Mark("The assembly's members discuss the theme in small groups, with the Board's members, and publish the key points.")}
	if b.s.d.Discussions == nil {
		b.add(next)
		return nil
	}
	groups, err := b.s.d.Discussions.GroupsOf(ctx, b.round())
	if err != nil {
		return err
	}
	var first time.Time
	for _, g := range groups {
		if g.ThemeID != b.themeID {
			continue
		}
		notes, err := b.s.d.Discussions.Notes(ctx, people.Anonymous, g.ID)
		if err != nil {
			return err
		}
		d := Discussion{GroupID: g.ID, Name: g.Name, URL: roundPath(b.round(), "/groups/"+itoa(g.ID)), Points: []KeyPoint{}}
		for _, n := range notes {
			if n.Published.IsZero() {
				continue
			}
			d.Points = append(d.Points, KeyPoint{Text: n.Text, Published: n.Published.UTC()})
			if first.IsZero() || n.Published.Before(first) {
				first = n.Published
			}
		}
		b.t.Discussion = append(b.t.Discussion, d)
	}
	if first.IsZero() {
		b.add(next)
		return nil
	}
	b.add(Step{Key: "discussion", State: Done, Title: i18n.Mark("Discussed by the assembly"), Text: i18n.Mark("The assembly's discussion groups on its theme met and published their key points."), At: at(first), Link: b.t.Discussion[0].URL})
	return nil
}

// recommendations adds the theme's recommendations and the vote.
func (b *builder) recommendations(ctx context.Context) error {
	next := Step{Key: "vote", State: Next, Title: i18n.Mark("The assembly votes"), Text: i18n.Mark("The assembly drafts recommendations on the theme and votes on them by secret ballot.")}
	if b.s.d.Recommendations == nil {
		b.add(next)
		return nil
	}
	r, results, _, err := b.s.d.Recommendations.Results(ctx, b.round())
	switch {
	case apperr.Is(err, apperr.NotFound):
		items, err := b.s.d.Recommendations.Items(ctx, b.round())
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.ThemeID == b.themeID {
				b.t.Recommendations = append(b.t.Recommendations, recommendation(it))
			}
		}
		b.add(next)
		return nil
	case err != nil:
		return err
	}
	b.closed = true
	for _, res := range results {
		if res.Item.ThemeID != b.themeID {
			continue
		}
		rec := recommendation(res.Item)
		rec.Passed, rec.Ballots = yes(res.Passed), res.Ballots
		if res.Item.Kind == recommend.Agreement {
			counts := res.Counts
			rec.Counts = &counts
			if res.Ballots > 0 {
				rec.YesPct = ((counts.Agree+counts.StronglyAgree)*100 + res.Ballots/2) / res.Ballots
			}
		} else if len(res.Winners) > 0 {
			rec.Winner = res.Winners[0]
		}
		if res.Passed {
			b.passed++
		}
		b.t.Recommendations = append(b.t.Recommendations, rec)
	}
	step := Step{Key: "vote", State: Done, Title: i18n.Mark("The assembly voted"), At: at(r.Closed), Link: roundPath(b.round(), "/recommendations")}
	if n := len(b.t.Recommendations); n == 0 {
		step.Text = i18n.Mark("The assembly made no recommendation on its theme.")
	} else {
		step.Text, step.Args = i18n.Mark("The assembly voted on the recommendations on its theme: %d of %d passed."), []any{b.passed, n}
	}
	b.add(step)
	return nil
}

func recommendation(it recommend.Item) Recommendation {
	return Recommendation{ID: it.ID, URL: "/recommendations/" + itoa(it.ID), Kind: string(it.Kind), Text: it.Text(), Commitments: []CommitmentView{}}
}

// responses adds the Board's answers and the commitments, each answer and
// each update a dated step.
func (b *builder) responses(ctx context.Context) error {
	if !b.closed || len(b.t.Recommendations) == 0 {
		return nil
	}
	next := Step{Key: "answer", State: Next, Title: i18n.Mark("The Board answers"), Text: i18n.Mark("The Board answers each recommendation in public: accepted, accepted in part or not accepted, with its reasons and what it will do.")}
	if b.s.d.Responses == nil {
		b.add(next)
		return nil
	}
	answers, err := b.s.d.Responses.Answers(ctx, b.round())
	if err != nil {
		return err
	}
	commitments, err := b.s.d.Responses.Commitments(ctx, b.round())
	if err != nil {
		return err
	}
	index := map[int64]int{}
	for i, r := range b.t.Recommendations {
		index[r.ID] = i
	}
	var steps []Step
	answered := 0
	for _, a := range answers {
		i, ok := index[a.RecommendationID]
		if !ok {
			continue
		}
		rec := &b.t.Recommendations[i]
		rec.Response = &Response{Decision: a.Decision, DecisionLabel: DecisionLabel(a.Decision), Reasons: a.Reasons, ReasonsCy: a.ReasonsCy, AnsweredAt: a.AnsweredAt.UTC(), Late: a.Late}
		answered++
		st := Step{Key: "answer", State: Done, Title: i18n.Mark("The Board answered"), Text: i18n.Mark("The Board answered the recommendation “%s”: %s."),
			Args: []any{excerpt(rec.Text, 120), Msg(DecisionLabel(a.Decision))}, Detail: a.Reasons, DetailCy: a.ReasonsCy, At: at(a.AnsweredAt), Link: rec.URL}
		if a.Late {
			st.Text = i18n.Mark("The Board answered the recommendation “%s”, after its deadline: %s.")
		}
		steps = append(steps, st)
	}
	for _, c := range commitments {
		i, ok := index[c.RecommendationID]
		if !ok {
			continue
		}
		rec := &b.t.Recommendations[i]
		v := CommitmentView{ID: c.ID, Title: c.Title, Owner: c.Owner, Measure: c.Measure, Due: at(c.Due), Status: c.Status,
			StatusLabel: cmp.Or(c.StatusLabel, c.Status), StatusLabelCy: c.StatusLabelCy, Progress: min(max(c.Progress, 0), 100), Updates: []UpdateView{}}
		for _, u := range c.Updates {
			links := u.Links
			if links == nil {
				links = []string{}
			}
			v.Updates = append(v.Updates, UpdateView{At: u.At.UTC(), Status: u.Status, Progress: min(max(u.Progress, 0), 100), Text: u.Text, Links: links})
			steps = append(steps, Step{Key: "update", State: Done, Title: i18n.Mark("Commitment updated"), Text: i18n.Mark("“%s”: %s, %d%% done."),
				Args: []any{c.Title, updateLabel(c, u), min(max(u.Progress, 0), 100)}, Detail: u.Text, At: at(updateAt(u)), Link: rec.URL})
		}
		made := c.Created
		for _, u := range c.Updates { // without it, the date of its first update
			if c.Created.IsZero() && (made.IsZero() || u.At.Before(made)) {
				made = u.At
			}
		}
		st := Step{Key: "commitment", State: Done, Title: i18n.Mark("Commitment made"), Text: i18n.Mark("The Board committed to “%s”, owned by %s."), Args: []any{c.Title, c.Owner}, At: at(made), Link: rec.URL}
		if !c.Due.IsZero() {
			st.Text, st.Args = i18n.Mark("The Board committed to “%s”, owned by %s, due %s."), append(st.Args, c.Due)
		}
		steps = append(steps, st)
		rec.Commitments = append(rec.Commitments, v)
	}
	slices.SortStableFunc(steps, func(x, y Step) int {
		switch {
		case x.At == nil && y.At == nil:
			return 0
		case x.At == nil:
			return 1
		case y.At == nil:
			return -1
		}
		return x.At.Compare(*y.At)
	})
	for _, st := range steps {
		b.add(st)
	}
	if answered < b.passed { // the Board answers at least every recommendation that passed
		b.add(next)
	}
	return nil
}

// finish marks the current step: the newest that happened.
func (b *builder) finish() {
	cur := -1
	for i, s := range b.t.Steps {
		if s.State != Next {
			cur = i
		}
	}
	if cur >= 0 {
		b.t.Steps[cur].Current = true
	}
}

// excerpt cuts s to n runes on one line.
func excerpt(s string, n int) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\r' {
			r[i] = ' '
		}
	}
	if len(r) > n {
		r = append(r[:n-1], '…')
	}
	return string(r)
}

// statusLabel names a status of c: its label when it is c's current one.
func statusLabel(c Commitment, status string) string {
	if status == c.Status && c.StatusLabel != "" {
		return c.StatusLabel
	}
	return status
}

// updateLabel names the status of c's update u, in English and Welsh.
func updateLabel(c Commitment, u Update) Label {
	l := Label{En: cmp.Or(u.StatusLabel, statusLabel(c, u.Status)), Cy: u.StatusLabelCy}
	if l.Cy == "" && u.Status == c.Status {
		l.Cy = c.StatusLabelCy
	}
	return l
}

// updateAt is when an update's step happened: the date it reports on,
// at the time it was recorded when that is the same day, so that steps
// of one day keep their order (an answer in the morning, a commitment
// and an update in the afternoon).
func updateAt(u Update) time.Time {
	if !u.Created.IsZero() && !u.Created.Before(u.At) && u.Created.Before(u.At.Add(24*time.Hour)) {
		return u.Created
	}
	return u.At
}
