// Package report renders an opinion map (opinions.Result) for people: an
// SVG map with participants as points coloured by group, and a
// self-contained HTML report listing each group's size, its representative
// statements with agree/disagree shares, and the consensus statements.
//
// Renderers write to an io.Writer; the package opens no files. It imports
// the standard library and package opinions only.
//
// May import only: the standard library, internal/opinions.
package report
