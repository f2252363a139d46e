package selectionweb

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/sse"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// progressMessage is the data of a "progress" server-sent event: the
// sentence the page shows, in the subscriber's language, and whether the
// job has ended (the page then reloads).
type progressMessage struct {
	Text string `json:"text"`
	Done bool   `json:"done"`
}

// events: GET /cycles/{id}/selection/manage/events, organisers. A
// text/event-stream of a running selection job's progress ("progress",
// at least every second while it runs); it ends when no job is running.
func (h *Handler) events(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	sel, err := h.d.Selection.Get(r.Context(), id)
	if err != nil {
		return err
	}
	p := kit.Printer(r)
	busy := sel.State == lottery.Running || sel.State == lottery.Drawing
	if !busy {
		data, _ := json.Marshal(progressMessage{Text: stateText(p, sel.State), Done: true})
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte("retry: 60000\n\nevent: progress\ndata: " + string(data) + "\n\n"))
		return nil
	}
	if !h.env.Streams.Acquire() {
		w.Header().Set("Retry-After", "10")
		http.Error(w, p.T("Too many pages are following live updates on this server just now. Refresh the page to see the latest."), http.StatusServiceUnavailable)
		return nil
	}
	defer h.env.Streams.Release()
	sub := h.env.Live.Subscribe(lottery.Topic(id))
	err = sse.Serve(w, r, sub, sse.Options{
		Done: h.env.Done,
		Initial: func(ctx context.Context) (sse.Message, error) {
			sel, err := h.d.Selection.Get(ctx, id)
			if err != nil {
				return sse.Message{}, err
			}
			done := sel.State != lottery.Running && sel.State != lottery.Drawing
			data, _ := json.Marshal(progressMessage{Text: stateText(p, sel.State), Done: done})
			return sse.Message{Event: "progress", Data: data}, nil
		},
		Encode: func(ev live.Event) (sse.Message, bool) {
			var pr lottery.Progress
			if err := json.Unmarshal(ev.Data, &pr); err != nil {
				return sse.Message{}, false
			}
			m := progressMessage{}
			if pr.State == "changed" {
				m.Done, m.Text = true, p.T("Finished. Reloading the page.")
			} else {
				m.Text = p.T("Running for %d seconds: %s round %d, %d panels found.", int(pr.Seconds), pr.Phase, pr.Round, pr.Panels)
			}
			data, _ := json.Marshal(m)
			return sse.Message{Event: "progress", Data: data}, true
		},
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		h.env.Log.Debug("live: a selection's event stream ended", "cycle", id, "err", err)
	}
	return nil
}
