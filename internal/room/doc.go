// Package room brings online participants into the room where a discussion
// group of a citizens' assembly meets (issue 14, part 3), as NHS Citizen
// did: people online post comments and questions to a group's live page,
// the group's moderators (its facilitators, site moderators, organisers)
// approve or reject each post, approved comments become statements that
// anyone signed in reacts to (agree, disagree, pass), and a room screen
// shows the group's approved questions and its live opinion map
// (internal/opinions).
//
// Posting, reacting and moderating are allowed while the round is in its
// Meetings phase (cycle.RoomLive). Only approved posts are ever shown
// publicly; every change (post, decision, reaction) is audited.
//
// Live delivery: every change publishes a small event on the broker topic
// Topic(group) ("room:<group id>"); each server keeps one Map per followed
// group, updates it cheaply per vote (Map.Apply, opinions.Model.Vote) and
// fans one pre-rendered frame out to its viewers (internal/web/roomweb). A
// full recompute of a group's map runs as a background job (KindRecompute)
// at most once every RecomputeEvery per group and publishes its groups.
//
// Discussion groups belong to another package; this one reads them through
// its own small Groups interface.
//
// Must not import: internal/web/..., internal/storage/..., drivers, net/http, database/sql.
package room
