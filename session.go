package main

import (
	"fmt"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
)

// openStore opens the store of an archive; a variable, so that tests can
// make it fail.
var openStore = store.Open

// session is what one command reads and changes: the configuration, the
// archive and the archive's store. The store is nil when it could not be
// opened at all: the commands that read then scan the archive, without
// marks, and those that change marks fail.
type session struct {
	a    *app
	cfg  *config.Config
	arch *feed.Archive
	st   *store.Store
	// storeErr is why st is nil.
	storeErr error

	// quiet leaves out the store's warning (--quiet), until the command
	// reads or changes marks, which the warning is about. Notices are
	// always told: each is told once, and may say where the user's state
	// went.
	quiet bool
	// hold keeps what would be told on stderr in held instead, for shell
	// completion, whose stderr the shell throws away.
	hold   bool
	held   []string
	warned bool
}

// openSession loads the configuration, opens the archive and its store.
// A store that cannot be opened is one warning, not a failure.
func (a *app) openSession() (*session, error) {
	return a.openSessionTo(false)
}

// openSessionTo is openSession, holding messages back with hold.
func (a *app) openSessionTo(hold bool) (*session, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, err
	}
	return a.sessionOf(cfg, hold)
}

// sessionOf opens cfg's archive and its store: for a command that reads
// the configuration first, to check its arguments before the store is
// opened (and its folder made).
func (a *app) sessionOf(cfg *config.Config, hold bool) (*session, error) {
	arch, err := a.openArchive(cfg)
	if err != nil {
		return nil, err
	}
	s := &session{a: a, cfg: cfg, arch: arch, quiet: a.quiet || hold, hold: hold}
	s.st, s.storeErr = openStore(cfg.StateDir, arch)
	s.report()
	return s, nil
}

// report tells what the store has to say: its notices, and its one
// warning once.
func (s *session) report() {
	warning := ""
	if s.st == nil {
		warning = fmt.Sprintf("cannot open the store of %s (%v): reading the archive without it, and without read marks and stars", s.arch.Name(), s.storeErr)
	} else {
		for _, n := range s.st.Notices() {
			s.tell(n)
		}
		warning = s.st.Warning()
	}
	if warning != "" && !s.warned && !s.quiet {
		s.warned = true
		s.tell(warning)
	}
}

// tell prints one message of the store on stderr, or holds it.
func (s *session) tell(msg string) {
	msg = display.Printable(msg)
	if s.hold {
		s.held = append(s.held, msg)
		return
	}
	fmt.Fprintln(s.a.stderr, "newsreader:", msg)
}

// marks reads the marks of the archive's articles; without a store there
// are none (nil, which markOf reads as no mark). The store's warning is
// told then also under --quiet: the answer depends on it.
func (s *session) marks() (*store.Marks, error) {
	s.quiet = s.hold
	if s.st == nil {
		s.report()
		return nil, nil
	}
	ms, err := s.st.Marks()
	s.report()
	if err != nil {
		return nil, err
	}
	return ms, nil
}

// markOf is the mark of an article in ms, which may be nil. Without any
// mark it does not look: Of computes the IDs of an article's other
// copies, a twentieth of a warm list --json.
func markOf(ms *store.Marks, a *feed.Article) store.Mark {
	if ms == nil || ms.Len() == 0 {
		return store.Mark{}
	}
	return ms.Of(a)
}

// writable returns the store for a command that changes the state, or
// why there is none that would keep the change: such a command fails
// rather than say it did what the next run will not see. what says what
// would not be done.
func (s *session) writable(what string) (*store.Store, error) {
	switch {
	case s.st == nil:
		return nil, fmt.Errorf("%s: the store cannot be opened: %w", what, s.storeErr)
	case !s.st.Saving():
		// The warning says why, also under --quiet.
		s.quiet = s.hold
		s.report()
		return nil, fmt.Errorf("%s: the state cannot be saved in %s", what, s.st.Paths().Dir)
	}
	return s.st, nil
}

// close tells what the store still has to say and closes it. Every
// change is committed when Set or Import returns: what closing may fail
// at (a checkpoint of the write-ahead log) SQLite does again at the next
// open.
func (s *session) close() {
	s.report()
	if s.st != nil {
		_ = s.st.Close()
	}
}
