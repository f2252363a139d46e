// Package polisio reads and writes the CSV files of Pol.is's data export
// (votes.csv, comments.csv, participants-votes.csv, summary.csv), as
// published in compdemocracy/openData, so conversations exported from Pol.is
// can be mapped by package opinions and our results read by Pol.is tools.
//
// Readers take an io.Reader and writers an io.Writer; the package opens no
// files. Bad rows never crash a reader: a missing required column is an
// error, while a malformed row, a duplicate row or a vote on an unknown
// statement is skipped and counted in a Report.
//
// It imports the standard library and package opinions only.
//
// May import only: the standard library, internal/opinions.
package polisio
