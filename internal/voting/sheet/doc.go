// Package sheet writes a voting.Result as a count sheet: plain text for
// people, CSV for spreadsheets (one row per candidate per round) and JSON
// for programs. Vote values are written as exact decimals with the
// Result's number of places, so a published sheet can be compared digit for
// digit with a recount.
//
// It must not import anything from Folkmoot but voting.
//
// May import only: the standard library, internal/voting.
package sheet
