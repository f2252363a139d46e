package gather

import (
	"context"

	"github.com/folkmoot/folkmoot/internal/people"
)

// MaxActivity bounds each list of a person's activity (their issues,
// supports, follows, comments, reports), newest first.
const MaxActivity = 1000

// Activity is what one person did in Gather, newest first in each list.
type Activity struct {
	Raised    []Issue   // issues they raised (any status)
	Supported []Issue   // issues they support
	Followed  []Issue   // issues they follow
	Comments  []Comment // their comments and replies (any status)
	Reports   []Report  // reports they made
}

// MyActivity returns the actor's own activity: for "My issues, supports,
// follows and comments" and "download my data". Hidden content of their own
// is included with its hidden reason: it is theirs.
func (s *Service) MyActivity(ctx context.Context, actor people.User) (Activity, error) {
	if !actor.SignedIn() {
		return Activity{}, people.MustSignIn(people.Anonymous)
	}
	a, err := s.store.UserActivity(ctx, actor.ID, MaxActivity)
	if err != nil {
		return Activity{}, err
	}
	a.Reports, err = s.store.Reports(ctx, ReportQuery{Reporter: actor.ID, Limit: MaxActivity})
	return a, err
}
