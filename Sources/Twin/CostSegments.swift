import GridModel

/// A generator's cost in the pieces a linear program takes: a no-load cost while committed and consecutive
/// segments of [0, PMAX] with rising marginal costs, filled cheapest first. Piecewise-linear gencost (model 1) is
/// exact; a polynomial (model 2) is its secant on `polynomialSegments` equal pieces (exact at their ends); adjacent
/// pieces of equal slope are merged. A non-convex curve, which a linear program cannot hold, becomes one segment at
/// its average cost. Every curve then gets a tie-break of at most 3·10⁻⁴ $/MWh that makes equal-cost units share a
/// load (``tieBreakPerMWh``).
package struct CostSegments: Sendable, Equatable {
    /// $/h while committed (the curve's value at 0 MW, at least 0).
    package var noLoadPerHour: Double
    /// Widths (MW, summing to the maximum) and marginal costs ($/MWh).
    package var widthsMW: [Double]
    package var costsPerMWh: [Double]
    /// Per segment, the tie-break the program adds to its cost, $/MWh (not part of the cost reported).
    package var tieBreaksPerMWh: [Double]

    package static let polynomialSegments = 4

    package init(cost: GeneratorCost?, maximumMW: Double) {
        self.init(exactly: cost, maximumMW: maximumMW)
        addTieBreak(maximumMW: max(maximumMW, 0))
    }

    /// The curve's segments without the tie-break.
    private init(exactly cost: GeneratorCost?, maximumMW: Double) {
        let top = max(maximumMW, 0)
        guard let cost, top > 0 else {
            self.init(noLoadPerHour: 0, widthsMW: [top], costsPerMWh: [0])
            return
        }
        var breakpoints: [Double] = [], values: [Double] = []
        if cost.model == 2 {
            breakpoints = (0...Self.polynomialSegments).map { top * Double($0) / Double(Self.polynomialSegments) }
            values = breakpoints.map { x in cost.parameters.reduce(0) { $0 * x + $1 } }
        } else {
            let points = cost.parameters.count / 2
            guard points >= 2 else {
                self.init(noLoadPerHour: 0, widthsMW: [top], costsPerMWh: [0])
                return
            }
            let xs = (0..<points).map { cost.parameters[2 * $0] }, ys = (0..<points).map { cost.parameters[2 * $0 + 1] }
            // The curve, extended linearly beyond its first and last points.
            func value(_ x: Double) -> Double {
                var i = 1
                while i < points - 1 && x > xs[i] { i += 1 }
                let width = xs[i] - xs[i - 1]
                return width > 0 ? ys[i - 1] + (ys[i] - ys[i - 1]) * (x - xs[i - 1]) / width : ys[i]
            }
            breakpoints = [0] + xs.filter { $0 > 0 && $0 < top }.sorted() + [top]
            values = breakpoints.map(value)
        }
        var widths: [Double] = [], slopes: [Double] = []
        for i in 1..<breakpoints.count where breakpoints[i] > breakpoints[i - 1] {
            let width = breakpoints[i] - breakpoints[i - 1], slope = (values[i] - values[i - 1]) / width
            // Pieces of one slope are one segment (a linear polynomial is one, not four): the same costs with fewer
            // columns, and no ties between a unit's own pieces for the simplex to wander over.
            if let last = slopes.last, abs(slope - last) <= 1e-9 * max(1, abs(slope)) {
                widths[widths.count - 1] += width
            } else {
                widths.append(width)
                slopes.append(slope)
            }
        }
        let noLoad = max(0, values[0])
        let convex = zip(slopes, slopes.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 }
        guard !widths.isEmpty, convex, slopes.allSatisfy(\.isFinite), noLoad.isFinite else {
            let average = (values.last! - values[0]) / top
            self.init(noLoadPerHour: noLoad.isFinite ? noLoad : 0, widthsMW: [top], costsPerMWh: [average.isFinite ? average : 0])
            return
        }
        self.init(noLoadPerHour: noLoad, widthsMW: widths, costsPerMWh: slopes)
    }

    /// Raises the marginal cost the program sees in the k-th quarter of [0, PMAX] by k·``tieBreakPerMWh`` (splitting
    /// segments at the quarters; ``tieBreaksPerMWh``). Units of one cost then share a load in proportion to their
    /// capacity, a quarter at a time — as units on droop would — instead of the simplex taking any one of the
    /// equal-cost dispatches: one that runs a few units flat out far from the load and overloads lines that a shared
    /// dispatch leaves alone (case2869pegase, whose 510 units all cost 1 $/MWh: 2,911 flow limits in its first
    /// 24-hour window without this, 112 with it).
    /// The program's cost differs from the true one by at most 3·10⁻⁴ $/MWh; costs are reported without it.
    private mutating func addTieBreak(maximumMW top: Double) {
        guard top > 0 else { return }
        var ends: [Double] = []
        for width in widthsMW { ends.append((ends.last ?? 0) + width) }
        let quarters = (1...3).map { top * Double($0) / 4 }
        var breakpoints: [Double] = [0]
        for point in (ends + quarters).sorted() where point > breakpoints.last! + 1e-9 * top { breakpoints.append(point) }
        var widths: [Double] = [], costs: [Double] = [], ties: [Double] = []
        for (low, high) in zip(breakpoints, breakpoints.dropFirst()) {
            let middle = (low + high) / 2
            let segment = ends.firstIndex { middle < $0 } ?? costsPerMWh.count - 1
            let quarter = min(3, Int(middle / top * 4))
            widths.append(high - low)
            costs.append(costsPerMWh[segment])
            ties.append(Double(quarter) * Self.tieBreakPerMWh)
        }
        widthsMW = widths
        costsPerMWh = costs
        tieBreaksPerMWh = ties
    }

    /// The rise of the marginal cost from one quarter of a unit's range to the next, $/MWh.
    package static let tieBreakPerMWh = 1e-4

    package init(noLoadPerHour: Double, widthsMW: [Double], costsPerMWh: [Double]) {
        self.noLoadPerHour = noLoadPerHour
        self.widthsMW = widthsMW
        self.costsPerMWh = costsPerMWh
        tieBreaksPerMWh = costsPerMWh.map { _ in 0 }
    }
}
