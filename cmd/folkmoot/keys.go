package main

import (
	"errors"
	"fmt"

	"github.com/folkmoot/folkmoot/internal/sealed"
)

// dataKeys returns the keys sealing personal data, from the key itself
// (FOLKMOOT_DATA_KEY) or a key file, or nil when neither is given.
func dataKeys(key, file string) (*sealed.Keys, error) {
	var b []byte
	var err error
	switch {
	case key != "" && file != "":
		return nil, fmt.Errorf("give the data key once: FOLKMOOT_DATA_KEY or --data-key-file, not both: %w", errUsage)
	case key != "":
		if b, err = sealed.ParseKey(key); err != nil {
			return nil, fmt.Errorf("FOLKMOOT_DATA_KEY: %w", err)
		}
	case file != "":
		if b, err = sealed.ReadKeyFile(file); err != nil {
			return nil, err
		}
	default:
		return nil, nil
	}
	return sealed.New(b)
}

// errNoDataKey explains why a key is needed and how to make one.
var errNoDataKey = errors.New("no data key: email addresses are stored encrypted with a key that you keep; " + sealed.HowToMakeKey)

// requireDataKeys is dataKeys for commands that cannot work without them.
func requireDataKeys(key, file string) (*sealed.Keys, error) {
	k, err := dataKeys(key, file)
	if err == nil && k == nil {
		err = errNoDataKey
	}
	return k, err
}
