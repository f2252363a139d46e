package kit

import (
	"context"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Request is what the shell's middleware learns about a request and shares
// with handlers through the context. Handlers read it with User, Printer,
// Lang, Session and ClientIP.
type Request struct {
	User       people.User // Anonymous unless signed in
	Session    string      // the raw session id from the cookie, when valid
	Lang       i18n.Lang   // the language pages are shown in
	LangChosen bool        // the language was chosen on this request (?lang=)
	// LangGuessed: no language was chosen (no ?lang=, no language
	// cookie), so Lang follows the browser's Accept-Language until the
	// signed-in person's stored language, if any, replaces it.
	LangGuessed bool
	ClientIP    string    // the client's address (X-Forwarded-For behind a trusted proxy)
	Start       time.Time // when the request arrived
}

type ctxKey struct{}

// With returns r carrying info; the shell calls it once per request, and
// middleware fills info in as it learns more.
func With(r *http.Request, info *Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, info))
}

// Info returns the request's Request, never nil (an empty one, English and
// anonymous, outside the shell's middleware, as in unit tests of one
// handler).
func Info(r *http.Request) *Request {
	if ri, ok := r.Context().Value(ctxKey{}).(*Request); ok {
		return ri
	}
	return &Request{Lang: i18n.English}
}

// User returns the signed-in person of r, or people.Anonymous.
func User(r *http.Request) people.User { return Info(r).User }

// Lang returns the language r is served in.
func Lang(r *http.Request) i18n.Lang {
	if l := Info(r).Lang; l != "" {
		return l
	}
	return i18n.English
}

// Printer returns the message printer for r's language: handlers write
// kit.Printer(r).T("Your comment has been added.").
func Printer(r *http.Request) *i18n.Printer { return i18n.For(Lang(r)) }

// Session returns r's raw session id, or "" when not signed in.
func Session(r *http.Request) string { return Info(r).Session }

// ClientIP returns the address of r's client, as the shell determined it.
func ClientIP(r *http.Request) string { return Info(r).ClientIP }

// Limiter allows a number of events per key over time (token buckets kept
// by the shell). Allow takes one event for key and reports whether it was
// within the limit.
type Limiter interface {
	Allow(key string) bool
}

// Sessions is what areas need of the shell's session cache.
type Sessions interface {
	// Forget drops a cached session lookup (after a sign-out or a change
	// to the person), so the next request reads it again.
	Forget(raw string)
}

// LanguageSaver stores a signed-in person's language choice, so that what
// is sent to them later (emails) is in that language. Optional: the shell
// calls it, when set, after someone picks a language with ?lang=.
type LanguageSaver interface {
	SetLanguage(ctx context.Context, actor people.User, lang i18n.Lang) error
}

// LanguageSaverFunc adapts a function to a LanguageSaver.
type LanguageSaverFunc func(ctx context.Context, actor people.User, lang i18n.Lang) error

// SetLanguage calls f.
func (f LanguageSaverFunc) SetLanguage(ctx context.Context, actor people.User, lang i18n.Lang) error {
	return f(ctx, actor, lang)
}

// Msg translates a msgid held in a variable (a table entry written with
// i18n.Mark) with no arguments. (Printer.T with a variable format and no
// arguments is what vet warns about; here it is meant.)
func Msg(p *i18n.Printer, msgid string) string { return p.T(msgid, noArgs...) }

var noArgs []any
