package selectionweb

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

type publicData struct {
	Cycle        cycle.Cycle
	Sel          lottery.Selection
	Announced    bool
	Drawn        bool
	Quotas       []quotaRow
	PoolSize     int
	Members      int
	Dist         *distribution
	Command      string
	Files        []fileLink
	Replacements []lottery.Replacement
	CanOrganise  bool
	Manage       string
}

type fileLink struct{ Name, URL string }

// public: GET /cycles/{id}/selection, public. How the assembly is
// chosen, the quotas, the pool and the panel against the population, the
// distribution of selection probabilities, the seed, the hash and the
// command that repeats the draw. Nothing personal.
func (h *Handler) public(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), kit.Printer(r)
	c, err := h.d.Rounds.Cycle(ctx, id)
	if err != nil {
		return err
	}
	sel, err := h.d.Selection.Get(ctx, id)
	if err != nil {
		return err
	}
	d := publicData{Cycle: c, Sel: sel, Announced: sel.Announced(), Drawn: sel.State == lottery.Drawn,
		CanOrganise: kit.User(r).Has(people.RoleOrganiser), Manage: managePath(id), Replacements: sel.Replacements}
	if d.Announced {
		var comp *composition
		if data, err := h.d.Selection.File(ctx, id, lottery.PeopleFile); err == nil {
			if comp, err = readPeople(data); err != nil {
				return err
			}
			d.PoolSize = comp.n
		}
		var members []string
		if d.Drawn {
			ms, err := h.d.Selection.Members(ctx, id)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.Current() {
					members = append(members, m.ID)
				}
			}
			d.Members = len(members)
		}
		d.Quotas = quotaRows(p, sel.Quotas, sel.PanelSize, nil, comp, sel.Selected, members)
		if data, err := h.d.Selection.File(ctx, id, "probabilities.csv"); err == nil {
			if d.Dist, err = readDistribution(bytes.NewReader(data), sel.PanelSize); err != nil {
				return err
			}
		}
		d.Command = lottery.Command(sel)
		for _, f := range lottery.PublicFiles {
			if lottery.Published(sel, f) {
				d.Files = append(d.Files, fileLink{f, publicPath(id) + "/" + f})
			}
		}
	} else if len(sel.Quotas) > 0 {
		d.Quotas = quotaRows(p, sel.Quotas, sel.PanelSize, nil, nil, nil, nil)
	}
	h.rd.Page(w, r, http.StatusOK, "selection", &kit.Page{Title: p.T("How the assembly is chosen"), Data: d,
		Breadcrumbs: kit.RoundCrumbs(p, id, c.Title)})
	return nil
}

// contentTypes are the published files' types.
var contentTypes = map[string]string{".csv": "text/csv; charset=utf-8", ".json": "application/json", ".sha256": "text/plain; charset=utf-8", ".svg": "image/svg+xml"}

func contentType(name string) string {
	for ext, t := range contentTypes {
		if len(name) > len(ext) && name[len(name)-len(ext):] == ext {
			return t
		}
	}
	return "application/octet-stream"
}

// file: GET /cycles/{id}/selection/{file}, public. A published file of
// the selection, at a stable address (404 until it is published).
func (h *Handler) file(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	name := r.PathValue("file")
	if !slices.Contains(lottery.PublicFiles, name) {
		return apperr.New(apperr.NotFound, "There is no such file.")
	}
	data, err := h.d.Selection.File(r.Context(), id, name)
	if err != nil {
		return err
	}
	serveFile(w, name, data, "public, max-age=60")
	return nil
}

func serveFile(w http.ResponseWriter, name string, data []byte, cache string) {
	hd := w.Header()
	hd.Set("Content-Type", contentType(name))
	hd.Set("Cache-Control", cache)
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// reportFile: GET /cycles/{id}/selection/manage/report/{file},
// organisers. The run's files before they are published (the chart).
func (h *Handler) reportFile(w http.ResponseWriter, r *http.Request) error {
	id, err := cycleID(r)
	if err != nil {
		return err
	}
	name := r.PathValue("file")
	if !slices.Contains(lottery.PublicFiles, name) || name == "result.json" {
		return apperr.New(apperr.NotFound, "There is no such file.")
	}
	data, err := h.d.Selection.Report(r.Context(), kit.User(r), id, name)
	if err != nil {
		return err
	}
	serveFile(w, name, data, "no-store")
	return nil
}
