package assets

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func get(t *testing.T, target string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec.Result()
}

func TestLinkedFilesExist(t *testing.T) {
	for _, name := range []string{NHSUKCSS, NHSUKJS, FolkmootCSS, FolkmootJS, Favicon} {
		u := URL(name)
		if !strings.HasPrefix(u, "/static/"+name+"?v=") {
			t.Errorf("URL(%q) = %q", name, u)
		}
		res := get(t, u, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", u, res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: Cache-Control %q, want immutable", u, cc)
		}
	}
}

func TestURLShortNHSUKNames(t *testing.T) {
	if got, want := URL("nhsuk-frontend.min.css"), URL(NHSUKCSS); got != want {
		t.Errorf("short name gives %q, want %q", got, want)
	}
}

func TestURLPanicsOnUnknownName(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("URL of a missing file did not panic")
		}
	}()
	URL("no-such.css")
}

func TestHandler(t *testing.T) {
	tests := []struct {
		name       string
		target     string
		hdr        map[string]string
		wantStatus int
		wantType   string
		wantCache  string
	}{
		{"css with current hash", URL(FolkmootCSS), nil, 200, "text/css; charset=utf-8", "public, max-age=31536000, immutable"},
		{"css without hash revalidates", "/static/folkmoot.css", nil, 200, "text/css; charset=utf-8", "no-cache"},
		{"css with old hash revalidates", "/static/folkmoot.css?v=0000", nil, 200, "text/css; charset=utf-8", "no-cache"},
		{"js module", "/static/" + FolkmootJS, nil, 200, "text/javascript; charset=utf-8", "no-cache"},
		{"svg icon", "/static/vendor/nhsuk-frontend/assets/images/nhsuk-icon-search.svg", nil, 200, "image/svg+xml", "no-cache"},
		{"missing file", "/static/nope.css", nil, 404, "", ""},
		{"directory is not listed", "/static/vendor/", nil, 404, "", ""},
		{"bare prefix", "/static/", nil, 404, "", ""},
		{"dot-dot is refused", "/static/vendor/../folkmoot.css", nil, 404, "", ""},
		{"readme not served", "/static/vendor/README.md", nil, 404, "", ""},
		{"outside prefix", "/folkmoot.css", nil, 404, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := get(t, tc.target, tc.hdr)
			if res.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.wantStatus)
			}
			if tc.wantStatus != 200 {
				return
			}
			if got := res.Header.Get("Content-Type"); got != tc.wantType {
				t.Errorf("Content-Type %q, want %q", got, tc.wantType)
			}
			if got := res.Header.Get("Cache-Control"); got != tc.wantCache {
				t.Errorf("Cache-Control %q, want %q", got, tc.wantCache)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff header")
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/static/folkmoot.css", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST: %d", rec.Code)
	}
}

func TestETagAndGzip(t *testing.T) {
	plain := get(t, "/static/"+NHSUKCSS, nil)
	etag := plain.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if res := get(t, "/static/"+NHSUKCSS, map[string]string{"If-None-Match": etag}); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
	gz := get(t, "/static/"+NHSUKCSS, map[string]string{"Accept-Encoding": "br, gzip"})
	if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("ETag") == etag {
		t.Fatalf("gzip: encoding %q etag %q", gz.Header.Get("Content-Encoding"), gz.Header.Get("ETag"))
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	want, _ := io.ReadAll(plain.Body)
	if string(unzipped) != string(want) {
		t.Error("gzipped body differs from plain body")
	}
	if res := get(t, "/static/"+NHSUKCSS, map[string]string{"Accept-Encoding": "gzip;q=0"}); res.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
}

// The rule: no page makes a request to any outside host. Every
// served file is scanned for URLs naming a host.
func TestNoOutsideURLs(t *testing.T) {
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		if urls := OutsideURLs(b); len(urls) > 0 {
			t.Errorf("%s names outside URLs: %q", p, urls)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNHSUKCSSHasNoWebFont(t *testing.T) {
	b, err := fs.ReadFile(FS(), NHSUKCSS)
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	for _, bad := range []string{"@font-face", "Frutiger", "url(/assets/", "sourceMappingURL"} {
		if strings.Contains(css, bad) {
			t.Errorf("vendored NHS.UK CSS still contains %q (run make assets)", bad)
		}
	}
	if !strings.Contains(css, ".nhsuk-header") {
		t.Error("vendored CSS lacks .nhsuk-header: wrong file?")
	}
	// Every url() the CSS uses must be an embedded file.
	for _, m := range strings.Split(css, "url(")[1:] {
		ref, _, _ := strings.Cut(m, ")")
		ref = strings.Trim(ref, `"'`)
		if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
			continue
		}
		if _, err := fs.Stat(FS(), "vendor/nhsuk-frontend/"+ref); err != nil {
			t.Errorf("CSS refers to %q, which is not embedded", ref)
		}
	}
}

func TestOutsideURLs(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		allowed []string
		want    int
	}{
		{"plain https", `<a href="https://example.org/x">`, nil, 1},
		{"css url", `a{background:url(https://assets.nhs.uk/f.woff2)}`, nil, 1},
		{"protocol-relative src", `<script src="//cdn.example.org/x.js">`, nil, 1},
		{"protocol-relative css", `a{background:url(//cdn.example.org/i.png)}`, nil, 1},
		{"import", `@import "//fonts.example.org/css";`, nil, 1},
		{"svg namespace ignored", `<svg xmlns="http://www.w3.org/2000/svg">`, nil, 0},
		{"relative paths fine", `<link href="/static/a.css"><img src="x.png">`, nil, 0},
		{"own base URL allowed", `<link href="http://127.0.0.1:8080/feed.atom">`, []string{"http://127.0.0.1:8080"}, 0},
		{"js comment is not a request", `x=1 // see docs`, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := OutsideURLs([]byte(tc.in), tc.allowed...); len(got) != tc.want {
				t.Errorf("got %q, want %d", got, tc.want)
			}
		})
	}
}

// TestNHSUKScriptIsVersioned: folkmoot.js imports NHS.UK frontend by a URL
// carrying that file's current hash, and folkmoot.js's own version follows.
func TestNHSUKScriptIsVersioned(t *testing.T) {
	load()
	js := string(files[FolkmootJS].body)
	want := URL(NHSUKJS)[len(Prefix):]
	if !strings.Contains(js, "'./"+want+"'") {
		t.Fatalf("folkmoot.js does not import %q", want)
	}
	if strings.Contains(js, "nhsuk-frontend.min.js'") {
		t.Fatal("folkmoot.js still imports NHS.UK frontend without a version")
	}
	raw, _ := embedded.ReadFile("static/" + FolkmootJS)
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:8]) == files[FolkmootJS].hash {
		t.Fatal("folkmoot.js's version is the hash of the file before the rewrite")
	}
}

// TestOwnStylesheetIsWellFormed: every block of folkmoot.css is closed
// before the next rule starts (rules nest only inside @media or
// @supports). An unclosed rule swallows the rules after it, as a merge
// once did to the opinion map's, which then overflowed a phone.
func TestOwnStylesheetIsWellFormed(t *testing.T) {
	b, err := fs.ReadFile(FS(), "folkmoot.css")
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBlocks(string(b)); err != "" {
		t.Fatal(err)
	}
	for _, bad := range []string{".a { color: red;\n.b { color: blue; }", ".a { color: red; }}", "@media print { .a { color: red; }"} {
		if checkBlocks(bad) == "" {
			t.Errorf("checkBlocks passes %q", bad)
		}
	}
}

// checkBlocks returns what is wrong with css's braces, or "".
func checkBlocks(css string) string {
	var open []string // the open blocks' preludes
	line, start := 1, 0
	for i := 0; i < len(css); i++ {
		switch c := css[i]; {
		case c == '\n':
			line++
		case c == '/' && i+1 < len(css) && css[i+1] == '*':
			end := strings.Index(css[i+2:], "*/")
			if end < 0 {
				return "an unclosed comment"
			}
			line += strings.Count(css[i:i+2+end], "\n")
			i += end + 3
			start = i + 1
		case c == '{':
			prelude := strings.TrimSpace(css[start:i])
			if len(open) > 0 && !strings.HasPrefix(open[len(open)-1], "@") {
				return "line " + strconv.Itoa(line) + ": " + prelude + " opens inside " + open[len(open)-1] + ", which is not closed"
			}
			open = append(open, prelude)
			start = i + 1
		case c == '}':
			if len(open) == 0 {
				return "line " + strconv.Itoa(line) + ": a } closes nothing"
			}
			open = open[:len(open)-1]
			start = i + 1
		case c == ';':
			start = i + 1
		}
	}
	if len(open) > 0 {
		return open[len(open)-1] + " is not closed"
	}
	return ""
}
