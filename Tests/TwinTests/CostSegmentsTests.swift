import GridModel
import Testing
import Twin

@Suite("Cost segments")
struct CostSegmentsTests {
    let tie = CostSegments.tieBreakPerMWh

    @Test("a linear cost is split at the quarters of its range with tie-breaks 0, δ, 2δ, 3δ; its cost stays its slope")
    func linearPolynomial() {
        // 5 $/h + 20 $/MWh·P on [0, 300] MW.
        let segments = CostSegments(cost: GeneratorCost(model: 2, parameters: [0, 20, 5]), maximumMW: 300)
        #expect(segments.widthsMW == [75, 75, 75, 75])
        for slope in segments.costsPerMWh { #expect(abs(slope - 20) < 1e-12) }
        #expect(segments.tieBreaksPerMWh == [0, tie, 2 * tie, 3 * tie])
        #expect(segments.noLoadPerHour == 5)
    }

    @Test("a quadratic is its secant on four equal pieces with rising slopes, exact at their ends")
    func quadratic() {
        // 0.01 $/MW²h·P² + 10 $/MWh·P on [0, 400] MW: secant slopes 10 + 0.01·(a + b) over [a, b].
        let segments = CostSegments(cost: GeneratorCost(model: 2, parameters: [0.01, 10, 0]), maximumMW: 400)
        #expect(segments.widthsMW == [100, 100, 100, 100])
        let expected = [11.0, 13, 15, 17]
        for (slope, value) in zip(segments.costsPerMWh, expected) { #expect(abs(slope - value) < 1e-9) }
        #expect(segments.tieBreaksPerMWh == [0, tie, 2 * tie, 3 * tie])
    }

    @Test("collinear points of a piecewise-linear curve make no break; a bend does, and so do the quarters")
    func piecewiseLinear() {
        // (0, 0), (50, 1,000), (100, 2,000): 20 $/MWh throughout; then (150, 4,000): 40 $/MWh. Quarters of 150 MW:
        // 37.5, 75, 112.5 — no break at 50, one at the bend (100).
        let segments = CostSegments(
            cost: GeneratorCost(model: 1, parameters: [0, 0, 50, 1_000, 100, 2_000, 150, 4_000]), maximumMW: 150)
        #expect(segments.widthsMW == [37.5, 37.5, 25, 12.5, 37.5])
        let expected = [20.0, 20, 20, 40, 40]
        for (slope, value) in zip(segments.costsPerMWh, expected) { #expect(abs(slope - value) < 1e-9) }
        #expect(segments.tieBreaksPerMWh == [0, tie, 2 * tie, 2 * tie, 3 * tie])
    }
}
