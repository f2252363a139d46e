package similar

import (
	"strings"
	"unicode"
)

// stopWords are common English function words, and words that carry no
// topic in a public-participation setting ("please", "should").
var stopWords = func() map[string]bool {
	words := `a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each even ever every few for from further get gets getting got had hadn't has hasn't have
haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've
if in into is isn't it it's its itself just let's like made make many may me might more most much must mustn't
my myself need needs no nor not now of off on once one only or other ought our ours ourselves out over own
please put really same say says shan't she she'd she'll she's should shouldn't so some still such than that that's
the their theirs them themselves then there there's these they they'd they'll they're they've this those
through to too under until up upon us use used very via was wasn't we we'd we'll we're we've were weren't what
what's when when's where where's whether which while who who's whom why why's will with won't would wouldn't
yet you you'd you'll you're you've your yours yourself yourselves`
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
		m[strings.ReplaceAll(w, "'", "")] = true
	}
	return m
}()

// Tokens returns the index terms of text: words of letters and digits,
// lower-cased, without stop words, one-letter words or apostrophes, each
// lightly stemmed with [Stem]. "Carers' breaks" gives [carer break].
func Tokens(text string) []string {
	var out []string
	for _, w := range words(text) {
		if len([]rune(w)) < 2 || stopWords[w] {
			continue
		}
		out = append(out, Stem(w))
	}
	return out
}

// words splits text into lower-case words of letters and digits, keeping
// apostrophes inside a word (so "don't" stays one word) but not at its ends.
func words(text string) []string {
	var out []string
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	})
	for _, w := range f {
		w = strings.ReplaceAll(w, "’", "'")
		w = strings.Trim(w, "'")
		if w == "" {
			continue
		}
		if !stopWords[w] {
			w = strings.TrimSuffix(w, "'s")
			w = strings.ReplaceAll(w, "'", "")
		}
		out = append(out, w)
	}
	return out
}

// Stem removes common English inflections from a lower-case word:
// plurals (therapies→therapy, clinics→clinic, but not -ss, -us, -is),
// and -ing and -ed when at least four letters remain (waiting→wait,
// diagnosed→diagnos). It is deliberately light: it never merges words of
// different meaning as aggressive stemmers sometimes do.
func Stem(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		return w[:n-3] + "y"
	case n > 4 && strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") && !strings.HasSuffix(w, "'s"):
		return stemEnding(w[:n-1])
	}
	return stemEnding(w)
}

// stemEnding strips -ing or -ed, keeping at least four letters.
func stemEnding(w string) string {
	for _, suf := range []string{"ing", "ed"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}
