package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"clusterbridge/internal/apperr"
)

var (
	red         = color.NRGBA{255, 0, 0, 255}
	green       = color.NRGBA{0, 255, 0, 255}
	blue        = color.NRGBA{0, 0, 255, 255}
	white       = color.NRGBA{255, 255, 255, 255}
	transparent = color.NRGBA{}
)

// quadrants is a w×h picture whose quarters are a, b (top) and c, d (bottom), so that any turn
// or mirror of it is told apart by sampling four points.
func quadrants(w, h int, a, b, c, d color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			q := a
			switch {
			case x >= w/2 && y < h/2:
				q = b
			case x < w/2 && y >= h/2:
				q = c
			case x >= w/2 && y >= h/2:
				q = d
			}
			m.SetNRGBA(x, y, q)
		}
	}
	return m
}

func solid(w, h int, c color.NRGBA) *image.NRGBA {
	return quadrants(w, h, c, c, c, c)
}

// photo is a deterministic picture with gradients and noise, so the JPEG encoder and the
// scaler do real work as they would on a photograph.
func photo(w, h int) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rnd := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			m.Y[y*m.YStride+x] = uint8((x*255/w+y*255/h)/2) ^ uint8(rnd.IntN(32))
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			m.Cb[y*m.CStride+x] = uint8(x * 2 * 255 / w)
			m.Cr[y*m.CStride+x] = uint8(y * 2 * 255 / h)
		}
	}
	return m
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatalf("png.Encode: %v", err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatalf("jpeg.Encode: %v", err)
	}
	return b.Bytes()
}

// encodeGIF quantises m to the Plan 9 palette, with index 0 made transparent when m has
// transparent pixels.
func encodeGIF(t testing.TB, m image.Image) []byte {
	t.Helper()
	b := m.Bounds()
	pal := append(color.Palette{color.RGBA{}}, palette.Plan9[1:]...)
	p := image.NewPaletted(b, pal)
	index := map[color.NRGBA]uint8{} // palette search is linear; test pictures have few colours
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			if c.A < 128 {
				p.SetColorIndex(x, y, 0)
				continue
			}
			c.A = 255
			i, ok := index[c]
			if !ok {
				i = uint8(1 + color.Palette(palette.Plan9[1:]).Index(c))
				index[c] = i
			}
			p.SetColorIndex(x, y, i)
		}
	}
	var out bytes.Buffer
	if err := gif.Encode(&out, p, nil); err != nil {
		t.Fatalf("gif.Encode: %v", err)
	}
	return out.Bytes()
}

// withJPEGSegment inserts a marker segment right after the SOI marker.
func withJPEGSegment(j []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xff, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(payload)))
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// exifBlock is the payload of an APP1 segment holding only an orientation tag and an extra
// ASCII tag whose text should never survive normalisation.
func exifBlock(bo byteOrder, orientation uint16, note string) []byte {
	t := []byte("Exif\x00\x00")
	if bo.String() == binary.LittleEndian.String() {
		t = append(t, "II"...)
	} else {
		t = append(t, "MM"...)
	}
	t = bo.AppendUint16(t, 42)
	t = bo.AppendUint32(t, 8)
	t = bo.AppendUint16(t, 2)
	// Orientation: SHORT, one value, left-justified in the value field.
	t = bo.AppendUint16(t, 0x0112)
	t = bo.AppendUint16(t, 3)
	t = bo.AppendUint32(t, 1)
	t = bo.AppendUint16(t, orientation)
	t = bo.AppendUint16(t, 0)
	// ImageDescription: ASCII, stored after the IFD.
	text := append([]byte(note), 0)
	t = bo.AppendUint16(t, 0x010e)
	t = bo.AppendUint16(t, 2)
	t = bo.AppendUint32(t, uint32(len(text)))
	t = bo.AppendUint32(t, 8+2+2*12+4)
	t = bo.AppendUint32(t, 0) // no next IFD
	return append(t, text...)
}

// byteOrder is what both TIFF byte orders offer: EXIF blocks come in either.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// withPNGChunk inserts an ancillary chunk right after IHDR.
func withPNGChunk(p []byte, typ string, data []byte) []byte {
	const afterIHDR = 8 + 4 + 4 + 13 + 4
	out := append([]byte{}, p[:afterIHDR]...)
	out = append(out, pngChunk(typ, data)...)
	return append(out, p[afterIHDR:]...)
}

// pngHeader is a PNG signature and a valid IHDR for an 8-bit RGBA image of any claimed size,
// followed by nothing: what a decompression bomb looks like to a header reader.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("reading sample: %v", err)
	}
	return b
}

// decodeResult checks that a result is what it says it is and returns its pixels.
func decodeResult(t testing.TB, img Image) image.Image {
	t.Helper()
	var (
		m   image.Image
		err error
	)
	switch img.ContentType {
	case "image/png":
		if img.Ext != ".png" {
			t.Errorf("Ext = %q for %s, want .png", img.Ext, img.ContentType)
		}
		m, err = png.Decode(bytes.NewReader(img.Data))
	case "image/jpeg":
		if img.Ext != ".jpg" {
			t.Errorf("Ext = %q for %s, want .jpg", img.Ext, img.ContentType)
		}
		m, err = jpeg.Decode(bytes.NewReader(img.Data))
	default:
		t.Fatalf("ContentType = %q, want image/png or image/jpeg", img.ContentType)
	}
	if err != nil {
		t.Fatalf("result does not decode as %s: %v", img.ContentType, err)
	}
	if got := m.Bounds(); got != image.Rect(0, 0, img.Width, img.Height) {
		t.Fatalf("result pixels cover %v, Image says %d×%d", got, img.Width, img.Height)
	}
	return m
}

// near reports whether two colours agree within a JPEG's tolerance.
func near(got color.Color, want color.NRGBA) bool {
	g := color.NRGBAModel.Convert(got).(color.NRGBA)
	d := func(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }
	return d(g.R, want.R) <= 40 && d(g.G, want.G) <= 40 && d(g.B, want.B) <= 40 && d(g.A, want.A) <= 8
}

func errKey(t testing.TB, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *imaging.Error", err)
	}
	a, ok := apperr.As(err)
	if !ok || a.Key != e.Key() || !errors.Is(err, apperr.Invalid) {
		t.Fatalf("error %v does not unwrap to an apperr.Invalid with key %q", err, e.Key())
	}
	return e.Key()
}
