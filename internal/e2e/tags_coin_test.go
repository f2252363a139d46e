//go:build coin

package e2e

func init() { buildTags = "coin" }
