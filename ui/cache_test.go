package ui

import (
	"slices"
	"strings"
	"testing"
)

func TestLRU(t *testing.T) {
	c := newLRU[string](3, 10, func(s string) int { return len(s) })
	// held fails the test unless the cache holds exactly keys.
	held := func(when string, keys ...string) {
		t.Helper()
		for _, k := range []string{"a", "b", "c", "d", "e", "f", "big"} {
			if _, ok := c.peek(k); ok != slices.Contains(keys, k) {
				t.Errorf("%s: holds %s: %v, want %v", when, k, ok, !ok)
			}
		}
	}
	c.put("a", "1")
	c.put("b", "22")
	c.put("c", "333")
	c.get("a") // a is now the most recent
	c.put("d", "4")
	held("beyond the count bound", "a", "c", "d")
	c.put("e", "55555") // d, a, e: 1+1+5 fits
	held("within the size bound", "a", "d", "e")
	c.put("f", "666666") // f with any other is over 10
	held("beyond the size bound", "f")
	c.put("big", strings.Repeat("x", 50))
	held("an entry larger than the bound", "big")
	c.put("a", "1")
	c.put("b", "22")
	c.remove(func(k string) bool { return k == "big" || k == "a" })
	held("removed", "b")
	c.put("c", "3333333") // b and c fit: the sizes of those removed are gone
	held("after a removal", "b", "c")
	c.clear()
	held("cleared")
}
