package kit

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/people"
)

// Page is the data every template gets. Handlers fill in Title, Data and
// what they need of Flash, Errors and Breadcrumbs, all in the request's
// language; the Renderer fills in the rest.
type Page struct {
	Title       string // the page's h1 and <title>
	Flash       string // a one-off confirmation shown at the top (else the cookie's)
	Errors      []FieldError
	Breadcrumbs []Crumb
	Data        any // the page's own data

	// Set by the Renderer.
	Site       *Site
	User       people.User
	Path       string    // the request path
	Lang       i18n.Lang // the language of the page
	LangSwitch LangLink  // the link to the same page in the other language
	Nav        []NavLink // the header navigation, for this user
	Status     int       // the HTTP status sent
}

// Crumb is one breadcrumb link (Label already translated).
type Crumb struct{ Label, URL string }

// Site is the organisation's look, from the configuration.
type Site struct {
	OrgName     string
	ServiceName string
	LogoURL     string
	Demo        bool // a demo: mail goes to the outbox, shown at /outbox
	Secure      bool // served over https: cookies are Secure
}

// NavItem is an entry of the header navigation, contributed by an area.
// Label is a msgid (write it with i18n.Mark); Access says who sees it.
type NavItem struct {
	URL    string
	Label  string
	Access Access
}

// NavLink is a NavItem as shown: Label is translated into the page's
// language (the Renderer does it), Current marks the page the person is
// on.
type NavLink struct {
	URL, Label string
	Current    bool
}

// LangLink is the link to the same page in the other language. Name is
// the language's own name (Cymraeg, English), never translated.
type LangLink struct {
	URL  string
	Name string
	Tag  string // BCP 47 tag for lang and hreflang
}

// autonyms are the languages' names in themselves.
var autonyms = map[i18n.Lang]string{i18n.English: "English", i18n.Welsh: "Cymraeg"}

// LangName returns a language's name in itself ("English", "Cymraeg"),
// which is never translated: people look for their own language's name.
func LangName(l i18n.Lang) string { return autonyms[l] }

// langSwitch returns the link to r's page in the language other than l,
// keeping its other query parameters. A page shown in answer to a form
// (a POST, with errors) links to the page the form was on: the form's own
// address takes no GET.
func langSwitch(r *http.Request, l i18n.Lang) LangLink {
	other := i18n.Welsh
	if l == i18n.Welsh {
		other = i18n.English
	}
	page := r.URL
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		page, _ = url.Parse(LocalPath(r.Referer(), "/"))
	}
	q := url.Values{}
	for k, v := range page.Query() {
		q[k] = v
	}
	q.Set("lang", string(other))
	return LangLink{URL: page.EscapedPath() + "?" + q.Encode(), Name: autonyms[other], Tag: other.Tag()}
}

// navFor returns the navigation links u may see, marking the one whose URL
// is the longest prefix of path as current.
func navFor(items []NavItem, u people.User, demo bool, path string) []NavLink {
	best, bestLen := -1, 0
	var out []NavLink
	for _, it := range items {
		if it.Access.IsDemo() && !demo || !it.Access.Allows(u) && !it.Access.IsPublic() {
			continue
		}
		out = append(out, NavLink{URL: it.URL, Label: it.Label})
		if (path == it.URL || it.URL != "/" && strings.HasPrefix(path, it.URL+"/")) && len(it.URL) > bestLen {
			best, bestLen = len(out)-1, len(it.URL)
		}
	}
	if best >= 0 {
		out[best].Current = true
	}
	return out
}
