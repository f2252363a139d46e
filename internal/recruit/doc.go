// Package recruit runs the recruitment of a round's assembly: the
// demographic questions of the round, a list of addresses imported from
// CSV, a seeded random sample of addresses to invite, one registration code
// per invitation letter, the registrations people make with their code
// (contact details, answers, consent, access needs, availability), and
// withdrawals that erase a person's data. Its [Pool] (pool.go) is what the
// selection of the assembly reads: pseudonymous ids and answers only.
//
// Personal data (addresses, names, contact details, dates of birth,
// demographic answers, access needs) is sealed at rest with the data key;
// only organisers may read it, and nothing personal is ever public.
//
// Every change is audited in its own transaction: recruit.settings,
// recruit.import, recruit.draw (with the seed), recruit.register and
// recruit.withdraw (naming the pseudonymous member id, never a person).
// Changes are allowed while the round's phase allows cycle.Recruit
// (Agenda, Selection); reading and withdrawing always. docs/recruitment.md
// has the flow, the CSV formats and what is sealed.
//
// Must not import: internal/web/..., internal/storage/..., drivers, net/http.
package recruit
