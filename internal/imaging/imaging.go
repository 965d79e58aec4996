// Package imaging validates uploaded pictures (organisation logos now, event photos and news
// galleries later) and re-encodes them, so that what the platform stores and serves is always
// pixels it produced itself, never the bytes a sender chose.
//
// An upload is accepted only when its own bytes say PNG, JPEG, GIF or WebP; the file name and
// the declared content type are ignored. Dimensions are read from the header and checked before
// any pixel is decoded, so a small file that claims to be enormous costs nothing. The result
// keeps no metadata (EXIF with its GPS position, ICC profiles, text chunks, comments), only the
// first frame of an animation, and is PNG when it has transparency and JPEG otherwise.
package imaging

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Options bound what an upload may cost. Zero or negative fields take the defaults below.
type Options struct {
	MaxBytes  int64 // refuse larger uploads (default 5 MiB)
	MaxPixels int   // refuse images whose declared width×height exceeds this, before decoding (default 40 MP)
	MaxSide   int   // resize so that the longer side is at most this, keeping the aspect ratio; never upscale (default 512)
}

// Defaults, sized for organisation logos.
const (
	DefaultMaxBytes  = 5 << 20
	DefaultMaxPixels = 40_000_000
	DefaultMaxSide   = 512
)

// JPEGQuality is the quality of re-encoded opaque images.
const JPEGQuality = 85

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	if o.MaxSide <= 0 {
		o.MaxSide = DefaultMaxSide
	}
	return o
}

// Image is a normalised picture, ready to store and serve.
type Image struct {
	Data          []byte
	ContentType   string // image/png or image/jpeg
	Width, Height int
	Ext           string // ".png" or ".jpg", matching ContentType
}

// Normalize reads an upload, checks by its bytes that it is PNG, JPEG, GIF or WebP, decodes it,
// keeps only the pixels (of the first frame, for an animation), turns it upright as its EXIF
// orientation says (JPEG, and the eXIf and EXIF chunks of PNG and WebP), scales it down so the longer side is at most opt.MaxSide, and re-encodes it:
// PNG when any pixel is not fully opaque, JPEG at quality JPEGQuality otherwise.
//
// A refused upload is an *Error whose Key is one of the Key constants. An error reading r is
// returned wrapped and without a key, since it is not the editor's file that is at fault.
// Bytes after the end of the picture (a ZIP appended to a PNG, say) are not looked at beyond the
// markup check; they simply do not survive re-encoding. Normalize is safe for concurrent use.
func Normalize(r io.Reader, opt Options) (Image, error) {
	opt = opt.withDefaults()
	data, err := readUpload(r, opt.MaxBytes)
	if err != nil {
		return Image{}, fmt.Errorf("imaging: reading upload: %w", err)
	}
	if int64(len(data)) > opt.MaxBytes {
		return Image{}, newError(KeyTooLarge, nil, "max", mebibytes(opt.MaxBytes))
	}
	if len(data) == 0 {
		return Image{}, newError(KeyEmpty, nil)
	}
	f := sniff(data)
	if f == formatUnknown {
		return Image{}, newError(KeyUnsupported, nil)
	}
	if hasMarkup(data) {
		return Image{}, newError(KeyUnsupported, errors.New("markup inside the file"))
	}

	cfg, err := decodeConfig(f, data)
	if err != nil {
		return Image{}, newError(KeyCorrupt, fmt.Errorf("reading %s header: %w", f, err))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Image{}, newError(KeyCorrupt, fmt.Errorf("%s header declares %d×%d", f, cfg.Width, cfg.Height))
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(opt.MaxPixels) {
		return Image{}, newError(KeyTooManyPixels, nil,
			"width", cfg.Width, "height", cfg.Height, "max", megapixels(opt.MaxPixels))
	}

	src, err := decodeFrame(f, data, cfg)
	if err != nil {
		return Image{}, newError(KeyCorrupt, fmt.Errorf("decoding %s: %w", f, err))
	}
	orientation := 1
	switch f {
	case formatJPEG:
		orientation = jpegOrientation(data)
	case formatPNG:
		orientation = pngOrientation(data)
	case formatWebP:
		orientation = webpOrientation(data)
	}

	m := orient(scaleDown(src, opt.MaxSide), orientation)
	var out bytes.Buffer
	img := Image{Width: m.Rect.Dx(), Height: m.Rect.Dy()}
	if m.Opaque() {
		err = jpeg.Encode(&out, m, &jpeg.Options{Quality: JPEGQuality})
		img.ContentType, img.Ext = "image/jpeg", ".jpg"
	} else {
		err = png.Encode(&out, m)
		img.ContentType, img.Ext = "image/png", ".png"
	}
	if err != nil {
		return Image{}, fmt.Errorf("imaging: encoding %s: %w", img.ContentType, err)
	}
	img.Data = out.Bytes()
	return img, nil
}

// readUpload reads at most limit+1 bytes, so that an upload over the limit is seen to be over
// it without being read to the end. When r knows its size (bytes.Reader, multipart files) the
// buffer is allocated once instead of doubling its way up.
func readUpload(r io.Reader, limit int64) ([]byte, error) {
	var size int64 = -1
	switch s := r.(type) {
	case interface{ Len() int }:
		size = int64(s.Len())
	case interface{ Size() int64 }:
		size = s.Size()
	}
	// A limit of MaxInt64 must not wrap around to a negative one that reads nothing.
	n := limit + 1
	if n <= 0 {
		n = math.MaxInt64
	}
	var buf bytes.Buffer
	if size >= 0 && size < math.MaxInt32 {
		// bytes.Buffer.ReadFrom wants bytes.MinRead spare bytes before each read.
		buf.Grow(int(min(size, n)) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, n))
	return buf.Bytes(), err
}

// mebibytes states a byte limit the way editors read file sizes: MiB to one decimal, or to two
// significant digits for limits under one MiB, which would otherwise read as "0".
func mebibytes(n int64) float64 {
	m := float64(n) / (1 << 20)
	if m >= 1 {
		return math.Round(m*10) / 10
	}
	p := math.Pow(10, 1-math.Floor(math.Log10(m)))
	return math.Round(m*p) / p
}

func megapixels(n int) float64 {
	return math.Round(float64(n)/1e6*10) / 10
}

func decodeConfig(f format, b []byte) (image.Config, error) {
	r := bytes.NewReader(b)
	switch f {
	case formatPNG:
		return png.DecodeConfig(r)
	case formatJPEG:
		return jpeg.DecodeConfig(r)
	case formatGIF:
		return gif.DecodeConfig(r)
	case formatWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("no decoder for %s", f)
}

// decodeFrame decodes the pixels of a file whose header has passed the checks, and returns them
// on a canvas of the size cfg declares: a GIF or animated WebP may place its first frame at an
// offset, with the rest of the canvas transparent.
func decodeFrame(f format, b []byte, cfg image.Config) (m image.Image, err error) {
	// The decoders are meant never to panic, but they run on hostile input inside a server;
	// one that does must cost this upload, not the process.
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("decoder panic: %v", p)
		}
	}()
	canvas := image.Rect(0, 0, cfg.Width, cfg.Height)
	at := canvas
	r := bytes.NewReader(b)
	switch f {
	case formatPNG:
		m, err = png.Decode(r)
	case formatJPEG:
		m, err = jpeg.Decode(r)
	case formatGIF:
		// gif.Decode stops after the first frame, so an animation's later frames never
		// reach memory.
		m, err = gif.Decode(r)
		if err == nil {
			at = m.Bounds()
		}
	case formatWebP:
		still, frame, size, animated, ferr := webpFirstFrame(b)
		switch {
		case ferr != nil:
			return nil, ferr
		case animated:
			if size != canvas.Max {
				return nil, fmt.Errorf("canvas %v differs from header %v", size, canvas.Max)
			}
			at = frame
			r = bytes.NewReader(still)
		}
		m, err = webp.Decode(r)
		if err == nil && animated && m.Bounds().Size() == at.Size() {
			// A cut-out frame decodes at the origin; move it to its place.
			m = shifted{m, at.Min}
		}
	default:
		return nil, fmt.Errorf("no decoder for %s", f)
	}
	if err != nil {
		return nil, err
	}
	if m.Bounds() != at || !at.In(canvas) {
		return nil, fmt.Errorf("pixels cover %v, header declares %v", m.Bounds(), at)
	}
	if at == canvas {
		return m, nil
	}
	c := image.NewNRGBA(canvas)
	draw.Draw(c, at, m, at.Min, draw.Src)
	return c, nil
}

// shifted moves an image's origin without copying its pixels.
type shifted struct {
	image.Image
	off image.Point
}

func (s shifted) Bounds() image.Rectangle { return s.Image.Bounds().Add(s.off) }

func (s shifted) At(x, y int) color.Color { return s.Image.At(x-s.off.X, y-s.off.Y) }

// scaleDown returns m as RGBA at the origin, scaled so that its longer side is at most maxSide.
// It never enlarges: a logo drawn small should stay crisp rather than be blown up blurry.
//
// Catmull-Rom keeps edges (lettering, thin lines in logos) sharper than bilinear filtering, and
// the scaler widens its kernel when shrinking, so fine patterns do not alias into moiré. Widening
// makes its cost grow with the shrink factor, though, so a big photo is first box-averaged by a
// whole factor down to about twice the final size, which reads every source pixel once; the
// kernel then only has a small step left.
func scaleDown(m image.Image, maxSide int) *image.RGBA {
	b := m.Bounds()
	w, h := fit(b.Dx(), b.Dy(), maxSide)
	if w == b.Dx() && h == b.Dy() {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(dst, dst.Rect, m, b.Min, draw.Src)
		return dst
	}
	if k := max(b.Dx(), b.Dy()) / (2 * maxSide); k >= 2 {
		m = boxReduce(m, min(k, maxBoxFactor))
		b = m.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Rect, m, b, draw.Src, nil)
	return dst
}

// maxBoxFactor keeps a block's channel sum within a uint32: blocks are under 2k pixels a side
// (see blockEdges), and (2·2048)²·255 < 2³².
const maxBoxFactor = 2048

// boxReduce shrinks m by about k in each direction by averaging blocks of pixels, in
// premultiplied RGBA so transparent pixels lend no colour to their neighbours. When a side is not
// a multiple of k, blocks of k and k+1 pixels are spread evenly along it: one odd block at the
// edge would hold fewer pixels yet count as a full column, and show as a stripe after scaling.
// Rows are converted one at a time, so the only large allocation is the result.
func boxReduce(m image.Image, k int) *image.RGBA {
	b := m.Bounds()
	sw, sh := b.Dx(), b.Dy()
	xs, ys := blockEdges(sw, k), blockEdges(sh, k)
	ow, oh := len(xs)-1, len(ys)-1
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	row := image.NewRGBA(image.Rect(0, 0, sw, 1))
	sums := make([]uint32, 4*ow)
	for oy := range oh {
		clear(sums)
		for y := ys[oy]; y < ys[oy+1]; y++ {
			// The standard library has fast conversions from each decoder's pixel type.
			draw.Draw(row, row.Rect, m, image.Pt(b.Min.X, b.Min.Y+y), draw.Src)
			p := row.Pix
			for ox := range ow {
				s := sums[4*ox : 4*ox+4 : 4*ox+4]
				for x := xs[ox]; x < xs[ox+1]; x++ {
					q := p[4*x : 4*x+4 : 4*x+4]
					s[0] += uint32(q[0])
					s[1] += uint32(q[1])
					s[2] += uint32(q[2])
					s[3] += uint32(q[3])
				}
			}
		}
		out := dst.Pix[oy*dst.Stride : oy*dst.Stride+4*ow]
		rows := ys[oy+1] - ys[oy]
		for ox := range ow {
			n := uint32(rows * (xs[ox+1] - xs[ox]))
			for c := range 4 {
				out[4*ox+c] = uint8((sums[4*ox+c] + n/2) / n)
			}
		}
	}
	return dst
}

// blockEdges splits n pixels into max(1, n/k) blocks of near-equal size and returns where each
// starts, followed by n.
func blockEdges(n, k int) []int {
	blocks := max(1, n/k)
	e := make([]int, blocks+1)
	for i := range e {
		e[i] = int(int64(i) * int64(n) / int64(blocks))
	}
	return e
}

// fit returns the size of a w×h image scaled so that its longer side is at most maxSide,
// rounding the shorter side to the nearest pixel but never below one.
func fit(w, h, maxSide int) (int, int) {
	long := max(w, h)
	if long <= maxSide {
		return w, h
	}
	scale := func(n int) int {
		return max(1, int((int64(n)*int64(maxSide)+int64(long)/2)/int64(long)))
	}
	return scale(w), scale(h)
}
