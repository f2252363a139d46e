package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"time"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
)

// ServerSecret returns the database's server secret: 32 random bytes made
// the first time anyone asks and the same ever after, for every process on
// this database (several web servers sign CSRF tokens with it and accept
// each other's). Its creation is audited; its value is not.
func (db *DB) ServerSecret(ctx context.Context) ([]byte, error) {
	var v string
	err := db.get(ctx, db.R, "", `SELECT value FROM settings WHERE name = 'server_secret'`, nil, &v)
	if apperr.Is(err, apperr.NotFound) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "making the server secret")
		}
		err = db.tx(ctx, func(tx *sql.Tx) error {
			res, err := db.exec(ctx, tx, `INSERT INTO settings(name, value) VALUES ('server_secret', ?) ON CONFLICT DO NOTHING`, hex.EncodeToString(b))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another process made it first
			}
			return db.appendAudit(ctx, tx, audit.Event{Time: time.Now().UTC().Truncate(time.Microsecond), Actor: audit.ActorSystem,
				Action: "server.secret", Object: "settings:server_secret"}, "", 0)
		})
		if err != nil {
			return nil, err
		}
		err = db.get(ctx, db.W, "", `SELECT value FROM settings WHERE name = 'server_secret'`, nil, &v)
	}
	if err != nil {
		return nil, err
	}
	b, err := hex.DecodeString(v)
	if err != nil || len(b) < 32 {
		return nil, apperr.New(apperr.Internal, "the stored server secret is damaged")
	}
	return b, nil
}
