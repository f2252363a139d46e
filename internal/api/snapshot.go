package api

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Exports are served from a snapshot held in memory, not read from the
// database per request: four clients pulling a full export in a loop used
// to take most of the server from the people supporting issues. A snapshot
// is built by one goroutine at a time, detached from the requests that
// wait for it. With Deps.Version (the newest audit entry's id, one indexed
// read per request) a snapshot serves until the data changes; after a
// change the next request rebuilds it, unless the last build is younger
// than minGap (then the previous snapshot is served, at most minGap
// behind). minGap grows with the time a build takes, so that however many
// clients pull exports while people take part, building snapshots takes at
// most about a fifth of one core. Each body is kept plain and gzipped, with
// a strong ETag and a Last-Modified that only moves when the content
// changes, so conditional requests are answered 304 at no cost.

// DefaultMaxAge is how long a snapshot serves before it is rebuilt when
// there is no Version to tell whether the data changed.
const DefaultMaxAge = time.Second

// Rebuild pacing with a Version: a changed snapshot is rebuilt no sooner
// than minGap after the last build, minGap being at least minRebuildGap and
// at least rebuildFactor times the last build's duration; an unchanged one
// is still rebuilt after maxUnchanged (PostgreSQL may commit audit ids out
// of order, so a late commit can leave the newest id unchanged).
const (
	minRebuildGap = 100 * time.Millisecond
	rebuildFactor = 4
	maxUnchanged  = 30 * time.Second
)

// buildTimeout bounds one build, whoever waits for it.
const buildTimeout = 2 * time.Minute

// body is one export as served: its bytes, gzipped bytes and validators.
type body struct {
	plain, gz []byte
	etag      string
	modified  time.Time
}

func newBody(b []byte, built time.Time, prev *body) *body {
	h := fnv.New64a()
	h.Write(b)
	out := &body{plain: b, etag: fmt.Sprintf(`"%x"`, h.Sum64()), modified: built.Truncate(time.Second)}
	if prev != nil && prev.etag == out.etag {
		out.modified, out.gz = prev.modified, prev.gz
		return out
	}
	var zb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zb, gzip.BestSpeed)
	zw.Write(b)
	zw.Close()
	out.gz = zb.Bytes()
	return out
}

// snapshot is every export at one moment.
type snapshot struct {
	built   time.Time
	took    time.Duration // how long the build took
	version int64         // Deps.Version before the build
	items   [][]byte      // each public issue's JSON, in export order (slices of json.plain)
	rounds  []int64       // each item's round
	header  []byte        // issues.csv's first line, after the byte-order mark
	rows    [][]byte      // each public issue's CSV row, in export order (slices of csv.plain)
	json    *body         // issues.json: every item
	csv     *body         // issues.csv
	themes  *body         // themes.json
}

// snapshots holds the current snapshot and builds the next one.
type snapshots struct {
	h      *Handler
	maxAge time.Duration

	mu       sync.Mutex
	cur      *snapshot
	building chan struct{} // closed when the build in flight ends; nil when none
	err      error         // of the last build
}

// wait says how a request that read the data's version (ok false:
// unknown) may be answered from cur: serve it (0, true), or wait d and
// look again because the data changed and the last build was too recent
// to build again (d > 0), or build (0, false). A request is never answered
// from a snapshot older than its own reading of the version, so what a
// person just wrote is in the export they fetch next; builds are paced.
func (s *snapshots) wait(cur *snapshot, now time.Time, version int64, ok bool) (time.Duration, bool) {
	age := now.Sub(cur.built)
	if !ok {
		return 0, age < s.maxAge
	}
	if version <= cur.version {
		return 0, age < maxUnchanged
	}
	if gap := max(minRebuildGap, rebuildFactor*cur.took); age < gap {
		return gap - age, false
	}
	return 0, false
}

// get returns a snapshot fresh enough to serve, building one if needed;
// requests that arrive during a build wait for it (or their own end).
func (s *snapshots) get(ctx context.Context) (*snapshot, error) {
	var version int64
	known := false
	if s.h.d.Version != nil {
		v, err := s.h.d.Version(ctx)
		if err != nil {
			return nil, err
		}
		version, known = v, true
	}
	for {
		s.mu.Lock()
		if cur := s.cur; cur != nil && s.building == nil {
			d, serve := s.wait(cur, s.h.env.Now(), version, known)
			if serve {
				s.mu.Unlock()
				return cur, nil
			}
			if d > 0 {
				s.mu.Unlock()
				t := time.NewTimer(d)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					return nil, ctx.Err()
				}
				continue
			}
		}
		wait := s.building
		if wait == nil {
			wait = make(chan struct{})
			s.building = wait
			go s.build(wait, version)
		}
		s.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		s.mu.Lock()
		cur, err := s.cur, s.err
		s.mu.Unlock()
		if err != nil {
			return nil, err
		}
		if !known || cur.version >= version {
			return cur, nil
		}
		// The build that ended had started before this request's reading:
		// look again.
	}
}

// build makes a new snapshot of the data at version (read before it
// starts) and closes done.
func (s *snapshots) build(done chan struct{}, version int64) {
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	s.mu.Lock()
	prev := s.cur
	s.mu.Unlock()
	next, err := s.h.snapshot(ctx, prev)
	s.mu.Lock()
	if err == nil {
		next.version = version
		next.took = s.h.env.Now().Sub(next.built)
		s.cur = next
	} else {
		s.h.env.Log.Error("exports: building the snapshot", "err", err)
	}
	s.err = err
	s.building = nil
	s.mu.Unlock()
	close(done)
}

// snapshot reads every public issue and theme and renders the exports.
func (h *Handler) snapshot(ctx context.Context, prev *snapshot) (*snapshot, error) {
	built := h.env.Now()
	themes, err := h.d.Themes.Themes(ctx, 0)
	if err != nil {
		return nil, err
	}
	themeName := make(map[int64]string, len(themes))
	for _, t := range themes {
		themeName[t.ID] = t.Name
	}
	pub := h.publicThemes(themes)
	s := &snapshot{built: built}
	var jb, cb bytes.Buffer
	cb.WriteString("\ufeff") // UTF-8 byte-order mark: spreadsheet programs then read £ and accents right
	cw := csv.NewWriter(&cb)
	cw.Write([]string{"id", "url", "title", "description", "tags", "author", "organisation", "status", "supports", "comments", "theme_id", "theme", "created", "updated", "cycle_id"})
	cw.Flush()
	head := cb.Len()
	jb.WriteString("[\n")
	var spans, rowSpans [][2]int // where each issue's JSON is in jb and its row in cb (which move as they grow)
	err = h.eachPublicIssue(ctx, func(iss gather.Issue) error {
		p := h.public(iss)
		item, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if len(spans) > 0 {
			jb.WriteString(",\n")
		}
		spans = append(spans, [2]int{jb.Len(), jb.Len() + len(item)})
		jb.Write(item)
		s.rounds = append(s.rounds, p.CycleID)
		from := cb.Len()
		defer func() {
			cw.Flush()
			rowSpans = append(rowSpans, [2]int{from, cb.Len()})
		}()
		return cw.Write([]string{
			strconv.FormatInt(p.ID, 10), p.URL, csvSafe(p.Title), csvSafe(p.Description), csvSafe(strings.Join(p.Tags, ";")),
			csvSafe(p.Author), csvSafe(p.Organisation), p.Status, strconv.Itoa(p.Supports), strconv.Itoa(p.Comments),
			strconv.FormatInt(p.ThemeID, 10), csvSafe(themeName[p.ThemeID]), p.Created.Format(time.RFC3339), p.Updated.Format(time.RFC3339),
			strconv.FormatInt(p.CycleID, 10),
		})
	})
	if err != nil {
		return nil, err
	}
	jb.WriteString("\n]\n")
	if cw.Flush(); cw.Error() != nil {
		return nil, cw.Error()
	}
	tb, err := json.MarshalIndent(pub, "", "  ")
	if err != nil {
		return nil, err
	}
	var pj, pc, pt *body
	if prev != nil {
		pj, pc, pt = prev.json, prev.csv, prev.themes
	}
	s.json, s.csv, s.themes = newBody(jb.Bytes(), built, pj), newBody(cb.Bytes(), built, pc), newBody(append(tb, '\n'), built, pt)
	s.items = make([][]byte, len(spans))
	for i, sp := range spans {
		s.items[i] = s.json.plain[sp[0]:sp[1]:sp[1]]
	}
	s.header = s.csv.plain[len("\ufeff"):head:head]
	s.rows = make([][]byte, len(rowSpans))
	for i, sp := range rowSpans {
		s.rows[i] = s.csv.plain[sp[0]:sp[1]:sp[1]]
	}
	return s, nil
}

// serveBody answers with b: 304 when the client has it (If-None-Match,
// If-Modified-Since), gzipped when the client accepts it.
func serveBody(w http.ResponseWriter, r *http.Request, b *body, ctype string) {
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Cache-Control", "public, max-age=1")
	hd.Add("Vary", "Accept-Encoding")
	data, etag := b.plain, b.etag
	if b.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		data, etag = b.gz, strings.TrimSuffix(b.etag, `"`)+`-gz"`
		hd.Set("Content-Encoding", "gzip")
	}
	hd.Set("ETag", etag)
	http.ServeContent(w, r, "", b.modified, bytes.NewReader(data))
}

// export checks the client's export limit and returns the snapshot.
func (h *Handler) export(r *http.Request) (*snapshot, error) {
	if lim := h.env.Limits.Export; lim != nil && !lim.Allow("export:"+kit.ClientIP(r)) {
		return nil, apperr.New(apperr.RateLimited, "Too many downloads from your address. Wait a minute, then try again.")
	}
	return h.snaps.get(r.Context())
}

// Paging of /issues.json: ?page=N (from 1) and ?per_page=M.
const (
	defaultPerPage = 100
	maxPerPage     = 1000
)

// issuesJSON: GET /issues.json, public. A JSON array of every public issue,
// open ones first, newest first; with ?page= (and ?per_page=), one page of
// it, with a Link header to the next page and X-Total-Count.
func (h *Handler) issuesJSON(w http.ResponseWriter, r *http.Request) error {
	s, err := h.export(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("page") == "" && q.Get("per_page") == "" {
		serveBody(w, r, s.json, "application/json; charset=utf-8")
		return nil
	}
	page, err1 := strconv.Atoi(cmp.Or(q.Get("page"), "1"))
	per, err2 := strconv.Atoi(cmp.Or(q.Get("per_page"), strconv.Itoa(defaultPerPage)))
	if err1 != nil || err2 != nil || page < 1 || per < 1 || per > maxPerPage {
		return apperr.New(apperr.Invalid, "page must be a whole number from 1, and per_page from 1 to 1000.")
	}
	from := min((page-1)*per, len(s.items))
	to := min(from+per, len(s.items))
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, item := range s.items[from:to] {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.Write(item)
	}
	b.WriteString("\n]\n")
	w.Header().Set("X-Total-Count", strconv.Itoa(len(s.items)))
	if to < len(s.items) {
		w.Header().Set("Link", fmt.Sprintf(`<%s/issues.json?page=%d&per_page=%d>; rel="next"`, h.d.BaseURL, page+1, per))
	}
	h64 := fnv.New64a()
	h64.Write(b.Bytes())
	// Not gzipped here: the shell's gzip middleware compresses a page if asked.
	serveBody(w, r, &body{plain: b.Bytes(), etag: fmt.Sprintf(`"%x"`, h64.Sum64()), modified: s.json.modified}, "application/json; charset=utf-8")
	return nil
}

// issuesCSV: GET /issues.csv, public. One row per public issue, with its
// theme's name; a byte-order mark first, formulas defused.
func (h *Handler) issuesCSV(w http.ResponseWriter, r *http.Request) error {
	s, err := h.export(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="issues.csv"`)
	serveBody(w, r, s.csv, "text/csv; charset=utf-8")
	return nil
}

// themesJSON: GET /themes.json, public. Every theme, most distinct
// supporters first.
func (h *Handler) themesJSON(w http.ResponseWriter, r *http.Request) error {
	s, err := h.export(r)
	if err != nil {
		return err
	}
	serveBody(w, r, s.themes, "application/json; charset=utf-8")
	return nil
}

// publicThemes ranks each round's themes and marks its shortlist by the
// round's rule, keeping the rounds in the order they first appear.
func (h *Handler) publicThemes(themes []gather.Theme) []PublicTheme {
	var rounds []int64
	byRound := map[int64][]gather.Theme{}
	for _, t := range themes {
		if _, ok := byRound[t.CycleID]; !ok {
			rounds = append(rounds, t.CycleID)
		}
		byRound[t.CycleID] = append(byRound[t.CycleID], t)
	}
	out := make([]PublicTheme, 0, len(themes))
	for _, c := range rounds {
		ranked, rule := gather.Shortlist(byRound[c], h.d.Themes.ShortlistSize())
		for i, t := range ranked {
			out = append(out, PublicTheme{ID: t.ID, URL: h.d.BaseURL + "/themes/" + strconv.FormatInt(t.ID, 10), CycleID: t.CycleID,
				Name: t.Name, Description: t.Description, Issues: t.Issues, Supporters: t.Supporters, Supports: t.Supports,
				Rank: i + 1, Shortlisted: t.Shortlisted, ShortlistRule: rule.Text(), Created: t.Created.UTC(), Updated: t.Updated.UTC()})
		}
	}
	return out
}
