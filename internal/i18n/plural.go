package i18n

// Form is a CLDR plural category: which form of a counted phrase a
// language uses for a number.
type Form string

// The CLDR plural categories, in CLDR order.
const (
	Zero  Form = "zero"
	One   Form = "one"
	Two   Form = "two"
	Few   Form = "few"
	Many  Form = "many"
	Other Form = "other"
)

// Forms returns the plural forms l distinguishes, in CLDR order: English
// one and other; Welsh zero, one, two, few, many and other.
func (l Lang) Forms() []Form {
	if l == Welsh {
		return []Form{Zero, One, Two, Few, Many, Other}
	}
	return []Form{One, Other}
}

// Plural returns the plural form l uses for the whole number n, by the
// CLDR rules (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html):
//
//	English  one: n = 1; other
//	Welsh    zero: n = 0; one: n = 1; two: n = 2; few: n = 3; many: n = 6; other
//
// so Welsh says "dim cefnogwyr", "un cefnogwr", "dau gefnogwr", "tri
// chefnogwr", "chwe chefnogwr", "pum cefnogwr". The sign of n is ignored.
func (l Lang) Plural(n int) Form {
	if n < 0 {
		n = -n
	}
	if l == Welsh {
		switch n {
		case 0:
			return Zero
		case 1:
			return One
		case 2:
			return Two
		case 3:
			return Few
		case 6:
			return Many
		}
		return Other
	}
	if n == 1 {
		return One
	}
	return Other
}
