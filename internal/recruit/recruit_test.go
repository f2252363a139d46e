package recruit

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSampleIsSeededUniformAndRepeatable(t *testing.T) {
	ids := make([]int64, 100)
	for i := range ids {
		ids[i] = int64(100 - i)
	}
	a := Sample(ids, 10, "seed")
	b := Sample(slices.Clone(ids), 10, "seed")
	if !slices.Equal(a, b) || len(a) != 10 || !slices.IsSorted(a) {
		t.Fatalf("Sample = %v, %v", a, b)
	}
	if slices.Equal(a, Sample(ids, 10, "other")) {
		t.Fatal("another seed gave the same sample")
	}
	if got := Sample(ids, 200, "x"); len(got) != 100 {
		t.Fatalf("n > len gave %d", len(got))
	}
	// Roughly uniform: each id drawn about 10% of the time over many seeds.
	hits := map[int64]int{}
	for s := 0; s < 4000; s++ {
		for _, id := range Sample(ids, 10, strings.Repeat("s", s%7)+string(rune('a'+s%26))+time.Duration(s).String()) {
			hits[id]++
		}
	}
	for _, id := range ids {
		if hits[id] < 280 || hits[id] > 520 {
			t.Fatalf("id %d drawn %d times in 4000 draws of 10 of 100", id, hits[id])
		}
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		c := NewCode()
		if len(c) != 9 || c[4] != '-' || strings.ContainsAny(c, "01OIL") || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
		for _, typed := range []string{c, strings.ToLower(c), strings.ReplaceAll(c, "-", ""), " " + c[:4] + " " + c[5:] + " "} {
			if got, ok := NormaliseCode(typed); !ok || got != c {
				t.Fatalf("NormaliseCode(%q) = %q, %v", typed, got, ok)
			}
		}
	}
	for _, bad := range []string{"", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EF0H", "ABCD_EFGH"} {
		if _, ok := NormaliseCode(bad); ok {
			t.Fatalf("NormaliseCode(%q) ok", bad)
		}
	}
}

func TestParseAddresses(t *testing.T) {
	in := "\ufeffUPRN,Address Line 1,Address Line 2,Town,Postcode\n" +
		"1,Flat 2,10 High St,Leeds,ls11aa\n" +
		"\n" +
		"2,10 high st.,,Leeds,LS1 1AA\n" + // not a duplicate: no flat
		"3,Flat 2,10 High St,LEEDS,LS1 1AA\n" + // duplicate of line 2
		"4,,,Leeds,LS1 1AA\n" + // no address lines
		"5,1 Road,,Leeds,XYZ\n" // bad postcode
	addrs, dups, errs, err := ParseAddresses(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(addrs) != 2 || addrs[0].Text != "Flat 2\n10 High St\nLeeds\nLS1 1AA" || addrs[0].Line != 2 {
		t.Fatalf("addrs = %+v", addrs)
	}
	if len(dups) != 1 || dups[0].Line != 5 {
		t.Fatalf("dups = %+v", dups)
	}
	if len(errs) != 2 || errs[0].Line != 6 || errs[1].Line != 7 || errs[1].Column != "Postcode" {
		t.Fatalf("errs = %+v", errs)
	}
	// No header: every column is a line.
	addrs, _, errs, _ = ParseAddresses(strings.NewReader("1 Road,Leeds\n2 Road,Leeds\n"))
	if len(addrs) != 2 || len(errs) != 0 || addrs[1].Text != "2 Road\nLeeds" {
		t.Fatalf("no header: %+v %+v", addrs, errs)
	}
	_, _, errs, _ = ParseAddresses(strings.NewReader("a,\"b\n"))
	if len(errs) == 0 {
		t.Fatal("a broken quote gave no error")
	}
	_, _, errs, _ = ParseAddresses(strings.NewReader(""))
	if len(errs) != 1 {
		t.Fatalf("empty file: %+v", errs)
	}
}

func TestCategories(t *testing.T) {
	cs := DefaultCategories()
	if err := ValidateCategories(cs); err != nil {
		t.Fatal(err)
	}
	back, err := ParseCategories(FormatCategories(cs))
	if err != nil {
		t.Fatal(err)
	}
	if FormatCategories(back) != FormatCategories(cs) || len(back) != len(cs) || back[0].Derive != DeriveAgeBand {
		t.Fatalf("round trip:\n%s", FormatCategories(back))
	}
	age := cs[0]
	for a, want := range map[int]string{16: "16-29", 29: "16-29", 30: "30-44", 74: "60-74", 75: "75+", 101: "75+", 15: ""} {
		if got := AgeBand(age, a); got != want {
			t.Fatalf("AgeBand(%d) = %q, want %q", a, got, want)
		}
	}
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	if Age(time.Date(1980, 3, 3, 0, 0, 0, 0, time.UTC), now) != 45 || Age(time.Date(1980, 3, 2, 0, 0, 0, 0, time.UTC), now) != 46 {
		t.Fatal("Age")
	}
	bad := DefaultCategories()
	bad[1].Values[0].Census = 0.9
	bad[2].Key = "Region!"
	bad[0].Values[1].Key = "31-44"
	err = ValidateCategories(bad)
	if err == nil || !strings.Contains(err.Error(), "add up") || !strings.Contains(err.Error(), "Region!") || !strings.Contains(err.Error(), "age bands") {
		t.Fatalf("ValidateCategories = %v", err)
	}
	if _, err := ParseCategories("16-29 | a | b | 1\n[x] Q\nk | l\n"); err == nil || !strings.Contains(err.Error(), "Line 1") || !strings.Contains(err.Error(), "Line 3") {
		t.Fatalf("ParseCategories = %v", err)
	}
}

func TestParseDOB(t *testing.T) {
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	if _, err := parseDOB("29", "2", "1948", now); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][3]string{{"", "", ""}, {"1", "", "1980"}, {"31", "2", "1980"}, {"1", "1", "80"}, {"1", "1", "2030"}, {"1", "1", "2015"}} {
		if _, err := parseDOB(c[0], c[1], c[2], now); err == nil {
			t.Fatalf("parseDOB(%v) ok", c)
		}
	}
}

// ParseAddresses never panics, and what it accepts is well formed.
func FuzzParseAddresses(f *testing.F) {
	for _, s := range []string{"address_line_1,postcode\n1 Road,LS1 1AA\n", "a,\"b\n", "\ufeff,,\n\n", "town,postcode\nLeeds,X\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addrs, _, _, err := ParseAddresses(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, a := range addrs {
			if a.Text == "" || a.Key != NormaliseAddress(a.Text) || a.Line < 1 {
				t.Fatalf("accepted %+v", a)
			}
		}
	})
}

// ParseCategories never panics; what it gives back formats and parses to itself.
func FuzzParseCategories(f *testing.F) {
	f.Add(FormatCategories(DefaultCategories()))
	f.Add("[x] Q | C\na | b | c | 10%\n")
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ParseCategories(s)
		if err != nil || ValidateCategories(cs) != nil {
			return
		}
		again, err := ParseCategories(FormatCategories(cs))
		if err != nil || len(again) != len(cs) {
			t.Fatalf("round trip of %q: %v", s, err)
		}
	})
}
