package regno

import "testing"

func BenchmarkValidate(b *testing.B) {
	cases := []struct{ name, country, in string }{
		{"rs-mb", "RS", "20084693"},
		{"rs-pib-vat", "RS", "RS 104 052 135"},
		{"bg-eik9", "BG", "831642181"},
		{"bg-eik13", "BG", "831642181-0017"},
		{"other", "GR", "800123456"},
		{"invalid", "RS", "104052136"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Validate(c.country, c.in)
			}
		})
	}
}

func BenchmarkMake(b *testing.B) {
	for _, kind := range []Kind{RSMB, RSPIB, BGEIK9, BGEIK13} {
		b.Run(string(kind), func(b *testing.B) {
			b.ReportAllocs()
			seed := 0
			for b.Loop() {
				_ = Make(kind, seed)
				seed++
			}
		})
	}
}
