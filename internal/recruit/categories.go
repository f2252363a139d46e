package recruit

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// DeriveAgeBand marks a category whose value is derived from the date of
// birth: each Value.Key names a band "16-29" or "75+".
const DeriveAgeBand = "age-band"

// Limits on a round's questions.
const (
	MaxCategories = 12
	MaxValues     = 30
	MaxQuestion   = 300
	MaxLabel      = 120
	MaxConsent    = 4000
	MinAge        = 16 // people younger than this cannot register
)

// DefaultConsent is the consent text of a round whose organisers have not
// written their own.
const (
	DefaultConsent   = "I agree that the organisers may keep the details I give here to select the members of the assembly by lottery and to contact me about it. Only the organisers can read them; they are kept encrypted and erased when the assembly ends or when I withdraw. My answers are never published with my name."
	DefaultConsentCy = "Rwy'n cytuno y caiff y trefnwyr gadw'r manylion a roddaf yma er mwyn dewis aelodau'r cynulliad drwy loteri ac er mwyn cysylltu â mi amdano. Dim ond y trefnwyr all eu darllen; cânt eu cadw wedi'u hamgryptio a'u dileu pan ddaw'r cynulliad i ben neu pan fyddaf yn tynnu'n ôl. Ni chaiff fy atebion byth eu cyhoeddi gyda fy enw."
)

// DefaultCategories returns the questions a new round starts with: age
// band (from the date of birth), gender, region, ethnic group and
// disability, with shares of England's population aged 16 and over from
// the 2021 census (rounded; organisers should check them for their area).
func DefaultCategories() []Category {
	return []Category{
		{Key: "age", Question: "Age (from your date of birth)", QuestionCy: "Oed (o'ch dyddiad geni)", Derive: DeriveAgeBand, Values: []Value{
			{"16-29", "16 to 29", "16 i 29", 0.21},
			{"30-44", "30 to 44", "30 i 44", 0.25},
			{"45-59", "45 to 59", "45 i 59", 0.25},
			{"60-74", "60 to 74", "60 i 74", 0.19},
			{"75+", "75 or over", "75 neu hŷn", 0.10},
		}},
		{Key: "gender", Question: "Which of these best describes you?", QuestionCy: "Pa un o'r rhain sy'n eich disgrifio orau?", Values: []Value{
			{"woman", "Woman", "Menyw", 0.51},
			{"man", "Man", "Dyn", 0.485},
			{"another", "In another way", "Mewn ffordd arall", 0.005},
		}},
		{Key: "region", Question: "Which region do you live in?", QuestionCy: "Ym mha ranbarth ydych chi'n byw?", Values: []Value{
			{"north-east", "North East", "Gogledd-ddwyrain Lloegr", 0.047},
			{"north-west", "North West", "Gogledd-orllewin Lloegr", 0.131},
			{"yorkshire", "Yorkshire and the Humber", "Swydd Efrog a'r Humber", 0.097},
			{"east-midlands", "East Midlands", "Dwyrain Canolbarth Lloegr", 0.086},
			{"west-midlands", "West Midlands", "Gorllewin Canolbarth Lloegr", 0.104},
			{"east", "East of England", "Dwyrain Lloegr", 0.111},
			{"london", "London", "Llundain", 0.155},
			{"south-east", "South East", "De-ddwyrain Lloegr", 0.164},
			{"south-west", "South West", "De-orllewin Lloegr", 0.105},
		}},
		{Key: "ethnicity", Question: "What is your ethnic group?", QuestionCy: "Beth yw eich grŵp ethnig?", Values: []Value{
			{"white", "White", "Gwyn", 0.81},
			{"asian", "Asian, Asian British or Asian Welsh", "Asiaidd, Asiaidd Prydeinig neu Asiaidd Cymreig", 0.096},
			{"black", "Black, Black British, Black Welsh, Caribbean or African", "Du, Du Prydeinig, Du Cymreig, Caribïaidd neu Affricanaidd", 0.042},
			{"mixed", "Mixed or multiple ethnic groups", "Grwpiau cymysg neu aml-ethnig", 0.030},
			{"other", "Another ethnic group", "Grŵp ethnig arall", 0.022},
		}},
		{Key: "disability", Question: "Are your day-to-day activities limited because of a health problem or disability which has lasted, or is expected to last, at least 12 months?",
			QuestionCy: "A yw eich gweithgareddau pob dydd wedi'u cyfyngu oherwydd problem iechyd neu anabledd sydd wedi para, neu y disgwylir iddi bara, o leiaf 12 mis?", Values: []Value{
				{"yes-a-lot", "Yes, limited a lot", "Ydyn, wedi'u cyfyngu'n fawr", 0.077},
				{"yes-a-little", "Yes, limited a little", "Ydyn, wedi'u cyfyngu ychydig", 0.100},
				{"no", "No", "Nac ydyn", 0.823},
			}},
	}
}

// DefaultSettings returns the settings of a round that has none saved.
func DefaultSettings(cycleID int64) Settings {
	return Settings{CycleID: cycleID, Categories: DefaultCategories(), Consent: DefaultConsent, ConsentCy: DefaultConsentCy}
}

var keyRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
var valueKeyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9+-]*$`)

// ValidateCategories checks a round's questions: keys well formed and
// unique, at least two values each, labels present, census shares between
// 0 and 1 summing to about 1 (or all unknown), age bands well formed.
// Every problem is an apperr.Invalid for the field "categories".
func ValidateCategories(cs []Category) error {
	var errs []error
	bad := func(err error) { errs = append(errs, err) }
	if len(cs) == 0 {
		bad(apperr.Field("categories", "Give at least one question"))
	}
	if len(cs) > MaxCategories {
		bad(apperr.Field("categories", "Use %d questions or fewer", MaxCategories))
	}
	seen := map[string]bool{}
	ageBands := 0
	for _, c := range cs {
		if !keyRE.MatchString(c.Key) || len(c.Key) > 40 {
			bad(apperr.Field("categories", "The question key %q must be lower-case letters, numbers and hyphens", c.Key))
			continue
		}
		if seen[c.Key] {
			bad(apperr.Field("categories", "The question key %q is used twice", c.Key))
		}
		seen[c.Key] = true
		if strings.ContainsAny(c.Question+c.QuestionCy, "|\n") {
			bad(apperr.Field("categories", "The question %q cannot contain | or a new line", c.Key))
		}
		if strings.TrimSpace(c.Question) == "" || utf8.RuneCountInString(c.Question) > MaxQuestion || utf8.RuneCountInString(c.QuestionCy) > MaxQuestion {
			bad(apperr.Field("categories", "Write the question %q in %d characters or fewer", c.Key, MaxQuestion))
		}
		switch c.Derive {
		case "":
		case DeriveAgeBand:
			ageBands++
		default:
			bad(apperr.Field("categories", "The question %q is derived in an unknown way: %q", c.Key, c.Derive))
		}
		if len(c.Values) < 2 || len(c.Values) > MaxValues {
			bad(apperr.Field("categories", "Give the question %q between 2 and %d answers", c.Key, MaxValues))
		}
		vseen := map[string]bool{}
		sum, known := 0.0, 0
		for _, v := range c.Values {
			if !valueKeyRE.MatchString(v.Key) || len(v.Key) > 40 {
				bad(apperr.Field("categories", "The answer key %q of %q must be lower-case letters, numbers, hyphens and plus signs", v.Key, c.Key))
			}
			if vseen[v.Key] {
				bad(apperr.Field("categories", "The answer key %q of %q is used twice", v.Key, c.Key))
			}
			vseen[v.Key] = true
			if strings.ContainsAny(v.Label+v.LabelCy, "|\n") {
				bad(apperr.Field("categories", "The answer %q of %q cannot contain | or a new line", v.Key, c.Key))
			}
			if strings.TrimSpace(v.Label) == "" || utf8.RuneCountInString(v.Label) > MaxLabel || utf8.RuneCountInString(v.LabelCy) > MaxLabel {
				bad(apperr.Field("categories", "Give the answer %q of %q a label of %d characters or fewer", v.Key, c.Key, MaxLabel))
			}
			if v.Census < 0 || v.Census > 1 || math.IsNaN(v.Census) {
				bad(apperr.Field("categories", "The census share of %q in %q must be between 0%% and 100%%", v.Key, c.Key))
			}
			if v.Census > 0 {
				known++
			}
			sum += v.Census
		}
		if known > 0 && math.Abs(sum-1) > 0.02 {
			bad(apperr.Field("categories", "The census shares of %q add up to %s%%, not 100%%", c.Key, strconv.FormatFloat(sum*100, 'f', 1, 64)))
		}
		if c.Derive == DeriveAgeBand {
			if _, err := parseBands(c.Values); err != nil {
				bad(apperr.Field("categories", "The age bands of %q must be written like 16-29 or 75+, in order, without gaps or overlaps", c.Key))
			}
		}
	}
	if ageBands > 1 {
		bad(apperr.Field("categories", "Only one question can be derived from the date of birth"))
	}
	return errors.Join(errs...)
}

type band struct {
	key      string
	min, max int // max -1 for open-ended
}

func parseBands(vs []Value) ([]band, error) {
	var out []band
	for i, v := range vs {
		var b band
		b.key = v.Key
		if lo, ok := strings.CutSuffix(v.Key, "+"); ok {
			n, err := strconv.Atoi(lo)
			if err != nil || i != len(vs)-1 {
				return nil, fmt.Errorf("band %q", v.Key)
			}
			b.min, b.max = n, -1
		} else {
			lo, hi, ok := strings.Cut(v.Key, "-")
			a, err1 := strconv.Atoi(lo)
			z, err2 := strconv.Atoi(hi)
			if !ok || err1 != nil || err2 != nil || z < a {
				return nil, fmt.Errorf("band %q", v.Key)
			}
			b.min, b.max = a, z
		}
		if i > 0 && out[i-1].max+1 != b.min {
			return nil, fmt.Errorf("band %q does not follow", v.Key)
		}
		out = append(out, b)
	}
	return out, nil
}

// Age returns the age in whole years on day now of someone born on dob.
func Age(dob, now time.Time) int {
	y := now.Year() - dob.Year()
	if now.Month() < dob.Month() || now.Month() == dob.Month() && now.Day() < dob.Day() {
		y--
	}
	return y
}

// AgeBand returns the key of the band of c (an age-band category) that age
// falls in, or "" when none does.
func AgeBand(c Category, age int) string {
	bs, err := parseBands(c.Values)
	if err != nil {
		return ""
	}
	for _, b := range bs {
		if age >= b.min && (b.max < 0 || age <= b.max) {
			return b.key
		}
	}
	return ""
}

// FormatCategories writes categories in the text form organisers edit:
// one block per question, its first line
//
//	[key] Question | Question in Welsh | age-band
//
// (the last part only for a derived question), then one line per answer
//
//	key | Label | Label in Welsh | census share in per cent
//
// and a blank line between blocks.
func FormatCategories(cs []Category) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "[%s] %s | %s", c.Key, c.Question, c.QuestionCy)
		if c.Derive != "" {
			b.WriteString(" | " + c.Derive)
		}
		b.WriteString("\n")
		for _, v := range c.Values {
			fmt.Fprintf(&b, "%s | %s | %s | %s\n", v.Key, v.Label, v.LabelCy, strconv.FormatFloat(math.Round(v.Census*1000)/10, 'f', -1, 64))
		}
	}
	return b.String()
}

// ParseCategories reads the text form written by FormatCategories. Errors
// name the line; the result is not yet validated (ValidateCategories).
func ParseCategories(text string) ([]Category, error) {
	var out []Category
	var errs []error
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		if strings.HasPrefix(line, "[") {
			end := strings.Index(parts[0], "]")
			if end < 0 {
				errs = append(errs, apperr.Field("categories", "Line %d: close the question key with ]", n+1))
				continue
			}
			c := Category{Key: strings.TrimSpace(parts[0][1:end]), Question: strings.TrimSpace(parts[0][end+1:])}
			if len(parts) > 1 {
				c.QuestionCy = parts[1]
			}
			if len(parts) > 2 {
				c.Derive = parts[2]
			}
			if len(parts) > 3 {
				errs = append(errs, apperr.Field("categories", "Line %d: a question line has at most 3 parts separated by |", n+1))
			}
			out = append(out, c)
			continue
		}
		if len(out) == 0 {
			errs = append(errs, apperr.Field("categories", "Line %d: start with a question line like [gender] Which of these best describes you?", n+1))
			continue
		}
		if len(parts) != 4 {
			errs = append(errs, apperr.Field("categories", "Line %d: an answer line has 4 parts: key | label | Welsh label | census share", n+1))
			continue
		}
		share := 0.0
		if p := strings.TrimSuffix(parts[3], "%"); p != "" {
			f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil {
				errs = append(errs, apperr.Field("categories", "Line %d: the census share must be a number of per cent, like 21.5", n+1))
				continue
			}
			share = f / 100
		}
		c := &out[len(out)-1]
		c.Values = append(c.Values, Value{Key: parts[0], Label: parts[1], LabelCy: parts[2], Census: share})
	}
	return out, errors.Join(errs...)
}

// Label returns the question of c in lang ("cy" or "en").
func (c Category) Label(lang string) string {
	if lang == "cy" && c.QuestionCy != "" {
		return c.QuestionCy
	}
	return c.Question
}

// Text returns the value's label in lang ("cy" or "en").
func (v Value) Text(lang string) string {
	if lang == "cy" && v.LabelCy != "" {
		return v.LabelCy
	}
	return v.Label
}

// Value returns the value of c keyed key, and whether there is one.
func (c Category) Value(key string) (Value, bool) {
	for _, v := range c.Values {
		if v.Key == key {
			return v, true
		}
	}
	return Value{}, false
}
