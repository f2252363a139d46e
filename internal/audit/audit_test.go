package audit

import (
	"context"
	"errors"
	"testing"
	"time"
)

func entries(n int) []Entry {
	es := make([]Entry, n)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 678901000, time.UTC)
	for i := range es {
		es[i] = Entry{ID: int64(i + 10), Event: Event{Time: t0.Add(time.Duration(i) * time.Second), Actor: UserActor(int64(i)),
			Action: "issue.submit", Object: ObjectRef("issue", int64(i)), Details: map[string]string{"title": "T", "b": "x"}}}
	}
	return es
}

func TestSealAndVerify(t *testing.T) {
	es := entries(5)
	head, err := Seal(0, Genesis, es)
	if err != nil {
		t.Fatal(err)
	}
	if es[0].PrevHash != Genesis || es[4].Hash != head || es[2].Pos != 3 || es[3].PrevHash != es[2].Hash {
		t.Fatalf("chain not linked: %+v", es)
	}
	v := NewVerifier()
	for _, e := range es {
		if b := v.Add(e); b != nil {
			t.Fatal(b)
		}
	}
	if v.Count() != 5 {
		t.Fatalf("count %d", v.Count())
	}
	// Sealing more continues the chain.
	more := entries(2)
	if _, err := Seal(5, head, more); err != nil {
		t.Fatal(err)
	}
	if more[0].Pos != 6 || more[0].PrevHash != head {
		t.Fatalf("continuation %+v", more[0])
	}
}

func TestVerifyFindsFirstBrokenLink(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(es []Entry) []Entry
		wantPos int64
	}{
		{"changed detail", func(es []Entry) []Entry { es[2].Details["title"] = "forged"; return es }, 3},
		{"changed actor", func(es []Entry) []Entry { es[1].Actor = "user:999"; return es }, 2},
		{"changed time", func(es []Entry) []Entry { es[3].Time = es[3].Time.Add(time.Microsecond); return es }, 4},
		{"deleted entry", func(es []Entry) []Entry { return append(es[:2], es[3:]...) }, 4},
		{"swapped entries", func(es []Entry) []Entry { es[1], es[2] = es[2], es[1]; return es }, 3},
		{"rehashed entry without its successor", func(es []Entry) []Entry {
			es[1].Action = "x"
			es[1].Hash, _ = HashEntry(es[1].PrevHash, es[1].Pos, es[1].Event)
			return es
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := entries(5)
			if _, err := Seal(0, Genesis, es); err != nil {
				t.Fatal(err)
			}
			es = tt.tamper(es)
			v := NewVerifier()
			var brk *Break
			for _, e := range es {
				if brk = v.Add(e); brk != nil {
					break
				}
			}
			if brk == nil || brk.Pos != tt.wantPos {
				t.Fatalf("break %v, want at position %d", brk, tt.wantPos)
			}
		})
	}
}

func TestCanonicalIsUnambiguous(t *testing.T) {
	a := Event{Actor: "ab", Action: "c"}
	b := Event{Actor: "a", Action: "bc"}
	if string(Canonical(1, a)) == string(Canonical(1, b)) {
		t.Fatal("field boundaries are ambiguous")
	}
	c := Event{Details: map[string]string{"k": "v", "a": "b"}}
	d := Event{Details: map[string]string{"a": "b", "k": "v"}}
	if string(Canonical(1, c)) != string(Canonical(1, d)) {
		t.Fatal("map order changes the encoding")
	}
	if _, err := HashEntry("nothex", 1, a); err == nil {
		t.Fatal("bad previous hash accepted")
	}
}

type fakeStore struct{ es []Entry }

func (f *fakeStore) SealAudit(context.Context) (int, error) { return 0, nil }
func (f *fakeStore) AuditEntries(_ context.Context, after int64, limit int) ([]Entry, error) {
	var out []Entry
	for _, e := range f.es {
		if e.Pos > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}
func (f *fakeStore) AuditEntriesFor(context.Context, string, int) ([]Entry, error) { return nil, nil }
func (f *fakeStore) UnsealedAudit(context.Context) (int, error)                    { return 0, nil }

func TestVerifyPagesThroughStore(t *testing.T) {
	es := entries(2500)
	if _, err := Seal(0, Genesis, es); err != nil {
		t.Fatal(err)
	}
	n, err := Verify(context.Background(), &fakeStore{es})
	if err != nil || n != 2500 {
		t.Fatalf("Verify = %d, %v", n, err)
	}
	es[1700].Object = "issue:forged"
	n, err = Verify(context.Background(), &fakeStore{es})
	var brk *Break
	if !errors.As(err, &brk) || brk.Pos != 1701 || n != 1700 {
		t.Fatalf("Verify = %d, %v", n, err)
	}
}
