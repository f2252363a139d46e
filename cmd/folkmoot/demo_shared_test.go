package main

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
)

// sharedDemo is the whole demo data set, seeded once per test binary for
// the tests that only read it (seeding takes several seconds).
var sharedDemo struct {
	once sync.Once
	dir  string
	st   storage.Store
	err  error
}

// seededDemo returns the store of the seeded demo. Tests must not change
// it. It skips the test under -short.
func seededDemo(t *testing.T) storage.Store {
	t.Helper()
	if testing.Short() {
		t.Skip("seeds the whole demo data set: skipped under -short")
	}
	sharedDemo.once.Do(func() {
		ctx := context.Background()
		if sharedDemo.dir, sharedDemo.err = os.MkdirTemp("", "folkmoot-demo-test-"); sharedDemo.err != nil {
			return
		}
		db := filepath.Join(sharedDemo.dir, "demo.db")
		if _, _, sharedDemo.err = storage.Migrate(ctx, db, nil); sharedDemo.err != nil {
			return
		}
		if sharedDemo.st, sharedDemo.err = storage.Open(ctx, db, storage.Options{Keys: sealed.MustTest()}); sharedDemo.err != nil {
			return
		}
		sharedDemo.err = seedDemo(ctx, sharedDemo.st, demo.Build(1).Rebase(time.Now()))
	})
	if sharedDemo.err != nil {
		t.Fatal(sharedDemo.err)
	}
	return sharedDemo.st
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDemo.st != nil {
		sharedDemo.st.Close()
	}
	if sharedDemo.dir != "" {
		os.RemoveAll(sharedDemo.dir)
	}
	os.Exit(code)
}
