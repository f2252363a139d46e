package main

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/jobs"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/room"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web/roomweb"
)

// latePublisher publishes on a lateBroker (the job queue is made before
// the process's broker).
type latePublisher struct{ lb *lateBroker }

func (p latePublisher) Publish(ctx context.Context, topic string, data []byte) error {
	p.lb.publish(ctx, topic, data)
	return nil
}

// handleRoomJobs registers the full recompute of a discussion group's
// opinion map (room.KindRecompute) on q; it publishes the map on lb.
func handleRoomJobs(q *jobs.Queue, st storage.Store, lb *lateBroker) {
	sv := room.NewService(st, nil, nil, room.Config{Live: latePublisher{lb}})
	q.Handle(room.KindRecompute, sv.RecomputeJob, jobs.HandlerOptions{})
}

// roomDeps wires the live pages of discussion groups: groups reads the
// groups (the meetings package's adapter; nil leaves the pages out).
func roomDeps(st storage.Store, cs *cycle.Service, groups room.Groups, b live.Broker, q *jobs.Queue) roomweb.Deps {
	if groups == nil {
		return roomweb.Deps{}
	}
	cfg := room.Config{Live: b}
	if q != nil { // a nil *jobs.Queue would be a non-nil interface
		cfg.Jobs = q
	}
	return roomweb.Deps{Room: room.NewService(st, groups, cs, cfg), Rounds: cs}
}
