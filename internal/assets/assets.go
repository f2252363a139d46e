package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Names of the files pages link to, relative to /static/ (pass them to [URL]).
const (
	// NHSUKCSS is the NHS.UK frontend stylesheet (with a system font stack).
	NHSUKCSS = "vendor/nhsuk-frontend/nhsuk-frontend.min.css"
	// NHSUKJS is the NHS.UK frontend ES module; FolkmootJS imports it.
	NHSUKJS = "vendor/nhsuk-frontend/nhsuk-frontend.min.js"
	// FolkmootCSS is folkmoot's own stylesheet, linked after NHSUKCSS.
	FolkmootCSS = "folkmoot.css"
	// FolkmootJS is folkmoot's only script, loaded with type="module".
	FolkmootJS = "folkmoot.js"
	// Favicon is folkmoot's icon (not the NHS logo).
	Favicon = "favicon.svg"
)

// Prefix is the URL path under which [Handler] serves the files.
const Prefix = "/static/"

//go:embed static
var embedded embed.FS

// file is one embedded file, with its hash and (for text) gzipped body.
type file struct {
	body  []byte
	gz    []byte // nil when not worth compressing
	hash  string // first 16 hex digits of SHA-256
	ctype string
}

var (
	loadOnce sync.Once
	files    map[string]*file // by name relative to static/
)

// load reads every embedded file once. It panics if the embedded tree is
// unreadable, which would be a build error.
func load() {
	loadOnce.Do(func() {
		files = map[string]*file{}
		err := fs.WalkDir(embedded, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
				return err
			}
			b, err := embedded.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			f := &file{body: b, hash: hex.EncodeToString(sum[:8]), ctype: contentType(p)}
			if compressible(f.ctype) && len(b) > 1024 {
				f.gz = gzipBytes(b)
			}
			files[strings.TrimPrefix(p, "static/")] = f
			return nil
		})
		if err != nil {
			panic("assets: reading embedded files: " + err.Error())
		}
		versionImports()
	})
}

// nhsukImport is how folkmoot.js imports NHS.UK frontend, relative to itself.
const nhsukImport = "'./" + NHSUKJS + "'"

// versionImports rewrites folkmoot.js's import of NHS.UK frontend to carry
// that file's hash (?v=), like every link a page makes, so browsers may
// cache the script for a year and fetch the new one when it changes. The
// hash of folkmoot.js is taken after the rewrite, so it changes too.
func versionImports() {
	js, nhs := files[FolkmootJS], files[NHSUKJS]
	if js == nil || nhs == nil || !bytes.Contains(js.body, []byte(nhsukImport)) {
		panic("assets: " + FolkmootJS + " does not import " + nhsukImport)
	}
	versioned := "'./" + NHSUKJS + "?v=" + nhs.hash + "'"
	body := bytes.ReplaceAll(js.body, []byte(nhsukImport), []byte(versioned))
	sum := sha256.Sum256(body)
	js.body, js.hash = body, hex.EncodeToString(sum[:8])
	js.gz = nil
	if compressible(js.ctype) && len(body) > 1024 {
		js.gz = gzipBytes(body)
	}
}

// FS returns the embedded static files, rooted so that names are relative to
// /static/ (e.g. "folkmoot.css").
func FS() fs.FS {
	sub, err := fs.Sub(embedded, "static")
	if err != nil {
		panic("assets: " + err.Error())
	}
	return sub
}

// Names returns the names of all served files, relative to /static/.
func Names() []string {
	load()
	out := make([]string, 0, len(files))
	for n := range files {
		out = append(out, n)
	}
	return out
}

// URL returns the path to link to for the named file (relative to /static/,
// e.g. [FolkmootCSS]) with its content hash as a version, for example
// "/static/folkmoot.css?v=0123456789abcdef". NHS.UK frontend files may also
// be named without their folder ("nhsuk-frontend.min.css"). It panics if no such file is
// embedded: a misspelt asset name is a programming error, and html/template
// turns the panic into an execution error.
func URL(name string) string {
	load()
	name = strings.TrimPrefix(name, "/")
	f, ok := files[name]
	if !ok {
		// Short names for NHS.UK frontend files: "nhsuk-frontend.min.css".
		name = "vendor/nhsuk-frontend/" + name
		if f, ok = files[name]; !ok {
			panic(fmt.Sprintf("assets: no embedded file %q", name))
		}
	}
	return Prefix + name + "?v=" + f.hash
}

// FuncMap returns template functions: "asset" is [URL].
func FuncMap() template.FuncMap {
	return template.FuncMap{"asset": URL}
}

// Handler returns an http.Handler serving the embedded files at [Prefix]
// (it expects the full request path, e.g. /static/folkmoot.css). It answers
// GET and HEAD only, never lists directories, sets ETag, compresses text
// with gzip when the client accepts it, and lets browsers cache a file for a
// year when the request carries the file's current hash (?v=, as from [URL]);
// other requests must revalidate. It is safe for concurrent use.
func Handler() http.Handler {
	load()
	return http.HandlerFunc(serve)
}

// started is the Last-Modified time: embedded files change only with the binary.
var started = time.Now().UTC().Truncate(time.Second)

func serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok || name == "" || path.Clean("/"+name) != "/"+name {
		http.NotFound(w, r)
		return
	}
	f, ok := files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	if v := r.URL.Query().Get("v"); v != "" && v == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	body, etag := f.body, `"`+f.hash+`"`
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body, etag = f.gz, `"`+f.hash+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", started, bytes.NewReader(body))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(v, 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}

func contentType(p string) string {
	switch path.Ext(p) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".ico":
		return "image/x-icon"
	case "":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "image/svg") ||
		strings.HasPrefix(ctype, "application/json")
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// outsideURL matches absolute http(s) URLs, and protocol-relative URLs where
// a browser would fetch them (attributes, CSS url() and @import).
var outsideURL = regexp.MustCompile(`(?i)https?://[^\s"'<>()\\]+` +
	`|(?:src|href|action|srcset|poster|formaction)\s*=\s*["']?//[^\s"'<>]+` +
	`|url\(\s*["']?//[^\s"')]+|@import\s+["']//[^\s"']+`)

// namespaceURL lists URL prefixes that are identifiers, never fetched
// (XML namespaces in SVG and XHTML).
var namespaceURL = []string{"http://www.w3.org/"}

// OutsideURLs returns every URL in b (HTML, CSS, JavaScript or SVG) that
// names a host, other than XML namespace identifiers and URLs starting with
// one of the allowed prefixes (e.g. the server's own base URL). Tests use it
// to show that pages and static files make no request to an outside host.
func OutsideURLs(b []byte, allowed ...string) []string {
	var out []string
next:
	for _, m := range outsideURL.FindAll(b, -1) {
		s := string(m)
		for _, p := range append(namespaceURL, allowed...) {
			if p != "" && strings.HasPrefix(strings.ToLower(s), strings.ToLower(p)) {
				continue next
			}
		}
		out = append(out, s)
	}
	return out
}
