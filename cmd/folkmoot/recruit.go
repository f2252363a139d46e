package main

import (
	"log/slog"

	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/recruit"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// newRecruit returns the recruitment service over st: confirmation emails
// go through the notifier's queue (none when it is nil).
func newRecruit(cfg config.Config, st storage.Store, sv services, log *slog.Logger) *recruit.Service {
	var m recruit.Mailer
	if sv.notifier != nil {
		m = sv.notifier
	}
	return recruit.NewService(st, sv.cycles, m, recruit.Config{BaseURL: cfg.BaseURL, OrgName: cfg.OrgName,
		Log: func(msg string, err error) {
			if log != nil {
				log.Error(msg, "err", err)
			}
		}})
}
