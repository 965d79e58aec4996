package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math"
	"runtime"
	"sync"
	"testing"
)

func TestNormalizeFormats(t *testing.T) {
	opaque := quadrants(48, 32, red, green, blue, white)
	halfClear := quadrants(40, 40, transparent, blue, transparent, blue)
	gray := image.NewGray(image.Rect(0, 0, 30, 20))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i)
	}
	deep := image.NewNRGBA64(image.Rect(0, 0, 40, 40))
	for y := range 40 {
		for x := range 40 {
			a := uint16(0xffff)
			if x < 20 {
				a = 0
			}
			deep.SetNRGBA64(x, y, color.NRGBA64{0, 0, 0xffff, a})
		}
	}
	tests := []struct {
		name     string
		in       []byte
		wantType string
		w, h     int
		samples  map[image.Point]color.NRGBA
	}{
		{"png opaque", encodePNG(t, opaque), "image/jpeg", 48, 32,
			map[image.Point]color.NRGBA{{6, 6}: red, {40, 6}: green, {6, 26}: blue, {40, 26}: white}},
		{"png transparent", encodePNG(t, halfClear), "image/png", 40, 40,
			map[image.Point]color.NRGBA{{5, 5}: transparent, {35, 35}: blue}},
		{"png gray", encodePNG(t, gray), "image/jpeg", 30, 20, nil},
		{"png 16-bit with alpha", encodePNG(t, deep), "image/png", 40, 40,
			map[image.Point]color.NRGBA{{5, 5}: transparent, {35, 35}: blue}},
		{"jpeg", encodeJPEG(t, opaque), "image/jpeg", 48, 32,
			map[image.Point]color.NRGBA{{6, 6}: red, {40, 6}: green, {6, 26}: blue, {40, 26}: white}},
		{"gif opaque", encodeGIF(t, opaque), "image/jpeg", 48, 32,
			map[image.Point]color.NRGBA{{6, 6}: red, {40, 26}: white}},
		{"gif transparent", encodeGIF(t, halfClear), "image/png", 40, 40,
			map[image.Point]color.NRGBA{{5, 5}: transparent, {35, 35}: blue}},
		{"webp lossy", readTestdata(t, "opaque.webp"), "image/jpeg", 48, 32,
			map[image.Point]color.NRGBA{{6, 6}: red, {40, 6}: green, {6, 26}: blue, {40, 26}: white}},
		{"webp lossy with alpha", readTestdata(t, "alpha.webp"), "image/png", 40, 40,
			map[image.Point]color.NRGBA{{5, 5}: transparent, {35, 35}: blue}},
		{"webp lossless", readTestdata(t, "lossless.webp"), "image/png", 40, 40,
			map[image.Point]color.NRGBA{{5, 5}: transparent, {35, 35}: blue}},
		// Its EXIF says orientation 6: shown a quarter turn clockwise.
		{"webp with exif orientation", readTestdata(t, "exif.webp"), "image/jpeg", 32, 48,
			map[image.Point]color.NRGBA{{6, 6}: blue, {26, 6}: red, {6, 40}: white, {26, 40}: green}},
		{"png with exif orientation", withPNGChunk(encodePNG(t, opaque), "eXIf", exifBlock(binary.LittleEndian, 6, "phone")[6:]), "image/jpeg", 32, 48,
			map[image.Point]color.NRGBA{{6, 6}: blue, {26, 6}: red, {6, 40}: white, {26, 40}: green}},
		// The first frame is a 16×16 red square, bottom quarter clear, at 8,8 of a 32×32
		// canvas; the second frame would paint everything green.
		{"webp animated", readTestdata(t, "anim.webp"), "image/png", 32, 32,
			map[image.Point]color.NRGBA{{2, 2}: transparent, {12, 12}: red, {23, 17}: red, {12, 22}: transparent, {30, 30}: transparent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Normalize(bytes.NewReader(tt.in), Options{})
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if img.ContentType != tt.wantType || img.Width != tt.w || img.Height != tt.h {
				t.Errorf("got %s %d×%d, want %s %d×%d", img.ContentType, img.Width, img.Height, tt.wantType, tt.w, tt.h)
			}
			m := decodeResult(t, img)
			for p, want := range tt.samples {
				if got := m.At(p.X, p.Y); !near(got, want) {
					t.Errorf("pixel %v = %v, want about %v", p, got, want)
				}
			}
		})
	}
}

func TestNormalizeGIFKeepsOnlyFirstFrame(t *testing.T) {
	var b bytes.Buffer
	pal := color.Palette{color.RGBA{}, color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}}
	first := image.NewPaletted(image.Rect(4, 4, 12, 12), pal) // offset frame on a 16×16 screen
	for i := range first.Pix {
		first.Pix[i] = 1
	}
	second := image.NewPaletted(image.Rect(0, 0, 16, 16), pal)
	for i := range second.Pix {
		second.Pix[i] = 2
	}
	g := &gif.GIF{
		Image:  []*image.Paletted{first, second},
		Delay:  []int{10, 10},
		Config: image.Config{ColorModel: pal, Width: 16, Height: 16},
	}
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatalf("gif.EncodeAll: %v", err)
	}
	img, err := Normalize(&b, Options{})
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	if img.Width != 16 || img.Height != 16 || img.ContentType != "image/png" {
		t.Fatalf("got %s %d×%d, want image/png 16×16 (frame on a clear canvas)", img.ContentType, img.Width, img.Height)
	}
	m := decodeResult(t, img)
	for p, want := range map[image.Point]color.NRGBA{{1, 1}: transparent, {8, 8}: red, {14, 14}: transparent} {
		if got := m.At(p.X, p.Y); !near(got, want) {
			t.Errorf("pixel %v = %v, want about %v", p, got, want)
		}
	}
}

func TestNormalizeResize(t *testing.T) {
	tests := []struct {
		w, h, maxSide int
		wantW, wantH  int
	}{
		{2000, 1000, 0, 512, 256},
		{1000, 2000, 0, 256, 512},
		{1024, 1024, 0, 512, 512},
		{512, 300, 0, 512, 300}, // already fits
		{300, 200, 0, 300, 200}, // never upscaled
		{1, 1, 0, 1, 1},         // never upscaled
		{3000, 4, 0, 512, 1},    // the short side rounds to 0.68: kept at one pixel
		{2, 4000, 0, 1, 512},    // likewise
		{1000, 999, 100, 100, 100},
		{1000, 994, 100, 100, 99},
		{640, 480, 64, 64, 48},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%dx%d/max%d", tt.w, tt.h, tt.maxSide)
		t.Run(name, func(t *testing.T) {
			in := encodePNG(t, quadrants(tt.w, tt.h, red, red, blue, blue))
			img, err := Normalize(bytes.NewReader(in), Options{MaxSide: tt.maxSide})
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if img.Width != tt.wantW || img.Height != tt.wantH {
				t.Errorf("got %d×%d, want %d×%d", img.Width, img.Height, tt.wantW, tt.wantH)
			}
			m := decodeResult(t, img)
			if tt.wantH >= 8 {
				if got := m.At(tt.wantW/2, tt.wantH/8); !near(got, red) {
					t.Errorf("top middle = %v, want about red", got)
				}
				if got := m.At(tt.wantW/2, tt.wantH-1-tt.wantH/8); !near(got, blue) {
					t.Errorf("bottom middle = %v, want about blue", got)
				}
			}
		})
	}
}

func TestNormalizeKeepsTransparencyWhenScaling(t *testing.T) {
	in := encodePNG(t, quadrants(2000, 1000, transparent, green, transparent, green))
	img, err := Normalize(bytes.NewReader(in), Options{})
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	if img.ContentType != "image/png" || img.Width != 512 || img.Height != 256 {
		t.Fatalf("got %s %d×%d, want image/png 512×256", img.ContentType, img.Width, img.Height)
	}
	m := decodeResult(t, img)
	for p, want := range map[image.Point]color.NRGBA{{10, 128}: transparent, {500, 128}: green, {100, 10}: transparent, {400, 250}: green} {
		if got := m.At(p.X, p.Y); !near(got, want) {
			t.Errorf("pixel %v = %v, want about %v", p, got, want)
		}
	}
}

func TestNormalizeOrientation(t *testing.T) {
	// Stored picture (64×32): red | green over blue | white. Each row is how it must look
	// once turned upright: top-left, top-right, bottom-left, bottom-right.
	tests := []struct {
		orientation    uint16
		w, h           int
		tl, tr, bl, br color.NRGBA
	}{
		{1, 64, 32, red, green, blue, white},
		{2, 64, 32, green, red, white, blue},
		{3, 64, 32, white, blue, green, red},
		{4, 64, 32, blue, white, red, green},
		{5, 32, 64, red, blue, green, white},
		{6, 32, 64, blue, red, white, green},
		{7, 32, 64, white, green, blue, red},
		{8, 32, 64, green, white, red, blue},
		{0, 64, 32, red, green, blue, white}, // out of range: left as stored
		{9, 64, 32, red, green, blue, white},
	}
	stored := encodeJPEG(t, quadrants(64, 32, red, green, blue, white))
	for _, bo := range []byteOrder{binary.BigEndian, binary.LittleEndian} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%v/%d", bo, tt.orientation), func(t *testing.T) {
				in := withJPEGSegment(stored, 0xe1, exifBlock(bo, tt.orientation, "camera"))
				img, err := Normalize(bytes.NewReader(in), Options{})
				if err != nil {
					t.Fatalf("Normalize: %v", err)
				}
				if img.Width != tt.w || img.Height != tt.h {
					t.Fatalf("got %d×%d, want %d×%d", img.Width, img.Height, tt.w, tt.h)
				}
				m := decodeResult(t, img)
				qx, qy := tt.w/4, tt.h/4
				for p, want := range map[image.Point]color.NRGBA{
					{qx, qy}: tt.tl, {3 * qx, qy}: tt.tr, {qx, 3 * qy}: tt.bl, {3 * qx, 3 * qy}: tt.br,
				} {
					if got := m.At(p.X, p.Y); !near(got, want) {
						t.Errorf("pixel %v = %v, want about %v", p, got, want)
					}
				}
			})
		}
	}
}

func TestNormalizeOrientationWithScaling(t *testing.T) {
	stored := encodeJPEG(t, quadrants(1200, 600, red, green, blue, white))
	in := withJPEGSegment(stored, 0xe1, exifBlock(binary.BigEndian, 6, "camera"))
	img, err := Normalize(bytes.NewReader(in), Options{})
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	if img.Width != 256 || img.Height != 512 {
		t.Fatalf("got %d×%d, want 256×512", img.Width, img.Height)
	}
	m := decodeResult(t, img)
	if got := m.At(64, 128); !near(got, blue) {
		t.Errorf("top left = %v, want about blue", got)
	}
	if got := m.At(192, 384); !near(got, green) {
		t.Errorf("bottom right = %v, want about green", got)
	}
}

// jpegMarkers lists the markers of the segments before the first scan.
func jpegMarkers(t *testing.T, b []byte) []byte {
	t.Helper()
	var ms []byte
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			t.Fatalf("no marker at offset %d", i)
		}
		m := b[i+1]
		ms = append(ms, m)
		if m == 0xda {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return ms
}

func pngChunkTypes(t *testing.T, b []byte) []string {
	t.Helper()
	var types []string
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		types = append(types, string(b[i+4:i+8]))
		i += 12 + n
	}
	return types
}

func TestNormalizeStripsMetadata(t *testing.T) {
	const secret = "GPS 42.1354N 24.7453E Hidden Owner"
	jpegIn := encodeJPEG(t, photo(64, 48))
	jpegIn = withJPEGSegment(jpegIn, 0xfe, []byte(secret))                               // COM
	jpegIn = withJPEGSegment(jpegIn, 0xe2, append([]byte("ICC_PROFILE\x00"), secret...)) // APP2
	jpegIn = withJPEGSegment(jpegIn, 0xe1, exifBlock(binary.BigEndian, 1, secret))       // APP1
	pngIn := encodePNG(t, quadrants(40, 40, transparent, blue, red, green))
	pngIn = withPNGChunk(pngIn, "tEXt", []byte("Author\x00"+secret))
	pngIn = withPNGChunk(pngIn, "iTXt", []byte("Comment\x00\x00\x00\x00\x00"+secret))
	pngIn = withPNGChunk(pngIn, "eXIf", exifBlock(binary.BigEndian, 1, secret)[6:])
	pngOpaque := withPNGChunk(encodePNG(t, solid(20, 20, red)), "tEXt", []byte("Author\x00"+secret))

	tests := []struct {
		name     string
		in       []byte
		wantType string
	}{
		{"jpeg", jpegIn, "image/jpeg"},
		{"png with alpha", pngIn, "image/png"},
		{"png opaque", pngOpaque, "image/jpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Normalize(bytes.NewReader(tt.in), Options{})
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if img.ContentType != tt.wantType {
				t.Fatalf("ContentType = %s, want %s", img.ContentType, tt.wantType)
			}
			decodeResult(t, img)
			if bytes.Contains(img.Data, []byte("Hidden Owner")) || bytes.Contains(img.Data, []byte("Exif")) {
				t.Errorf("result still carries the metadata text")
			}
			switch img.ContentType {
			case "image/jpeg":
				for _, m := range jpegMarkers(t, img.Data) {
					if m >= 0xe0 && m <= 0xef || m == 0xfe {
						t.Errorf("result has segment FF%02X; want no APPn or COM", m)
					}
				}
			case "image/png":
				for _, c := range pngChunkTypes(t, img.Data) {
					switch c {
					case "IHDR", "PLTE", "tRNS", "IDAT", "IEND":
					default:
						t.Errorf("result has chunk %q; want only pixel chunks", c)
					}
				}
			}
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	gifIn := encodeGIF(t, solid(8, 8, red))
	pngIn := encodePNG(t, quadrants(32, 32, red, green, blue, white))
	jpegIn := encodeJPEG(t, photo(64, 48))
	webpIn := readTestdata(t, "opaque.webp")
	jpegHuge := bytes.Clone(jpegIn)
	// Rewrite the frame header's height and width to 65000×65000.
	if i := bytes.Index(jpegHuge, []byte{0xff, 0xc0}); i < 0 {
		t.Fatal("no SOF0 in generated JPEG")
	} else {
		binary.BigEndian.PutUint16(jpegHuge[i+5:], 65000)
		binary.BigEndian.PutUint16(jpegHuge[i+7:], 65000)
	}
	gifHuge := bytes.Clone(gifIn)
	binary.LittleEndian.PutUint16(gifHuge[6:], 65535)
	binary.LittleEndian.PutUint16(gifHuge[8:], 65535)
	webpHuge := []byte("RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00\xff\x3f\x00\xff\x3f\x00")

	tests := []struct {
		name string
		in   []byte
		opt  Options
		key  string
		args []any
	}{
		{"empty", nil, Options{}, KeyEmpty, nil},
		{"one byte over the limit", make([]byte, 1<<20+1), Options{MaxBytes: 1 << 20}, KeyTooLarge, []any{"max", 1.0}},
		{"over a limit under one MiB", pngIn, Options{MaxBytes: 100}, KeyTooLarge, []any{"max", 0.000095}},
		{"over the default limit", make([]byte, 5<<20+1), Options{}, KeyTooLarge, []any{"max", 5.0}},
		{"html", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), Options{}, KeyUnsupported, nil},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>`), Options{}, KeyUnsupported, nil},
		{"svg with prolog", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), Options{}, KeyUnsupported, nil},
		{"plain text", []byte("just a logo, honestly"), Options{}, KeyUnsupported, nil},
		{"pdf", []byte("%PDF-1.7\n1 0 obj\n"), Options{}, KeyUnsupported, nil},
		{"bmp", append([]byte("BM"), make([]byte, 60)...), Options{}, KeyUnsupported, nil},
		{"png after a byte order mark", append([]byte("\xef\xbb\xbf"), pngIn...), Options{}, KeyUnsupported, nil},
		{"gif with script appended", append(bytes.Clone(gifIn), "<script>fetch('/admin')</script>"...), Options{}, KeyUnsupported, nil},
		{"gif-javascript polyglot", append([]byte("GIF89a/*"), "*/=1;javascript:alert(1)"...), Options{}, KeyUnsupported, nil},
		{"gif header then svg", append([]byte("GIF89a\x01\x00\x01\x00"), `<svg onload=alert(1)>`...), Options{}, KeyUnsupported, nil},
		{"png text chunk with markup", withPNGChunk(pngIn, "tEXt", []byte("c\x00<ScRiPt>alert(1)</script>")), Options{}, KeyUnsupported, nil},
		{"jpeg comment with html", withJPEGSegment(jpegIn, 0xfe, []byte("<HTML><img src=x onerror=alert(1)>")), Options{}, KeyUnsupported, nil},
		{"png header then garbage", append([]byte("\x89PNG\r\n\x1a\n"), "garbage, not chunks"...), Options{}, KeyCorrupt, nil},
		{"png zero width", pngHeader(0, 10), Options{}, KeyCorrupt, nil},
		{"png truncated", pngIn[:len(pngIn)/2], Options{}, KeyCorrupt, nil},
		{"png without IEND", pngIn[:len(pngIn)-12], Options{}, KeyCorrupt, nil},
		{"jpeg truncated", jpegIn[:len(jpegIn)/2], Options{}, KeyCorrupt, nil},
		{"jpeg only the header", jpegIn[:200], Options{}, KeyCorrupt, nil},
		{"gif truncated", gifIn[:len(gifIn)-6], Options{}, KeyCorrupt, nil},
		{"webp truncated", webpIn[:len(webpIn)-20], Options{}, KeyCorrupt, nil},
		{"png 100000×100000", pngHeader(100000, 100000), Options{}, KeyTooManyPixels,
			[]any{"width", 100000, "height", 100000, "max", 40.0}},
		{"png just over the pixel limit", pngHeader(1001, 1000), Options{MaxPixels: 1_000_000}, KeyTooManyPixels,
			[]any{"width", 1001, "height", 1000, "max", 1.0}},
		{"jpeg 65000×65000", jpegHuge, Options{}, KeyTooManyPixels, []any{"width", 65000, "height", 65000, "max", 40.0}},
		{"gif 65535×65535", gifHuge, Options{}, KeyTooManyPixels, []any{"width", 65535, "height", 65535, "max", 40.0}},
		{"webp 16384×16384", webpHuge, Options{}, KeyTooManyPixels, []any{"width", 16384, "height", 16384, "max", 40.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Normalize(bytes.NewReader(tt.in), tt.opt)
			if got := errKey(t, err); got != tt.key {
				t.Fatalf("key = %q (err %v), want %q", got, err, tt.key)
			}
			if img.Data != nil {
				t.Errorf("refused upload still returned %d bytes", len(img.Data))
			}
			var e *Error
			errors.As(err, &e)
			if tt.args != nil && !equalArgs(e.Args(), tt.args) {
				t.Errorf("Args = %v, want %v", e.Args(), tt.args)
			}
		})
	}
}

func equalArgs(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestNormalizeRefusesHugeHeaderWithoutAllocating(t *testing.T) {
	in := pngHeader(100000, 100000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Normalize(bytes.NewReader(in), Options{})
	runtime.ReadMemStats(&after)
	if got := errKey(t, err); got != KeyTooManyPixels {
		t.Fatalf("key = %q, want %q", got, KeyTooManyPixels)
	}
	// Decoding would need 40 GB; reading the header needs a few kilobytes. A megabyte leaves
	// room for whatever the runtime allocates meanwhile.
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("refusing the header allocated %d bytes, want under 1 MiB", got)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestNormalizeReadError(t *testing.T) {
	cause := errors.New("connection reset")
	_, err := Normalize(io.MultiReader(bytes.NewReader([]byte("\x89PNG")), failingReader{cause}), Options{})
	if !errors.Is(err, cause) {
		t.Fatalf("err = %v, want it to wrap the read error", err)
	}
	var e *Error
	if errors.As(err, &e) {
		t.Errorf("read error reported as the editor's fault, key %q", e.Key())
	}
}

func TestFit(t *testing.T) {
	tests := []struct{ w, h, max, wantW, wantH int }{
		{2000, 1000, 512, 512, 256},
		{1000, 2000, 512, 256, 512},
		{512, 512, 512, 512, 512},
		{511, 100, 512, 511, 100},
		{513, 513, 512, 512, 512},
		{1 << 30, 1, 512, 512, 1},
		{3, 2, 1, 1, 1},
		{1999, 1000, 512, 512, 256}, // 256.128 rounds down
		{1000, 1999, 512, 256, 512},
		{1998, 1001, 512, 512, 257}, // 256.51 rounds up
	}
	for _, tt := range tests {
		if gotW, gotH := fit(tt.w, tt.h, tt.max); gotW != tt.wantW || gotH != tt.wantH {
			t.Errorf("fit(%d, %d, %d) = %d, %d, want %d, %d", tt.w, tt.h, tt.max, gotW, gotH, tt.wantW, tt.wantH)
		}
	}
}

// stripes alternates a and b in one-pixel columns: the finest pattern there is, which a
// careless scaler turns into bands (moiré) instead of an even mix.
func stripes(w, h int, a, b color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := a
			if x%2 == 1 {
				c = b
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func TestNormalizeScalingMixesFinePatterns(t *testing.T) {
	black := color.NRGBA{0, 0, 0, 255}
	clearRed := color.NRGBA{255, 0, 0, 0} // invisible, but its colour is still stored
	tests := []struct {
		name string
		in   *image.NRGBA
		want color.NRGBA
		tol  int
	}{
		{"kernel only", stripes(2000, 1000, black, white), color.NRGBA{128, 128, 128, 255}, 16},
		{"box then kernel", stripes(4000, 500, black, white), color.NRGBA{128, 128, 128, 255}, 16},
		// Averaging must weigh colour by opacity, or invisible red bleeds in as purple.
		{"transparent colour does not bleed", stripes(4000, 500, clearRed, blue), color.NRGBA{0, 0, 255, 128}, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Normalize(bytes.NewReader(encodePNG(t, tt.in)), Options{})
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			m := decodeResult(t, img)
			b := m.Bounds()
			worst, at := 0, image.Point{}
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					g := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
					for i, v := range []int{int(g.R) - int(tt.want.R), int(g.G) - int(tt.want.G), int(g.B) - int(tt.want.B), int(g.A) - int(tt.want.A)} {
						if tt.want.A < 255 && i < 3 && g.A < 8 {
							continue // colour of a nearly invisible pixel is noise
						}
						if v < 0 {
							v = -v
						}
						if v > worst {
							worst, at = v, image.Pt(x, y)
						}
					}
				}
			}
			if worst > tt.tol {
				t.Errorf("pixel %v = %v is %d off %v, want within %d everywhere", at, m.At(at.X, at.Y), worst, tt.want, tt.tol)
			}
		})
	}
}

func TestNormalizeRefusesOversizedAnimationFrame(t *testing.T) {
	// The first frame says 16×16 but its lossy bitstream claims 16383×16383: decoding it as
	// claimed would take about 400 MB, past the pixel limit the canvas was checked against.
	in := readTestdata(t, "anim.webp")
	// Rename the frame's alpha chunk so that it is skipped: the frame is then plain VP8, the
	// form that needs no VP8X header of its own.
	a := bytes.Index(in, []byte("ALPH"))
	if a < 0 {
		t.Fatal("no ALPH chunk in anim.webp")
	}
	copy(in[a:], "XLPH")
	i := bytes.Index(in, []byte("\x9d\x01\x2a")) // VP8 key frame start code, then the size
	if i < 0 {
		t.Fatal("no VP8 key frame in anim.webp")
	}
	binary.LittleEndian.PutUint16(in[i+3:], 0x3fff)
	binary.LittleEndian.PutUint16(in[i+5:], 0x3fff)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Normalize(bytes.NewReader(in), Options{})
	runtime.ReadMemStats(&after)
	if got := errKey(t, err); got != KeyCorrupt {
		t.Fatalf("key = %q (err %v), want %q", got, err, KeyCorrupt)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("refusing the frame allocated %d bytes, want under 8 MiB", got)
	}
}

func TestNormalizeLimitExtremes(t *testing.T) {
	in := encodePNG(t, solid(600, 10, red))
	img, err := Normalize(bytes.NewReader(in), Options{MaxBytes: math.MaxInt64, MaxPixels: math.MaxInt, MaxSide: math.MaxInt})
	if err != nil {
		t.Fatalf("Normalize with the largest limits: %v", err)
	}
	if img.Width != 600 || img.Height != 10 {
		t.Errorf("got %d×%d, want 600×10 (no limit applies)", img.Width, img.Height)
	}
	img, err = Normalize(bytes.NewReader(in), Options{MaxBytes: -1, MaxPixels: -1, MaxSide: -1})
	if err != nil {
		t.Fatalf("Normalize with negative limits: %v", err)
	}
	if img.Width != DefaultMaxSide || img.Height != 9 {
		t.Errorf("got %d×%d, want %d×9 (defaults apply)", img.Width, img.Height, DefaultMaxSide)
	}
}

// Uploads arrive on many requests at once; run under -race this shows Normalize keeps no
// shared state.
func TestNormalizeConcurrent(t *testing.T) {
	inputs := [][]byte{
		encodePNG(t, quadrants(600, 300, transparent, red, green, blue)),
		withJPEGSegment(encodeJPEG(t, photo(700, 500)), 0xe1, exifBlock(binary.BigEndian, 6, "x")),
		encodeGIF(t, solid(40, 40, green)),
		readTestdata(t, "anim.webp"),
	}
	want := make([]Image, len(inputs))
	for i, in := range inputs {
		img, err := Normalize(bytes.NewReader(in), Options{})
		if err != nil {
			t.Fatalf("input %d: %v", i, err)
		}
		want[i] = img
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(inputs))
	for range 4 {
		for i, in := range inputs {
			wg.Go(func() {
				img, err := Normalize(bytes.NewReader(in), Options{})
				switch {
				case err != nil:
					errs <- fmt.Errorf("input %d: %w", i, err)
				case !bytes.Equal(img.Data, want[i].Data):
					errs <- fmt.Errorf("input %d: result differs from the one made alone", i)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
