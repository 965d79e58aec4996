package orgcsv

import (
	"bytes"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// benchFile is a full-size upload: DefaultMaxRows generated rows in the given form.
func benchFile(b *testing.B, opt WriteOptions, cm *charmap.Charmap) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, generatedRows(DefaultMaxRows), opt); err != nil {
		b.Fatal(err)
	}
	if cm == nil {
		return buf.Bytes()
	}
	// Keep only what the code page can hold, as Excel does when saving.
	out, err := cm.NewEncoder().Bytes(bytes.Map(func(r rune) rune {
		if _, ok := cm.EncodeRune(r); ok {
			return r
		}
		return '?'
	}, buf.Bytes()))
	if err != nil {
		b.Fatal(err)
	}
	return out
}

func benchmarkRead(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	opt := testOptions()
	for b.Loop() {
		res, err := Read(bytes.NewReader(data), opt)
		if err != nil || len(res.Rows) != DefaultMaxRows {
			b.Fatalf("Read: %d rows, %v", len(res.Rows), err)
		}
	}
}

func BenchmarkReadUTF8(b *testing.B) {
	benchmarkRead(b, benchFile(b, DefaultWriteOptions(), nil))
}

func BenchmarkRead1251(b *testing.B) {
	benchmarkRead(b, benchFile(b, WriteOptions{Separator: ';', Language: "sr-Cyrl"}, charmap.Windows1251))
}

func BenchmarkWrite(b *testing.B) {
	rows := generatedRows(DefaultMaxRows)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, rows, DefaultWriteOptions()); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
