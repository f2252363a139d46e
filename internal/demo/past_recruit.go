package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// PastRecruitment is how the past round's assembly was recruited: the
// list of households it drew from, the draw of 8,000 invitations with its
// published seed, and the 640 people who registered with the code of their
// letter. Their answers roughly follow the census shares of the round's
// default questions (internal/recruit.DefaultCategories: the keys below are
// the same), region by the address their letter went to, so that a quota
// selection of 60 from them is feasible. All names, addresses and contact
// details are invented; phone numbers are in Ofcom's range for drama.
type PastRecruitment struct {
	// Addresses is the list imported, one address per row, as CSV with a
	// header (address_line_1, address_line_2, town, postcode).
	AddressesCSV string
	Addresses    int    // rows of AddressesCSV
	Seed         string // of the draw of invitations
	Invitations  int
	// Registrations are in time order; Letter is the index of the letter
	// (among the draw's, in the order the store lists them, by address)
	// whose code each used.
	Registrations []PastRegistration
}

// PastRegistration is one person who registered in the past round.
type PastRegistration struct {
	Letter                    int
	After                     time.Duration // after the draw
	Lang                      string        // "en" or "cy"
	Name, Email, Phone        string
	DOBDay, DOBMonth, DOBYear string
	Age                       int               // on registering, as the bands are derived
	Answers                   map[string]string // gender, ethnicity, disability (age and region are given by the DOB and the address)
	Region                    string            // the region of the letter's address, for checks
	AccessNeeds, Availability string
}

// regionTowns are towns of each region of England with their postcode
// areas, and the region's share of households (2021 census, rounded).
var regionTowns = []struct {
	key   string
	share float64
	towns [][2]string // town, postcode area
}{
	{"north-east", 0.047, [][2]string{{"Newcastle upon Tyne", "NE"}, {"Sunderland", "SR"}, {"Durham", "DH"}}},
	{"north-west", 0.131, [][2]string{{"Manchester", "M"}, {"Liverpool", "L"}, {"Preston", "PR"}, {"Bolton", "BL"}}},
	{"yorkshire", 0.097, [][2]string{{"Leeds", "LS"}, {"Sheffield", "S"}, {"Hull", "HU"}, {"Bradford", "BD"}}},
	{"east-midlands", 0.086, [][2]string{{"Nottingham", "NG"}, {"Leicester", "LE"}, {"Derby", "DE"}}},
	{"west-midlands", 0.104, [][2]string{{"Birmingham", "B"}, {"Coventry", "CV"}, {"Stoke-on-Trent", "ST"}}},
	{"east", 0.111, [][2]string{{"Norwich", "NR"}, {"Cambridge", "CB"}, {"Ipswich", "IP"}, {"Luton", "LU"}}},
	{"london", 0.155, [][2]string{{"London", "E"}, {"London", "N"}, {"London", "SE"}, {"London", "SW"}}},
	{"south-east", 0.164, [][2]string{{"Brighton", "BN"}, {"Reading", "RG"}, {"Oxford", "OX"}, {"Southampton", "SO"}}},
	{"south-west", 0.105, [][2]string{{"Bristol", "BS"}, {"Exeter", "EX"}, {"Plymouth", "PL"}}},
}

// RegionOfTown returns the region key of a town of the demo's addresses.
func RegionOfTown(town string) string {
	for _, r := range regionTowns {
		for _, t := range r.towns {
			if t[0] == town {
				return r.key
			}
		}
	}
	return ""
}

var streetNames = []string{"Station Road", "Church Street", "Victoria Road", "Mill Lane", "Park Avenue", "Queen Street", "High Street",
	"Manor Road", "Green Lane", "Chapel Street", "Albert Road", "Grange Road", "School Lane", "Springfield Road", "Kings Road",
	"York Road", "Windsor Avenue", "The Crescent", "Orchard Close", "Meadow Way", "Beech Grove", "Ash Tree Court", "Elm Terrace",
	"Cedar Drive", "Willow Walk", "Hawthorn Close", "Rosebery Avenue", "Canal Side", "Brook Street", "Hill View"}

var districtNames = []string{"", "", "", "Northfield", "Eastbrook", "Westhill", "Southgate", "Oakley", "Fairview", "Riverside", "Highfield", "Moorside"}

// pastCategories are the shares used to invent answers (the census
// shares of recruit.DefaultCategories).
var pastAges = []struct {
	min, max int
	share    float64
}{{16, 29, 0.21}, {30, 44, 0.25}, {45, 59, 0.25}, {60, 74, 0.19}, {75, 92, 0.10}}

var pastAnswers = []struct {
	key    string
	values []string
	shares []float64
}{
	{"gender", []string{"woman", "man", "another"}, []float64{0.51, 0.485, 0.005}},
	{"ethnicity", []string{"white", "asian", "black", "mixed", "other"}, []float64{0.81, 0.096, 0.042, 0.030, 0.022}},
	{"disability", []string{"yes-a-lot", "yes-a-little", "no"}, []float64{0.077, 0.100, 0.823}},
}

var firstNames = map[string][]string{
	"woman": {"Sarah", "Emma", "Rachel", "Claire", "Joanne", "Lisa", "Karen", "Rebecca", "Hannah", "Megan", "Chloe", "Olivia", "Amelia", "Jessica",
		"Patricia", "Margaret", "Jean", "Sandra", "Linda", "Julie", "Gemma", "Lauren", "Sophie", "Bethan", "Siân", "Ffion", "Niamh", "Aoife"},
	"man": {"David", "John", "Michael", "Paul", "Andrew", "Mark", "James", "Richard", "Stephen", "Peter", "Chris", "Daniel", "Thomas", "Ryan",
		"Liam", "Jack", "Harry", "Callum", "Kevin", "Gary", "Ian", "Keith", "Brian", "Rhys", "Dafydd", "Owen", "Sean", "Conor"},
	"another": {"Alex", "Sam", "Charlie", "Jordan", "Robin", "Jamie", "Ash", "River"},
}

var ethnicNames = map[string][][2][]string{
	"asian": {{{"Priya", "Aisha", "Fatima", "Anjali", "Nadia", "Mei", "Sana"}, {"Raj", "Imran", "Arjun", "Hassan", "Vikram", "Wei", "Tariq"}}},
	"black": {{{"Abena", "Chioma", "Grace", "Amara", "Keisha", "Precious"}, {"Kwame", "Tunde", "Marcus", "Emeka", "Kofi", "Jermaine"}}},
}

var surnames = map[string][]string{
	"white": {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans",
		"Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "Hill", "Moore",
		"Harris", "Lewis", "Morgan", "Cooper", "Ward", "Murphy", "Kowalski", "Nowak", "O'Brien", "Kelly", "Lloyd", "Pritchard"},
	"asian": {"Patel", "Khan", "Ahmed", "Singh", "Hussain", "Begum", "Ali", "Shah", "Chowdhury", "Kaur", "Sharma", "Chen", "Iqbal", "Rahman"},
	"black": {"Okafor", "Mensah", "Adeyemi", "Campbell", "Boateng", "Asante", "Johnson", "Williams", "Okonkwo", "Brown", "Osei"},
	"mixed": {"Campbell", "Clarke", "Brown", "Ahmed", "Johnson", "Bennett", "Francis", "Grant", "Rossi"},
	"other": {"Silva", "Ahmadi", "Hassan", "Nguyen", "Kaya", "Haddad", "Novak", "Santos", "Kim", "Yilmaz"},
}

var accessNeeds = []string{"Step-free access, I use a wheelchair.", "A hearing loop, please.", "Large print papers.", "I need to bring my carer.",
	"A quiet room to take breaks.", "Help with travel costs, I do not drive.", "Papers in easy read.", "A BSL interpreter.",
	"Vegetarian food.", "Halal food.", "Somewhere to pray at midday.", "Childcare for my two children."}

var availability = []string{"Not weekdays before 5pm.", "Weekends only.", "Not in school holidays.", "Any time with two weeks' notice.",
	"Not on Fridays.", "Mornings are best.", "Evenings and weekends.", "Not Sundays."}

func weighted(r *rand.Rand, shares []float64) int {
	x, sum := r.Float64(), 0.0
	for i, s := range shares {
		sum += s
		if x < sum {
			return i
		}
	}
	return len(shares) - 1
}

// pastRecruitSeed makes PastRecruit the same on every start.
const pastRecruitSeed = 20151125

// PastRecruit returns the past round's recruitment: households addresses
// across England (weighted by region), the draw of invitations, and
// registrations from letters drawn at random. It is a pure function.
func PastRecruit(addresses, invitations, registrations int) PastRecruitment {
	r := rand.New(rand.NewPCG(pastRecruitSeed, 0x726563727569)) // "recruit"
	var b strings.Builder
	b.WriteString("address_line_1,address_line_2,town,postcode\n")
	seen := map[string]bool{}
	shares := make([]float64, len(regionTowns))
	for i, rt := range regionTowns {
		shares[i] = rt.share
	}
	const letters = "ABDEFGHJLNPQRSTUWXYZ" // the inward code's letters
	for n := 0; n < addresses; {
		reg := regionTowns[weighted(r, shares)]
		town := reg.towns[r.IntN(len(reg.towns))]
		street := streetNames[r.IntN(len(streetNames))]
		line1 := fmt.Sprintf("%d %s", 1+r.IntN(180), street)
		if r.IntN(6) == 0 {
			line1 = fmt.Sprintf("Flat %d, %s", 1+r.IntN(12), line1)
		}
		district := districtNames[r.IntN(len(districtNames))]
		key := line1 + "|" + district + "|" + town[0]
		if seen[key] {
			continue
		}
		seen[key] = true
		pc := fmt.Sprintf("%s%d %d%c%c", town[1], 1+r.IntN(19), 1+r.IntN(9), letters[r.IntN(len(letters))], letters[r.IntN(len(letters))])
		fmt.Fprintf(&b, "%q,%s,%s,%s\n", line1, district, town[0], pc)
		n++
	}
	p := PastRecruitment{AddressesCSV: b.String(), Addresses: addresses, Seed: "NHS-Citizen-2015-draw-27-04-11-36-48-02", Invitations: invitations}
	picked := r.Perm(invitations)[:registrations]
	afters := make([]time.Duration, registrations)
	for i := range afters {
		afters[i] = 2*day + time.Duration(r.Int64N(int64(40*day)))
	}
	slices.Sort(afters)
	for i, letter := range picked {
		pr := PastRegistration{Letter: letter, After: afters[i], Lang: "en", Answers: map[string]string{}}
		if r.IntN(40) == 0 {
			pr.Lang = "cy"
		}
		for _, a := range pastAnswers {
			pr.Answers[a.key] = a.values[weighted(r, a.shares)]
		}
		band := pastAges[weighted(r, func() []float64 {
			s := make([]float64, len(pastAges))
			for i, a := range pastAges {
				s[i] = a.share
			}
			return s
		}())]
		pr.Age = band.min + r.IntN(band.max-band.min+1)
		// The date of birth is set against the draw's date by the seeder
		// (PastDOB), as the age counts on the day of registration.
		pr.DOBDay, pr.DOBMonth = fmt.Sprint(1+r.IntN(28)), fmt.Sprint(1+r.IntN(12))
		g, eth := pr.Answers["gender"], pr.Answers["ethnicity"]
		first := firstNames[g][r.IntN(len(firstNames[g]))]
		if ns, ok := ethnicNames[eth]; ok && g != "another" && r.IntN(3) > 0 {
			if g == "woman" {
				first = ns[0][0][r.IntN(len(ns[0][0]))]
			} else {
				first = ns[0][1][r.IntN(len(ns[0][1]))]
			}
		}
		last := surnames[eth][r.IntN(len(surnames[eth]))]
		pr.Name = first + " " + last
		if r.IntN(10) > 0 {
			local := strings.ToLower(strings.NewReplacer("'", "", " ", "", "â", "a").Replace(first + "." + last))
			pr.Email = fmt.Sprintf("%s%d@%s", local, r.IntN(100), []string{"example.org", "example.net", "example.com"}[r.IntN(3)])
		}
		if r.IntN(5) < 3 {
			pr.Phone = fmt.Sprintf("07700 900%03d", r.IntN(1000))
		}
		if r.IntN(100) < 15 || pr.Answers["disability"] == "yes-a-lot" && r.IntN(2) == 0 {
			pr.AccessNeeds = accessNeeds[r.IntN(len(accessNeeds))]
		}
		if r.IntN(100) < 40 {
			pr.Availability = availability[r.IntN(len(availability))]
		}
		p.Registrations = append(p.Registrations, pr)
	}
	return p
}

// PastDOB returns a date of birth giving age years on day at, on the
// registration's day and month (the day before if that is 29 February).
func PastDOB(pr PastRegistration, at time.Time) (day, month, year string) {
	var d, m int
	fmt.Sscan(pr.DOBDay, &d)
	fmt.Sscan(pr.DOBMonth, &m)
	y := at.Year() - pr.Age
	if time.Month(m) > at.Month() || time.Month(m) == at.Month() && d > at.Day() {
		y-- // the birthday of this year is still to come
	}
	return pr.DOBDay, pr.DOBMonth, fmt.Sprint(y)
}

// PastMemberIDs returns the stream of pseudonymous ids the past round's
// registrations take, in the order they register ("p-" and 10 hex digits,
// as recruit makes them). Random ids would give each install a different
// pool order, and so a different lottery: with this stream every install
// draws the same panel, whose two decliners the reserves replace within
// the quotas.
func PastMemberIDs() func() string {
	r := rand.New(rand.NewPCG(pastRecruitSeed, 0x6d656d6265726)) // "member" and 6: a pool in which the reserves replace both decliners
	return func() string { return fmt.Sprintf("p-%010x", r.Uint64()>>24) }
}
