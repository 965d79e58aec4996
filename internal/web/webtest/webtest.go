// Package webtest holds checks that tests of every capability run on their rendered pages.
package webtest

import (
	"regexp"
	"strings"
)

var (
	controlPattern = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	attrPattern    = regexp.MustCompile(`\b(id|type|aria-label|aria-labelledby)="([^"]*)"`)
	labelPattern   = regexp.MustCompile(`<label[^>]*\bfor="([^"]+)"`)
	idPattern      = regexp.MustCompile(`\bid="([^"]+)"`)
	describedBy    = regexp.MustCompile(`aria-describedby="([^"]+)"`)
)

// Reporter is the part of testing.TB the checks use.
type Reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// CheckAccessible fails the test when a page has a form control without a label, an
// aria-describedby pointing at nothing, a duplicate id, an image without alt, or no main landmark
// or language.
func CheckAccessible(t Reporter, name, html string) {
	t.Helper()
	labels := map[string]bool{}
	for _, m := range labelPattern.FindAllStringSubmatch(html, -1) {
		labels[m[1]] = true
	}
	ids := map[string]int{}
	for _, m := range idPattern.FindAllStringSubmatch(html, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("%s: id %q used %d times", name, id, n)
		}
	}
	for _, tag := range controlPattern.FindAllString(html, -1) {
		attrs := map[string]string{}
		for _, a := range attrPattern.FindAllStringSubmatch(tag, -1) {
			attrs[a[1]] = a[2]
		}
		switch attrs["type"] {
		case "hidden", "submit", "button":
			continue
		}
		if attrs["aria-label"] == "" && attrs["aria-labelledby"] == "" && !labels[attrs["id"]] {
			t.Errorf("%s: control without a label: %s", name, tag)
		}
		if m := describedBy.FindStringSubmatch(tag); m != nil {
			for _, ref := range strings.Fields(m[1]) {
				if ids[ref] == 0 {
					t.Errorf("%s: aria-describedby points at missing id %q: %s", name, ref, tag)
				}
			}
		}
	}
	for _, img := range regexp.MustCompile(`<img\b[^>]*>`).FindAllString(html, -1) {
		if !strings.Contains(img, ` alt="`) {
			t.Errorf("%s: image without alt: %s", name, img)
		}
	}
	if !strings.Contains(html, `<main id="main"`) || !regexp.MustCompile(`<html lang="[a-zA-Z-]+">`).MatchString(html) {
		t.Errorf("%s: no main landmark or no page language", name)
	}
}
