package config

import (
	"slices"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{"", nil, false},
		{"  less  -R ", []string{"less", "-R"}, false},
		{`grep -e 'a b' "c \"d\" \$e" f\ g`, []string{"grep", "-e", "a b", `c "d" $e`, "f g"}, false},
		{`echo $(rm -rf /) ; ls | wc`, []string{"echo", "$(rm", "-rf", "/)", ";", "ls", "|", "wc"}, false},
		{`jq '.title'`, []string{"jq", ".title"}, false},
		{`''`, []string{""}, false},
		{`say "你好 世界"`, []string{"say", "你好 世界"}, false},
		{`sh -c 'echo $HOME; rm x'`, []string{"sh", "-c", "echo $HOME; rm x"}, false},
		{`a\ b "c\"d" 'e\f'`, []string{"a b", `c"d`, `e\f`}, false},
		{`x "" ''`, []string{"x", "", ""}, false},
		{`'open`, nil, true},
		{`"open`, nil, true},
	}
	for _, tt := range tests {
		got, err := SplitCommand(tt.in)
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("SplitCommand(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestPager(t *testing.T) {
	for pager, want := range map[string][]string{"": {"less", "-R"}, "  ": {"less", "-R"}, "most -s": {"most", "-s"}} {
		got, err := Pager(Env{Getenv: func(string) string { return pager }})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("PAGER=%q: %q, %v", pager, got, err)
		}
	}
}

func TestPagerEnv(t *testing.T) {
	tests := []struct {
		vars map[string]string
		want []string
	}{
		{nil, []string{"LESS=FRX", "LV=-c"}},
		{map[string]string{"LESS": "-S"}, []string{"LV=-c"}},
		{map[string]string{"LESS": "R", "LV": "-Ou8"}, nil},
	}
	for _, tt := range tests {
		got := PagerEnv(Env{Getenv: func(k string) string { return tt.vars[k] }})
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v: %q, want %q", tt.vars, got, tt.want)
		}
	}
}
