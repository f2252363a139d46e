// Package similar finds issues that say the same thing in different words,
// offline and in pure Go: it answers "which issues already raised are like
// this draft?" while someone types a new issue, and suggests groupings of
// near-duplicates that organisers may confirm into themes.
//
// # Method
//
// Text is split into words, lower-cased, stop words removed and lightly
// stemmed ([Tokens]; an S-stemmer in the manner of Harman (1991), "How
// effective is suffixing?", JASIS 42(1), plus -ing and -ed). A document is
// its title (counted twice) and description, represented as a TF-IDF vector
// with sublinear term frequency, w(t,d) = (1 + ln tf(t,d)) · idf(t) with
// idf(t) = ln((1+N)/(1+df(t))), and documents are compared by cosine
// similarity (Salton & Buckley 1988, "Term-weighting approaches in automatic
// text retrieval", Information Processing & Management 24(5)). An inverted
// index makes a query cost the total length of the posting lists of its
// terms, not the number of documents.
//
// IDF weights and document norms are recomputed when the number of
// documents has changed by more than a tenth since they were last computed
// ([RebuildDrift]), so a document added in between is scored with slightly
// stale weights; call [Index.Rebuild] to force exact weights.
//
// Groupings ([Index.Groups]) link each document to its nearest neighbours
// above a similarity threshold and take connected components; a component
// too large to be one theme is split again at a higher threshold, and each
// component is split by average linkage (UPGMA) so that chains of links
// across topics fall apart. Neighbours are found through each document's
// most weighty terms, then compared in full. Each
// group proposes a name (the title of its most central issue) and its top
// terms.
//
// An [Index] is safe for concurrent use. This package does no I/O, uses no
// randomness, and must not import other folkmoot packages.
//
// May import only: the standard library.
// Must not import: net, net/http, database/sql, os/exec, drivers.
package similar
