package sim

import (
	"fmt"
	"time"
)

// ParamError is an invalid parameter of a stage, a rule or a network call:
// which one, the field, the value given and what is allowed. Installers and
// network calls return it before anything changes.
type ParamError struct {
	Stage   string // the stage ("loss"), rule ("rule \"lose SH\"") or call ("Outage")
	Field   string // the field or argument ("P", "device")
	Value   any    // the value given
	Allowed string // what would be accepted ("a probability in [0, 1]")
}

// Error says what is wrong and what is allowed.
func (e *ParamError) Error() string {
	return fmt.Sprintf("sim: %s: %s = %v, want %s", e.Stage, e.Field, e.Value, e.Allowed)
}

// maxDelay bounds every added delay: far beyond any run, and far from the
// overflow of time.Duration arithmetic.
const maxDelay = 24 * time.Hour

// checkProbability is nil if p is a probability.
func checkProbability(stage, field string, p float64) error {
	if p >= 0 && p <= 1 { // false for NaN
		return nil
	}
	return &ParamError{Stage: stage, Field: field, Value: p, Allowed: "a probability in [0, 1]"}
}

// checkDelay is nil if d is a delay in [0, maxDelay].
func checkDelay(stage, field string, d time.Duration) error {
	if d >= 0 && d <= maxDelay {
		return nil
	}
	return &ParamError{Stage: stage, Field: field, Value: d, Allowed: fmt.Sprintf("a duration in [0, %v]", maxDelay)}
}

// checkAtLeast is nil if v >= least.
func checkAtLeast(stage, field string, v, least int64) error {
	if v >= least {
		return nil
	}
	return &ParamError{Stage: stage, Field: field, Value: v, Allowed: fmt.Sprintf("at least %d", least)}
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
