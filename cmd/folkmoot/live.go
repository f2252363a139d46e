package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/url"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/live"
	"github.com/folkmoot/folkmoot/internal/live/pglive"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// openBroker returns the live broker every process on the database dsn
// shares: LISTEN/NOTIFY on PostgreSQL, the live_events table on SQLite.
// publishOnly is for commands that publish and exit (they do not listen).
// Close it after the last publish and before the store: closing flushes.
func openBroker(ctx context.Context, dsn string, st storage.Store, publishOnly bool, log *slog.Logger) (live.Broker, error) {
	if storage.IsPostgres(dsn) {
		return pglive.New(ctx, dsn, pglive.Options{Channel: pgChannel(dsn), PublishOnly: publishOnly, Logger: log})
	}
	opt := live.TableOptions{Logger: log}
	if publishOnly {
		opt.PollEvery = -1
	}
	return live.NewTable(ctx, st, opt)
}

// pgChannel names the notification channel of one installation: the
// default one, or one per schema when the DSN sets a search_path (several
// installations, or test runs, sharing a database must not hear each
// other).
func pgChannel(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	sp := u.Query().Get("search_path")
	if sp == "" {
		return ""
	}
	h := sha256.Sum256([]byte(u.Path + "\x00" + sp))
	return "folkmoot_live_" + hex.EncodeToString(h[:6])
}

// announceCycle returns the Changed hook of a cycle service: it tells every
// process that a round changed (topic "cycle", data: its id), so that their
// caches of rounds forget it at once.
func announceCycle(b live.Broker, log *slog.Logger) func(context.Context, int64) {
	return func(ctx context.Context, id int64) {
		if err := b.Publish(context.WithoutCancel(ctx), "cycle", []byte(strconv.FormatInt(id, 10))); err != nil {
			log.Warn("announcing a round's change", "cycle", id, "err", err)
		}
	}
}

// watchRounds makes cs forget a round whenever any process announces a
// change to it, and every round when this process may have missed events.
// It returns when ctx ends.
func watchRounds(ctx context.Context, b live.Broker, cs *cycle.Service) {
	sub := b.Subscribe("cycle")
	defer sub.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-sub.C:
			if !ok {
				return
			}
			id, err := strconv.ParseInt(string(ev.Data), 10, 64)
			if ev.Topic != "cycle" || err != nil {
				id = 0
			}
			cs.Forget(id)
		}
	}
}
