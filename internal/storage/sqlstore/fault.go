package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// Fault is why a database cannot serve any request now, as opposed to
// what is wrong with one request. A Dialect classifies driver errors into
// faults; translate turns each into an apperr.Unavailable error with a
// plain message (the web edge answers 503 with Retry-After) and keeps the
// driver's text as the cause, for the log only.
type Fault int

// The faults.
const (
	NoFault  Fault = iota // the error is not a fault of the database
	Busy                  // locked by another writer past the busy timeout, too many connections, out of memory
	Full                  // the disk or the database is full
	ReadOnly              // the database or its file accepts no writes
	Down                  // I/O error, cannot open the file, connection refused or lost, server shutting down
)

var faultNames = [...]string{"no fault", "busy", "full", "read-only", "down"}

// String names the fault ("busy", "full", ...), for logs.
func (f Fault) String() string {
	if f < 0 || int(f) >= len(faultNames) {
		return "Fault(" + strconv.Itoa(int(f)) + ")"
	}
	return faultNames[f]
}

// Err returns the apperr.Unavailable error for the fault, with cause as
// its (logged, never shown) cause; nil for NoFault. One message per
// fault, each a msgid of the catalogue.
func (f Fault) Err(cause error) error {
	switch f {
	case Busy:
		return apperr.Wrap(apperr.Unavailable, cause, "The database is busy. Please try again in a moment.")
	case Full:
		return apperr.Wrap(apperr.Unavailable, cause, "The database is full, so changes cannot be saved. Please try again later.")
	case ReadOnly:
		return apperr.Wrap(apperr.Unavailable, cause, "The database is read-only at the moment, so changes cannot be saved. Please try again later.")
	case Down:
		return apperr.Wrap(apperr.Unavailable, cause, "The database cannot be reached. Please try again in a moment.")
	}
	return nil
}

// fault classifies err with the dialect's Fault hook.
func (d Dialect) fault(err error) Fault {
	if d.Fault == nil || err == nil {
		return NoFault
	}
	return d.Fault(err)
}

// healthTimeout bounds Health.
const healthTimeout = 3 * time.Second

// Health checks that the database answers a read and accepts a write
// within a few seconds: it commits a one-row heartbeat in the settings
// table (name "health_probe", the time in microseconds; not audited, as
// no one changed anything). A database that is busy, full, read-only or
// unreachable gives an apperr.Unavailable error saying which, for
// /healthz. Safe for concurrent use.
func (db *DB) Health(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	if err := db.R.PingContext(ctx); err != nil {
		return unhealthy(db.translate(err, "health: ping"))
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, `INSERT INTO settings(name, value) VALUES ('health_probe', ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, strconv.FormatInt(time.Now().UnixMicro(), 10))
		return err
	})
	return unhealthy(err)
}

// unhealthy makes any error of Health an apperr.Unavailable one.
func unhealthy(err error) error {
	if err == nil || apperr.Is(err, apperr.Unavailable) {
		return err
	}
	return apperr.Wrap(apperr.Unavailable, err, "The database does not accept changes.")
}
