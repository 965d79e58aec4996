package b2b

import "math/rand/v2"

// partSearch chooses the parts of the incumbent that the finder asks to
// improve: a random set of slots whose meetings may move (among those
// slots), every other meeting staying where it is. Asking "fewer breaks
// than the incumbent" of the whole event is as hard as finding the
// optimum (forum-13crafb: "at most 13" took as many conflicts as "at most
// 6"), and from the annealing's schedule it found nothing in 10 s. Asked of
// half the slots at a time it takes a fraction of a second each: from 11–12
// breaks to 7–8 within 1.6–2.7 s on forum-13crafb (optimum 6), from 8–12 to
// 6 within 1.1–2.7 s on ticf-13crafb (optimum 3).
//
// The part grows when the questions keep failing: a schedule that no part
// of a given size improves may still be improved by moving more at once.
// Once the part is every slot the question is the whole event's again.
type partSearch struct {
	slots int // slots of the event
	width int // slots set free in each question
	fails int // questions failed in a row at this width
	rng   *rand.Rand
}

// partPatience is how many questions in a row may fail before the part
// grows (by a tenth of the slots, at least one). On forum-13crafb parts of
// 12 of 22 slots stopped paying after a handful of failures, and two slots
// more paid again.
const partPatience = 8

func newPartSearch(slots int, seed uint64) *partSearch {
	return &partSearch{slots: slots, width: max(1, slots/2), rng: rand.New(rand.NewPCG(seed, 0x9a27))}
}

// whole reports whether the part has grown to the whole event.
func (ps *partSearch) whole() bool { return ps.width >= ps.slots }

// next returns which slots are free in the next question.
func (ps *partSearch) next() []bool {
	free := make([]bool, ps.slots)
	for _, s := range ps.rng.Perm(ps.slots)[:min(ps.width, ps.slots)] {
		free[s] = true
	}
	return free
}

// record takes the outcome of the last question: a better schedule found
// or not.
func (ps *partSearch) record(found bool) {
	if found {
		ps.fails = 0
		return
	}
	ps.fails++
	if ps.fails >= partPatience && !ps.whole() {
		ps.width = min(ps.slots, ps.width+max(1, ps.slots/10))
		ps.fails = 0
	}
}
