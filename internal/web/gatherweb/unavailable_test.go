package gatherweb_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// busyStore fails every read and every support as a busy database would.
type busyStore struct {
	*gather.Service
	err error
}

func (b busyStore) ListIssues(context.Context, people.User, gather.IssueQuery) (gather.IssuePage, error) {
	return gather.IssuePage{}, b.err
}

func (b busyStore) Support(context.Context, people.User, int64) (bool, error) { return false, b.err }

// A storage fault (database busy, full or read-only) answers 503 with
// Retry-After and a plain message, never the driver's text.
func TestUnavailableStorageIs503(t *testing.T) {
	cause := errors.New("sqlite: database is locked (SQLITE_BUSY) in /var/lib/folkmoot/folkmoot.db")
	for name, err := range map[string]error{
		"with a message":    apperr.Wrap(apperr.Unavailable, cause, "The database is busy. Try again in a minute."),
		"without a message": apperr.Wrap(apperr.Unavailable, cause, ""),
	} {
		t.Run(name, func(t *testing.T) {
			h := webtest.New(t, webtest.Options{Deps: func(d *web.Deps) {
				gs := d.Gather.Issues.(*gather.Service)
				d.Gather.Issues = busyStore{gs, err}
				d.Gather.Participation = busyStore{gs, err}
			}})
			c := h.Client()
			c.SignIn("una@example.org")
			for _, r := range []webtest.Resp{c.Get("/issues"), c.Get("/"), c.Post("/issues/1/support", nil), c.Post("/issues/1/support", nil, "Accept", "application/json")} {
				if r.Code != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
					t.Fatalf("%d, Retry-After %q; want 503 with Retry-After\n%s", r.Code, r.Header.Get("Retry-After"), r.Body)
				}
				for _, leak := range []string{"SQLITE", "locked", "/var/lib"} {
					if strings.Contains(r.Body, leak) {
						t.Fatalf("the answer shows the cause (%q):\n%s", leak, r.Body)
					}
				}
			}
			if r := c.Get("/issues"); name == "with a message" && !strings.Contains(r.Body, "The database is busy. Try again in a minute.") {
				t.Fatalf("the safe message is not shown:\n%s", r.Body)
			}
		})
	}
}
