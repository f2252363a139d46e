package sqlite

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/folkmoot/folkmoot/internal/apperr"
)

// fileMode is the mode of a database file Folkmoot creates: it holds
// personal data (sealed, but still), so only its owner may read it.
// SQLite gives the -wal and -shm files the mode of the database file.
const fileMode = 0o600

// filePath returns the file path in a path or "file:" DSN, without any
// "?" parameters.
func filePath(dsn string) string {
	p := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// create makes an empty database file at path with mode fileMode if there
// is none (an empty file is an empty SQLite database). Any failure is
// left for SQLite to report when it opens the path.
func create(path string) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	if err == nil {
		f.Close()
	}
}

// CheckWritable reports whether the database file at path (a path or a
// "file:" DSN) and its folder, where SQLite makes its -wal and -shm
// files, can be written by this process. It returns an
// apperr.Unavailable error saying which cannot, so that `folkmoot serve`
// can warn at start instead of failing at the first change. A missing
// file is fine if its folder is writable (migrate creates it). It
// changes nothing.
func CheckWritable(path string) error {
	path = filePath(path)
	if path == "" {
		return apperr.Field("db", "Give the path of the database file")
	}
	dir := filepath.Dir(path)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	switch {
	case err == nil:
		f.Close()
	case errors.Is(err, fs.ErrNotExist):
	default:
		return apperr.Wrap(apperr.Unavailable, err, "The database file %s cannot be written: every change will fail.", path)
	}
	probe, err := os.CreateTemp(dir, ".folkmoot-write-check-*")
	if err != nil {
		return apperr.Wrap(apperr.Unavailable, err, "The folder %s of the database cannot be written: SQLite needs to make its -wal and -shm files there, so changes will fail.", dir)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}
