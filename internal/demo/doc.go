// Package demo builds folkmoot's demonstration data set: a programme like
// NHS Citizen with two rounds. The first round is finished: it went
// through every phase, from gathering a dozen issues to the Board's answers
// and follow-up, each move with the organiser's public note (later phases'
// records — the jury's vote, the lottery, the assembly's votes, the
// answers — are added to it as the platform learns to hold them). The
// second, current round is gathering issues: about 200 issues, each written
// out in full in plain English by one of about 40 people or five organisations, with
// supports, comments and replies, follows, reports and a moderation, and
// themes confirmed by an organiser.
//
// The five issues NHS Citizen's Citizens' Jury chose for the Assembly of
// 25 November 2015 (support for people with dementia after diagnosis;
// comprehensive psychosocial approaches to mental health; preventing
// premature deaths; health outcomes for looked-after children and young
// people; transparency in clinical commissioning group decision making) are
// each raised many times in different words and gather the most supporters,
// so they emerge as the leading themes. Other issues are left unthemed, so
// that internal/similar has groupings to suggest.
//
// [Build] is a pure function of its seed (no I/O, no clock): the same seed
// gives the same [Dataset]. Times are laid out around the fixed instant
// [Base]; [Dataset.Rebase] moves them so that the Gather window is open now.
// The Dataset uses plain structs of its own, referring to one another by
// string keys, so this package does not depend on the store: the demo
// command (cmd/folkmoot/demo.go) maps it into the store through the gather
// and people services.
//
// This package must not import any other folkmoot package and does no I/O
// (its tests check the data against internal/gather's validation).
//
// May import only: the standard library.
package demo
