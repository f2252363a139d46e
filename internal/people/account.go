package people

import (
	"context"
	"fmt"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
)

// SignOutEverywhere ends every session of the actor, on every device and
// server: each server's session cache is told through SessionEnded. It
// returns how many sessions ended.
func (s *Service) SignOutEverywhere(ctx context.Context, actor User) (int, error) {
	if !actor.SignedIn() {
		return 0, MustSignIn(Anonymous)
	}
	hashes, err := s.store.DeleteUserSessions(ctx, actor.ID, s.event(actor, "session.end_all", audit.ObjectRef("user", actor.ID), nil))
	if err != nil {
		return 0, err
	}
	s.sessionsEnded(ctx, hashes)
	return len(hashes), nil
}

func (s *Service) sessionsEnded(ctx context.Context, hashes []string) {
	if s.cfg.SessionEnded == nil {
		return
	}
	for _, h := range hashes {
		s.cfg.SessionEnded(ctx, h)
	}
}

// DeleteAccount erases the actor's personal data, as the privacy notice
// says: the email address, the chosen name, the language, roles beyond
// citizen, every session, the links to organisations and the follows go;
// what they wrote (issues, comments) and their supports stay, signed
// DeletedName, so that the public record and the counts stay true. The
// audit log records that the account was deleted (by its number only).
// The address may sign up again later as a new, unconnected account.
func (s *Service) DeleteAccount(ctx context.Context, actor User) error {
	if !actor.SignedIn() {
		return MustSignIn(Anonymous)
	}
	hashes, err := s.store.DeleteUser(ctx, actor.ID, DeletedName, s.event(actor, "user.delete", audit.ObjectRef("user", actor.ID), nil))
	if err != nil {
		return err
	}
	s.sessionsEnded(ctx, hashes)
	return s.userChanged(ctx, actor.ID, nil)
}

// PersonalData is everything the people service holds about one person,
// for "download my data".
type PersonalData struct {
	ID          int64            `json:"id"`
	Email       string           `json:"email"`
	DisplayName string           `json:"display_name"`
	NameChosen  bool             `json:"name_chosen"`
	Roles       []Role           `json:"roles"`
	Language    string           `json:"language"`
	Created     time.Time        `json:"created"`
	Sessions    []SessionData    `json:"sessions"`
	Orgs        []Representation `json:"organisations"`
}

// SessionData is one signed-in device as exported (never its id).
type SessionData struct {
	Created  time.Time `json:"started"`
	LastSeen time.Time `json:"last_seen"`
	Expires  time.Time `json:"expires"`
}

// Representation is a person's link to an organisation, as they see it.
type Representation struct {
	OrgID     int64     `json:"organisation_id"`
	OrgName   string    `json:"organisation"`
	Verified  bool      `json:"verified"`
	Requested time.Time `json:"requested"`
}

// MyData returns what the people service holds about the actor, with the
// email address opened for them.
func (s *Service) MyData(ctx context.Context, actor User) (PersonalData, error) {
	if !actor.SignedIn() {
		return PersonalData{}, MustSignIn(Anonymous)
	}
	u, err := s.store.UserByID(ctx, actor.ID)
	if err != nil {
		return PersonalData{}, err
	}
	d := PersonalData{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, NameChosen: !IsDefaultName(u.DisplayName),
		Roles: u.Roles, Language: string(u.Lang), Created: u.Created, Sessions: []SessionData{}, Orgs: []Representation{}}
	sessions, err := s.store.UserSessions(ctx, u.ID, s.now())
	if err != nil {
		return PersonalData{}, err
	}
	for _, x := range sessions {
		d.Sessions = append(d.Sessions, SessionData{Created: x.Created, LastSeen: x.LastSeen, Expires: x.Expires})
	}
	reps, err := s.store.UserRepresentations(ctx, u.ID)
	if err != nil {
		return PersonalData{}, err
	}
	d.Orgs = append(d.Orgs, reps...)
	return d, nil
}

// DeclineRepresentative turns down a pending request to act for orgID.
// Organisers and admins may.
func (s *Service) DeclineRepresentative(ctx context.Context, actor User, orgID, userID int64) error {
	if !actor.Has(RoleOrganiser) {
		return apperr.New(apperr.Forbidden, "Only organisers can verify representatives.")
	}
	ev := s.event(actor, "representative.decline", audit.ObjectRef("organisation", orgID), map[string]string{"user": fmt.Sprint(userID)})
	return s.userChanged(ctx, userID, s.store.RemoveRepresentative(ctx, orgID, userID, ev))
}
