package webtest

import (
	"fmt"
	"testing"
)

type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheckAccessibleFindsProblems(t *testing.T) {
	page := func(body string) string {
		return `<html lang="en"><body><main id="main">` + body + `</main></body></html>`
	}
	tests := []struct {
		name, html string
		problems   int
	}{
		{"labelled", page(`<label for="a">A</label><input id="a" name="a">`), 0},
		{"hidden needs none", page(`<input type="hidden" name="t"><button type="submit">x</button>`), 0},
		{"aria-label", page(`<input id="q" aria-label="Search">`), 0},
		{"unlabelled input", page(`<input id="b" name="b">`), 1},
		{"unlabelled select", page(`<select id="s"></select>`), 1},
		{"dangling describedby", page(`<label for="c">C</label><input id="c" aria-describedby="nope">`), 1},
		{"duplicate id", page(`<p id="x"></p><p id="x"></p>`), 1},
		{"image without alt", page(`<img src="a.png">`), 1},
		{"no main", `<html lang="en"><body></body></html>`, 1},
	}
	for _, tt := range tests {
		var r recorder
		CheckAccessible(&r, tt.name, tt.html)
		if len(r.errs) != tt.problems {
			t.Errorf("%s: %d problems %q, want %d", tt.name, len(r.errs), r.errs, tt.problems)
		}
	}
}
