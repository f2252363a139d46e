package api

import "time"

// PublicTheme is a theme as exported.
type PublicTheme struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url"`
	CycleID     int64     `json:"cycle_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Issues      int       `json:"issues"`
	Supporters  int       `json:"distinct_supporters"`
	Supports    int       `json:"supports"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}
