import Numerics
import GridNetwork
import SparseLU

/// Newton-Raphson AC power flow in polar coordinates with a power-balance mismatch, solved with KLU.
///
/// Create one per topology (bus roles and Ybus pattern): the Jacobian pattern, its index maps and KLU's symbolic
/// analysis are computed here, once. Each ``solve(admittance:injections:start:options:)`` then reuses them, and
/// reuses the previous pivot order (refactor) when it can. With a ``SlackParticipation``, the active-power balance
/// of each island is shared among its generators, solved for inside the Newton iterations (one extra unknown per
/// island). The iterations work in buffers allocated once here: no allocation, dictionary lookup or dynamic
/// dispatch inside the Newton loop. Not thread-safe: one solver per task.
public final class NewtonRaphsonSolver {
    public let jacobian: PolarJacobian
    /// The distributed slack, if any.
    public let participation: SlackParticipation?
    let factorization: RealSparseLU
    /// Work buffers, owned by this object (allocated in init, freed in deinit).
    let jacobianValues: UnsafeMutableBufferPointer<Double>
    let step: UnsafeMutableBufferPointer<Double>
    private let savedStep: UnsafeMutableBufferPointer<Double>
    private let slackPower: UnsafeMutableBufferPointer<Double>
    let voltages: UnsafeMutableBufferPointer<Complex<Double>>
    let currents: UnsafeMutableBufferPointer<Complex<Double>>
    let magnitudes: UnsafeMutableBufferPointer<Double>
    let angles: UnsafeMutableBufferPointer<Double>
    /// Distributed slack: share of each P row and the unknown holding its island's slack power (−1 without).
    private let rowShare: [Double]
    private let rowSlackUnknown: [Int]

    /// The voltages the kept factors of ``factorJacobian(admittance:voltages:)`` were computed at, with their
    /// magnitudes and angles: chord solves start there.
    var knownStart: (voltages: [Complex<Double>], magnitudes: [Double], angles: [Double])?

    /// Seconds spent in the symbolic analysis at creation.
    public let analysisSeconds: Double
    /// The Ybus pattern this solver was analyzed for: its size, checked when a solve is entered.
    private let admittanceNonzeros: Int

    /// Above this many unknowns the Jacobian is ordered by AMD on itself rather than on the bus graph: on the
    /// 25k- and 70k-bus ACTIVSg cases its lower fill saves 8-13 % of every refactorization, more than the slower
    /// analysis costs; below, the faster analysis wins (cold solves 5-14 % faster on 2.9k-10k buses). Measured with the
    /// benchmarks "Jacobian analysis CASE", "cold solve CASE" and "warm solve CASE" (Benchmarks/).
    public static let busGraphOrderingLimit = 30_000

    /// The per-unit Jacobian's P and Q rows are of comparable size by construction; skipping KLU's row scaling (an
    /// extra pass over the matrix in every refactorization) saves 3-12 % of a warm solve
    /// (benchmark "warm solve CASE"). A NaN from a diverging
    /// iterate still surfaces, in the mismatch.
    public static let jacobianScaling = RowScaling.none

    /// Builds the Jacobian pattern for `network` and analyzes it.
    /// - Parameter orderingOnJacobian: order the Jacobian by AMD on itself whatever its size (least fill: best when
    ///   the factors are solved with many times, as in ``factorJacobian(admittance:voltages:)``'s chord solves).
    public init(network: PowerFlowNetwork, participation: SlackParticipation? = nil, orderingOnJacobian: Bool = false) throws(PowerFlowError) {
        let start = Stopwatch.now()
        self.participation = participation
        let jacobian = PolarJacobian(
            admittancePattern: network.admittance.pattern, roles: network.roles.roles, participation: participation)
        self.jacobian = jacobian
        do {
            if jacobian.dimension > Self.busGraphOrderingLimit || orderingOnJacobian {
                factorization = try RealSparseLU(pattern: jacobian.pattern, ordering: .approximateMinimumDegree, scaling: Self.jacobianScaling)
            } else {
                // AMD on the bus graph (Ybus), expanded to each bus's unknowns: found 2-3x faster than AMD on the
                // Jacobian, for a few percent more fill (benchmark "Jacobian analysis CASE").
                let busOrder = try network.admittance.pattern.approximateMinimumDegreeOrdering()
                var unknownOrder: [Int] = []
                unknownOrder.reserveCapacity(jacobian.dimension)
                for b in busOrder {
                    if jacobian.activePowerRow[b] >= 0 { unknownOrder.append(jacobian.activePowerRow[b]) }
                    if jacobian.reactivePowerRow[b] >= 0 { unknownOrder.append(jacobian.reactivePowerRow[b]) }
                }
                factorization = try RealSparseLU(pattern: jacobian.pattern, ordering: .given(unknownOrder), scaling: Self.jacobianScaling)
            }
        } catch {
            throw PowerFlowError.singularJacobian("symbolic analysis failed: \(error)")
        }
        let n = network.admittance.dimension, m = jacobian.dimension
        jacobianValues = .allocate(capacity: jacobian.pattern.nonzeroCount)
        jacobianValues.initialize(repeating: 0)
        for entry in jacobian.constantEntries { jacobianValues[entry.position] = entry.value }
        step = .allocate(capacity: m)
        step.initialize(repeating: 0)
        savedStep = .allocate(capacity: m)
        savedStep.initialize(repeating: 0)
        slackPower = .allocate(capacity: m)
        slackPower.initialize(repeating: 0)
        voltages = .allocate(capacity: n)
        voltages.initialize(repeating: .zero)
        currents = .allocate(capacity: n)
        currents.initialize(repeating: .zero)
        magnitudes = .allocate(capacity: n)
        magnitudes.initialize(repeating: 0)
        angles = .allocate(capacity: n)
        angles.initialize(repeating: 0)
        var rowShare = [Double](repeating: 0, count: m)
        var rowSlackUnknown = [Int](repeating: -1, count: m)
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
        admittanceNonzeros = network.admittance.pattern.nonzeroCount
        analysisSeconds = Stopwatch.now() - start
    }

    deinit {
        for buffer in [jacobianValues, step, savedStep, slackPower, magnitudes, angles] { buffer.deallocate() }
        voltages.deallocate()
        currents.deallocate()
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
    ) -> SolveOutcome {
        // O(1) checks on entry: the loop below reads these arrays through unchecked buffers.
        let n = voltages.count
        precondition(
            admittance.dimension == n && admittance.pattern.nonzeroCount == admittanceNonzeros,
            "Ybus has another pattern than the one this solver was analyzed for")
        precondition(injections.count == n && start.count == n, "one injection and one start voltage per bus")
        var timing = SolveTiming()
        var history: [MismatchRecord] = []
        history.reserveCapacity(options.maximumIterations + 1)
        var failure: SolveFailure?
        load(start: start)
        var iterations = 0
        var converged = false
        var chordUsed = false
        let factorsBefore = factorization.factorCount, refactorsBefore = factorization.refactorCount
        admittance.values.withUnsafeBufferPointer { y in
            injections.withUnsafeBufferPointer { s in
                while true {
                    var clock = Stopwatch.now()
                    let record = computeMismatch(admittance: admittance, values: y, injections: s, iteration: iterations)
                    timing.mismatch += Stopwatch.now() - clock
                    history.append(record)
                    if record.maximumMismatchPU < options.tolerancePU {
                        converged = true
                        break
                    }
                    if !record.maximumMismatchPU.isFinite || record.maximumMismatchPU > 1e10 {
                        failure = .diverged(mismatchPU: record.maximumMismatchPU)
                        break
                    }
                    if iterations >= options.maximumIterations { break }

                    clock = Stopwatch.now()
                    // Near convergence (the mismatch fell 100-fold to below 1e-5 p.u.) the last factors are as good
                    // as new ones for the final step: it converges without another refactorization.
                    let previous = history.count >= 2 ? history[history.count - 2].maximumMismatchPU : .infinity
                    let closing = options.reuseFactorsNearConvergence && iterations >= 1 && record.maximumMismatchPU < 1e-5
                        && record.maximumMismatchPU * 100 < previous && !chordUsed
                    let reuse = (iterations == 0 && options.reusePreviousFactorization && factorization.isFactored) || closing
                    if closing { chordUsed = true }
                    if !reuse {
                        jacobian.assemble(
                            admittance: y, voltages: UnsafeBufferPointer(voltages), magnitudes: UnsafeBufferPointer(magnitudes),
                            currents: UnsafeBufferPointer(currents), into: jacobianValues)
                    }
                    let assembled = Stopwatch.now()
                    timing.jacobian += assembled - clock
                    do {
                        if !reuse { try factorization.refactor(UnsafeBufferPointer(jacobianValues)) }
                        let factored = Stopwatch.now()
                        timing.factorization += factored - assembled
                        try factorization.solve(step)
                        timing.solve += Stopwatch.now() - factored
                    } catch {
                        failure = .singularMatrix(iteration: iterations + 1, detail: "\(error)")
                        break
                    }
                    if options.stepControl == .lineSearch {
                        lineSearch(admittance: admittance, values: y, injections: s)
                    } else {
                        applyStep(scale: 1)
                    }
                    iterations += 1
                }
            }
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
        if !converged && failure == nil {
            failure = .iterationLimit(iterations: iterations, mismatchPU: history.last?.maximumMismatchPU ?? .nan)
        }
        return SolveOutcome(
            voltages: Array(voltages), converged: converged, iterations: iterations, history: history, failure: failure,
            timing: timing, slackPowerPU: slackByBus)
    }

    /// Sets the iterate to `start` (voltages, magnitudes, angles; slack powers 0). A bus whose start equals its
    /// voltage in `knownStart` takes its polar parts from there (no atan2).
    func load(start: [Complex<Double>]) {
        let known = knownStart ?? ([], [], [])
        for b in 0..<voltages.count {
            let v = start[b]
            voltages[b] = v
            if b < known.voltages.count && known.voltages[b] == v {
                magnitudes[b] = known.magnitudes[b]
                angles[b] = known.angles[b]
            } else {
                let (re, im) = v.rawStorage
                magnitudes[b] = (re * re + im * im).squareRoot()
                angles[b] = .atan2(y: im, x: re)
            }
        }
        for u in slackPower.indices { slackPower[u] = 0 }
    }

    /// Takes the largest step μ·Δx, μ = 1, ½, ¼ …, that lowers the mismatch's 2-norm (the last try is kept).
    private func lineSearch(
        admittance: AdmittanceMatrix, values: UnsafeBufferPointer<Complex<Double>>,
        injections: UnsafeBufferPointer<Complex<Double>>
    ) {
        // Keep Δx, and the norm at the current point (recomputing the mismatch overwrites `step`).
        for u in step.indices { savedStep[u] = step[u] }
        _ = computeMismatch(admittance: admittance, values: values, injections: injections, iteration: 0)
        let currentNorm = step.reduce(0) { $0 + $1 * $1 }
        let savedAngles = Array(angles), savedMagnitudes = Array(magnitudes), savedVoltages = Array(voltages)
        let savedSlack = Array(slackPower)
        var scale = 1.0
        for attempt in 0..<8 {
            for b in 0..<voltages.count {
                angles[b] = savedAngles[b]
                magnitudes[b] = savedMagnitudes[b]
                voltages[b] = savedVoltages[b]
            }
            for u in step.indices {
                slackPower[u] = savedSlack[u]
                step[u] = savedStep[u]
            }
            applyStep(scale: scale)
            _ = computeMismatch(admittance: admittance, values: values, injections: injections, iteration: 0)
            let norm = step.reduce(0) { $0 + $1 * $1 }
            if norm < currentNorm || attempt == 7 { return }
            scale /= 2
        }
    }

    /// x ← x − scale·J⁻¹F: angles, magnitudes and slack powers from `step`, each bus voltage rotated by its angle
    /// step (``PhaseRotation``) and scaled by its magnitude step, so that V = |V|·e^{jθ} holds throughout.
    func applyStep(scale: Double) {
        jacobian.busOfUnknown.withUnsafeBufferPointer { owner in
            jacobian.unknownKind.withUnsafeBufferPointer { kind in
                for unknown in 0..<owner.count {
                    let delta = scale * step[unknown]
                    let b = owner[unknown]
                    switch kind[unknown] {
                    case .angle:
                        angles[b] -= delta
                        let (re, im) = voltages[b].rawStorage
                        let (cosine, sine) = PhaseRotation.of(-delta)
                        voltages[b] = Complex(re * cosine - im * sine, re * sine + im * cosine)
                    case .magnitude:
                        let old = magnitudes[b], new = old - delta
                        magnitudes[b] = new
                        if old != 0 {
                            let (re, im) = voltages[b].rawStorage
                            let ratio = new / old
                            voltages[b] = Complex(re * ratio, im * ratio)
                        } else {
                            voltages[b] = Complex(new * .cos(angles[b]), new * .sin(angles[b]))
                        }
                    case .slackPower: slackPower[unknown] -= delta
                    }
                }
            }
        }
    }

    /// Computes I = Ybus·V into `currents` and the mismatch F into `step` (the right-hand side of the next solve).
    func computeMismatch(
        admittance: AdmittanceMatrix, values y: UnsafeBufferPointer<Complex<Double>>,
        injections: UnsafeBufferPointer<Complex<Double>>, iteration: Int
    ) -> MismatchRecord {
        let n = voltages.count
        var worst = 0.0
        var worstUnknown = -1
        let distributed = participation != nil
        admittance.pattern.columnStarts.withUnsafeBufferPointer { starts in
            admittance.pattern.rowIndices.withUnsafeBufferPointer { rows in
                // `rawStorage` reads the parts as stored: `real` and `imaginary` test both parts for finiteness on
                // every read (a NaN still surfaces, below).
                for b in 0..<n { currents[b] = .zero }
                for k in 0..<n {
                    let (vkRe, vkIm) = voltages[k].rawStorage
                    for entry in starts[k]..<starts[k + 1] {
                        let (g, b) = y[entry].rawStorage
                        let row = rows[entry]
                        let (re, im) = currents[row].rawStorage
                        currents[row] = Complex(re + g * vkRe - b * vkIm, im + g * vkIm + b * vkRe)
                    }
                }
            }
        }
        jacobian.busOfUnknown.withUnsafeBufferPointer { owner in
            jacobian.unknownKind.withUnsafeBufferPointer { kind in
                for unknown in 0..<owner.count {
                    let b = owner[unknown]
                    let (vRe, vIm) = voltages[b].rawStorage, (iRe, iIm) = currents[b].rawStorage
                    let (sRe, sIm) = injections[b].rawStorage
                    // S = V · conj(I) − S_injected: PowerMismatch's residual, in this solver's buffers.
                    var value: Double
                    if kind[unknown] == .magnitude {
                        value = vIm * iRe - vRe * iIm - sIm
                    } else {
                        value = vRe * iRe + vIm * iIm - sRe
                        if distributed && rowSlackUnknown[unknown] >= 0 {
                            value -= rowShare[unknown] * slackPower[rowSlackUnknown[unknown]]
                        }
                    }
                    step[unknown] = value
                    let size = abs(value)
                    if size > worst || size.isNaN {
                        worst = size.isNaN ? .nan : size
                        worstUnknown = unknown
                        if size.isNaN { break }
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
