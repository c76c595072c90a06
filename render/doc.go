// Package render turns an article's HTML body into clean Markdown and then
// into text for a terminal: it strips site furniture by rules, converts to
// Markdown, renders with glamour and sanitises every byte from the web.
//
// The pipeline has two halves that callers cache separately:
//
//   - Prepare cleans a body with Rules (the embedded rules.yml plus the
//     user's file, from LoadRules) and returns a Document: metadata, the
//     Markdown with a header, the cleaned HTML, the links and images
//     (Document.Links) and the explain report.
//   - Render lays Markdown out for a width and a Style (LoadStyle; resolve
//     "auto" first with ResolveStyle); RenderText and RenderTextASCII do
//     the same as plain text from column 0, without any Markdown syntax or
//     escape sequence; WrapMarkdown fills Markdown at spaces for
//     `--format md --width N`. The Markdown is otherwise not wrapped.
//   - Document.Text is the body's plain text, the words RenderText shows
//     without glamour's layout (about a fifteenth of its cost), for the
//     search index; Rules.Version tells which rules cleaned it.
//
// Cleaning applies the site rules of rules.yml first, then the generic
// furniture layer: rules named furniture-* that recognise credit lines,
// reprint notices, related links, widget labels, the title repeated and
// the like by their shape and position, for any source (see furniture.go
// and the comments of rules.yml). `newsreader explain` names the rule and
// its reason for each removal; a user switches a rule off in their
// rules.yml by its name with "disabled: true".
//
// In rendered text a link is its text and a number, "text[3]", an image
// "🖼 alt[4]", and the numbered URLs follow under a Links heading; the
// numbers are places in Document.Links. Render gives link texts and URLs
// OSC 8 hyperlinks; the ascii style and the text formats print none.
//
// Nothing here touches the terminal, and everything is safe for concurrent
// use. A panic on some article (a bug) is contained: Prepare falls back to
// the body's plain text, Render returns an error.
package render
