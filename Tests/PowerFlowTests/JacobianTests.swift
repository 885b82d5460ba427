import Numerics
import GridNetwork
import PowerFlow
import TestFixtures
import Testing

/// The analytic Jacobian equals central finite differences of the mismatch.
@Suite("Jacobian")
struct JacobianTests {
    @Test("matches finite differences", arguments: ["case9", "case30", "case118", "case300"])
    func matchesFiniteDifferences(name: String) throws {
        var grid = try Fixtures.grid(name)
        // A state away from the solution, with some angle spread.
        for b in grid.buses.indices {
            grid.buses[b].voltageMagnitudePU *= 1 + 0.01 * Double(b % 5)
            grid.buses[b].voltageAngleDegrees += Double(b % 7)
        }
        let network = try PowerFlowNetwork(grid: grid)
        let jacobian = PolarJacobian(admittancePattern: network.admittance.pattern, roles: network.roles.roles)
        let voltages = network.initialVoltages()
        let values = jacobian.values(admittance: network.admittance, voltages: voltages)
        // Dense copy of the analytic Jacobian.
        let m = jacobian.dimension
        var dense = [Double](repeating: 0, count: m * m)
        for column in 0..<m {
            for entry in jacobian.pattern.columnStarts[column]..<jacobian.pattern.columnStarts[column + 1] {
                dense[jacobian.pattern.rowIndices[entry] * m + column] = values[entry]
            }
        }
        let h = 1e-6
        var worst = 0.0
        for unknown in 0..<m {
            let b = jacobian.busOfUnknown[unknown]
            let isAngle = jacobian.unknownKind[unknown] == .angle
            func perturbed(_ delta: Double) -> [Double] {
                var v = voltages
                let magnitude = v[b].length, angle = Double.atan2(y: v[b].imaginary, x: v[b].real)
                let (newMagnitude, newAngle) = isAngle ? (magnitude, angle + delta) : (magnitude + delta, angle)
                v[b] = Complex(newMagnitude * .cos(newAngle), newMagnitude * .sin(newAngle))
                return jacobian.mismatch(admittance: network.admittance, voltages: v, injections: network.injections)
            }
            let plus = perturbed(h), minus = perturbed(-h)
            for row in 0..<m {
                let numeric = (plus[row] - minus[row]) / (2 * h)
                worst = max(worst, abs(numeric - dense[row * m + unknown]) / max(1, abs(numeric)))
            }
        }
        #expect(worst < 1e-6, "largest relative difference \(worst)")
    }
}
