package main

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/config"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/accountweb"
	"github.com/folkmoot/folkmoot/internal/web/gatherweb"
)

// webDeps wires the services over st into the web server's areas. outbox
// is set only when the outbox is shown (demos).
func webDeps(cfg config.Config, st storage.Store, ps *people.Service, gs *gather.Service, sim *gatherweb.SimilarIndex, sender mail.Sender, outbox *mail.Outbox, log *slog.Logger) web.Deps {
	d := web.Deps{
		Config: cfg, Log: log, Auth: ps, Health: st.Ping,
		Gather: gatherweb.Deps{Issues: gs, Participation: gs, Moderation: gs, Themes: gs, Rounds: gs, Lookups: st, Similar: sim},
		Account: accountweb.Deps{People: ps, Orgs: st,
			Mailer: signInMailer{sender: sender, org: cfg.OrgName, service: cfg.ServiceName}},
		API: api.Deps{Issues: gs, Themes: gs},
	}
	if outbox != nil { // a nil *mail.Outbox would be a non-nil interface
		d.Account.Outbox = outbox
	}
	return d
}

// signInMailer sends sign-in links straight through a mail.Sender, in the
// person's language. (internal/notify replaces it with the durable queue.)
type signInMailer struct {
	sender       mail.Sender
	org, service string
}

// SignInLink implements accountweb.SignInMailer.
func (m signInMailer) SignInLink(ctx context.Context, to string, lang i18n.Lang, link string, valid time.Duration) error {
	p := i18n.For(lang)
	body := strings.Join([]string{
		p.T("Hello,"),
		p.T("Open this link to sign in to %s %s:", m.org, m.service),
		link,
		accountweb.Expiry(p, valid) + " " + p.T("If you did not ask to sign in, ignore this email: nobody can sign in without the link."),
		m.org,
	}, "\n\n")
	return m.sender.Send(ctx, mail.Message{To: to, Subject: p.T("Your sign-in link for %s %s", m.org, m.service), Body: body})
}
