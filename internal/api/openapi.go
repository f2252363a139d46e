package api

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// OpenAPI is the OpenAPI 3 document of the read-only API, served at
// /api/openapi.json. It is written by hand in openapi.json: to publish a
// new file, add its path there (cmd/folkmoot's TestOpenAPIDescribesEveryFile
// fails until every public data route is in it, and TestOpenAPIAnswers
// requests each path and checks the answer against its schema).
//
//go:embed openapi.json
var OpenAPI []byte

// openAPITag is the document's ETag: it changes only with the binary.
var openAPITag = func() string {
	sum := sha256.Sum256(OpenAPI)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// started is when this binary started serving: the document's
// Last-Modified (it cannot change while the process runs).
var started = time.Now().UTC().Truncate(time.Second)

// openAPIJSON: GET /api/openapi.json, public. The document, cached like the
// other exports (304 to a conditional request).
func (h *Handler) openAPIJSON(w http.ResponseWriter, r *http.Request) error {
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("ETag", openAPITag)
	http.ServeContent(w, r, "", started, bytes.NewReader(OpenAPI))
	return nil
}

//go:embed templates
var templateFS embed.FS

// Templates returns the area's pages (the API's page) for the
// kit.Renderer.
func Templates() kit.Templates { return kit.EmbeddedTemplates(templateFS, nil) }

// apiPage: GET /api, public. What the open data is, where to start, and
// the link to the OpenAPI document.
func (h *Handler) apiPage(w http.ResponseWriter, r *http.Request) error {
	p := kit.Printer(r)
	h.env.Render.Page(w, r, http.StatusOK, "api", &kit.Page{Title: p.T("Open data and API"), Data: h.d.BaseURL,
		Breadcrumbs: []kit.Crumb{{Label: p.T("Home"), URL: "/"}}})
	return nil
}
