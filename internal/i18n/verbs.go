package i18n

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// verbs is what a format string asks of its arguments, as fmt reads it.
type verbs struct {
	byArg     map[int]string // argument number (1-based) → the verb letters that print it, sorted ("d", "s", "ds")
	reordered bool           // an explicit argument index ("%[2]s") appears
	bad       string         // why the format is malformed ("" when it is not)
}

// parseVerbs reads format as fmt.Sprintf does: flags, width and precision
// (a "*" takes an argument of its own, verb "*"), an explicit argument
// index "[n]", then the verb. "%%" prints a percent sign and takes nothing.
func parseVerbs(format string) verbs {
	v := verbs{byArg: map[int]string{}}
	arg := 1
	use := func(n int, verb rune) {
		if !strings.ContainsRune(v.byArg[n], verb) {
			b := []rune(v.byArg[n] + string(verb))
			slices.Sort(b)
			v.byArg[n] = string(b)
		}
	}
	index := func(s string, i int) (int, int, bool) { // s[i] == '['
		end := strings.IndexByte(s[i:], ']')
		if end < 0 {
			return 0, i, false
		}
		n, err := strconv.Atoi(s[i+1 : i+end])
		if err != nil || n < 1 {
			return 0, i, false
		}
		return n, i + end + 1, true
	}
	for i := 0; i < len(format); {
		if format[i] != '%' {
			i++
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		// Width, then precision: digits, or "*" (optionally "[n]*").
		for part := 0; part < 2; part++ {
			if part == 1 {
				if i >= len(format) || format[i] != '.' {
					break
				}
				i++
			}
			if i < len(format) && format[i] == '[' {
				n, j, ok := index(format, i)
				if !ok {
					v.bad = "a bad argument index"
					return v
				}
				if j < len(format) && format[j] == '*' {
					v.reordered, arg, i = true, n, j
				}
			}
			if i < len(format) && format[i] == '*' {
				use(arg, '*')
				arg++
				i++
				continue
			}
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		if i < len(format) && format[i] == '[' {
			n, j, ok := index(format, i)
			if !ok {
				v.bad = "a bad argument index"
				return v
			}
			v.reordered, arg, i = true, n, j
		}
		if i >= len(format) {
			v.bad = "a % at the end"
			return v
		}
		verb, size := rune(format[i]), 1
		if verb >= 0x80 {
			r := []rune(format[i:])[0]
			verb, size = r, len(string(r))
		}
		i += size
		if verb == '%' {
			continue
		}
		if !strings.ContainsRune("vTtbcdoOqxXUeEfFgGsp", verb) {
			v.bad = fmt.Sprintf("an unknown verb %%%c", verb)
			return v
		}
		use(arg, verb)
		arg++
	}
	return v
}

// String describes the verbs for a person: "%d, %s" in argument order,
// "%[2]s" style when the format reorders.
func (v verbs) String() string {
	if v.bad != "" {
		return "malformed: " + v.bad
	}
	if len(v.byArg) == 0 {
		return "no verbs"
	}
	var parts []string
	for _, n := range slices.Sorted(maps.Keys(v.byArg)) {
		for _, c := range v.byArg[n] {
			parts = append(parts, fmt.Sprintf("%%[%d]%c", n, c))
		}
	}
	return strings.Join(parts, ", ")
}

// same reports whether v and w take the same arguments with the same kinds
// of verb (flags, width and the order in the text may differ).
func (v verbs) same(w verbs) bool {
	return v.bad == "" && w.bad == "" && maps.Equal(v.byArg, w.byArg)
}

// without returns v without argument n.
func (v verbs) without(n int) verbs {
	out := verbs{byArg: maps.Clone(v.byArg), reordered: v.reordered, bad: v.bad}
	delete(out.byArg, n)
	return out
}

// shifted returns v with every argument number raised by one.
func (v verbs) shifted() verbs {
	out := verbs{byArg: map[int]string{}, reordered: v.reordered, bad: v.bad}
	for n, s := range v.byArg {
		out.byArg[n+1] = s
	}
	return out
}

// CheckTranslation reports whether text, the translation of msgid, takes
// the same arguments with the same kinds of verb. Explicit argument indexes
// let a translation change the order ("%[2]s … %[1]s"). The error says what
// differs.
func CheckTranslation(msgid, text string) error {
	want, got := parseVerbs(msgid), parseVerbs(text)
	if want.bad != "" {
		return fmt.Errorf("the English is malformed: %s", want.bad)
	}
	if !want.same(got) {
		return fmt.Errorf("the verbs differ: English has %v, the translation %v", want, got)
	}
	return nil
}

// CheckPluralForm reports whether form, one plural form of a message
// whose English plural is other, fits the arguments N passes: the count
// first, then the message's own arguments. A form may leave the count out
// (Welsh "un cefnogwr" for n = 1, English "One supporter"); otherwise it
// takes the same arguments as other, with the same kinds of verb.
func CheckPluralForm(other, form string) error {
	_, err := pluralArgs(parseVerbs(other), parseVerbs(form))
	return err
}

// pluralArgs decides how N formats a form against the English plural's
// verbs: withCount (the count first, then the arguments) or without it.
func pluralArgs(other, form verbs) (withCount bool, err error) {
	if other.bad != "" {
		return false, fmt.Errorf("the English plural is malformed: %s", other.bad)
	}
	if other.same(form) {
		return true, nil
	}
	if form.bad == "" {
		if _, usesCount := form.byArg[1]; form.reordered && !usesCount && form.same(other.without(1)) {
			return true, nil // explicit indexes: fmt ignores the unused count
		}
		if !form.reordered && form.shifted().same(other.without(1)) {
			return false, nil
		}
	}
	return false, fmt.Errorf("the verbs differ: English has %v (the count first), the form %v", other, form)
}

// ArgCount returns how many arguments format takes (with explicit indexes,
// the highest index), or an error if fmt would find it malformed.
func ArgCount(format string) (int, error) {
	v := parseVerbs(format)
	if v.bad != "" {
		return 0, errors.New(v.bad)
	}
	n := 0
	for i := range v.byArg {
		n = max(n, i)
	}
	return n, nil
}
