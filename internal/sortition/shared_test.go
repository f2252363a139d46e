package sortition_test

import (
	"os"
	"testing"

	"github.com/folkmoot/folkmoot/internal/sharedtest"
	"github.com/folkmoot/folkmoot/internal/sortition"
	"github.com/folkmoot/folkmoot/internal/sortition/csvin"
)

// sharedData returns ../shared/sortition-data (see sharedtest.Dir).
func sharedData(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t, "sortition-data")
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
