package quality

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Rounds reads rounds and their phase history (*cycle.Service).
type Rounds interface {
	Cycle(ctx context.Context, cycleID int64) (cycle.Cycle, error)
	Timeline(ctx context.Context, cycleID int64) ([]cycle.Move, error)
}

// Draw is what the proofs need of a round's selection by lottery.
type Draw struct {
	Drawn      bool     // the panel was drawn
	PublicSeed string   // the public seed the draw used
	Published  []string // the names of the published files (result.json, certificate.json, ...)
	QuotasMet  bool     // the current members meet every quota
}

// Selections reads a round's lottery (adapted from *lottery.Service).
type Selections interface {
	Draw(ctx context.Context, cycleID int64) (Draw, error)
}

// Document is one evidence document, as the proofs see it.
type Document struct {
	ID       int64
	Title    string
	EasyRead bool
}

// Evidence lists a round's evidence documents (adapted from
// *evidence.Service).
type Evidence interface {
	Documents(ctx context.Context, cycleID int64) ([]Document, error)
}

// Published names what an area has published for a round, as its Links
// func does for /cycles.json (*jury.Service, *recommend.Service).
type Published interface {
	Links(ctx context.Context, cycleID int64) (map[string]string, error)
}

// Recommendations reads the recommendations' vote (adapted from
// *recommend.Service): what it published, and the ids of the
// recommendations that passed (counted false before the vote is counted).
type Recommendations interface {
	Published
	Passed(ctx context.Context, cycleID int64) (ids []int64, counted bool, err error)
}

// Answer is the Board's answer to one recommendation, as the proofs see it.
type Answer struct {
	RecommendationID int64
	AnsweredAt       time.Time
	Late             bool
}

// Responses reads the Board's answers (adapted from the response service
// when it is wired): the published deadline (false when none is set) and
// the answers given.
type Responses interface {
	Deadline(ctx context.Context, cycleID int64) (time.Time, bool, error)
	Answers(ctx context.Context, cycleID int64) ([]Answer, error)
}

// Group is one discussion group, as the proofs see it.
type Group struct {
	ID           int64
	Name         string
	Facilitators int // facilitators seated with it
	Notes        int // its published key points
}

// Meetings reads the assembly's sessions and groups (adapted from
// *meeting.Service): how many sessions there were and how many could be
// joined online, and the discussion groups.
type Meetings interface {
	Sessions(ctx context.Context, cycleID int64) (total, online int, err error)
	Groups(ctx context.Context, cycleID int64) ([]Group, error)
}

// Pool reads what became of the recruitment pool's personal data (adapted
// from *recruit.Service): registrations kept (not withdrawn) and how many
// of them were erased.
type Pool interface {
	Erasure(ctx context.Context, cycleID int64) (registered, erased int, err error)
}

// Sources are where the proofs look. Rounds is required; any other may be
// nil (this build or installation does not hold that evidence): its proofs
// are then not yet applicable.
type Sources struct {
	Rounds          Rounds
	Selections      Selections
	Evidence        Evidence
	Jury            Published
	Recommendations Recommendations
	Responses       Responses
	Meetings        Meetings
	Pool            Pool
	// Welsh reports whether the site is available in Welsh (nil: the
	// Welsh catalogue loads without error).
	Welsh func() bool
}

// MinDays is the least time from the start of Learning to the vote on
// recommendations that meets the Time principle: six weeks.
const MinDays = 42

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

func txt(id string, args ...string) Text { return Text{ID: id, Args: args} }

func itoa(n int) string { return strconv.Itoa(n) }

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

func path(cycleID int64, rest string) string {
	return "/cycles/" + strconv.FormatInt(cycleID, 10) + rest
}

// reached reports whether the round is in phase p or later.
func reached(c cycle.Cycle, p cycle.Phase) bool { return c.Phase.Index() >= p.Index() }

// checker computes one round's proofs.
type checker struct {
	ctx context.Context
	src Sources
	c   cycle.Cycle
	now time.Time
	out []Proof
}

func (k *checker) add(key string, met *bool, detail Text, url string) {
	principle, _, _ := strings.Cut(key, ".")
	k.out = append(k.out, Proof{Key: key, Principle: principle, Met: met, Detail: detail, URL: url})
}

// Check runs every automatic proof of a round, at now, in Principles
// order.
func Check(ctx context.Context, src Sources, cycleID int64, now time.Time) ([]Proof, error) {
	c, err := src.Rounds.Cycle(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	k := &checker{ctx: ctx, src: src, c: c, now: now}
	for _, f := range []func() error{k.accountability, k.transparency, k.representativeness, k.inclusiveness,
		k.information, k.groups, k.time, k.integrity, k.privacy} {
		if err := f(); err != nil {
			return nil, err
		}
	}
	// Stable by principle: each principle's proofs keep the order added.
	out := make([]Proof, 0, len(k.out))
	for _, p := range Principles {
		for _, x := range k.out {
			if x.Principle == p.Key {
				out = append(out, x)
			}
		}
	}
	return out, nil
}

func (k *checker) accountability() error {
	url := path(k.c.ID, "/response")
	const key = "accountability.response_deadline"
	if k.src.Recommendations == nil || k.src.Responses == nil {
		k.add(key, nil, txt(i18n.Mark("The Board's answers are not recorded on the platform yet.")), "")
		return nil
	}
	passed, counted, err := k.src.Recommendations.Passed(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	if !counted {
		k.add(key, nil, txt(i18n.Mark("The recommendations have not been voted on yet.")), url)
		return nil
	}
	if len(passed) == 0 {
		k.add(key, nil, txt(i18n.Mark("No recommendation passed, so there is nothing for the Board to answer.")), url)
		return nil
	}
	deadline, set, err := k.src.Responses.Deadline(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	if !set {
		k.add(key, nil, txt(i18n.Mark("No deadline has been published for the Board's answers yet.")), url)
		return nil
	}
	as, err := k.src.Responses.Answers(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	byRec := map[int64]Answer{}
	for _, a := range as {
		byRec[a.RecommendationID] = a
	}
	onTime, late, open := 0, 0, 0
	for _, id := range passed {
		a, ok := byRec[id]
		switch {
		case !ok && k.now.After(deadline):
			late++
		case !ok:
			open++
		case a.Late || a.AnsweredAt.After(deadline):
			late++
		default:
			onTime++
		}
	}
	n, d := itoa(len(passed)), day(deadline)
	switch {
	case late > 0:
		k.add(key, no(), txt(i18n.Mark("The Board answered %s of the %s passed recommendations by the published deadline of %s; %s were answered late or not at all."), itoa(onTime), n, d, itoa(late)), url)
	case open > 0:
		k.add(key, nil, txt(i18n.Mark("The Board has answered %s of the %s passed recommendations so far; the published deadline is %s."), itoa(onTime), n, d), url)
	default:
		k.add(key, yes(), txt(i18n.Mark("The Board answered all %s passed recommendations by the published deadline of %s."), n, d), url)
	}
	return nil
}

// links returns an area's published links (none when the area is not wired).
func (k *checker) links(p Published) (map[string]string, error) {
	if p == nil {
		return nil, nil
	}
	return p.Links(k.ctx, k.c.ID)
}

func (k *checker) transparency() error {
	jl, err := k.links(k.src.Jury)
	if err != nil {
		return err
	}
	switch {
	case jl["agenda/result.json"] != "":
		k.add("transparency.agenda_count", yes(), txt(i18n.Mark("The citizens' jury's vote on the agenda is published with its ballots and count, so anyone can recount it.")), path(k.c.ID, "/agenda"))
	case reached(k.c, cycle.Selection):
		k.add("transparency.agenda_count", no(), txt(i18n.Mark("The round chose its agenda without publishing the jury's count on the platform.")), path(k.c.ID, "/agenda"))
	default:
		k.add("transparency.agenda_count", nil, txt(i18n.Mark("The citizens' jury has not counted its vote on the agenda yet.")), "")
	}
	if k.src.Selections == nil {
		k.add("transparency.selection_files", nil, txt(i18n.Mark("This installation does not run the lottery.")), "")
	} else {
		d, err := k.src.Selections.Draw(k.ctx, k.c.ID)
		if err != nil {
			return err
		}
		switch {
		case d.Drawn && has(d.Published, "result.json") && has(d.Published, "people.csv") && has(d.Published, "features.csv"):
			k.add("transparency.selection_files", yes(), txt(i18n.Mark("The selection's files are published: the pool without names, the quotas, the lottery and its result.")), path(k.c.ID, "/selection"))
		case reached(k.c, cycle.Learning):
			k.add("transparency.selection_files", no(), txt(i18n.Mark("The assembly began its work without the selection's files published.")), path(k.c.ID, "/selection"))
		default:
			k.add("transparency.selection_files", nil, txt(i18n.Mark("The assembly has not been drawn yet.")), "")
		}
	}
	rl, err := k.links(recLinks(k.src.Recommendations))
	if err != nil {
		return err
	}
	switch {
	case rl["recommendations.json"] != "" && rl["recommendations/ballots.csv"] != "":
		k.add("transparency.recommendation_tallies", yes(), txt(i18n.Mark("The tally of every recommendation and every ballot, without names, are published.")), path(k.c.ID, "/recommendations"))
	case reached(k.c, cycle.Response):
		k.add("transparency.recommendation_tallies", no(), txt(i18n.Mark("The round moved on without the recommendations' tallies and ballots published.")), path(k.c.ID, "/recommendations"))
	default:
		k.add("transparency.recommendation_tallies", nil, txt(i18n.Mark("The members have not voted on the recommendations yet.")), "")
	}
	return nil
}

// recLinks is r as a Published, nil when r is nil (a nil interface, not a
// nil value in one).
func recLinks(r Recommendations) Published {
	if r == nil {
		return nil
	}
	return r
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (k *checker) representativeness() error {
	if k.src.Selections == nil {
		for _, key := range []string{"representativeness.lottery", "representativeness.quotas"} {
			k.add(key, nil, txt(i18n.Mark("This installation does not run the lottery.")), "")
		}
		return nil
	}
	d, err := k.src.Selections.Draw(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	url := path(k.c.ID, "/selection")
	if !d.Drawn {
		if reached(k.c, cycle.Learning) {
			k.add("representativeness.lottery", no(), txt(i18n.Mark("The assembly began its work without being drawn by the platform's published lottery.")), url)
			k.add("representativeness.quotas", no(), txt(i18n.Mark("No quotas were checked: the assembly was not drawn by the platform's lottery.")), url)
		} else {
			k.add("representativeness.lottery", nil, txt(i18n.Mark("The assembly has not been drawn yet.")), "")
			k.add("representativeness.quotas", nil, txt(i18n.Mark("The assembly has not been drawn yet.")), "")
		}
		return nil
	}
	if d.PublicSeed != "" && has(d.Published, "result.json") && has(d.Published, "certificate.json") {
		k.add("representativeness.lottery", yes(), txt(i18n.Mark("The assembly was drawn by the published lottery with the public seed %s; result.json and the lottery's certificate are published, so anyone can repeat the draw."), d.PublicSeed), url+"/result.json")
	} else {
		k.add("representativeness.lottery", no(), txt(i18n.Mark("The assembly was drawn, but the public seed, result.json or the lottery's certificate is not published.")), url)
	}
	if d.QuotasMet {
		k.add("representativeness.quotas", yes(), txt(i18n.Mark("The assembly's current members, replacements included, meet every quota the organisers set.")), url)
	} else {
		k.add("representativeness.quotas", no(), txt(i18n.Mark("The assembly's current members no longer meet every quota the organisers set.")), url)
	}
	return nil
}

func (k *checker) inclusiveness() error {
	welsh := k.src.Welsh
	if welsh == nil {
		welsh = func() bool { return i18n.CatalogueError(i18n.Welsh) == nil }
	}
	if welsh() {
		k.add("inclusiveness.welsh", yes(), txt(i18n.Mark("Every page, form and email of the platform is available in Welsh.")), path(k.c.ID, "/quality?lang=cy"))
	} else {
		k.add("inclusiveness.welsh", no(), txt(i18n.Mark("The Welsh version of the platform could not be loaded.")), "")
	}
	if k.src.Meetings == nil {
		k.add("inclusiveness.online", nil, txt(i18n.Mark("The meetings are not recorded on the platform.")), "")
	} else {
		total, online, err := k.src.Meetings.Sessions(k.ctx, k.c.ID)
		if err != nil {
			return err
		}
		url := path(k.c.ID, "/meetings")
		switch {
		case online > 0:
			k.add("inclusiveness.online", yes(), txt(i18n.Mark("%s of the %s meeting sessions could be joined online, and people online sent questions into the room."), itoa(online), itoa(total)), url)
		case total > 0 && reached(k.c, cycle.Recommendations):
			k.add("inclusiveness.online", no(), txt(i18n.Mark("None of the %s meeting sessions could be joined online."), itoa(total)), url)
		case total > 0:
			k.add("inclusiveness.online", nil, txt(i18n.Mark("None of the %s meeting sessions planned so far can be joined online."), itoa(total)), url)
		case reached(k.c, cycle.Recommendations):
			k.add("inclusiveness.online", no(), txt(i18n.Mark("No meeting session was recorded on the platform.")), url)
		default:
			k.add("inclusiveness.online", nil, txt(i18n.Mark("No meeting session has been planned yet.")), "")
		}
	}
	return k.easyRead("inclusiveness.easy_read")
}

func (k *checker) information() error { return k.easyRead("information.easy_read") }

func (k *checker) easyRead(key string) error {
	if k.src.Evidence == nil {
		k.add(key, nil, txt(i18n.Mark("The evidence is not held on the platform.")), "")
		return nil
	}
	docs, err := k.src.Evidence.Documents(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	url := path(k.c.ID, "/evidence")
	var missing []string
	for _, d := range docs {
		if !d.EasyRead {
			missing = append(missing, d.Title)
		}
	}
	switch {
	case len(docs) == 0 && reached(k.c, cycle.Meetings):
		k.add(key, no(), txt(i18n.Mark("No evidence document was published for the assembly.")), url)
	case len(docs) == 0:
		k.add(key, nil, txt(i18n.Mark("No evidence document has been published yet.")), "")
	case len(missing) == 0:
		k.add(key, yes(), txt(i18n.Mark("Every evidence document (%s in all) has an easy-read version."), itoa(len(docs))), url)
	default:
		k.add(key, no(), txt(i18n.Mark("%s of the %s evidence documents have an easy-read version; without one: %s."), itoa(len(docs)-len(missing)), itoa(len(docs)), strings.Join(missing, "; ")), url)
	}
	return nil
}

func (k *checker) groups() error {
	if k.src.Meetings == nil {
		k.add("group_deliberation.facilitated", nil, txt(i18n.Mark("The meetings are not recorded on the platform.")), "")
		k.add("group_deliberation.key_points", nil, txt(i18n.Mark("The meetings are not recorded on the platform.")), "")
		return nil
	}
	gs, err := k.src.Meetings.Groups(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	url := path(k.c.ID, "/meetings")
	if len(gs) == 0 {
		if reached(k.c, cycle.Recommendations) {
			k.add("group_deliberation.facilitated", no(), txt(i18n.Mark("No discussion group was recorded on the platform.")), url)
			k.add("group_deliberation.key_points", no(), txt(i18n.Mark("No discussion group was recorded on the platform.")), url)
		} else {
			k.add("group_deliberation.facilitated", nil, txt(i18n.Mark("The discussion groups have not been formed yet.")), "")
			k.add("group_deliberation.key_points", nil, txt(i18n.Mark("The discussion groups have not been formed yet.")), "")
		}
		return nil
	}
	facilitated, noted := 0, 0
	for _, g := range gs {
		if g.Facilitators > 0 {
			facilitated++
		}
		if g.Notes > 0 {
			noted++
		}
	}
	n := itoa(len(gs))
	if facilitated == len(gs) {
		k.add("group_deliberation.facilitated", yes(), txt(i18n.Mark("All %s discussion groups met with a facilitator."), n), url)
	} else {
		k.add("group_deliberation.facilitated", no(), txt(i18n.Mark("%s of the %s discussion groups had a facilitator."), itoa(facilitated), n), url)
	}
	switch {
	case noted == len(gs):
		k.add("group_deliberation.key_points", yes(), txt(i18n.Mark("All %s discussion groups have published their key points."), n), url)
	case reached(k.c, cycle.Recommendations):
		k.add("group_deliberation.key_points", no(), txt(i18n.Mark("%s of the %s discussion groups have published their key points."), itoa(noted), n), url)
	default:
		k.add("group_deliberation.key_points", nil, txt(i18n.Mark("%s of the %s discussion groups have published their key points so far."), itoa(noted), n), url)
	}
	return nil
}

func (k *checker) time() error {
	const key = "time.learning_to_vote"
	moves, err := k.src.Rounds.Timeline(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	var learning, vote time.Time
	for _, m := range moves {
		if m.To == cycle.Learning && learning.IsZero() {
			learning = m.At
		}
		if m.To == cycle.Recommendations && !learning.IsZero() && vote.IsZero() {
			vote = m.At
		}
	}
	url := path(k.c.ID, "")
	switch {
	case learning.IsZero():
		k.add(key, nil, txt(i18n.Mark("The assembly has not begun learning yet.")), "")
	case vote.IsZero():
		k.add(key, nil, txt(i18n.Mark("The assembly began learning on %s; the vote on recommendations has not begun."), day(learning)), url)
	default:
		days := int(vote.Sub(learning).Hours() / 24)
		met := no()
		if days >= MinDays {
			met = yes()
		}
		k.add(key, met, txt(i18n.Mark("From the start of Learning (%s) to the start of the vote on recommendations (%s), by the round's phase history: %s days. The least this assessment accepts is %s days (six weeks)."),
			day(learning), day(vote), itoa(days), itoa(MinDays)), url)
	}
	return nil
}

// secretBallot is shared by integrity and privacy: both votes were taken
// by the platform's secret ballot and published without names.
func (k *checker) secretBallot(key string) error {
	jl, err := k.links(k.src.Jury)
	if err != nil {
		return err
	}
	rl, err := k.links(recLinks(k.src.Recommendations))
	if err != nil {
		return err
	}
	jury, members := jl["agenda/ballots.blt"] != "", rl["recommendations/ballots.csv"] != ""
	url := path(k.c.ID, "/recommendations")
	switch {
	case jury && members:
		k.add(key, yes(), txt(i18n.Mark("The jury's vote on the agenda and the members' vote on the recommendations were held by the platform's secret ballot: who voted is stored apart from what was voted, with nothing joining them, and the ballots are published without names.")), url)
	case (!jury && reached(k.c, cycle.Selection)) || (!members && reached(k.c, cycle.Response)):
		k.add(key, no(), txt(i18n.Mark("A vote of the round was not held by the platform's secret ballot, or its ballots are not published.")), url)
	case jury:
		k.add(key, nil, txt(i18n.Mark("The jury's vote on the agenda was held by the platform's secret ballot; the members have not voted on recommendations yet.")), path(k.c.ID, "/agenda"))
	default:
		k.add(key, nil, txt(i18n.Mark("No vote of the round has been held yet.")), "")
	}
	return nil
}

func (k *checker) integrity() error { return k.secretBallot("integrity.secret_ballot") }

func (k *checker) privacy() error {
	if err := k.secretBallot("privacy.secret_ballot"); err != nil {
		return err
	}
	const key = "privacy.pool_erased"
	if k.src.Pool == nil {
		k.add(key, nil, txt(i18n.Mark("The recruitment pool is not held on the platform.")), "")
		return nil
	}
	reg, erased, err := k.src.Pool.Erasure(k.ctx, k.c.ID)
	if err != nil {
		return err
	}
	url := "/privacy"
	switch {
	case reg == 0:
		k.add(key, nil, txt(i18n.Mark("No one registered for the assembly through the platform.")), "")
	case erased == reg:
		k.add(key, yes(), txt(i18n.Mark("The personal details of all %s people who registered have been erased, as their consent promised; only their answers, which point at no one, are kept."), itoa(reg)), url)
	case k.c.Phase == cycle.FollowUp:
		k.add(key, no(), txt(i18n.Mark("The consent promised to erase the details of the people who registered when the assembly ended; %s of %s are erased."), itoa(erased), itoa(reg)), url)
	default:
		k.add(key, nil, txt(i18n.Mark("The details of the %s people who registered are kept sealed (encrypted) until the assembly ends, as their consent says."), itoa(reg)), url)
	}
	return nil
}
