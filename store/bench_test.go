//go:build unix

package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsreader/feed"
	"newsreader/feed/feedtest"
)

// The benchmarks run on a generated archive of 100,000 articles, or of
// $NEWSREADER_BENCH_ARTICLES (1000000 takes 3.5 GB and a few minutes to
// write, once):
//
//	go test ./store -run '^$' -bench . -benchtime 5x
//
// BenchmarkFloor is the floor the targets are measured against, in the
// same run: the shared floor program (it walks the archive and reads the
// first 4 KiB of every file with 8 readers), as a whole process.

func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("NEWSREADER_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// benchStore returns the archive and a state folder whose store holds its
// index, built once per run.
func benchStore(b *testing.B) (archive, state string) {
	b.Helper()
	archive = feedtest.Archive(b, benchSize())
	state = filepath.Join(os.TempDir(), fmt.Sprintf("newsreader-bench-state-%d-%d", benchSize(), os.Getpid()))
	if _, err := os.Stat(state); err != nil {
		s := benchOpen(b, archive, state)
		if _, err := s.Index(context.Background()); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.Cleanup(func() { os.RemoveAll(state) })
	return archive, state
}

func benchOpen(b *testing.B, archive, state string) *Store {
	b.Helper()
	arch, err := feed.Open(archive, feed.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(state, arch)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// cpuTime reports, besides the time of an op, the processor time it took
// (user and system, all threads; the floor's child processes with
// children), which a machine shared with other work disturbs much less:
// on 2 cores an op takes at least half of it.
func cpuTime(b *testing.B, children bool) {
	who := syscall.RUSAGE_SELF
	if children {
		who = syscall.RUSAGE_CHILDREN
	}
	start := usedTime(who)
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64((usedTime(who)-start).Milliseconds())/float64(b.N), "cpu-ms/op")
		}
	})
}

// usedTime is the processor time used so far, by the process or its
// children (who, for getrusage).
func usedTime(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFloor runs the floor program on the archive.
func BenchmarkFloor(b *testing.B) {
	archive := feedtest.Archive(b, benchSize())
	src := filepath.Join("..", "..", "shared", "bench", "floor")
	if _, err := os.Stat(src); err != nil {
		b.Skip("no floor program at", src)
	}
	bin := filepath.Join(b.TempDir(), "floor")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = src
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build the floor: %v\n%s", err, out)
	}
	cpuTime(b, true)
	for b.Loop() {
		if out, err := exec.Command(bin, archive).CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// BenchmarkWarmFrame is what the interface's first frame waits for with a
// warm store: open it, load the index and the marks. The stat walk runs
// after, in the background.
func BenchmarkWarmFrame(b *testing.B) {
	archive, state := benchStore(b)
	b.ReportAllocs()
	cpuTime(b, false)
	for b.Loop() {
		s := benchOpen(b, archive, state)
		ix, err := s.Load(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Marks(); err != nil {
			b.Fatal(err)
		}
		if ix.Len() != benchSize() || len(ix.Tree().Children) == 0 {
			b.Fatalf("loaded %d articles", ix.Len())
		}
		s.Close()
	}
}

// BenchmarkWarmList is what list, categories and show wait for with a
// warm store: the index, reconciled with the disk (every file stat'ed).
func BenchmarkWarmList(b *testing.B) {
	archive, state := benchStore(b)
	b.ReportAllocs()
	cpuTime(b, false)
	for b.Loop() {
		s := benchOpen(b, archive, state)
		ix, err := s.Index(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Marks(); err != nil {
			b.Fatal(err)
		}
		if ix.Len() != benchSize() {
			b.Fatalf("%d articles", ix.Len())
		}
		s.Close()
	}
}

// BenchmarkColdList is the first start: no store yet; every file is read
// and the index saved.
func BenchmarkColdList(b *testing.B) {
	archive := feedtest.Archive(b, benchSize())
	b.ReportAllocs()
	cpuTime(b, false)
	for b.Loop() {
		state := b.TempDir()
		s := benchOpen(b, archive, state)
		ix, err := s.Index(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if ix.Len() != benchSize() {
			b.Fatalf("%d articles", ix.Len())
		}
		s.Close()
	}
}

// BenchmarkReconcile1Percent is the background reconcile after 1% of the
// files changed (their times moved: each is read again).
func BenchmarkReconcile1Percent(b *testing.B) {
	archive, state := benchStore(b)
	var files []string
	err := filepath.WalkDir(archive, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	s := benchOpen(b, archive, state)
	defer s.Close()
	ix, err := s.Load(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	round := 0
	cpuTime(b, false)
	for b.Loop() {
		b.StopTimer()
		round++
		t := time.Now().Add(-time.Hour).Add(time.Duration(round) * time.Second)
		for i := round % 100; i < len(files); i += 100 {
			if err := os.Chtimes(files[i], t, t); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		sum, err := s.Reconcile(context.Background(), func(u Update) { ix.Apply(u.Changes) })
		if err != nil {
			b.Fatal(err)
		}
		if want := (len(files) + 99 - round%100) / 100; sum.Read != want {
			b.Fatalf("read %d files, want %d", sum.Read, want)
		}
	}
}

// BenchmarkPeakMemory reports the peak resident memory of a process that
// draws the first frame (warm), lists (warm) and lists cold: child
// processes of the test binary, whose peak the kernel counts.
func BenchmarkPeakMemory(b *testing.B) {
	archive, state := benchStore(b)
	for _, mode := range []string{"frame", "list", "cold"} {
		b.Run(mode, func(b *testing.B) {
			var peak int64
			for b.Loop() {
				dir := state
				if mode == "cold" {
					dir = b.TempDir()
				}
				peak = max(peak, childPeak(b, mode, archive, dir))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// childPeak runs a child process in mode and returns its peak resident
// memory in bytes, as the child reads it from /proc (the kernel's count
// for the process would include the parent's memory, shared until the
// child's exec).
func childPeak(b *testing.B, mode, archive, state string) int64 {
	cmd := exec.Command(os.Args[0], "-test.run", "^TestChild$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "NEWSREADER_CHILD_ARCHIVE="+archive, "NEWSREADER_CHILD_STATE="+state)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	_, rest, ok := strings.Cut(string(out), "peak ")
	kb, err := strconv.ParseInt(strings.Fields(rest + " x")[0], 10, 64)
	if !ok || err != nil {
		b.Skip("no peak memory in /proc here")
	}
	return kb << 10
}

// BenchmarkLoadParts times the parts of a warm load on their own: reading
// the folder records, decoding the articles, building the index.
func BenchmarkLoadParts(b *testing.B) {
	archive, state := benchStore(b)
	s := benchOpen(b, archive, state)
	defer s.Close()
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := readFolders(s.index, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	_, raws, err := readFolders(s.index, "")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := decodeAll(raws); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			arts, ws, err := decodeAll(raws)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			feed.NewIndexOf(arts, ws, len(arts))
		}
	})
}

// BenchmarkMarks reads the marks of an archive whose every article is
// marked (a reader who marked everything read), and marks them all again
// in one transaction, as "mark a category read" does.
func BenchmarkMarks(b *testing.B) {
	archive, state := benchStore(b)
	s := benchOpen(b, archive, state)
	defer s.Close()
	ix, err := s.Load(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("set-all", func(b *testing.B) {
		cpuTime(b, false)
		op := Read
		for b.Loop() {
			if _, err := s.Set(ix.Articles(), op); err != nil {
				b.Fatal(err)
			}
			op = Star + Read - op // read, then star: every row written each time
		}
	})
	b.Run("read-all", func(b *testing.B) {
		cpuTime(b, false)
		for b.Loop() {
			ms, err := s.Marks()
			if err != nil {
				b.Fatal(err)
			}
			if ms.Len() != ix.Len() {
				b.Fatalf("%d marks", ms.Len())
			}
		}
	})
}
