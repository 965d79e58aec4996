package orgcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

// TestGuessCodePageNames checks the heuristic on single place and person names, the hardest
// case: a short cell gives it the fewest letters to go on.
func TestGuessCodePageNames(t *testing.T) {
	tests := []struct {
		text string
		cm   *charmap.Charmap
		want string
	}{
		{"Ниш", charmap.Windows1251, Encoding1251},
		{"Нишка Бања", charmap.Windows1251, Encoding1251},
		{"Кюстендил", charmap.Windows1251, Encoding1251},
		{"Гаџин Хан", charmap.Windows1251, Encoding1251},
		{"Зајечар", charmap.Windows1251, Encoding1251},
		{"Љубовија и Ђердап", charmap.Windows1251, Encoding1251},
		{"Кoстинброд", charmap.Windows1251, Encoding1251}, // with a Latin o typed into it
		{"Zaječar", charmap.Windows1250, Encoding1250},
		{"Đorđe", charmap.Windows1250, Encoding1250},
		{"Gadžin Han", charmap.Windows1250, Encoding1250},
		{"Niška Banja", charmap.Windows1250, Encoding1250},
		{"Šid", charmap.Windows1250, Encoding1250},
		{"Žiča", charmap.Windows1250, Encoding1250},
		{"Ćuprija, Knjaževac", charmap.Windows1250, Encoding1250},
		{"name;kind\nĐorđe d.o.o.;preduzeće", charmap.Windows1250, Encoding1250},
		{"назив;врста\nЂорђе д.о.о.;предузеће", charmap.Windows1251, Encoding1251},
	}
	for _, tt := range tests {
		if got := guessCodePage(encode(t, tt.cm, tt.text)); got != tt.want {
			t.Errorf("guessCodePage(%q in %s) = %s, want %s", tt.text, tt.cm, got, tt.want)
		}
	}
}

// TestGuessCodePagePlaces runs the heuristic over every municipality of the programme area:
// native (Cyrillic) names saved as Windows-1251 and Serbian Latin names with diacritics saved as
// Windows-1250, each on its own, must decode back to the name.
func TestGuessCodePagePlaces(t *testing.T) {
	path := filepath.Join("..", "..", "..", "..", "shared", "data", "municipalities.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("reference data not present: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range recs[1:] {
		latin, native := r[2], r[3]
		if got := guessCodePage(encode(t, charmap.Windows1251, native)); got != Encoding1251 {
			t.Errorf("%q in windows-1251 guessed as %s", native, got)
		}
		checked++
		if strings.ContainsAny(latin, "čćđšžČĆĐŠŽ") {
			if got := guessCodePage(encode(t, charmap.Windows1250, latin)); got != Encoding1250 {
				t.Errorf("%q in windows-1250 guessed as %s", latin, got)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("checked %d names, want at least 100", checked)
	}
}

func TestDecode(t *testing.T) {
	utf16le, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte("назив\tврста"))
	utf16be, _ := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte("naziv"))
	tests := []struct {
		name     string
		in       []byte
		wantText string
		wantEnc  string
		wantErr  error
	}{
		{"utf-8", []byte("name,Ниш"), "name,Ниш", EncodingUTF8, nil},
		{"utf-8 with BOM", []byte("\xEF\xBB\xBFname,Ниш"), "name,Ниш", EncodingUTF8, nil},
		{"utf-16le", utf16le, "назив\tврста", EncodingUTF16LE, nil},
		{"utf-16be", utf16be, "naziv", EncodingUTF16BE, nil},
		{"windows-1251", encode(t, charmap.Windows1251, "назив;Ниш"), "назив;Ниш", Encoding1251, nil},
		{"windows-1250", encode(t, charmap.Windows1250, "naziv;Niš"), "naziv;Niš", Encoding1250, nil},
		{"xlsx", []byte("PK\x03\x04\x14\x00\x06\x00"), "", "", ErrWorkbook},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, "", "", ErrWorkbook},
		{"pdf", []byte("%PDF-1.7\n"), "", "", ErrBinary},
		{"nul", []byte("name\x00kind"), "", EncodingUTF8, ErrBinary},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", Encoding1251, ErrBinary},
	}
	for _, tt := range tests {
		text, enc, err := decode(tt.in)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
			continue
		}
		if err == nil && (text != tt.wantText || enc != tt.wantEnc) {
			t.Errorf("%s: got %q (%s), want %q (%s)", tt.name, text, enc, tt.wantText, tt.wantEnc)
		}
	}
}

func TestReadInputErrors(t *testing.T) {
	big := bytes.Repeat([]byte("name,kind,country\n"), MaxBytes/18+1)
	tests := []struct {
		name    string
		in      []byte
		wantErr error
		wantKey string
	}{
		{"too big", big, ErrTooBig, "orgcsv.input.too_big"},
		{"workbook", []byte("PK\x03\x04rest"), ErrWorkbook, "orgcsv.input.workbook"},
		{"binary", []byte("\x00\x01\x02\x03"), ErrBinary, "orgcsv.input.binary"},
		{"no known column", []byte("foo,bar\n1,2\n"), ErrNotCSV, "orgcsv.input.not_csv"},
		{"html page", []byte("<!DOCTYPE html><html><body>members</body></html>"), ErrNotCSV, "orgcsv.input.not_csv"},
	}
	for _, tt := range tests {
		_, err := Read(bytes.NewReader(tt.in), Options{})
		var ie *InputError
		if !errors.Is(err, tt.wantErr) || !errors.As(err, &ie) {
			t.Errorf("%s: error %v, want %v as *InputError", tt.name, err, tt.wantErr)
			continue
		}
		if ie.Key != tt.wantKey {
			t.Errorf("%s: key %q, want %q", tt.name, ie.Key, tt.wantKey)
		}
	}
}
