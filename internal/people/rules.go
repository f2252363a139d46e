package people

import "github.com/folkmoot/folkmoot/internal/apperr"

// MustSignIn returns nil when actor is a signed-in user or the System
// actor, else apperr.Unauthenticated.
func MustSignIn(actor User) error {
	if !actor.SignedIn() && !actor.IsSystem() {
		return apperr.New(apperr.Unauthenticated, "Sign in to do this.")
	}
	return nil
}

// MustRole returns nil when actor may act in role r (admins and the System
// actor may act in every role), apperr.Unauthenticated when nobody is
// signed in, and apperr.Forbidden otherwise, with a message naming the role.
func MustRole(actor User, r Role) error {
	if actor.Has(r) {
		return nil
	}
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to do this.")
	}
	switch r {
	case RoleModerator:
		return apperr.New(apperr.Forbidden, "Only moderators can do this.")
	case RoleOrganiser:
		return apperr.New(apperr.Forbidden, "Only organisers can do this.")
	case RoleOrgRep:
		return apperr.New(apperr.Forbidden, "Only verified representatives of an organisation can do this.")
	case RoleCitizen:
		return apperr.New(apperr.Forbidden, "Sign in to do this.")
	}
	return apperr.New(apperr.Forbidden, "Only administrators can do this.")
}
