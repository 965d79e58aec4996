package imaging

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"testing"
)

// TestNormalizeSweep runs many random sizes, formats, orientations and limits through Normalize
// and checks the invariants on each. It takes a few minutes on a busy two-core machine, so it runs only when CLUSTERBRIDGE_LONG=1.
func TestNormalizeSweep(t *testing.T) {
	if os.Getenv("CLUSTERBRIDGE_LONG") != "1" {
		t.Skip("long sweep; set CLUSTERBRIDGE_LONG=1 to run it")
	}
	rnd := rand.New(rand.NewPCG(7, 11))
	for i := range 300 {
		w, h := 1+rnd.IntN(2500), 1+rnd.IntN(2500)
		if rnd.IntN(4) == 0 {
			w = 1 + rnd.IntN(8) // slivers exercise the one-pixel floor
		}
		maxSide := []int{1, 16, 100, 512, 1000, 4096}[rnd.IntN(6)]
		kind := []string{"png", "png-alpha", "jpeg", "gif", "gif-alpha"}[rnd.IntN(5)]
		orientation := 1
		if kind == "jpeg" {
			orientation = 1 + rnd.IntN(8)
		}
		t.Run(fmt.Sprintf("%d/%s/%dx%d/max%d/o%d", i, kind, w, h, maxSide, orientation), func(t *testing.T) {
			tl := red
			if kind == "png-alpha" || kind == "gif-alpha" {
				tl = transparent
			}
			m := quadrants(w, h, tl, green, blue, white)
			var in []byte
			switch kind {
			case "png", "png-alpha":
				in = encodePNG(t, m)
			case "gif", "gif-alpha":
				in = encodeGIF(t, m)
			case "jpeg":
				in = withJPEGSegment(encodeJPEG(t, m), 0xe1, exifBlock(binary.BigEndian, uint16(orientation), "sweep"))
			}
			img, err := Normalize(bytes.NewReader(in), Options{MaxSide: maxSide})
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			wantW, wantH := fit(w, h, maxSide)
			if orientation >= 5 {
				wantW, wantH = wantH, wantW
			}
			if img.Width != wantW || img.Height != wantH {
				t.Fatalf("got %d×%d, want %d×%d", img.Width, img.Height, wantW, wantH)
			}
			out := decodeResult(t, img)
			// Transparency is kept whenever a clear quarter survives scaling as at least a
			// whole output pixel; below that, averaging may rightly make it opaque.
			wantPNG := tl == transparent && w/2*wantW/w >= 2 && h/2*wantH/h >= 2
			if wantPNG && img.ContentType != "image/png" {
				t.Errorf("ContentType = %s, want image/png for a picture with a clear quarter", img.ContentType)
			}
			if tl != transparent && img.ContentType != "image/jpeg" {
				t.Errorf("ContentType = %s, want image/jpeg for an opaque picture", img.ContentType)
			}
			// Upright, the quarter at top right must be green for orientation 1; the check
			// samples only when quarters are big enough to have a clean middle.
			if orientation == 1 && wantW >= 16 && wantH >= 16 {
				if got := out.At(wantW*3/4, wantH/4); !near(got, green) {
					t.Errorf("top-right quarter = %v, want about green", got)
				}
				if got := out.At(wantW/4, wantH*3/4); !near(got, blue) {
					t.Errorf("bottom-left quarter = %v, want about blue", got)
				}
			}
			if b := out.Bounds(); b != image.Rect(0, 0, wantW, wantH) {
				t.Errorf("pixels cover %v", b)
			}
		})
	}
}
