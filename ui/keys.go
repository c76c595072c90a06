package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// keyMap holds every binding of the interface. Each field is an action
// that the config file's keys: map can rebind by the name in actions.
type keyMap struct {
	Up, Down, Top, Bottom, PageDown, PageUp    key.Binding
	SwitchPane, Left, Right, Open, Back, Close key.Binding
	Quit, Suspend, Filter, Sort                key.Binding
	NextCategory, PrevCategory                 key.Binding
	NextArticle, PrevArticle, Pipe, Edit       key.Binding
	CopyPath, Rescan, Help, Warnings           key.Binding
	ToggleRead, ToggleStar, NextUnread         key.Binding
	HideRead, StarredOnly, MarkAllRead         key.Binding
	Search, PrevMatch, OpenLink                key.Binding
}

// action is one rebindable action: its name in the config file and where
// its binding lives.
type action struct {
	name    string
	binding func(*keyMap) *key.Binding
}

// actions lists the rebindable actions in the order the README documents
// them.
var actions = []action{
	{"up", func(k *keyMap) *key.Binding { return &k.Up }},
	{"down", func(k *keyMap) *key.Binding { return &k.Down }},
	{"top", func(k *keyMap) *key.Binding { return &k.Top }},
	{"bottom", func(k *keyMap) *key.Binding { return &k.Bottom }},
	{"page_down", func(k *keyMap) *key.Binding { return &k.PageDown }},
	{"page_up", func(k *keyMap) *key.Binding { return &k.PageUp }},
	{"switch_pane", func(k *keyMap) *key.Binding { return &k.SwitchPane }},
	{"left", func(k *keyMap) *key.Binding { return &k.Left }},
	{"right", func(k *keyMap) *key.Binding { return &k.Right }},
	{"open", func(k *keyMap) *key.Binding { return &k.Open }},
	{"back", func(k *keyMap) *key.Binding { return &k.Back }},
	{"close", func(k *keyMap) *key.Binding { return &k.Close }},
	{"quit", func(k *keyMap) *key.Binding { return &k.Quit }},
	{"suspend", func(k *keyMap) *key.Binding { return &k.Suspend }},
	{"filter", func(k *keyMap) *key.Binding { return &k.Filter }},
	{"sort", func(k *keyMap) *key.Binding { return &k.Sort }},
	{"next_category", func(k *keyMap) *key.Binding { return &k.NextCategory }},
	{"prev_category", func(k *keyMap) *key.Binding { return &k.PrevCategory }},
	{"next_article", func(k *keyMap) *key.Binding { return &k.NextArticle }},
	{"prev_article", func(k *keyMap) *key.Binding { return &k.PrevArticle }},
	{"pipe", func(k *keyMap) *key.Binding { return &k.Pipe }},
	{"edit", func(k *keyMap) *key.Binding { return &k.Edit }},
	{"copy_path", func(k *keyMap) *key.Binding { return &k.CopyPath }},
	{"rescan", func(k *keyMap) *key.Binding { return &k.Rescan }},
	{"help", func(k *keyMap) *key.Binding { return &k.Help }},
	{"warnings", func(k *keyMap) *key.Binding { return &k.Warnings }},
	{"toggle_read", func(k *keyMap) *key.Binding { return &k.ToggleRead }},
	{"toggle_star", func(k *keyMap) *key.Binding { return &k.ToggleStar }},
	{"next_unread", func(k *keyMap) *key.Binding { return &k.NextUnread }},
	{"hide_read", func(k *keyMap) *key.Binding { return &k.HideRead }},
	{"starred_only", func(k *keyMap) *key.Binding { return &k.StarredOnly }},
	{"mark_all_read", func(k *keyMap) *key.Binding { return &k.MarkAllRead }},
	{"search", func(k *keyMap) *key.Binding { return &k.Search }},
	{"prev_match", func(k *keyMap) *key.Binding { return &k.PrevMatch }},
	{"open_link", func(k *keyMap) *key.Binding { return &k.OpenLink }},
}

// ActionNames lists the names the config file's keys: map accepts.
func ActionNames() []string {
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = a.name
	}
	return names
}

// quitKey always quits, whatever the bindings say: a user who rebinds
// everything must still be able to leave.
const quitKey = "ctrl+c"

// arrows stay bound to their actions whatever keys the config file gives
// those actions, as the README promises. An arrow the file gives to
// another action (which takes rebinding the arrow's own action too, else
// the key is bound twice) is that action's.
var arrows = []struct{ action, key string }{{"up", "up"}, {"down", "down"}, {"left", "left"}, {"right", "right"}}

// No default binding takes the digits: they are the count typed before
// o (see links.go) while no action is given them.

// defaultKeys returns the bindings before the config file's changes. The
// help text of a binding is its generic description; screens that give a
// key a more specific meaning relabel it (see keyMap.as).
func defaultKeys() keyMap {
	b := func(desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(keys), desc))
	}
	return keyMap{
		Up:           b("up", "k", "up"),
		Down:         b("down", "j", "down"),
		Top:          b("first", "g", "home"),
		Bottom:       b("last", "G", "end"),
		PageDown:     b("page down", "ctrl+d", "pgdown", "space"),
		PageUp:       b("page up", "ctrl+u", "pgup", "b"),
		SwitchPane:   b("switch pane", "tab"),
		Left:         b("collapse · leave", "h", "left"),
		Right:        b("expand · enter", "l", "right"),
		Open:         b("open", "enter"),
		Back:         b("back one level", "esc"),
		Close:        b("back one level · quit at the top", "q"),
		Quit:         b("quit", "Q", quitKey),
		Suspend:      b("suspend (fg resumes)", "ctrl+z"),
		Filter:       b("filter titles", "/"),
		Sort:         b("next sort order", "O"),
		NextCategory: b("next category", "]"),
		PrevCategory: b("previous category", "["),
		NextArticle:  b("next article", "n"),
		PrevArticle:  b("previous article", "p"),
		Pipe:         b("pipe Markdown to a command", "|"),
		Edit:         b("edit the file in $EDITOR", "e"),
		CopyPath:     b("copy path (OSC 52)", "y"),
		Rescan:       b("rescan the archive", "r"),
		Help:         b("toggle help", "?"),
		Warnings:     b("scan warnings", "!"),
		// newsboat's N toggles read and A marks a feed read; m (mutt's
		// and vim's "mark") is free here, N is search's previous match.
		ToggleRead:  b("mark read / unread", "m"),
		ToggleStar:  b("star / unstar", "s"),
		NextUnread:  b("next unread article", "u"),
		HideRead:    b("hide / show read articles", "M"),
		StarredOnly: b("only starred / all articles", "*"),
		MarkAllRead: b("mark the category read (asks)", "A"),
		// less's keys for a search in the text: / types it, n and N go
		// to the next and previous match (n is next_article's while no
		// search is active in the article).
		Search:    b("search the archive", "ctrl+f", "S"),
		PrevMatch: b("previous match", "N"),
		// newsboat's and w3m's key for an article's links.
		OpenLink: b("list the article's links", "o"),
	}
}

// newKeyMap applies the config file's keys: map to the defaults. Each
// listed action gets exactly the keys given. It fails, naming the culprit,
// on an unknown action, a key that no terminal sends, or a key bound to
// two actions.
func newKeyMap(rebind map[string][]string) (keyMap, error) {
	km := defaultKeys()
	names := make([]string, 0, len(rebind))
	for name := range rebind {
		names = append(names, name)
	}
	slices.Sort(names) // report the same error on every run
	for _, name := range names {
		i := slices.IndexFunc(actions, func(a action) bool { return a.name == name })
		if i < 0 {
			return km, fmt.Errorf("keys: unknown action %q; the actions are %s", name, strings.Join(ActionNames(), ", "))
		}
		if len(rebind[name]) == 0 {
			return km, fmt.Errorf("keys: %s: no keys given", name)
		}
		keys := make([]string, len(rebind[name]))
		for j, k := range rebind[name] {
			norm, err := parseKey(k)
			if err != nil {
				return km, fmt.Errorf("keys: %s: %w", name, err)
			}
			keys[j] = norm
		}
		actions[i].binding(&km).SetKeys(keys...)
	}
	keepArrows(&km)
	owner := map[string]string{quitKey: "quit"}
	for _, a := range actions {
		for _, k := range a.binding(&km).Keys() {
			if prev, ok := owner[k]; ok && prev != a.name {
				return km, fmt.Errorf("keys: %q is bound to both %s and %s", k, prev, a.name)
			}
			owner[k] = a.name
		}
	}
	for _, a := range actions {
		b := a.binding(&km)
		b.SetHelp(keyLabel(b.Keys()), b.Help().Desc)
	}
	return km, nil
}

// keepArrows gives each arrow back to its action after the config file's
// changes, and ctrl+c to quit.
func keepArrows(km *keyMap) {
	for _, ar := range arrows {
		if km.bound(ar.key) {
			continue // still its own, or the user gave it to another action
		}
		i := slices.IndexFunc(actions, func(a action) bool { return a.name == ar.action })
		b := actions[i].binding(km)
		b.SetKeys(append(b.Keys(), ar.key)...)
	}
	if q := &km.Quit; !slices.Contains(q.Keys(), quitKey) {
		q.SetKeys(append(q.Keys(), quitKey)...)
	}
}

// bound reports whether some action is bound to key name, as a key
// press's String() spells it.
func (k *keyMap) bound(name string) bool {
	for _, a := range actions {
		if slices.Contains(a.binding(k).Keys(), name) {
			return true
		}
	}
	return false
}

// namedKeys are the key names a key press can report, as its String()
// spells them.
var namedKeys = []string{
	"enter", "tab", "backspace", "esc", "space", "up", "down", "left", "right",
	"home", "end", "pgup", "pgdown", "insert", "delete",
	"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12",
}

// modifiers are the prefixes a key press can report, in the order
// String() writes them.
var modifiers = []string{"ctrl", "alt", "shift", "meta", "hyper", "super"}

// parseKey checks a key typed in the config file and returns it as a key
// press's String() spells it, so that matching is a string comparison.
func parseKey(s string) (string, error) {
	bad := func(why string) error {
		return fmt.Errorf("%q is not a key: %s (write keys such as \"j\", \"G\", \"ctrl+d\", \"pgdown\", \"f5\")", s, why)
	}
	if s == "" {
		return "", bad("it is empty")
	}
	if s == "+" || utf8.RuneCountInString(s) == 1 {
		// A single character: its own name, whatever it is.
		r, _ := utf8.DecodeRuneInString(s)
		if !unicode.IsGraphic(r) || unicode.IsSpace(r) {
			return "", bad("not a printable character; name it instead, as \"space\" or \"tab\"")
		}
		return s, nil
	}
	parts := strings.Split(strings.ToLower(s), "+")
	base := parts[len(parts)-1]
	mods := parts[:len(parts)-1]
	seen := map[string]bool{}
	for _, m := range mods {
		if !slices.Contains(modifiers, m) {
			return "", bad(fmt.Sprintf("unknown modifier %q (use %s)", m, strings.Join(modifiers, ", ")))
		}
		if seen[m] {
			return "", bad(fmt.Sprintf("%s given twice", m))
		}
		seen[m] = true
	}
	if base == "escape" {
		base = "esc"
	}
	switch {
	case slices.Contains(namedKeys, base):
	case utf8.RuneCountInString(base) == 1 && unicode.IsGraphic([]rune(base)[0]) && base != " ":
		if len(mods) == 1 && mods[0] == "shift" {
			return "", bad(fmt.Sprintf("a shifted character is sent as itself; write %q", strings.ToUpper(base)))
		}
		if len(mods) == 0 {
			return "", bad("unknown key name")
		}
	default:
		return "", bad(fmt.Sprintf("unknown key name %q (names are %s)", base, strings.Join(namedKeys, ", ")))
	}
	// Write the modifiers in the order key presses report them.
	var out []string
	for _, m := range modifiers {
		if seen[m] {
			out = append(out, m)
		}
	}
	return strings.Join(append(out, base), "+"), nil
}

// keySymbols are shorter spellings of key names for help text.
var keySymbols = map[string]string{
	"up": "↑", "down": "↓", "left": "←", "right": "→",
	"pgdown": "pgdn", "enter": "enter", "esc": "esc",
}

// keyLabel is the help text for a list of keys, as "j/↓"; with the
// slash among them they are spaced apart instead, since "//ctrl+f" reads
// as a separator too many.
func keyLabel(keys []string) string {
	labels := make([]string, len(keys))
	for i, k := range keys {
		if s, ok := keySymbols[k]; ok {
			k = s
		}
		labels[i] = k
	}
	sep := "/"
	if slices.Contains(keys, "/") {
		sep = " "
	}
	return strings.Join(labels, sep)
}

// as returns a copy of binding b described as desc, for a screen where the
// key does something more specific than its generic description says.
func as(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// move is how many rows a movement key moves by, with page rows to a
// page; top and bottom move as far as any bound, which the caller
// applies. ok is false for a key that does not move.
func (k *keyMap) move(msg tea.KeyPressMsg, page int) (delta int, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.Top):
		return math.MinInt / 2, true
	case key.Matches(msg, k.Bottom):
		return math.MaxInt / 2, true
	case key.Matches(msg, k.PageDown):
		return page, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	}
	return 0, false
}

// either is one help entry for bindings that act alike on a screen.
func either(desc string, bs ...key.Binding) key.Binding {
	var keys []string
	for _, b := range bs {
		keys = append(keys, b.Keys()...)
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keyLabel(keys), desc))
}

// hint is a short help entry for bindings that act alike on a screen, for
// the status line: the first key of each.
func hint(desc string, bs ...key.Binding) key.Binding {
	b := either(desc, bs...)
	firsts := make([]string, len(bs))
	for i, x := range bs {
		firsts[i] = x.Keys()[0]
	}
	b.SetHelp(keyLabel(firsts), desc)
	return b
}

// firstKey is the help text of a binding's first key, for hints.
func firstKey(b key.Binding) string { return keyLabel(b.Keys()[:1]) }
