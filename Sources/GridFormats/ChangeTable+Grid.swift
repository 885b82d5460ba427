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
            func fail(_ field: String, _ message: String) -> CaseFileError {
                CaseFileError(file: file, line: change.line, message: "\(field): \(message)")
            }
            func apply(_ old: Double) -> Double {
                switch change.type {
                case .replace: change.value
                case .relative: old * change.value
                case .add: old + change.value
                }
            }
            let r = change.row - 1
            switch change.table {
            case .bus:
                guard changed.buses.indices.contains(r) else { throw fail("row", "the bus table has \(changed.buses.count) rows, not \(change.row)") }
                switch change.column {
                case 3: changed.buses[r].demandMW = apply(changed.buses[r].demandMW)
                case 4: changed.buses[r].demandMvar = apply(changed.buses[r].demandMvar)
                case 5: changed.buses[r].shuntConductanceMW = apply(changed.buses[r].shuntConductanceMW)
                case 6: changed.buses[r].shuntSusceptanceMvar = apply(changed.buses[r].shuntSusceptanceMvar)
                case 12: changed.buses[r].maximumVoltagePU = apply(changed.buses[r].maximumVoltagePU)
                case 13: changed.buses[r].minimumVoltagePU = apply(changed.buses[r].minimumVoltagePU)
                default: throw fail("col", "bus column \(change.column) cannot be changed (PD, QD, GS, BS, VMAX, VMIN can)")
                }
            case .generator:
                guard changed.generators.indices.contains(r) else { throw fail("row", "the generator table has \(changed.generators.count) rows, not \(change.row)") }
                switch change.column {
                case 2: changed.generators[r].activePowerMW = apply(changed.generators[r].activePowerMW)
                case 3: changed.generators[r].reactivePowerMvar = apply(changed.generators[r].reactivePowerMvar)
                case 4: changed.generators[r].maximumReactivePowerMvar = apply(changed.generators[r].maximumReactivePowerMvar)
                case 5: changed.generators[r].minimumReactivePowerMvar = apply(changed.generators[r].minimumReactivePowerMvar)
                case 6: changed.generators[r].voltageSetpointPU = apply(changed.generators[r].voltageSetpointPU)
                case 8: changed.generators[r].inService = apply(changed.generators[r].inService ? 1 : 0) != 0
                case 9: changed.generators[r].maximumActivePowerMW = apply(changed.generators[r].maximumActivePowerMW)
                case 10: changed.generators[r].minimumActivePowerMW = apply(changed.generators[r].minimumActivePowerMW)
                default: throw fail("col", "generator column \(change.column) cannot be changed (PG, QG, QMAX, QMIN, VG, GEN_STATUS, PMAX, PMIN can)")
                }
            case .branch:
                guard changed.branches.indices.contains(r) else { throw fail("row", "the branch table has \(changed.branches.count) rows, not \(change.row)") }
                switch change.column {
                case 3: changed.branches[r].resistancePU = apply(changed.branches[r].resistancePU)
                case 4: changed.branches[r].reactancePU = apply(changed.branches[r].reactancePU)
                case 5: changed.branches[r].chargingSusceptancePU = apply(changed.branches[r].chargingSusceptancePU)
                case 6: changed.branches[r].rateAMVA = apply(changed.branches[r].rateAMVA)
                case 7: changed.branches[r].rateBMVA = apply(changed.branches[r].rateBMVA)
                case 8: changed.branches[r].rateCMVA = apply(changed.branches[r].rateCMVA)
                case 9: changed.branches[r].tapRatio = apply(changed.branches[r].tapRatio)
                case 10: changed.branches[r].phaseShiftDegrees = apply(changed.branches[r].phaseShiftDegrees)
                case 11: changed.branches[r].inService = apply(changed.branches[r].inService ? 1 : 0) != 0
                default: throw fail("col", "branch column \(change.column) cannot be changed (BR_R, BR_X, BR_B, RATE_A/B/C, TAP, SHIFT, BR_STATUS can)")
                }
            default:
                throw fail("table", "a contingency changes buses, generators or branches (CT_TBUS, CT_TGEN, CT_TBRCH)")
            }
        }
        return changed
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
