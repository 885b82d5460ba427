import GridNetwork
import Numerics

/// The measurement functions h(x) and their Jacobian H(x) in polar coordinates, for one network and one measurement
/// set. The state is the angle of every energized bus but the references (radians) and the magnitude of every
/// energized bus (p.u.); ``stateColumns`` says where each sits. Each measurement's Jacobian row has a fixed sparsity
/// (its columns, found once), so that the gain matrix's pattern and its KLU analysis are kept across iterations and
/// estimates.
///
/// Injection rows use the network core's ``InjectionDerivatives`` (the kernel of Newton-Raphson's Jacobian); branch
/// rows use S_f = |V_f|²·conj(y_ff) + V_f·conj(y_ft·V_t) and its mirror at the to end.
package struct MeasurementModel: Sendable {
    let network: PowerFlowNetwork
    let measurements: [GridMeasurement]
    /// Per bus: the state column of its angle and of its magnitude (−1 when not a state: reference angle, isolated).
    package let angleColumn: [Int]
    package let magnitudeColumn: [Int]
    package let stateCount: Int
    /// Per bus: (k, index of Ybus[i, k] in the admittance's values) over row i.
    private let rowEntries: [[(bus: Int, entry: Int)]]
    /// Row starts and columns of H (CSR), fixed.
    package let rowStarts: [Int]
    package let columns: [Int]

    package init(network: PowerFlowNetwork, measurements: [GridMeasurement]) {
        self.network = network
        self.measurements = measurements
        let roles = network.roles.roles
        var angle = [Int](repeating: -1, count: roles.count), magnitude = angle
        var next = 0
        for b in roles.indices where roles[b] != .isolated && roles[b] != .slack {
            angle[b] = next
            next += 1
        }
        for b in roles.indices where roles[b] != .isolated {
            magnitude[b] = next
            next += 1
        }
        angleColumn = angle
        magnitudeColumn = magnitude
        stateCount = next
        let pattern = network.admittance.pattern
        rowEntries = (0..<pattern.dimension).map { i in
            (pattern.columnStarts[i]..<pattern.columnStarts[i + 1]).compactMap { p in
                let k = pattern.rowIndices[p]
                return pattern.entryIndex(row: i, column: k).map { (k, $0) }
            }
        }
        // The columns of every row, from one evaluation at the case's start (the structure does not depend on V).
        var starts = [0], cols: [Int] = []
        let voltages = network.initialVoltages()
        let currents = network.admittance.multiply(voltages)
        var buffer: [(column: Int, value: Double)] = []
        for measurement in measurements {
            buffer.removeAll(keepingCapacity: true)
            _ = Self.evaluate(measurement, voltages: voltages, currents: currents, network: network, rowEntries: rowEntries,
                              angleColumn: angle, magnitudeColumn: magnitude, into: &buffer)
            cols += buffer.map(\.column)
            starts.append(cols.count)
        }
        rowStarts = starts
        columns = cols
    }

    /// h(x) for every measurement and H's values (in ``columns`` order).
    package func evaluate(voltages: [Complex<Double>], values h: inout [Double], jacobian: inout [Double]) {
        let currents = network.admittance.multiply(voltages)
        var buffer: [(column: Int, value: Double)] = []
        buffer.reserveCapacity(64)
        for (i, measurement) in measurements.enumerated() {
            buffer.removeAll(keepingCapacity: true)
            h[i] = Self.evaluate(measurement, voltages: voltages, currents: currents, network: network, rowEntries: rowEntries,
                                 angleColumn: angleColumn, magnitudeColumn: magnitudeColumn, into: &buffer)
            for (offset, term) in buffer.enumerated() { jacobian[rowStarts[i] + offset] = term.value }
        }
    }

    /// One measurement's value and its derivatives by state column (columns of non-states skipped).
    private static func evaluate(
        _ measurement: GridMeasurement, voltages v: [Complex<Double>], currents: [Complex<Double>], network: PowerFlowNetwork,
        rowEntries: [[(bus: Int, entry: Int)]], angleColumn: [Int], magnitudeColumn: [Int],
        into terms: inout [(column: Int, value: Double)]
    ) -> Double {
        func add(angleOf bus: Int, _ value: Double) { if angleColumn[bus] >= 0 { terms.append((angleColumn[bus], value)) } }
        func add(magnitudeOf bus: Int, _ value: Double) {
            if magnitudeColumn[bus] >= 0 { terms.append((magnitudeColumn[bus], value)) }
        }
        switch measurement.kind {
        case .voltageMagnitude:
            add(magnitudeOf: measurement.element, 1)
            return v[measurement.element].length
        case .voltageAngle:
            add(angleOf: measurement.element, 180 / .pi)
            return Double.atan2(y: v[measurement.element].imaginary, x: v[measurement.element].real) * 180 / .pi
        case .activeInjection, .reactiveInjection:
            let i = measurement.element
            let active = measurement.kind == .activeInjection
            let values = network.admittance.values
            for (k, entry) in rowEntries[i] {
                let y = values[entry]
                let d = InjectionDerivatives.entry(
                    isDiagonal: i == k, g: y.real, b: y.imaginary, viRe: v[i].real, viIm: v[i].imaginary, vkRe: v[k].real,
                    vkIm: v[k].imaginary, inverseMagnitudeK: 1 / max(v[k].length, 1e-12), currentIRe: currents[i].real,
                    currentIIm: currents[i].imaginary)
                add(angleOf: k, active ? d.pByAngle : d.qByAngle)
                add(magnitudeOf: k, active ? d.pByMagnitude : d.qByMagnitude)
            }
            let s = v[i] * currents[i].conjugate
            return active ? s.real : s.imaginary
        case .activeFlow, .reactiveFlow, .currentMagnitude:
            let k = measurement.element
            let y = network.branchAdmittances[k], ends = network.branchEnds[k]
            let (near, far) = measurement.atFromEnd ? (ends.from, ends.to) : (ends.to, ends.from)
            let (self_, mutual) = measurement.atFromEnd ? (y.fromFrom, y.fromTo) : (y.toTo, y.toFrom)
            guard y.isInModel else { return 0 }
            if measurement.kind == .currentMagnitude {
                let current = self_ * v[near] + mutual * v[far]
                let size = current.length
                guard size > 1e-12 else {
                    add(angleOf: near, 0); add(angleOf: far, 0); add(magnitudeOf: near, 0); add(magnitudeOf: far, 0)
                    return 0
                }
                // ∂|I|/∂x = Re(conj(I)·∂I/∂x)/|I|.
                func rate(_ d: Complex<Double>) -> Double { (current.conjugate * d).real / size }
                let i = Complex<Double>(0, 1)
                add(angleOf: near, rate(i * self_ * v[near]))
                add(angleOf: far, rate(i * mutual * v[far]))
                add(magnitudeOf: near, rate(self_ * v[near] / Complex(max(v[near].length, 1e-12), 0)))
                add(magnitudeOf: far, rate(mutual * v[far] / Complex(max(v[far].length, 1e-12), 0)))
                return size
            }
            let magnitude = v[near].length
            let a = v[near] * (mutual * v[far]).conjugate
            let power = Complex(magnitude * magnitude, 0) * self_.conjugate + a
            let active = measurement.kind == .activeFlow
            func part(_ z: Complex<Double>) -> Double { active ? z.real : z.imaginary }
            let ja = Complex<Double>(0, 1) * a
            add(angleOf: near, part(ja))
            add(angleOf: far, -part(ja))
            add(magnitudeOf: near, part(Complex(2 * magnitude, 0) * self_.conjugate + a / Complex(max(magnitude, 1e-12), 0)))
            add(magnitudeOf: far, part(a / Complex(max(v[far].length, 1e-12), 0)))
            return part(power)
        }
    }
}
