package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/folkmoot/folkmoot/internal/sealed"
)

// buildTags are the tags the test binary was built with (set by
// tags_coin_test.go), used to build the folkmoot binary the same way.
var buildTags string

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// moduleRoot returns the folder holding go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("e2e: no go.mod above the working directory")
		}
		dir = parent
	}
}

// binary returns the path of a folkmoot binary built from this tree once
// per test run ($FOLKMOOT_BIN overrides it).
func binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("FOLKMOOT_BIN"); p != "" {
		return p
	}
	root := moduleRoot(t)
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "folkmoot-e2e-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "folkmoot")
		args := []string{"build", "-o", binPath}
		if buildTags != "" {
			args = append(args, "-tags", buildTags)
		}
		cmd := exec.Command("go", append(args, "./cmd/folkmoot")...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatalf("e2e: building folkmoot: %v", binErr)
	}
	return binPath
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// lockedBuffer collects a child's output safely across goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// process is one run of the folkmoot binary serving HTTP on addr.
type process struct {
	t    testing.TB
	args []string // after the binary, including the subcommand
	addr string
	URL  string
	mu   sync.Mutex
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
	dir  string // working directory
}

// loadFlags switch off the rate limits so load tests measure the server.
var loadFlags = []string{"--support-per-minute", "0", "--submit-per-minute", "0", "--signin-per-minute", "0"}

// testSecret is passed as --secret-key, which forms no longer need (they
// are checked by origin); it shows that old command lines still start.
const testSecret = "e2e-test-secret-key-0123456789abcdef0123456789"

// serve returns a `folkmoot serve` on dsn (not started).
func serve(t testing.TB, dsn string, extra ...string) *process {
	addr := freeAddr(t)
	args := append([]string{"serve", "--db", dsn, "--addr", addr, "--secret-key", testSecret, "--log-level", "warn"}, loadFlags...)
	return newProcess(t, addr, append(args, extra...))
}

func newProcess(t testing.TB, addr string, args []string) *process {
	p := &process{t: t, args: args, addr: addr, URL: "http://" + addr, out: &lockedBuffer{}, dir: t.TempDir()}
	t.Cleanup(p.Stop)
	return p
}

// Start runs the process and waits until /healthz answers 200 (60 s at most).
func (p *process) Start() {
	p.t.Helper()
	if err := p.TryStart(60 * time.Second); err != nil {
		p.t.Fatalf("e2e: %v\n%s", err, p.Output())
	}
}

// TryStart runs the process and waits for /healthz, returning any error.
func (p *process) TryStart(wait time.Duration) error {
	p.mu.Lock()
	cmd := exec.Command(binary(p.t), p.args...)
	cmd.Dir = p.dir
	cmd.Stdout, cmd.Stderr = p.out, p.out
	cmd.Env = append(os.Environ(), "FOLKMOOT_DB=", "FOLKMOOT_DATA_KEY_FILE=") // flags only
	if p.args[0] == "serve" {
		// The key the tests' own stores use (sealed.MustTest); the demo
		// makes its own key file.
		cmd.Env = append(cmd.Env, "FOLKMOOT_DATA_KEY="+base64.StdEncoding.EncodeToString(sealed.TestKey))
	} else {
		cmd.Env = append(cmd.Env, "FOLKMOOT_DATA_KEY=")
	}
	if err := cmd.Start(); err != nil {
		p.mu.Unlock()
		return fmt.Errorf("starting folkmoot %s: %w", strings.Join(p.args, " "), err)
	}
	p.cmd, p.done = cmd, make(chan struct{})
	done := p.done
	go func() { cmd.Wait(); close(done) }()
	p.mu.Unlock()

	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("folkmoot %s exited: %v", p.args[0], cmd.ProcessState)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/healthz", nil)
		res, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("folkmoot %s did not answer /healthz on %s in %v", p.args[0], p.addr, wait)
}

// Kill sends SIGKILL and waits for the process to die.
func (p *process) Kill() { p.signal(syscall.SIGKILL, 0) }

// Stop asks the process to shut down (SIGTERM), then kills it after 10 s.
func (p *process) Stop() { p.signal(syscall.SIGTERM, 10*time.Second) }

func (p *process) signal(sig syscall.Signal, grace time.Duration) {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.cmd = nil
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(sig)
	if grace > 0 {
		select {
		case <-done:
			return
		case <-time.After(grace):
			cmd.Process.Kill()
		}
	}
	<-done
}

// Output returns what the process has printed so far.
func (p *process) Output() string { return p.out.String() }
