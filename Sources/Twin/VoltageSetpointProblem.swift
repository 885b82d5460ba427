import GridNetwork
import Numerics
import Optimization
import PowerFlow

/// One round of the voltage control as a linear program on the power flow's linearization
/// (``VoltageSensitivities``): move the regulating buses' set-points by Δ (split into up and down parts, each at
/// most ``maximumStepPU``, the set-point kept inside the band) so that every regulating bus's reactive output lies
/// within its generators' limits and every watched bus in the band — or as close as they can: a reactive limit is a
/// machine's hard limit (its regulator gives up the voltage there), the band an operating one, so a Mvar beyond a
/// limit costs more than the voltage it would buy.
///
/// minimise 10⁴·Σ (qOver + qUnder) + 10³·Σ (over + under) + Σ (up + down)   (all in p.u.)
/// subject to, per watched PQ bus b: low − |V_b| ≤ Σ_c ∂|V_b|/∂|V_c|·(up_c − down_c) − over_b + under_b ≤ high − |V_b|,
/// and per regulating bus r with finite limits: Qmin − Q_r ≤ Σ_c ∂Q_r/∂|V_c|·(up_c − down_c) − qOver_r + qUnder_r ≤ Qmax − Q_r.
struct VoltageSetpointProblem {
    /// Cost of a p.u. of reactive output beyond a limit, of voltage outside the band, against 1 per p.u. of
    /// set-point movement.
    static let reactiveExcessCost = 10_000.0
    static let violationCost = 1000.0
    /// Reactive sensitivities below this (p.u. per p.u.) are left out of the rows: electrically distant pairs, whose
    /// sum the next round's power flow sees (10⁻³ kept 80,000 entries on case2869pegase, and a round took 0.3–0.8 s).
    static let reactiveThreshold = 1e-2
    /// Voltage sensitivities below this (p.u. per p.u.) are left out of the rows: a set-point's largest round step
    /// moves such a bus by less than 4·10⁻⁵ p.u.; the next round's power flow sees what they add up to. (On
    /// case2869pegase, 436 regulating buses, the rows with every sensitivity above 10⁻⁴ made each round's program
    /// take 0.3–0.8 s.)
    static let magnitudeThreshold = 1e-3
    /// Buses this close to the band's edges (p.u.) are watched as well as those outside it.
    static let watchMargin = 0.02

    /// The regulating buses and their set-point changes, p.u.
    var controls: [Int]
    var changesPU: [Double]
    /// The largest distance outside the band the linearization predicts after the changes, p.u.
    var remainingViolationPU: Double

    /// Solves the round. `reactiveMvar`, `reactiveLimitsMvar` per control (in `sensitivities.controls`' order);
    /// nil limits for a bus without finite ones. Nil when Clp finds no optimum.
    init?(
        sensitivities: VoltageSensitivities, magnitudesPU: [Double], watched: [Int], band: (low: Double, high: Double),
        reactiveMvar: [Double], reactiveLimitsMvar: [(low: Double, high: Double)?], baseMVA: Double,
        maximumStepPU: Double, withReactiveLimits: Bool = true
    ) {
        let controls = sensitivities.controls
        var program = LinearProgram()
        var up: [Int] = [], down: [Int] = []
        for c in controls {
            let v = magnitudesPU[c]
            up.append(program.addColumn(cost: 1, lower: 0, upper: min(maximumStepPU, max(0, band.high - v))))
            down.append(program.addColumn(cost: 1, lower: 0, upper: min(maximumStepPU, max(0, v - band.low))))
        }
        // Per watched bus, its terms gathered from the controls' sparse columns.
        var rowOfBus: [Int: Int] = [:]
        for (i, b) in watched.enumerated() { rowOfBus[b] = i }
        var terms = [[(column: Int, value: Double)]](repeating: [], count: watched.count)
        for j in controls.indices {
            for (b, value) in sensitivities.magnitudeByControl[j] {
                guard abs(value) > Self.magnitudeThreshold, let i = rowOfBus[b] else { continue }
                terms[i].append((up[j], value))
                terms[i].append((down[j], -value))
            }
        }
        var over: [Int] = [], under: [Int] = []
        for (i, b) in watched.enumerated() {
            let o = program.addColumn(cost: Self.violationCost, lower: 0, upper: .infinity)
            let u = program.addColumn(cost: Self.violationCost, lower: 0, upper: .infinity)
            over.append(o)
            under.append(u)
            _ = program.addRow(
                terms[i] + [(o, -1), (u, 1)], lower: band.low - magnitudesPU[b], upper: band.high - magnitudesPU[b])
        }
        if withReactiveLimits {
            for (r, limits) in reactiveLimitsMvar.enumerated() {
                guard let limits else { continue }
                var row: [(column: Int, value: Double)] = []
                for j in controls.indices {
                    let value = sensitivities.reactiveByControl[j][r]
                    // Below this a set-point's largest round step moves the output by less than 0.04 Mvar (on 100 MVA).
                    guard abs(value) > Self.reactiveThreshold else { continue }
                    row.append((up[j], value))
                    row.append((down[j], -value))
                }
                let q = reactiveMvar[r] / baseMVA
                let o = program.addColumn(cost: Self.reactiveExcessCost, lower: 0, upper: .infinity)
                let u = program.addColumn(cost: Self.reactiveExcessCost, lower: 0, upper: .infinity)
                _ = program.addRow(row + [(o, -1), (u, 1)], lower: limits.low / baseMVA - q, upper: limits.high / baseMVA - q)
            }
        }
        let solution = LinearProgramSolver.solve(program)
        guard solution.status == .optimal else { return nil }
        let x = solution.values
        self.controls = controls
        changesPU = controls.indices.map { x[up[$0]] - x[down[$0]] }
        remainingViolationPU = watched.indices.map { max(x[over[$0]], x[under[$0]]) }.max() ?? 0
    }
}
