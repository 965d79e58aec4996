package imaging

import "bytes"

type format int

const (
	formatUnknown format = iota
	formatPNG
	formatJPEG
	formatGIF
	formatWebP
)

func (f format) String() string {
	switch f {
	case formatPNG:
		return "png"
	case formatJPEG:
		return "jpeg"
	case formatGIF:
		return "gif"
	case formatWebP:
		return "webp"
	}
	return "unknown"
}

// sniff names the format by the leading signature only. File names and declared content types
// are chosen by the sender and prove nothing; a signature anywhere but at offset 0 (an HTML page
// with a picture inside, say) does not count either.
func sniff(b []byte) format {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return formatJPEG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return formatGIF
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return formatWebP
	}
	return formatUnknown
}

// Markup that a browser or server might execute if a file were ever served under the wrong type.
// Re-encoding drops it anyway; refusing the upload as well tells the editor plainly that the file
// is not a clean picture and keeps such files out of logs and temporary storage.
//
// Compressed pixel data is close to random, so a pattern of n bytes with k letters turns up by
// chance with probability 2^k/256^n per position. The long patterns are searched everywhere: at
// six bytes or more a 5 MiB photo hits one less than once in a million uploads. The short ones
// would hit about once in ten thousand photos, so they are searched only in the head, where
// content sniffers look and where an image/markup polyglot has to put them.
var (
	markupAnywhere = [][]byte{
		[]byte("<script"),
		[]byte("<iframe"),
		[]byte("<object"),
		[]byte("<embed"),
		[]byte("<!doctype"),
		[]byte("javascript:"),
		[]byte("onload="),
		[]byte("onerror="),
	}
	markupInHead = [][]byte{
		[]byte("<svg"),
		[]byte("<html"),
		[]byte("<body"),
		[]byte("<?php"),
		[]byte("<?xml"),
		[]byte("<head"),
		[]byte("<meta"),
	}
)

// headLen is how much of a file content sniffers inspect (the WHATWG algorithm reads 1445 bytes).
const headLen = 1445

// hasMarkup reports whether b contains markup patterns, ignoring ASCII case.
func hasMarkup(b []byte) bool {
	head := b[:min(len(b), headLen)]
	return containsAnyFold(b, markupAnywhere) || containsAnyFold(head, markupInHead)
}

// containsAnyFold reports whether b contains one of the lower-case ASCII patterns, ignoring
// case. Candidates are found by scanning for each distinct first byte (in both cases) with
// IndexByte, which is vectorised, instead of comparing every pattern at every offset.
func containsAnyFold(b []byte, patterns [][]byte) bool {
	var firsts []byte
	for _, p := range patterns {
		if bytes.IndexByte(firsts, p[0]) < 0 {
			firsts = append(firsts, p[0])
		}
	}
	for _, c := range firsts {
		upper := c
		if 'a' <= c && c <= 'z' {
			upper = c - ('a' - 'A')
		}
		for _, first := range []byte{c, upper} {
			for i := 0; ; i++ {
				j := bytes.IndexByte(b[i:], first)
				if j < 0 {
					break
				}
				i += j
				for _, p := range patterns {
					if p[0] == c && len(b)-i >= len(p) && asciiEqualFold(b[i:i+len(p)], p) {
						return true
					}
				}
			}
			if upper == c {
				break
			}
		}
	}
	return false
}

// asciiEqualFold compares a to a lower-case ASCII pattern. bytes.EqualFold would also fold
// Unicode, which binary data has no business being decoded as.
func asciiEqualFold(a, lower []byte) bool {
	for i, c := range a {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
