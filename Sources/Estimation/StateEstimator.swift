import Foundation
import GridNetwork
import Numerics
import SparseLU

/// Weighted-least-squares state estimation by Gauss-Newton: minimise J(x) = Σ ((zᵢ − hᵢ(x))/σᵢ)² by solving the
/// normal equations G·Δx = Hᵀ·W·(z − h(x)) with G = Hᵀ·W·H, factored by KLU. The measurement set's structure —
/// H's pattern, G's pattern, the KLU analysis — is built once, so that new values (the next frame of a live twin) cost
/// only the numeric work; an estimate can start from the last one.
///
/// Bad data: the chi-square test of J(x̂) with m − n degrees of freedom (α = 5 %), and the largest normalized residual
/// test (threshold 3): rᴺᵢ = |rᵢ|/√Ωᵢᵢ with Ωᵢᵢ = σᵢ² − hᵢᵀ·G⁻¹·hᵢ; the worst measurement above the threshold is removed
/// (weight 0, the patterns kept) and the state re-estimated warm, up to ``maximumRemovals`` times. A measurement with
/// Ωᵢᵢ ≈ 0 is critical: its residual is always 0 and an error in it cannot be seen.
///
/// Two formulations of the Gauss-Newton step (``Formulation``): the gain matrix (normal equations, the default) or
/// Hachtel's augmented system (``AugmentedSystem``), which avoids squaring H's condition number and holds equality
/// constraints (zero injections) exactly. Residual variances for the bad-data test come from the gain in both.
///
/// A class: it owns KLU factors; not thread-safe.
public final class StateEstimator {
    /// How each Gauss-Newton step is solved.
    public enum Formulation: String, Sendable, CaseIterable {
        /// G·Δx = Hᵀ·W·(z − h), G = Hᵀ·W·H symmetric positive definite; equality constraints as huge weights.
        case gain
        /// [s·R H; Hᵀ 0]·[μ; Δx] = [z − h; 0]: larger but better conditioned; equality constraints exact.
        case hachtel
    }

    public let formulation: Formulation
    public let network: PowerFlowNetwork
    public private(set) var measurements: [GridMeasurement]
    private let model: MeasurementModel
    /// G's pattern (CSC) and, per measurement, the positions in G's values of its column pairs.
    private let gainPattern: CompressedColumnPattern
    private let pairPositions: [Int]
    /// Where each measurement's pairs start in ``pairPositions`` (row-major over its row's columns).
    private let pairStarts: [Int]
    private let factorization: RealSparseLU
    /// The augmented system, for the Hachtel formulation.
    private let augmented: AugmentedSystem?
    private let isEquality: [Bool]
    /// Whether the set was found observable (nil until checked).
    private var isObservable: Bool?
    /// The gain's inverse inside its pattern (CHOLMOD's analysis kept), built at the first bad-data analysis.
    private var sparseInverse: SymmetricSparseInverse?
    /// State columns that no measurement touches: their buses are unobservable whatever the values.
    public let untouchedBuses: [Int]

    /// Convergence: largest |Δx| (radians or p.u.).
    public var tolerance = 1e-8
    public var maximumIterations = 50
    /// Largest normalized residual above which a measurement is bad data, and the most removals per estimate.
    public var normalizedResidualThreshold = 3.0
    public var maximumRemovals = 10
    /// Significance of the chi-square test.
    public var significance = 0.05

    /// Builds the measurement model, the gain matrix's pattern and its KLU analysis for `measurements` on `network`
    /// (and the augmented system's for the Hachtel formulation).
    public init(
        network: PowerFlowNetwork, measurements: [GridMeasurement], formulation: Formulation = .gain
    ) throws(EstimationError) {
        self.network = network
        self.measurements = measurements
        self.formulation = formulation
        isEquality = measurements.map(\.isEquality)
        let model = MeasurementModel(network: network, measurements: measurements)
        self.model = model
        augmented = formulation == .hachtel ? try AugmentedSystem(model: model, measurements: measurements) : nil
        let n = model.stateCount
        var columnSets = [Set<Int>](repeating: [], count: n)
        for i in measurements.indices {
            let row = model.columns[model.rowStarts[i]..<model.rowStarts[i + 1]]
            for a in row { for b in row { columnSets[b].insert(a) } }
        }
        var touched = [Bool](repeating: false, count: n)
        for c in model.columns { touched[c] = true }
        var untouched: [Int] = []
        for b in network.grid.buses.indices {
            let columns = [model.angleColumn[b], model.magnitudeColumn[b]].filter { $0 >= 0 }
            if columns.contains(where: { !touched[$0] }) { untouched.append(b) }
        }
        untouchedBuses = untouched
        var starts = [0], rows: [Int] = []
        for c in 0..<n {
            var set = columnSets[c]
            set.insert(c)
            rows += set.sorted()
            starts.append(rows.count)
        }
        let pattern: CompressedColumnPattern
        do {
            pattern = try CompressedColumnPattern(dimension: n, columnStarts: starts, rowIndices: rows)
            factorization = try RealSparseLU(pattern: pattern)
        } catch {
            throw EstimationError.analysis("\(error)")
        }
        gainPattern = pattern
        var positions: [Int] = [], pairStarts = [0]
        for i in measurements.indices {
            let row = model.columns[model.rowStarts[i]..<model.rowStarts[i + 1]]
            for a in row { for b in row { positions.append(pattern.entryIndex(row: a, column: b)!) } }
            pairStarts.append(positions.count)
        }
        pairPositions = positions
        self.pairStarts = pairStarts
    }

    /// The number of states (angles and magnitudes).
    public var stateCount: Int { model.stateCount }

    /// Estimates the state from `values` (one per measurement; the set's own when nil) starting from `start` (the
    /// case's voltages when nil), with bad-data removal when `removeBadData`.
    public func estimate(
        values: [Double]? = nil, start: [Complex<Double>]? = nil, removeBadData: Bool = true
    ) throws(EstimationError) -> StateEstimate {
        let z = values ?? measurements.map(\.value)
        precondition(z.count == measurements.count, "one value per measurement")
        guard untouchedBuses.isEmpty else { throw EstimationError.unobservable(buses: untouchedBuses) }
        // Numerical observability, once per measurement set (it depends on the set, not on its values).
        if isObservable == nil {
            let free = unobservableBuses(at: start ?? network.initialVoltages())
            isObservable = free.isEmpty
            guard free.isEmpty else { throw EstimationError.unobservable(buses: free) }
        }
        var weights = measurements.map(Self.weight)
        var voltages = start ?? network.initialVoltages()
        var removed: [Int] = []
        var result: StateEstimate, jacobian: [Double]
        do {
            (result, jacobian) = try gaussNewton(z: z, weights: weights, voltages: &voltages)
        } catch .singularGain(let detail) {
            let buses = unobservableBuses(at: start ?? network.initialVoltages(), weights: weights)
            throw buses.isEmpty ? .singularGain(detail) : .unobservable(buses: buses)
        }
        func limit() -> (degrees: Int, threshold: Double) {
            let degrees = weights.filter { $0 > 0 }.count - stateCount
            return (degrees, degrees > 0 ? ChiSquareDistribution.quantile(1 - significance, degrees: degrees) : .nan)
        }
        // Detection and identification: when J exceeds its chi-square limit, the largest normalized residual above 3
        // is bad data; when it does not (an error on a measurement of low redundancy raises J too little), only one
        // above the level that the largest of m good normalized residuals exceeds with probability α (Šidák: about
        // 4.1 for 600 measurements, 4.6 for 20,000) — so that a clean frame keeps its good measurements. The worst is
        // removed and the state re-estimated warm.
        let familyThreshold = max(normalizedResidualThreshold, Self.largestNormalQuantile(count: measurements.count, significance: significance))
        while removeBadData {
            result.normalizedResiduals = try normalizedResiduals(result, jacobian: jacobian, weights: weights)
            guard removed.count < maximumRemovals else { break }
            let (_, limitNow) = limit()
            let threshold = limitNow.isFinite && result.objective > limitNow ? normalizedResidualThreshold : familyThreshold
            let normalized = result.normalizedResiduals
            guard let worst = normalized.indices.filter({ normalized[$0].isFinite && weights[$0] > 0 && !isEquality[$0] })
                .max(by: { normalized[$0] < normalized[$1] }), normalized[worst] > threshold
            else { break }
            weights[worst] = 0
            var trial = voltages
            guard let next = try? gaussNewton(z: z, weights: weights, voltages: &trial) else {
                // Removing it leaves the state unobservable: it stays.
                weights[worst] = Self.weight(measurements[worst])
                break
            }
            voltages = trial
            removed.append(worst)
            (result, jacobian) = next
        }
        result.removed = removed
        (result.degreesOfFreedom, result.chiSquareThreshold) = limit()
        return result
    }

    /// Gauss-Newton from `voltages` (moved to the estimate); returns the estimate and H's values at it.
    private func gaussNewton(
        z: [Double], weights: [Double], voltages: inout [Complex<Double>]
    ) throws(EstimationError) -> (estimate: StateEstimate, jacobian: [Double]) {
        let m = measurements.count, n = stateCount
        var h = [Double](repeating: 0, count: m), jacobian = [Double](repeating: 0, count: model.columns.count)
        var gain = [Double](repeating: 0, count: gainPattern.nonzeroCount)
        var magnitude = voltages.map(\.length)
        var angle = voltages.map { Double.atan2(y: $0.imaginary, x: $0.real) }
        for iteration in 1...maximumIterations {
            model.evaluate(voltages: voltages, values: &h, jacobian: &jacobian)
            var rhs: [Double]
            if let augmented {
                let residuals = (0..<m).map { residual($0, z, h) }
                rhs = Array(try augmented.step(jacobian: jacobian, residuals: residuals, weights: weights, isEquality: isEquality))
            } else {
                assembleGain(jacobian: jacobian, weights: weights, into: &gain)
                rhs = [Double](repeating: 0, count: n)
                for i in 0..<m where weights[i] > 0 {
                    let r = residual(i, z, h)
                    for p in model.rowStarts[i]..<model.rowStarts[i + 1] { rhs[model.columns[p]] += jacobian[p] * weights[i] * r }
                }
                do {
                    try factorization.refactor(gain)
                    try factorization.solve(&rhs)
                } catch {
                    throw EstimationError.singularGain("\(error)")
                }
            }
            guard rhs.allSatisfy(\.isFinite) else { throw EstimationError.singularGain("the update is not finite") }
            var largest = 0.0
            for b in voltages.indices {
                if model.angleColumn[b] >= 0 { angle[b] += rhs[model.angleColumn[b]] }
                if model.magnitudeColumn[b] >= 0 { magnitude[b] += rhs[model.magnitudeColumn[b]] }
                voltages[b] = Complex(magnitude[b] * .cos(angle[b]), magnitude[b] * .sin(angle[b]))
            }
            for value in rhs { largest = max(largest, abs(value)) }
            if largest < tolerance {
                model.evaluate(voltages: voltages, values: &h, jacobian: &jacobian)
                var residuals = [Double](repeating: 0, count: m), objective = 0.0
                for i in 0..<m {
                    residuals[i] = residual(i, z, h)
                    objective += weights[i] * residuals[i] * residuals[i]
                }
                let estimate = StateEstimate(
                    voltages: voltages, iterations: iteration, objective: objective, estimatedValues: h,
                    residuals: residuals)
                return (estimate, jacobian)
            }
        }
        throw EstimationError.notConverged(iterations: maximumIterations)
    }

    /// G = Hᵀ·W·H into `gain` (G's pattern), each measurement's outer product added at its precomputed positions.
    private func assembleGain(jacobian: [Double], weights: [Double], into gain: inout [Double]) {
        for p in gain.indices { gain[p] = 0 }
        gain.withUnsafeMutableBufferPointer { g in
            jacobian.withUnsafeBufferPointer { h in
                pairPositions.withUnsafeBufferPointer { positions in
                    model.rowStarts.withUnsafeBufferPointer { starts in
                        for i in 0..<weights.count where weights[i] > 0 {
                            let start = starts[i], count = starts[i + 1] - start
                            var p = pairStarts[i]
                            for a in 0..<count {
                                let weighted = h[start + a] * weights[i]
                                for b in 0..<count {
                                    g[positions[p]] += weighted * h[start + b]
                                    p += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Normalized residuals |rᵢ|/√Ωᵢᵢ, Ωᵢᵢ = σᵢ² − hᵢᵀG⁻¹hᵢ at the estimate; NaN for critical measurements
    /// (Ωᵢᵢ ≤ 1e-10 σᵢ²), removed ones and equality constraints (G weights those by 1/σ², σ tiny, in both
    /// formulations: the variances of the others are then those of the constrained estimate to ~σ²). G⁻¹ is needed only inside G's pattern (where two columns of one row meet):
    /// ``SymmetricSparseInverse`` gives exactly those entries, from a sparse LDLᵀ, never a dense inverse.
    private func normalizedResiduals(
        _ estimate: StateEstimate, jacobian: [Double], weights: [Double]
    ) throws(EstimationError) -> [Double] {
        var gain = [Double](repeating: 0, count: gainPattern.nonzeroCount)
        assembleGain(jacobian: jacobian, weights: weights, into: &gain)
        let inverse: [Double]
        do {
            if sparseInverse == nil { sparseInverse = try SymmetricSparseInverse(pattern: gainPattern) }
            inverse = try sparseInverse!.inverseOnPattern(gain)
        } catch {
            throw EstimationError.singularGain("\(error)")
        }
        return measurements.indices.map { i in
            guard weights[i] > 0, !isEquality[i] else { return .nan }
            let start = model.rowStarts[i], count = model.rowStarts[i + 1] - start
            var quadratic = 0.0, p = pairStarts[i]
            for a in 0..<count {
                for b in 0..<count {
                    quadratic += jacobian[start + a] * jacobian[start + b] * inverse[pairPositions[p]]
                    p += 1
                }
            }
            let variance = measurements[i].sigma * measurements[i].sigma - quadratic
            guard variance > 1e-10 * measurements[i].sigma * measurements[i].sigma else { return .nan }
            return abs(estimate.residuals[i]) / variance.squareRoot()
        }
    }

    /// The buses whose angle or magnitude the measurements leave free: the support of G's null space, found by
    /// inverse iteration on G + εI (G scaled to a unit diagonal, ε = 1e-14): (G + εI)⁻¹·b is about (vᵀb/ε)·v along a null
    /// vector v and bounded elsewhere, so the states whose component times ε stays above 1e-3 of b span it. Two
    /// seeded right-hand sides make a component that one of them misses by chance unlikely.
    ///
    /// The null space of Hᵀ·W·H is that of Hᵀ·H for any positive weights, so the test uses unit weights (0 for
    /// removed measurements): weights spanning many decades (zero injections at σ = 1e-9) cannot mask a free state.
    public func unobservableBuses(at voltages: [Complex<Double>], weights: [Double]? = nil) -> [Int] {
        let weights = (weights ?? measurements.map(Self.weight)).map { $0 > 0 ? 1.0 : 0.0 }
        var h = [Double](repeating: 0, count: measurements.count), jacobian = [Double](repeating: 0, count: model.columns.count)
        model.evaluate(voltages: voltages, values: &h, jacobian: &jacobian)
        var gain = [Double](repeating: 0, count: gainPattern.nonzeroCount)
        assembleGain(jacobian: jacobian, weights: weights, into: &gain)
        // Jacobi scaling to a unit diagonal (H's rows differ in scale: flows on strong and weak branches) keeps the
        // null space's support and makes one ε fit every state.
        var diagonal = [Int](repeating: 0, count: stateCount)
        for c in 0..<stateCount { diagonal[c] = gainPattern.entryIndex(row: c, column: c)! }
        let scale = diagonal.map { gain[$0] > 0 ? 1 / gain[$0].squareRoot() : 1 }
        for column in 0..<stateCount {
            for p in gainPattern.columnStarts[column]..<gainPattern.columnStarts[column + 1] {
                gain[p] *= scale[gainPattern.rowIndices[p]] * scale[column]
            }
        }
        let epsilon = 1e-14
        for p in diagonal { gain[p] += epsilon }
        guard let regularized = try? RealSparseLU(pattern: gainPattern), (try? regularized.factor(gain)) != nil else {
            return network.grid.buses.indices.filter { network.roles.roles[$0] != .isolated }
        }
        var free = [Bool](repeating: false, count: stateCount)
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<2 {
            var b = (0..<stateCount).map { _ -> Double in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return Double(seed >> 11) / Double(1 << 53) + 0.5
            }
            guard (try? regularized.solve(&b)) != nil else { continue }
            for c in 0..<stateCount where !(abs(b[c]) * epsilon < 1e-3) { free[c] = true }
        }
        return network.grid.buses.indices.filter { bus in
            [model.angleColumn[bus], model.magnitudeColumn[bus]].contains { $0 >= 0 && free[$0] }
        }
    }

    /// The z that the largest |N(0, 1)| of `count` independent ones exceeds with probability `significance`
    /// (Šidák): erfc(z/√2) = 1 − (1 − significance)^(1/count), by bisection.
    static func largestNormalQuantile(count: Int, significance: Double) -> Double {
        let tail = -expm1(log1p(-significance) / Double(max(count, 1)))
        var low = 0.0, high = 40.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if erfc(middle / 2.0.squareRoot()) > tail { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// A measurement's weight in J: 1/σ².
    static func weight(_ measurement: GridMeasurement) -> Double { 1 / (measurement.sigma * measurement.sigma) }

    /// zᵢ − hᵢ, angles wrapped into (−180°, 180°].
    private func residual(_ i: Int, _ z: [Double], _ h: [Double]) -> Double {
        measurements[i].kind == .voltageAngle ? Self.angleDifference(z[i], h[i]) : z[i] - h[i]
    }

    /// a − b for angles in degrees, wrapped into (−180, 180].
    static func angleDifference(_ a: Double, _ b: Double) -> Double {
        var d = (a - b).truncatingRemainder(dividingBy: 360)
        if d > 180 { d -= 360 }
        if d <= -180 { d += 360 }
        return d
    }
}
