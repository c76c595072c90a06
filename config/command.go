package config

import (
	"errors"
	"strings"
)

// SplitCommand splits a command line such as $PAGER into arguments as a
// shell would, without expanding anything: blanks separate arguments,
// single quotes keep their text as it is, double quotes keep it but for
// backslash escapes of \ " $ and `, and a backslash outside quotes keeps
// the next character. The result is for exec, never for a shell.
func SplitCommand(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case r == '\\':
			inArg = true
			if i+1 < len(rs) {
				i++
				cur.WriteRune(rs[i])
			}
		case r == '\'':
			inArg = true
			end := i + 1
			for end < len(rs) && rs[end] != '\'' {
				end++
			}
			if end == len(rs) {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(string(rs[i+1 : end]))
			i = end
		case r == '"':
			inArg = true
			i++
			for ; i < len(rs) && rs[i] != '"'; i++ {
				if rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\\\"$`", rs[i+1]) {
					i++
				}
				cur.WriteRune(rs[i])
			}
			if i == len(rs) {
				return nil, errors.New("unterminated double quote")
			}
		default:
			inArg = true
			cur.WriteRune(r)
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// Pager is the command that pages text: $PAGER split into arguments, or
// less keeping colours when $PAGER is unset or blank.
func Pager(env Env) ([]string, error) {
	args, err := SplitCommand(env.Getenv("PAGER"))
	if err != nil {
		return nil, err
	}
	if len(args) == 0 {
		return []string{"less", "-R"}, nil
	}
	return args, nil
}

// PagerEnv is what a pager's environment adds to newsreader's, as
// "NAME=value" entries to append to os.Environ() for exec.Cmd.Env:
// LESS=FRX when $LESS is unset or empty, so that less shows colours (R)
// instead of raw escape codes, quits when the text fits on one screen (F)
// and leaves it on the terminal (X); and LV=-c when $LV is unset or empty,
// for lv's colours. git sets the same for its pager, whichever it is.
func PagerEnv(env Env) []string {
	var add []string
	for _, v := range [][2]string{{"LESS", "FRX"}, {"LV", "-c"}} {
		if env.Getenv(v[0]) == "" {
			add = append(add, v[0]+"="+v[1])
		}
	}
	return add
}
