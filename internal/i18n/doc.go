// Package i18n is Folkmoot's message catalogue: every text a person reads
// in a page or an email goes through a Printer for their language, English
// ("en") or Welsh ("cy").
//
// Messages are keyed by their English text (the msgid, a fmt format), as
// in gettext: English needs no catalogue file, and the Welsh catalogue
// (cy.json, embedded; its format is described on Catalogue) maps each msgid
// to its Welsh text, so a reviewer sees both side by side. Plural messages
// are keyed by their English singular and give Welsh's six CLDR plural
// forms (Lang.Plural). Dates and numbers are formatted for the language.
//
// Nothing a Printer prints carries a fmt error: a msgid the catalogue
// lacks, or a translation whose verbs differ from its msgid's, is shown in
// English and logged once (log/slog); a plural form may leave out the
// count. The tests are stricter: the catalogue test (catalogue_test.go,
// with package catalogtest) reads every msgid from the code and templates
// and fails on a missing or unused Welsh entry, on verbs that differ, and
// on English a template shows outside t and tn. The Welsh words chosen
// for Folkmoot's terms are in docs/welsh-glossary.md.
//
// Errors reach people through Printer.Err, which translates an
// *apperr.Error by its Format and Args and never shows its cause.
//
// May import only: the standard library, internal/apperr.
package i18n
