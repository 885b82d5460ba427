import Numerics
import GridNetwork
import PowerFlow
import TestFixtures
import Testing

/// Ybus equals MATPOWER's `makeYbus` entry by entry.
@Suite("Ybus")
struct AdmittanceMatrixTests {
    static let casesWithReferenceYbus = Fixtures.caseNames.filter { $0 != "case9241pegase" }

    @Test("equals MATPOWER's makeYbus to 1e-9 relative", arguments: casesWithReferenceYbus)
    func equalsMakeYbus(name: String) throws {
        let network = try PowerFlowNetwork(grid: try Fixtures.grid(name))
        let reference = try Fixtures.referenceAdmittance(name)
        let y = network.admittance
        #expect(y.dimension == reference.dimension)
        var largest = 0.0
        for value in reference.entries.values { largest = max(largest, value.length) }
        var checked = 0
        // Every stored entry of ours equals the reference (zero where the reference has none) ...
        for column in 0..<y.dimension {
            for entry in y.pattern.columnStarts[column]..<y.pattern.columnStarts[column + 1] {
                let row = y.pattern.rowIndices[entry]
                let expected = reference.entries[row * y.dimension + column] ?? .zero
                let difference = (y.values[entry] - expected).length
                #expect(difference <= 1e-9 * max(expected.length, 1e-3 * largest), "(\(row), \(column))")
                checked += 1
            }
        }
        // ... and every reference entry is stored.
        for key in reference.entries.keys {
            #expect(y.pattern.entryIndex(row: key / y.dimension, column: key % y.dimension) != nil)
        }
        #expect(checked >= reference.entries.count)
    }

    @Test("a phase shifter makes Ybus unsymmetric as MATPOWER's π model says")
    func phaseShifter() throws {
        var grid = try Fixtures.grid("case9")
        grid.branches[0].tapRatio = 1.05
        grid.branches[0].phaseShiftDegrees = 10
        let network = try PowerFlowNetwork(grid: grid)
        let branch = grid.branches[0]
        let f = network.busIndex[branch.fromBus]!, t = network.busIndex[branch.toBus]!
        let series = Complex(1.0, 0) / Complex(branch.resistancePU, branch.reactancePU)
        let tap = Complex(1.05 * .cos(10 * Double.pi / 180), 1.05 * .sin(10 * Double.pi / 180))
        #expect((network.admittance[f, t] - (-series / tap.conjugate)).length < 1e-12)
        #expect((network.admittance[t, f] - (-series / tap)).length < 1e-12)
    }
}
