package translit

import "testing"

func TestDetectScript(t *testing.T) {
	tests := []struct {
		in   string
		want Script
	}{
		{"", ScriptNone},
		{"12345 !?", ScriptNone},
		{"Ελλάδα", ScriptNone},
		{"Niš", ScriptLatin},
		{"Ниш", ScriptCyrillic},
		{"ООД Vidin Trade", ScriptLatin},
		{"Клъстер за енергия Interreg", ScriptCyrillic},
		{"ab аб", ScriptNone},
		{"Dјordje", ScriptLatin}, // one Cyrillic ј in a Latin word
		{"ǅep", ScriptLatin},
		{"ѝ", ScriptCyrillic},
	}
	for _, tt := range tests {
		if got := DetectScript(tt.in); got != tt.want {
			t.Errorf("DetectScript(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestScriptString(t *testing.T) {
	tests := []struct {
		in   Script
		want string
	}{
		{ScriptNone, "None"},
		{ScriptLatin, "Latin"},
		{ScriptCyrillic, "Cyrillic"},
		{Script(42), "None"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Script(%d).String() = %q, want %q", int(tt.in), got, tt.want)
		}
	}
}
