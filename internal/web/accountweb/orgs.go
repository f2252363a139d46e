package accountweb

import (
	"context"
	"net/http"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/gather"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// Organisations is what the organisation pages need to read (the storage
// value).
type Organisations interface {
	Organisation(ctx context.Context, id int64) (people.Organisation, error)
	Organisations(ctx context.Context) ([]people.Organisation, error)
	Representatives(ctx context.Context, orgID int64) ([]people.Representative, error)
}

// Representation is what the organisation pages change (*people.Service).
type Representation interface {
	RequestRepresentation(ctx context.Context, actor people.User, orgID int64) error
	VerifyRepresentative(ctx context.Context, actor people.User, orgID, userID int64) error
	DeclineRepresentative(ctx context.Context, actor people.User, orgID, userID int64) error
}

// OrgRecord is an organisation's public record in Gather (*gather.Service).
type OrgRecord interface {
	OrgActivity(ctx context.Context, orgID int64) (gather.OrgActivity, error)
}

// orgRep is a representative as the public page shows them: a name, never
// an address (organisers see pending requests with the address, to check).
type orgRep struct {
	UserID int64
	Name   string
	Email  string // organisers only
}

type orgData struct {
	Org                 people.Organisation
	Reps                []orgRep
	Pending             []orgRep // organisers only
	Raised, Supported   []activityItem
	Linked, PendingMine bool // the viewer represents it, or has asked to
}

// organisations: GET /organisations, public.
func (h *Handler) organisations(w http.ResponseWriter, r *http.Request) error {
	os, err := h.d.OrgPages.Organisations(r.Context())
	if err != nil {
		return err
	}
	h.rd.Render(w, r, http.StatusOK, "organisations", kit.Printer(r).T("Organisations"), os)
	return nil
}

// organisation: GET /organisations/{id}, public. Its representatives and
// the issues it raised or supports; a signed-in person may ask to
// represent it; organisers approve or decline requests here.
func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	o, err := h.d.OrgPages.Organisation(r.Context(), id)
	if err != nil {
		return err
	}
	reps, err := h.d.OrgPages.Representatives(r.Context(), id)
	if err != nil {
		return err
	}
	act, err := h.d.OrgRecord.OrgActivity(r.Context(), id)
	if err != nil {
		return err
	}
	u := kit.User(r)
	d := orgData{Org: o, Raised: issueItems(act.Raised), Supported: issueItems(act.Supported)}
	for _, rp := range reps {
		if rp.UserID == u.ID && u.SignedIn() {
			d.Linked, d.PendingMine = rp.Verified, !rp.Verified
		}
		switch {
		case rp.Verified:
			d.Reps = append(d.Reps, orgRep{UserID: rp.UserID, Name: rp.DisplayName})
		case u.Has(people.RoleOrganiser):
			d.Pending = append(d.Pending, orgRep{UserID: rp.UserID, Name: rp.DisplayName, Email: rp.Email})
		}
	}
	h.rd.Render(w, r, http.StatusOK, "organisation", o.Name, d)
	return nil
}

// represent: POST /organisations/{id}/represent, signed in. Asks to act for
// the organisation; an organiser approves or declines.
func (h *Handler) represent(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	err = h.d.Representation.RequestRepresentation(r.Context(), kit.User(r), id)
	if apperr.Is(err, apperr.Conflict) {
		return h.rd.SeeOther(w, r, orgPath(id), kit.Printer(r).T("You have already asked to represent this organisation."))
	}
	if err != nil {
		return err
	}
	return h.rd.SeeOther(w, r, orgPath(id), kit.Printer(r).T("You have asked to represent this organisation. An organiser will check and approve it."))
}

// decide: POST /organisations/{id}/approve and /decline, organisers; the
// form's "user" names the person who asked.
func (h *Handler) decide(approve bool) kit.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := kit.ParseID(r.PathValue("id"))
		if err != nil {
			return err
		}
		user, err := kit.ParseID(r.PostFormValue("user"))
		if err != nil {
			return err
		}
		p, msg := kit.Printer(r), ""
		if approve {
			err, msg = h.d.Representation.VerifyRepresentative(r.Context(), kit.User(r), id, user), p.T("The request has been approved.")
		} else {
			err, msg = h.d.Representation.DeclineRepresentative(r.Context(), kit.User(r), id, user), p.T("The request has been declined.")
		}
		if err != nil {
			return err
		}
		return h.rd.SeeOther(w, r, orgPath(id), msg)
	}
}

func orgPath(id int64) string { return "/organisations/" + strconv.FormatInt(id, 10) }
