package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testEnv is an environment with its own home, config folder and working
// directory, and the variables given.
func testEnv(t *testing.T, vars map[string]string) (Env, string) {
	t.Helper()
	root := t.TempDir()
	all := map[string]string{
		"HOME":            filepath.Join(root, "home"),
		"XDG_CONFIG_HOME": filepath.Join(root, "config"),
		"XDG_STATE_HOME":  filepath.Join(root, "state"),
	}
	for k, v := range vars {
		all[k] = v
	}
	wd := filepath.Join(root, "wd")
	if err := os.MkdirAll(wd, 0o755); err != nil {
		t.Fatal(err)
	}
	return Env{Getenv: func(k string) string { return all[k] }, Dir: wd}, root
}

func writeConfig(t *testing.T, root, text string) string {
	t.Helper()
	p := filepath.Join(root, "config", "newsreader", "config.yml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestArchivePrecedence(t *testing.T) {
	tests := []struct {
		name       string
		flag, env  string
		file       string
		hexo       bool
		want       string // relative to the test's root; "" means the demo
		wantOrigin string
	}{
		{name: "nothing: the demo", wantOrigin: FromDemo},
		{name: "hexo site", hexo: true, want: "wd/source/_posts", wantOrigin: FromHexo},
		{name: "file beats hexo", file: "archive: /news\n", hexo: true, want: "/news", wantOrigin: FromFile},
		{name: "file relative to itself", file: "archive: posts\n", want: "config/newsreader/posts", wantOrigin: FromFile},
		{name: "file with ~", file: "archive: ~/news\n", want: "home/news", wantOrigin: FromFile},
		{name: "env beats file", env: "/env", file: "archive: /news\n", want: "/env", wantOrigin: FromEnv},
		{name: "flag beats env", flag: "/flag", env: "/env", file: "archive: /news\n", want: "/flag", wantOrigin: FromFlag},
		{name: "flag relative to the working directory", flag: "news", want: "wd/news", wantOrigin: FromFlag},
		{name: "flag .", flag: ".", want: "wd", wantOrigin: FromFlag},
		{name: "env relative to the working directory", env: "../news", want: "news", wantOrigin: FromEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, root := testEnv(t, map[string]string{EnvArchive: tt.env})
			if tt.file != "" {
				writeConfig(t, root, tt.file)
			}
			if tt.hexo {
				if err := os.MkdirAll(filepath.Join(env.Dir, "source", "_posts"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(env.Dir, "_config.yml"), []byte("title: blog\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c, err := Load(Overrides{Archive: tt.flag}, env)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want != "" && !strings.HasPrefix(want, "/") {
				want = filepath.Join(root, want)
			}
			if c.Archive != want {
				t.Errorf("archive = %q, want %q", c.Archive, want)
			}
			if !strings.HasPrefix(c.Origin("archive"), tt.wantOrigin) {
				t.Errorf("origin = %q, want %q", c.Origin("archive"), tt.wantOrigin)
			}
		})
	}
}

func TestSettingsFromFile(t *testing.T) {
	env, root := testEnv(t, nil)
	file := writeConfig(t, root, "timezone: Asia/Shanghai\nsource_timezone: Europe/Paris\nmax_width: 80\nstyle: light\ntheme: dark\nkeys:\n  quit: [q, ctrl+q]\n  open: o\n"+
		"zones:\n  cst: \"+08:00\"\n  JST: +0900\n  KST: +09\n  NST: -03:30\n  IST: Asia/Kolkata\n")
	c, err := Load(Overrides{Theme: "light"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Timezone.String() != "Asia/Shanghai" || c.SourceTimezone.String() != "Europe/Paris" || c.MaxWidth != 80 || c.Style != "light" {
		t.Errorf("got %v %v %d %q", c.Timezone, c.SourceTimezone, c.MaxWidth, c.Style)
	}
	if c.Theme != "light" || !strings.HasPrefix(c.Origin("theme"), FromFlag) {
		t.Errorf("theme %q from %q: the flag should win", c.Theme, c.Origin("theme"))
	}
	if !slices.Equal(c.Keys["quit"], []string{"q", "ctrl+q"}) || !slices.Equal(c.Keys["open"], []string{"o"}) {
		t.Errorf("keys = %v", c.Keys)
	}
	if c.File != file || c.Rules != filepath.Join(filepath.Dir(file), "rules.yml") || c.StateDir != filepath.Join(root, "state", "newsreader") {
		t.Errorf("paths %q %q %q", c.File, c.Rules, c.StateDir)
	}
	for abbr, want := range map[string]int{"CST": 8 * 3600, "JST": 9 * 3600, "KST": 9 * 3600, "NST": -(3*3600 + 1800)} {
		if _, off := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).In(c.Zones[abbr]).Zone(); off != want {
			t.Errorf("zone %s has offset %d, want %d", abbr, off, want)
		}
	}
	if c.Zones["IST"].String() != "Asia/Kolkata" || len(c.Zones) != 5 {
		t.Errorf("zones = %v", c.Zones)
	}
	var names []string
	for _, s := range c.Settings() {
		if s.Name == "zones" && (s.Value != "CST=+08:00 IST=Asia/Kolkata JST=+09:00 KST=+09:00 NST=-03:30" || s.Origin != FromFile) {
			t.Errorf("zones shown as %q (%s)", s.Value, s.Origin)
		}
		names = append(names, s.Name)
		if s.Origin == "" {
			t.Errorf("setting %s has no origin", s.Name)
		}
	}
	if !slices.Equal(names, settingNames) {
		t.Errorf("settings %q, want %q", names, settingNames)
	}
}

func TestDefaults(t *testing.T) {
	env, root := testEnv(t, nil)
	c, err := Load(Overrides{}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.SourceTimezone.String() != "UTC" || c.MaxWidth != 100 || c.Style != "auto" || c.Theme != "auto" || c.Archive != "" || c.Zones != nil {
		t.Errorf("defaults: %+v", c)
	}
	if c.File != filepath.Join(root, "config", "newsreader", "config.yml") {
		t.Errorf("config file %q", c.File)
	}
}

func TestBadConfig(t *testing.T) {
	tests := []struct {
		name, file string
		want       []string
	}{
		{"syntax", "archive: /a\n  bad: [\n", []string{"config.yml", "line 2", "mapping values are not allowed"}},
		{"unclosed list", "keys:\n  quit: [q\n", []string{"line 2"}},
		{"unknown setting", "archive: /a\nthme: dark\n", []string{"line 2", `unknown setting "thme"`, "theme"}},
		{"wrong type", "max_width: wide\n", []string{"line 1", "cannot unmarshal `wide` into int"}},
		{"narrow", "max_width: 5\n", []string{"max_width", "too narrow"}},
		{"zone", "timezone: Mars/Olympus\n", []string{"timezone", `unknown time zone "Mars/Olympus"`}},
		{"theme", "theme: pink\n", []string{"theme", `"pink" is not one of auto, dark, light`}},
		{"zone offset", "archive: /a\nzones:\n  CST: \"+08:00\"\n  JST: \"+25:00\"\n", []string{"config.yml", "line 4: zones: JST", `"+25:00" is not an offset`}},
		{"zone number", "zones:\n  CST: 8\n", []string{"line 2: zones: CST", `"8" is neither an offset such as +08:00 nor a zone name`}},
		{"zone name", "zones:\n\n  IST: Mars/Olympus\n", []string{"line 3: zones: IST", `"Mars/Olympus" is neither an offset`}},
		{"zone Local", "zones: {CST: Local}\n", []string{"line 1: zones: CST", "machine's zone"}},
		{"zone abbreviation", "zones:\n  C-T: \"+08:00\"\n", []string{"line 2: zones", `"C-T" is not a zone abbreviation`}},
		{"zone UTC", "zones:\n  utc: \"+08:00\"\n", []string{"line 2: zones", "UTC always means UTC"}},
		{"zone twice", "zones:\n  cst: \"+08:00\"\n  CST: \"+08:00\"\n", []string{"line 2: zones", "CST is given twice"}},
		{"zone empty", "zones:\n  CST:\n", []string{"line 2: zones: CST", "no zone given"}},
		{"zone list", "zones:\n  CST: [a]\n", []string{"line 2", "cannot unmarshal"}},
		{"zones not a map", "zones: CST\n", []string{"line 1", "cannot unmarshal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, root := testEnv(t, nil)
			writeConfig(t, root, tt.file)
			_, err := Load(Overrides{}, env)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

func TestMouse(t *testing.T) {
	on, off := true, false
	tests := []struct {
		name   string
		file   string
		flag   *bool
		want   bool
		origin string
	}{
		{"default: off", "", nil, false, FromDefault},
		{"file", "mouse: true\n", nil, true, FromFile},
		{"flag beats file", "mouse: true\n", &off, false, FromFlag},
		{"flag", "", &on, true, FromFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, root := testEnv(t, nil)
			if tt.file != "" {
				writeConfig(t, root, tt.file)
			}
			c, err := Load(Overrides{Mouse: tt.flag}, env)
			if err != nil {
				t.Fatal(err)
			}
			if c.Mouse != tt.want || !strings.HasPrefix(c.Origin("mouse"), tt.origin) {
				t.Errorf("mouse %v from %q, want %v from %q", c.Mouse, c.Origin("mouse"), tt.want, tt.origin)
			}
		})
	}
	env, root := testEnv(t, nil)
	writeConfig(t, root, "mouse: sometimes\n")
	if _, err := Load(Overrides{}, env); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("mouse: sometimes: error %v", err)
	}
}

func TestNoColor(t *testing.T) {
	tests := []struct {
		vars          map[string]string
		noColor, dumb bool
	}{
		{nil, false, false},
		{map[string]string{"TERM": "xterm-256color"}, false, false},
		{map[string]string{"NO_COLOR": "1"}, true, false}, // bold still allowed
		{map[string]string{"TERM": "dumb"}, true, true},
	}
	for _, tt := range tests {
		getenv := func(k string) string { return tt.vars[k] }
		if got := NoColor(Env{Getenv: getenv}); got != tt.noColor {
			t.Errorf("%v: NoColor %v", tt.vars, got)
		}
		if got := DumbTerminal(getenv); got != tt.dumb {
			t.Errorf("%v: DumbTerminal %v", tt.vars, got)
		}
	}
}

func TestWatch(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		noWatch bool
		want    WatchMode
		origin  string
	}{
		{"default: on", "", false, WatchOn, FromDefault},
		{"file: off", "watch: false\n", false, WatchOff, FromFile},
		{"file: YAML's no", "watch: no\n", false, WatchOff, FromFile},
		{"file: on", "watch: true\n", false, WatchOn, FromFile},
		{"file: poll", "watch: poll\n", false, WatchPoll, FromFile},
		{"file: Poll, quoted", "watch: \"Poll\"\n", false, WatchPoll, FromFile},
		{"flag beats file", "watch: poll\n", true, WatchOff, FromFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, root := testEnv(t, nil)
			if tt.file != "" {
				writeConfig(t, root, "archive: /news\n"+tt.file)
			}
			c, err := Load(Overrides{NoWatch: tt.noWatch}, env)
			if err != nil {
				t.Fatal(err)
			}
			if c.Watch != tt.want || !strings.HasPrefix(c.Origin("watch"), tt.origin) {
				t.Errorf("watch %v from %q, want %v from %q", c.Watch, c.Origin("watch"), tt.want, tt.origin)
			}
			if tt.file == "" {
				return
			}
			i := slices.IndexFunc(c.Settings(), func(s Setting) bool { return s.Name == "watch" })
			if s := c.Settings()[i]; s.Value != tt.want.String() {
				t.Errorf("shown as %q, want %q", s.Value, tt.want)
			}
		})
	}
	for bad, msg := range map[string]string{
		"watch: sometimes\n": `watch: "sometimes" is not one of true, false, poll`,
		"watch: [poll]\n":    "line 1: cannot unmarshal",
	} {
		env, root := testEnv(t, nil)
		writeConfig(t, root, bad)
		if _, err := Load(Overrides{}, env); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: error %v, want %q", bad, err, msg)
		}
	}
	// The demo, which is not on disk, is never watched, and the setting
	// shown says so.
	env, _ := testEnv(t, nil)
	c, err := Load(Overrides{}, env)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(c.Settings(), func(s Setting) bool { return s.Name == "watch" })
	if s := c.Settings()[i]; !strings.Contains(s.Value, "demo is never watched") {
		t.Errorf("the demo's watch setting is shown as %q", s.Value)
	}
}
