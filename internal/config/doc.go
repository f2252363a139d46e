// Package config holds Folkmoot's runtime configuration as a plain value.
//
// A Config is built once in cmd/folkmoot from defaults, then FOLKMOOT_*
// environment variables, then command-line flags (flags win), validated, and
// passed down. Nothing reads configuration from a package global.
//
// This package imports only the standard library.
//
// May import only: the standard library.
package config
