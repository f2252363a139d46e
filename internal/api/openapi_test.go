package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/pb33f/libopenapi/datamodel"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/folkmoot/folkmoot/internal/api"
	"github.com/folkmoot/folkmoot/internal/web/webtest"
)

// The document is a valid OpenAPI 3 document by kin-openapi's reading of
// the specification (references resolve, parameters match the paths'
// templates, schemas are well formed, examples match them).
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Paths.Len() < 5 {
		t.Fatalf("openapi %q with %d paths", doc.OpenAPI, doc.Paths.Len())
	}
	// The outside check reads servers[0].url as a prefix: "/" means none.
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Fatalf("servers = %v; want one, \"/\"", doc.Servers)
	}
}

// officialSchema compiles the OpenAPI Initiative's JSON Schema of OpenAPI
// 3.0 documents (https://spec.openapis.org/oas/3.0/schema/2021-09-28), as
// github.com/pb33f/libopenapi ships it.
func officialSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	if !strings.Contains(datamodel.OpenAPI3SchemaData, `"https://spec.openapis.org/oas/3.0/schema/`) {
		t.Fatal("libopenapi's OpenAPI 3 schema is not the OpenAPI Initiative's 3.0 schema")
	}
	raw, err := jsonschema.UnmarshalJSON(strings.NewReader(datamodel.OpenAPI3SchemaData))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("oas-3.0.json", raw); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("oas-3.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The document validates against the official JSON Schema of OpenAPI 3.0,
// and a broken copy of it does not (so the check can fail).
func TestOpenAPIDocumentMatchesTheOfficialSchema(t *testing.T) {
	s := officialSchema(t)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.OpenAPI))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(doc); err != nil {
		t.Fatalf("the document breaks the OpenAPI 3.0 schema: %v", err)
	}
	for name, breakIt := range map[string]func(m map[string]any){
		"no info":            func(m map[string]any) { delete(m, "info") },
		"a path without /":   func(m map[string]any) { m["paths"].(map[string]any)["issues.json"] = map[string]any{} },
		"a response without": func(m map[string]any) { op(m, "/cycles.json")["responses"] = map[string]any{} },
		"a GET with a body":  func(m map[string]any) { op(m, "/cycles.json")["requestBody"] = "yes" },
	} {
		var m map[string]any
		if err := json.Unmarshal(api.OpenAPI, &m); err != nil {
			t.Fatal(err)
		}
		breakIt(m)
		if err := s.Validate(m); err == nil {
			t.Errorf("%s: the schema accepts a broken document", name)
		}
	}
}

func op(doc map[string]any, path string) map[string]any {
	return doc["paths"].(map[string]any)[path].(map[string]any)["get"].(map[string]any)
}

// /api/openapi.json serves the document, cached like the other exports;
// /api explains it, in English and Welsh, signed out.
func TestOpenAPIServed(t *testing.T) {
	h := webtest.New(t)
	anon := h.Client()
	r := anon.Get("/api/openapi.json")
	if r.Code != http.StatusOK || r.Body != string(api.OpenAPI) || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") ||
		r.Header.Get("Access-Control-Allow-Origin") != "*" || r.Header.Get("ETag") == "" {
		t.Fatalf("/api/openapi.json = %d %v", r.Code, r.Header)
	}
	req, _ := http.NewRequest("GET", h.URL+"/api/openapi.json", nil)
	req.Header.Set("If-None-Match", r.Header.Get("ETag"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotModified {
		t.Fatalf("a conditional request = %d, want 304", res.StatusCode)
	}
	for lang, title := range map[string]string{"en": "Open data and API", "cy": "Data agored ac API"} {
		r := anon.Get("/api?lang=" + lang)
		if r.Code != http.StatusOK || !strings.Contains(r.Body, title) || !strings.Contains(r.Body, `href="/api/openapi.json"`) {
			t.Fatalf("/api in %s = %d\n%s", lang, r.Code, r.Body)
		}
	}
}
