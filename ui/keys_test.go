package ui

import (
	"slices"
	"strings"
	"testing"

	"newsreader/feed"
)

func TestKeyBindings(t *testing.T) {
	tests := []struct {
		keys map[string][]string
		err  string
	}{
		{nil, ""},
		{map[string][]string{"down": {"j", "ctrl+n", "down"}, "up": {"K", "ctrl+P"}}, ""},
		{map[string][]string{"next_article": {"alt+n"}, "pipe": {"f5"}}, ""},
		{map[string][]string{"jump": {"x"}}, `unknown action "jump"`},
		{map[string][]string{"down": {"ctrl+"}}, `"ctrl+" is not a key`},
		{map[string][]string{"down": {"jj"}}, `"jj" is not a key`},
		{map[string][]string{"down": {"hyperspace"}}, `unknown key name "hyperspace"`},
		{map[string][]string{"down": {"shift+j"}}, `write "J"`},
		{map[string][]string{"down": {"cmd+j"}}, `unknown modifier "cmd"`},
		{map[string][]string{"down": {" "}}, `name it instead`},
		{map[string][]string{"down": {}}, `no keys given`},
		{map[string][]string{"down": {"n"}}, `"n" is bound to both down and next_article`},
		{map[string][]string{"help": {"ctrl+c"}}, `"ctrl+c" is bound to both quit and help`},
		{map[string][]string{"quit": {"x"}}, ""},
		{map[string][]string{"next_article": {"right"}}, `"right" is bound to both right and next_article`},
		{map[string][]string{"next_article": {"right"}, "right": {"l"}}, ""},
	}
	for _, tt := range tests {
		km, err := newKeyMap(tt.keys)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%v: %v", tt.keys, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%v: error %v, want one with %q", tt.keys, err, tt.err)
		case tt.err == "" && tt.keys["up"] != nil:
			// The arrow stays.
			if got := km.Up.Keys(); !slices.Equal(got, []string{"K", "ctrl+p", "up"}) {
				t.Errorf("up bound to %q", got)
			}
			if got := km.Up.Help().Key; got != "K/ctrl+p/↑" {
				t.Errorf("up's help says %q", got)
			}
		}
	}
	// ctrl+c stays with quit; an arrow given to another action is that
	// action's alone.
	km, err := newKeyMap(map[string][]string{"quit": {"x"}, "next_article": {"right"}, "right": {"l"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := km.Quit.Keys(); !slices.Equal(got, []string{"x", "ctrl+c"}) {
		t.Errorf("quit bound to %q", got)
	}
	if got := km.Right.Keys(); !slices.Equal(got, []string{"l"}) {
		t.Errorf("right bound to %q", got)
	}
	// Every default action has a binding and help text; the names are
	// unique.
	km = defaultKeys()
	seen := map[string]bool{}
	for _, a := range actions {
		b := a.binding(&km)
		if len(b.Keys()) == 0 || b.Help().Desc == "" || seen[a.name] {
			t.Errorf("action %s: keys %q, help %q", a.name, b.Keys(), b.Help())
		}
		seen[a.name] = true
	}
}

func TestReboundKeysDrive(t *testing.T) {
	cfg := testConfig(t, writeArchive(t, fixtures))
	cfg.Keys = map[string][]string{"down": {"ctrl+n"}, "open": {"ctrl+o"}}
	m := newModelOf(t, cfg, 100, 30)
	press(t, m, "tab", "ctrl+n", "ctrl+o")
	contains(t, m, "央行决定下调", "2/6")
	// The help shows the new keys, and the arrow that stays.
	press(t, m, "?")
	contains(t, m, "ctrl+n/↓")
	// ↓ still works, as the README promises.
	press(t, m, "esc", "esc", "down", "ctrl+o")
	contains(t, m, "沪深两市成交额", "3/6")
}

func TestBadBindingStopsStartUp(t *testing.T) {
	cfg := testConfig(t, "")
	cfg.File = "/home/u/.config/newsreader/config.yml"
	cfg.Keys = map[string][]string{"dwon": {"j"}}
	_, err := New(Options{Config: cfg, Archive: feed.Demo(feed.Options{})})
	if err == nil || !strings.Contains(err.Error(), cfg.File) || !strings.Contains(err.Error(), `"dwon"`) {
		t.Errorf("error %v", err)
	}
}

// TestKeyLabel: keys are joined by a slash, unless one of them is the
// slash, which would read as a separator ("//ctrl+f").
func TestKeyLabel(t *testing.T) {
	for _, tt := range []struct {
		keys []string
		want string
	}{
		{[]string{"j", "down"}, "j/↓"},
		{[]string{"esc"}, "esc"},
		{[]string{"/"}, "/"},
		{[]string{"/", "ctrl+f", "S"}, "/ ctrl+f S"},
		{[]string{"ctrl+f", "/"}, "ctrl+f /"},
	} {
		if got := keyLabel(tt.keys); got != tt.want {
			t.Errorf("keyLabel(%q) = %q, want %q", tt.keys, got, tt.want)
		}
	}
	m := searchModel(t, 100, 30)
	typeQuery(t, m, "央行")
	press(t, m, "esc")
	lacks(t, m, "//")
	contains(t, m, "/ ctrl+f edit the query")
}
