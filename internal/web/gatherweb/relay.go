package gatherweb

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/live"
)

// issuesTopic is the one broker topic that carries every issue's live
// events between processes, in batches.
const issuesTopic = "issues"

// maxBatch bounds the issues of one batch event, so that it stays well
// inside PostgreSQL's 8000-byte notification (about 25 bytes an issue).
const maxBatch = 200

// batchEvent is the data of an event on issuesTopic: the counts of the
// issues that changed in the last interval ([issue, supports, comments]),
// or one comment added, hidden or shown again ([issue, comment, at]).
type batchEvent struct {
	Counts  [][3]int64 `json:"n,omitempty"`
	Comment *[3]int64  `json:"c,omitempty"`
}

// relay carries the live events of issue pages between processes.
//
// Supports arrive by the thousand a second, spread over many issues: one
// event (a NOTIFY, or a live_events row on SQLite) per issue would cost as
// much as the supports themselves. So the relay keeps the issues whose
// counts changed, and every 100 ms (a live.Coalescer on issuesTopic) reads
// their counters in one query and publishes them as one batch; a comment is
// published at once, as a batch of its own. Each process forwards every
// batch to a hub of its own (live.Local) as per-issue events on
// "issue:<id>", which the event streams of that process subscribe to. The
// broker thus carries about ten events a second, whatever the number of
// issues, supports or subscribers.
type relay struct {
	broker live.Broker
	local  *live.Local
	coal   *live.Coalescer
	counts func(ctx context.Context, ids []int64) ([]gather.Counts, error)
	log    *slog.Logger

	mu    sync.Mutex
	dirty map[int64]struct{}

	sub  *live.Subscription
	done chan struct{}
	once sync.Once
}

func newRelay(b live.Broker, counts func(ctx context.Context, ids []int64) ([]gather.Counts, error), log *slog.Logger) *relay {
	r := &relay{broker: b, local: live.NewLocal(), counts: counts, log: log, dirty: map[int64]struct{}{}, done: make(chan struct{})}
	r.coal = live.NewCoalescer(b, 100*time.Millisecond, r.batch, log)
	r.sub = b.Subscribe(issuesTopic)
	go r.forward()
	return r
}

// countsChanged marks an issue's counts for the next batch. It reads
// nothing and never blocks on the broker.
func (r *relay) countsChanged(issueID int64) {
	r.mu.Lock()
	r.dirty[issueID] = struct{}{}
	r.mu.Unlock()
	r.coal.Mark(issuesTopic)
}

// commentChanged publishes at once that a comment was added, hidden or
// shown again.
func (r *relay) commentChanged(ctx context.Context, issueID, commentID int64) {
	data, _ := json.Marshal(batchEvent{Comment: &[3]int64{issueID, commentID, time.Now().UnixNano()}})
	if err := r.broker.Publish(context.WithoutCancel(ctx), issuesTopic, data); err != nil {
		r.log.Warn("live: publishing a comment", "issue", issueID, "comment", commentID, "err", err)
	}
}

// batch is the Coalescer's data: the counts of up to maxBatch dirty
// issues, read in one query. Issues left over are marked for the next
// interval.
func (r *relay) batch(ctx context.Context, _ string) ([]byte, error) {
	r.mu.Lock()
	ids := make([]int64, 0, min(len(r.dirty), maxBatch))
	for id := range r.dirty {
		if len(ids) == maxBatch {
			break
		}
		ids = append(ids, id)
		delete(r.dirty, id)
	}
	more := len(r.dirty) > 0
	r.mu.Unlock()
	if more {
		r.coal.Mark(issuesTopic)
	}
	var ev batchEvent
	if len(ids) > 0 {
		cs, err := r.counts(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			ev.Counts = append(ev.Counts, [3]int64{c.IssueID, int64(c.Supports), int64(c.Comments)})
		}
	}
	return json.Marshal(ev)
}

// forward turns the batches every process publishes into per-issue events
// on this process's hub, until the subscription ends. After the broker
// may have lost events (live.Lagged), every stream re-reads its issue.
func (r *relay) forward() {
	defer close(r.done)
	for ev := range r.sub.C {
		if ev.Topic != issuesTopic {
			r.local.MarkLagged()
			continue
		}
		var b batchEvent
		if err := json.Unmarshal(ev.Data, &b); err != nil {
			continue
		}
		ctx := context.Background()
		for _, c := range b.Counts {
			data, _ := json.Marshal(issueEvent{Kind: eventCounts, Supports: int(c[1]), Comments: int(c[2])})
			r.local.Publish(ctx, issueTopic(c[0]), data)
		}
		if c := b.Comment; c != nil {
			data, _ := json.Marshal(issueEvent{Kind: eventComment, Comment: c[1], At: c[2]})
			r.local.Publish(ctx, issueTopic(c[0]), data)
		}
	}
}

// subscribe returns a subscription to one issue's events in this process.
func (r *relay) subscribe(issueID int64) *live.Subscription {
	return r.local.Subscribe(issueTopic(issueID))
}

// Close publishes the counts still waiting and stops forwarding. Call it
// before the broker closes.
func (r *relay) Close() error {
	var err error
	r.once.Do(func() {
		err = r.coal.Close()
		r.sub.Close()
		<-r.done
		r.local.Close()
	})
	return err
}
