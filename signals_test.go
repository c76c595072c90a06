package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestMain runs newsreader's main instead of the tests when a test starts
// this binary as newsreader.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSREADER_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

func TestStopStatus(t *testing.T) {
	for _, tt := range []struct {
		cause error
		code  int
		why   string
	}{
		{signalled{syscall.SIGTERM}, 143, "terminated"},
		{signalled{os.Interrupt}, 130, "interrupted"},
		{nil, 130, "interrupted"},
	} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(tt.cause)
		if code, why := stopStatus(ctx); code != tt.code || why != tt.why {
			t.Errorf("cause %v: %d %q, want %d %q", tt.cause, code, why, tt.code, tt.why)
		}
	}
	if code, _ := stopStatus(context.Background()); code != 0 {
		t.Errorf("not stopped: %d", code)
	}
}

// startMain starts newsreader with args and the environment given, and
// returns once it has caught its signals: it then opens its config file,
// a FIFO that the test opens too, to know. wait waits for its end and
// returns its exit status and what it printed on stderr.
func startMain(t *testing.T, env []string, args ...string) (proc *os.Process, wait func() (int, string)) {
	t.Helper()
	home := t.TempDir()
	cfg := filepath.Join(home, "config")
	if err := os.MkdirAll(filepath.Join(cfg, "newsreader"), 0o755); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(cfg, "newsreader", "config.yml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = home
	cmd.Env = append(os.Environ(), append([]string{"NEWSREADER_TEST_MAIN=1", "XDG_CONFIG_HOME=" + cfg, "HOME=" + home}, env...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe() // left open: show - waits on it
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close() })
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	opened := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			err = f.Close() // an empty config file
		}
		opened <- err
	}()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatal(err)
		}
	case <-exited:
		t.Fatalf("newsreader ended before it read its config: %v\n%s", cmd.ProcessState, stderr.String())
	}
	return cmd.Process, func() (int, string) {
		<-exited
		return cmd.ProcessState.ExitCode(), stderr.String()
	}
}

// A signal stops newsreader with the status a shell reports for it, even
// while it waits for input that does not come.
func TestSignalStatus(t *testing.T) {
	_, dir := newArchive(t)
	for _, tt := range []struct {
		sig  syscall.Signal
		code int
		msg  string
	}{
		{syscall.SIGTERM, 143, "newsreader: terminated\n"},
		{syscall.SIGINT, 130, "newsreader: interrupted\n"},
	} {
		proc, wait := startMain(t, nil, "show", "-", "--archive", dir)
		if err := proc.Signal(tt.sig); err != nil {
			t.Fatal(err)
		}
		if code, errOut := wait(); code != tt.code || errOut != tt.msg {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tt.sig, code, errOut, tt.code, tt.msg)
		}
	}
}

// While the pager runs, ctrl+c is the pager's; SIGTERM ends the pager and
// newsreader.
func TestSignalsWhilePaging(t *testing.T) {
	_, dir := newArchive(t)
	ready := filepath.Join(t.TempDir(), "ready")
	if err := syscall.Mkfifo(ready, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	pager := "PAGER=sh -c 'echo >" + ready + "; exec sleep 600'"
	proc, wait := startMain(t, []string{pager}, "show", "--pager", "source/_posts/金融/新浪财经/国内/a.md", "--archive", dir)
	// The pager has started once it writes to the FIFO; read to the end,
	// or its echo dies of a broken pipe.
	f, err := os.Open(ready)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		if err := proc.Signal(sig); err != nil {
			t.Fatal(err)
		}
	}
	if code, errOut := wait(); code != 143 || !strings.HasSuffix(errOut, "newsreader: terminated\n") {
		t.Errorf("exit %d, stderr %q; want 143 and terminated", code, errOut)
	}
}
