package gather

import (
	"context"
	"slices"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/people"
)

// OrgRef names an organisation that supports an issue.
type OrgRef struct {
	ID   int64
	Name string
}

// OrgActivity is what an organisation did in Gather, for its public page:
// the open or closed (not hidden) issues raised for it and the issues it
// supports, newest first.
type OrgActivity struct {
	Raised    []Issue
	Supported []Issue
}

// SupportForOrg records (on) or withdraws an organisation's support for an
// issue. Only a verified representative of the organisation may, while the
// round gathers, and never for an issue raised for that organisation.
// Organisations' supports are counted apart from people's: they do not
// change an issue's support count or its rank. changed reports whether
// anything changed.
func (s *Service) SupportForOrg(ctx context.Context, actor people.User, issueID, orgID int64, on bool) (changed bool, err error) {
	if !actor.SignedIn() {
		return false, apperr.New(apperr.Unauthenticated, "Sign in to support an issue.")
	}
	if orgID == 0 {
		return false, apperr.Field("org", "Choose the organisation you support this issue for")
	}
	if err := s.checkOrg(ctx, actor, orgID); err != nil {
		return false, err
	}
	iss, err := s.store.Issue(ctx, issueID)
	if err != nil {
		return false, err
	}
	if err := s.gate.Gate(ctx, iss.CycleID, cycle.Support); err != nil {
		return false, err
	}
	if !on {
		return s.store.RemoveOrgSupport(ctx, issueID, orgID, s.event(actor, "org_support.remove", audit.ObjectRef("issue", issueID), map[string]string{"org": id(orgID)}))
	}
	switch {
	case iss.OrgID == orgID:
		return false, apperr.New(apperr.Forbidden, "This issue was raised for your organisation, so it cannot support it too.")
	case iss.Status != StatusOpen:
		return false, apperr.New(apperr.Conflict, "Only open issues can be supported.")
	}
	return s.store.AddOrgSupport(ctx, issueID, orgID, actor.ID, s.now(), s.event(actor, "org_support.add", audit.ObjectRef("issue", issueID), map[string]string{"org": id(orgID)}))
}

// OrgSupports returns the organisations supporting an issue, by name.
func (s *Service) OrgSupports(ctx context.Context, issueID int64) ([]OrgRef, error) {
	return s.store.OrgSupports(ctx, issueID)
}

// OrgActivity returns an organisation's public record in Gather (hidden
// issues left out).
func (s *Service) OrgActivity(ctx context.Context, orgID int64) (OrgActivity, error) {
	return s.store.OrgActivity(ctx, orgID, MaxActivity)
}

// StaffRole returns the highest staff role among roles (administrator,
// organiser, moderator), or "" for a person who is not staff.
func StaffRole(roles []people.Role) people.Role {
	for _, r := range []people.Role{people.RoleAdmin, people.RoleOrganiser, people.RoleModerator} {
		if slices.Contains(roles, r) {
			return r
		}
	}
	return ""
}
