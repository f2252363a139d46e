package opinions_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/folkmoot/folkmoot/internal/opinions"
	"github.com/folkmoot/folkmoot/internal/opinions/polisio"
	"github.com/folkmoot/folkmoot/internal/sharedtest"
)

// polisData returns ../shared/polis-data (see sharedtest.Dir).
func polisData(t testing.TB) string {
	t.Helper()
	return sharedtest.Dir(t, "polis-data")
}

// polisConv is one Pol.is conversation loaded from its export files.
type polisConv struct {
	events   []opinions.Event
	comments []polisio.Comment
	groups   map[int]int // Pol.is's group-id for the participants it clustered
}

func (p *polisConv) build() *opinions.Conversation { return polisio.Build(p.events, p.comments, nil) }

func loadPolis(t testing.TB, dir string) *polisConv {
	t.Helper()
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	evs, _, err := polisio.ReadVotes(open("votes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cs, _, err := polisio.ReadComments(open("comments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := polisio.ReadGroups(open("participants-votes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return &polisConv{events: evs, comments: cs, groups: g}
}

// coverage returns how many of Pol.is's clustered participants we cluster.
func coverage(polis, ours map[int]int) int {
	n := 0
	for pid := range polis {
		if _, ok := ours[pid]; ok {
			n++
		}
	}
	return n
}
