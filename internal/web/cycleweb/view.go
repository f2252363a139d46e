package cycleweb

import (
	"net/http"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// stateRow is one phase of a round as its page shows it: the state, with
// the phase's name and what happens in it in the reader's language.
type stateRow struct {
	cycle.PhaseState
	Title   string
	Summary string
}

// states returns the round's phases for its page.
func states(p *i18n.Printer, c cycle.Cycle, moves []cycle.Move) []stateRow {
	st := c.States(moves)
	out := make([]stateRow, len(st))
	for i, s := range st {
		out[i] = stateRow{PhaseState: s, Title: kit.Msg(p, s.Phase.Title()), Summary: kit.Msg(p, s.Phase.Summary())}
	}
	return out
}

// moveRow is one entry of a round's timeline, newest first on the page.
type moveRow struct {
	cycle.Move
	FromTitle, ToTitle string
}

func moveRows(p *i18n.Printer, moves []cycle.Move) []moveRow {
	out := make([]moveRow, 0, len(moves))
	for i := len(moves) - 1; i >= 0; i-- {
		m := moves[i]
		r := moveRow{Move: m, ToTitle: kit.Msg(p, m.To.Title())}
		if m.From != "" {
			r.FromTitle = kit.Msg(p, m.From.Title())
		}
		out = append(out, r)
	}
	return out
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// phaseOptions lists the phases a round can be moved to (every phase but
// its current one), choosing the next phase.
func phaseOptions(p *i18n.Printer, c cycle.Cycle, chosen string) []option {
	next, _ := c.Phase.Next()
	if chosen == "" {
		chosen = string(next)
	}
	var out []option
	for _, ph := range cycle.Phases {
		if ph == c.Phase {
			continue
		}
		out = append(out, option{Value: string(ph), Label: kit.Msg(p, ph.Title()), Selected: string(ph) == chosen})
	}
	return out
}

// cycleID reads the round id in the path.
func cycleID(r *http.Request) (int64, error) { return kit.ParseID(r.PathValue("id")) }

// cyclePath is the address of a round's page.
func cyclePath(id int64) string { return "/cycles/" + strconv.FormatInt(id, 10) }

// dayValue is a date as an <input type="date"> shows it (UK time), "" for
// no date.
func dayValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.UK).Format(time.DateOnly)
}
