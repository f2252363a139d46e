// Package catalogtest finds every msgid Folkmoot uses, so that tests can
// hold the message catalogue (internal/i18n) to the code: no msgid without
// a translation, no translation without a msgid, the same fmt verbs in
// both, and no English shown outside the catalogue.
//
// It reads the module's source, never runs it:
//
//   - Go (go/ast over every non-test .go file): the literal msgid of
//     x.T("…", args…), the singular and plural of x.N(n, "…", "…", args…),
//     i18n.Mark("…"), the format of apperr.New, apperr.Field and
//     apperr.Wrap (except errors of kind apperr.Internal, which people never
//     read), and the arguments named by Options.MessageArgs. A msgid may be
//     a string constant ("apperr.Generic"). T and N calls whose msgid is not
//     a constant are skipped: they translate a value marked elsewhere.
//   - Templates (text/template/parse over every file a //go:embed directive
//     embeds whose name ends in .html, .htm, .tmpl, .gohtml, .gotmpl or
//     .txt): the msgids of t and tn, which must be string literals.
//
// Options.NotForPeople leaves out the code whose messages and templates
// only operators read (the CLI, the engines): their apperr messages and
// templates are not msgids. T, N and Mark calls count everywhere.
//
// Visible reports English a template shows outside t and tn: text between
// tags, the attributes people read or hear (alt, title, placeholder,
// aria-label, a button's value, …) and string literals that look like
// prose passed to other template functions.
//
// The package is for tests; it does no I/O beyond reading the module's
// files.
//
// May import only: the standard library, internal/i18n, internal/apperr.
package catalogtest
