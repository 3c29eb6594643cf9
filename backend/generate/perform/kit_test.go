package perform

import (
	"slices"
	"testing"
)

// Every drum of the kit gets a seed's own sound, and a seed always gets the same one.
func TestEachSeedHasItsOwnKit(t *testing.T) {
	keys := make([]int, 0, len(drumKit))
	for k := range drumKit {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, drumNumbers) {
		t.Fatalf("drumNumbers %v does not list drumKit's drums %v", drumNumbers, keys)
	}
	one, again, two := kitFor(1), kitFor(1), kitFor(2)
	for _, num := range drumNumbers {
		if one[num] != again[num] {
			t.Errorf("drum %d: seed 1 gave two kits", num)
		}
		if one[num] == two[num] {
			t.Errorf("drum %d sounds the same for seeds 1 and 2", num)
		}
	}
	if one[36].f0End != drumKit[36].f0End || one[38].f0End != drumKit[38].f0End {
		t.Errorf("the kit moved where the kick or snare lands; tuneToKey places them")
	}
}
