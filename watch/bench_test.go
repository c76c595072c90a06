//go:build linux

package watch

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsreader/feed"
)

// The benchmarks run on a copy of the generated 100,000-article archive
// that feed's benchmarks write, never on the archive itself, which others
// measure: a copy made once, to which the benchmarks add files and from
// which they remove them.
const benchSource = "/tmp/newsreader-bench-100000"

func benchCopy(b *testing.B) string {
	b.Helper()
	src := os.Getenv("NEWSREADER_BENCH_ARCHIVE")
	if src == "" {
		src = benchSource
	}
	if _, err := os.Stat(filepath.Join(src, ".complete-v1")); err != nil {
		b.Skipf("no generated archive at %s: run feed's benchmarks first", src)
	}
	dst := filepath.Join(os.TempDir(), "newsreader-watch-bench-100000")
	marker := filepath.Join(dst, ".copy-complete-v1")
	if _, err := os.Stat(marker); err == nil {
		return dst
	}
	b.Logf("copying %s to %s", src, dst)
	if err := os.RemoveAll(dst); err != nil {
		b.Fatal(err)
	}
	if err := copyTree(src, dst); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dst
}

// copyTree copies the folder src to dst with a few writers at once.
func copyTree(src, dst string) error {
	jobs := make(chan string, 256)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for rel := range jobs {
				data, err := os.ReadFile(filepath.Join(src, rel))
				if err == nil {
					err = os.WriteFile(filepath.Join(dst, rel), data, 0o644)
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	walkErr := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		jobs <- rel
		return nil
	})
	close(jobs)
	wg.Wait()
	if walkErr != nil {
		return walkErr
	}
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// folders lists the article folders of the archive dir.
func folders(b *testing.B, dir string) []string {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir && feed.IsHidden(d.Name()) {
			return filepath.SkipDir
		}
		if d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkStart: how long Start takes on the 100,000-article archive,
// watching every folder or taking the polling snapshot; Close not counted.
func BenchmarkStart(b *testing.B) {
	dir := benchCopy(b)
	for _, m := range []struct {
		name string
		opts Options
	}{{"notify", Options{}}, {"poll", Options{Poll: true}}} {
		b.Run(m.name, func(b *testing.B) {
			var st Status
			var cpu time.Duration
			for b.Loop() {
				c0 := cpuTime(b)
				w, err := New(dir, m.opts)
				if err != nil {
					b.Fatal(err)
				}
				if err := w.Start(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += cpuTime(b) - c0
				st = (<-w.Events()).(Status)
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(st.Folders), "folders")
			b.ReportMetric(cpu.Seconds()*1e3/float64(b.N), "cpu-ms/op")
			if st.Err != nil {
				b.Fatal(st)
			}
		})
	}
}

// BenchmarkLatency: the time from a file written (WriteFile returned) to
// the batch naming it, one file at a time, with the default delays, on the
// 100,000-article archive; polling's is up to its interval, two seconds,
// so run it with a small -benchtime.
func BenchmarkLatency(b *testing.B) {
	dir := benchCopy(b)
	all := folders(b, dir)
	folder := all[len(all)-1]
	for _, m := range []struct {
		name string
		opts Options
	}{{"notify", Options{}}, {"quiet10ms", Options{Quiet: 10 * time.Millisecond}}, {"poll", Options{Poll: true}}} {
		b.Run(m.name, func(b *testing.B) {
			w := startBench(b, dir, m.opts)
			var took []time.Duration
			var written []string
			for b.Loop() {
				rel := feed.Join(folder, fmt.Sprintf("latency-%d.md", len(took)))
				if m.opts.Poll {
					// A file comes at any point of the interval, not just
					// after the pass that delivered the last one.
					time.Sleep(rand.N(m.opts.withDefaults().PollInterval))
				}
				start := time.Now()
				write(b, dir, rel, "---\ntitle: latency\n---\n")
				waitFor(b, w, rel)
				took = append(took, time.Since(start))
				written = append(written, rel)
			}
			closeBench(b, w, dir, written)
			reportQuantiles(b, took)
		})
	}
}

// BenchmarkBurst: 5,000 files copied by cp(1) into the 100,000-article
// archive, as a git pull brings them: four in five into the archive's
// folders, the rest into new ones. It reports how many batches they came
// in, when the first came after cp started and the last after it ended,
// and the CPU the watcher used (this process's, cp's own not counted).
func BenchmarkBurst(b *testing.B) {
	const files = 5000
	dir := benchCopy(b)
	old := folders(b, dir)
	staging := b.TempDir()
	var want []string
	for i := range files {
		f := old[i%len(old)]
		if i%5 == 4 {
			f = fmt.Sprintf("source/_posts/burst/频道%d", i%10)
		}
		rel := feed.Join(f, fmt.Sprintf("burst-%d.md", i))
		write(b, staging, rel, fmt.Sprintf("---\ntitle: 突发第%d篇\ndate: 2026-12-01 08:00:00\n---\n<p>正文</p>\n", i))
		want = append(want, rel)
	}
	var batches, cpuTotal, tailTotal, cpTotal, firstTotal float64
	for b.Loop() {
		b.StopTimer()
		w := startBench(b, dir, Options{})
		cpuStart := cpuTime(b)
		b.StartTimer()
		start := time.Now()
		// The batches are read while cp runs, as the interface would.
		cp := exec.Command("cp", "-r", staging+"/.", dir+"/")
		var cpOut bytes.Buffer
		cp.Stdout, cp.Stderr = &cpOut, &cpOut
		if err := cp.Start(); err != nil {
			b.Fatal(err)
		}
		type result struct {
			err  error
			took time.Duration
		}
		cpDone := make(chan result, 1)
		go func() {
			err := cp.Wait()
			cpDone <- result{err, time.Since(start)}
		}()
		seen := map[string]bool{}
		n := 0
		for len(seen) < files {
			bt := nextBatch(b, w)
			if n == 0 {
				firstTotal += time.Since(start).Seconds()
			}
			n++
			for _, p := range bt.Changed {
				seen[p] = true
			}
		}
		last := time.Since(start)
		res := <-cpDone
		if res.err != nil {
			b.Fatalf("cp: %v: %s", res.err, cpOut.Bytes())
		}
		cpEnd := res.took
		b.StopTimer()
		cpu := cpuTime(b) - cpuStart
		for _, p := range want {
			if !seen[p] {
				b.Fatalf("%s never came", p)
			}
		}
		batches += float64(n)
		cpuTotal += cpu.Seconds()
		tailTotal += (last - cpEnd).Seconds()
		cpTotal += cpEnd.Seconds()
		closeBench(b, w, dir, append(want, "source/_posts/burst"))
		b.StartTimer()
	}
	runs := float64(b.N)
	b.ReportMetric(batches/runs, "batches")
	b.ReportMetric(cpTotal/runs*1e3, "cp-ms")
	b.ReportMetric(firstTotal/runs*1e3, "first-batch-ms")
	b.ReportMetric(tailTotal/runs*1e3, "after-cp-ms")
	b.ReportMetric(cpuTotal/runs*1e3, "cpu-ms")
}

// BenchmarkPollPass: what one polling pass costs on the 100,000-article
// archive: quick (a stat a folder) and full (a stat a file too).
func BenchmarkPollPass(b *testing.B) {
	dir := benchCopy(b)
	for _, full := range []bool{false, true} {
		b.Run(map[bool]string{false: "quick", true: "full"}[full], func(b *testing.B) {
			w, err := New(dir, Options{Poll: true})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			w.debounce, w.tick = stoppedTimer(), stoppedTimer()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			w.startPoll(ctx, nil)
			runtime.GC()
			runtime.ReadMemStats(&after)
			defer w.tick.Stop()
			var cpu time.Duration
			for b.Loop() {
				w.poll.lastFull, w.poll.fullEvery = time.Now(), time.Hour
				if full {
					w.poll.lastFull = time.Time{}
				}
				c0 := cpuTime(b)
				w.pollPass(ctx)
				cpu += cpuTime(b) - c0
			}
			b.ReportMetric(cpu.Seconds()*1e3/float64(b.N), "cpu-ms/op")
			if !w.box.empty() {
				b.Fatalf("a pass over an archive that did not change found %+v", w.box.batch())
			}
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "snapshot-MiB")
		})
	}
}

// cpuTime is the processor time the process used so far, in the kernel
// and out: on a shared machine it varies less than the time a call takes.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
}

func startBench(b *testing.B, dir string, opts Options) *Watcher {
	b.Helper()
	w, err := New(dir, opts)
	if err != nil {
		b.Fatal(err)
	}
	if err := w.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	if st := (<-w.Events()).(Status); st.Err != nil {
		b.Fatal(st)
	}
	return w
}

// closeBench closes w and removes what the benchmark added to dir.
func closeBench(b *testing.B, w *Watcher, dir string, added []string) {
	b.Helper()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	for _, rel := range added {
		if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			b.Fatal(err)
		}
	}
}

func nextBatch(b *testing.B, w *Watcher) Batch {
	b.Helper()
	timeout := time.NewTimer(safety)
	defer timeout.Stop()
	for {
		select {
		case ev := <-w.Events():
			if bt, ok := ev.(Batch); ok {
				if bt.Rescan {
					b.Fatal("a rescan")
				}
				return bt
			}
		case <-timeout.C:
			b.Fatal("hung")
		}
	}
}

func waitFor(b *testing.B, w *Watcher, rel string) {
	b.Helper()
	for !slices.Contains(nextBatch(b, w).Changed, rel) {
	}
}

func reportQuantiles(b *testing.B, took []time.Duration) {
	slices.Sort(took)
	q := func(f float64) float64 { return float64(took[int(f*float64(len(took)-1))].Microseconds()) / 1e3 }
	b.ReportMetric(q(0.5), "median-ms")
	b.ReportMetric(q(0.9), "p90-ms")
	b.ReportMetric(q(1), "max-ms")
}
