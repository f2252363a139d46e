// Package quality is a round's self-assessment against the OECD's Good
// Practice Principles for deliberative processes (OECD 2020, "Innovative
// Citizen Participation and New Democratic Institutions"): purpose,
// accountability, transparency, representativeness, inclusiveness,
// information, group deliberation, time, integrity, privacy and
// evaluation.
//
// The assessment has three parts. Automatic proofs (Check) are what the
// platform itself can show: each is met, not met or not yet applicable,
// with a sentence saying what was checked and a link to the public
// evidence. They read the other areas through small interfaces declared
// here (Sources: the round's phases, the lottery, the evidence, the
// jury's and the recommendations' published files, the Board's answers,
// the meetings, the recruitment pool), adapted from the real services in
// cmd/folkmoot, so this package imports none of them (nor the Board's
// answers of internal/response, read through Responses). Second, the
// organisers rate each principle (met, partly met, not met) with a
// narrative in English (Welsh optional) and links to evidence
// (quality.assess). Third, an independent assessor — a person with an
// account who is not an organiser and wrote none of the assessment —
// named by the organisers (quality.assessor) reviews it and signs it off
// with a statement (quality.signoff) or returns it with comments
// (quality.return). Sign-off freezes the assessment: the proofs are
// snapshotted with the date, and pages show the live re-check beside the
// snapshot when they differ.
//
// The assessment is public from the first rating (/cycles/{id}/quality and
// quality.json), marked as a draft until it is signed off.
//
// Must not import: internal/web/..., internal/storage/..., internal/lottery, internal/evidence, internal/jury, internal/recommend, internal/meeting, internal/recruit, internal/notify, drivers, net/http, database/sql.
package quality
