package people

import (
	"context"
	"encoding/hex"
	"io"
	"regexp"
	"strings"
	"unicode"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// DeletedName is the display name a deleted account's content keeps: what
// they wrote stays, signed by nobody in particular.
const DeletedName = "Former participant"

// defaultName is the public name of a user who has not chosen one:
// "Participant" and six random hexadecimal characters. The code is random
// (not derived from the address), so knowing someone's address tells
// nothing about what they wrote.
func (s *Service) defaultName() (string, error) {
	b := make([]byte, 3)
	if _, err := io.ReadFull(s.cfg.Rand, b); err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "people: reading randomness")
	}
	return "Participant " + strings.ToUpper(hex.EncodeToString(b)), nil
}

var defaultNameRE = regexp.MustCompile(`^Participant [0-9A-F]{6}$`)

// IsDefaultName reports whether name is one Folkmoot gave (a new account's
// "Participant" code, or a deleted account's name) rather than one the
// person chose.
func IsDefaultName(name string) bool { return defaultNameRE.MatchString(name) || name == DeletedName }

// reservedWords are the words no chosen name may contain as a word, folded
// (see FoldName): role and staff words in English and Welsh, so that nobody
// looks like staff. Roles show as badges the server sets, never as names.
var reservedWords = map[string]bool{
	"admin": true, "administrator": true, "administrators": true, "moderator": true, "moderators": true, "mod": true,
	"organiser": true, "organisers": true, "organizer": true, "organizers": true, "staff": true, "official": true,
	"system": true, "folkmoot": true, "representative": true,
	"gweinyddwr": true, "gweinyddwyr": true, "cymedrolwr": true, "cymedrolwyr": true, "trefnydd": true, "trefnwyr": true,
	"staffaelod": true, "swyddogol": true, "cynrychiolydd": true,
}

// foldRunes maps accented Latin letters to their base letter.
var foldRunes = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåāăąǎ", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě", 'g': "ĝğġģ", 'h': "ĥħ",
		'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľŀł", 'n': "ñńņňŉ", 'o': "òóôõöøōŏőǒ",
		'r': "ŕŗř", 's': "śŝşšș", 't': "ţťŧț", 'u': "ùúûüũūŭůűųǔ", 'w': "ŵẁẃẅ", 'y': "ýÿŷỳ", 'z': "źżž",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// FoldName returns the words of a name compared case-, space-, punctuation-
// and accent-insensitively: "Hélen  Murray" and "helen-murray" both fold
// to ["helen", "murray"].
func FoldName(name string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range strings.ToLower(name) {
		if f, ok := foldRunes[r]; ok {
			r = f
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r): // a combining accent: ignore
		default:
			flush()
		}
	}
	flush()
	return words
}

// SameName reports whether two names fold to the same letters, ignoring
// the spaces between words.
func SameName(a, b string) bool {
	fa, fb := strings.Join(FoldName(a), ""), strings.Join(FoldName(b), "")
	return fa != "" && fa == fb
}

// checkNameFree refuses a chosen name that could pass for staff or for
// someone else: a role word, the name Folkmoot gives new or deleted
// accounts (unless it is the actor's own), or the name of a moderator,
// organiser or administrator other than the actor.
func (s *Service) checkNameFree(ctx context.Context, actor User, name string) error {
	words := FoldName(name)
	for i, w := range words {
		if reservedWords[w] || (i+1 < len(words) && reservedWords[w+words[i+1]]) {
			return apperr.Field("display_name", "Your name cannot include a word like %q: roles are shown beside names by Folkmoot itself", w)
		}
	}
	if IsDefaultName(name) || SameName(name, DeletedName) {
		if name == actor.DisplayName {
			return nil
		}
		return apperr.Field("display_name", "Choose a name of your own: names like this are given by Folkmoot")
	}
	for _, r := range []Role{RoleModerator, RoleOrganiser, RoleAdmin} {
		staff, err := s.store.Users(ctx, UserQuery{Role: r, Limit: 500})
		if err != nil {
			return err
		}
		for _, st := range staff {
			if st.ID != actor.ID && SameName(st.DisplayName, name) {
				return apperr.Field("display_name", "That name belongs to a member of staff. Choose another")
			}
		}
	}
	return nil
}
