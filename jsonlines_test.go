package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"newsreader/feed"
)

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 中文 ¢", `"plain 中文 ¢"`},
		{"a\u009b2Jb\u007f", `"a\u009b2Jb\u007f"`},
		{"\x1b[31m\a\r\n\t", `"\u001b[31m\u0007\u000d\n\t"`},
		{`quote " and \ back`, `"quote \" and \\ back"`},
		{"line\u2028sep", `"line\u2028sep"`},
		{"bad \xff\xfe utf8", `"bad \ufffd\ufffd utf8"`},
		{"<&>", `"<&>"`},
	}
	for _, tt := range tests {
		got := string(appendJSONString(nil, tt.in))
		if got != tt.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil || back != string([]rune(tt.in)) {
			t.Errorf("%s decodes to %q, %v", got, back, err)
		}
		for _, r := range got {
			if r < 0x20 || r >= 0x7f && r <= 0x9f {
				t.Errorf("%s holds control character %U", got, r)
			}
		}
	}
}

func TestJSONLinesKeepOrder(t *testing.T) {
	var arts []*feed.Article
	for i := range 2500 {
		arts = append(arts, &feed.Article{ID: fmt.Sprint(i), Title: fmt.Sprint("标题 ", i)})
	}
	var b bytes.Buffer
	if err := writeJSONLines(&b, arts, time.UTC); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(arts) {
		t.Fatalf("%d lines for %d articles", len(lines), len(arts))
	}
	for i, l := range lines {
		var m struct{ ID string }
		if err := json.Unmarshal([]byte(l), &m); err != nil || m.ID != fmt.Sprint(i) {
			t.Fatalf("line %d: %q, %v", i, l, err)
		}
	}
}
