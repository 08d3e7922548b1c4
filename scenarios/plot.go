package scenarios

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
)

// plot draws a sweep as SVG: the parameter across, the share of
// expectations that held (0 to 1, left axis) as a blue line with a dot per
// point — green when the verdict was pass, red otherwise — and the metric,
// if any, in orange against its own scale (right axis).
func plot(sw *Sweep) []byte {
	const (
		w, h                     = 720, 420
		left, right, top, bottom = 70, 70, 40, 60
	)
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	n := len(sw.Points)
	xs := make([]float64, n)
	numeric := true
	lo, hi := 0.0, 0.0
	for i, p := range sw.Points {
		v, err := strconv.ParseFloat(p.Value, 64)
		if err != nil {
			numeric = false
		}
		xs[i] = v
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	x := func(i int) float64 {
		switch {
		case numeric && hi > lo:
			return float64(left) + (xs[i]-lo)/(hi-lo)*pw
		case n > 1:
			return float64(left) + float64(i)/float64(n-1)*pw
		}
		return float64(left) + pw/2
	}
	y := func(frac float64) float64 { return float64(top) + (1-frac)*ph }
	metricMax := 0.0
	for _, p := range sw.Points {
		if p.Metric != nil && *p.Metric > metricMax {
			metricMax = *p.Metric
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", w, h)
	fmt.Fprintf(&b, `<title>%s</title>`+"\n", html.EscapeString(sw.Scenario+": expectations held against "+sw.Param))
	fmt.Fprintf(&b, `<text x="%d" y="20" font-size="13" font-weight="bold">%s</text>`+"\n", left, html.EscapeString(sw.Scenario+" — sweep of "+sw.Param))
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%g" height="%g" fill="none" stroke="#444"/>`+"\n", left, top, pw, ph)
	plotAxes(&b, sw, x, y, metricMax, w, h, left, top, bottom, pw, ph)
	series := func(color string, val func(p Point) (float64, bool)) {
		var pts bytes.Buffer
		for i, p := range sw.Points {
			if v, ok := val(p); ok {
				fmt.Fprintf(&pts, "%g,%g ", x(i), y(v))
			}
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", color, bytes.TrimSpace(pts.Bytes()))
	}
	series("#24c", func(p Point) (float64, bool) { return held(p), true })
	if metricMax > 0 {
		series("#d80", func(p Point) (float64, bool) {
			if p.Metric == nil {
				return 0, false
			}
			return *p.Metric / metricMax, true
		})
	}
	for i, p := range sw.Points {
		color := "#c00"
		if p.Verdict == "pass" {
			color = "#0a0"
		}
		fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="4" fill="%s"><title>%s</title></circle>`+"\n", x(i), y(held(p)), color,
			html.EscapeString(fmt.Sprintf("%s = %s: %s, %d/%d expectations", sw.Param, p.Value, p.Verdict, p.Passed, p.Total)))
	}
	fmt.Fprintf(&b, "</svg>\n")
	return b.Bytes()
}

// plotAxes draws the grid, the tick labels and the axis titles.
func plotAxes(b *bytes.Buffer, sw *Sweep, x func(int) float64, y func(float64) float64, metricMax float64,
	w, h, left, top, bottom int, pw, ph float64) {
	for _, frac := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(b, `<line x1="%d" y1="%g" x2="%g" y2="%g" stroke="#ddd"/><text x="%d" y="%g" text-anchor="end">%g</text>`+"\n",
			left, y(frac), float64(left)+pw, y(frac), left-6, y(frac)+4, frac)
		if metricMax > 0 {
			fmt.Fprintf(b, `<text x="%g" y="%g" fill="#d80">%g</text>`+"\n", float64(left)+pw+6, y(frac)+4, frac*metricMax)
		}
	}
	for i, p := range sw.Points {
		fmt.Fprintf(b, `<text x="%g" y="%d" text-anchor="middle">%s</text>`+"\n", x(i), h-bottom+16, html.EscapeString(p.Value))
	}
	fmt.Fprintf(b, `<text x="%g" y="%d" text-anchor="middle">%s</text>`+"\n", float64(left)+pw/2, h-20, html.EscapeString(sw.Param))
	fmt.Fprintf(b, `<text x="16" y="%g" transform="rotate(-90 16 %g)" text-anchor="middle" fill="#24c">expectations held</text>`+"\n", float64(top)+ph/2, float64(top)+ph/2)
	if metricMax > 0 {
		fmt.Fprintf(b, `<text x="%d" y="%g" transform="rotate(90 %d %g)" text-anchor="middle" fill="#d80">%s</text>`+"\n",
			w-14, float64(top)+ph/2, w-14, float64(top)+ph/2, html.EscapeString(sw.Metric))
	}
}

// held is the share of a point's expectations that held (0 when it did
// not run).
func held(p Point) float64 {
	if p.Total == 0 {
		if p.Verdict == "pass" {
			return 1
		}
		return 0
	}
	return float64(p.Passed) / float64(p.Total)
}
