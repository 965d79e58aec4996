package imaging

import (
	"bytes"
	"testing"
)

// BenchmarkNormalizeJPEG is the common slow case: a 6-megapixel camera photo scaled to a
// 512-pixel logo.
func BenchmarkNormalizeJPEG(b *testing.B) {
	in := encodeJPEG(b, photo(3000, 2000))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Normalize(bytes.NewReader(in), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizePNGLogo is the usual upload: a transparent logo already near its final size.
func BenchmarkNormalizePNGLogo(b *testing.B) {
	in := encodePNG(b, quadrants(800, 400, transparent, red, green, blue))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Normalize(bytes.NewReader(in), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefuseBomb shows that a header claiming 10 gigapixels costs next to nothing.
func BenchmarkRefuseBomb(b *testing.B) {
	in := pngHeader(100000, 100000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Normalize(bytes.NewReader(in), Options{}); err == nil {
			b.Fatal("bomb accepted")
		}
	}
}
