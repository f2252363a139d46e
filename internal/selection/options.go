package selection

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

// Options configure Run. The zero value is not valid: PanelSize is needed.
type Options struct {
	// Algorithm is the fairness objective; "" means LEXIMIN.
	Algorithm sortition.Algorithm
	// PanelSize is the number of people to select (the whole panel,
	// already-selected people included).
	PanelSize int
	// Seed, a decimal unsigned integer, makes the run repeatable; "" draws
	// a seed from the operating system's cryptographic generator (the run
	// then cannot be repeated, and a lottery's ticket list cannot be
	// recomputed from the seed).
	Seed string
	// Lottery, if positive, is the verifiable mode: the distribution is
	// rounded to a uniform lottery over this many numbered panels
	// (tickets), whose list and hash are published before the draw.
	Lottery int
	// PublicSeed, with Lottery, is the public random value (for example
	// announced lottery numbers) that picks the ticket. Without it no
	// panel is drawn: the Outcome holds the ticket list only.
	PublicSeed string
	// TimeLimit, if positive, bounds LEXIMIN's and MAXIMIN's search for
	// panels; past it the best distribution found is used, marked
	// approximate (see Outcome.Stats).
	TimeLimit time.Duration
	// Reserves is the length of the ordered reserve list; 0 means the
	// panel size.
	Reserves int
	// AlreadySelected, for a replacement round, are the ids of people
	// already on the panel: they stay, and the rest of the panel is
	// selected fairly from the others.
	AlreadySelected []string
}

// Validate checks the options, returning an apperr.Invalid error that
// names the field at fault.
func (o Options) Validate() error {
	switch {
	case o.PanelSize <= 0:
		return apperr.Field("panel_size", "The panel size must be positive.")
	case o.Lottery < 0:
		return apperr.Field("lottery", "The number of lottery tickets must be positive.")
	case o.TimeLimit < 0:
		return apperr.Field("time_limit", "The time limit must be positive.")
	case o.Reserves < 0:
		return apperr.Field("reserves", "The number of reserves must not be negative.")
	case o.PublicSeed != "" && o.Lottery == 0:
		return apperr.Field("public_seed", "A public seed needs a lottery: give the number of tickets.")
	}
	if o.Algorithm != "" {
		if _, err := sortition.ParseAlgorithm(string(o.Algorithm)); err != nil {
			return err
		}
	}
	if o.Seed != "" {
		if _, err := strconv.ParseUint(o.Seed, 10, 64); err != nil {
			return apperr.Field("seed", "The seed must be a non-negative whole number.")
		}
	}
	return nil
}

// algorithm returns the algorithm to run (LEXIMIN when none is given).
func (o Options) algorithm() sortition.Algorithm {
	if o.Algorithm == "" {
		return sortition.Leximin
	}
	a, _ := sortition.ParseAlgorithm(string(o.Algorithm))
	return a
}

// newRand returns the run's random source: ChaCha8 keyed by the seed (its
// eight little-endian bytes, then the text "folkmoot select seed"; this
// key must never change, or published seeds would no longer reproduce
// their draws) or, with no seed, keyed from crypto/rand.
func newRand(seed string) *rand.Rand {
	var key [32]byte
	if seed == "" {
		if _, err := crand.Read(key[:]); err != nil {
			panic(err) // crypto/rand.Read does not fail on supported systems
		}
	} else {
		n, _ := strconv.ParseUint(seed, 10, 64)
		binary.LittleEndian.PutUint64(key[:], n)
		copy(key[8:], "folkmoot select seed")
	}
	return rand.New(rand.NewChaCha8(key))
}
