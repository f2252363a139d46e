package storage_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/cycle/cycletest"
	"github.com/folkmoot/folkmoot/internal/lottery"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage"
	"github.com/folkmoot/folkmoot/internal/storage/pgtest"
)

// TestSelectionStore runs the selection's store on both databases: the
// state a change starts from, files and members upserted with the
// selection, the token lookup, and one audit entry per change.
func TestSelectionStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testSelectionStore(t, filepath.Join(t.TempDir(), "x.db")) })
	t.Run("postgres", func(t *testing.T) { testSelectionStore(t, pgtest.Schema(t, "storage_lottery")) })
}

func testSelectionStore(t *testing.T, dsn string) {
	ctx := context.Background()
	if _, _, err := storage.Migrate(ctx, dsn, nil); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, dsn, storage.Options{Keys: sealed.MustTest()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := cycletest.OpenRound(t, st, "Spring")
	if _, err := st.Selection(ctx, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("no selection yet: %v", err)
	}
	before, _ := st.LastAuditID(ctx)
	now := time.Date(2026, 3, 1, 10, 0, 0, 123000, time.UTC)
	ev := func(action string) audit.Event {
		return audit.Event{Time: now, Actor: "user:1", Action: action, Object: "cycle:1"}
	}
	sel := lottery.Selection{CycleID: c.ID, PanelSize: 10, Algorithm: "leximin", Tickets: 1000, State: lottery.Draft,
		Quotas: []lottery.Quota{{Category: "age", Value: "16-29", Min: 1, Max: 3, Census: 0.22}}, Updated: now}
	if err := st.SaveSelection(ctx, lottery.Change{Selection: sel, From: []lottery.State{lottery.Ready}, Event: ev("x")}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("from the wrong state: %v", err)
	}
	if err := st.SaveSelection(ctx, lottery.Change{Selection: sel, From: []lottery.State{lottery.Draft}, Event: ev("selection.quotas")}); err != nil {
		t.Fatal(err)
	}
	sel.State, sel.Run, sel.Seed = lottery.Running, 1, "42"
	files := []lottery.File{{Name: "features.csv", Data: []byte("feature,value,min,max\n")}, {Name: "people.csv", Data: []byte("id,age\n")}}
	if err := st.SaveSelection(ctx, lottery.Change{Selection: sel, From: []lottery.State{lottery.Draft}, Files: files, Event: ev("selection.run")}); err != nil {
		t.Fatal(err)
	}
	sel.State, sel.ListHash, sel.PublicSeed, sel.Ticket = lottery.Drawn, "abc", "1 2 3", 7
	sel.Selected, sel.Reserves = []string{"p-1", "p-2"}, []string{"p-3"}
	sel.Replacements = []lottery.Replacement{{Out: "p-2", In: "p-3", At: now}}
	sel.AnnouncedAt, sel.DrawnAt = now, now
	files[1].Data = []byte("id,age\np-1,16-29\n")
	ms := []lottery.Member{{ID: "p-1", Position: 1, Status: lottery.Invited, TokenHash: "h1", Updated: now},
		{ID: "p-3", Position: 3, Status: lottery.MemberDrawn, Reserve: true, Updated: now}}
	if err := st.SaveSelection(ctx, lottery.Change{Selection: sel, From: []lottery.State{lottery.Running}, Files: files[1:], Members: ms, Event: ev("selection.drawn")}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Selection(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != lottery.Drawn || got.Seed != "42" || got.Ticket != 7 || !slices.Equal(got.Selected, sel.Selected) || !slices.Equal(got.Reserves, sel.Reserves) ||
		len(got.Quotas) != 1 || got.Quotas[0] != sel.Quotas[0] || len(got.Replacements) != 1 || got.Replacements[0] != sel.Replacements[0] || !got.DrawnAt.Equal(now) {
		t.Fatalf("read back %+v", got)
	}
	if b, err := st.SelectionFile(ctx, c.ID, "people.csv"); err != nil || string(b) != "id,age\np-1,16-29\n" {
		t.Fatalf("people.csv %q %v", b, err)
	}
	if _, err := st.SelectionFile(ctx, c.ID, "lottery.csv"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a missing file: %v", err)
	}
	ms[1].Status = lottery.Confirmed
	if err := st.SaveSelection(ctx, lottery.Change{Selection: sel, From: []lottery.State{lottery.Drawn}, Members: ms[1:], Event: ev("selection.confirm")}); err != nil {
		t.Fatal(err)
	}
	all, err := st.SelectionMembers(ctx, c.ID)
	if err != nil || len(all) != 2 || all[0].ID != "p-1" || all[1].Status != lottery.Confirmed || !all[1].Reserve {
		t.Fatalf("members %+v %v", all, err)
	}
	m, err := st.SelectionMemberByToken(ctx, "h1")
	if err != nil || m.ID != "p-1" || m.CycleID != c.ID {
		t.Fatalf("by token: %+v %v", m, err)
	}
	if _, err := st.SelectionMemberByToken(ctx, ""); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("empty token: %v", err)
	}
	after, _ := st.LastAuditID(ctx)
	if after-before != 4 {
		t.Fatalf("%d audit entries for 4 changes", after-before)
	}
}
