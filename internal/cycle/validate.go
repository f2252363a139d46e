package cycle

import (
	"errors"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/field"
	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Limits on the text fields of programmes and rounds, in characters.
const (
	MaxName        = 120
	MaxDescription = 5000
	MaxNote        = 500
)

var (
	programmeNameRule = field.Text{Field: "programme", Min: 1, Max: MaxName,
		Empty: i18n.Mark("Enter the programme's name"), Short: i18n.Mark("The programme's name must be %d characters or more"),
		Long: i18n.Mark("The programme's name must be %d characters or fewer"), Bad: i18n.Mark("Remove the unreadable or control characters from the programme's name")}
	titleRule = field.Text{Field: "title", Min: 1, Max: MaxName,
		Empty: i18n.Mark("Enter a title for the round"), Short: i18n.Mark("The round's title must be %d characters or more"),
		Long: i18n.Mark("The round's title must be %d characters or fewer"), Bad: i18n.Mark("Remove the unreadable or control characters from the round's title")}
	descriptionRule = field.Text{Field: "description", Min: 0, Max: MaxDescription, Multiline: true,
		Empty: i18n.Mark("Enter a description"), Short: i18n.Mark("The description must be %d characters or more"),
		Long: i18n.Mark("The description must be %d characters or fewer"), Bad: i18n.Mark("Remove the unreadable or control characters from the description")}
	noteRule = field.Text{Field: "note", Min: 0, Max: MaxNote, Multiline: true,
		Empty: i18n.Mark("Enter a note"), Short: i18n.Mark("The note must be %d characters or more"),
		Long: i18n.Mark("The note must be %d characters or fewer"), Bad: i18n.Mark("Remove the unreadable or control characters from the note")}
)

func normaliseNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// normalise trims and checks a draft, and completes its plan to one entry
// per phase in order. It reports every problem at once (errors.Join).
func (d *Draft) normalise() error {
	d.Title, d.Description = strings.TrimSpace(d.Title), strings.TrimSpace(normaliseNewlines(d.Description))
	errs := []error{titleRule.Check(d.Title), descriptionRule.Check(d.Description)}
	for _, pp := range d.Plan {
		if pp.Phase.Index() < 0 {
			return errors.Join(append(errs, apperr.Field("plan", "Plan only the round's phases"))...)
		}
	}
	d.Plan = FullPlan(d.Plan)
	return errors.Join(append(errs, checkPlan(d.Plan))...)
}

// Check reports every problem of a draft (without changing it), for a form
// that shows them all at once.
func (d Draft) Check() error {
	d.Plan = append([]PlannedPhase(nil), d.Plan...)
	return d.normalise()
}

// checkPlan checks a full plan: a phase ends after it starts, and no phase
// starts before an earlier phase starts. Times are kept to the microsecond.
// Every problem is reported (errors.Join).
func checkPlan(plan []PlannedPhase) error {
	var errs []error
	var lastStart PlannedPhase
	for i := range plan {
		pp := &plan[i]
		pp.Starts, pp.Ends = pp.Starts.UTC().Truncate(0), pp.Ends.UTC().Truncate(0)
		if !pp.Starts.IsZero() {
			pp.Starts = pp.Starts.Truncate(time.Microsecond)
		}
		if !pp.Ends.IsZero() {
			pp.Ends = pp.Ends.Truncate(time.Microsecond)
		}
		f := "plan-" + string(pp.Phase)
		if !pp.Starts.IsZero() && !pp.Ends.IsZero() && !pp.Ends.After(pp.Starts) {
			errs = append(errs, apperr.Field(f+"-ends", "A phase must end after it starts"))
		}
		if !pp.Starts.IsZero() {
			if !lastStart.Starts.IsZero() && pp.Starts.Before(lastStart.Starts) {
				errs = append(errs, apperr.Field(f+"-starts", "A phase cannot start before the phase that comes before it"))
			}
			lastStart = *pp
		}
	}
	return errors.Join(errs...)
}
