// Package csvin reads sortition input from CSV: quota files in the paper
// format (category,feature,min,max) or the Sortition Foundation format
// (feature,value,min,max[,min_flex,max_flex], or the older
// category,name,min,max[,...]), and pool files with one column per category,
// an optional id column and optional address columns.
//
// Values are matched case-insensitively after trimming spaces. Every error
// names the file, line and offending value. The package reads from
// io.Readers only; it must not open files (the caller does) and imports
// only internal/sortition and internal/apperr (the rule below counts
// imports transitively, so it names internal/solver, which sortition uses).
//
// May import only: the standard library, internal/sortition, internal/solver, internal/apperr.
package csvin
