package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/assets"
	"github.com/folkmoot/folkmoot/internal/people"
)

//go:embed templates
var templateFS embed.FS

// page is the data every template gets. Content-specific data is in Data.
type page struct {
	Title       string // the page's h1 and <title>
	Site        *site
	User        people.User
	CSRF        string // token for the forms on this page
	Path        string // request path, for the current navigation item
	Flash       string // one-off confirmation shown at the top
	Errors      []fieldError
	Breadcrumbs []crumb
	Data        any
}

// site is the organisation's look, from the configuration.
type site struct {
	OrgName     string
	ServiceName string
	LogoURL     string
	Outbox      bool // demo: link to /outbox
}

type crumb struct{ Label, URL string }

// fieldError is one entry of the error summary, linked to its field.
type fieldError struct {
	Field   string // the id of the input
	Message string
}

// form holds the values a person typed and the problems found, for
// re-showing a form.
type form struct {
	Values url.Values
	Errs   []fieldError
}

// Get returns the submitted value of field.
func (f *form) Get(field string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(field)
}

// Err returns the message for field, or "".
func (f *form) Err(field string) string {
	if f == nil {
		return ""
	}
	for _, e := range f.Errs {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// templates maps a page name to its parsed template set.
type templates map[string]*template.Template

// parseTemplates parses the layout and partials with each page, once.
func parseTemplates() (templates, error) {
	funcs := template.FuncMap{
		"asset":      assets.URL,
		"paragraphs": paragraphs,
		"excerpt":    excerpt,
		"date":       func(t time.Time) string { return t.Format("2 January 2006") },
		"datetime":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"plural":     plural,
		"add":        func(a, b int) int { return a + b },
		"join":       strings.Join,
		"withParam":  withParam,
		"has":        func(u people.User, role string) bool { return u.Has(people.Role(role)) },
		"idstr":      func(id int64) string { return strconv.FormatInt(id, 10) },
		"navItem":    navItem,
		"field":      textField,
		"bigfield":   bigField,
		"emailfield": emailField,
		"area":       areaField,
		"replyField": replyField,
		"commentCtx": commentCtx,
		"orgCtx":     orgCtx,
	}
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	t := templates{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		tt, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return nil, fmt.Errorf("web: parsing %s: %w", p, err)
		}
		t[name] = tt
	}
	return t, nil
}

// plural returns "1 supporter" or "3 supporters".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// withParam returns the query string q with key set to value (for
// pagination and sort links that keep the other filters).
func withParam(q url.Values, key, value string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	if key != "page" {
		c.Del("page")
		c.Del("after") // a cursor belongs to one sort and filter
	}
	if len(c) == 0 {
		return "?"
	}
	return "?" + c.Encode()
}

// with returns a copy of q with key set to value.
func with(q url.Values, key, value string) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	c.Set(key, value)
	return c
}

// without returns a copy of q without key.
func without(q url.Values, key string) url.Values {
	c := url.Values{}
	for k, v := range q {
		if k != key {
			c[k] = v
		}
	}
	return c
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes page template name into a buffer, then writes it with
// code, so that a template error never produces half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name, title string, data any) {
	s.renderPage(w, r, code, name, &page{Title: title, Data: data})
}

// renderPage is render with a page the handler filled in (flash, errors,
// breadcrumbs).
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, code int, name string, p *page) {
	t, ok := s.tmpl[name]
	if !ok {
		s.log.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.Site = &s.site
	p.User = userOf(r)
	p.Path = r.URL.Path
	p.CSRF = s.csrfToken(w, r)
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		s.log.Error("template", "name", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if p.User.SignedIn() || len(p.CSRF) > 0 {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

const flashCookieName = "fm_flash"

// flash sets a one-off message shown on the next page rendered.
func (s *Server) flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookieName, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookieName)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	msg, err := url.QueryUnescape(c.Value)
	if err != nil || len(msg) > 200 {
		return ""
	}
	return msg
}
