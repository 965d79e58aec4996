package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"runtime"
	"testing"
)

func FuzzNormalize(f *testing.F) {
	f.Add(encodePNG(f, quadrants(70, 30, transparent, red, green, blue)))
	f.Add(encodeJPEG(f, photo(90, 20)))
	f.Add(withJPEGSegment(encodeJPEG(f, photo(20, 90)), 0xe1, exifBlock(binary.LittleEndian, 6, "x")))
	f.Add(encodeGIF(f, quadrants(20, 20, transparent, red, green, blue)))
	f.Add(withPNGChunk(encodePNG(f, solid(30, 10, red)), "eXIf", exifBlock(binary.BigEndian, 5, "x")[6:]))
	for _, name := range []string{"opaque.webp", "alpha.webp", "lossless.webp", "anim.webp", "exif.webp"} {
		f.Add(readTestdata(f, name))
	}
	f.Add(pngHeader(100000, 100000))
	f.Add([]byte("<svg onload=alert(1)>"))

	// Small limits keep each run fast and let the fuzzer reach the refusal paths.
	opt := Options{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 64}
	keys := map[string]bool{KeyEmpty: true, KeyTooLarge: true, KeyUnsupported: true, KeyTooManyPixels: true, KeyCorrupt: true}
	f.Fuzz(func(t *testing.T, in []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		img, err := Normalize(bytes.NewReader(in), opt)
		runtime.ReadMemStats(&after)
		// A megapixel at 16-bit RGBA is 8 MB; a few copies of that is the most an accepted
		// file may cost. More means some size was trusted without being checked.
		if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
			t.Fatalf("Normalize allocated %d MB for a %d-byte input", got>>20, len(in))
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !keys[e.Key()] {
				t.Fatalf("error %v carries no known catalog key", err)
			}
			return
		}
		if img.Width < 1 || img.Height < 1 || img.Width > opt.MaxSide || img.Height > opt.MaxSide {
			t.Fatalf("result is %d×%d, want both sides in 1..%d", img.Width, img.Height, opt.MaxSide)
		}
		decodeResult(t, img)
	})
}

func FuzzJPEGOrientation(f *testing.F) {
	base := encodeJPEG(f, solid(8, 8, red))
	f.Add(base)
	f.Add(withJPEGSegment(base, 0xe1, exifBlock(binary.BigEndian, 6, "x")))
	f.Add(withJPEGSegment(base, 0xe1, exifBlock(binary.LittleEndian, 8, "x")))
	f.Fuzz(func(t *testing.T, in []byte) {
		if o := jpegOrientation(in); o < 1 || o > 8 {
			t.Fatalf("jpegOrientation = %d, want 1..8", o)
		}
	})
}

func FuzzWebPFirstFrame(f *testing.F) {
	for _, name := range []string{"opaque.webp", "alpha.webp", "anim.webp"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		still, at, canvas, ok, err := webpFirstFrame(in)
		if !ok || err != nil {
			return
		}
		if at.Empty() || !at.In(image.Rectangle{Max: canvas}) {
			t.Fatalf("frame %v not inside canvas %v", at, canvas)
		}
		if sniff(still) != formatWebP {
			t.Fatalf("cut-out frame does not start like a WebP file")
		}
	})
}
