package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/notify"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// lateBroker is the live broker of the selection's job progress: the
// queue's handlers are registered before serve opens its broker, which is
// set once open. Until then (and in a worker without one) progress is
// only written to the job row.
type lateBroker struct{ b atomic.Pointer[live.Broker] }

func (l *lateBroker) set(b live.Broker) { l.b.Store(&b) }

func (l *lateBroker) publish(ctx context.Context, topic string, data []byte) {
	if b := l.b.Load(); b != nil {
		(*b).Publish(context.WithoutCancel(ctx), topic, data)
	}
}

// newSelection wires the selection of assemblies (internal/lottery) over
// st: its jobs on q, invitations through n, progress and changes on the
// live topic lottery.Topic(cycle). pools is the recruitment pool (nil:
// none yet on this server).
func newSelection(cfg config.Config, st storage.Store, q *jobs.Queue, n *notify.Notifier, pools lottery.Pools, lb *lateBroker, log *slog.Logger) *lottery.Service {
	var mailer lottery.Mailer
	if n != nil {
		mailer = n
	}
	var queue lottery.Queue
	if q != nil {
		queue = q
	}
	svc := lottery.New(st, st, pools, queue, mailer, lottery.Config{
		BaseURL: cfg.BaseURL, Log: log,
		Progress: func(ctx context.Context, cycleID int64, p lottery.Progress) {
			data, _ := json.Marshal(p)
			lb.publish(ctx, lottery.Topic(cycleID), data)
		},
		Changed: func(ctx context.Context, cycleID int64) {
			lb.publish(ctx, lottery.Topic(cycleID), []byte(`{"state":"changed"}`))
		},
	})
	return svc
}

// selectionPools is where the selection reads a round's pool:
// recruitment's registrations, with generated pools for rounds without
// any in a demo (--outbox; see demoPools).
func selectionPools(cfg config.Config, st storage.Store) lottery.Pools {
	real := recruit.NewService(st, cycle.NewService(st, cycle.Config{}), nil, recruit.Config{BaseURL: cfg.BaseURL, OrgName: cfg.OrgName})
	if cfg.Outbox {
		return newDemoPools(real)
	}
	return real
}
