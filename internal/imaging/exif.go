package imaging

import (
	"bytes"
	"encoding/binary"
)

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG, or 1 when there is none or it
// cannot be read. Cameras and phones store pixels as the sensor saw them and record the
// rotation here; once metadata is stripped the rotation must already be in the pixels, or
// portrait photos show up lying on their side.
//
// Only the segments before the first scan are looked at, and every offset is bounds-checked:
// the EXIF block is outside input like the rest of the file.
func jpegOrientation(b []byte) int {
	if len(b) < 2 || b[0] != 0xff || b[1] != 0xd8 {
		return 1
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xff {
			return 1
		}
		marker := b[i+1]
		switch {
		case marker == 0xff: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7): // no length field
			i += 2
			continue
		case marker == 0xda || marker == 0xd9: // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// pngOrientation reads the orientation from a PNG's eXIf chunk, which holds a bare TIFF
// structure. Browsers honour it as they do a JPEG's, so the editor's preview showed the picture
// turned; the result must look the same once the chunk is gone.
func pngOrientation(b []byte) int {
	const sig = 8
	for i := sig; i+8 <= len(b); {
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if typ == "IDAT" || n > uint64(len(b)-i-8) {
			return 1 // eXIf must come before the pixels
		}
		if typ == "eXIf" {
			return tiffOrientation(b[i+8 : i+8+int(n)])
		}
		i += 12 + int(n)
	}
	return 1
}

// webpOrientation reads the orientation from a WebP's EXIF chunk. Writers disagree on whether
// the chunk starts with the "Exif\0\0" header JPEG uses, so both forms are accepted.
func webpOrientation(b []byte) int {
	if len(b) < 12 {
		return 1
	}
	for _, c := range riffChunks(b[12:]) {
		if c.id == "EXIF" {
			return tiffOrientation(bytes.TrimPrefix(c.data, []byte("Exif\x00\x00")))
		}
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure (the body of an EXIF block).
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := uint64(bo.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 1
	}
	count := uint64(bo.Uint16(t[ifd:]))
	for k := range count {
		e := ifd + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		const tagOrientation, typeShort = 0x0112, 3
		if bo.Uint16(t[e:]) != tagOrientation {
			continue
		}
		if bo.Uint16(t[e+2:]) != typeShort || bo.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}
