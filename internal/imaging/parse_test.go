package imaging

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"strings"
	"testing"
)

func TestJPEGOrientation(t *testing.T) {
	base := encodeJPEG(t, solid(16, 16, red))
	withExif := func(bo byteOrder, o uint16) []byte {
		return withJPEGSegment(base, 0xe1, exifBlock(bo, o, "x"))
	}
	wrongType := exifBlock(binary.BigEndian, 6, "x")
	binary.BigEndian.PutUint16(wrongType[6+8+2+2:], 4) // LONG instead of SHORT
	badMagic := exifBlock(binary.BigEndian, 6, "x")
	badMagic[6+3] = 43
	farIFD := exifBlock(binary.LittleEndian, 6, "x")
	binary.LittleEndian.PutUint32(farIFD[6+4:], 1<<31)
	manyEntries := exifBlock(binary.LittleEndian, 6, "x")
	binary.LittleEndian.PutUint16(manyEntries[6+8:], 0xffff)
	binary.LittleEndian.PutUint16(manyEntries[6+8+2:], 0x0100) // first entry no longer orientation

	tests := []struct {
		name string
		in   []byte
		want int
	}{
		{"no exif", base, 1},
		{"big-endian 6", withExif(binary.BigEndian, 6), 6},
		{"little-endian 8", withExif(binary.LittleEndian, 8), 8},
		{"little-endian 3", withExif(binary.LittleEndian, 3), 3},
		{"value 0", withExif(binary.BigEndian, 0), 1},
		{"value 9", withExif(binary.BigEndian, 9), 1},
		{"after an APP0", withJPEGSegment(withExif(binary.BigEndian, 5), 0xe0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")), 5},
		{"fill bytes before the marker", append([]byte{0xff, 0xd8, 0xff, 0xff}, withExif(binary.BigEndian, 7)[2:]...), 7},
		{"wrong value type", withJPEGSegment(base, 0xe1, wrongType), 1},
		{"not TIFF", withJPEGSegment(base, 0xe1, badMagic), 1},
		{"IFD past the end", withJPEGSegment(base, 0xe1, farIFD), 1},
		{"entry count past the end", withJPEGSegment(base, 0xe1, manyEntries), 1},
		{"XMP rather than EXIF", withJPEGSegment(base, 0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00")), 1},
		{"segment length past the end", []byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 'E', 'x'}, 1},
		{"segment length below two", []byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x01, 0, 0}, 1},
		{"not a jpeg", []byte("GIF89a"), 1},
		{"empty", nil, 1},
	}
	for _, tt := range tests {
		if got := jpegOrientation(tt.in); got != tt.want {
			t.Errorf("%s: jpegOrientation = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestHasMarkup(t *testing.T) {
	pad := func(n int) string { return strings.Repeat("\x00", n) }
	tests := []struct {
		in   string
		want bool
	}{
		{"<script>", true},
		{"<SCRIPT src=x>", true},
		{"\x89PNG" + pad(100000) + "<sCrIpT", true},
		{pad(100000) + "JavaScript:void(0)", true},
		{pad(100000) + "<img onerror=x>", true},
		{"GIF89a<svg/onload=alert(1)>", true},
		{"<?xml version='1.0'?>", true},
		{"<?php system($_GET['c']); ?>", true},
		{"<!doctype html>", true},
		{"no markup at all", false},
		{"<scrip", false},
		{"a < b and c > d", false},
		{"<", false},
		{"", false},
		// Short tags deep inside the data are left alone: pixel data produces them by chance.
		{pad(headLen) + "<svg", false},
		{pad(headLen-4) + "<svg", true},
		{pad(headLen) + "<html", false},
	}
	for _, tt := range tests {
		if got := hasMarkup([]byte(tt.in)); got != tt.want {
			t.Errorf("hasMarkup(%.40q…) = %v, want %v", strings.TrimLeft(tt.in, "\x00"), got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		in   string
		want format
	}{
		{"\x89PNG\r\n\x1a\n", formatPNG},
		{"\x89PNG\r\n", formatUnknown},
		{"\xff\xd8\xff\xe0", formatJPEG},
		{"\xff\xd8", formatUnknown},
		{"GIF87a", formatGIF},
		{"GIF89a", formatGIF},
		{"GIF90a", formatUnknown},
		{"RIFF\x00\x00\x00\x00WEBP", formatWebP},
		{"RIFF\x00\x00\x00\x00WAVE", formatUnknown},
		{"<svg>", formatUnknown},
		{"", formatUnknown},
	}
	for _, tt := range tests {
		if got := sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("sniff(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestWebPFirstFrame(t *testing.T) {
	anim := readTestdata(t, "anim.webp")
	still, at, canvas, ok, err := webpFirstFrame(anim)
	if err != nil || !ok {
		t.Fatalf("webpFirstFrame(anim.webp): ok %v, err %v; want the first frame", ok, err)
	}
	if want := image.Rect(8, 8, 24, 24); at != want {
		t.Errorf("frame at %v, want %v", at, want)
	}
	if want := image.Pt(32, 32); canvas != want {
		t.Errorf("canvas %v, want %v", canvas, want)
	}
	if !bytes.HasPrefix(still, []byte("RIFF")) || sniff(still) != formatWebP {
		t.Errorf("cut-out frame is not a WebP file: % x", still[:min(16, len(still))])
	}
	for _, name := range []string{"opaque.webp", "alpha.webp", "lossless.webp"} {
		if _, _, _, ok, err := webpFirstFrame(readTestdata(t, name)); ok || err != nil {
			t.Errorf("%s: ok %v, err %v; want a still image left to the decoder", name, ok, err)
		}
	}
	// Cut the animation just after its header chunks: the flag says animated, no frame follows.
	i := bytes.Index(anim, []byte("ANMF"))
	if _, _, _, ok, err := webpFirstFrame(anim[:i]); !ok || err == nil {
		t.Errorf("animation without frames: ok %v, err %v; want an error", ok, err)
	}
	// A frame placed outside the canvas.
	moved := bytes.Clone(anim)
	putLE24(moved[i+8:], 100)
	if _, _, _, ok, err := webpFirstFrame(moved); !ok || err == nil {
		t.Errorf("frame outside the canvas: ok %v, err %v; want an error", ok, err)
	}
}

func TestMebibytes(t *testing.T) {
	tests := []struct {
		n    int64
		want float64
	}{
		{5 << 20, 5},
		{5<<20 + 1, 5},
		{2621440, 2.5},
		{1 << 19, 0.5},
		{100, 0.000095},
		{1, 0.00000095},
	}
	for _, tt := range tests {
		if got := mebibytes(tt.n); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("mebibytes(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestBlockEdges(t *testing.T) {
	tests := []struct {
		n, k int
		want []int
	}{
		{9, 3, []int{0, 3, 6, 9}},
		{10, 3, []int{0, 3, 6, 10}},
		{11, 3, []int{0, 3, 7, 11}},
		{5, 3, []int{0, 5}}, // one block, under 2k
		{2, 3, []int{0, 2}}, // fewer pixels than k
		{1, 2048, []int{0, 1}},
	}
	for _, tt := range tests {
		got := blockEdges(tt.n, tt.k)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("blockEdges(%d, %d) = %v, want %v", tt.n, tt.k, got, tt.want)
		}
		for i := 1; i < len(got); i++ {
			if size := got[i] - got[i-1]; size < 1 || size >= 2*tt.k {
				t.Errorf("blockEdges(%d, %d): block %d has %d pixels", tt.n, tt.k, i-1, size)
			}
		}
	}
}

func TestPNGAndWebPOrientation(t *testing.T) {
	p := encodePNG(t, solid(4, 4, red))
	exif := exifBlock(binary.BigEndian, 8, "x")
	afterIDAT := bytes.Clone(p)
	// Put eXIf after the pixels, where the format says it no longer counts.
	iend := len(afterIDAT) - 12
	afterIDAT = append(append(afterIDAT[:iend:iend], pngChunk("eXIf", exif[6:])...), p[iend:]...)
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"png without eXIf", pngOrientation(p), 1},
		{"png eXIf", pngOrientation(withPNGChunk(p, "eXIf", exif[6:])), 8},
		{"png eXIf after IDAT", pngOrientation(afterIDAT), 1},
		{"png eXIf cut short", pngOrientation(withPNGChunk(p, "eXIf", exif[6:])[:40]), 1},
		{"webp EXIF with header", webpOrientation(readTestdata(t, "exif.webp")), 6},
		{"webp without EXIF", webpOrientation(readTestdata(t, "opaque.webp")), 1},
		{"webp too short", webpOrientation([]byte("RIFF")), 1},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: orientation = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}
