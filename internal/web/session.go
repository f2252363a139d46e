package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// session loads the signed-in person from the session cookie. A stale
// cookie is cleared; the request goes on anonymously. The person's stored
// language then applies (storedLanguage): a language just chosen (?lang=)
// is stored for them, and theirs replaces one guessed from the browser.
func (s *Server) session(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStatic(r) {
			h.ServeHTTP(w, r)
			return
		}
		c, err := r.Cookie(kit.SessionCookie)
		if err == nil && c.Value != "" {
			u, err := s.authenticate(r.Context(), c.Value)
			switch {
			case err == nil:
				ri := kit.Info(r)
				ri.User, ri.Session = u, c.Value
			case apperr.Is(err, apperr.Unauthenticated) || apperr.Is(err, apperr.NotFound):
				kit.ClearSessionCookie(w, s.secure)
			default:
				s.render.Fail(w, r, err)
				return
			}
		}
		ri := kit.Info(r)
		s.storedLanguage(r, ri.User, ri.Session)
		h.ServeHTTP(w, r)
	})
}

// sessionCache remembers recent session lookups for a few seconds, so that
// a burst of requests (supports) costs one database read per person. It is
// keyed by the session's hash (people.HashToken), the value servers
// announce on the live broker: a sign-out or a change to a person on any
// server drops the entry here at once (watchSessions), and the time to
// live only bounds how stale an entry gets when such an event is lost. It
// is safe for concurrent use.
//
// A lookup that started before something was forgotten is not cached (the
// epoch moved on meanwhile): it may have read the session just before the
// sign-out, and would otherwise keep it for the whole time to live.
type sessionCache struct {
	mu    sync.Mutex
	m     map[string]cachedSession
	epoch uint64 // counts the forgets
}

type cachedSession struct {
	user    people.User
	expires time.Time
}

const sessionCacheTTL = 5 * time.Second

func (c *sessionCache) get(hash string, now time.Time) (people.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || now.After(e.expires) {
		return people.User{}, false
	}
	return e.user, true
}

// begin returns the epoch to give put after reading a session.
func (c *sessionCache) begin() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// put caches u for hash, unless something was forgotten since begin
// returned epoch.
func (c *sessionCache) put(hash string, u people.User, now time.Time, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch {
		return
	}
	if c.m == nil || len(c.m) > 20000 {
		c.m = map[string]cachedSession{}
	}
	c.m[hash] = cachedSession{user: u, expires: now.Add(sessionCacheTTL)}
}

// Forget drops a cached session by its raw id (kit.Sessions), after a
// sign-out or a change to the person. Other servers hear of it through the
// people service's hooks (AnnounceSignOut, AnnounceUserChange).
func (c *sessionCache) Forget(raw string) { c.forgetHash(sessionHash(raw)) }

// forgetHash drops a cached session by its hash.
func (c *sessionCache) forgetHash(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	delete(c.m, hash)
}

// forgetUser drops every cached session of user id.
func (c *sessionCache) forgetUser(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	for k, e := range c.m {
		if e.user.ID == id {
			delete(c.m, k)
		}
	}
}

// forgetAll empties the cache.
func (c *sessionCache) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	c.m = nil
}

func (s *Server) authenticate(ctx context.Context, raw string) (people.User, error) {
	now := time.Now()
	hash := sessionHash(raw)
	if u, ok := s.sessions.get(hash, now); ok {
		return u, nil
	}
	epoch := s.sessions.begin()
	u, _, err := s.auth.Authenticate(ctx, raw)
	if err != nil {
		return people.User{}, err
	}
	s.sessions.put(hash, u, now, epoch)
	return u, nil
}
