// Package render turns an article's HTML body into clean Markdown and then
// into text for a terminal: it strips site boilerplate by rules, converts to
// Markdown, renders with glamour and sanitises every byte from the web.
package render
