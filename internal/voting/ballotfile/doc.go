// Package ballotfile reads ballots into a voting.Election from the formats
// Folkmoot accepts: BLT (the standard file of STV counting programs), a
// ranked CSV (count,rank1,rank2,... with candidate names, as published for
// US ranked-choice elections) and JSON (Folkmoot's own, which also carries
// agreement-scale scores).
//
// Readers take an io.Reader and report malformed input with the line number.
// They never panic on any input (the fuzz targets check this) and bound
// what they allocate by the size of the input. The package must not import
// anything from Folkmoot but voting, and does no I/O beyond its Readers.
//
// May import only: the standard library, internal/voting.
package ballotfile
