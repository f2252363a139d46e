package similar

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/folkmoot/folkmoot/internal/demo"
)

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"therapies", "therapy"},
		{"clinics", "clinic"},
		{"carers", "carer"},
		{"waiting", "wait"},
		{"diagnosed", "diagnos"},
		{"deaths", "death"},
		{"diagnosis", "diagnosis"}, // -is is not a plural
		{"access", "access"},       // -ss is not a plural
		{"status", "status"},       // -us is not a plural
		{"bus", "bus"},             // too short to touch
		{"addresses", "address"},
		{"ring", "ring"},   // too little would be left
		{"shed", "shed"},   // too little would be left
		{"seeds", "seed"},  //
		{"needed", "need"}, //
		{"cases", "case"},
	}
	for _, tc := range tests {
		if got := Stem(tc.in); got != tc.want {
			t.Errorf("Stem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"stop words and case", "The Support FOR people with Dementia", []string{"support", "people", "dementia"}},
		{"possessive apostrophe", "Carers' breaks and the patient's notes", []string{"carer", "break", "patient", "note"}},
		{"curly apostrophe", "Children’s services don’t listen", []string{"children", "service", "listen"}},
		{"punctuation and digits", "A&E: 12-hour waits (2015)!", []string{"12", "hour", "wait", "2015"}},
		{"hyphenated words split", "looked-after children", []string{"look", "children"}},
		{"accents kept", "Café for Zoë", []string{"café", "zoë"}},
		{"only stop words", "and the of it", nil},
		{"empty", "", nil},
		{"markup is just words", "<script>alert(1)</script>", []string{"script", "alert", "script"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Tokens(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// demoIndex indexes the demo data set's issues under ids 1..n and returns
// each id's topic (the generator's ground truth).
func demoIndex(seed int64) (*Index, map[int64]string, demo.Dataset) {
	d := demo.Build(seed)
	x := New()
	topic := map[int64]string{}
	for i, is := range d.Issues {
		x.Add(int64(i+1), is.Title, is.Description)
		topic[int64(i+1)] = is.Topic
	}
	return x, topic, d
}

func TestSimilarToDraft(t *testing.T) {
	x, topic, _ := demoIndex(1)
	tests := []struct {
		draft, topic string
	}{
		{"My mum has dementia and we got no help after the diagnosis", "dementia"},
		{"Nobody supports families once someone is told they have Alzheimer's dementia", "dementia"},
		{"Talking therapy waiting list for my depression is over a year", "mental-health"},
		{"Our CCG will not say who decided to shut the clinic", "ccg-transparency"},
		{"Kids in foster care keep losing their health records when they move placement", "looked-after"},
		{"People in poor areas die years too early from illness that could be prevented", "premature-deaths"},
		{"I cannot find an NHS dentist for my children", "dentistry"},
		{"Parking at the hospital costs a fortune", "transport"},
	}
	for _, tc := range tests {
		t.Run(tc.topic, func(t *testing.T) {
			ms := x.Similar(tc.draft, 5, DefaultMinScore)
			if len(ms) < 2 {
				t.Fatalf("%q: %d suggestions above %.2f: %v", tc.draft, len(ms), DefaultMinScore, ms)
			}
			for i, m := range ms[:2] {
				if topic[m.ID] != tc.topic {
					t.Errorf("%q: suggestion %d is %q (%s), want topic %s", tc.draft, i, m.Title, topic[m.ID], tc.topic)
				}
			}
			for i := 1; i < len(ms); i++ {
				if ms[i].Score > ms[i-1].Score {
					t.Errorf("not best first: %v", ms)
				}
			}
		})
	}
	if ms := x.Similar("quantum chromodynamics lattice gauge", 5, DefaultMinScore); len(ms) != 0 {
		t.Errorf("unrelated draft got suggestions %v", ms)
	}
	if ms := x.Similar("the and of", 5, 0); len(ms) != 0 {
		t.Errorf("stop words only got suggestions %v", ms)
	}
}

// Ground truth: each demo issue is written about one topic. The demo's
// issues are written by hand, in each person's own words (internal/demo
// TestBelievableText), so a topic's issues share far fewer words than the
// template sentences they once did: the groups suggested for organisers
// recover part of each leading topic, and what they group is right.
func TestGroupsRecoverDemoTopics(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		x, topic, _ := demoIndex(seed)
		groups := x.Groups(GroupOptions{})
		recovered := 0
		for _, lead := range []string{"dementia", "mental-health", "premature-deaths", "looked-after", "ccg-transparency"} {
			best, bestHits := -1, 0
			for gi, g := range groups {
				hits := 0
				for _, id := range g.IDs {
					if topic[id] == lead {
						hits++
					}
				}
				if hits > bestHits {
					best, bestHits = gi, hits
				}
			}
			if best < 0 || bestHits < 3 {
				continue
			}
			g := groups[best]
			if precision := float64(bestHits) / float64(len(g.IDs)); precision < 0.6 {
				t.Errorf("seed %d: %s best group %q: precision %.2f", seed, lead, g.Name, precision)
			}
			if topic[g.IDs[0]] != lead || len(g.Terms) == 0 || g.Cohesion <= 0 || g.Cohesion > 1 {
				t.Errorf("seed %d: %s group badly described: %+v", seed, lead, g)
			}
			recovered++
		}
		if recovered < 3 {
			t.Errorf("seed %d: %d of the five leading topics recovered as a group of 3 or more issues, want 3", seed, recovered)
		}
		if len(groups) > 40 {
			t.Errorf("seed %d: %d groups for %d issues: too fragmented", seed, len(groups), len(topic))
		}
	}
}

func TestGroupsSkipAndSplit(t *testing.T) {
	x, topic, _ := demoIndex(1)
	skipLead := func(id int64) bool { return topic[id] == "dementia" }
	for _, g := range x.Groups(GroupOptions{Skip: skipLead}) {
		for _, id := range g.IDs {
			if topic[id] == "dementia" {
				t.Fatalf("skipped issue %d in group %q", id, g.Name)
			}
		}
	}
	for _, g := range x.Groups(GroupOptions{MaxSize: 6}) {
		if len(g.IDs) > 6 {
			t.Errorf("group of %d despite MaxSize 6", len(g.IDs))
		}
	}
	for _, g := range x.Groups(GroupOptions{MinSize: 10}) {
		if len(g.IDs) < 10 {
			t.Errorf("group of %d despite MinSize 10", len(g.IDs))
		}
	}
}

// bruteCosine computes TF-IDF cosine from scratch with Tokens, independently
// of the inverted index, to cross-check scores.
func bruteCosine(docs map[int64][2]string, a, b string) float64 {
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, t := range Tokens(d[0] + " " + d[1]) {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	n := float64(len(docs))
	vec := func(s string) map[string]float64 {
		c := map[string]int{}
		for _, t := range Tokens(s) {
			c[t]++
		}
		v := map[string]float64{}
		for t, k := range c {
			idf := math.Log((1 + n) / float64(1+df[t]))
			v[t] = (1 + math.Log(float64(k))) * idf
		}
		return v
	}
	va, vb := vec(a), vec(b)
	var dot, na, nb float64
	for t, w := range va {
		dot += w * vb[t]
		na += w * w
	}
	for _, w := range vb {
		nb += w * w
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

func TestScoresMatchBruteForce(t *testing.T) {
	d := demo.Build(1)
	x := New()
	docs := map[int64][2]string{}
	for i, is := range d.Issues[:60] {
		x.Add(int64(i+1), is.Title, is.Description)
		docs[int64(i+1)] = [2]string{is.Title, is.Description}
	}
	x.Rebuild()
	text := func(id int64) string { // the title counts TitleWeight times
		return strings.Repeat(docs[id][0]+" ", TitleWeight) + docs[id][1]
	}
	for _, draft := range []string{"dementia diagnosis support for carers", "CCG decisions in public", text(7)} {
		ms := x.Similar(draft, 100, 0)
		if len(ms) == 0 {
			t.Fatalf("%q: no matches", draft)
		}
		for _, m := range ms {
			want := bruteCosine(docs, draft, text(m.ID))
			if math.Abs(m.Score-want) > 1e-4 {
				t.Errorf("%q vs %d: index %.6f, brute force %.6f", draft, m.ID, m.Score, want)
			}
		}
	}
	if ms := x.Similar(text(7), 1, 0); ms[0].ID != 7 || math.Abs(ms[0].Score-1) > 1e-4 {
		t.Errorf("a document's own text should match it with 1: %v", ms)
	}
}

func TestAddRemoveReplace(t *testing.T) {
	x := New()
	x.Add(1, "Dementia support after diagnosis", "Families need help after a dementia diagnosis.")
	x.Add(2, "NHS dentist shortage", "No NHS dentist in our town.")
	x.Add(3, "Parking charges", "Hospital parking is expensive.")
	if x.Len() != 3 {
		t.Fatalf("Len %d", x.Len())
	}
	if ms := x.Similar("dementia diagnosis", 3, 0.1); len(ms) != 1 || ms[0].ID != 1 {
		t.Fatalf("before remove: %v", ms)
	}
	x.Remove(1)
	x.Remove(99) // absent: no effect
	if ms := x.Similar("dementia diagnosis", 3, 0.1); len(ms) != 0 {
		t.Fatalf("removed issue still suggested: %v", ms)
	}
	x.Add(2, "Dementia cafes", "Fund dementia cafes after diagnosis.")
	if x.Len() != 2 {
		t.Fatalf("Len after replace %d, want 2", x.Len())
	}
	ms := x.Similar("dementia diagnosis", 3, 0.1)
	if len(ms) != 1 || ms[0].ID != 2 || ms[0].Title != "Dementia cafes" {
		t.Fatalf("replaced issue: %v", ms)
	}
	if ms := x.Similar("dentist", 3, 0.01); len(ms) != 0 {
		t.Fatalf("old text of replaced issue still indexed: %v", ms)
	}
	if nb := x.Neighbours(3, 5, 0); len(nb) != 0 {
		t.Errorf("parking has neighbours %v", nb)
	}
	if nb := x.Neighbours(404, 5, 0); nb != nil {
		t.Errorf("unknown id has neighbours %v", nb)
	}
}

func TestConcurrentUse(t *testing.T) {
	x, _, d := demoIndex(1)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				is := d.Issues[(w*50+i)%len(d.Issues)]
				if w%2 == 0 {
					x.Add(int64(1000+w*50+i), is.Title, is.Description)
				} else {
					x.Similar(is.Title, 5, DefaultMinScore)
				}
			}
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done(); x.Groups(GroupOptions{}) }()
	wg.Wait()
	if x.Len() != len(d.Issues)+100 {
		t.Errorf("Len %d, want %d", x.Len(), len(d.Issues)+100)
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Dementia support", "don't’s ''", "A&E 12-hour", "\x00\xff", "ÉCOLE ŒUVRE", strings.Repeat("ies", 30)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || strings.ContainsAny(tok, " \t\n'") || stopWords[tok] && Stem(tok) == tok && len(tok) < 2 {
				t.Fatalf("Tokens(%q) gave bad token %q", s, tok)
			}
		}
	})
}

func FuzzSimilar(f *testing.F) {
	x, _, _ := demoIndex(1)
	for _, s := range []string{"dementia", "", "the", "mental health crisis", "\u0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms := x.Similar(s, 10, 0)
		for _, m := range ms {
			if !(m.Score > 0 && m.Score <= 1) || math.IsNaN(m.Score) {
				t.Fatalf("Similar(%q): score %v", s, m.Score)
			}
		}
	})
}

// corpus returns n synthetic issues: demo issues with extra words drawn
// from a Zipf-distributed vocabulary, so the index sees a long tail of rare
// terms as real text has.
func corpus(n int, seed uint64) [][2]string {
	d := demo.Build(1)
	r := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(r, 1.1, 1, 49999)
	out := make([][2]string, n)
	for i := range out {
		is := d.Issues[r.IntN(len(d.Issues))]
		var sb strings.Builder
		sb.WriteString(is.Description)
		for range 4 + r.IntN(6) {
			fmt.Fprintf(&sb, " w%x", z.Uint64())
		}
		out[i] = [2]string{is.Title, sb.String()}
	}
	return out
}

func buildIndex(docs [][2]string) *Index {
	all := make([]Doc, len(docs))
	for i, d := range docs {
		all[i] = Doc{ID: int64(i + 1), Title: d[0], Text: d[1]}
	}
	x := New()
	x.AddAll(all)
	return x
}

// AddAll and Add one by one give the same index.
func TestAddAllMatchesAdd(t *testing.T) {
	docs := corpus(500, 9)
	one := New()
	for i, d := range docs {
		one.Add(int64(i+1), d[0], d[1])
	}
	one.Rebuild()
	all := buildIndex(docs)
	if one.Len() != all.Len() {
		t.Fatalf("Len %d vs %d", one.Len(), all.Len())
	}
	for _, q := range []string{"dementia diagnosis", "parking", "talking therapy waiting"} {
		a, b := one.Similar(q, 10, 0), all.Similar(q, 10, 0)
		if len(a) != len(b) {
			t.Fatalf("%q: %d vs %d matches", q, len(a), len(b))
		}
		for i := range a {
			if a[i].ID != b[i].ID || math.Abs(a[i].Score-b[i].Score) > 1e-6 {
				t.Errorf("%q #%d: %v vs %v", q, i, a[i], b[i])
			}
		}
	}
}

func BenchmarkLoad100k(b *testing.B) {
	docs := corpus(100_000, 1)
	all := make([]Doc, len(docs))
	for i, d := range docs {
		all[i] = Doc{ID: int64(i + 1), Title: d[0], Text: d[1]}
	}
	for b.Loop() {
		New().AddAll(all)
	}
}

func BenchmarkSimilar100k(b *testing.B) {
	x := buildIndex(corpus(100_000, 1))
	drafts := []string{
		"My mum has dementia and we got no help after the diagnosis",
		"Our CCG will not say who decided to shut the clinic",
		"Waiting for talking therapy",
	}
	i := 0
	for b.Loop() {
		x.Similar(drafts[i%len(drafts)], 5, DefaultMinScore)
		i++
	}
}

func BenchmarkAdd(b *testing.B) {
	x := buildIndex(corpus(10_000, 1))
	docs := corpus(1000, 2)
	i := 0
	for b.Loop() {
		d := docs[i%len(docs)]
		x.Add(int64(20_000+i), d[0], d[1])
		i++
	}
}

func BenchmarkGroups10k(b *testing.B) {
	x := buildIndex(corpus(10_000, 1))
	for b.Loop() {
		x.Groups(GroupOptions{})
	}
}

func TestTopKIsPrefixOfFullRanking(t *testing.T) {
	x := buildIndex(corpus(3000, 3))
	for _, q := range []string{"dementia diagnosis", "mental health crisis", "hospital parking", "w1 w2 w3"} {
		all := x.Similar(q, 100000, 0)
		for _, k := range []int{1, 5, 17} {
			got := x.Similar(q, k, 0)
			if want := all[:min(k, len(all))]; !slices.Equal(got, want) {
				t.Errorf("%q k=%d: %v, want %v", q, k, got, want)
			}
		}
	}
}
