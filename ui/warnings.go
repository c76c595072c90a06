package ui

import "newsreader/display"

// fillWarnings lists the scan's warnings, one file each: its path, then
// its warnings. Paths too wide for the window lose their start, where the
// file name is not.
func (m *Model) fillWarnings() {
	ws := m.ix.Warnings()
	if len(ws) == 0 {
		m.sheet.rows = 2
		m.sheet.draw = func(i, width int) string {
			if i == 0 {
				return ""
			}
			return " " + m.st.Muted.Render(display.Truncate("The scan found nothing wrong.", width-1))
		}
		return
	}
	// A row is a warning's index, negative for the path of warning -i-1.
	rows := make([]int, 0, 2*len(ws))
	for i, w := range ws {
		if i == 0 || w.Path != ws[i-1].Path {
			rows = append(rows, -i-1)
		}
		rows = append(rows, i)
	}
	m.sheet.rows = len(rows)
	m.sheet.draw = func(i, width int) string {
		if r := rows[i]; r >= 0 {
			return "   " + m.st.Muted.Render(display.Truncate(display.Printable(ws[r].Reason), width-3))
		}
		return " " + display.TruncateLeft(display.Printable(ws[-rows[i]-1].Path), width-1)
	}
}
