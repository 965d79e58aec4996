package orgcsv

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Names of the encodings Result.Encoding reports.
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
	Encoding1251    = "windows-1251"
	Encoding1250    = "windows-1250"
)

// decode turns the uploaded bytes into text and names the encoding it found. It fails only for
// input that is not text at all.
func decode(b []byte) (string, string, error) {
	if err := sniffBinary(b); err != nil {
		return "", "", err
	}
	var text, enc string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		text, enc = strings.ToValidUTF8(string(b[3:]), "\uFFFD"), EncodingUTF8
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		text, enc = decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), b[2:]), EncodingUTF16LE
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		text, enc = decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), b[2:]), EncodingUTF16BE
	case utf8.Valid(b):
		text, enc = string(b), EncodingUTF8
	default:
		enc = guessCodePage(b)
		if enc == Encoding1250 {
			text = decodeWith(charmap.Windows1250, b)
		} else {
			text = decodeWith(charmap.Windows1251, b)
		}
	}
	if looksBinary(text) {
		return "", enc, inputError(ErrBinary, "orgcsv.input.binary")
	}
	return text, enc, nil
}

func decodeWith(e encoding.Encoding, b []byte) string {
	// The decoders used here replace what they cannot read rather than fail, and whatever part
	// came out is worth more to the user than an error, so the error is not looked at.
	out, _ := e.NewDecoder().Bytes(b)
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// sniffBinary recognises the files most often uploaded by mistake for a CSV export, so the user
// is told to save the workbook as CSV rather than that the file is unreadable.
func sniffBinary(b []byte) error {
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")), // .xlsx and .ods are zip archives
		bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}): // .xls
		return inputError(ErrWorkbook, "orgcsv.input.workbook")
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return inputError(ErrBinary, "orgcsv.input.binary")
	}
	return nil
}

// looksBinary reports text with a NUL or with more than one control character in fifty: no
// spreadsheet writes those, while images and archives are full of them.
func looksBinary(s string) bool {
	var n, ctl int
	for _, r := range s {
		n++
		if r == 0 {
			return true
		}
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			ctl++
		}
	}
	return ctl*50 > n
}

var (
	cp1251 = decodeTable(charmap.Windows1251)
	cp1250 = decodeTable(charmap.Windows1250)
)

func decodeTable(c *charmap.Charmap) [256]rune {
	var t [256]rune
	for i := range t {
		t[i] = c.DecodeByte(byte(i))
	}
	return t
}

// guessCodePage chooses between Windows-1251 and Windows-1250 by the shape of the words; the
// package documentation explains the rule.
func guessCodePage(b []byte) string {
	isLetter := func(c byte) bool {
		if c < 0x80 {
			return 'a' <= c|0x20 && c|0x20 <= 'z'
		}
		return unicode.IsLetter(cp1251[c]) || unicode.IsLetter(cp1250[c])
	}
	var cyr, lat int
	for i := 0; i < len(b); {
		if !isLetter(b[i]) {
			i++
			continue
		}
		ascii, high := 0, 0
		for ; i < len(b) && isLetter(b[i]); i++ {
			if b[i] < 0x80 {
				ascii++
			} else {
				high++
			}
		}
		switch {
		case high == 0:
		case high > ascii:
			cyr += high
		default:
			lat += high
		}
	}
	if lat > cyr {
		return Encoding1250
	}
	return Encoding1251
}
