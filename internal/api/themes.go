package api

import "time"

// PublicTheme is a theme as exported.
type PublicTheme struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	CycleID     int64  `json:"cycle_id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Issues      int    `json:"issues"`
	Supporters  int    `json:"distinct_supporters"`
	Supports    int    `json:"supports"`
	// Rank is the theme's place among its round's themes by distinct
	// supporters; Shortlisted says whether it goes forward to the jury by
	// ShortlistRule, the rule of its round as applied (in English).
	Rank          int       `json:"rank"`
	Shortlisted   bool      `json:"shortlisted"`
	ShortlistRule string    `json:"shortlist_rule"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
}
