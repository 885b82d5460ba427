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

    /// σ of a zero-injection constraint in the gain form, p.u.: weight 10¹⁰, so the estimate holds P = Q = 0 there to
    /// about 1e-8 p.u. (the augmented form holds it exactly and ignores σ).
    public static let zeroInjectionSigma = 1e-5

    /// Zero-injection buses (no load, no in-service generator; shunts are in Ybus) as equality constraints P = Q = 0
    /// (``GridMeasurement/isEquality``): in the gain form, virtual measurements of very high weight, which keeps the
    /// gain symmetric positive definite; in the augmented (Hachtel) form, rows with a zero variance — exact, by
    /// Lagrange multipliers. Never removed as bad data. Buses that `measurements` already measures are left as they are.
    public static func zeroInjections(of grid: Grid, missingFrom measurements: [GridMeasurement]) -> [GridMeasurement] {
        var measured = Set<Int>()
        for m in measurements where m.kind == .activeInjection || m.kind == .reactiveInjection { measured.insert(m.element) }
        let lookup = grid.busLookup()
        var hasGenerator = Set<Int>()
        for generator in grid.generators where generator.inService { if let b = lookup[generator.bus] { hasGenerator.insert(b) } }
        var result: [GridMeasurement] = []
        for (b, bus) in grid.buses.enumerated()
        where bus.type != .isolated && bus.demandMW == 0 && bus.demandMvar == 0 && !hasGenerator.contains(b) && !measured.contains(b) {
            result.append(GridMeasurement(kind: .activeInjection, element: b, value: 0, sigma: zeroInjectionSigma, isEquality: true))
            result.append(GridMeasurement(kind: .reactiveInjection, element: b, value: 0, sigma: zeroInjectionSigma, isEquality: true))
        }
        return result
    }
}
