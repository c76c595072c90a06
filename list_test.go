package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

func TestList(t *testing.T) {
	env, dir := newArchive(t)
	code, out, errOut := runCmd(t, env, "list", "--archive", dir, "--width", "90")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4 (two copies merged):\n%s", len(lines), out)
	}
	// Newest first, and the article without a date last, although its
	// estimated date (the file's, today) is the newest.
	for i, want := range []string{"Tidewater 3.2 发布", "Second & last", "前11个月港口吞吐量同比增长6.2%", "인디 게임 [31m축제"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d = %q, want %q", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[3], "~") || strings.Contains(lines[0], "~") {
		t.Errorf("only the estimated date should be marked:\n%s", out)
	}
	if !strings.HasPrefix(lines[0], "2026-01-13 08:20") || !strings.Contains(lines[0], "编程 › 开源中国 › …") {
		t.Errorf("the merged article should show the deeper copy: %q", lines[0])
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w != 90 {
			t.Errorf("line is %d cells wide, want 90: %q", w, l)
		}
		if strings.ContainsRune(l, 0x1b) {
			t.Errorf("escape character in %q", l)
		}
	}
	if !strings.Contains(errOut, "post/游戏/broken.md: front matter is not valid YAML") || !strings.Contains(errOut, "warnings in 1 of 5 files") {
		t.Errorf("stderr: %s", errOut)
	}
}

func TestListFilters(t *testing.T) {
	env, dir := newArchive(t)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--category", "金融/新浪财经"}, []string{"Second & last", "前11个月"}},
		{[]string{"--category", "金融 › 新浪财经 › 新浪财经－國際"}, []string{"Second & last"}},
		{[]string{"--since", "2025-12-16", "--until", "2026-01-13"}, []string{"Tidewater", "Second & last"}},
		{[]string{"--until", "2025-12-15"}, []string{"前11个月"}},
		{[]string{"--category", "金融", "--limit", "1"}, []string{"Second & last"}},
		{[]string{"--limit", "0"}, []string{"Tidewater", "Second & last", "前11个月", "인디 게임"}},
		{[]string{"--sort", "oldest"}, []string{"前11个月", "Second & last", "Tidewater", "인디 게임"}},
		{[]string{"--sort", "Title"}, []string{"Second & last", "Tidewater", "前11个月", "인디 게임"}},
		{[]string{"--sort", "source", "--limit", "2"}, []string{"인디 게임", "Tidewater"}},
		{[]string{"--sort", "newest", "-n", "1"}, []string{"Tidewater"}},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append([]string{"list", "-q", "--archive", dir}, tt.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(tt.want) {
			t.Errorf("%v: got\n%s", tt.args, out)
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("%v: line %d = %q, want %q", tt.args, i, lines[i], w)
			}
		}
	}
}

func TestListSortErrorAndCompletion(t *testing.T) {
	checkFailures(t, []failure{{[]string{"list", "--sort", "date"}, 2, `--sort: "date" is not an order (use newest, oldest, title, source)`}})
	got, directive := complete(t, "list", "--sort", "")
	if !slices.Equal(got, []string{"newest", "oldest", "title", "source"}) || directive != ":36" {
		t.Errorf("list --sort <tab>: %q, %s", got, directive)
	}
}

func TestListHelpSaysLimitZero(t *testing.T) {
	env, _ := newArchive(t)
	_, out, _ := runCmd(t, env, "list", "--help")
	if !strings.Contains(out, "at most N articles; 0 means no limit") {
		t.Errorf("--help does not say what --limit 0 does:\n%s", out)
	}
}

func TestListJSON(t *testing.T) {
	env, dir := newArchive(t)
	code, out, _ := runCmd(t, env, "list", "--json", "-q", "--archive", dir)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var arts []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		arts = append(arts, m)
	}
	if len(arts) != 4 {
		t.Fatalf("%d objects", len(arts))
	}
	for _, m := range arts {
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"author", "categories", "date", "date_estimated", "id", "path", "paths", "read", "starred", "thumbnail", "title", "warnings"}; !slices.Equal(keys, want) {
			t.Errorf("keys %q, want %q", keys, want)
		}
	}
	merged := arts[0]
	if merged["date"] != "2026-01-13T08:20:00Z" || merged["path"] != "source/_posts/编程/开源中国/资讯/c.md" ||
		len(merged["paths"].([]any)) != 2 || merged["date_estimated"] != false {
		t.Errorf("merged article: %v", merged)
	}
	if broken := arts[len(arts)-1]; broken["date_estimated"] != true || len(broken["warnings"].([]any)) != 2 {
		t.Errorf("broken article: %v", broken)
	}
	if !strings.Contains(out, `"title":"Second & last"`) {
		t.Error("& should not be escaped")
	}
}

func TestListJSONWriteError(t *testing.T) {
	env, dir := newArchive(t)
	var errOut bytes.Buffer
	code := run(context.Background(), []string{"list", "--json", "-q", "--archive", dir}, strings.NewReader(""), &failingWriter{limit: 10}, &errOut, env)
	if code != exitError || errOut.String() != "2 warnings in 1 of 5 files\nnewsreader: broken pipe\n" {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// Relative dates through list, against the real date and time zone (the
// configured one is the system's).
func TestListRelativeDates(t *testing.T) {
	env, dir := newArchive(t)
	now := time.Now()
	// An hour ago, but today: in the first hour of a day, an hour ago is
	// yesterday.
	hour := now.Add(-time.Hour)
	if midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local); hour.Before(midnight) {
		hour = midnight
	}
	for _, a := range []struct {
		name string
		date time.Time
	}{
		{"hour", hour},
		{"yesterday", time.Date(now.Year(), now.Month(), now.Day()-1, 12, 0, 0, 0, time.Local)},
		{"tendays", now.AddDate(0, 0, -10)},
	} {
		writeFile(t, filepath.Join(dir, "rel", a.name+".md"), fmt.Sprintf("---\ntitle: %s\ncategories: [rel]\ndate: %s\n---\n<p>x</p>\n", a.name, a.date.Format(time.RFC3339)))
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--since", "3h"}, []string{"hour"}},
		{[]string{"--since", "yesterday", "--until", "yesterday"}, []string{"yesterday"}},
		{[]string{"--since", "2w", "--until", "1w"}, []string{"tendays"}},
		{[]string{"--since", "2w"}, []string{"hour", "yesterday", "tendays"}},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append([]string{"list", "-q", "-c", "rel", "--archive", dir}, tt.args...)...)
		var got []string
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if f := strings.Fields(l); len(f) > 3 {
				got = append(got, f[3])
			}
		}
		if code != 0 || strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%q: exit %d, stderr %q, got %q, want %q", tt.args, code, errOut, got, tt.want)
		}
	}
	code, _, errOut := runCmd(t, env, "list", "--since", "today", "--until", "3d", "--archive", dir)
	if code != exitUsage || !strings.Contains(errOut, "--since today is after --until 3d") {
		t.Errorf("since after until: exit %d, stderr %q", code, errOut)
	}
}

// An empty archive lists nothing and says nothing: no article is no
// warning.
func TestListEmptyArchive(t *testing.T) {
	env, _ := newArchive(t)
	dir := t.TempDir()
	for _, args := range [][]string{{"list"}, {"list", "--json"}, {"list", "--unread", "--since", "3d"}} {
		code, out, errOut := runCmd(t, env, append(args, "--archive", dir)...)
		if code != exitOK || out != "" || errOut != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and nothing", args, code, out, errOut)
		}
	}
}
