package consortium

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Period is the span a producer's declared capacity refers to.
type Period string

// Capacity periods. Months are counted as 30 days so that capacity grows by
// the same amount every day and "units made by a date" is a simple formula.
const (
	PerDay   Period = "day"
	PerWeek  Period = "week"
	PerMonth Period = "month"
)

func (p Period) days() (int64, bool) {
	switch p {
	case PerDay:
		return 1, true
	case PerWeek, "":
		return 7, true
	case PerMonth:
		return 30, true
	}
	return 0, false
}

// Limits that keep every cost and capacity sum inside int64.
const (
	MaxQuantity = 1_000_000_000
	maxCapacity = 1_000_000_000_000
	// costScale turns money into integers: one unit is 1/10,000 of the currency.
	costScale = 10_000
	// maxUnitScore bounds the weighted cost of one unit (in 1/10,000) so that
	// MaxQuantity units never overflow.
	maxUnitScore  = 1_000_000_000
	maxMembersCap = 16
	// MaxCandidates bounds one question; a network's whole directory is far smaller.
	MaxCandidates = 200_000
)

// Producer is one candidate for a volume order: an organisation from the
// directory together with the capacity it offers.
type Producer struct {
	ID             string   `json:"id"`
	Name           string   `json:"name,omitempty"`
	Country        string   `json:"country"`
	Lat            float64  `json:"lat"`
	Lon            float64  `json:"lon"`
	Products       []string `json:"products"`
	Certifications []string `json:"certifications,omitempty"`
	// Capacity is the number of units made per CapacityPeriod (default week).
	Capacity       int64  `json:"capacity"`
	CapacityPeriod Period `json:"capacity_period,omitempty"`
	// FreeFrom is the first day the producer can start; zero means as of the order.
	FreeFrom     Date  `json:"free_from,omitempty"`
	LeadTimeDays int   `json:"lead_time_days,omitempty"`
	MinOrder     int64 `json:"min_order,omitempty"`
	// MaxOrder of zero means no upper limit beyond capacity.
	MaxOrder int64 `json:"max_order,omitempty"`
	// UnitPrice is optional; zero means not quoted and only transport is costed.
	UnitPrice   float64 `json:"unit_price,omitempty"`
	Reliability float64 `json:"reliability"`
}

// Delivery is one scheduled drop: Quantity units due at the buyer on Date.
type Delivery struct {
	Date     Date  `json:"date"`
	Quantity int64 `json:"quantity"`
}

// VolumeOrder is a buyer's request for a quantity of one product.
type VolumeOrder struct {
	Product  string `json:"product"`
	Quantity int64  `json:"quantity"`
	// DueDate is used when Deliveries is empty: everything is due that day.
	DueDate    Date       `json:"due_date,omitempty"`
	Deliveries []Delivery `json:"deliveries,omitempty"`
	Country    string     `json:"country,omitempty"`
	Lat        float64    `json:"lat"`
	Lon        float64    `json:"lon"`
	// Certifications every member must hold.
	Certifications []string `json:"certifications,omitempty"`
	// MaxMembers defaults to 8.
	MaxMembers int `json:"max_members,omitempty"`
	// EachCountry lists countries that must each have at least one member.
	EachCountry []string `json:"each_country,omitempty"`
	// MaxShare caps any member's share of the order (0.6 = 60%); zero means no cap.
	MaxShare float64 `json:"max_share,omitempty"`
	// TransportCostPerUnitKm estimates transport cost per unit and km of straight-line distance.
	TransportCostPerUnitKm float64 `json:"transport_cost_per_unit_km,omitempty"`
	// TransportKmPerDay estimates transport time; default 400 km a day.
	TransportKmPerDay float64 `json:"transport_km_per_day,omitempty"`
	// Asof is "today": delivery dates before it are refused and nobody starts earlier.
	Asof Date `json:"asof"`
}

// Weights tune the ranking within consortia of equal size. The zero value is
// not valid; start from DefaultWeights.
type Weights struct {
	// Volume: score per unit = Cost·(price + transport) + Reliability·(1 − reliability).
	Cost        float64 `json:"cost"`
	Reliability float64 `json:"reliability"`
	// Tender: fit = Σ(Reliability·reliability − Proximity·km/100) + CrossBorder·(countries − 1).
	Proximity   float64 `json:"proximity"`
	CrossBorder float64 `json:"cross_border"`
}

// DefaultWeights ranks volume consortia by cost alone (reliability breaks
// ties) and tender consortia by reliability, with a small pull towards nearby
// partners and a bonus for mixing countries.
func DefaultWeights() Weights {
	return Weights{Cost: 1, Reliability: 0, Proximity: 0.05, CrossBorder: 0.25}
}

// Options are the caller's choices that are not part of the order itself.
type Options struct {
	// K is how many alternative consortia to return; default 5.
	K int `json:"k,omitempty"`
	// Weights default to DefaultWeights when nil.
	Weights *Weights `json:"weights,omitempty"`
}

func (o Options) resolved() (int, Weights, error) {
	k := o.K
	if k == 0 {
		k = 5
	}
	if k < 0 || k > 100 {
		return 0, Weights{}, fieldErr("options.k", "must be between 1 and 100, got %d", k)
	}
	w := DefaultWeights()
	if o.Weights != nil {
		w = *o.Weights
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"cost", w.Cost}, {"reliability", w.Reliability}, {"proximity", w.Proximity}, {"cross_border", w.CrossBorder}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 || f.v > 1000 {
			return 0, Weights{}, fieldErr("options.weights."+f.name, "must be a finite number between 0 and 1000, got %v", f.v)
		}
	}
	return k, w, nil
}

// Allocation is what one member makes: Units in total, PerDelivery[j] towards
// the order's j-th delivery.
type Allocation struct {
	ID          string  `json:"id"`
	Name        string  `json:"name,omitempty"`
	Country     string  `json:"country"`
	Units       int64   `json:"units"`
	PerDelivery []int64 `json:"per_delivery"`
	UnitCost    float64 `json:"unit_cost"`
	DistanceKm  float64 `json:"distance_km"`
	Reliability float64 `json:"reliability"`
}

// VolumeConsortium is one ranked answer.
type VolumeConsortium struct {
	Rank    int          `json:"rank"`
	Members []Allocation `json:"members"`
	// TotalCost is price plus transport estimate for the whole order.
	TotalCost float64 `json:"total_cost"`
	// Score is the weighted cost in 1/10,000 currency units the ranking minimised.
	Score           int64   `json:"score"`
	MeanReliability float64 `json:"mean_reliability"`
}

// VolumeResult holds the best consortia, or why there are none.
type VolumeResult struct {
	Deliveries []Delivery         `json:"deliveries"`
	Consortia  []VolumeConsortium `json:"consortia"`
	Reasons    []Reason           `json:"reasons,omitempty"`
	// Alternatives are offered only when Consortia is empty.
	LaterDate *LaterDateAlternative `json:"later_date,omitempty"`
	Partial   *PartialAlternative   `json:"partial,omitempty"`
	// Excluded counts candidates dropped before the search, by cause.
	Excluded map[string]int `json:"excluded,omitempty"`
}

// LaterDateAlternative is the best consortium if every delivery moves later by ShiftDays.
type LaterDateAlternative struct {
	ShiftDays  int              `json:"shift_days"`
	Deliveries []Delivery       `json:"deliveries"`
	Consortium VolumeConsortium `json:"consortium"`
}

// PartialAlternative is the best consortium for a reduced quantity on the original dates.
type PartialAlternative struct {
	Quantity   int64            `json:"quantity"`
	Deliveries []Delivery       `json:"deliveries"`
	Consortium VolumeConsortium `json:"consortium"`
	// Proven reports that no larger quantity in the order's proportions can
	// be delivered on its dates. When false (rare: the proof has a budget),
	// Quantity is feasible but only the largest found by bisection.
	Proven bool `json:"proven"`
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func checkLatLon(field string, lat, lon float64) error {
	if !finite(lat) || lat < -90 || lat > 90 {
		return fieldErr(field+".lat", "must be a latitude between -90 and 90, got %v", lat)
	}
	if !finite(lon) || lon < -180 || lon > 180 {
		return fieldErr(field+".lon", "must be a longitude between -180 and 180, got %v", lon)
	}
	return nil
}

func checkDate(field string, d Date) error {
	if d < minDate || d > maxDate {
		return fieldErr(field, "must be a date between %s and %s, got %s", minDate, maxDate, d)
	}
	return nil
}

// normalise validates the order and returns its delivery schedule.
func (o VolumeOrder) normalise() ([]Delivery, int, error) {
	if strings.TrimSpace(o.Product) == "" {
		return nil, 0, fieldErr("order.product", "must name the product or sector code")
	}
	if o.Asof == 0 {
		return nil, 0, fieldErr("order.asof", "must be given: it is the day the order is judged from")
	}
	if err := checkDate("order.asof", o.Asof); err != nil {
		return nil, 0, err
	}
	if err := checkLatLon("order", o.Lat, o.Lon); err != nil {
		return nil, 0, err
	}
	if o.Quantity < 0 {
		return nil, 0, fieldErr("order.quantity", "must not be negative, got %d", o.Quantity)
	}
	var ds []Delivery
	if len(o.Deliveries) == 0 {
		if o.Quantity == 0 {
			return nil, 0, fieldErr("order.quantity", "must be positive")
		}
		if err := checkDate("order.due_date", o.DueDate); err != nil {
			return nil, 0, err
		}
		ds = []Delivery{{Date: o.DueDate, Quantity: o.Quantity}}
	} else {
		if len(o.Deliveries) > 120 {
			return nil, 0, fieldErr("order.deliveries", "at most 120 deliveries, got %d", len(o.Deliveries))
		}
		var sum int64
		for j, d := range o.Deliveries {
			f := fmt.Sprintf("order.deliveries[%d]", j)
			if err := checkDate(f+".date", d.Date); err != nil {
				return nil, 0, err
			}
			if d.Quantity <= 0 || d.Quantity > MaxQuantity {
				return nil, 0, fieldErr(f+".quantity", "must be between 1 and %d, got %d", MaxQuantity, d.Quantity)
			}
			if j > 0 && d.Date <= o.Deliveries[j-1].Date {
				return nil, 0, fieldErr(f+".date", "must be after the previous delivery (%s)", o.Deliveries[j-1].Date)
			}
			sum += d.Quantity
		}
		if o.Quantity != 0 && o.Quantity != sum {
			return nil, 0, fieldErr("order.quantity", "is %d but the deliveries add up to %d", o.Quantity, sum)
		}
		ds = slices.Clone(o.Deliveries)
	}
	var total int64
	for _, d := range ds {
		total += d.Quantity
	}
	if total > MaxQuantity {
		return nil, 0, fieldErr("order.quantity", "must be at most %d, got %d", MaxQuantity, total)
	}
	if ds[0].Date <= o.Asof {
		f := "order.due_date"
		if len(o.Deliveries) > 0 {
			f = "order.deliveries[0].date"
		}
		return nil, 0, fieldErr(f, "%s is not after the order date %s", ds[0].Date, o.Asof)
	}
	m := o.MaxMembers
	if m == 0 {
		m = 8
	}
	if m < 1 || m > maxMembersCap {
		return nil, 0, fieldErr("order.max_members", "must be between 1 and %d, got %d", maxMembersCap, o.MaxMembers)
	}
	if !finite(o.MaxShare) || o.MaxShare < 0 || o.MaxShare > 1 {
		return nil, 0, fieldErr("order.max_share", "must be between 0 and 1, got %v", o.MaxShare)
	}
	if !finite(o.TransportCostPerUnitKm) || o.TransportCostPerUnitKm < 0 || o.TransportCostPerUnitKm > 1000 {
		return nil, 0, fieldErr("order.transport_cost_per_unit_km", "must be between 0 and 1000, got %v", o.TransportCostPerUnitKm)
	}
	if !finite(o.TransportKmPerDay) || o.TransportKmPerDay < 0 {
		return nil, 0, fieldErr("order.transport_km_per_day", "must be a positive number, got %v", o.TransportKmPerDay)
	}
	for i, c := range o.EachCountry {
		if strings.TrimSpace(c) == "" {
			return nil, 0, fieldErr(fmt.Sprintf("order.each_country[%d]", i), "must be a country code")
		}
	}
	if len(o.EachCountry) > m {
		return nil, 0, fieldErr("order.each_country", "asks for %d countries but at most %d members are allowed", len(o.EachCountry), m)
	}
	return ds, m, nil
}

func checkProducer(i int, p Producer) error {
	if producerOK(p) {
		return nil
	}
	f := fmt.Sprintf("producers[%d]", i)
	if strings.TrimSpace(p.ID) == "" {
		return fieldErr(f+".id", "must not be empty")
	}
	if err := checkLatLon(f, p.Lat, p.Lon); err != nil {
		return err
	}
	if p.Capacity < 0 || p.Capacity > maxCapacity {
		return fieldErr(f+".capacity", "must be between 0 and %d, got %d", int64(maxCapacity), p.Capacity)
	}
	if _, ok := p.CapacityPeriod.days(); !ok {
		return fieldErr(f+".capacity_period", "must be day, week or month, got %q", p.CapacityPeriod)
	}
	if p.FreeFrom != 0 {
		if err := checkDate(f+".free_from", p.FreeFrom); err != nil {
			return err
		}
	}
	if p.LeadTimeDays < 0 || p.LeadTimeDays > 3650 {
		return fieldErr(f+".lead_time_days", "must be between 0 and 3650, got %d", p.LeadTimeDays)
	}
	if p.MinOrder < 0 {
		return fieldErr(f+".min_order", "must not be negative, got %d", p.MinOrder)
	}
	if p.MaxOrder < 0 {
		return fieldErr(f+".max_order", "must not be negative, got %d", p.MaxOrder)
	}
	if p.MaxOrder > 0 && p.MinOrder > p.MaxOrder {
		return fieldErr(f+".min_order", "%d is above max_order %d", p.MinOrder, p.MaxOrder)
	}
	if !finite(p.UnitPrice) || p.UnitPrice < 0 || p.UnitPrice > 100_000 {
		return fieldErr(f+".unit_price", "must be between 0 and 100000, got %v", p.UnitPrice)
	}
	if !finite(p.Reliability) || p.Reliability < 0 || p.Reliability > 1 {
		return fieldErr(f+".reliability", "must be between 0 and 1, got %v", p.Reliability)
	}
	return nil
}

// haversineKm is the great-circle distance; road distance is not known, and a
// consistent estimate is what the ranking needs.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp := p2 - p1
	dl := (lon2 - lon1) * math.Pi / 180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

func hasAll(have, want []string) (string, bool) {
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.EqualFold(h, w) {
				found = true
				break
			}
		}
		if !found {
			return w, false
		}
	}
	return "", true
}

// producerOK is the fast path of checkProducer for valid input, so the field
// name is only formatted when something is wrong.
func producerOK(p Producer) bool {
	_, periodOK := p.CapacityPeriod.days()
	return strings.TrimSpace(p.ID) != "" && finite(p.Lat) && p.Lat >= -90 && p.Lat <= 90 &&
		finite(p.Lon) && p.Lon >= -180 && p.Lon <= 180 && p.Capacity >= 0 && p.Capacity <= maxCapacity &&
		periodOK && (p.FreeFrom == 0 || (p.FreeFrom >= minDate && p.FreeFrom <= maxDate)) &&
		p.LeadTimeDays >= 0 && p.LeadTimeDays <= 3650 && p.MinOrder >= 0 && p.MaxOrder >= 0 &&
		(p.MaxOrder == 0 || p.MinOrder <= p.MaxOrder) && finite(p.UnitPrice) && p.UnitPrice >= 0 &&
		p.UnitPrice <= 100_000 && finite(p.Reliability) && p.Reliability >= 0 && p.Reliability <= 1
}
