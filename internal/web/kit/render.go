package kit

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/assets"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

//go:embed templates
var kitFS embed.FS

// Templates are an area's page templates: FS holds pages/*.html (each
// defining "content", and optionally "head") and, optionally,
// partials/*.html shared by the area's pages. Funcs are the area's own
// template functions (language-independent; text goes through t).
type Templates struct {
	FS    fs.FS
	Funcs template.FuncMap
}

// EmbeddedTemplates returns the Templates in the folder "templates" of an
// area's embedded files (//go:embed templates), with funcs.
func EmbeddedTemplates(files fs.FS, funcs template.FuncMap) Templates {
	sub, err := fs.Sub(files, "templates")
	if err != nil {
		panic(err) // the folder is embedded by the caller
	}
	return Templates{FS: sub, Funcs: funcs}
}

// RendererConfig is what NewRenderer needs.
type RendererConfig struct {
	Site  Site
	Log   *slog.Logger
	Nav   []NavItem   // the header navigation, in order
	Areas []Templates // every area's pages; page names must be unique
}

// Renderer renders pages and errors. It holds one parsed template set per
// language and page, made once in NewRenderer: rendering never parses or
// clones. It is safe for concurrent use.
type Renderer struct {
	site  Site
	log   *slog.Logger
	nav   []NavItem
	pages map[i18n.Lang]map[string]*template.Template
}

// NewRenderer parses the layout, the shared partials and every area's
// pages, once per language, with i18n's template functions bound to that
// language.
func NewRenderer(cfg RendererConfig) (*Renderer, error) {
	rd := &Renderer{site: cfg.Site, log: cfg.Log, nav: cfg.Nav, pages: map[i18n.Lang]map[string]*template.Template{}}
	if rd.log == nil {
		rd.log = slog.New(slog.DiscardHandler)
	}
	own, err := fs.Sub(kitFS, "templates")
	if err != nil {
		return nil, err
	}
	areas := append([]Templates{{FS: own}}, cfg.Areas...)
	for _, l := range i18n.Langs {
		set, err := parseLang(l, areas)
		if err != nil {
			return nil, err
		}
		rd.pages[l] = set
	}
	return rd, nil
}

// parseLang parses every page of every area for language l.
func parseLang(l i18n.Lang, areas []Templates) (map[string]*template.Template, error) {
	funcs := baseFuncs()
	for k, f := range i18n.For(l).FuncMap() {
		funcs[k] = f
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(kitFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("kit: parsing the layout: %w", err)
	}
	set := map[string]*template.Template{}
	for _, a := range areas {
		ab, err := base.Clone()
		if err != nil {
			return nil, err
		}
		ab.Funcs(a.Funcs)
		if parts, _ := fs.Glob(a.FS, "partials/*.html"); len(parts) > 0 {
			if _, err := ab.ParseFS(a.FS, "partials/*.html"); err != nil {
				return nil, fmt.Errorf("kit: parsing partials: %w", err)
			}
		}
		pages, err := fs.Glob(a.FS, "pages/*.html")
		if err != nil {
			return nil, err
		}
		for _, p := range pages {
			name := strings.TrimSuffix(path.Base(p), ".html")
			if set[name] != nil {
				return nil, fmt.Errorf("kit: two areas have a page named %q", name)
			}
			pt, err := ab.Clone()
			if err != nil {
				return nil, err
			}
			if _, err := pt.ParseFS(a.FS, p); err != nil {
				return nil, fmt.Errorf("kit: parsing %s: %w", p, err)
			}
			set[name] = pt
		}
	}
	return set, nil
}

// baseFuncs are the template functions every page may use besides i18n's.
func baseFuncs() template.FuncMap {
	return template.FuncMap{
		"asset":      assets.URL,
		"paragraphs": Paragraphs,
		"excerpt":    Excerpt,
		"isotime":    func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"add":        func(a, b int) int { return a + b },
		"join":       strings.Join,
		"withParam":  WithParam,
		"has":        func(u people.User, role string) bool { return u.Has(people.Role(role)) },
		"idstr":      func(id int64) string { return strconv.FormatInt(id, 10) },
		"field":      TextField,
		"bigfield":   BigField,
		"emailfield": EmailField,
		"area":       AreaField,
	}
}

// Has reports whether a page called name exists (for tests).
func (rd *Renderer) Has(name string) bool { return rd.pages[i18n.English][name] != nil }

// Site returns the site the Renderer was made with.
func (rd *Renderer) Site() Site { return rd.site }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render renders page name with a title and data (see Page).
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, code int, name, title string, data any) {
	rd.Page(w, r, code, name, &Page{Title: title, Data: data})
}

// Page executes page template name in r's language into a buffer, then
// writes it with code, so that a template error never sends half a page.
// Pages vary by language and person: they are sent with Vary: Cookie,
// Accept-Language, and never stored by shared caches.
func (rd *Renderer) Page(w http.ResponseWriter, r *http.Request, code int, name string, p *Page) {
	lang := Lang(r)
	t := rd.pages[lang][name]
	if t == nil {
		rd.log.Error("no template", "name", name)
		http.Error(w, Msg(Printer(r), apperr.Generic), http.StatusInternalServerError)
		return
	}
	p.Site, p.User, p.Path, p.Lang, p.Status = &rd.site, User(r), r.URL.Path, lang, code
	p.LangSwitch = langSwitch(r, lang)
	p.Nav = navFor(rd.nav, p.User, rd.site.Demo, r.URL.Path)
	for i := range p.Nav {
		p.Nav[i].Label = Msg(Printer(r), p.Nav[i].Label) // a msgid marked where the area lists it
	}
	if p.Flash == "" {
		p.Flash = takeFlash(w, r, rd.site.Secure)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		rd.log.Error("template", "name", name, "err", err)
		http.Error(w, Msg(Printer(r), apperr.Generic), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Add("Vary", "Cookie, Accept-Language")
	if p.User.SignedIn() {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "private, no-cache")
	}
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// Flash sets a one-off message (already in the request's language) shown
// on the next page rendered.
func (rd *Renderer) Flash(w http.ResponseWriter, msg string) { setFlash(w, msg, rd.site.Secure) }

// SeeOther ends a form POST: it sets flash (if not "") and redirects to
// url with 303 See Other. It returns nil, for handlers to return.
func (rd *Renderer) SeeOther(w http.ResponseWriter, r *http.Request, url, flash string) error {
	if flash != "" {
		rd.Flash(w, flash)
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}
