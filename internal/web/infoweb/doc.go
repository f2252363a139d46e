// Package infoweb is the public-service pages of the web app: the privacy
// notice (what is stored, why, for how long, who sees it, people's rights
// and the data controller, from the configuration), the accessibility
// statement, cookies, the house rules (what moderators hide and why),
// help and contact (including what a feed is) and the terms of use. Every
// page is public, in English and Welsh, and linked from the footer of every
// page (internal/web/kit's layout).
//
// Must not import: internal/web, internal/web/gatherweb, internal/web/accountweb, internal/web/cycleweb, internal/api, internal/storage/..., drivers.
package infoweb
