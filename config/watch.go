package config

import (
	"fmt"
	"strings"
)

// WatchMode is how newsreader learns that the archive changed: the watch
// setting of the config file, `watch: true|false|poll`.
type WatchMode int

const (
	// WatchOn follows the archive with the system's change
	// notifications, and polls where they fail: the default.
	WatchOn WatchMode = iota
	// WatchOff does not follow the archive: what it holds is read at the
	// start, and again on demand.
	WatchOff
	// WatchPoll follows the archive by polling from the start, for file
	// systems whose notifications say nothing and are not detected as
	// such (a network or FUSE mount that looks local).
	WatchPoll
)

// String is the setting as the config file writes it.
func (m WatchMode) String() string {
	switch m {
	case WatchOff:
		return "false"
	case WatchPoll:
		return "poll"
	}
	return "true"
}

// UnmarshalYAML implements yaml.Unmarshaler: a boolean (true, false, and
// YAML's yes, no, on, off), or poll.
func (m *WatchMode) UnmarshalYAML(unmarshal func(any) error) error {
	var on bool
	if err := unmarshal(&on); err == nil {
		*m = WatchOff
		if on {
			*m = WatchOn
		}
		return nil
	}
	var s string
	if err := unmarshal(&s); err != nil {
		return err
	}
	if strings.EqualFold(s, "poll") {
		*m = WatchPoll
		return nil
	}
	return fmt.Errorf("watch: %q is not one of true, false, poll", s)
}
