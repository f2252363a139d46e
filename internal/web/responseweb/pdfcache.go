package responseweb

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/response"
)

// pdfCache keeps the last stocktake PDF made for each round and language,
// with the digest of what it was made from (the round, the report and the
// stocktake): a request whose inputs have the same digest gets the kept
// file, so the PDF is made once per change rather than once per request.
// It holds at most one file per round and language.
type pdfCache struct {
	mu sync.Mutex
	m  map[pdfKey]pdfEntry
}

type pdfKey struct {
	cycle int64
	lang  i18n.Lang
}

type pdfEntry struct {
	sum  string // of the inputs, hex
	body []byte
}

// pdfInputs is the digest of everything a stocktake PDF is made from in
// one language; ok is false if it cannot be taken (the file is then made
// afresh and not kept).
func pdfInputs(lang i18n.Lang, c cycle.Cycle, st response.Stocktake, rep response.Report) (sum string, ok bool) {
	b, err := json.Marshal(struct {
		Lang      i18n.Lang
		Cycle     cycle.Cycle
		Stocktake response.Stocktake
		Report    response.Report
	}{lang, c, st, rep})
	if err != nil {
		return "", false
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16]), true
}

// get returns the kept file for key if it was made from inputs sum.
func (pc *pdfCache) get(k pdfKey, sum string) (pdfEntry, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.m[k]
	return e, ok && e.sum == sum
}

func (pc *pdfCache) put(k pdfKey, e pdfEntry) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.m == nil {
		pc.m = map[pdfKey]pdfEntry{}
	}
	pc.m[k] = e
}

// servePDF answers with a kept or new file: 304 to a client that has it
// (If-None-Match with the inputs' digest as a weak ETag, since another
// server makes the same report with another creation date).
func servePDF(w http.ResponseWriter, r *http.Request, e pdfEntry) {
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", `inline; filename="stocktake.pdf"`)
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Vary", "Accept-Language, Cookie")
	hd.Set("ETag", `W/"`+e.sum+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(e.body))
}
