package api

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// roundExport returns the snapshot and the round named in the path
// (NotFound for no such round).
func (h *Handler) roundExport(r *http.Request) (*snapshot, int64, error) {
	id, err := kit.ParseID(r.PathValue("id"))
	if err != nil {
		return nil, 0, err
	}
	if _, err := h.d.Rounds.Cycle(r.Context(), id); err != nil {
		return nil, 0, err
	}
	s, err := h.export(r)
	return s, id, err
}

// serveBytes answers with b and a strong ETag of it (conditional requests
// answered 304; the shell's gzip middleware compresses it if asked).
func serveBytes(w http.ResponseWriter, r *http.Request, s *snapshot, b []byte, ctype string) {
	h64 := fnv.New64a()
	h64.Write(b)
	serveBody(w, r, &body{plain: b, etag: fmt.Sprintf(`"%x"`, h64.Sum64()), modified: s.json.modified}, ctype)
}

// cycleIssuesJSON: GET /cycles/{id}/issues.json, public. The round's
// public issues, each as in /issues.json (open first, newest first): past
// rounds' issues are reachable here whatever the current round is.
func (h *Handler) cycleIssuesJSON(w http.ResponseWriter, r *http.Request) error {
	s, id, err := h.roundExport(r)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("[")
	n := 0
	for i, item := range s.items {
		if s.rounds[i] != id {
			continue
		}
		if n > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		b.Write(item)
		n++
	}
	b.WriteString("\n]\n")
	w.Header().Set("X-Total-Count", fmt.Sprint(n))
	serveBytes(w, r, s, b.Bytes(), "application/json; charset=utf-8")
	return nil
}

// cycleIssuesCSV: GET /cycles/{id}/issues.csv, public. The round's rows of
// /issues.csv, with its header and byte-order mark.
func (h *Handler) cycleIssuesCSV(w http.ResponseWriter, r *http.Request) error {
	s, id, err := h.roundExport(r)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	b.Write(s.header)
	for i, row := range s.rows {
		if s.rounds[i] == id {
			b.Write(row)
		}
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="issues-round-%d.csv"`, id))
	serveBytes(w, r, s, b.Bytes(), "text/csv; charset=utf-8")
	return nil
}
