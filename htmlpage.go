package main

import (
	"fmt"
	"html"
	"strings"
	"time"

	"newsreader/render"
)

// htmlPage wraps the cleaned body in a small standalone page.
func htmlPage(doc *render.Document, loc *time.Location) string {
	var b strings.Builder
	title := html.EscapeString(doc.Title)
	fmt.Fprintf(&b, "<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n<article>\n<h1>%s</h1>\n", title, title)
	var meta []string
	if !doc.Date.IsZero() {
		meta = append(meta, doc.Date.In(loc).Format("2006-01-02 15:04"))
	}
	if len(doc.Categories) > 0 {
		meta = append(meta, strings.Join(doc.Categories, " › "))
	}
	if doc.Author != "" {
		meta = append(meta, doc.Author)
	}
	if len(meta) > 0 {
		fmt.Fprintf(&b, "<p class=\"meta\">%s</p>\n", html.EscapeString(strings.Join(meta, " · ")))
	}
	b.WriteString(doc.HTML)
	b.WriteString("\n</article>\n</body>\n</html>\n")
	return b.String()
}
