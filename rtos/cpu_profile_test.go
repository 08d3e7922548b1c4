package rtos

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var opTestFamilies = NewOp("test_families", map[string]Cost{FamilyMCU: {Cycles: 10}, FamilyM0Plus: {Cycles: 30}})

// The named MCU profiles are found by name; an operation without a figure
// for a profile's family costs its figure for the profile's base family,
// and an override by name still wins.
func TestNamedMCUProfilesFallBackToTheirBaseFamily(t *testing.T) {
	for _, name := range []string{"cortex-m33-pka-160mhz", "cortex-m0plus-48mhz"} {
		p, err := ProfileByName(name)
		require.NoError(t, err)
		assert.Equal(t, name, p.Name)
		assert.Equal(t, FamilyMCU, p.Base)
	}
	for _, c := range []struct {
		profile *Profile
		op      *Op
		want    Cost
	}{
		{ProfileM0Plus, opTestFamilies, Cost{Cycles: 30}},                      // its own family
		{ProfileM33PKA, opTestFamilies, Cost{Cycles: 10}},                      // the base family's
		{ProfileM33PKA, opSemaphoreGet, ProfileDefault.CostOf(opSemaphoreGet)}, // kernel services as on the M4
		{ProfileM0Plus, opTestBytes, ProfileM0Plus.Fallback},                   // neither: the fallback
		{ProfileM0Plus.With(map[string]Cost{"test_families": {Cycles: 7}}), opTestFamilies, Cost{Cycles: 7}},
	} {
		assert.Equal(t, c.want, c.profile.CostOf(c.op), "%s %s", c.profile.Name, c.op.Name())
	}
}
