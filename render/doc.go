// Package render turns an article's HTML body into clean Markdown and then
// into text for a terminal: it strips site boilerplate by rules, converts to
// Markdown, renders with glamour and sanitises every byte from the web.
//
// The pipeline has two halves that callers cache separately:
//
//   - Prepare cleans a body with Rules (the embedded rules.yml plus the
//     user's file, from LoadRules) and returns a Document: metadata, the
//     Markdown with a header, the cleaned HTML and the explain report.
//   - Render lays Markdown out for a width and a Style (LoadStyle; resolve
//     "auto" first with ResolveStyle); RenderText does the same without any
//     Markdown syntax or escape sequence; WrapMarkdown fills Markdown for
//     reading in a pager or file.
//
// Nothing here touches the terminal, and everything is safe for concurrent
// use.
package render
