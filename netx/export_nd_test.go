package netx

import "github.com/nxsim/nxsim/nx"

// NDState returns the state of the neighbour cache entry for a
// (ND_CACHE_STATE_*: 0 none, 1 incomplete, 2 reachable, 3 stale, 4 delay,
// 5 probe, 6 created), for the external tests.
func NDState(ip *IP, a [4]nx.ULONG) int {
	if e := ip.ndFind(a); e != nil {
		return e.state
	}
	return ndStateInvalid
}
