package notify

import (
	"context"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// The round rules: everyone following a round hears when it moves to
// another phase — everyone but the organiser who moved it.
func (n *Notifier) roundRules() {
	n.Rule("cycle.phase", n.phaseMoved)
}

// roundOf returns the round an entry about a round ("cycle:<id>") names.
func (n *Notifier) roundOf(ctx context.Context, e audit.Entry) (int64, cycle.Cycle, error) {
	id, err := ObjectID(e, "cycle")
	if err != nil {
		return 0, cycle.Cycle{}, err
	}
	c, err := n.d.Rounds.Cycle(ctx, id)
	return id, c, err
}

// phaseMoved: cycle.phase → the round's followers but whoever moved it:
// which phase the round is in now, what happens in it, the organiser's
// note, and the link to the round's timeline.
func (n *Notifier) phaseMoved(ctx context.Context, e audit.Entry) ([]Notice, error) {
	id, c, err := n.roundOf(ctx, e)
	if err != nil {
		return nil, err
	}
	to, ok := cycle.ParsePhase(e.Details["to"])
	if !ok {
		return nil, nil
	}
	ids, err := n.d.Rounds.CycleFollowers(ctx, id)
	if err != nil {
		return nil, err
	}
	link, cfg, note, except := n.cfg.BaseURL+"/cycles/"+strconv.FormatInt(id, 10), n.cfg, e.Details["note"], ActorID(e)
	compose := func(p *i18n.Printer, u people.User) (string, string) {
		phase := p.T(to.Title())
		subject := p.T("%s is now in its %s phase", oneLine(c.Title, 100), phase)
		noteText := ""
		if note != "" {
			noteText = p.T("The organisers say: %s", note) + "\n\n"
		}
		body := p.T("Hello %s,\n\nA round you follow, “%s”, has moved to its %s phase.\n\n%s\n\n%sSee the round and its timeline at %s\n\nTo stop these emails, open the round and choose “Stop following”.\n\n%s %s",
			u.DisplayName, c.Title, phase, p.T(to.Summary()), noteText, link, cfg.OrgName, cfg.ServiceName)
		return subject, body
	}
	var out []Notice
	for _, uid := range ids {
		if uid != except {
			out = append(out, Notice{UserID: uid, Compose: compose})
		}
	}
	return out, nil
}
