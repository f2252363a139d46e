package gatherweb

import "strconv"

// issuePath is the address of an issue's page.
func issuePath(id int64) string { return "/issues/" + strconv.FormatInt(id, 10) }

// themePath is the address of a theme's page.
func themePath(id int64) string { return "/themes/" + strconv.FormatInt(id, 10) }

// userKey is a rate-limit key for a person.
func userKey(id int64) string { return "u:" + strconv.FormatInt(id, 10) }
