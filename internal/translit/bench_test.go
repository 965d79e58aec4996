package translit

import (
	"strings"
	"testing"
)

// Realistic records of about 200 characters: an organisation name and a
// short description, one per script and language.
const (
	benchLatinSR    = "Udruženje proizvođača organske hrane Nišavskog okruga „Zdravo iz Niša“ d.o.o. – zajednički nastup na sajmovima, sertifikacija, hladnjača u Gadžin Hanu i izvoz u EU (www.zdravo-nis.rs)."
	benchCyrillicSR = "Удружење произвођача органске хране Нишавског округа „Здраво из Ниша“ д.о.о. – заједнички наступ на сајмовима, сертификација, хладњача у Гаџин Хану и извоз у ЕУ, Књажевац и Зајечар."
	benchCyrillicBG = "Клъстер за чиста енергия „Западна България“ – обединява 24 малки и средни предприятия от Видин, Монтана и Враца; слънчева енергия, енергийна ефективност, щадящи технологии в Кюстендил."
)

func benchInputs() []struct{ name, text string } {
	return []struct{ name, text string }{
		{"latinSR", benchLatinSR},
		{"cyrillicSR", benchCyrillicSR},
		{"cyrillicBG", benchCyrillicBG},
	}
}

// perHundredChars reports the cost per 100 characters, the unit of the
// performance target.
func perHundredChars(b *testing.B, text string) {
	b.Helper()
	chars := float64(len([]rune(text)))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chars*100, "ns/100chars")
}

func BenchmarkFold(b *testing.B) {
	for _, in := range benchInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.text)))
			for b.Loop() {
				Fold(in.text)
			}
			perHundredChars(b, in.text)
		})
	}
}

func BenchmarkFoldWords(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		FoldWords(benchCyrillicSR)
	}
	perHundredChars(b, benchCyrillicSR)
}

func BenchmarkSerbianToLatin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		SerbianToLatin(benchCyrillicSR)
	}
	perHundredChars(b, benchCyrillicSR)
}

func BenchmarkSerbianToCyrillic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		SerbianToCyrillic(benchLatinSR)
	}
	perHundredChars(b, benchLatinSR)
}

func BenchmarkBulgarianToLatin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		BulgarianToLatin(benchCyrillicBG)
	}
	perHundredChars(b, benchCyrillicBG)
}

func BenchmarkDetectScript(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		DetectScript(benchCyrillicSR)
	}
	perHundredChars(b, benchCyrillicSR)
}

// TestBenchInputsRealistic keeps the benchmark inputs at the size the
// performance target is stated for.
func TestBenchInputsRealistic(t *testing.T) {
	for _, in := range benchInputs() {
		n := len([]rune(in.text))
		if n < 180 || n > 220 {
			t.Errorf("benchmark input %s has %d characters, want about 200", in.name, n)
		}
		if strings.TrimSpace(in.text) != in.text {
			t.Errorf("benchmark input %s has surrounding space", in.name)
		}
	}
}

// The per-record cost stays at one allocation, the result, and none when a
// transliterator has nothing to convert.
func TestAllocations(t *testing.T) {
	tests := []struct {
		name string
		fn   func()
		want float64
	}{
		{"Fold", func() { Fold(benchCyrillicSR) }, 1},
		{"SerbianToLatin", func() { SerbianToLatin(benchCyrillicSR) }, 1},
		{"SerbianToCyrillic", func() { SerbianToCyrillic(benchLatinSR) }, 1},
		{"BulgarianToLatin", func() { BulgarianToLatin(benchCyrillicBG) }, 1},
		{"SerbianToLatin/nothing", func() { SerbianToLatin(benchLatinSR) }, 0},
		{"SerbianToCyrillic/nothing", func() { SerbianToCyrillic(benchCyrillicSR) }, 0},
		{"BulgarianToLatin/nothing", func() { BulgarianToLatin(benchLatinSR) }, 0},
		{"DetectScript", func() { DetectScript(benchCyrillicSR) }, 0},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(50, tt.fn); got != tt.want {
			t.Errorf("%s: %v allocations per call, want %v", tt.name, got, tt.want)
		}
	}
}
