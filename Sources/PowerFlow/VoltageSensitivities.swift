import GridNetwork
import Numerics
import SparseLU

/// How a solved power flow's bus voltage magnitudes and generator reactive outputs move when the voltage set-point
/// of a regulating bus (PV or reference) moves: the linearization a secondary voltage control or a reactive
/// dispatch works on.
///
/// With the active injections of every non-reference bus and the reactive injections of the PQ buses held, a change
/// Δ|V_c| of regulating bus c moves the Newton unknowns by Δx = −J⁻¹·∂F/∂|V_c| (J the polar Jacobian at the solved
/// voltages, one KLU factorization, one solve per regulating bus). The magnitude of a PQ bus moves by its Δ|V|
/// unknown, a regulating bus's by 1 for itself and 0 for the others; the reactive injection of each regulating bus
/// moves by ∂Q/∂θ·Δθ + ∂Q/∂|V|·Δ|V| along its Ybus row.
public struct VoltageSensitivities: Sendable {
    /// The regulating buses (positions), in the order of the per-control arrays.
    public let controls: [Int]
    /// Per control: the PQ buses whose magnitude moves by more than ``threshold`` per p.u. of set-point, with
    /// ∂|V_b|/∂|V_c| (p.u./p.u.). The control's own bus is not listed (its sensitivity is 1).
    public let magnitudeByControl: [[(bus: Int, value: Double)]]
    /// Per control c, per control c′ (same order): ∂Q_c′/∂|V_c|, the reactive injection of bus c′ per p.u. of
    /// bus c's set-point, p.u. of power per p.u. of voltage.
    public let reactiveByControl: [[Double]]

    /// Sensitivities below this are dropped from ``magnitudeByControl``.
    public static let threshold = 1e-4

    /// Linearizes `network` at its solved `voltages` for the regulating buses `controls` (PV or reference buses of
    /// the network's roles; others are ignored).
    ///
    /// - Throws: ``SparseLUError`` when the Jacobian at these voltages is singular.
    public init(network: PowerFlowNetwork, voltages: [Complex<Double>], controls requested: [Int]) throws {
        let roles = network.roles.roles
        let admittance = network.admittance
        let pattern = admittance.pattern
        let jacobian = PolarJacobian(admittancePattern: pattern, roles: roles)
        let controls = requested.filter { roles[$0] == .pv || roles[$0] == .slack }
        self.controls = controls
        let lu = try RealSparseLU(pattern: jacobian.pattern)
        try lu.factor(jacobian.values(admittance: admittance, voltages: voltages))
        let currents = admittance.multiply(voltages)
        let activeRow = jacobian.activePowerRow, reactiveRow = jacobian.reactivePowerRow
        // ∂Q_r/∂θ_k and ∂Q_r/∂|V_k| along each regulating bus's Ybus row: the same for every control, computed once
        // (the pattern is structurally symmetric, so column r lists row r's neighbours).
        let reactiveRows: [[(bus: Int, byAngle: Double, byMagnitude: Double)]] = controls.map { r in
            (pattern.columnStarts[r]..<pattern.columnStarts[r + 1]).compactMap { entry in
                let k = pattern.rowIndices[entry]
                guard let position = pattern.entryIndex(row: r, column: k) else { return nil }
                let d = InjectionDerivatives.entry(
                    row: r, column: k, admittance: admittance.values[position], voltages: voltages, currents: currents)
                return (k, d.angle.imaginary, d.magnitude.imaginary)
            }
        }
        var magnitudes: [[(bus: Int, value: Double)]] = []
        var reactive: [[Double]] = []
        magnitudes.reserveCapacity(controls.count)
        reactive.reserveCapacity(controls.count)
        for c in controls {
            // −∂F/∂|V_c|: column c of Ybus holds the buses whose injections depend on |V_c|.
            var rightHandSide = [Double](repeating: 0, count: jacobian.dimension)
            for entry in pattern.columnStarts[c]..<pattern.columnStarts[c + 1] {
                let i = pattern.rowIndices[entry]
                let d = InjectionDerivatives.entry(
                    row: i, column: c, admittance: admittance.values[entry], voltages: voltages, currents: currents)
                if activeRow[i] >= 0 { rightHandSide[activeRow[i]] -= d.magnitude.real }
                if reactiveRow[i] >= 0 { rightHandSide[reactiveRow[i]] -= d.magnitude.imaginary }
            }
            try lu.solve(&rightHandSide)
            let delta = rightHandSide
            func angleChange(_ k: Int) -> Double { activeRow[k] >= 0 ? delta[activeRow[k]] : 0 }
            func magnitudeChange(_ k: Int) -> Double { reactiveRow[k] >= 0 ? delta[reactiveRow[k]] : (k == c ? 1 : 0) }
            var moved: [(bus: Int, value: Double)] = []
            for b in roles.indices where reactiveRow[b] >= 0 {
                let value = delta[reactiveRow[b]]
                if abs(value) > Self.threshold { moved.append((b, value)) }
            }
            magnitudes.append(moved)
            // Q of each regulating bus along its Ybus row.
            reactive.append(reactiveRows.map { row in
                var change = 0.0
                for (k, byAngle, byMagnitude) in row { change += byAngle * angleChange(k) + byMagnitude * magnitudeChange(k) }
                return change
            })
        }
        magnitudeByControl = magnitudes
        reactiveByControl = reactive
    }
}
