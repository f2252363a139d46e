package recruit

// This file is the contract between recruitment (this package) and the
// selection of the assembly (internal/web/selectweb and the selection job):
// what a round's pool of registered people looks like to the lottery.

// Category is one demographic question of a round ("age", "gender",
// "region"): the quotas of the selection are set per category, and each
// registered person has one value of each.
type Category struct {
	Key        string  // lower-case letters, digits and hyphens; the column name in people.csv and the feature in features.csv
	Question   string  // as asked on the registration page, in English
	QuestionCy string  // in Welsh ("" falls back to English)
	Derive     string  // "" (asked directly) or "age-band" (derived from the date of birth; Values name the bands, e.g. "16-29", "75+")
	Values     []Value // the answers offered, in order
}

// Value is one answer to a category's question, with the share of the
// population it should have (from the census), which the selection page
// shows beside each quota.
type Value struct {
	Key     string  // as written in people.csv and features.csv
	Label   string  // in English
	LabelCy string  // in Welsh ("" falls back to English)
	Census  float64 // share of the population, 0..1; 0 when unknown
}

// Member is one registered person of a round's pool, as the lottery sees
// them: a pseudonymous id and one answer per category, nothing else.
type Member struct {
	ID      string            // pseudonymous, random, unique in the round (e.g. "p-7f3a9c"); never derived from personal data
	Answers map[string]string // Category.Key → Value.Key, one entry per category
}

// Pool is a round's pool: its categories and everyone registered and not
// withdrawn, in a stable order (by registration).
type Pool struct {
	CycleID    int64
	Categories []Category
	Members    []Member
}

// Contact is how to reach one member of the pool: what the selection needs
// to invite and confirm the people drawn. Only organisers may read it.
type Contact struct {
	MemberID string
	Name     string
	Email    string // may be empty when the person gave only a postal address
	Phone    string
	Address  string // the postal address the invitation went to
	Lang     string // "en" or "cy": the language the person registered in
}
