package dashweb

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// auditPerPage is how many entries one page of the audit log shows.
const auditPerPage = 50

// auditRow is one entry as the page shows it.
type auditRow struct {
	audit.Entry
	Details string // "key: value; key: value", keys sorted
}

type auditData struct {
	Action  string   // the action filtered on, or ""
	Actions []string // every action in the log, for the filter
	Rows    []auditRow
	Older   string // the next page's URL, or ""
	Newest  string // the first page's URL when this is not it, or ""
}

// auditLog: GET /dashboard/audit[?action=A][&before=ID], organisers. The
// audit log, newest first, a page at a time.
func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) error {
	if err := people.MustRole(kit.User(r), people.RoleOrganiser); err != nil {
		return err
	}
	ctx, p, q := r.Context(), kit.Printer(r), r.URL.Query()
	var before int64
	if s := q.Get("before"); s != "" {
		id, err := kit.ParseID(s)
		if err != nil {
			return err
		}
		before = id
	}
	actions, err := h.d.Stats.AuditActions(ctx)
	if err != nil {
		return err
	}
	d := auditData{Actions: actions}
	if a := q.Get("action"); slices.Contains(actions, a) {
		d.Action = a
	}
	entries, err := h.d.Stats.AuditLog(ctx, d.Action, before, auditPerPage+1)
	if err != nil {
		return err
	}
	link := func(before int64) string {
		v := url.Values{}
		if d.Action != "" {
			v.Set("action", d.Action)
		}
		if before > 0 {
			v.Set("before", strconv.FormatInt(before, 10))
		}
		if len(v) == 0 {
			return "/dashboard/audit"
		}
		return "/dashboard/audit?" + v.Encode()
	}
	if len(entries) > auditPerPage {
		entries = entries[:auditPerPage]
		d.Older = link(entries[len(entries)-1].ID)
	}
	if before > 0 {
		d.Newest = link(0)
	}
	for _, e := range entries {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(e.Details)) {
			parts = append(parts, k+": "+e.Details[k])
		}
		d.Rows = append(d.Rows, auditRow{Entry: e, Details: strings.Join(parts, "; ")})
	}
	h.rd.Page(w, r, http.StatusOK, "audit_log", &kit.Page{Title: p.T("Audit log"), Data: d,
		Breadcrumbs: []kit.Crumb{{Label: p.T("Home"), URL: "/"}, {Label: p.T("Dashboard"), URL: "/dashboard"}}})
	return nil
}
