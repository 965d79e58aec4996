// Package consortium forms consortia of organisations from the business-cluster
// network: it pools producers' capacity to meet a volume order (Volume) and
// covers a public tender's requirements with the fewest partners (Tender).
//
// The package is pure: it takes plain values, reads no files, clock or
// network, and returns plain values. "Today" is an explicit input
// (VolumeOrder.Asof) so every answer can be reproduced.
//
// Both problems are NP-hard in general. The engine solves the sizes that
// matter (up to tens of thousands of candidates, consortia of up to 8, or 16 at
// most) exactly, by best-first branch and bound over member sets with
// admissible bounds and dominance, and returns the best K consortia under a
// documented total order. Tests compare it with exhaustive enumeration on
// thousands of random instances; README.md gives the ranking, the JSON
// instance format and measured speed.
//
// Bad input yields a *FieldError naming the field ("producers[3].capacity");
// errors.Is(err, ErrInvalid) holds for all of them. An order or tender nobody
// can serve is not an error: the result has no consortia and carries Reasons,
// structured values with an English String method for translation.
package consortium
