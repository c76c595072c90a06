package main

import (
	"bytes"
	"testing"

	"newsreader/config"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		columns string
		want    int
	}{
		{"70", 70},
		{"", 120},
		{"wide", 120},
		{"0", 120},
		{"-5", 120},
	}
	for _, tt := range tests {
		a := &app{env: config.Env{Getenv: func(k string) string {
			if k == "COLUMNS" {
				return tt.columns
			}
			return ""
		}}}
		if got := a.width(&bytes.Buffer{}, 120); got != tt.want {
			t.Errorf("COLUMNS=%q: width %d, want %d", tt.columns, got, tt.want)
		}
	}
}
