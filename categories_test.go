package main

import (
	"strings"
	"testing"
)

func TestCategories(t *testing.T) {
	env, dir := newArchive(t)
	_, out, _ := runCmd(t, env, "categories", "-q", "--archive", dir)
	want := `All (4)
├─ 游戏 (1)
├─ 编程 (1)
│  └─ 开源中国 (1)
│     └─ 资讯 (1)
└─ 金融 (2)
   └─ 新浪财经 (2)
      ├─ 新浪财经－国內 (1)
      └─ 新浪财经－國際 (1)
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	_, out, _ = runCmd(t, env, "categories", "--json", "-q", "--archive", dir)
	first := strings.SplitN(out, "\n", 2)[0]
	if first != `{"path":["游戏"],"name":"游戏","count":1}` {
		t.Errorf("first JSON line %s", first)
	}
}
