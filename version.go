package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and the revision it was built from",
		Long: `Print newsreader's module version, the version control revision and time it
was built from (when the build recorded them), and the Go toolchain. The same
as newsreader --version.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := io.WriteString(a.stdout, buildVersion())
			return err
		},
	}
}

// buildVersion describes this binary's build.
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return versionText(bi)
}

// versionText describes a build from the information Go embeds in the
// binary; bi is nil when there is none.
func versionText(bi *debug.BuildInfo) string {
	if bi == nil {
		return "newsreader (unknown version)\nrevision: unknown (the binary holds no build information)\n"
	}
	var b strings.Builder
	version := bi.Main.Version
	if version == "" {
		version = "(unknown version)"
	}
	fmt.Fprintf(&b, "newsreader %s\n", version)
	set := map[string]string{}
	for _, s := range bi.Settings {
		set[s.Key] = s.Value
	}
	if rev := set["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision: %s", rev)
		if t := set["vcs.time"]; t != "" {
			fmt.Fprintf(&b, ", committed %s", t)
		}
		if set["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("revision: unknown (built without VCS information: with -buildvcs=false, or outside a git checkout)\n")
	}
	if bi.GoVersion != "" {
		fmt.Fprintf(&b, "built with %s", bi.GoVersion)
		if set["GOOS"] != "" && set["GOARCH"] != "" {
			fmt.Fprintf(&b, " for %s/%s", set["GOOS"], set["GOARCH"])
		}
		b.WriteString("\n")
	}
	return b.String()
}
