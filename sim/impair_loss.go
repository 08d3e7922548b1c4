package sim

import "fmt"

// Loss drops each frame independently with probability P. Its Bursts
// counter counts runs of consecutive drops, as GilbertElliott's does.
//
//	lan.Egress("client", &sim.Loss{P: 0.1}) // 10 % of what the client sends is lost
type Loss struct {
	stage
	P float64

	run burstRun
}

// Name is "loss".
func (l *Loss) Name() string { return "loss" }

// Validate checks P is a probability.
func (l *Loss) Validate() error { return checkProbability(l.Name(), "P", l.P) }

func (l *Loss) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		if l.run.count(&l.stats, l.rng.Float64() < l.P) {
			t.note(l.Name(), fmt.Sprintf("dropped (p=%g)", l.P))
			return nil
		}
		return []*inFlight{c}
	})
}

// GilbertElliott drops frames in bursts: a two-state Markov chain that
// moves from Good to Bad with probability P and back with probability R at
// each frame, and loses a frame with probability LossGood in Good and
// LossBad in Bad (the usual p, r, 1-k, 1-h). With LossGood 0 and LossBad 1
// the mean burst is 1/R frames and the mean loss P/(P+R).
//
//	lan.Ingress("server", &sim.GilbertElliott{P: 0.05, R: 0.5, LossBad: 1})
type GilbertElliott struct {
	stage
	P, R              float64
	LossGood, LossBad float64

	bad bool
	run burstRun
}

// Name is "gilbert-elliott".
func (g *GilbertElliott) Name() string { return "gilbert-elliott" }

// Validate checks the four probabilities.
func (g *GilbertElliott) Validate() error {
	return firstError(checkProbability(g.Name(), "P", g.P), checkProbability(g.Name(), "R", g.R),
		checkProbability(g.Name(), "LossGood", g.LossGood), checkProbability(g.Name(), "LossBad", g.LossBad))
}

func (g *GilbertElliott) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		if g.bad {
			g.bad = g.rng.Float64() >= g.R
		} else {
			g.bad = g.rng.Float64() < g.P
		}
		p, state := g.LossGood, "good"
		if g.bad {
			p, state = g.LossBad, "bad"
		}
		if g.run.count(&g.stats, g.rng.Float64() < p) {
			t.note(g.Name(), "dropped in the "+state+" state")
			return nil
		}
		return []*inFlight{c}
	})
}

// burstRun counts a loss stage's drops and its runs of consecutive drops.
type burstRun struct{ dropping bool }

// count records one decision and returns it.
func (b *burstRun) count(st *StageStats, drop bool) bool {
	if drop {
		st.Dropped++
		if !b.dropping {
			st.Bursts++
		}
	}
	b.dropping = drop
	return drop
}
