package ui

import tea "charm.land/bubbletea/v2"

// clamp bounds v to [lo, hi]; an empty range gives lo.
func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// follow returns the first row to show so that row cursor is among the
// height rows on screen, moving the old offset as little as possible and
// never leaving blank rows below the last of n.
func follow(offset, cursor, height, n int) int {
	if height <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	return clamp(offset, 0, max(0, n-height))
}

// wheelStep is how many rows a turn of the mouse wheel scrolls.
const wheelStep = 3

// wheelDelta is how many rows a wheel event scrolls down, negative up;
// 0 for a button that does not scroll.
func wheelDelta(msg tea.MouseWheelMsg) int {
	switch msg.Button {
	case tea.MouseWheelUp:
		return -wheelStep
	case tea.MouseWheelDown:
		return wheelStep
	}
	return 0
}
