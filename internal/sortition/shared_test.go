package sortition_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sortition"
	"github.com/folkmoot/folkmoot/internal/sortition/csvin"
)

// sharedData returns the shared sortition-data folder: the first
// shared/sortition-data found walking up from this package. Without it the
// test is skipped, or fails when CI=true.
func sharedData(t testing.TB) string {
	t.Helper()
	dir, _ := filepath.Abs(".")
	for {
		p := filepath.Join(dir, "shared", "sortition-data")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("shared/sortition-data not found (CI=true)")
	}
	t.Skip("shared/sortition-data not found above the package; skipping")
	return ""
}

// load reads an instance from the shared data folder.
func load(t testing.TB, quotas, people string, k int, address ...string) *sortition.Instance {
	t.Helper()
	qf, err := os.Open(quotas)
	if err != nil {
		t.Fatal(err)
	}
	defer qf.Close()
	cats, _, err := csvin.ReadQuotas(qf, quotas)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := os.Open(people)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	ps, err := csvin.ReadPeople(pf, cats, csvin.PeopleOptions{File: people, AddressColumns: address})
	if err != nil {
		t.Fatal(err)
	}
	return &sortition.Instance{Categories: cats, People: ps, K: k, QuotaFile: quotas}
}
