package imaging

import "image"

// orient returns m turned the way EXIF orientation o says it should be displayed. m must start
// at the origin. Orientations 5–8 swap width and height.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// src maps a displayed pixel back to the stored one; the eight cases are the EXIF
	// definitions read in reverse.
	var src func(x, y int) (int, int)
	switch o {
	case 2: // mirrored left–right
		src = func(x, y int) (int, int) { return w - 1 - x, y }
	case 3: // upside down
		src = func(x, y int) (int, int) { return w - 1 - x, h - 1 - y }
	case 4: // mirrored top–bottom
		src = func(x, y int) (int, int) { return x, h - 1 - y }
	case 5: // mirrored along the main diagonal
		src = func(x, y int) (int, int) { return y, x }
	case 6: // stored turned a quarter anticlockwise: display it a quarter clockwise
		src = func(x, y int) (int, int) { return y, h - 1 - x }
	case 7: // mirrored along the other diagonal
		src = func(x, y int) (int, int) { return w - 1 - y, h - 1 - x }
	case 8: // stored turned a quarter clockwise
		src = func(x, y int) (int, int) { return w - 1 - y, x }
	}
	d := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		row := d.Pix[y*d.Stride : y*d.Stride+4*dw]
		for x := range dw {
			sx, sy := src(x, y)
			s := m.Pix[sy*m.Stride+4*sx : sy*m.Stride+4*sx+4]
			copy(row[4*x:4*x+4], s)
		}
	}
	return d
}
