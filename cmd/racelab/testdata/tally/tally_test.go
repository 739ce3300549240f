package tally

import "testing"

func TestVotesAreCounted(t *testing.T) {
	var tl Tally
	VoteAll(&tl, []string{"ann", "bob", "ann", "ann"})
	if got := tl.Count("ann"); got != 3 {
		t.Fatalf("ann has %d votes, want 3", got)
	}
	if got := tl.Total(); got != 4 {
		t.Fatalf("total %d, want 4", got)
	}
}
