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
    ///   - branchAdmittances: one per branch of `grid` (see ``BranchAdmittance/all(of:ends:roles:)``).
    ///   - ends: position in `grid.buses` of each branch's from and to bus.
    public init(grid: Grid, branchAdmittances: [BranchAdmittance], ends: [BranchEnds]) {
        let n = grid.buses.count
        // Column counts: the diagonal plus one entry per branch end (duplicates merged below).
        var counts = [Int](repeating: 1, count: n)
        for (k, end) in ends.enumerated() where branchAdmittances[k].isInModel && end.from != end.to {
            counts[end.from] += 1
            counts[end.to] += 1
        }
        var scatterStart = [Int](repeating: 0, count: n + 1)
        for column in 0..<n { scatterStart[column + 1] = scatterStart[column] + counts[column] }
        var next = Array(scatterStart.dropLast())
        var scatteredRows = [Int](repeating: 0, count: scatterStart[n])
        var scatteredValues = [Complex<Double>](repeating: .zero, count: scatterStart[n])
        for b in 0..<n {
            scatteredRows[next[b]] = b
            if grid.buses[b].type != .isolated {
                scatteredValues[next[b]] = Complex(
                    grid.buses[b].shuntConductanceMW / grid.baseMVA, grid.buses[b].shuntSusceptanceMvar / grid.baseMVA)
            }
            next[b] += 1
        }
        let diagonalSlot = Array(scatterStart.dropLast())
        for (k, admittance) in branchAdmittances.enumerated() where admittance.isInModel {
            let f = ends[k].from, t = ends[k].to
            if f == t {
                scatteredValues[diagonalSlot[f]] += admittance.fromFrom + admittance.toTo + admittance.fromTo + admittance.toFrom
                continue
            }
            scatteredValues[diagonalSlot[f]] += admittance.fromFrom
            scatteredValues[diagonalSlot[t]] += admittance.toTo
            scatteredRows[next[t]] = f  // (f, t) lives in column t
            scatteredValues[next[t]] = admittance.fromTo
            next[t] += 1
            scatteredRows[next[f]] = t
            scatteredValues[next[f]] = admittance.toFrom
            next[f] += 1
        }
        // Merge duplicates (parallel branches) and sort rows within each column.
        var columnStarts = [Int](repeating: 0, count: n + 1)
        var rowIndices: [Int] = []
        rowIndices.reserveCapacity(scatterStart[n])
        var values: [Complex<Double>] = []
        values.reserveCapacity(scatterStart[n])
        var diagonalIndex = [Int](repeating: 0, count: n)
        var slotOfRow = [Int](repeating: -1, count: n)
        for column in 0..<n {
            let first = rowIndices.count
            for entry in scatterStart[column]..<scatterStart[column + 1] {
                let row = scatteredRows[entry]
                if slotOfRow[row] >= first {
                    values[slotOfRow[row]] += scatteredValues[entry]
                } else {
                    slotOfRow[row] = rowIndices.count
                    rowIndices.append(row)
                    values.append(scatteredValues[entry])
                }
            }
            // Insertion sort of the (short) column by row.
            var i = first + 1
            while i < rowIndices.count {
                let row = rowIndices[i], value = values[i]
                var j = i - 1
                while j >= first && rowIndices[j] > row {
                    rowIndices[j + 1] = rowIndices[j]
                    values[j + 1] = values[j]
                    j -= 1
                }
                rowIndices[j + 1] = row
                values[j + 1] = value
                i += 1
            }
            for entry in first..<rowIndices.count where rowIndices[entry] == column { diagonalIndex[column] = entry }
            columnStarts[column + 1] = rowIndices.count
        }
        // The structure is correct by construction.
        pattern = try! CompressedColumnPattern(dimension: n, columnStarts: columnStarts, rowIndices: rowIndices)
        self.diagonalIndex = diagonalIndex
        self.values = values
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
