package render

import (
	"strings"
	"testing"

	"newsreader/feed"
)

// failOn makes the cleaner and the renderer panic on any input holding
// "PANIC", for the rest of the test.
func failOn(t *testing.T) {
	panicHook = func(stage, input string) {
		if strings.Contains(input, "PANIC") {
			panic(stage + " failed on purpose")
		}
	}
	t.Cleanup(func() { panicHook = nil })
}

// TestPrepareContainsPanics: a body that makes the cleaner panic still
// gives the reader its text, and explain says why it is not cleaned.
func TestPrepareContainsPanics(t *testing.T) {
	failOn(t)
	body := `<p>第一段正文。</p><div><p>PANIC <b>第二段</b></p></div><script>hidden()</script><p>a*b_c</p>`
	doc := Prepare(&feed.Article{Title: "标题"}, []byte(body), Options{HTML: true})
	if !strings.HasPrefix(doc.Markdown, "# 标题\n") {
		t.Errorf("the header is missing:\n%s", doc.Markdown)
	}
	for _, want := range []string{"第一段正文。", "PANIC 第二段", `a\*b_c`} {
		if !strings.Contains(doc.Body, want) {
			t.Errorf("the plain text lost %q:\n%s", want, doc.Body)
		}
	}
	if strings.Contains(doc.Body, "hidden") || strings.Contains(doc.HTML, "<script") {
		t.Errorf("the fallback kept a script:\n%s\n%s", doc.Body, doc.HTML)
	}
	if ex := doc.Explain(); !strings.Contains(ex, "panic") || !strings.Contains(ex, "clean failed on purpose") {
		t.Errorf("explain does not report the panic:\n%s", ex)
	}
	if ok := Prepare(nil, []byte("<p>ordinary</p>"), Options{}); strings.Contains(ok.Explain(), "panic") {
		t.Error("an ordinary body reports a panic")
	}
}

// TestRenderContainsPanics: a panic in one of the goroutines that render
// the pieces of a long article becomes Render's error.
func TestRenderContainsPanics(t *testing.T) {
	failOn(t)
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for b.Len() < 3*chunkSize {
		b.WriteString("一段很长的正文，用来把文章切成几块并行渲染。\n\n")
	}
	long := b.String()
	if _, err := Render(long, 80, dark); err != nil {
		t.Fatalf("ordinary text: %v", err)
	}
	md := long + "PANIC\n\n" + long
	if n := len(splitMarkdown(md, chunkSize)); n < 3 {
		t.Fatalf("the test document is %d pieces, want several", n)
	}
	if _, err := Render(md, 80, dark); err == nil || !strings.Contains(err.Error(), "render failed on purpose") {
		t.Errorf("Render: err = %v, want the panic", err)
	}
	if _, err := RenderText("PANIC", 80); err == nil {
		t.Error("RenderText did not report the panic")
	}
}
