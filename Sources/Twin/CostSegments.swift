import GridModel

/// A generator's cost in the pieces a linear program takes: a no-load cost while committed and consecutive
/// segments of [0, PMAX] with rising marginal costs, filled cheapest first. Piecewise-linear gencost (model 1) is
/// exact; a polynomial (model 2) is its secant on `polynomialSegments` equal pieces (exact at their ends). A
/// non-convex curve, which a linear program cannot hold, becomes one segment at its average cost.
struct CostSegments: Sendable, Equatable {
    /// $/h while committed (the curve's value at 0 MW, at least 0).
    var noLoadPerHour: Double
    /// Widths (MW, summing to the maximum) and marginal costs ($/MWh).
    var widthsMW: [Double]
    var costsPerMWh: [Double]

    static let polynomialSegments = 4

    init(cost: GeneratorCost?, maximumMW: Double) {
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
            widths.append(breakpoints[i] - breakpoints[i - 1])
            slopes.append((values[i] - values[i - 1]) / (breakpoints[i] - breakpoints[i - 1]))
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

    init(noLoadPerHour: Double, widthsMW: [Double], costsPerMWh: [Double]) {
        self.noLoadPerHour = noLoadPerHour
        self.widthsMW = widthsMW
        self.costsPerMWh = costsPerMWh
    }
}
