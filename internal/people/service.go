package people

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Config holds the people service's settings. The zero value is usable:
// missing fields get the defaults documented on each.
type Config struct {
	SessionTTL time.Duration    // how long a session lasts; default 30 days
	TokenTTL   time.Duration    // how long a sign-in link works; default 15 minutes
	Now        func() time.Time // the clock; default time.Now
	Rand       io.Reader        // source of token randomness; default crypto/rand.Reader

	// SessionEnded, if set, is called after a sign-out with the session's
	// hash (never the raw id), so that every server's session cache can
	// drop it at once.
	SessionEnded func(ctx context.Context, hash string)
	// UserChanged, if set, is called after a change to what a session
	// caches of a user (roles, name, language), with the user's id.
	UserChanged func(ctx context.Context, userID int64)
}

// Service holds the rules about people: who may grant roles, verify
// representatives, and how sign-in works. It is safe for concurrent use.
type Service struct {
	store Store
	cfg   Config
}

// NewService returns a Service over s.
func NewService(s Store, cfg Config) *Service {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 15 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	return &Service{store: s, cfg: cfg}
}

// Store returns the underlying store (read-only lookups are fine to make
// directly).
func (s *Service) Store() Store { return s.store }

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) event(actor User, action, object string, details map[string]string) audit.Event {
	return audit.Event{Time: s.now(), Actor: ActorOf(actor), Action: action, Object: object, Details: details}
}

// ActorOf returns the audit actor string for u: "user:<id>", or
// audit.ActorSystem for System and Anonymous.
func ActorOf(u User) string {
	if u.SignedIn() {
		return audit.UserActor(u.ID)
	}
	return audit.ActorSystem
}

// HashToken returns the hex SHA-256 of a raw session id or sign-in token,
// as stored.
func HashToken(raw string) string {
	h := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(h[:])
}

func (s *Service) newToken() (string, error) {
	b := make([]byte, 32) // 256 bits
	if _, err := io.ReadFull(s.cfg.Rand, b); err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "people: reading randomness")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// RequestSignIn issues a one-time sign-in token for email and returns the
// raw token (to be put in the emailed link) and when it expires. It does not
// reveal whether the address has an account: the account is created on
// first SignIn. Invalid addresses are apperr.Invalid on field "email".
func (s *Service) RequestSignIn(ctx context.Context, email string) (token string, expires time.Time, err error) {
	email, err = NormaliseEmail(email)
	if err != nil {
		return "", time.Time{}, err
	}
	token, err = s.newToken()
	if err != nil {
		return "", time.Time{}, err
	}
	now := s.now()
	t := SignInToken{Hash: HashToken(token), Email: email, Created: now, Expires: now.Add(s.cfg.TokenTTL)}
	// The audit entry names the token by its hash, never the address: the log is public.
	ev := s.event(Anonymous, "signin.request", "signin:"+t.Hash[:16], nil)
	if err := s.store.CreateSignInToken(ctx, t, ev); err != nil {
		return "", time.Time{}, fmt.Errorf("people: storing sign-in token: %w", err)
	}
	return token, t.Expires, nil
}

// SignIn redeems a raw sign-in token: it marks the token used, creates the
// user on first sign-in (a citizen called "Participant" and a random code,
// until they choose a name),
// and starts a session. It returns the user, the raw session id for the
// cookie, and the session. An unknown, used or expired token is
// apperr.Unauthenticated.
func (s *Service) SignIn(ctx context.Context, token string) (User, string, Session, error) {
	now := s.now()
	hash := HashToken(token)
	t, err := s.store.UseSignInToken(ctx, hash, now, s.event(Anonymous, "signin.use", "signin:"+hash[:16], nil))
	if apperr.Is(err, apperr.NotFound) {
		return User{}, "", Session{}, apperr.New(apperr.Unauthenticated, "This sign-in link has expired or has already been used. Ask for a new one.")
	}
	if err != nil {
		return User{}, "", Session{}, fmt.Errorf("people: using sign-in token: %w", err)
	}
	u, err := s.store.UserByEmail(ctx, t.Email)
	if apperr.Is(err, apperr.NotFound) {
		var name string
		if name, err = s.defaultName(); err == nil {
			u, err = s.createUser(ctx, System, t.Email, name, nil)
		}
		if apperr.Is(err, apperr.Conflict) { // created concurrently by another sign-in
			u, err = s.store.UserByEmail(ctx, t.Email)
		}
	}
	if err != nil {
		return User{}, "", Session{}, fmt.Errorf("people: finding user: %w", err)
	}
	raw, sess, err := s.StartSession(ctx, u)
	return u, raw, sess, err
}

// StartSession starts a session for u (used by SignIn, and by the demo to
// print a ready sign-in) and returns the raw session id and the session.
func (s *Service) StartSession(ctx context.Context, u User) (string, Session, error) {
	raw, err := s.newToken()
	if err != nil {
		return "", Session{}, err
	}
	now := s.now()
	sess := Session{IDHash: HashToken(raw), UserID: u.ID, Created: now, Expires: now.Add(s.cfg.SessionTTL), LastSeen: now}
	if err := s.store.CreateSession(ctx, sess, s.event(u, "session.start", audit.ObjectRef("user", u.ID), nil)); err != nil {
		return "", Session{}, fmt.Errorf("people: storing session: %w", err)
	}
	return raw, sess, nil
}

// Authenticate returns the user and session for a raw session id from a
// cookie. An unknown or expired session is apperr.Unauthenticated.
func (s *Service) Authenticate(ctx context.Context, rawSession string) (User, Session, error) {
	if rawSession == "" {
		return User{}, Session{}, apperr.New(apperr.Unauthenticated, "Sign in to continue.")
	}
	sess, u, err := s.store.SessionByHash(ctx, HashToken(rawSession), s.now())
	if apperr.Is(err, apperr.NotFound) {
		return User{}, Session{}, apperr.New(apperr.Unauthenticated, "Your session has ended. Sign in again.")
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("people: loading session: %w", err)
	}
	return u, sess, nil
}

// SignOut ends the session with this raw id; an unknown one is not an error.
func (s *Service) SignOut(ctx context.Context, u User, rawSession string) error {
	if rawSession == "" {
		return nil
	}
	hash := HashToken(rawSession)
	if err := s.store.DeleteSession(ctx, hash, s.event(u, "session.end", audit.ObjectRef("user", u.ID), nil)); err != nil {
		return err
	}
	if s.cfg.SessionEnded != nil {
		s.cfg.SessionEnded(ctx, hash)
	}
	return nil
}

// userChanged calls the UserChanged hook after a change to a user, when
// the change succeeded.
func (s *Service) userChanged(ctx context.Context, userID int64, err error) error {
	if err == nil && s.cfg.UserChanged != nil {
		s.cfg.UserChanged(ctx, userID)
	}
	return err
}

// AddUser creates a user with extra roles (folkmoot user add, demo
// seeding). An empty displayName gives the same neutral default name as
// SignIn. Only admins (or System) may add users with roles other than
// citizen.
func (s *Service) AddUser(ctx context.Context, actor User, email, displayName string, roles ...Role) (User, error) {
	email, err := NormaliseEmail(email)
	if err != nil {
		return User{}, err
	}
	if displayName == "" {
		if displayName, err = s.defaultName(); err != nil {
			return User{}, err
		}
	}
	if err := ValidateDisplayName(displayName); err != nil {
		return User{}, err
	}
	for _, r := range roles {
		if r != RoleCitizen && !actor.Has(RoleAdmin) {
			return User{}, apperr.New(apperr.Forbidden, "Only administrators can give people roles.")
		}
	}
	return s.createUser(ctx, actor, email, displayName, roles)
}

func (s *Service) createUser(ctx context.Context, actor User, email, name string, roles []Role) (User, error) {
	u := User{Email: email, DisplayName: name, Roles: normaliseRoles(roles)}
	rs := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		rs[i] = string(r)
	}
	ev := s.event(actor, "user.create", "", map[string]string{"roles": strings.Join(rs, ",")})
	if err := s.store.CreateUser(ctx, &u, ev); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return User{}, apperr.New(apperr.Conflict, "There is already an account for %s.", email)
		}
		return User{}, fmt.Errorf("people: creating user: %w", err)
	}
	return u, nil
}

// SetRole grants or revokes role r for userID. Only admins may.
func (s *Service) SetRole(ctx context.Context, actor User, userID int64, r Role, on bool) error {
	if !actor.Has(RoleAdmin) {
		return apperr.New(apperr.Forbidden, "Only administrators can change roles.")
	}
	if r == RoleCitizen {
		return apperr.Field("role", "Every user is a citizen; that role cannot be changed.")
	}
	action := "user.grant"
	if !on {
		action = "user.revoke"
	}
	ev := s.event(actor, action, audit.ObjectRef("user", userID), map[string]string{"role": string(r)})
	return s.userChanged(ctx, userID, s.store.SetRole(ctx, userID, r, on, ev))
}

// SetDisplayName changes the actor's own display name.
func (s *Service) SetDisplayName(ctx context.Context, actor User, name string) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to change your name.")
	}
	name = strings.TrimSpace(name)
	if err := ValidateDisplayName(name); err != nil {
		return err
	}
	if err := s.checkNameFree(ctx, actor, name); err != nil {
		return err
	}
	ev := s.event(actor, "user.rename", audit.ObjectRef("user", actor.ID), map[string]string{"name": name})
	return s.userChanged(ctx, actor.ID, s.store.SetDisplayName(ctx, actor.ID, name, ev))
}

// SetLanguage changes the actor's own language, in which Folkmoot shows
// pages and sends emails: i18n.English or i18n.Welsh. Anything else is
// apperr.Invalid on field "lang".
func (s *Service) SetLanguage(ctx context.Context, actor User, lang i18n.Lang) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to change your language.")
	}
	if !slices.Contains(i18n.Langs, lang) {
		return apperr.Field("lang", "Choose a language from the list")
	}
	ev := s.event(actor, "user.lang", audit.ObjectRef("user", actor.ID), map[string]string{"lang": string(lang)})
	return s.userChanged(ctx, actor.ID, s.store.SetLanguage(ctx, actor.ID, lang, ev))
}

// CreateOrganisation adds an organisation. Organisers and admins may.
func (s *Service) CreateOrganisation(ctx context.Context, actor User, o Organisation) (Organisation, error) {
	if !actor.Has(RoleOrganiser) {
		return Organisation{}, apperr.New(apperr.Forbidden, "Only organisers can add organisations.")
	}
	o.Name, o.Description, o.Website = strings.TrimSpace(o.Name), strings.TrimSpace(o.Description), strings.TrimSpace(o.Website)
	if err := ValidateOrganisation(o); err != nil {
		return Organisation{}, err
	}
	ev := s.event(actor, "organisation.create", "", map[string]string{"name": o.Name})
	if err := s.store.CreateOrganisation(ctx, &o, ev); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return Organisation{}, apperr.New(apperr.Conflict, "There is already an organisation called %q.", o.Name)
		}
		return Organisation{}, fmt.Errorf("people: creating organisation: %w", err)
	}
	return o, nil
}

// RequestRepresentation records that the actor asks to act for orgID; an
// organiser must verify it before it counts.
func (s *Service) RequestRepresentation(ctx context.Context, actor User, orgID int64) error {
	if !actor.SignedIn() {
		return apperr.New(apperr.Unauthenticated, "Sign in to represent an organisation.")
	}
	if _, err := s.store.Organisation(ctx, orgID); err != nil {
		return err
	}
	r := Representative{OrgID: orgID, UserID: actor.ID, Requested: s.now()}
	ev := s.event(actor, "representative.request", audit.ObjectRef("organisation", orgID), map[string]string{"user": fmt.Sprint(actor.ID)})
	return s.store.AddRepresentative(ctx, r, ev)
}

// AddRepresentative makes userID a verified representative of orgID at once
// (organisers and admins; used by the CLI and the demo).
func (s *Service) AddRepresentative(ctx context.Context, actor User, orgID, userID int64) error {
	if !actor.Has(RoleOrganiser) {
		return apperr.New(apperr.Forbidden, "Only organisers can verify representatives.")
	}
	now := s.now()
	r := Representative{OrgID: orgID, UserID: userID, Requested: now}
	ev := s.event(actor, "representative.request", audit.ObjectRef("organisation", orgID), map[string]string{"user": fmt.Sprint(userID)})
	if err := s.store.AddRepresentative(ctx, r, ev); err != nil && !apperr.Is(err, apperr.Conflict) {
		return err
	}
	return s.VerifyRepresentative(ctx, actor, orgID, userID)
}

// VerifyRepresentative confirms a pending link; the user then acts for the
// organisation and holds RoleOrgRep. Organisers and admins may.
func (s *Service) VerifyRepresentative(ctx context.Context, actor User, orgID, userID int64) error {
	if !actor.Has(RoleOrganiser) {
		return apperr.New(apperr.Forbidden, "Only organisers can verify representatives.")
	}
	ev := s.event(actor, "representative.verify", audit.ObjectRef("organisation", orgID), map[string]string{"user": fmt.Sprint(userID)})
	return s.userChanged(ctx, userID, s.store.VerifyRepresentative(ctx, orgID, userID, actor.ID, s.now(), ev))
}

// RemoveRepresentative ends a link. Organisers, admins and the
// representative themselves may.
func (s *Service) RemoveRepresentative(ctx context.Context, actor User, orgID, userID int64) error {
	if !actor.Has(RoleOrganiser) && actor.ID != userID {
		return apperr.New(apperr.Forbidden, "Only organisers can remove representatives.")
	}
	ev := s.event(actor, "representative.remove", audit.ObjectRef("organisation", orgID), map[string]string{"user": fmt.Sprint(userID)})
	return s.userChanged(ctx, userID, s.store.RemoveRepresentative(ctx, orgID, userID, ev))
}

// IsVerifiedRepresentative reports whether userID acts for orgID. It lets
// *Service satisfy gather.Representatives.
func (s *Service) IsVerifiedRepresentative(ctx context.Context, userID, orgID int64) (bool, error) {
	return s.store.IsVerifiedRepresentative(ctx, userID, orgID)
}

func normaliseRoles(rs []Role) []Role {
	out := []Role{RoleCitizen}
	for _, r := range Roles[1:] {
		for _, x := range rs {
			if x == r {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
