package kit

import (
	"bytes"
	"fmt"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// Fragment renders the template called name (a partial, such as one
// comment) from page's template set in language lang, with data, and
// returns its HTML: a piece of a page sent by a live update, made by the
// same partial as the page itself, so that a refresh shows the same. The
// data is whatever the partial expects (a *Page inside it is not filled
// in by the Renderer: set what the partial reads).
func (rd *Renderer) Fragment(lang i18n.Lang, page, name string, data any) (string, error) {
	set := rd.pages[lang]
	if set == nil {
		set = rd.pages[i18n.English]
	}
	t := set[page]
	if t == nil {
		return "", fmt.Errorf("kit: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("kit: rendering %s of page %s: %w", name, page, err)
	}
	return buf.String(), nil
}
