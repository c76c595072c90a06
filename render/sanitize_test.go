package render

import (
	"strings"
	"testing"
	"unicode"

	"newsreader/display"
)

func TestSafeURL(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"https://example.com/a?b=c#d", "https://example.com/a?b=c#d", true},
		{"  http://example.com  ", "http://example.com", true},
		{"//cdn.example.com/x.png", "https://cdn.example.com/x.png", true},
		{"mailto:a@example.com", "mailto:a@example.com", true},
		{"/relative/path", "/relative/path", true},
		{"page.html?x=1:2", "page.html?x=1:2", true},
		{"javascript:alert(1)", "", false},
		{"JaVaScRiPt:alert(1)", "", false},
		{"java\tscript:alert(1)", "", false},
		{"java\nscript:alert(1)", "", false},
		{"\x01javascript:alert(1)", "", false},
		{"data:text/html;base64,AAAA", "", false},
		{"file:///etc/passwd", "", false},
		{"vbscript:msgbox", "", false},
		{"ftp://example.com", "", false},
		{"https://", "", false},
		{"http://exa mple.com/%zz", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := SafeURL(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SafeURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSanitizeOutput(t *testing.T) {
	allowed := func(link string) bool { return link == "https://ok.example/" }
	tests := []struct{ name, in, want string }{
		{"SGR kept", "\x1b[38;5;252mtext\x1b[m", "\x1b[38;5;252mtext\x1b[m"},
		{"clear screen dropped", "a\x1b[2Jb", "ab"},
		{"cursor move dropped", "a\x1b[10;10Hb", "ab"},
		{"private SGR-like dropped", "a\x1b[?25mb", "ab"},
		{"title OSC dropped", "a\x1b]0;pwned\x07b", "ab"},
		{"allowed hyperlink kept", "\x1b]8;id=1;https://ok.example/\x07x\x1b]8;;\x07", "\x1b]8;id=1;https://ok.example/\x07x\x1b]8;;\x07"},
		{"unknown hyperlink dropped", "\x1b]8;;https://evil.example/\x07x\x1b]8;;\x07", "x\x1b]8;;\x07"},
		{"ST-terminated hyperlink", "\x1b]8;;https://ok.example/\x1b\\x", "\x1b]8;;https://ok.example/\x1b\\x"},
		{"DCS dropped", "a\x1bP1$r\x1b\\b", "ab"},
		{"C1 CSI dropped", "a\u009b2Jb", "a2Jb"},
		{"bare controls dropped", "a\x07\x00\x7fb\r", "ab"},
		{"lone ESC dropped", "a\x1b", "a"},
		{"text kept", "中文 text\n\tnext", "中文 text\n\tnext"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		if got := sanitizeOutput(tt.in, allowed); got != tt.want {
			t.Errorf("%s: sanitizeOutput(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// checkNoControls fails when out holds a control character outside the
// escape sequences that sanitizeOutput allows.
func checkNoControls(t testing.TB, out string) {
	t.Helper()
	rest := sgrOrLink.ReplaceAllString(out, "")
	if i := strings.IndexFunc(rest, func(r rune) bool {
		return r != '\n' && r != '\t' && (unicode.IsControl(r) || display.Unsafe(r))
	}); i >= 0 {
		t.Fatalf("control character in output at %d: %q", i, rest[max(0, i-20):min(len(rest), i+20)])
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b[31mred\x1b[0m", "\x1b]8;;https://ok.example/\x07x\x1b]8;;\x07",
		"\x1b]0;title\x07", "\u009b2J", "a\x1bP1$r\x1b\\b", "\xff\xfe", "\x1b[", "\x1b]8;;",
	} {
		f.Add(s)
	}
	allowed := func(link string) bool { return strings.HasPrefix(link, "https://") }
	f.Fuzz(func(t *testing.T, s string) {
		if out := display.Clean(s); strings.ContainsFunc(out, display.Unsafe) {
			t.Fatalf("display.Clean(%q) = %q", s, out)
		}
		checkNoControls(t, sanitizeOutput(s, allowed))
		if u, ok := SafeURL(s); ok && strings.ContainsFunc(u, unicode.IsControl) {
			t.Fatalf("SafeURL(%q) = %q", s, u)
		}
	})
}
