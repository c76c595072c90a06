//go:build unix

package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"newsreader/feed/feedtest"
	"newsreader/watch"
)

// benchCopy returns a copy of the generated archive, which the batch
// benchmarks write into and others measure as it is, and a state folder
// whose store holds its index: made once, in the temporary folder, and
// kept for the next run ($NEWSREADER_BENCH_COPY names another place).
func benchCopy(b *testing.B) (archive, state string) {
	b.Helper()
	src := feedtest.Archive(b, benchSize())
	dst := os.Getenv("NEWSREADER_BENCH_COPY")
	if dst == "" {
		dst = filepath.Join(os.TempDir(), fmt.Sprintf("newsreader-batch-bench-%d", benchSize()))
	}
	archive, state = filepath.Join(dst, "archive"), filepath.Join(dst, "state")
	marker := filepath.Join(dst, ".complete")
	if _, err := os.Stat(marker); err == nil {
		return archive, state
	}
	b.Logf("copying %s to %s", src, archive)
	if err := os.RemoveAll(dst); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("cp", "-a", src, archive).CombinedOutput(); err != nil {
		b.Fatalf("copy: %v: %s", err, out)
	}
	s := benchOpen(b, archive, state)
	if _, err := s.Index(context.Background()); err != nil {
		b.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return archive, state
}

// BenchmarkBatch is the cost of one watcher's batch on the archive, as
// the interface and list --follow pay it: files written (new), or
// rewritten, spread over the archive's folders, reconciled (timed, with
// its processor time as cpu-ms/op) and applied to the index (apply-ms/op;
// the index is then sorted, as an interface's next frame does). The files
// written are removed again, untimed, after each.
func BenchmarkBatch(b *testing.B) {
	archive, state := benchCopy(b)
	s := benchOpen(b, archive, state)
	defer s.Close()
	ix, err := s.Index(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var folders []string
	for _, a := range ix.Articles() {
		folders = append(folders, filepath.Dir(a.Path))
	}
	slices.Sort(folders)
	folders = slices.Compact(folders)
	existing := slices.Clone(ix.Articles())
	var updates []Update
	collect := func(u Update) { updates = append(updates, u) }
	apply := func() time.Duration {
		start := time.Now()
		for _, u := range updates {
			ix.Apply(u.Changes)
		}
		ix.Articles()
		updates = nil
		return time.Since(start)
	}
	round := 0
	for _, n := range []int{1, 5000} {
		for _, kind := range []string{"new", "rewritten"} {
			b.Run(fmt.Sprintf("%s-%d", kind, n), func(b *testing.B) {
				var cpu, applying time.Duration
				for b.Loop() {
					b.StopTimer()
					round++
					var batch watch.Batch
					for i := range n {
						var p string
						var data []byte
						if kind == "new" {
							p = fmt.Sprintf("%s/bench-%d-%d.md", folders[i%len(folders)], round, i)
							date := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(round*n+i) * time.Second)
							data = article(fmt.Sprintf("新 %d %d", round, i), date.Format(time.DateTime), "测试")
						} else {
							a := existing[(round*n+i*7919)%len(existing)]
							p = a.Path
							data = article(fmt.Sprintf("%s 改 %d", a.Title, round), a.Date.UTC().Format(time.DateTime), a.Categories...)
						}
						if err := os.WriteFile(filepath.Join(archive, filepath.FromSlash(p)), data, 0o644); err != nil {
							b.Fatal(err)
						}
						batch.Changed = append(batch.Changed, p)
					}
					slices.Sort(batch.Changed)
					used := usedTime(syscall.RUSAGE_SELF)
					b.StartTimer()
					sum, err := s.ReconcileBatch(context.Background(), batch, collect)
					b.StopTimer()
					cpu += usedTime(syscall.RUSAGE_SELF) - used
					if err != nil {
						b.Fatal(err)
					}
					if sum.Read != n {
						b.Fatalf("read %d files, want %d", sum.Read, n)
					}
					applying += apply()
					if kind == "new" {
						for _, p := range batch.Changed {
							if err := os.Remove(filepath.Join(archive, filepath.FromSlash(p))); err != nil {
								b.Fatal(err)
							}
						}
						batch.Removed, batch.Changed = batch.Changed, nil
						if _, err := s.ReconcileBatch(context.Background(), batch, collect); err != nil {
							b.Fatal(err)
						}
						apply()
					}
					b.StartTimer()
				}
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
				b.ReportMetric(float64(applying.Microseconds())/1000/float64(b.N), "apply-ms/op")
			})
		}
	}
	if ix.Len() != benchSize() {
		b.Errorf("%d articles after the batches, want %d", ix.Len(), benchSize())
	}
}
