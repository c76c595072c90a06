package ui

import "container/list"

// lru is a cache that forgets the least recently used entries beyond a
// count and a total size.
type lru[K comparable, V any] struct {
	maxLen, maxSize int
	sizeOf          func(V) int

	size  int
	order *list.List // of *entry[K, V], most recent first
	byKey map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key K
	val V
}

func newLRU[K comparable, V any](maxLen, maxSize int, sizeOf func(V) int) *lru[K, V] {
	return &lru[K, V]{maxLen: maxLen, maxSize: maxSize, sizeOf: sizeOf, order: list.New(), byKey: map[K]*list.Element{}}
}

// get returns the value stored for k and marks it as recently used.
func (c *lru[K, V]) get(k K) (V, bool) {
	if e, ok := c.byKey[k]; ok {
		c.order.MoveToFront(e)
	}
	return c.peek(k)
}

// peek returns the value stored for k without marking it as used: View
// reads the cache to draw, which must not change what is evicted.
func (c *lru[K, V]) peek(k K) (V, bool) {
	e, ok := c.byKey[k]
	if !ok {
		var zero V
		return zero, false
	}
	return e.Value.(*entry[K, V]).val, true
}

// put stores v for k, evicting old entries over the bounds. The newest
// entry stays even when it alone exceeds the size bound: it is on screen.
func (c *lru[K, V]) put(k K, v V) {
	if e, ok := c.byKey[k]; ok {
		c.size -= c.sizeOf(e.Value.(*entry[K, V]).val)
		c.order.Remove(e)
	}
	c.byKey[k] = c.order.PushFront(&entry[K, V]{k, v})
	c.size += c.sizeOf(v)
	for c.order.Len() > 1 && (c.order.Len() > c.maxLen || c.size > c.maxSize) {
		old := c.order.Back()
		ent := old.Value.(*entry[K, V])
		c.size -= c.sizeOf(ent.val)
		delete(c.byKey, ent.key)
		c.order.Remove(old)
	}
}

// remove forgets the entries whose keys match.
func (c *lru[K, V]) remove(match func(K) bool) {
	for k, e := range c.byKey {
		if match(k) {
			c.size -= c.sizeOf(e.Value.(*entry[K, V]).val)
			c.order.Remove(e)
			delete(c.byKey, k)
		}
	}
}

// clear forgets every entry.
func (c *lru[K, V]) clear() {
	c.size = 0
	c.order.Init()
	clear(c.byKey)
}
