import Numerics
import SparseLU

/// Newton-Raphson AC power flow in polar coordinates with a power-balance mismatch, solved with KLU.
///
/// Create one per topology (bus roles and Ybus pattern): the Jacobian pattern, its index maps and KLU's symbolic
/// analysis are computed here, once. Each ``solve(admittance:injections:start:options:)`` then reuses them, and
/// reuses the previous pivot order (refactor) when it can. With a ``SlackParticipation``, the active-power balance
/// of each island is shared among its generators, solved for inside the Newton iterations (one extra unknown per
/// island). Not thread-safe: one solver per task.
public final class NewtonRaphsonSolver {
    public let jacobian: PolarJacobian
    /// The distributed slack, if any.
    public let participation: SlackParticipation?
    private let factorization: RealSparseLU
    private var jacobianValues: [Double]
    private var step: [Double]
    private var currents: [Complex<Double>]
    private var magnitudes: [Double]
    private var angles: [Double]
    /// Distributed slack: share of each P row and the unknown holding its island's slack power (−1 without).
    private let rowShare: [Double]
    private let rowSlackUnknown: [Int]

    /// Seconds spent in the symbolic analysis at creation.
    public let analysisSeconds: Double

    /// Builds the Jacobian pattern for `network` and analyzes it.
    public init(network: PowerFlowNetwork, participation: SlackParticipation? = nil) throws(PowerFlowError) {
        let start = Stopwatch.now()
        self.participation = participation
        jacobian = PolarJacobian(
            admittancePattern: network.admittance.pattern, roles: network.roles.roles, participation: participation)
        do {
            // AMD on the bus graph (Ybus), expanded to each bus's unknowns: as good an ordering as AMD on the
            // Jacobian, found 2-3x faster.
            let busOrder = try network.admittance.pattern.approximateMinimumDegreeOrdering()
            var unknownOrder: [Int] = []
            unknownOrder.reserveCapacity(jacobian.dimension)
            for b in busOrder {
                if jacobian.activePowerRow[b] >= 0 { unknownOrder.append(jacobian.activePowerRow[b]) }
                if jacobian.reactivePowerRow[b] >= 0 { unknownOrder.append(jacobian.reactivePowerRow[b]) }
            }
            factorization = try RealSparseLU(pattern: jacobian.pattern, ordering: .given(unknownOrder))
        } catch {
            throw PowerFlowError.singularJacobian("symbolic analysis failed: \(error)")
        }
        jacobianValues = [Double](repeating: 0, count: jacobian.pattern.nonzeroCount)
        for entry in jacobian.constantEntries { jacobianValues[entry.position] = entry.value }
        step = [Double](repeating: 0, count: jacobian.dimension)
        let n = network.admittance.dimension
        currents = [Complex<Double>](repeating: .zero, count: n)
        magnitudes = [Double](repeating: 0, count: n)
        angles = [Double](repeating: 0, count: n)
        var rowShare = [Double](repeating: 0, count: jacobian.dimension)
        var rowSlackUnknown = [Int](repeating: -1, count: jacobian.dimension)
        if let participation {
            for b in 0..<n where jacobian.activePowerRow[b] >= 0 && participation.busShare[b] > 0 {
                let reference = participation.referenceOfBus[b]
                guard reference >= 0 else { continue }
                rowShare[jacobian.activePowerRow[b]] = participation.busShare[b]
                rowSlackUnknown[jacobian.activePowerRow[b]] = jacobian.activePowerRow[reference]
            }
        }
        self.rowShare = rowShare
        self.rowSlackUnknown = rowSlackUnknown
        analysisSeconds = Stopwatch.now() - start
    }

    /// Solves for the bus voltages.
    ///
    /// - Parameters:
    ///   - admittance: Ybus with the pattern this solver was built for.
    ///   - injections: net complex power injected at each bus, p.u.
    ///   - start: starting voltages, p.u. (fixes |V| at PV and reference buses and the reference angle).
    public func solve(
        admittance: AdmittanceMatrix, injections: [Complex<Double>], start: [Complex<Double>],
        options: NewtonRaphsonOptions = NewtonRaphsonOptions()
    ) -> NewtonRaphsonOutcome {
        var voltages = start
        var timing = SolveTiming()
        var history: [MismatchRecord] = []
        var failure: String?
        let n = voltages.count
        for b in 0..<n {
            magnitudes[b] = voltages[b].length
            angles[b] = .atan2(y: voltages[b].imaginary, x: voltages[b].real)
        }
        // Slack power of each island (distributed slack), stored at its unknown's position.
        var slackPower = [Double](repeating: 0, count: jacobian.dimension)
        var iterations = 0
        var converged = false
        let factorsBefore = factorization.factorCount, refactorsBefore = factorization.refactorCount
        while true {
            var clock = Stopwatch.now()
            let record = computeMismatch(
                admittance: admittance, voltages: voltages, injections: injections, slackPower: slackPower,
                iteration: iterations)
            timing.mismatch += Stopwatch.now() - clock
            history.append(record)
            if record.maximumMismatchPU < options.tolerancePU {
                converged = true
                break
            }
            if !record.maximumMismatchPU.isFinite || record.maximumMismatchPU > 1e10 {
                failure = "diverged: the mismatch grew to \(record.maximumMismatchPU) p.u."
                break
            }
            if iterations >= options.maximumIterations { break }

            clock = Stopwatch.now()
            admittance.values.withUnsafeBufferPointer { y in
                voltages.withUnsafeBufferPointer { v in
                    currents.withUnsafeBufferPointer { c in
                        jacobianValues.withUnsafeMutableBufferPointer { out in
                            jacobian.assemble(admittance: y, voltages: v, currents: c, into: out)
                        }
                    }
                }
            }
            let assembled = Stopwatch.now()
            timing.jacobian += assembled - clock
            do {
                try factorization.refactor(jacobianValues)
                let factored = Stopwatch.now()
                timing.factorization += factored - assembled
                try factorization.solve(&step)
                timing.solve += Stopwatch.now() - factored
            } catch {
                failure = "the Jacobian is singular at iteration \(iterations + 1) (\(error))"
                break
            }
            if options.stepControl == .lineSearch {
                lineSearch(
                    voltages: &voltages, slackPower: &slackPower, admittance: admittance, injections: injections,
                    currentNorm: squaredNorm(of: record, admittance: admittance, voltages: voltages, injections: injections, slackPower: slackPower))
            } else {
                applyStep(to: &voltages, slackPower: &slackPower)
            }
            iterations += 1
        }
        timing.factorizations = factorization.factorCount - factorsBefore
        timing.refactorizations = factorization.refactorCount - refactorsBefore
        var slackByBus: [Double]?
        if participation != nil {
            var byBus = [Double](repeating: 0, count: n)
            for (unknown, kind) in jacobian.unknownKind.enumerated() where kind == .slackPower {
                byBus[jacobian.busOfUnknown[unknown]] = slackPower[unknown]
            }
            slackByBus = byBus
        }
        return NewtonRaphsonOutcome(
            voltages: voltages, converged: converged, iterations: iterations, history: history, failure: failure,
            timing: timing, slackPowerPU: slackByBus)
    }

    /// The squared 2-norm of the mismatch at `voltages` (recomputed: `step` holds the Newton step now).
    private func squaredNorm(
        of record: MismatchRecord, admittance: AdmittanceMatrix, voltages: [Complex<Double>],
        injections: [Complex<Double>], slackPower: [Double]
    ) -> Double {
        let newtonStep = step
        _ = computeMismatch(admittance: admittance, voltages: voltages, injections: injections, slackPower: slackPower, iteration: 0)
        let norm = step.reduce(0) { $0 + $1 * $1 }
        step = newtonStep
        return norm
    }

    /// Takes the largest step μ·Δx, μ = 1, ½, ¼ …, that lowers the mismatch's 2-norm (the last try is kept).
    private func lineSearch(
        voltages: inout [Complex<Double>], slackPower: inout [Double], admittance: AdmittanceMatrix,
        injections: [Complex<Double>], currentNorm: Double
    ) {
        let newtonStep = step
        let savedAngles = angles, savedMagnitudes = magnitudes, savedVoltages = voltages, savedSlack = slackPower
        var scale = 1.0
        for attempt in 0..<8 {
            angles = savedAngles
            magnitudes = savedMagnitudes
            voltages = savedVoltages
            slackPower = savedSlack
            for i in step.indices { step[i] = newtonStep[i] * scale }
            applyStep(to: &voltages, slackPower: &slackPower)
            _ = computeMismatch(admittance: admittance, voltages: voltages, injections: injections, slackPower: slackPower, iteration: 0)
            let norm = step.reduce(0) { $0 + $1 * $1 }
            if norm < currentNorm || attempt == 7 { return }
            scale /= 2
        }
    }

    /// x ← x − J⁻¹F: angles, magnitudes and slack powers from `step`, then the voltages of the buses that moved.
    private func applyStep(to voltages: inout [Complex<Double>], slackPower: inout [Double]) {
        jacobian.busOfUnknown.withUnsafeBufferPointer { owner in
            jacobian.unknownKind.withUnsafeBufferPointer { kind in
                for unknown in 0..<owner.count {
                    switch kind[unknown] {
                    case .angle: angles[owner[unknown]] -= step[unknown]
                    case .magnitude: magnitudes[owner[unknown]] -= step[unknown]
                    case .slackPower: slackPower[unknown] -= step[unknown]
                    }
                }
                var previous = -1
                for unknown in 0..<owner.count where kind[unknown] != .slackPower {
                    let b = owner[unknown]
                    if b == previous { continue }
                    previous = b
                    voltages[b] = Complex(magnitudes[b] * .cos(angles[b]), magnitudes[b] * .sin(angles[b]))
                }
            }
        }
    }

    /// Computes I = Ybus·V into `currents` and the mismatch F into `step` (the right-hand side of the next solve).
    private func computeMismatch(
        admittance: AdmittanceMatrix, voltages: [Complex<Double>], injections: [Complex<Double>],
        slackPower: [Double], iteration: Int
    ) -> MismatchRecord {
        let n = voltages.count
        var worst = 0.0
        var worstUnknown = -1
        let distributed = participation != nil
        admittance.pattern.columnStarts.withUnsafeBufferPointer { starts in
            admittance.pattern.rowIndices.withUnsafeBufferPointer { rows in
                admittance.values.withUnsafeBufferPointer { y in
                    voltages.withUnsafeBufferPointer { v in
                        currents.withUnsafeMutableBufferPointer { current in
                            for b in 0..<n { current[b] = .zero }
                            for k in 0..<n {
                                let vk = v[k]
                                for entry in starts[k]..<starts[k + 1] {
                                    current[rows[entry]] += y[entry] * vk
                                }
                            }
                        }
                    }
                }
            }
        }
        jacobian.busOfUnknown.withUnsafeBufferPointer { owner in
            jacobian.unknownKind.withUnsafeBufferPointer { kind in
                step.withUnsafeMutableBufferPointer { f in
                    for unknown in 0..<owner.count {
                        let b = owner[unknown]
                        let mismatch = voltages[b] * currents[b].conjugate - injections[b]
                        var value = kind[unknown] == .magnitude ? mismatch.imaginary : mismatch.real
                        if distributed && rowSlackUnknown[unknown] >= 0 {
                            value -= rowShare[unknown] * slackPower[rowSlackUnknown[unknown]]
                        }
                        f[unknown] = value
                        let size = abs(value)
                        if size > worst || size.isNaN {
                            worst = size.isNaN ? .nan : size
                            worstUnknown = unknown
                            if size.isNaN { break }
                        }
                    }
                }
            }
        }
        return MismatchRecord(
            iteration: iteration, maximumMismatchPU: worst,
            worstBusPosition: worstUnknown >= 0 ? jacobian.busOfUnknown[worstUnknown] : -1,
            worstIsReactive: worstUnknown >= 0 && jacobian.unknownKind[worstUnknown] == .magnitude)
    }
}
