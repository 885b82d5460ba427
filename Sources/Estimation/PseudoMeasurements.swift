import GridModel

/// Pseudo-measurements: what the case file says a bus injects (generation less load), with a large σ, for buses that
/// have no injection measurement — to make a grid observable where real sensors are missing, as planners' forecasts do.
public enum PseudoMeasurements {
    /// σ of a pseudo-measurement, p.u.: a weight 10⁴ times below a 1 % sensor's.
    public static let sigma = 1.0

    /// P and Q injection pseudo-measurements (p.u.) at every energized bus that `measurements` has none of.
    public static func injections(of grid: Grid, missingFrom measurements: [GridMeasurement]) -> [GridMeasurement] {
        var hasActive = Set<Int>(), hasReactive = Set<Int>()
        for m in measurements where m.kind == .activeInjection { hasActive.insert(m.element) }
        for m in measurements where m.kind == .reactiveInjection { hasReactive.insert(m.element) }
        let lookup = grid.busLookup()
        var generationMW = [Double](repeating: 0, count: grid.buses.count), generationMvar = generationMW
        for generator in grid.generators where generator.inService {
            guard let b = lookup[generator.bus] else { continue }
            generationMW[b] += generator.activePowerMW
            generationMvar[b] += generator.reactivePowerMvar
        }
        var result: [GridMeasurement] = []
        for (b, bus) in grid.buses.enumerated() where bus.type != .isolated {
            if !hasActive.contains(b) {
                result.append(GridMeasurement(
                    kind: .activeInjection, element: b, value: (generationMW[b] - bus.demandMW) / grid.baseMVA, sigma: sigma))
            }
            if !hasReactive.contains(b) {
                result.append(GridMeasurement(
                    kind: .reactiveInjection, element: b, value: (generationMvar[b] - bus.demandMvar) / grid.baseMVA, sigma: sigma))
            }
        }
        return result
    }
}
