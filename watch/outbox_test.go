package watch

import (
	"reflect"
	"testing"
)

// TestOutbox: changes noted while the caller is busy merge into one batch
// that leaves the caller as the changes in order would.
func TestOutbox(t *testing.T) {
	tests := []struct {
		name string
		do   func(o *outbox)
		want Batch
	}{
		{"changes sorted", func(o *outbox) {
			o.change("b.md")
			o.change("a.md")
			o.remove("c.md")
		}, Batch{Changed: []string{"a.md", "b.md"}, Removed: []string{"c.md"}}},
		{"the last word counts", func(o *outbox) {
			o.change("a.md")
			o.remove("a.md")
			o.remove("b.md")
			o.change("b.md")
		}, Batch{Changed: []string{"b.md"}, Removed: []string{"a.md"}}},
		{"a removed folder voids what came before under it", func(o *outbox) {
			o.change("a/1.md")
			o.remove("a/2.md")
			o.removeDir("a/sub")
			o.change("ab/3.md")
			o.removeDir("a")
		}, Batch{Changed: []string{"ab/3.md"}, RemovedDirs: []string{"a"}}},
		{"a folder made anew keeps what came after", func(o *outbox) {
			o.change("a/1.md")
			o.removeDir("a")
			o.change("a/2.md")
			o.remove("a/3.md")
		}, Batch{Changed: []string{"a/2.md"}, RemovedDirs: []string{"a"}}},
		{"a rescan makes the rest moot", func(o *outbox) {
			o.change("a.md")
			o.removeDir("b")
			o.setRescan()
			o.change("c.md")
		}, Batch{Rescan: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOutbox()
			tt.do(&o)
			if got := o.batch(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			o.reset()
			if !o.empty() {
				t.Error("not empty after reset")
			}
		})
	}
}
