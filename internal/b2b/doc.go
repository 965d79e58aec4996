// Package b2b schedules the one-to-one business meetings of a brokerage
// event: every requested meeting gets a slot and a table, nobody is
// double-booked, and people wait as little as possible between meetings.
//
// The engine is pure: an Instance (participants, slots, tables, meetings,
// precedences) goes in, a Result comes out; the only readers take bytes
// (ParseDZN for the published benchmark format, ParseJSON for the engine's
// own format). Solve honours its context and Options.TimeLimit.
//
// # Objective
//
// Lexicographic: first place as many meetings as possible, higher priority
// first (or, with Options.RequireAll, all of them or a proof that they
// cannot all be held); then minimise the total number of breaks, a break
// being a maximal run of idle slots between two of a participant's meetings
// on the same day (idle time before the first or after the last meeting of
// the day does not count, and the lunch boundary is not a break). With
// fairness d, nobody may have more than d breaks more than anyone else.
// Tables are assigned last: booths and organiser-fixed tables are kept,
// and the others are chosen so that people walk between tables as little
// as possible, then use as few different tables as possible (tables.go).
//
// # Method
//
// The model is solved by the package's own CDCL satisfiability solver with
// native at-most-k constraints (sat.go), on an encoding (encode.go) whose
// break variables are defined exactly and strengthened by implied counting
// rules (every participant is busy in exactly as many slots as it has
// meetings; each meeting fills two participants' slots). Optimality comes
// from two searches that run at once, one per core (solve.go): a prover
// that climbs from the sum of each participant's own proven minimum
// (bound.go), proving "at most lb breaks" impossible one lb at a time, and
// a finder that anneals the incumbent and asks a solver for a schedule at
// the bound or below the incumbent, there of parts of the schedule first
// (parts.go): a question over the whole event is as hard as the optimum's,
// one over half the slots takes a fraction of a second. The prover
// alternates two set-ups: one solver that keeps what it learns while the
// bound moves by assumptions (bounded.go), and one per bound with the bound
// as units that also counts the tables of each slot (newPinned); it probes
// failed literals and restarts in a focused mode. It counts busy
// participants per slot and all breaks through totalizer counters rather
// than native constraints: over the counter variables a learnt clause can
// say "at least 7 of these participants are busy in slot 4", which is how
// crowded events are proven to need breaks; over the meeting variables
// alone such proofs are out of reach. A constructive schedule with local
// repair (greedy.go) steers the first search. Simulated annealing
// with Kempe-chain moves (anneal.go) lowers the breaks of the incumbent, so
// that unproven answers are still good ones; cooled by the clock over the
// time limit, it alone answers for events too large for the exact model and
// for events past 7,000 meeting-slot pairs whose every meeting already fits,
// where it finds far fewer breaks than the exact search in the same time;
// on such events whose meetings do not all fit, the exact search places the
// meetings within half the limit and the annealing takes the breaks.
//
// Explanations of infeasible or partial answers are Reason values: a code
// plus participant, meeting, slot and counts, with an English String.
package b2b
