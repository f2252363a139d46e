package kit

import (
	"strconv"

	"github.com/folkmoot/folkmoot/internal/i18n"
)

// RoundPath is the address of round id's page followed by rest
// ("/cycles/{id}" + rest): every area of a round lives under it.
func RoundPath(id int64, rest string) string {
	return "/cycles/" + strconv.FormatInt(id, 10) + rest
}

// RoundCrumbs are the breadcrumbs of a page of a round: Home, Rounds, the
// round (id, title), then the area's own crumbs, more.
func RoundCrumbs(p *i18n.Printer, id int64, title string, more ...Crumb) []Crumb {
	return append([]Crumb{{Label: p.T("Home"), URL: "/"}, {Label: p.T("Rounds"), URL: "/cycles"}, {Label: title, URL: RoundPath(id, "")}}, more...)
}
