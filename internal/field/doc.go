// Package field checks the text fields people type into Folkmoot: a length
// in characters (runes), valid UTF-8, and no control or invisible format
// characters. Each rule carries its own whole messages, written as English
// msgids for the catalogue (internal/i18n), so that every field's messages
// can be translated with the right grammar (Welsh mutates the noun after
// "Rhowch", for one).
//
// May import only: the standard library, internal/apperr.
package field
