import GridModel
import Numerics
import SparseLU

/// The bus admittance matrix Ybus (p.u. on the system base), sparse, in compressed-sparse-column form.
///
/// Rows and columns follow the grid's bus-table order. Every bus has a stored diagonal entry (zero for an
/// isolated bus), so that the pattern depends on topology only: values can be updated in place when a tap,
/// an impedance or a shunt changes, and the symbolic analysis of anything built on the pattern stays valid.
public struct AdmittanceMatrix: Sendable {
    /// Nonzero pattern: column `k` holds rows `pattern.rowIndices[pattern.columnStarts[k]..<pattern.columnStarts[k+1]]`.
    public let pattern: CompressedColumnPattern
    /// Ybus entries, in the pattern's order, p.u. (changed only through this type's methods).
    public private(set) var values: [Complex<Double>]
    /// Position of each bus's diagonal entry in ``values``.
    public let diagonalIndex: [Int]

    /// Number of buses.
    public var dimension: Int { pattern.dimension }

    /// Builds Ybus from in-service branches whose two buses are in the model and from bus shunts, exactly as
    /// MATPOWER's `makeYbus`: π model, tap at the from end, phase shift in degrees, shunts at V = 1 p.u.
    ///
    /// - Parameters:
    ///   - branchAdmittances: one per branch of `grid` (see ``BranchAdmittance/all(of:ends:roles:)``).
    ///   - ends: position in `grid.buses` of each branch's from and to bus.
    public init(grid: Grid, branchAdmittances: [BranchAdmittance], ends: [BranchEnds]) {
        let n = grid.buses.count
        var entries: [SparseEntry<Complex<Double>>] = []
        entries.reserveCapacity(n + 4 * grid.branches.count)
        for (b, bus) in grid.buses.enumerated() where bus.type != .isolated {
            entries.append(SparseEntry(
                row: b, column: b,
                value: Complex(bus.shuntConductanceMW / grid.baseMVA, bus.shuntSusceptanceMvar / grid.baseMVA)))
        }
        for (k, y) in branchAdmittances.enumerated() where y.isInModel {
            let f = ends[k].from, t = ends[k].to
            entries.append(SparseEntry(row: f, column: f, value: y.fromFrom))
            entries.append(SparseEntry(row: f, column: t, value: y.fromTo))
            entries.append(SparseEntry(row: t, column: f, value: y.toFrom))
            entries.append(SparseEntry(row: t, column: t, value: y.toTo))
        }
        let matrix = SparseMatrix(dimension: n, entries: entries, storingDiagonal: true)
        pattern = matrix.pattern
        values = matrix.values
        var diagonalIndex = [Int](repeating: 0, count: n)
        for column in 0..<n {
            for entry in pattern.columnStarts[column]..<pattern.columnStarts[column + 1] where pattern.rowIndices[entry] == column {
                diagonalIndex[column] = entry
            }
        }
        self.diagonalIndex = diagonalIndex
    }

    /// Subtracts a branch's admittance block between buses `f` and `t` (positions), keeping the pattern.
    mutating func subtract(_ y: BranchAdmittance, from f: Int, to t: Int) {
        values[diagonalIndex[f]] -= y.fromFrom
        values[diagonalIndex[t]] -= y.toTo
        if f != t {
            values[pattern.entryIndex(row: f, column: t)!] -= y.fromTo
            values[pattern.entryIndex(row: t, column: f)!] -= y.toFrom
        } else {
            values[diagonalIndex[f]] -= y.fromTo + y.toFrom
        }
    }

    /// The entry at (`row`, `column`), zero when it is not stored.
    public subscript(row: Int, column: Int) -> Complex<Double> {
        pattern.entryIndex(row: row, column: column).map { values[$0] } ?? .zero
    }

    /// Bus current injections I = Ybus · V, p.u.
    public func multiply(_ voltages: [Complex<Double>]) -> [Complex<Double>] {
        var currents = [Complex<Double>](repeating: .zero, count: dimension)
        for column in 0..<dimension {
            let v = voltages[column]
            for entry in pattern.columnStarts[column]..<pattern.columnStarts[column + 1] {
                currents[pattern.rowIndices[entry]] += values[entry] * v
            }
        }
        return currents
    }
}
