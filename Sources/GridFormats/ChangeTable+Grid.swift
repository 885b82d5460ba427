import GridModel

extension ChangeTable {
    /// `grid` with the changes of `label` applied, as MATPOWER's `apply_changes` applies them to the bus, generator
    /// and branch tables: `CT_TBUS`, `CT_TGEN` and `CT_TBRCH` address an element by its row in its table (1-based),
    /// `CT_REP` sets the column, `CT_REL` scales it, `CT_ADD` adds to it; a status column is in service when the result
    /// is not 0. Columns: PD, QD, GS, BS, VMAX, VMIN (buses); PG, QG, QMAX, QMIN, VG, GEN_STATUS, PMAX, PMIN
    /// (generators); BR_R, BR_X, BR_B, RATE_A/B/C, TAP, SHIFT, BR_STATUS (branches). A contingency list
    /// (`contab_*.m`) is such a table, one label per contingency.
    ///
    /// - Throws: an error naming the line and the field of a change this cannot apply (area, load and cost tables,
    ///   other columns, a row beyond the table).
    public func grid(applyingLabel label: Int, to grid: Grid, file: String) throws(CaseFileError) -> Grid {
        var changed = grid
        for change in changes where change.label == label {
            switch change.table {
            case .bus:
                try Self.apply(change, to: &changed.buses, table: "bus", file: file, columns: [
                    3: \.demandMW, 4: \.demandMvar, 5: \.shuntConductanceMW, 6: \.shuntSusceptanceMvar,
                    12: \.maximumVoltagePU, 13: \.minimumVoltagePU,
                ], status: nil, changeable: "PD, QD, GS, BS, VMAX, VMIN")
            case .generator:
                try Self.apply(change, to: &changed.generators, table: "generator", file: file, columns: [
                    2: \.activePowerMW, 3: \.reactivePowerMvar, 4: \.maximumReactivePowerMvar, 5: \.minimumReactivePowerMvar,
                    6: \.voltageSetpointPU, 9: \.maximumActivePowerMW, 10: \.minimumActivePowerMW,
                ], status: (8, \.inService), changeable: "PG, QG, QMAX, QMIN, VG, GEN_STATUS, PMAX, PMIN")
            case .branch:
                try Self.apply(change, to: &changed.branches, table: "branch", file: file, columns: [
                    3: \.resistancePU, 4: \.reactancePU, 5: \.chargingSusceptancePU, 6: \.rateAMVA, 7: \.rateBMVA,
                    8: \.rateCMVA, 9: \.tapRatio, 10: \.phaseShiftDegrees,
                ], status: (11, \.inService), changeable: "BR_R, BR_X, BR_B, RATE_A/B/C, TAP, SHIFT, BR_STATUS")
            default:
                throw CaseFileError(
                    file: file, line: change.line,
                    message: "table: a contingency changes buses, generators or branches (CT_TBUS, CT_TGEN, CT_TBRCH)")
            }
        }
        return changed
    }

    /// Applies one change to the element of `elements` it addresses (its row, 1-based): a numeric `columns` entry, or
    /// the `status` column (in service when the result is not 0).
    private static func apply<Element>(
        _ change: Change, to elements: inout [Element], table: String, file: String,
        columns: [Int: WritableKeyPath<Element, Double>], status: (column: Int, field: WritableKeyPath<Element, Bool>)?,
        changeable: String
    ) throws(CaseFileError) {
        let r = change.row - 1
        guard elements.indices.contains(r) else {
            throw CaseFileError(
                file: file, line: change.line, message: "row: the \(table) table has \(elements.count) rows, not \(change.row)")
        }
        func changed(_ old: Double) -> Double {
            switch change.type {
            case .replace: change.value
            case .relative: old * change.value
            case .add: old + change.value
            }
        }
        if let field = columns[change.column] {
            elements[r][keyPath: field] = changed(elements[r][keyPath: field])
        } else if let status, change.column == status.column {
            elements[r][keyPath: status.field] = changed(elements[r][keyPath: status.field] ? 1 : 0) != 0
        } else {
            throw CaseFileError(
                file: file, line: change.line,
                message: "col: \(table) column \(change.column) cannot be changed (\(changeable) can)")
        }
    }

    /// The branch row (0-based) that `label` only takes out of service, when that is all it does.
    public func singleBranchOutage(label: Int) -> Int? {
        let own = changes.filter { $0.label == label }
        guard own.count == 1, let change = own.first, change.table == .branch, change.column == 11,
            change.row >= 1, (change.type == .replace || change.type == .relative) && change.value == 0
        else { return nil }
        return change.row - 1
    }
}
