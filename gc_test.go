package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestSetCommandGC(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		percent int
		limit   int64
	}{
		{"default", nil, commandGCPercent, commandMemoryLimit},
		{"GOGC set", map[string]string{"GOGC": "50"}, 100, math.MaxInt64},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "2GiB"}, 100, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := debug.SetGCPercent(100)
			defer debug.SetGCPercent(before)
			restore := setCommandGC(func(k string) string { return tc.env[k] })
			if got := debug.SetGCPercent(-1); got != tc.percent {
				t.Errorf("GC percent %d, want %d", got, tc.percent)
			}
			debug.SetGCPercent(tc.percent)
			if got := debug.SetMemoryLimit(-1); got != tc.limit {
				t.Errorf("memory limit %d, want %d", got, tc.limit)
			}
			restore()
			if got := debug.SetGCPercent(100); got != 100 {
				t.Errorf("after restore: GC percent %d, want 100", got)
			}
			if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
				t.Errorf("after restore: memory limit %d, want none", got)
			}
		})
	}
}
