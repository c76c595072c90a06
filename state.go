package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"newsreader/display"
	"newsreader/store"
)

func (a *app) stateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "state",
		Short: "Back up, restore or move read marks, stars and reading positions",
		Long: `Export the archive's state (read marks, stars and reading positions) as JSON
Lines, or import such a file, to back it up or to move it to another machine,
as newsboat's -E and -I do. The index, a cache of the archive, is not part of
it: it is built again from the archive.

Each line is one article: {"id", "path", "title", "date", "read", "starred",
"position", "updated"}; "updated" is when its marks last changed. An import
merges: for an article marked in both, the marks changed last win whole; when
they changed at the same time, or the line says not when (written by hand),
read or starred in either stays so, and a kept position wins over none. A
line whose ID is of no file of the archive goes to the file with its title
and date, if there is one (the archive was reorganised), and is otherwise kept
for a file that may come back. An import is one transaction: a line that
cannot be read imports nothing, and the error names the line.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("state needs export or import")}
			}
			return usageError{fmt.Errorf("state has no command %q: use export or import", args[0])}
		},
		RunE: func(*cobra.Command, []string) error { return nil }, // Args rejects every call
	}
	cmd.AddCommand(a.stateExportCmd(), a.stateImportCmd())
	return cmd
}

func (a *app) stateExportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export [FILE]",
		Short: "Write the read marks, stars and positions as JSON Lines",
		Long: `Write the archive's read marks, stars and reading positions as JSON Lines, one
article a line, to FILE (replaced whole, only once all of it is written), or
to standard output when FILE is missing or -.`,
		Example: `  newsreader state export > marks.jsonl
  newsreader state export ~/backup/newsreader-marks.jsonl`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("state export takes at most one file, got %d arguments", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openSession()
			if err != nil {
				return err
			}
			defer s.close()
			if s.st == nil {
				return fmt.Errorf("nothing was exported: the store cannot be opened: %w", s.storeErr)
			}
			if len(args) == 0 || args[0] == "-" {
				return s.st.Export(a.stdout)
			}
			var b bytes.Buffer
			if err := s.st.Export(&b); err != nil {
				return err
			}
			file := a.localPath(args[0])
			if err := writeFileAtomic(file, b.Bytes()); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			_, err = fmt.Fprintf(a.stdout, "exported the marks of %s to %s\n", display.Plural(bytes.Count(b.Bytes(), []byte("\n")), "article"), display.Printable(args[0]))
			return err
		},
	}
}

// writeFileAtomic writes data to file through a temporary file beside it,
// so that a failure leaves the old file whole. The file is the user's
// alone: the state says what they read.
func writeFileAtomic(file string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

func (a *app) stateImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Merge read marks, stars and positions from JSON Lines",
		Long: `Merge the read marks, stars and reading positions of FILE, as 'newsreader state
export' writes them, into the archive's state; - reads standard input. See
'newsreader state --help' for how conflicts resolve. It says how many articles
it read, added, changed and left as they were.`,
		Example: `  newsreader state import marks.jsonl
  ssh old-machine newsreader state export | newsreader state import -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{errors.New("state import needs one file (- for standard input)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			var r io.Reader = a.stdin
			if name == "-" && a.isTerminal(a.stdin) {
				return usageError{errors.New("state import - reads an export from standard input, which is a terminal: pipe one in, or name the file")}
			}
			if name != "-" {
				f, err := os.Open(a.localPath(name))
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			} else {
				name = "standard input"
			}
			s, err := a.openSession()
			if err != nil {
				return err
			}
			defer s.close()
			st, err := s.writable("nothing was imported")
			if err != nil {
				return err
			}
			// The index up to date, for lines of files that moved to be
			// found by title and date.
			if _, err := s.index(cmd.Context(), false); err != nil {
				return err
			}
			sum, err := st.Import(r)
			if err != nil {
				return fmt.Errorf("%s: %w", display.Printable(name), err)
			}
			if _, err := s.writable("nothing was imported"); err != nil {
				return err
			}
			_, err = fmt.Fprintln(a.stdout, importReport(sum))
			return err
		},
	}
}

// importReport says what an import did.
func importReport(sum store.ImportSummary) string {
	msg := fmt.Sprintf("imported the marks of %s: %s added, %s changed, %s as they were",
		display.Plural(sum.Lines, "article"), display.Thousands(sum.Added), display.Thousands(sum.Updated), display.Thousands(sum.Unchanged))
	if sum.Moved > 0 {
		msg += fmt.Sprintf("; %s found at a new path by title and date", display.Thousands(sum.Moved))
	}
	return msg
}
