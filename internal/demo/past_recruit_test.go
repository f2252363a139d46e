package demo_test

import (
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/demo"
	"github.com/folkmoot/folkmoot/internal/recruit"
)

// The past round's recruitment is repeatable, its addresses import without
// a problem, and its registrations answer the default questions with
// shares near the census, so that a quota selection of 60 is feasible.
func TestPastRecruitment(t *testing.T) {
	p := demo.PastRecruit(12000, 8000, 640)
	if !reflect.DeepEqual(p, demo.PastRecruit(12000, 8000, 640)) {
		t.Fatal("PastRecruit is not a pure function")
	}
	addrs, dups, errs, err := recruit.ParseAddresses(strings.NewReader(p.AddressesCSV))
	if err != nil || len(errs) > 0 || len(dups) > 0 || len(addrs) != 12000 {
		t.Fatalf("addresses: %d, dups %v, errs %v, %v", len(addrs), dups, errs, err)
	}
	if len(p.Registrations) != 640 {
		t.Fatalf("%d registrations", len(p.Registrations))
	}
	cats := recruit.DefaultCategories()
	counts := map[string]map[string]int{}
	at := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	letters := map[int]bool{}
	for _, r := range p.Registrations {
		if letters[r.Letter] || r.Letter >= 8000 {
			t.Fatalf("letter %d used twice or out of range", r.Letter)
		}
		letters[r.Letter] = true
		if r.Name == "" || (r.Email != "" && !strings.Contains(r.Email, "@example.")) {
			t.Fatalf("registration %+v", r)
		}
		d, m, y := demo.PastDOB(r, at)
		dob, err := time.Parse("2-1-2006", d+"-"+m+"-"+y)
		if err != nil || recruit.Age(dob, at) != r.Age {
			t.Fatalf("PastDOB(%d) = %s-%s-%s: age %d", r.Age, d, m, y, recruit.Age(dob, at))
		}
		answers := map[string]string{"age": recruit.AgeBand(cats[0], r.Age)}
		for k, v := range r.Answers {
			answers[k] = v
		}
		for k, v := range answers {
			if counts[k] == nil {
				counts[k] = map[string]int{}
			}
			counts[k][v]++
		}
	}
	for _, c := range cats {
		if c.Key == "region" {
			continue // from the letters' addresses, checked by the demo command's seeding
		}
		for _, v := range c.Values {
			share := float64(counts[c.Key][v.Key]) / 640
			if math.Abs(share-v.Census) > 0.04 {
				t.Errorf("%s=%s: %.3f of registrations, census %.3f", c.Key, v.Key, share, v.Census)
			}
		}
		for k := range counts[c.Key] {
			if _, ok := c.Value(k); !ok {
				t.Errorf("%s=%s is not an answer of the question", c.Key, k)
			}
		}
	}
	for _, town := range []string{"Leeds", "London", "Exeter"} {
		if demo.RegionOfTown(town) == "" {
			t.Errorf("no region for %s", town)
		}
	}
}

// The past round's member ids are the same stream on every call, shaped
// like recruit's random ones, and distinct over the whole pool.
func TestPastMemberIDs(t *testing.T) {
	a, b := demo.PastMemberIDs(), demo.PastMemberIDs()
	seen := map[string]bool{}
	shape := regexp.MustCompile(`^p-[0-9a-f]{10}$`)
	for i := 0; i < 640; i++ {
		x := a()
		if y := b(); x != y {
			t.Fatalf("id %d: %s, then %s", i, x, y)
		}
		if !shape.MatchString(x) || seen[x] {
			t.Fatalf("id %d: %q (shape, or seen before)", i, x)
		}
		seen[x] = true
	}
}
