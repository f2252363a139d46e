package demo

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sentenceRE splits text into sentences as ../shared/checks/gather-service
// does.
var sentenceRE = regexp.MustCompile(`[.!?]\s+`)

func sentences(text string) []string {
	var out []string
	rest := text
	for {
		loc := sentenceRE.FindStringIndex(rest)
		if loc == nil {
			break
		}
		out = append(out, rest[:loc[0]+1])
		rest = rest[loc[1]:]
	}
	return append(out, rest)
}

// The demo must read as written by different people: no sentence of six
// words or more in two issues (current or past round), no comment twice.
func TestBelievableText(t *testing.T) {
	d := Build(1)
	all := append(slices.Clone(d.Issues), d.Past.Issues...)
	where := map[string]string{}
	for _, is := range all {
		seen := map[string]bool{}
		for _, s := range sentences(is.Description) {
			s = strings.ToLower(strings.TrimSpace(s))
			if len(strings.Fields(s)) < 6 || seen[s] {
				continue
			}
			seen[s] = true
			if other, ok := where[s]; ok {
				t.Errorf("issues %q and %q share the sentence %q", other, is.Title, s)
			}
			where[s] = is.Title
		}
	}
	bodies := map[string]bool{}
	for _, c := range append(slices.Clone(d.Comments), d.Past.Comments...) {
		if bodies[c.Body] {
			t.Errorf("comment %q written twice", c.Body)
		}
		bodies[c.Body] = true
	}
}

// stems are a text's words of four letters or more, cut to five letters
// ("dentist" and "dental" meet as "denta"), with a few synonyms folded.
func stems(text string) map[string]bool {
	fold := map[string]string{"docto": "gp", "surge": "gp", "pract": "gp", "teeth": "denta", "tooth": "denta"}
	out := map[string]bool{}
	for _, w := range regexp.MustCompile(`[\p{L}&]+`).FindAllString(strings.ToLower(text), -1) {
		if len([]rune(w)) < 4 && w != "gp" && w != "gps" && w != "a&e" && w != "ccg" {
			continue
		}
		w = strings.TrimSuffix(w, "s")
		if r := []rune(w); len(r) > 5 {
			w = string(r[:5])
		}
		if f, ok := fold[w]; ok {
			w = f
		}
		out[w] = true
	}
	return out
}

// A description is about what its title says: it shares a word with it.
func TestDescriptionsMatchTitles(t *testing.T) {
	for _, is := range Build(1).Issues {
		if is.Topic == "spam" {
			continue
		}
		ds, shared := stems(is.Description), false
		for w := range stems(is.Title) {
			shared = shared || ds[w]
		}
		if !shared {
			t.Errorf("issue %q: the description shares no word with the title: %q", is.Title, is.Description)
		}
	}
}

// Supports are spread as in real participation (most issues few, a
// handful many), so that ranking themes means something; the most
// supported issue is in a theme.
func TestBelievableSupports(t *testing.T) {
	for _, seed := range seeds {
		d := Build(seed)
		counts := d.SupportCounts()
		var ns []int
		total := 0
		for _, is := range d.Issues {
			ns = append(ns, counts[is.Key])
			total += counts[is.Key]
		}
		slices.Sort(ns)
		slices.Reverse(ns)
		top := 0
		for _, n := range ns[:len(ns)/10] {
			top += n
		}
		if share := float64(top) / float64(total); share < 0.4 {
			t.Errorf("seed %d: the top tenth of issues hold %.0f%% of supports, want 40%% or more", seed, share*100)
		}
		if median := ns[len(ns)/2]; median > 6 {
			t.Errorf("seed %d: the median issue has %d supports: want most issues to have few", seed, median)
		}
		distinct := map[int]bool{}
		for _, th := range d.Themes[:5] {
			distinct[d.DistinctSupporters(th.Issues)] = true
		}
		if len(distinct) < 3 {
			t.Errorf("seed %d: the five leading themes have %d distinct supporter counts, want at least 3", seed, len(distinct))
		}
		best := d.Issues[0].Key
		for _, is := range d.Issues {
			if counts[is.Key] > counts[best] {
				best = is.Key
			}
		}
		if !slices.ContainsFunc(d.Themes, func(th Theme) bool { return slices.Contains(th.Issues, best) }) {
			t.Errorf("seed %d: the most supported issue %s (%d supports) is in no theme", seed, best, counts[best])
		}
	}
}

// Every reply answers the comment it was written for.
func TestReplies(t *testing.T) {
	d := Build(1)
	byKey := map[string]Comment{}
	for _, c := range d.Comments {
		byKey[c.Key] = c
	}
	n := 0
	for _, rp := range replies {
		found := false
		for _, c := range d.Comments {
			if c.Body == rp.body && c.Parent != "" {
				found = byKey[c.Parent].Body == rp.to
			}
		}
		if !found {
			t.Errorf("reply %q is not under %q", rp.body, rp.to)
		}
		n++
	}
	if n == 0 {
		t.Error("no replies")
	}
}
