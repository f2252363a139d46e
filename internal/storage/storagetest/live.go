package storagetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/live"
)

// testLiveEvents checks the live_events table behind live.Table: batches
// keep their order, reads page by id, pruning goes by time, and ids never
// go back, even when every row was pruned (a poller's cursor relies on it).
func testLiveEvents(t *testing.T, e *env) {
	head, err := e.s.LiveEventsHead(e.ctx)
	e.must(err)
	if head != 0 {
		t.Fatalf("head of an empty table = %d", head)
	}
	old := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	e.must(e.s.AppendLiveEvents(e.ctx, "aaaa", old, []live.Event{
		{Topic: "issue:1", Data: []byte(`{"supports":3}`)},
		{Topic: "session", Data: []byte{0, 1, 2, 255}},
		{Topic: "cycle"}, // no data
	}))
	e.must(e.s.AppendLiveEvents(e.ctx, "bbbb", old.Add(time.Minute), []live.Event{{Topic: "user", Data: []byte("7")}}))
	e.must(e.s.AppendLiveEvents(e.ctx, "bbbb", old, nil))

	rows, err := e.s.LiveEventsSince(e.ctx, 0, 100)
	e.must(err)
	want := []struct{ origin, topic, data string }{
		{"aaaa", "issue:1", `{"supports":3}`}, {"aaaa", "session", "\x00\x01\x02\xff"}, {"aaaa", "cycle", ""}, {"bbbb", "user", "7"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.Origin != w.origin || r.Topic != w.topic || !bytes.Equal(r.Data, []byte(w.data)) {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
		if i > 0 && r.ID <= rows[i-1].ID {
			t.Errorf("ids not increasing: %d after %d", r.ID, rows[i-1].ID)
		}
	}
	if !rows[0].At.Equal(old) || !rows[3].At.Equal(old.Add(time.Minute)) {
		t.Errorf("times %v, %v", rows[0].At, rows[3].At)
	}

	page, err := e.s.LiveEventsSince(e.ctx, rows[0].ID, 2)
	e.must(err)
	if len(page) != 2 || page[0].ID != rows[1].ID || page[1].ID != rows[2].ID {
		t.Fatalf("page after the first row: %+v", page)
	}
	head, err = e.s.LiveEventsHead(e.ctx)
	e.must(err)
	if head != rows[3].ID {
		t.Fatalf("head = %d, want %d", head, rows[3].ID)
	}

	n, err := e.s.PruneLiveEvents(e.ctx, old.Add(time.Second))
	e.must(err)
	if n != 3 {
		t.Fatalf("pruned %d rows, want the 3 older ones", n)
	}
	n, err = e.s.PruneLiveEvents(e.ctx, old.Add(time.Hour))
	e.must(err)
	if n != 1 || e.count(`SELECT COUNT(*) FROM live_events`) != 0 {
		t.Fatalf("pruned %d rows; table should be empty", n)
	}
	e.must(e.s.AppendLiveEvents(e.ctx, "cccc", old, []live.Event{{Topic: "cycle", Data: []byte("1")}}))
	after, err := e.s.LiveEventsSince(e.ctx, head, 10)
	e.must(err)
	if len(after) != 1 || after[0].ID <= head {
		t.Fatalf("after pruning everything, a new row must still come after id %d: %+v", head, after)
	}
}
