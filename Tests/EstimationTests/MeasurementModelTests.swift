import Estimation
import GridNetwork
import Numerics
import PowerFlow
import Testing
import TestFixtures

@Suite("Measurement functions and their Jacobian")
struct MeasurementModelTests {
    @Test("every kind's Jacobian row equals central differences of h at a solved state")
    func finiteDifferences() throws {
        let grid = try Fixtures.grid("case30")
        let engine = try PowerFlowEngine(grid: grid)
        let network = engine.network
        let voltages = engine.solveVoltages().voltages
        var measurements: [GridMeasurement] = []
        for b in [0, 3, 7, 21] {
            for kind in [MeasurementKind.voltageMagnitude, .voltageAngle, .activeInjection, .reactiveInjection] {
                measurements.append(GridMeasurement(kind: kind, element: b, value: 0, sigma: 0.01))
            }
        }
        for k in [0, 5, 11, 30] {
            for kind in [MeasurementKind.activeFlow, .reactiveFlow, .currentMagnitude] {
                for side in [true, false] { measurements.append(GridMeasurement(kind: kind, element: k, atFromEnd: side, value: 0, sigma: 0.01)) }
            }
        }
        let model = MeasurementModel(network: network, measurements: measurements)
        var h = [Double](repeating: 0, count: measurements.count), jacobian = [Double](repeating: 0, count: model.columns.count)
        model.evaluate(voltages: voltages, values: &h, jacobian: &jacobian)
        // The exact values at the solved state: |V|, angle, injections and flows as the power flow computes them.
        let flows = network.branchFlows(voltages: voltages)
        #expect(abs(h[0] - voltages[0].length) < 1e-12)
        let flowRow = measurements.firstIndex { $0.kind == .activeFlow && $0.element == 5 && $0.atFromEnd }!
        #expect(abs(h[flowRow] * grid.baseMVA - flows[5].fromMW) < 1e-9)
        // Central differences in each state variable.
        let step = 1e-6
        for b in voltages.indices {
            for (column, isAngle) in [(model.angleColumn[b], true), (model.magnitudeColumn[b], false)] where column >= 0 {
                func shifted(_ delta: Double) -> [Double] {
                    var v = voltages
                    let magnitude = v[b].length, angle = Double.atan2(y: v[b].imaginary, x: v[b].real)
                    let (m, a) = isAngle ? (magnitude, angle + delta) : (magnitude + delta, angle)
                    v[b] = Complex(m * .cos(a), m * .sin(a))
                    var values = [Double](repeating: 0, count: measurements.count), unused = jacobian
                    model.evaluate(voltages: v, values: &values, jacobian: &unused)
                    return values
                }
                let plus = shifted(step), minus = shifted(-step)
                for i in measurements.indices {
                    let numeric = (plus[i] - minus[i]) / (2 * step)
                    var analytic = 0.0
                    for p in model.rowStarts[i]..<model.rowStarts[i + 1] where model.columns[p] == column { analytic += jacobian[p] }
                    #expect(abs(numeric - analytic) < 1e-5 * max(1, abs(numeric)), "\(measurements[i].kind) \(measurements[i].element) by \(isAngle ? "θ" : "|V|") of bus \(b)")
                }
            }
        }
    }
}
