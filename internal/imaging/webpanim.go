package imaging

import (
	"encoding/binary"
	"errors"
	"image"
)

var errWebPFrame = errors.New("animated WebP without a readable first frame")

// webpChunk is one RIFF chunk: a four-character code and its payload.
type webpChunk struct {
	id   string
	data []byte
}

// riffChunks splits a run of RIFF chunks. It stops at the first chunk that does not fit, which
// the caller treats as the end; the decoder judges whether what came before is enough.
func riffChunks(b []byte) []webpChunk {
	var out []webpChunk
	for len(b) >= 8 {
		n := uint64(binary.LittleEndian.Uint32(b[4:8]))
		if n > uint64(len(b)-8) {
			break
		}
		out = append(out, webpChunk{id: string(b[:4]), data: b[8 : 8+n]})
		n += n & 1 // payloads are padded to an even length
		if n > uint64(len(b)-8) {
			break
		}
		b = b[8+n:]
	}
	return out
}

func le24(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 }

// webpFirstFrame handles animated WebP, which the decoder does not read: it cuts out the first
// frame as a still WebP of its own and says where on the canvas that frame goes. ok is false
// for a still WebP, which the decoder reads directly.
func webpFirstFrame(b []byte) (still []byte, at image.Rectangle, canvas image.Point, ok bool, err error) {
	if len(b) < 12 {
		return nil, image.Rectangle{}, image.Point{}, false, nil
	}
	chunks := riffChunks(b[12:])
	if len(chunks) == 0 || chunks[0].id != "VP8X" || len(chunks[0].data) < 10 {
		return nil, image.Rectangle{}, image.Point{}, false, nil
	}
	const animationBit = 1 << 1
	x := chunks[0].data
	if x[0]&animationBit == 0 {
		return nil, image.Rectangle{}, image.Point{}, false, nil
	}
	canvas = image.Pt(1+le24(x[4:7]), 1+le24(x[7:10]))
	for _, c := range chunks[1:] {
		if c.id != "ANMF" {
			continue
		}
		if len(c.data) < 16 {
			return nil, image.Rectangle{}, image.Point{}, true, errWebPFrame
		}
		f := c.data
		// Frame offsets are stored halved, sizes minus one.
		off := image.Pt(2*le24(f[0:3]), 2*le24(f[3:6]))
		at = image.Rectangle{Min: off, Max: off.Add(image.Pt(1+le24(f[6:9]), 1+le24(f[9:12])))}
		if !at.In(image.Rectangle{Max: canvas}) {
			return nil, image.Rectangle{}, image.Point{}, true, errWebPFrame
		}
		var alph, bits *webpChunk
		for _, s := range riffChunks(f[16:]) {
			switch s.id {
			case "ALPH":
				if alph == nil {
					alph = &s
				}
			case "VP8 ", "VP8L":
				bits = &s
			}
			if bits != nil {
				break
			}
		}
		if bits == nil {
			return nil, image.Rectangle{}, image.Point{}, true, errWebPFrame
		}
		// The cut-out always starts with a VP8X header giving the frame's size: the decoder
		// refuses a bitstream whose own size differs from it. Without that, a frame declared
		// 16×16 could carry a bitstream claiming 16383×16383 and be decoded at that size,
		// past the pixel limit checked against the canvas.
		var body []byte
		hdr := make([]byte, 10)
		putLE24(hdr[4:], at.Dx()-1)
		putLE24(hdr[7:], at.Dy()-1)
		// Lossy frames keep alpha in a separate chunk, which the decoder accepts only when the
		// header announces it.
		withAlpha := alph != nil && bits.id == "VP8 "
		if withAlpha {
			hdr[0] = 1 << 4
		}
		body = appendChunk(body, "VP8X", hdr)
		if withAlpha {
			body = appendChunk(body, "ALPH", alph.data)
		}
		body = appendChunk(body, bits.id, bits.data)
		still = make([]byte, 0, 12+len(body))
		still = append(still, "RIFF"...)
		still = binary.LittleEndian.AppendUint32(still, uint32(4+len(body)))
		still = append(still, "WEBP"...)
		still = append(still, body...)
		return still, at, canvas, true, nil
	}
	return nil, image.Rectangle{}, image.Point{}, true, errWebPFrame
}

func putLE24(b []byte, v int) {
	b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16)
}

func appendChunk(b []byte, id string, data []byte) []byte {
	b = append(b, id...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}
