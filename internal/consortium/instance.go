package consortium

import (
	"encoding/json"
	"fmt"
	"io"
)

// VolumeInstance is the JSON form of a volume question: the order, the
// candidate producers and the caller's options. README.md documents it.
type VolumeInstance struct {
	Order     VolumeOrder `json:"order"`
	Producers []Producer  `json:"producers"`
	Options   Options     `json:"options"`
}

// TenderInstance is the JSON form of a tender question.
type TenderInstance struct {
	Tender  TenderSpec `json:"tender"`
	Firms   []Firm     `json:"firms"`
	Options Options    `json:"options"`
}

// maxInstanceBytes stops a runaway file before it fills memory; 10,000
// candidates take about 3 MB.
const maxInstanceBytes = 64 << 20

func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(r, maxInstanceBytes))
	// Unknown fields are refused because a misspelt rule ("max_shares")
	// silently ignored would give a confidently wrong answer.
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("unexpected data after the instance")
	}
	return nil
}

// DecodeVolumeInstance reads one volume instance. It checks syntax only;
// Volume checks the values.
func DecodeVolumeInstance(r io.Reader) (VolumeInstance, error) {
	var in VolumeInstance
	if err := decodeStrict(r, &in); err != nil {
		return VolumeInstance{}, fmt.Errorf("volume instance: %w", err)
	}
	return in, nil
}

// DecodeTenderInstance reads one tender instance. It checks syntax only;
// Tender checks the values.
func DecodeTenderInstance(r io.Reader) (TenderInstance, error) {
	var in TenderInstance
	if err := decodeStrict(r, &in); err != nil {
		return TenderInstance{}, fmt.Errorf("tender instance: %w", err)
	}
	return in, nil
}
