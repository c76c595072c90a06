// Package config resolves newsreader's settings from flags, the environment
// and the config file, and remembers where each one came from.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v2"
)

// Where a setting came from.
const (
	FromDefault = "default"
	FromFlag    = "flag"
	FromEnv     = "environment"
	FromFile    = "config file"
	FromHexo    = "Hexo site in the working directory"
	FromDemo    = "embedded demo (no archive configured)"
)

// EnvArchive names the environment variable that selects the archive.
const EnvArchive = "NEWSREADER_ARCHIVE"

// Config is the effective configuration.
type Config struct {
	// Archive is the folder of articles, an absolute path; empty means the
	// embedded demo.
	Archive string
	// Timezone is where dates are shown; Local unless the config says.
	Timezone *time.Location
	// SourceTimezone is where dates written without a zone are read.
	SourceTimezone *time.Location
	// Zones adds to or overrides the built-in table through which the
	// zone abbreviations of dates are read (feed.Options.Zones): each
	// abbreviation, in capitals, and its zone.
	Zones map[string]*time.Location
	// MaxWidth caps the width of rendered articles.
	MaxWidth int
	// Style is the glamour style: auto, dark, light, notty, ascii or the
	// path of a glamour JSON style.
	Style string
	// Theme is the UI's colour theme: auto, dark or light.
	Theme string
	// Keys rebinds UI actions to keys; the UI checks the names.
	Keys map[string][]string
	// Mouse lets the interface capture the mouse: wheel and clicks. Off
	// by default, as in less and newsboat: a reader is where people
	// select text to copy, which a captured mouse takes shift-dragging
	// for, and most terminals turn the wheel into ↑ and ↓ for a
	// full-screen program that does not capture it.
	Mouse bool
	// Watch is whether the interface follows the archive as it changes,
	// and how (package watch): on by default; never for the embedded
	// demo, which does not change.
	Watch WatchMode

	// File is the config file's path, whether it exists or not.
	File string
	// Rules is the path of the user's rules file for the renderer.
	Rules string
	// StateDir holds logs and other state.
	StateDir string

	origins map[string]string
}

// Setting is one effective setting, for display.
type Setting struct {
	Name, Value, Origin string
}

// Settings lists the effective settings and where each came from.
func (c *Config) Settings() []Setting {
	archive := c.Archive
	if archive == "" {
		archive = "(embedded demo)"
	}
	keys := make([]string, 0, len(c.Keys))
	for action, k := range c.Keys {
		keys = append(keys, action+"="+strings.Join(k, ","))
	}
	slices.Sort(keys)
	return []Setting{
		{"archive", archive, c.origins["archive"]},
		{"timezone", c.Timezone.String(), c.origins["timezone"]},
		{"source_timezone", c.SourceTimezone.String(), c.origins["source_timezone"]},
		{"zones", c.zonesText(), c.origins["zones"]},
		{"max_width", fmt.Sprint(c.MaxWidth), c.origins["max_width"]},
		{"style", c.Style, c.origins["style"]},
		{"theme", c.Theme, c.origins["theme"]},
		{"keys", strings.Join(keys, " "), c.origins["keys"]},
		{"mouse", strconv.FormatBool(c.Mouse), c.origins["mouse"]},
		{"watch", c.watchText(), c.origins["watch"]},
	}
}

// watchText is the watch setting for display: the demo is never watched.
func (c *Config) watchText() string {
	if c.Archive == "" && c.Watch != WatchOff {
		return c.Watch.String() + ", but the embedded demo is never watched"
	}
	return c.Watch.String()
}

// Origin says where the named setting came from.
func (c *Config) Origin(name string) string { return c.origins[name] }

// Overrides are settings given on the command line; empty fields are unset.
type Overrides struct {
	Archive string
	Style   string
	Theme   string
	Mouse   *bool // nil: unset
	// NoWatch turns watching the archive off (--no-watch).
	NoWatch bool
}

// Env is the process environment and working directory, passed in so that
// tests can give their own.
type Env struct {
	Getenv func(string) string
	Dir    string // working directory
}

// NoColor reports whether output must carry no colour: $NO_COLOR is set
// (https://no-color.org), or the terminal is dumb (DumbTerminal).
func NoColor(env Env) bool {
	return env.Getenv("NO_COLOR") != "" || DumbTerminal(env.Getenv)
}

// DumbTerminal reports whether $TERM (from getenv) is "dumb": a terminal
// that shows escape codes as text (Emacs' shell, some editors' consoles),
// which gets no colour and no bold. NO_COLOR, which only asks for no
// colour, still allows bold.
func DumbTerminal(getenv func(string) string) bool {
	return getenv("TERM") == "dumb"
}

// OS returns the real environment.
func OS() Env {
	dir, err := os.Getwd()
	if err != nil {
		// os.Getwd gives up when it cannot stat ".", a folder without
		// search permission; the system call still knows where it is.
		dir, _ = syscall.Getwd()
	}
	return Env{Getenv: os.Getenv, Dir: dir}
}

// file is the config file's format.
type file struct {
	Archive        string              `yaml:"archive"`
	Timezone       string              `yaml:"timezone"`
	SourceTimezone string              `yaml:"source_timezone"`
	MaxWidth       int                 `yaml:"max_width"`
	Style          string              `yaml:"style"`
	Theme          string              `yaml:"theme"`
	Keys           map[string]keyNames `yaml:"keys"`
	Zones          map[string]string   `yaml:"zones"`
	Mouse          *bool               `yaml:"mouse"`
	Watch          *WatchMode          `yaml:"watch"`

	src []byte // the file's text, to find the line of a wrong setting
}

// keyNames reads one key or a list of them.
type keyNames []string

// UnmarshalYAML implements yaml.Unmarshaler.
func (k *keyNames) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*k = keyNames{one}
		return nil
	}
	var many []string
	if err := unmarshal(&many); err != nil {
		return err
	}
	*k = many
	return nil
}

// Load resolves the configuration. The archive is the first of: the flag,
// $NEWSREADER_ARCHIVE, the config file's archive, ./source/_posts when the
// working directory is a Hexo site, and otherwise none (the demo).
func Load(o Overrides, env Env) (*Config, error) {
	c := &Config{
		Timezone:       time.Local,
		SourceTimezone: time.UTC,
		MaxWidth:       100,
		Style:          "auto",
		Theme:          "auto",
		origins:        map[string]string{},
	}
	for _, name := range settingNames {
		c.origins[name] = FromDefault
	}
	c.File = filepath.Join(configHome(env), "newsreader", "config.yml")
	c.Rules = filepath.Join(filepath.Dir(c.File), "rules.yml")
	c.StateDir = filepath.Join(stateHome(env), "newsreader")
	if v := env.Getenv("TZ"); v != "" {
		c.origins["timezone"] = FromEnv + " (TZ)"
	}

	f, err := readFile(c.File)
	if err != nil {
		return nil, err
	}
	if err := c.apply(f, env); err != nil {
		return nil, fmt.Errorf("config %s: %w", c.File, err)
	}

	set := func(name string, v *string, val, origin string) {
		if val != "" {
			*v, c.origins[name] = val, origin
		}
	}
	set("archive", &c.Archive, env.Getenv(EnvArchive), FromEnv+" ("+EnvArchive+")")
	set("archive", &c.Archive, o.Archive, FromFlag+" (--archive)")
	set("style", &c.Style, o.Style, FromFlag+" (--style)")
	set("theme", &c.Theme, o.Theme, FromFlag+" (--theme)")
	if o.Mouse != nil {
		c.Mouse, c.origins["mouse"] = *o.Mouse, FromFlag+" (--mouse)"
	}
	if o.NoWatch {
		c.Watch, c.origins["watch"] = WatchOff, FromFlag+" (--no-watch)"
	}
	if c.Archive == "" {
		if hexo := filepath.Join(env.Dir, "source", "_posts"); isHexoSite(env.Dir) {
			c.Archive, c.origins["archive"] = hexo, FromHexo
		} else {
			c.origins["archive"] = FromDemo
		}
	}
	c.Archive = expandHome(c.Archive, env)
	if c.Archive != "" && !filepath.IsAbs(c.Archive) {
		// Whole, so that every message about it names it whole.
		c.Archive = filepath.Join(env.Dir, c.Archive)
	}
	if err := checkChoice("theme", c.Theme, "auto", "dark", "light"); err != nil {
		return nil, err
	}
	return c, nil
}

// readFile reads the config file; a missing file is an empty one.
func readFile(path string) (*file, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &file{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	f := file{src: data}
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		return nil, fmt.Errorf("config %s: %s", path, yamlMessage(err))
	}
	return &f, nil
}

// yamlMessage turns a YAML error into one readable line that keeps its
// line numbers.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if m := unknownField.FindStringSubmatch(l); m != nil {
			l = m[1] + "unknown setting " + strconv.Quote(m[2]) + " (settings: " + strings.Join(settingNames, ", ") + ")"
		}
		lines[i] = strings.Replace(l, "!!str ", "", 1)
	}
	return strings.Join(lines, "; ")
}

var unknownField = regexp.MustCompile(`^(line \d+: )field (\S+) not found in type`)

// settingNames are the keys of the config file.
var settingNames = []string{"archive", "timezone", "source_timezone", "zones", "max_width", "style", "theme", "keys", "mouse", "watch"}

// apply takes the settings the file sets.
func (c *Config) apply(f *file, env Env) error {
	if f.Archive != "" {
		c.Archive, c.origins["archive"] = f.Archive, FromFile
		if a := expandHome(f.Archive, env); !filepath.IsAbs(a) {
			// Relative to the file, as Hexo's _config.yml paths are to the site.
			c.Archive = filepath.Join(filepath.Dir(c.File), a)
		}
	}
	if f.Timezone != "" {
		loc, err := loadZone(f.Timezone)
		if err != nil {
			return fmt.Errorf("timezone: %w", err)
		}
		c.Timezone, c.origins["timezone"] = loc, FromFile
	}
	if f.SourceTimezone != "" {
		loc, err := loadZone(f.SourceTimezone)
		if err != nil {
			return fmt.Errorf("source_timezone: %w", err)
		}
		c.SourceTimezone, c.origins["source_timezone"] = loc, FromFile
	}
	if len(f.Zones) > 0 {
		zones, err := readZones(f.Zones, f.src)
		if err != nil {
			return err
		}
		c.Zones, c.origins["zones"] = zones, FromFile
	}
	if f.MaxWidth != 0 {
		if f.MaxWidth < 20 {
			return fmt.Errorf("max_width: %d is too narrow (at least 20)", f.MaxWidth)
		}
		c.MaxWidth, c.origins["max_width"] = f.MaxWidth, FromFile
	}
	if f.Style != "" {
		c.Style, c.origins["style"] = f.Style, FromFile
	}
	if f.Theme != "" {
		c.Theme, c.origins["theme"] = f.Theme, FromFile
	}
	if len(f.Keys) > 0 {
		c.Keys = map[string][]string{}
		for action, keys := range f.Keys {
			c.Keys[action] = keys
		}
		c.origins["keys"] = FromFile
	}
	if f.Mouse != nil {
		c.Mouse, c.origins["mouse"] = *f.Mouse, FromFile
	}
	if f.Watch != nil {
		c.Watch, c.origins["watch"] = *f.Watch, FromFile
	}
	return nil
}

// loadZone reads a zone name such as Asia/Shanghai.
func loadZone(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (use a name such as Asia/Shanghai, UTC or Local)", name)
	}
	return loc, nil
}

func checkChoice(name, v string, choices ...string) error {
	if slices.Contains(choices, v) {
		return nil
	}
	return fmt.Errorf("%s: %q is not one of %s", name, v, strings.Join(choices, ", "))
}

// isHexoSite reports whether dir is a Hexo site: its _config.yml and
// source/_posts folder.
func isHexoSite(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "_config.yml")); err != nil {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, "source", "_posts"))
	return err == nil && fi.IsDir()
}

func configHome(env Env) string {
	if d := env.Getenv("XDG_CONFIG_HOME"); d != "" {
		return d
	}
	return filepath.Join(home(env), ".config")
}

func stateHome(env Env) string {
	if d := env.Getenv("XDG_STATE_HOME"); d != "" {
		return d
	}
	return filepath.Join(home(env), ".local", "state")
}

func home(env Env) string {
	if h := env.Getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

func expandHome(p string, env Env) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		return filepath.Join(home(env), p[1:])
	}
	return p
}

// Exists reports whether a file exists at path.
func Exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
