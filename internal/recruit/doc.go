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
// Must not import: internal/web/..., internal/storage/..., drivers, net/http.
package recruit
