package translit

import "testing"

func TestBulgarianToLatin(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"София", "Sofia"},
		{"СОФИЯ", "SOFIA"},
		{"софия", "sofia"},
		{"България", "Bulgaria"},
		{"БЪЛГАРИЯ", "BULGARIA"},
		{"Република България", "Republika Bulgaria"},
		{"българия", "bulgaria"},
		{"българин", "balgarin"}, // only the state's name is traditional
		{"Мизия", "Mizia"},
		{"Мизия.", "Mizia."},
		{"Марияна", "Mariyana"}, // ия inside a word follows the table
		{"Ия", "Ia"},
		{"ЩИТ", "SHTIT"},
		{"Щит", "Shtit"},
		{"щит", "shtit"},
		{"ЖЕЗЪЛ", "ZHEZAL"},
		{"ЩАСТИЕ", "SHTASTIE"},
		{"Жеко", "Zheko"},
		{"ЦЕЦО", "TSETSO"},
		{"Цецо", "Tsetso"},
		{"ЧЕРЕША Чиприловци", "CHERESHA Chiprilovtsi"},
		{"Юлия", "Yulia"},
		{"ЮЛИЯ", "YULIA"},
		{"Ямбол", "Yambol"},
		{"Йордан", "Yordan"},
		{"Кюстендил", "Kyustendil"},
		{"Трън", "Tran"},
		{"Вълчедръм", "Valchedram"},
		{"Копривщица", "Koprivshtitsa"},
		{"Бойчиновци", "Boychinovtsi"},
		{"дж дз ьо йо", "dzh dz yo yo"},
		{"Джамбаз", "Dzhambaz"},
		{"ДЖ", "DZH"},
		{"шофьор", "shofyor"},
		{"ѝ", "i"},
		{"Ѝ", "I"},
		{"абвгдежзийклмнопрстуфхцчшщъьюя", "abvgdezhziyklmnoprstufhtschshshtayyuya"},
		{"АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ", "ABVGDEZHZIYKLMNOPRSTUFHTSCHSHSHTAYYUYA"},
		// Not Bulgarian: passes through.
		{"Sofia 1000", "Sofia 1000"},
		{"\xffСофия\xc3", "\uFFFDSofia\uFFFD"},
		{"Sofia\xff", "Sofia\uFFFD"},
		{"Ђ Ћ Ј Љ Њ Џ", "Ђ Ћ Ј Љ Њ Џ"},
		{"ООД „Щит“, ул. Шипка 5", "OOD „Shtit“, ul. Shipka 5"},
	}
	for _, tt := range tests {
		if got := BulgarianToLatin(tt.in); got != tt.want {
			t.Errorf("BulgarianToLatin(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
