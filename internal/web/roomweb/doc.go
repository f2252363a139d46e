// Package roomweb is the web area of discussion groups' live pages
// (internal/room): the live page where online participants post comments
// and questions and react to statements, the moderators' page, and the
// room screen for a projector, with their event stream.
//
// Live delivery: each server follows a group once (relay.go), whatever the
// number of viewers: it subscribes to the group's broker topic, keeps the
// group's opinion map up to date one vote at a time, reads the approved
// questions and statements once per change, encodes one frame and hands the
// same bytes to every viewer's stream on this server through an in-process
// hub. With PostgreSQL's broker a change made on one server reaches the
// screens of every server.
//
// Must not import: internal/storage/..., drivers, database/sql.
package roomweb
