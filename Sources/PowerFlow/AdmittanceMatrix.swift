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
    /// Ybus entries, in the pattern's order, p.u.
    public var values: [Complex<Double>]
    /// Position of each bus's diagonal entry in ``values``.
    public let diagonalIndex: [Int]

    /// Number of buses.
    public var dimension: Int { pattern.dimension }

    /// Builds Ybus from in-service branches whose two buses are in the model and from bus shunts, exactly as
    /// MATPOWER's `makeYbus`: π model, tap at the from end, phase shift in degrees, shunts at V = 1 p.u.
    ///
    /// - Parameters:
    ///   - branchAdmittances: one per branch of `grid` (see ``BranchAdmittance/all(of:)``).
    ///   - busIndex: position of each bus number in `grid.buses`.
    public init(grid: Grid, branchAdmittances: [BranchAdmittance], busIndex: [Int: Int]) {
        let n = grid.buses.count
        // Count entries per column: diagonal + one per branch end.
        var fromIndex = [Int](repeating: -1, count: grid.branches.count)
        var toIndex = [Int](repeating: -1, count: grid.branches.count)
        var neighbours = [[Int]](repeating: [], count: n)
        for (k, branch) in grid.branches.enumerated() where branchAdmittances[k].isInModel {
            guard let f = busIndex[branch.fromBus], let t = busIndex[branch.toBus] else { continue }
            fromIndex[k] = f
            toIndex[k] = t
            if f != t {
                neighbours[f].append(t)
                neighbours[t].append(f)
            }
        }
        var columnStarts = [Int](repeating: 0, count: n + 1)
        var rowIndices: [Int] = []
        rowIndices.reserveCapacity(n + 2 * grid.branches.count)
        var diagonalIndex = [Int](repeating: 0, count: n)
        var mark = [Int](repeating: -1, count: n)
        for column in 0..<n {
            // Rows sorted ascending within the column: the diagonal and every distinct neighbour.
            var rows = neighbours[column].filter { row in
                if mark[row] == column { return false }
                mark[row] = column
                return true
            }
            rows.append(column)
            rows.sort()
            for row in rows {
                if row == column { diagonalIndex[column] = rowIndices.count }
                rowIndices.append(row)
            }
            columnStarts[column + 1] = rowIndices.count
        }
        // The structure is correct by construction.
        pattern = try! CompressedColumnPattern(dimension: n, columnStarts: columnStarts, rowIndices: rowIndices)
        self.diagonalIndex = diagonalIndex
        values = [Complex<Double>](repeating: .zero, count: rowIndices.count)
        for (k, admittance) in branchAdmittances.enumerated() where fromIndex[k] >= 0 {
            let f = fromIndex[k], t = toIndex[k]
            values[diagonalIndex[f]] += admittance.fromFrom
            values[diagonalIndex[t]] += admittance.toTo
            if f != t {
                values[pattern.entryIndex(row: f, column: t)!] += admittance.fromTo
                values[pattern.entryIndex(row: t, column: f)!] += admittance.toFrom
            } else {
                values[diagonalIndex[f]] += admittance.fromTo + admittance.toFrom
            }
        }
        for (b, bus) in grid.buses.enumerated() where bus.type != .isolated {
            values[diagonalIndex[b]] += Complex(
                bus.shuntConductanceMW / grid.baseMVA, bus.shuntSusceptanceMvar / grid.baseMVA)
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
