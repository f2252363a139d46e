package lottery

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/selection"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// KindRun is the job kind that runs a round's selection (the lottery) or
// its draw; its payload is a JobPayload in JSON.
const KindRun = "selection.run"

// JobPayload is a selection job's payload.
type JobPayload struct {
	CycleID int64 `json:"cycle"`
	Run     int   `json:"run"`
	Draw    bool  `json:"draw"`
}

// errNotYet: the job came before the change that enqueued it was saved.
var errNotYet = errors.New("lottery: the selection is not saved yet; trying again")

// ProgressEvery is the longest interval between two progress reports of
// a running job.
const ProgressEvery = time.Second

// HandleJobs registers the selection job on q. A run is tried once: a
// failure is recorded on the selection (the organiser starts it again).
func (s *Service) HandleJobs(q *jobs.Queue) {
	q.Handle(KindRun, func(ctx context.Context, t *jobs.Task) error {
		var p JobPayload
		if err := json.Unmarshal(t.Payload, &p); err != nil {
			return jobs.Permanent(fmt.Errorf("lottery: unreadable payload: %w", err))
		}
		return s.Execute(ctx, p, func(pr Progress) {
			t.Progress(int64(pr.Seconds), 0, fmt.Sprintf("%s round %d, %d panels", pr.Phase, pr.Round, pr.Panels))
		})
	}, jobs.HandlerOptions{MaxAttempts: 6, Timeout: 2 * time.Hour, Backoff: jobs.Backoff{Base: 200 * time.Millisecond, Cap: 5 * time.Second}})
}

// Start freezes the round's pool and quotas (features.csv, people.csv)
// and starts the selection job: the lottery of Tickets panels with a
// fresh seed (organisers, in the selection phase, before the
// announcement). It returns the selection as Running.
func (s *Service) Start(ctx context.Context, actor people.User, cycleID int64) (Selection, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return Selection{}, err
	}
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return sel, err
	}
	if len(sel.Quotas) == 0 {
		return sel, apperr.New(apperr.Conflict, "Save the quotas first.")
	}
	if sel.State != Draft && sel.State != Ready && sel.State != Failed {
		return sel, apperr.New(apperr.Conflict, "The selection cannot be run again now.")
	}
	if s.queue == nil {
		return sel, apperr.New(apperr.Unavailable, "Background jobs are not available on this server.")
	}
	pool, err := s.pool(ctx, actor, cycleID)
	if err != nil {
		return sel, err
	}
	if err := CheckQuotas(pool, sel.PanelSize, sel.Quotas); err != nil {
		return sel, err
	}
	fb, pb, err := Snapshot(pool, sel.Quotas)
	if err != nil {
		return sel, err
	}
	from := sel.State
	sel.Run++
	sel.Seed = s.cfg.NewSeed()
	if sel.Tickets <= 0 {
		sel.Tickets = s.cfg.Tickets
	}
	if sel.Algorithm == "" {
		sel.Algorithm = string(sortition.Leximin)
	}
	sel.State, sel.ListHash, sel.Error, sel.Updated = Running, "", "", s.now()
	payload, _ := json.Marshal(JobPayload{CycleID: cycleID, Run: sel.Run})
	if sel.JobID, err = s.queue.Enqueue(ctx, jobs.Request{Kind: KindRun, Key: jobKey(cycleID, sel.Run, false), Payload: payload}); err != nil {
		return sel, err
	}
	ev := s.event(actor, "selection.run", cycleID, map[string]string{"run": strconv.Itoa(sel.Run), "pool": strconv.Itoa(len(pool.Members)),
		"panel_size": strconv.Itoa(sel.PanelSize), "tickets": strconv.Itoa(sel.Tickets), "algorithm": sel.Algorithm, "seed": sel.Seed, "job": strconv.FormatInt(sel.JobID, 10)})
	err = s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{from}, Event: ev,
		Files: []File{{FeaturesFile, fb}, {PeopleFile, pb}}})
	if err != nil {
		return sel, notNow(err)
	}
	s.changed(ctx, cycleID)
	return sel, nil
}

func jobKey(cycleID int64, run int, draw bool) string {
	k := fmt.Sprintf("selection:%d:%d", cycleID, run)
	if draw {
		k += ":draw"
	}
	return k
}

// newSeed is a random seed for a run: published with the ticket list, so
// that anyone can recompute the list.
func newSeed() string {
	var b [8]byte
	crand.Read(b[:])
	return strconv.FormatUint(binary.LittleEndian.Uint64(b[:])>>1, 10)
}

// Execute is the selection job: it runs the engine on the frozen files
// exactly as `folkmoot select` does (in lottery mode; with the public
// seed for a draw), reports progress at least every ProgressEvery, and
// records the outcome. A job whose run is no longer the selection's
// current one does nothing.
func (s *Service) Execute(ctx context.Context, p JobPayload, report func(Progress)) error {
	sel, err := s.store.Selection(ctx, p.CycleID)
	if err != nil {
		return err
	}
	want := Running
	if p.Draw {
		want = Drawing
	}
	if p.Run > sel.Run || p.Draw && sel.Run == p.Run && sel.State == Announced {
		// Start and Draw enqueue before they save: a worker that is
		// quicker than the save tries again shortly.
		return errNotYet
	}
	if sel.State != want || sel.Run != p.Run {
		return nil
	}
	fb, err := s.store.SelectionFile(ctx, p.CycleID, FeaturesFile)
	if err != nil {
		return err
	}
	pb, err := s.store.SelectionFile(ctx, p.CycleID, PeopleFile)
	if err != nil {
		return err
	}
	in, err := input(fb, pb)
	if err != nil {
		return s.failed(ctx, sel, p, err)
	}
	opt := Options(sel)
	if !p.Draw {
		opt.PublicSeed = ""
	}
	o, err := s.run(ctx, sel, in, opt, report)
	if err != nil {
		return s.failed(ctx, sel, p, err)
	}
	return s.record(ctx, sel, p, o)
}

func (s *Service) record(ctx context.Context, sel Selection, p JobPayload, o *selection.Outcome) error {
	if p.Draw {
		return s.drawn(ctx, sel, o)
	}
	return s.ran(ctx, sel, o)
}

// Compute runs the engine on a round's frozen files with its options and
// the public seed given, as `folkmoot select` would: the lottery it gives
// is the one a run without the public seed gives, so that one outcome can
// be recorded as both the run and the draw (Record). For seeding a past
// round, where the public seed is known from the start.
func (s *Service) Compute(ctx context.Context, cycleID int64, publicSeed string) (*selection.Outcome, error) {
	sel, err := s.store.Selection(ctx, cycleID)
	if err != nil {
		return nil, err
	}
	fb, err := s.store.SelectionFile(ctx, cycleID, FeaturesFile)
	if err != nil {
		return nil, err
	}
	pb, err := s.store.SelectionFile(ctx, cycleID, PeopleFile)
	if err != nil {
		return nil, err
	}
	in, err := input(fb, pb)
	if err != nil {
		return nil, err
	}
	opt := Options(sel)
	opt.PublicSeed = publicSeed
	return selection.Run(ctx, in, opt, nil)
}

// Record records o (from Compute) as the job p would: the run or the
// draw of the selection's current run.
func (s *Service) Record(ctx context.Context, p JobPayload, o *selection.Outcome) error {
	sel, err := s.store.Selection(ctx, p.CycleID)
	if err != nil {
		return err
	}
	if want := map[bool]State{false: Running, true: Drawing}[p.Draw]; sel.State != want || sel.Run != p.Run {
		return apperr.New(apperr.Conflict, "The selection is not waiting for this job.")
	}
	if p.Draw && o.PublicSeed != sel.PublicSeed {
		return apperr.New(apperr.Conflict, "The outcome was drawn with another public seed.")
	}
	return s.record(ctx, sel, p, o)
}

// ReservesPer is the length of the ordered reserve list, per seat: long
// enough that a decliner can usually be replaced by someone who keeps
// every quota met.
const ReservesPer = 3

// Options are the engine's options for sel, as the CLI's flags (Command)
// give them.
func Options(sel Selection) selection.Options {
	return selection.Options{Algorithm: sortition.Algorithm(sel.Algorithm), PanelSize: sel.PanelSize, Seed: sel.Seed,
		Lottery: sel.Tickets, PublicSeed: sel.PublicSeed, Reserves: ReservesPer * sel.PanelSize}
}

// run runs the engine, reporting progress: the engine's own (at most one
// report a quarter-second) and a tick every ProgressEvery, so that a page
// hears from a long solve.
func (s *Service) run(ctx context.Context, sel Selection, in *selection.Input, opt selection.Options, report func(Progress)) (*selection.Outcome, error) {
	start := time.Now()
	var mu sync.Mutex
	last := Progress{State: sel.State, Phase: "starting"}
	var lastSent time.Time
	send := func(force bool) {
		mu.Lock()
		p := last
		p.Seconds = time.Since(start).Seconds()
		if !force && time.Since(lastSent) < 250*time.Millisecond {
			mu.Unlock()
			return
		}
		lastSent = time.Now()
		mu.Unlock()
		if report != nil {
			report(p)
		}
		if s.cfg.Progress != nil {
			s.cfg.Progress(ctx, sel.CycleID, p)
		}
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				send(true)
			}
		}
	}()
	send(true)
	return selection.Run(ctx, in, opt, func(pr selection.Progress) {
		mu.Lock()
		last.Phase, last.Round, last.Panels = pr.Phase, pr.Round, pr.Columns
		mu.Unlock()
		send(false)
	})
}

// failed records a failed run or draw in words the organiser can act on.
func (s *Service) failed(ctx context.Context, sel Selection, p JobPayload, err error) error {
	msg := "The selection could not be computed. Try again; if it fails again, tell the site's administrators."
	var inf *sortition.InfeasibleError
	if errors.As(err, &inf) {
		msg = "No panel can meet these quotas. Check feasibility to see which quotas to change."
	} else if apperr.Is(err, apperr.Invalid) {
		msg = "The pool or the quotas cannot be used: " + apperr.Message(err)
	}
	from := sel.State
	sel.State, sel.Error, sel.Updated = Failed, msg, s.now()
	if p.Draw {
		sel.State, sel.PublicSeed = Announced, "" // the announcement stands; the draw can be tried again
	}
	ev := s.event(people.System, "selection.failed", sel.CycleID, map[string]string{"run": strconv.Itoa(sel.Run), "draw": strconv.FormatBool(p.Draw), "error": cut(err.Error(), 300)})
	if serr := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{from}, Event: ev}); serr != nil && !apperr.Is(serr, apperr.Conflict) {
		return serr
	}
	s.changed(ctx, sel.CycleID)
	s.cfg.Log.Warn("selection failed", "cycle", sel.CycleID, "run", sel.Run, "draw", p.Draw, "err", err)
	return nil
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// reportFiles are the outputs of a run kept for the report and, once
// announced, published.
var reportFiles = []string{"lottery.csv", "lottery.sha256", "distribution.csv", "certificate.json", "probabilities.csv", "chart.svg", "quotas.csv"}

// ran records a computed lottery.
func (s *Service) ran(ctx context.Context, sel Selection, o *selection.Outcome) error {
	files, err := outcomeFiles(o)
	if err != nil {
		return err
	}
	sel.State, sel.ListHash, sel.Updated = Ready, o.ListHash, s.now()
	ev := s.event(people.System, "selection.ran", sel.CycleID, map[string]string{"run": strconv.Itoa(sel.Run), "lottery_hash": o.ListHash,
		"tickets": strconv.Itoa(sel.Tickets), "min_probability": strconv.FormatFloat(o.Min, 'f', 6, 64), "seconds": strconv.FormatFloat(o.Elapsed.Seconds(), 'f', 1, 64)})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Running}, Files: files, Event: ev}); err != nil && !apperr.Is(err, apperr.Conflict) {
		return err
	}
	s.changed(ctx, sel.CycleID)
	return nil
}

func outcomeFiles(o *selection.Outcome) ([]File, error) {
	all, err := o.Files()
	if err != nil {
		return nil, err
	}
	var files []File
	for _, f := range all {
		for _, n := range reportFiles {
			if f.Name == n {
				files = append(files, File{f.Name, f.Data})
			}
		}
	}
	return files, nil
}

// drawn records the draw: the ticket's panel and the reserves.
func (s *Service) drawn(ctx context.Context, sel Selection, o *selection.Outcome) error {
	if o.ListHash != sel.ListHash {
		return s.failed(ctx, sel, JobPayload{CycleID: sel.CycleID, Run: sel.Run, Draw: true},
			fmt.Errorf("the repeated run gave the ticket list %s, not the announced %s", o.ListHash, sel.ListHash))
	}
	sel.State, sel.Ticket, sel.Updated = Drawn, o.Ticket, s.now()
	sel.Selected, sel.Reserves, sel.DrawnAt = o.IDs(o.Selected), o.IDs(o.Reserves), sel.Updated
	var ms []Member
	for i, id := range sel.Selected {
		ms = append(ms, Member{CycleID: sel.CycleID, ID: id, Position: i + 1, Status: MemberDrawn, Updated: sel.Updated})
	}
	files, err := outcomeFiles(o)
	if err != nil {
		return err
	}
	ev := s.event(people.System, "selection.drawn", sel.CycleID, map[string]string{"public_seed": sel.PublicSeed, "ticket": strconv.Itoa(o.Ticket),
		"lottery_hash": o.ListHash, "selected": strings.Join(sel.Selected, " ")})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Drawing}, Files: files, Members: ms, Event: ev}); err != nil && !apperr.Is(err, apperr.Conflict) {
		return err
	}
	s.changed(ctx, sel.CycleID)
	return nil
}

// Announce publishes the ticket list's hash, the number of tickets and
// the public random source (in words: which public draw, on which date,
// gives the seed). From then on the run cannot change.
func (s *Service) Announce(ctx context.Context, actor people.User, cycleID int64, source string) (Selection, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return Selection{}, err
	}
	source = strings.TrimSpace(source)
	switch n := utf8.RuneCountInString(source); {
	case n < 10:
		return Selection{}, apperr.Field("source", "Describe the public random source: which public draw, on which date, gives the seed")
	case n > 500:
		return Selection{}, apperr.Field("source", "Describe the public random source in 500 characters or fewer")
	}
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return sel, err
	}
	if sel.State != Ready {
		return sel, apperr.New(apperr.Conflict, "Only a computed lottery can be announced.")
	}
	sel.State, sel.Source, sel.AnnouncedAt, sel.Updated = Announced, source, s.now(), s.now()
	ev := s.event(actor, "selection.announce", cycleID, map[string]string{"lottery_hash": sel.ListHash, "tickets": strconv.Itoa(sel.Tickets),
		"seed": sel.Seed, "source": source})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Ready}, Event: ev}); err != nil {
		return sel, notNow(err)
	}
	s.changed(ctx, cycleID)
	return sel, nil
}

// Draw starts the draw with the public seed, once known: a job repeats
// the announced run with it, as `folkmoot select --public-seed` does, and
// records the ticket, the panel and the reserves. Only after the
// announcement.
func (s *Service) Draw(ctx context.Context, actor people.User, cycleID int64, publicSeed string) (Selection, error) {
	if _, err := s.organise(ctx, actor, cycleID); err != nil {
		return Selection{}, err
	}
	publicSeed = strings.TrimSpace(publicSeed)
	switch {
	case publicSeed == "":
		return Selection{}, apperr.Field("public_seed", "Enter the public seed, exactly as it was published")
	case utf8.RuneCountInString(publicSeed) > 200 || strings.ContainsAny(publicSeed, "\r\n"):
		return Selection{}, apperr.Field("public_seed", "Enter the public seed on one line of 200 characters or fewer")
	}
	sel, err := s.Get(ctx, cycleID)
	if err != nil {
		return sel, err
	}
	if sel.State != Announced {
		return sel, apperr.New(apperr.Conflict, "The draw can happen only once the lottery has been announced, and only once.")
	}
	if s.queue == nil {
		return sel, apperr.New(apperr.Unavailable, "Background jobs are not available on this server.")
	}
	sel.State, sel.PublicSeed, sel.Error, sel.Updated = Drawing, publicSeed, "", s.now()
	payload, _ := json.Marshal(JobPayload{CycleID: cycleID, Run: sel.Run, Draw: true})
	if sel.JobID, err = s.queue.Enqueue(ctx, jobs.Request{Kind: KindRun, Key: jobKey(cycleID, sel.Run, true) + ":" + strconv.FormatInt(sel.Updated.UnixMicro(), 10), Payload: payload}); err != nil {
		return sel, err
	}
	ev := s.event(actor, "selection.draw", cycleID, map[string]string{"public_seed": publicSeed, "lottery_hash": sel.ListHash,
		"job": strconv.FormatInt(sel.JobID, 10)})
	if err := s.store.SaveSelection(ctx, Change{Selection: sel, From: []State{Announced}, Event: ev}); err != nil {
		return sel, notNow(err)
	}
	s.changed(ctx, cycleID)
	return sel, nil
}
