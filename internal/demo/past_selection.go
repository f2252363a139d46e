package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// PoolCategory is one demographic question of a recruitment pool, with
// the census share of each answer (the shape of internal/recruit's pool,
// in the standard library's types).
type PoolCategory struct {
	Key, Question, QuestionCy string
	Values                    []PoolValue
}

// PoolValue is one answer with its share of the population.
type PoolValue struct {
	Key, Label, LabelCy string
	Census              float64
}

// PoolMember is one registered person: a pseudonymous id, their answers,
// and how to reach them.
type PoolMember struct {
	ID      string
	Answers map[string]string
	Name    string
	Email   string
	Lang    string // "en" or "cy"
}

// PoolCategories are the demo's questions: age band, gender, region and
// whether the person has a long-term health condition, with shares
// close to the 2021 census of England and Wales.
var PoolCategories = []PoolCategory{
	{"age", "How old are you?", "Faint yw eich oed chi?", []PoolValue{
		{"16-29", "16 to 29", "16 i 29", 0.22}, {"30-44", "30 to 44", "30 i 44", 0.25}, {"45-59", "45 to 59", "45 i 59", 0.25},
		{"60-74", "60 to 74", "60 i 74", 0.18}, {"75+", "75 or over", "75 neu hŷn", 0.10}}},
	{"gender", "What is your gender?", "Beth yw eich rhywedd?", []PoolValue{
		{"woman", "Woman", "Menyw", 0.51}, {"man", "Man", "Dyn", 0.48}, {"another", "In another way", "Mewn ffordd arall", 0.01}}},
	{"region", "Where do you live?", "Ble rydych chi'n byw?", []PoolValue{
		{"north", "North of England", "Gogledd Lloegr", 0.27}, {"midlands", "The Midlands and East", "Canolbarth a Dwyrain Lloegr", 0.28},
		{"south", "London and the South", "Llundain a De Lloegr", 0.40}, {"wales", "Wales", "Cymru", 0.05}}},
	{"health", "Do you have a long-term health condition or disability?", "Oes gennych chi gyflwr iechyd hirdymor neu anabledd?", []PoolValue{
		{"yes", "Yes", "Oes", 0.18}, {"no", "No", "Nac oes", 0.82}}},
}

// PastSelection is the past round's selection of its assembly from the
// 640 people who registered (PastRecruit): the panel of 60 drawn by a
// public verifiable lottery, and the two people drawn who declined.
type PastSelection struct {
	PanelSize  int
	Tickets    int
	Seed       string // the private seed of the run, published with the ticket list
	Source     string // the public random source, as announced
	PublicSeed string // what that source gave
	Decliners  []int  // positions (1-based) on the drawn panel of the people who declined
}

// PastSelectionOf returns the past round's selection for a demo seed.
func PastSelectionOf() PastSelection {
	return PastSelection{
		PanelSize:  60,
		Tickets:    1000,
		Seed:       "20250307",
		Source:     "The main numbers of the UK National Lottery Lotto draw on the Saturday after this announcement, in the order drawn, separated by spaces.",
		PublicSeed: "7 19 23 31 42 56",
		Decliners:  []int{4, 23},
	}
}

// GeneratePool returns n registered people with answers drawn from the
// census shares (skewed a little, as volunteers are: more older people,
// fewer young men), pseudonymous ids prefix-xxxxxx, and example.org
// addresses. The same seed gives the same pool.
func GeneratePool(seed int64, prefix string, n int) []PoolMember {
	r := rand.New(rand.NewPCG(uint64(seed), 0x706f6f6c))
	out := make([]PoolMember, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		id := fmt.Sprintf("%s-%06x", prefix, r.Uint32()&0xffffff)
		if seen[id] {
			continue
		}
		seen[id] = true
		m := PoolMember{ID: id, Answers: map[string]string{}, Lang: "en"}
		for _, c := range PoolCategories {
			m.Answers[c.Key] = drawValue(r, c)
		}
		if m.Answers["region"] == "wales" && r.IntN(3) == 0 {
			m.Lang = "cy"
		}
		first, last := pick(r, poolFirst), pick(r, poolLast)
		m.Name = first + " " + last
		m.Email = strings.ToLower(first+"."+last) + "." + id[len(prefix)+1:] + "@example.org"
		out = append(out, m)
	}
	return out
}

// drawValue draws an answer by census share, tilted towards older
// people as volunteer pools are.
func drawValue(r *rand.Rand, c PoolCategory) string {
	w := make([]float64, len(c.Values))
	total := 0.0
	for i, v := range c.Values {
		w[i] = v.Census
		if c.Key == "age" {
			w[i] *= 0.8 + 0.1*float64(i)
		}
		if w[i] < 0.02 {
			w[i] = 0.02
		}
		total += w[i]
	}
	x := r.Float64() * total
	for i, v := range c.Values {
		if x < w[i] {
			return v.Key
		}
		x -= w[i]
	}
	return c.Values[len(c.Values)-1].Key
}

var (
	poolFirst = []string{"Amina", "Ben", "Carys", "Dafydd", "Elif", "Femi", "Grace", "Harpreet", "Ioan", "Jade", "Kofi", "Lowri", "Mohammed", "Nia", "Owen", "Priya", "Rhys", "Sarah", "Tomasz", "Usha", "Wyn", "Yusuf", "Zoe", "Gareth", "Megan"}
	poolLast  = []string{"Ahmed", "Bevan", "Clarke", "Davies", "Evans", "Fraser", "Griffiths", "Hughes", "Iqbal", "Jones", "Kaur", "Lewis", "Morgan", "Nowak", "Owusu", "Patel", "Roberts", "Singh", "Thomas", "Williams"}
)
