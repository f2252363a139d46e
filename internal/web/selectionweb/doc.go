// Package selectionweb is the web area of the selection of a round's
// assembly (internal/lottery): the organisers' pages under
// /cycles/{id}/selection/manage (quotas with the census beside each,
// feasibility, the run with its live progress, the report, the
// announcement, the draw, the members with their answers, replacements),
// the public page /cycles/{id}/selection (the method in plain words, the
// quotas, the pool and the panel against the population, the distribution
// of selection probabilities, the seed, the hash and the command that
// repeats the draw), the published files under /cycles/{id}/selection/,
// and the page where an invitee confirms or declines (/selection/reply/{token}).
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/web/cycleweb, internal/api, internal/storage/..., drivers.
package selectionweb
