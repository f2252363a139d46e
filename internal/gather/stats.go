package gather

import (
	"context"
	"time"
)

// DayCount is one day's activity in a round (days in UTC).
type DayCount struct {
	Day      time.Time // midnight UTC
	Issues   int       // issues raised that day
	Supports int       // supports given that day (withdrawn ones not counted)
	People   int       // different people who raised, supported or commented that day
}

// OrgShare is how much an organisation takes part in a round.
type OrgShare struct {
	ID              int64
	Name            string
	Representatives int // verified representatives
	Issues          int // issues raised on its behalf in the round
	Supports        int // supports those issues have
}

// TagShare is how many issues and people a subject (tag) gathers in a round.
type TagShare struct {
	Tag    string
	Issues int // issues with the tag
	People int // different people who raised or supported them
}

// StatsStore reads the figures of the organisers' dashboard. It is read
// only and aggregates in the database.
type StatsStore interface {
	// DailyActivity returns the round's activity per day, oldest first,
	// only days with some activity.
	DailyActivity(ctx context.Context, cycleID int64) ([]DayCount, error)
	// Participation returns every organisation with representatives or
	// issues in the round (most issues first) and the round's tags (most
	// people first, at most limit).
	Participation(ctx context.Context, cycleID int64, limit int) ([]OrgShare, []TagShare, error)
}
