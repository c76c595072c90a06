package ui

import (
	"strings"

	"newsreader/display"
	"newsreader/feed"
)

// tree is the category pane: the archive's category tree, flattened to
// the rows that expanded nodes make visible. The root is the "All" row;
// the Starred entry follows it.
type tree struct {
	root *feed.Category
	// starred is the Starred entry, whose Count the marks keep.
	starred *feed.Category
	rows    []treeRow
	open    map[string]bool // expanded nodes, by pathKey
	cursor  int
	offset  int // first row on screen
}

// treeRow is a visible node and its depth, the root being 0.
type treeRow struct {
	cat   *feed.Category
	depth int
}

// pathKey identifies a category path in maps.
func pathKey(p []string) string { return strings.Join(p, "\x00") }

// starredPath is the Starred entry's path, as the store keeps the last
// place: no category has it, since feed drops empty category names.
var starredPath = []string{""}

// isStarred reports whether path is the Starred entry's.
func isStarred(path []string) bool { return len(path) == 1 && path[0] == "" }

// setRoot replaces the tree by a rebuilt one, keeping the expanded nodes
// and the cursor on the same category, or on its nearest ancestor that
// still exists.
func (t *tree) setRoot(root *feed.Category) {
	sel := t.selectedPath()
	t.root = root
	if t.open == nil {
		t.open = map[string]bool{}
	}
	if t.starred == nil {
		t.starred = &feed.Category{Name: "Starred", Path: starredPath}
	}
	t.flatten()
	t.selectPath(sel)
}

// flatten lists the visible rows.
func (t *tree) flatten() {
	t.rows = t.rows[:0]
	if t.root == nil {
		return
	}
	var walk func(c *feed.Category, depth int)
	walk = func(c *feed.Category, depth int) {
		t.rows = append(t.rows, treeRow{c, depth})
		if depth == 0 {
			t.rows = append(t.rows, treeRow{t.starred, 0})
		}
		if depth == 0 || t.open[pathKey(c.Path)] {
			for _, ch := range c.Children {
				walk(ch, depth+1)
			}
		}
	}
	walk(t.root, 0)
}

// selected is the category under the cursor; nil before the first scan
// results.
func (t *tree) selected() *feed.Category {
	if t.cursor < len(t.rows) {
		return t.rows[t.cursor].cat
	}
	return nil
}

func (t *tree) selectedPath() []string {
	if c := t.selected(); c != nil {
		return c.Path
	}
	return nil
}

// onStarred reports whether the cursor is on the Starred entry.
func (t *tree) onStarred() bool {
	c := t.selected()
	return c != nil && c == t.starred
}

// selectPath puts the cursor on the category at path, expanding its
// ancestors; when it does not exist, on the deepest ancestor that does.
// It reports whether the category exists.
func (t *tree) selectPath(path []string) bool {
	if isStarred(path) {
		t.cursor = min(1, len(t.rows)-1)
		return len(t.rows) > 1
	}
	for i := range path {
		t.open[pathKey(path[:i])] = true
	}
	t.flatten()
	for n := len(path); n >= 0; n-- {
		key := pathKey(path[:n])
		for i, r := range t.rows {
			if pathKey(r.cat.Path) == key && r.cat != t.starred {
				t.cursor = i
				return n == len(path)
			}
		}
	}
	t.cursor = 0
	return false
}

// move moves the cursor by delta rows, within bounds, and reports whether
// the selection changed.
func (t *tree) move(delta int) bool {
	old := t.cursor
	t.cursor = clamp(t.cursor+delta, 0, len(t.rows)-1)
	return t.cursor != old
}

// expandable reports whether the cursor's node has children to show.
func (t *tree) expandable() bool {
	c := t.selected()
	return c != nil && len(c.Children) > 0 && t.rows[t.cursor].depth > 0 && !t.open[pathKey(c.Path)]
}

// expand shows the children of the cursor's node.
func (t *tree) expand() {
	if t.expandable() {
		t.open[pathKey(t.selected().Path)] = true
		t.flatten()
	}
}

// collapse hides the children of the cursor's node or, when they are
// hidden already, moves to its parent. It reports whether the selection
// changed.
func (t *tree) collapse() bool {
	c := t.selected()
	if c == nil || t.rows[t.cursor].depth == 0 {
		return false
	}
	if key := pathKey(c.Path); t.open[key] {
		delete(t.open, key)
		t.flatten()
		return false
	}
	t.selectPath(c.Path[:len(c.Path)-1])
	return true
}

// toggle expands or collapses the node at row i and puts the cursor on
// it, for a mouse click on its marker.
func (t *tree) toggle(i int) {
	c := t.rows[i].cat
	t.cursor = i
	if len(c.Children) == 0 || t.rows[i].depth == 0 {
		return
	}
	key := pathKey(c.Path)
	t.open[key] = !t.open[key]
	t.flatten()
}

// scroll keeps the cursor within the height rows on screen.
func (t *tree) scroll(height int) {
	t.offset = follow(t.offset, t.cursor, height, len(t.rows))
}

// view renders height rows of width cells, with the counts of unread
// articles.
func (t *tree) view(width, height int, focused bool, counts *tally, st styles) []string {
	lines := make([]string, 0, height)
	for i := t.offset; i < len(t.rows) && len(lines) < height; i++ {
		lines = append(lines, t.row(i, width, focused, counts.unread(t.rows[i].cat), st))
	}
	return lines
}

// row renders one row: indent, marker, name, and the counts flush right,
// unread/total, the whole row dimmed when every article is read.
func (t *tree) row(i, width int, focused bool, unread int, st styles) string {
	r := t.rows[i]
	name, marker := r.cat.Name, ""
	switch {
	case r.cat == t.starred:
	case r.depth == 0:
		name = "All"
	default:
		marker = "  "
		if len(r.cat.Children) > 0 {
			marker = "▸ "
			if t.open[pathKey(r.cat.Path)] {
				marker = "▾ "
			}
		}
		marker = strings.Repeat("  ", r.depth-1) + marker
	}
	count := display.Thousands(unread) + "/" + display.Thousands(r.cat.Count)
	if r.cat.Count == 0 {
		count = "0"
	}
	nameW := width - 2 - display.Width(marker) - display.Width(count) - 1
	name = display.Fit(display.Printable(name), max(nameW, 0))
	read := unread == 0 && r.cat.Count > 0
	if i == t.cursor {
		return st.cursor(focused).Faint(read).Render(display.Pad(" "+marker+name+" "+count+" ", width))
	}
	if read {
		return display.Pad(" "+st.Read.Render(marker+name+" "+count), width)
	}
	return display.Pad(" "+marker+name+" "+st.Muted.Render(count), width)
}
