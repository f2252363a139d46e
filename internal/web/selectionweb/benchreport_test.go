//go:build benchreport

package selectionweb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/selection"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/selectionweb"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

var benchReport = flag.String("bench-report", "", "write the selection benchmark section (markdown) to this file (make bench sets it)")

// Bench sizes: issue 13's "a selection of 200 from a pool of 10,000".
const (
	benchPool    = 10000
	benchPanel   = 200
	benchTickets = 1000
)

// TestBenchReport runs a selection of 200 from a pool of 10,000 through
// the web app — the organiser's POST, the durable job queue on SQLite,
// progress on the live broker and on the job row — and then the CLI's
// code path (selection.Run, what `folkmoot select` calls) on the same
// frozen files, and writes the times and the longest gap between two
// progress reports.
func TestBenchReport(t *testing.T) {
	if *benchReport == "" {
		t.Fatal("run with -bench-report=FILE (make bench)")
	}
	var svc *lottery.Service
	var q *jobs.Queue
	var events []time.Time
	var mu sync.Mutex
	ps := pools{demo.GeneratePool(13, "b", benchPool)}
	h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) {
		st := d.Dash.Stats.(storage.Store)
		cs := d.Cycles.Rounds.(*cycle.Service)
		q = jobs.New(st, jobs.Options{Poll: 50 * time.Millisecond})
		svc = lottery.New(st, cs, ps, q, nil, lottery.Config{Tickets: benchTickets,
			Progress: func(ctx context.Context, id int64, p lottery.Progress) {
				mu.Lock()
				events = append(events, time.Now())
				mu.Unlock()
				data, _ := json.Marshal(p)
				d.Live.Publish(ctx, lottery.Topic(id), data)
			}})
		svc.HandleJobs(q)
		d.Selection = selectionweb.Deps{Selection: svc, Rounds: cs, Jobs: q}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	id := h.Cycle.ID
	if _, err := h.Cycles.MovePhase(ctx, people.System, id, cycle.Selection, ""); err != nil {
		t.Fatal(err)
	}
	h.User("org@example.org", people.RoleOrganiser)
	org := h.Client()
	org.SignIn("org@example.org")
	base := "/cycles/" + strconv.FormatInt(id, 10) + "/selection/manage"
	pool, _ := ps.Pool(ctx, people.System, id)
	form := url.Values{"panel_size": {strconv.Itoa(benchPanel)}}
	for _, q := range lottery.SuggestQuotas(pool, benchPanel, lottery.Tolerance) {
		form.Set(lottery.FieldName(q), strconv.Itoa(q.Min))
		form.Set("max-"+q.Category+"-"+q.Value, strconv.Itoa(q.Max))
	}
	if r := org.Post(base+"/quotas", form); r.Code != http.StatusSeeOther {
		t.Fatalf("quotas: %d", r.Code)
	}

	// The web app: from the POST to the job's end; the job row's progress
	// is polled as the page without JavaScript would read it.
	sub := h.Live.Subscribe(lottery.Topic(id))
	defer sub.Close()
	var live []time.Time
	go func() {
		for range sub.C {
			mu.Lock()
			live = append(live, time.Now())
			mu.Unlock()
		}
	}()
	start := time.Now()
	if r := org.Post(base+"/run", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("run: %d", r.Code)
	}
	var rowChanges []time.Time
	lastNote := ""
	var sel lottery.Selection
	for {
		var err error
		if sel, err = svc.Get(ctx, id); err != nil {
			t.Fatal(err)
		}
		if sel.State != lottery.Running {
			break
		}
		if j, err := q.Job(ctx, sel.JobID); err == nil {
			if n := j.Progress.Note + strconv.FormatInt(j.Progress.Done, 10); n != lastNote {
				lastNote = n
				rowChanges = append(rowChanges, time.Now())
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	webTime := time.Since(start)
	if sel.State != lottery.Ready {
		t.Fatalf("the run ended %s: %s", sel.State, sel.Error)
	}
	mu.Lock()
	liveGap := maxGap(start, append(append([]time.Time(nil), live...), start.Add(webTime)))
	eventCount := len(live)
	mu.Unlock()
	rowGap := maxGap(start, append(rowChanges, start.Add(webTime)))

	// The CLI's code path on the same frozen files.
	fb, _ := svc.Report(ctx, people.System, id, "features.csv")
	pb, _ := svc.Report(ctx, people.System, id, "people.csv")
	in, err := selection.ReadInput(bytes.NewReader(fb), bytes.NewReader(pb), selection.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cliStart := time.Now()
	o, err := selection.Run(ctx, in, lottery.Options(sel), nil)
	if err != nil {
		t.Fatal(err)
	}
	cliTime := time.Since(cliStart)
	if o.ListHash != sel.ListHash {
		t.Errorf("the CLI's ticket list %s differs from the web app's %s", o.ListHash, sel.ListHash)
	}
	ratio := webTime.Seconds() / cliTime.Seconds()
	var b bytes.Buffer
	fmt.Fprintf(&b, "## Selection in the web app\n\n")
	fmt.Fprintf(&b, "A selection of %d from a pool of %d registrations (generated with the census shares of internal/demo: %d categories), LEXIMIN, a verifiable lottery of %d tickets: run from the web app (the organiser's POST, the durable job queue on SQLite, progress on the live broker and on the job row), then by the CLI's code path (`selection.Run`, what `folkmoot select` calls) on the same frozen features.csv and people.csv.\n\n",
		benchPanel, benchPool, len(pool.Categories), benchTickets)
	fmt.Fprintf(&b, "| measure | value | target |\n| --- | --- | --- |\n")
	fmt.Fprintf(&b, "| web app, POST to lottery computed | %.1f s | ≤ 2 × CLI |\n", webTime.Seconds())
	fmt.Fprintf(&b, "| CLI code path, same files | %.1f s | |\n", cliTime.Seconds())
	fmt.Fprintf(&b, "| web ÷ CLI | %.2f | ≤ 2 |\n", ratio)
	fmt.Fprintf(&b, "| longest gap between live progress events (page with JavaScript) | %.2f s (%d events) | ≤ 2 s |\n", liveGap.Seconds(), eventCount)
	fmt.Fprintf(&b, "| longest gap between progress changes on the job row (page without JavaScript) | %.2f s | ≤ 2 s |\n", rowGap.Seconds())
	fmt.Fprintf(&b, "| same ticket list hash from both | %v | yes |\n\n", o.ListHash == sel.ListHash)
	fmt.Fprintf(&b, "Reproduce: `make bench-selection-web`, or `go test -tags=coin,benchreport -run '^TestBenchReport$' ./internal/web/selectionweb/ -args -bench-report=docs/bench/selection-web.md` (%s, %d panel profiles, %d types).\n",
		time.Now().UTC().Format("2006-01-02"), o.Panels, o.Stats.Types)
	if err := os.WriteFile(*benchReport, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if liveGap > 2*time.Second || rowGap > 2*time.Second {
		t.Errorf("progress gaps: live %v, job row %v; want ≤ 2 s", liveGap, rowGap)
	}
	if ratio > 2 {
		t.Errorf("the web app took %.2f× the CLI's time; want ≤ 2", ratio)
	}
}

// maxGap is the longest interval between start and the sorted times ts.
func maxGap(start time.Time, ts []time.Time) time.Duration {
	var g time.Duration
	prev := start
	for _, t := range ts {
		g = max(g, t.Sub(prev))
		prev = t
	}
	return g
}
