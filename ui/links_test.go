package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"newsreader/render"
)

// linkFixtures are an article with links, a mail address, an image, a
// javascript: link and a link whose text and URL carry escape codes, and
// an article with none.
var linkFixtures = []fixture{
	{"新闻/港口/三月.md", "港口三月吞吐量创新高", []string{"新闻", "港口"}, "2024-03-10 02:00:00",
		`<p>港口公布了三月的吞吐量数据，详见<a href="https://example.com/report?id=1&amp;x=2">完整报告</a>，记者还采访了<a href="mailto:desk@example.com">编辑部</a>的同事，了解更多细节。</p>
<p><img src="https://img.example.com/harbour.jpg" alt="港口的夜景"></p>
<p>有人在论坛上贴出了<a href="javascript:alert(1)">一个可疑的链接</a>，还有一个<a href="https://evil.example/x?a=&#27;]8;;y">带&#27;[31m控制符的链接</a>，管理员随后删除了它们。</p>
<p>另一篇报道<a href="https://news.example.cn/2024/03/10/a-very-long-path/that/goes/on/and/on/and/on/index.html">青川银行下调部分定期存款利率多家城商行跟进</a>也提到了这件事，并给出了更多的背景。</p>
<p>最后一段是正文的结尾，没有任何链接，只是说明情况还在发展之中。</p>`},
	{"新闻/港口/二月.md", "港口二月吞吐量回落", []string{"新闻", "港口"}, "2024-03-09 02:00:00",
		"<p>二月的吞吐量有所回落，主要是因为春节假期。</p>"},
}

// The links of the first fixture, in the reader's order.
const (
	reportURL  = "https://example.com/report?id=1&x=2"
	mailURL    = "mailto:desk@example.com"
	imageURL   = "https://img.example.com/harbour.jpg"
	evilURL    = "https://evil.example/x?a=]8;;y"
	longURL    = "https://news.example.cn/2024/03/10/a-very-long-path/that/goes/on/and/on/and/on/index.html"
	fixtureLen = 5
)

// browserUse records the programs a test's model ran to open links,
// which it does not run; err is what each returns.
type browserUse struct {
	calls [][]string
	err   error
}

// fakeBrowser makes m record the programs it runs to open links instead
// of running them.
func fakeBrowser(m *testModel) *browserUse {
	use := &browserUse{}
	m.browse = func(args []string) error {
		use.calls = append(use.calls, slices.Clone(args))
		return use.err
	}
	return use
}

// newLinksModel returns a model of linkFixtures with env as its
// environment, the newest article (the one with links) open in the
// reader, and its browser faked.
func newLinksModel(t *testing.T, env map[string]string, w, h int) (*testModel, *browserUse) {
	t.Helper()
	m := newUnsized(t, testConfig(t, writeArchive(t, linkFixtures)), func(k string) string { return env[k] })
	use := fakeBrowser(m)
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	start(t, m)
	press(t, m, "tab", "enter")
	if m.screen != readerScreen {
		t.Fatalf("not in the reader:\n%s", shown(m))
	}
	return m, use
}

// checkCalls fails the test unless the browser ran exactly want.
func checkCalls(t *testing.T, use *browserUse, want ...[]string) {
	t.Helper()
	if !slices.EqualFunc(use.calls, want, slices.Equal) {
		t.Errorf("the browser ran %q, want %q", use.calls, want)
	}
}

// sgr matches the colour sequences our styles write.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// TestLinkList: o lists the article's links, numbered as the reader
// shows them, with text (or that it is an image) and URL, and no control
// character from the article; the moves move the cursor, enter opens its
// link with the URL one argument, a number typed picks one, and esc, q
// and o close the list back to the article.
func TestLinkList(t *testing.T) {
	m, use := newLinksModel(t, nil, 100, 30)
	contains(t, m, "完整报告[1]", "编辑部[2]", "控制符的链接[4]")
	press(t, m, "o")
	if m.top() != linksOverlay {
		t.Fatalf("o did not open the link list:\n%s", shown(m))
	}
	checkFrame(t, m)
	b := body(m)
	for i, want := range []string{
		"1  完整报告", "2  编辑部", "3  image: 港口的夜景", "4  带[31m控制符的链接", "5  青川银行下调部分定期存款利率多家城商…  https://news.example.cn/2024/03/10/",
	} {
		if i >= len(b) || !strings.HasPrefix(strings.TrimSpace(b[i]), want) {
			t.Errorf("row %d is not %q:\n%s", i+1, want, shown(m))
		}
	}
	contains(t, m, "Links · 4 links, 1 image", reportURL, mailURL, imageURL, evilURL, "https://news.example.cn/2024/03/10/")
	lacks(t, m, "一个可疑的链接", "javascript")
	if rest := sgr.ReplaceAllString(m.View().Content, ""); strings.ContainsAny(rest, "\x1b\x07\r") {
		t.Errorf("the list lets a control character through: %q", rest)
	}
	// Enter opens the cursor's link; j, G and g move it.
	press(t, m, "enter")
	press(t, m, "j", "enter")
	press(t, m, "G", "enter", "g", "k", "enter")
	checkCalls(t, use, []string{"xdg-open", reportURL}, []string{"xdg-open", mailURL}, []string{"xdg-open", longURL}, []string{"xdg-open", reportURL})
	contains(t, m, "opening link 1: "+reportURL+" (xdg-open)")
	if m.top() != linksOverlay {
		t.Error("opening a link closed the list")
	}
	// A number typed picks a link: enter opens it, esc forgets it.
	use.calls = nil
	press(t, m, "3")
	contains(t, m, "link 3")
	press(t, m, "enter", "4", "esc")
	if m.top() != linksOverlay {
		t.Fatal("esc after a number closed the list")
	}
	press(t, m, "1", "2")
	contains(t, m, "no link 12: this article has links 1–5")
	press(t, m, "backspace", "enter")
	checkCalls(t, use, []string{"xdg-open", imageURL}, []string{"xdg-open", reportURL})
	// esc, q and o close the list.
	for _, k := range []string{"esc", "q", "o"} {
		if m.top() != linksOverlay {
			press(t, m, "o")
		}
		press(t, m, k)
		if m.top() != noOverlay || m.screen != readerScreen {
			t.Errorf("%s left overlay %d, screen %d", k, m.top(), m.screen)
		}
	}
}

// TestLinkListNarrow: in a narrow window every row fits, the URL cut by
// display width, and the cursor scrolls the list.
func TestLinkListNarrow(t *testing.T) {
	m, use := newLinksModel(t, nil, 40, 6)
	press(t, m, "o")
	checkFrame(t, m)
	contains(t, m, "1  完整报告       https://example.com…")
	lacks(t, m, "5  青川")
	press(t, m, "G")
	checkFrame(t, m)
	contains(t, m, "5  青川银行下调…  https://news.exampl…")
	lacks(t, m, "1  完整报告")
	// A smaller window keeps the cursor's row on screen.
	send(t, m, tea.WindowSizeMsg{Width: 40, Height: 5})
	checkFrame(t, m)
	contains(t, m, "5  青川")
	press(t, m, "enter")
	checkCalls(t, use, []string{"xdg-open", longURL})
}

// TestLinkCount: a count before o opens that link at once, shown in the
// status line while it is typed; a link the article lacks is said so, esc
// cancels the count without leaving the article, and any other key drops
// it.
func TestLinkCount(t *testing.T) {
	m, use := newLinksModel(t, nil, 100, 30)
	press(t, m, "2")
	contains(t, m, "2… o opens link 2")
	press(t, m, "o")
	checkCalls(t, use, []string{"xdg-open", mailURL})
	if m.top() != noOverlay {
		t.Error("2o opened the list")
	}
	use.calls = nil
	press(t, m, "9", "o")
	contains(t, m, "no link 9: this article has links 1–5")
	press(t, m, "1", "0", "o")
	contains(t, m, "no link 10")
	press(t, m, "0", "o") // 0 is no count: o opens the list
	if m.top() != linksOverlay {
		t.Errorf("0o did not open the list:\n%s", shown(m))
	}
	press(t, m, "esc", "3", "esc")
	if m.screen != readerScreen || m.reader.count != 0 {
		t.Errorf("esc after 3: screen %d, count %d", m.screen, m.reader.count)
	}
	press(t, m, "o", "esc", "4", "j", "o")
	if m.top() != linksOverlay {
		t.Errorf("4 j o did not open the list:\n%s", shown(m))
	}
	press(t, m, "esc", "4", "?", "esc", "o")
	if m.top() != linksOverlay {
		t.Errorf("4 ? esc o did not open the list:\n%s", shown(m))
	}
	checkCalls(t, use)
}

// TestLinkUnsafe: only web and mail addresses that SafeURL accepts reach
// the browser, whatever the list holds: a javascript: link never makes the
// list, and one that did, a file: URL or a relative path, is refused.
func TestLinkUnsafe(t *testing.T) {
	m, use := newLinksModel(t, nil, 100, 30)
	for _, raw := range []string{"javascript:alert(1)", "java\tscript:alert(1)", "file:///etc/passwd", "/etc/passwd", "-oProxyCommand=x", "data:text/html,x", "vbscript:x", ""} {
		press(t, m, "o")
		m.links.links = []render.Link{{Text: "x", URL: raw}}
		m.fillLinks()
		press(t, m, "enter")
		contains(t, m, "link 1 is not a web address")
		press(t, m, "esc")
	}
	checkCalls(t, use)
	if u, ok := openable("  https://example.com/a b\n"); !ok || u != "https://example.com/a b" {
		t.Errorf("openable cleaned a web address to %q, %v", u, ok)
	}
}

// TestLinkTextSafe: the list shows a link's text and URL on one line
// without a control character, whatever they hold.
func TestLinkTextSafe(t *testing.T) {
	m, _ := newLinksModel(t, nil, 60, 20)
	press(t, m, "o")
	m.links.links = []render.Link{
		{Text: "red\x1b[31m\nline\x07two\u202e", URL: "https://example.com/\x1b]8;;x\x07"},
		{Text: "", URL: "https://example.com/b"},
	}
	m.fillLinks()
	for i := range m.links.links {
		row := sgr.ReplaceAllString(m.drawLink(i, 60), "")
		if strings.ContainsAny(row, "\x1b\x07\n\r\u202e") {
			t.Errorf("row %d lets a control character through: %q", i+1, row)
		}
	}
	contains(t, m, "red[31m linetwo", "https://example.com/\uFFFD]8;;", "(no text)")
}

// TestNoLinks: an article without links says so, for o and a count.
func TestNoLinks(t *testing.T) {
	m, use := newLinksModel(t, nil, 100, 30)
	press(t, m, "n")
	contains(t, m, "二月的吞吐量")
	press(t, m, "o")
	contains(t, m, "this article has no links")
	press(t, m, "1", "o")
	contains(t, m, "this article has no links")
	if m.top() != noOverlay {
		t.Error("o opened a list of no links")
	}
	checkCalls(t, use)
}

// TestLinkBrowser: $BROWSER is the program, split as $EDITOR is, the URL
// its last argument or in place of %s; a text browser gets the terminal;
// unset, the system's opener, and when that is missing the status line
// says to set $BROWSER.
func TestLinkBrowser(t *testing.T) {
	for _, tt := range []struct {
		browser string
		want    []string
	}{
		{"firefox", []string{"firefox", reportURL}},
		{"/opt/bin/firefox --new-window", []string{"/opt/bin/firefox", "--new-window", reportURL}},
		{"'/opt/my browser/run' --url=%s --x=%%s", []string{"/opt/my browser/run", "--url=" + reportURL, "--x=%s"}},
		{"chromium %s --incognito", []string{"chromium", reportURL, "--incognito"}},
		// %% is a % in every argument, whether or not it holds the %s.
		{"run --zoom=150%% --url=%s", []string{"run", "--zoom=150%", "--url=" + reportURL}},
		{"run --zoom=150%%", []string{"run", "--zoom=150%", reportURL}},
		{"run --x=%%s", []string{"run", "--x=%s", reportURL}},
		{"run --x=%%%s", []string{"run", "--x=%" + reportURL}},
		{"  ", []string{"xdg-open", reportURL}},
	} {
		m, use := newLinksModel(t, map[string]string{"BROWSER": tt.browser}, 100, 30)
		press(t, m, "1", "o")
		checkCalls(t, use, tt.want)
	}
	// A text browser gets the terminal, as a pager does (this w3m is
	// never run).
	w3m := filepath.Join(t.TempDir(), "w3m")
	if err := os.WriteFile(w3m, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	m, use := newLinksModel(t, map[string]string{"BROWSER": w3m}, 100, 30)
	term := fakeTerminal(m)
	press(t, m, "1", "o")
	checkCalls(t, use)
	if len(term.cmds) != 1 || !slices.Equal(term.cmds[0].Args, []string{w3m, reportURL}) {
		t.Errorf("gave the terminal to %v", term.cmds)
	}
	// Mistakes and missing programs are said in the status line.
	m, _ = newLinksModel(t, map[string]string{"BROWSER": "firefox 'unclosed"}, 100, 30)
	press(t, m, "1", "o")
	contains(t, m, "$BROWSER: unterminated single quote")
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "no browser found: set $BROWSER"},
		{map[string]string{"BROWSER": "no-such-browser"}, "cannot run no-such-browser: not found in $PATH"},
	} {
		m, use := newLinksModel(t, tt.env, 100, 30)
		use.err = &exec.Error{Name: "x", Err: exec.ErrNotFound}
		press(t, m, "1", "o")
		contains(t, m, tt.want)
	}
	for goos, want := range map[string]string{"linux": "xdg-open", "freebsd": "xdg-open", "darwin": "open", "windows": "", "plan9": ""} {
		if got := systemOpener(goos); got != want {
			t.Errorf("the opener on %s is %q, want %q", goos, got, want)
		}
	}
	if _, _, err := browserCommand("", "windows", reportURL); err != errNoBrowser {
		t.Errorf("no opener: error %v", err)
	}
}

// TestLinkKeys: the help lists o and the count, the list's own help its
// keys, and open_link rebinds like any action; a digit given to an action
// is that action's, not a count.
func TestLinkKeys(t *testing.T) {
	m, _ := newLinksModel(t, nil, 100, 30)
	press(t, m, "?")
	contains(t, m, "list the article's links", "3o", "open link 3")
	press(t, m, "esc", "o", "?")
	contains(t, m, "open the link in the browser", "3 enter")
	press(t, m, "esc", "esc")
	contains(t, m, "o links")

	cfg := testConfig(t, writeArchive(t, linkFixtures))
	cfg.Keys = map[string][]string{"open_link": {"L"}, "next_article": {"2"}}
	m = newModelOf(t, cfg, 100, 30)
	use := fakeBrowser(m)
	press(t, m, "tab", "enter", "o")
	if m.top() != noOverlay {
		t.Error("o opened the list although open_link is L")
	}
	press(t, m, "L")
	if m.top() != linksOverlay {
		t.Errorf("L did not open the list:\n%s", shown(m))
	}
	press(t, m, "esc", "1", "L")
	checkCalls(t, use, []string{"xdg-open", reportURL})
	press(t, m, "2")
	contains(t, m, "二月的吞吐量")
}

// TestLinkWithoutText: a link without text says so in the list, under
// the cursor too.
func TestLinkWithoutText(t *testing.T) {
	m, _ := newLinksModel(t, nil, 100, 30)
	m.links = newLinksView([]render.Link{{URL: reportURL}, {Text: "完整报告", URL: mailURL}})
	for cursor := range 2 {
		m.links.cursor = cursor
		if row := m.drawLink(0, 100); !strings.Contains(row, noText) {
			t.Errorf("cursor on %d: the link without text is drawn %q", cursor, row)
		}
	}
}
