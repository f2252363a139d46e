package sqlite_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/audit"
	"github.com/folkmoot/folkmoot/internal/people"
	"github.com/folkmoot/folkmoot/internal/sealed"
	"github.com/folkmoot/folkmoot/internal/storage/sqlite"
	"github.com/folkmoot/folkmoot/internal/storage/sqlstore"
)

func TestFaultCodes(t *testing.T) {
	tests := []struct {
		code int
		want sqlstore.Fault
	}{
		{sqlite3.SQLITE_BUSY, sqlstore.Busy},
		{sqlite3.SQLITE_BUSY_SNAPSHOT, sqlstore.Busy},
		{sqlite3.SQLITE_LOCKED, sqlstore.Busy},
		{sqlite3.SQLITE_FULL, sqlstore.Full},
		{sqlite3.SQLITE_READONLY, sqlstore.ReadOnly},
		{sqlite3.SQLITE_READONLY_DBMOVED, sqlstore.ReadOnly},
		{sqlite3.SQLITE_IOERR, sqlstore.Down},
		{sqlite3.SQLITE_IOERR_WRITE, sqlstore.Down},
		{sqlite3.SQLITE_CANTOPEN, sqlstore.Down},
		{sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlstore.NoFault},
		{sqlite3.SQLITE_ERROR, sqlstore.NoFault},
	}
	for _, tt := range tests {
		if got := sqlite.FaultOf(tt.code); got != tt.want {
			t.Errorf("code %d: %v, want %v", tt.code, got, tt.want)
		}
	}
}

// migrated returns a fresh migrated database in dir, opened.
func migrated(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	if _, _, err := sqlite.Migrate(ctx, path, nil); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest(), SealEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var userEvent = audit.Event{Actor: audit.ActorSystem, Action: "user.create"}

// checkPlain fails unless err is apperr.Unavailable with a message that
// contains want and no driver text.
func checkPlain(t *testing.T, what string, err error, want string) {
	t.Helper()
	msg := apperr.Message(err)
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(msg, want) {
		t.Errorf("%s: %v (message %q), want Unavailable saying %q", what, err, msg, want)
	}
	for _, leak := range []string{"SQLITE", "sqlite", "attempt to", "INSERT", "(8)", "(13)"} {
		if strings.Contains(msg, leak) {
			t.Errorf("%s: message %q shows driver text %q", what, msg, leak)
		}
	}
}

// TestFileModes: database files are made 0600, and SQLite gives its -wal
// and -shm files the same mode.
func TestFileModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "modes.db")
	s := migrated(t, path)
	defer s.Close()
	ctx := context.Background()
	if err := s.CreateUser(ctx, &people.User{Email: "m@example.org", DisplayName: "M"}, userEvent); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(name), st.Mode().Perm())
		}
	}
}

func TestHealth(t *testing.T) {
	s := migrated(t, filepath.Join(t.TempDir(), "health.db"))
	defer s.Close()
	for range 2 {
		if err := s.Health(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if err := s.Health(context.Background()); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("Health after Close: %v, want Unavailable", err)
	}
}

// TestFullDatabaseIsUnavailable: a database that cannot grow (here capped
// with max_page_count, as a full disk would stop it) refuses writes with
// apperr.Unavailable saying it is full, without driver text.
func TestFullDatabaseIsUnavailable(t *testing.T) {
	s := migrated(t, filepath.Join(t.TempDir(), "full.db"))
	defer s.Close()
	ctx := context.Background()
	var pages int
	if err := s.DB.W.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// The writer pool has one connection, which keeps this setting.
	if _, err := s.DB.W.ExecContext(ctx, `PRAGMA max_page_count = `+strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 2000 && err == nil; i++ {
		err = s.CreateUser(ctx, &people.User{Email: "u" + strconv.Itoa(i) + "@example.org", DisplayName: strings.Repeat("x", 200)}, userEvent)
	}
	checkPlain(t, "CreateUser", err, "full")
	if _, err := s.Users(ctx, people.UserQuery{}); err != nil {
		t.Fatalf("reading a full database: %v", err)
	}
}

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.db")
	if err := sqlite.CheckWritable(path); err != nil {
		t.Fatalf("a missing file in a writable folder: %v", err)
	}
	s := migrated(t, path)
	s.Close()
	if err := sqlite.CheckWritable("file:" + path); err != nil {
		t.Fatalf("a writable file: %v", err)
	}
	if err := sqlite.CheckWritable(filepath.Join(dir, "no-such-folder", "x.db")); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("a missing folder: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".folkmoot-write-check-*"))
	if len(left) > 0 {
		t.Fatalf("CheckWritable left %v", left)
	}
}

// roChildEnv, when set, names the read-only database the test checks (in
// the child process run as another user; see TestReadOnlyFileIsUnavailable).
const roChildEnv = "FOLKMOOT_TEST_READONLY_DB"

// TestReadOnlyFileIsUnavailable: a database file this process cannot
// write opens, reads work, and every write, the health probe and
// CheckWritable give apperr.Unavailable saying it is read-only. As root,
// who may write any file, the check runs in a child process as the user
// nobody.
func TestReadOnlyFileIsUnavailable(t *testing.T) {
	if path := os.Getenv(roChildEnv); path != "" {
		checkReadOnly(t, path)
		return
	}
	dir, err := os.MkdirTemp("", "folkmoot-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "ro.db")
	s := migrated(t, path)
	if _, err := s.ServerSecret(context.Background()); err != nil { // written while writable
		t.Fatal(err)
	}
	s.Close()
	files, _ := filepath.Glob(path + "*")
	if os.Geteuid() != 0 {
		for _, f := range files {
			if err := os.Chmod(f, 0o444); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() {
			for _, f := range files {
				os.Chmod(f, 0o600)
			}
		})
		checkReadOnly(t, path)
		return
	}
	// As root: readable by nobody, writable only by root; the folder is
	// open to all, as a folder the server may not write would be caught
	// by CheckWritable before the file.
	for _, f := range files {
		if err := os.Chmod(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "sqlite.test")
	if err := copyFile(exe, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyFileIsUnavailable$", "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), roChildEnv+"="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(err.Error(), "operation not permitted") {
		t.Skipf("cannot run the check as nobody: %v", err)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyFileIsUnavailable") {
		t.Fatalf("the check as nobody: %v\n%s", err, out)
	}
}

func checkReadOnly(t *testing.T, path string) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, sqlite.Options{Keys: sealed.MustTest(), SealEvery: -1})
	if err != nil {
		t.Fatalf("opening a read-only database: %v", err)
	}
	defer s.Close()
	if _, err := s.Users(ctx, people.UserQuery{}); err != nil {
		t.Fatalf("reading: %v", err)
	}
	checkPlain(t, "CreateUser", s.CreateUser(ctx, &people.User{Email: "ro@example.org", DisplayName: "Ro"}, userEvent), "read-only")
	checkPlain(t, "SetDisplayName", s.SetDisplayName(ctx, 1, "x", userEvent), "read-only")
	checkPlain(t, "Health", s.Health(ctx), "read-only")
	if err := sqlite.CheckWritable(path); !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("CheckWritable: %v", err)
	}
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
