// Package i18n is Folkmoot's message catalogue: every text a person reads
// in a page or an email goes through a Printer for their language, English
// ("en") or Welsh ("cy").
//
// Messages are keyed by their English text (the msgid, with fmt verbs), as
// in gettext: English needs no catalogue file, and the Welsh catalogue
// (cy.json, embedded) maps each msgid to its Welsh text, so a reviewer sees
// both side by side. Plural messages are keyed by their English singular
// and give Welsh's six CLDR plural forms. Dates and numbers are formatted
// for the language.
//
// May import only: the standard library, internal/apperr.
package i18n
