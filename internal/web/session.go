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
// a burst of requests (supports) costs one database read per person. A
// signed-out session is forgotten at once in this process; another process
// sharing the database may accept it for at most sessionCacheTTL. It is
// safe for concurrent use.
type sessionCache struct {
	mu sync.Mutex
	m  map[string]cachedSession
}

type cachedSession struct {
	user    people.User
	expires time.Time
}

const sessionCacheTTL = 5 * time.Second

func (c *sessionCache) get(raw string, now time.Time) (people.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[raw]
	if !ok || now.After(e.expires) {
		return people.User{}, false
	}
	return e.user, true
}

func (c *sessionCache) put(raw string, u people.User, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 20000 {
		c.m = map[string]cachedSession{}
	}
	c.m[raw] = cachedSession{user: u, expires: now.Add(sessionCacheTTL)}
}

// Forget drops a cached session (kit.Sessions), after a sign-out or a
// change to the person.
func (c *sessionCache) Forget(raw string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, raw)
}

func (s *Server) authenticate(ctx context.Context, raw string) (people.User, error) {
	now := time.Now()
	if u, ok := s.sessions.get(raw, now); ok {
		return u, nil
	}
	u, _, err := s.auth.Authenticate(ctx, raw)
	if err != nil {
		return people.User{}, err
	}
	s.sessions.put(raw, u, now)
	return u, nil
}
