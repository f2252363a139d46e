package i18n_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/i18n/catalogtest"
)

var update = flag.Bool("update", false, "add an empty entry to cy.json for each missing msgid, and sort it")

// scope says which code's messages people read. Everything not listed
// here is in scope, new packages included: T, N and Mark calls count
// everywhere; apperr messages and embedded templates count except in:
var scope = catalogtest.Options{
	NotForPeople: []string{
		"cmd/", // the CLI speaks English to operators
		// The engines: their errors reach the CLI (select, count,
		// opinions). A web page that runs them (a later issue) must
		// turn their errors into messages of its own.
		"internal/sortition/", "internal/solver/", "internal/voting/", "internal/opinions/", "internal/similar/",
		// Opening, migrating and sealing a database: start-up and
		// `folkmoot migrate` messages for the operator.
		"internal/storage/open.go", "internal/storage/sqlite/", "internal/storage/postgres/", "internal/storage/pgtest/",
		"internal/storage/sqlstore/migrate.go", "internal/storage/sqlstore/sealing.go",
		"internal/storage/sqlstore/import.go", // the demo's bulk import
		"internal/storage/sqlstore/audit.go",  // a broken audit chain is internal
		"internal/config/", "internal/sealed/", "internal/demo/",
		"internal/assets/", // static files, no text
		"internal/browsertest/", "internal/e2e/", "internal/sharedtest/",
		"internal/cycle/cycletest/", // a test fixture and fake store
		"internal/jobs/jobsmem/",    // an in-memory job store for tests
		// field.Text passes on the messages of a rule; each rule marks its
		// messages with i18n.Mark where it is defined.
		"internal/field/field.go",
	},
	// The SQL store's "not found" messages are passed in by its callers
	// and reach people as apperr.New(apperr.NotFound, "%s", msg).
	MessageArgs: []catalogtest.MessageArg{
		{Dir: "internal/storage/sqlstore", Func: "mustAffect", Arg: 2},
		{Dir: "internal/storage/sqlstore", Func: "get", Arg: 2},
	},
}

// pendingRewrite lists msgids that put English words into a sentence
// through a verb (a status, a role, a phrase such as "a title"), which no
// translation can get right. Their call sites are being rewritten as one
// message per case; until then they have no Welsh and are not reported
// missing. Remove each line when its msgid goes.
var pendingRewrite = []string{}

// awaitingCode lists catalogue entries written ahead of the code that
// will use them (the phase names and descriptions for internal/cycle), so
// that they are not reported unused. The test fails when one is used:
// then remove it here.
var awaitingCode = []string{}

// pendingWrap lists template directories whose English is being wrapped
// in t and tn (issue 10, internal/web restructuring); the visible-English
// test skips them. Remove each line when its templates are converted: the
// test fails while a listed directory no longer exists.
var pendingWrap = []string{}

// allowVisible is text a template may show untranslated.
var allowVisible = []string{
	"Folkmoot",
	"English", "Cymraeg", // each language's link shows its own name
}

func options(t *testing.T) catalogtest.Options {
	t.Helper()
	root, err := catalogtest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	o := scope
	o.Root = root
	return o
}

// TestWelshCatalogue fails when a msgid has no Welsh, when a Welsh entry
// is used nowhere, or when a translation's verbs differ from its English.
func TestWelshCatalogue(t *testing.T) {
	o := options(t)
	msgs, probs, err := catalogtest.Extract(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 {
		t.Fatal("found no msgids at all: is the module root right?")
	}
	cat := i18n.CatalogueOf(i18n.Welsh)
	if err := i18n.CatalogueError(i18n.Welsh); err != nil {
		t.Fatalf("%s: %v", i18n.CatalogueFile, err)
	}
	r := catalogtest.Check(msgs, cat, i18n.Welsh)
	probs = append(probs, r.Problems...)
	if len(probs) > 0 {
		t.Errorf("%d problems with msgids:\n%s", len(probs), catalogtest.Lines(probs))
	}

	missing := slices.DeleteFunc(slices.Clone(r.Missing), func(m catalogtest.Message) bool { return slices.Contains(pendingRewrite, m.ID) })
	if *update {
		b := catalogtest.WithPlaceholders(cat, missing, i18n.Welsh).Format()
		if err := os.WriteFile(i18n.CatalogueFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("added %d empty entries to %s", len(missing), i18n.CatalogueFile)
	}
	if len(missing) > 0 {
		var b strings.Builder
		for _, m := range missing {
			kind := ""
			if m.Plural != "" {
				kind = fmt.Sprintf(" (plural of %q: give zero, one, two, few, many, other)", m.Plural)
			}
			fmt.Fprintf(&b, "\t%q%s\t%s\n", m.ID, kind, m.Pos)
		}
		t.Errorf("%d msgids have no Welsh in internal/i18n/%s (run `go test ./internal/i18n -run TestWelshCatalogue -update` to add them empty, then translate):\n%s",
			len(missing), i18n.CatalogueFile, b.String())
	}

	var unused, nowUsed []string
	for _, id := range r.Unused {
		if !slices.Contains(awaitingCode, id) {
			unused = append(unused, fmt.Sprintf("\t%q", id))
		}
	}
	used := map[string]bool{}
	for _, m := range msgs {
		used[m.ID] = true
	}
	for _, id := range awaitingCode {
		if used[id] {
			nowUsed = append(nowUsed, fmt.Sprintf("\t%q", id))
		}
	}
	for _, id := range pendingRewrite {
		if !used[id] {
			nowUsed = append(nowUsed, fmt.Sprintf("\t%q (pendingRewrite: it is gone)", id))
		}
	}
	if len(unused) > 0 {
		t.Errorf("%d Welsh entries are used nowhere (remove them from %s, or use the msgid):\n%s", len(unused), i18n.CatalogueFile, strings.Join(unused, "\n"))
	}
	if len(nowUsed) > 0 {
		t.Errorf("remove these from awaitingCode or pendingRewrite in catalogue_test.go:\n%s", strings.Join(nowUsed, "\n"))
	}
}

// TestCatalogueFileIsFormatted keeps cy.json sorted, one entry a line.
func TestCatalogueFileIsFormatted(t *testing.T) {
	b, err := os.ReadFile(i18n.CatalogueFile)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.ParseCatalogue(b)
	if err != nil {
		t.Fatalf("%s: %v", i18n.CatalogueFile, err)
	}
	want := cat.Format()
	if bytes.Equal(b, want) {
		return
	}
	if *update {
		if err := os.WriteFile(i18n.CatalogueFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is not in canonical form (sorted by msgid ignoring case, one entry a line): run `go test ./internal/i18n -run TestCatalogueFileIsFormatted -update`", i18n.CatalogueFile)
}

// TestTemplatesShowNoEnglish fails on English a template shows outside t
// and tn.
func TestTemplatesShowNoEnglish(t *testing.T) {
	o := options(t)
	for _, dir := range pendingWrap {
		if _, err := os.Stat(o.Root + "/" + dir); err != nil {
			t.Errorf("pendingWrap lists %s, which is gone: remove it", dir)
		}
	}
	o.NotForPeople = append(slices.Clone(o.NotForPeople), pendingWrap...)
	probs, err := catalogtest.Visible(o, allowVisible)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Errorf("%d English texts in templates outside t and tn (wrap them: {{t \"…\"}}; brand names go in allowVisible):\n%s", len(probs), catalogtest.Lines(probs))
	}
}
