package consortium

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrInvalid is wrapped by every FieldError so callers can test for bad input
// with errors.Is without caring which field it was.
var ErrInvalid = errors.New("invalid input")

// FieldError reports bad input and names the offending field in the caller's
// own terms, e.g. "producers[3].capacity", so a form can highlight it.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Unwrap lets errors.Is(err, ErrInvalid) hold.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// ReasonCode identifies why no consortium could be formed. The web layer keys
// its translations on the code and fills in Params.
type ReasonCode string

// Reason codes. Their parameters are listed beside each.
const (
	// product
	NoProducerForProduct ReasonCode = "no_producer_for_product"
	// certification
	NoCertificationHolder ReasonCode = "no_certification_holder"
	// country
	NoCandidateFromCountry ReasonCode = "no_candidate_from_country"
	// made, quantity, date, earliest (earliest may be empty)
	ShortByDate ReasonCode = "short_by_date"
	// max_members, needed (needed may be empty when even all candidates fall short)
	TooFewMembersAllowed ReasonCode = "too_few_members_allowed"
	// (none): capacities suffice but minimum orders, schedules or shares cannot be reconciled
	NoCompatibleCombination ReasonCode = "no_compatible_combination"
	// competence, min_references, closest (comma-separated candidate IDs with their references)
	UncoveredRequirement ReasonCode = "uncovered_requirement"
	// needed, max_members
	CoverNeedsMorePartners ReasonCode = "cover_needs_more_partners"
	// members, best, needed
	TurnoverShort ReasonCode = "turnover_short"
	// (none)
	NoEligibleLead ReasonCode = "no_eligible_lead"
)

// Reason is one plain-language cause of infeasibility, kept structured so it
// can be translated.
type Reason struct {
	Code   ReasonCode        `json:"code"`
	Params map[string]string `json:"params,omitempty"`
}

func reason(code ReasonCode, kv ...string) Reason {
	r := Reason{Code: code}
	if len(kv) > 0 {
		r.Params = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			r.Params[kv[i]] = kv[i+1]
		}
	}
	return r
}

// String renders the reason in English.
func (r Reason) String() string {
	p := r.Params
	switch r.Code {
	case NoProducerForProduct:
		return fmt.Sprintf("no candidate makes %s", p["product"])
	case NoCertificationHolder:
		return fmt.Sprintf("no candidate holds %s", p["certification"])
	case NoCandidateFromCountry:
		return fmt.Sprintf("no usable candidate from %s, but the order asks for one", p["country"])
	case ShortByDate:
		s := fmt.Sprintf("only %s of %s units can be made by %s", p["made"], p["quantity"], p["date"])
		if p["earliest"] != "" {
			s += fmt.Sprintf("; the earliest date all %s can be made is %s", p["quantity"], p["earliest"])
		}
		return s
	case TooFewMembersAllowed:
		if p["needed"] == "" {
			return fmt.Sprintf("at most %s members are allowed, and even all candidates together fall short", p["max_members"])
		}
		return fmt.Sprintf("at most %s members are allowed, but at least %s are needed", p["max_members"], p["needed"])
	case NoCompatibleCombination:
		return "each condition can be met on its own, but no combination of candidates meets them all together"
	case UncoveredRequirement:
		s := fmt.Sprintf("no candidate covers %s with at least %s references", p["competence"], p["min_references"])
		if p["closest"] != "" {
			s += "; closest: " + p["closest"]
		}
		return s
	case CoverNeedsMorePartners:
		return fmt.Sprintf("covering every requirement needs at least %s partners, more than the %s allowed", p["needed"], p["max_members"])
	case TurnoverShort:
		return fmt.Sprintf("the largest combined turnover of any %s candidates is %s, below the required %s", p["members"], p["best"], p["needed"])
	case NoEligibleLead:
		return "no candidate meets the lead partner's thresholds"
	}
	keys := make([]string, 0, len(p))
	for k, v := range p {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return string(r.Code) + " " + strings.Join(keys, " ")
}
