package regno

import "strconv"

// Capacity is how many distinct numbers Make gives for a kind: seeds 0…Capacity-1 give different
// numbers, larger seeds wrap around. The generators of demo and synthetic directories stay far
// below these.
func Capacity(kind Kind) int {
	switch kind {
	case RSMB:
		return 9 * 100_000
	case RSPIB:
		return 10_000_000
	case BGEIK9:
		return 1_000_000
	case BGEIK13:
		return 1_000_000 * 999
	}
	return 0
}

// Make returns a valid number of a kind for a seed, shaped like numbers issued today: an MB of
// a company registered since 2005 starts with 2, a PIB with 1, an EIK issued by the Commercial
// Register with 20; a branch number extends an EIK with branch 001–999. The mapping scatters
// consecutive seeds so generated directories do not look sequential. It returns "" for a kind
// it cannot make (Other, or an unknown kind).
func Make(kind Kind, seed int) string {
	capacity := Capacity(kind)
	if capacity == 0 {
		return ""
	}
	s := uint64(seed) % uint64(capacity)
	switch kind {
	case RSMB:
		// Seven base digits: "2", five scattered by the seed, and a last digit chosen among the
		// nine or ten that do not leave remainder 1 (see rsMBRemainder; weight 2 makes the ten
		// remainders distinct, so at most one is excluded).
		t := scatter(s, uint64(capacity))
		base := "2" + pad(t/9, 5)
		skip := t % 9
		for d := byte('0'); d <= '9'; d++ {
			b7 := base + string(d)
			if rsMBRemainder(b7) == 1 {
				continue
			}
			if skip == 0 {
				k, _ := CheckDigitRSMB(b7)
				return b7 + string(k)
			}
			skip--
		}
	case RSPIB:
		base := "1" + pad(scatter(s, 10_000_000), 7)
		k, _ := CheckDigitRSPIB(base)
		return base + string(k)
	case BGEIK9:
		return makeEIK9(s)
	case BGEIK13:
		eik := makeEIK9(s / 999)
		base := eik + pad(1+s%999, 3)
		k, _ := CheckDigitBGEIK13(base)
		return base + string(k)
	}
	return ""
}

func makeEIK9(s uint64) string {
	base := "20" + pad(scatter(s, 1_000_000), 6)
	k, _ := CheckDigitBGEIK9(base)
	return base + string(k)
}

// scatter is a bijection on 0…n-1 for every n whose only prime factors are 2, 3 and 5 (all the
// capacities above): the multiplier is divisible by none of them, hence coprime with n.
func scatter(s, n uint64) uint64 { return (s*79_193 + 48_271) % n }

func pad(v uint64, width int) string {
	s := strconv.FormatUint(v, 10)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
