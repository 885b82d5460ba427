import GridModel

/// One difference between two versions of a grid's model.
public struct ModelChange: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case added, removed, changed
        case switchedOut = "switched_out"
        case switchedIn = "switched_in"
    }

    /// The element that changed.
    public var id: ElementID
    /// The element as reports name it, e.g. `bus 12`, `branch 12-16`, `generator at bus 4`.
    public var element: String { id.description }
    public var kind: Kind
    /// MATPOWER column name for a changed parameter.
    public var field: String?
    public var old: Double?
    public var new: Double?
    public var unit: String?

    public init(id: ElementID, kind: Kind, field: String? = nil, old: Double? = nil, new: Double? = nil, unit: String? = nil) {
        self.id = id
        self.kind = kind
        self.field = field
        self.old = old
        self.new = new
        self.unit = unit
    }

    /// A change of the element named `element` (the text form of an ``ElementID``, which it must be).
    public init(element: String, kind: Kind, field: String? = nil, old: Double? = nil, new: Double? = nil, unit: String? = nil) {
        guard let id = ElementID(element) else { preconditionFailure("'\(element)' names no element") }
        self.init(id: id, kind: kind, field: field, old: old, new: new, unit: unit)
    }
}

/// Why two grids cannot be compared element by element.
public struct GridMatchError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Compares the models of two grids: buses by number, branches by (from, to, order among parallels), generators
/// by (bus, order). Voltages of the bus table and generator Q at voltage-controlling buses are starting values or
/// results, not model parameters, and are left to the results diff; the Q of a generator on a PQ bus is an input
/// and is compared.
public enum ModelDiff {
    /// The differences, in element order: buses, branches, generators.
    ///
    /// - Throws: ``GridMatchError`` when the grids use different base MVA, or when so few bus numbers (or branches)
    ///   match that the grids look renumbered or different (a diff by number would be thousands of meaningless rows).
    public static func compare(old: Grid, new: Grid) throws(GridMatchError) -> [ModelChange] {
        guard old.baseMVA == new.baseMVA else {
            throw GridMatchError(description: "the grids use different system bases (\(old.baseMVA) MVA and \(new.baseMVA) MVA): per-unit values cannot be compared; convert one first")
        }
        let oldIDs = Set(old.buses.map(\.id)), newIDs = Set(new.buses.map(\.id))
        let common = oldIDs.intersection(newIDs).count
        if common < min(oldIDs.count, newIDs.count) / 2 {
            throw GridMatchError(description: "only \(common) of \(oldIDs.count) bus numbers of the old grid appear in the new one (\(newIDs.count) buses): the grids look renumbered or are different grids, so they cannot be matched bus by bus")
        }
        let oldBranches = Set(BranchKey.keys(of: old)), newBranches = Set(BranchKey.keys(of: new))
        let commonBranches = oldBranches.intersection(newBranches).count
        if commonBranches < min(oldBranches.count, newBranches.count) / 2 {
            throw GridMatchError(description: "only \(commonBranches) of \(oldBranches.count) branches of the old grid connect the same buses in the new one (\(newBranches.count) branches): these look like different grids, so they cannot be matched element by element")
        }
        var changes: [ModelChange] = []
        compareBuses(old, new, into: &changes)
        compareBranches(old, new, into: &changes)
        compareGenerators(old, new, into: &changes)
        return changes
    }

    private typealias Field<Element> = (name: String, unit: String, value: (Element) -> Double)

    private static func compareFields<Element>(
        _ element: ElementID, _ a: Element, _ b: Element, _ fields: [Field<Element>], into changes: inout [ModelChange]
    ) {
        for field in fields {
            let x = field.value(a), y = field.value(b)
            if x != y && !(x.isNaN && y.isNaN) {
                changes.append(ModelChange(id: element, kind: .changed, field: field.name, old: x, new: y, unit: field.unit))
            }
        }
    }

    private static func compareBuses(_ old: Grid, _ new: Grid, into changes: inout [ModelChange]) {
        let fields: [Field<Bus>] = [
            ("BUS_TYPE", "", { Double($0.type.rawValue) }), ("PD", "MW", \.demandMW), ("QD", "Mvar", \.demandMvar),
            ("GS", "MW", \.shuntConductanceMW), ("BS", "Mvar", \.shuntSusceptanceMvar), ("BASE_KV", "kV", \.baseKV),
            ("VMAX", "p.u.", \.maximumVoltagePU), ("VMIN", "p.u.", \.minimumVoltagePU),
            ("BUS_AREA", "", { Double($0.area) }), ("ZONE", "", { Double($0.zone) }),
        ]
        let newByID = Dictionary(new.buses.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let oldIDs = Set(old.buses.map(\.id))
        for bus in old.buses {
            guard let other = newByID[bus.id] else {
                changes.append(ModelChange(id: .bus(bus.id), kind: .removed))
                continue
            }
            compareFields(.bus(bus.id), bus, other, fields, into: &changes)
        }
        for bus in new.buses where !oldIDs.contains(bus.id) {
            changes.append(ModelChange(id: .bus(bus.id), kind: .added))
        }
    }

    private static func compareBranches(_ old: Grid, _ new: Grid, into changes: inout [ModelChange]) {
        let fields: [Field<Branch>] = [
            ("BR_R", "p.u.", \.resistancePU), ("BR_X", "p.u.", \.reactancePU), ("BR_B", "p.u.", \.chargingSusceptancePU),
            ("RATE_A", "MVA", \.rateAMVA), ("RATE_B", "MVA", \.rateBMVA), ("RATE_C", "MVA", \.rateCMVA),
            ("TAP", "", \.effectiveTapRatio), ("SHIFT", "deg", \.phaseShiftDegrees),
            ("ANGMIN", "deg", \.minimumAngleDifferenceDegrees), ("ANGMAX", "deg", \.maximumAngleDifferenceDegrees),
        ]
        let oldKeys = BranchKey.keys(of: old), newKeys = BranchKey.keys(of: new)
        let newIndex = Dictionary(newKeys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let oldSet = Set(oldKeys)
        for (k, key) in oldKeys.enumerated() {
            let element = ElementID.branch(key)
            guard let j = newIndex[key] else {
                changes.append(ModelChange(id: element, kind: .removed))
                continue
            }
            let a = old.branches[k], b = new.branches[j]
            if a.inService != b.inService {
                changes.append(ModelChange(
                    id: element, kind: b.inService ? .switchedIn : .switchedOut, field: "BR_STATUS",
                    old: a.inService ? 1 : 0, new: b.inService ? 1 : 0, unit: ""))
            }
            compareFields(element, a, b, fields, into: &changes)
        }
        for key in newKeys where !oldSet.contains(key) {
            changes.append(ModelChange(id: .branch(key), kind: .added))
        }
    }

    private static func compareGenerators(_ old: Grid, _ new: Grid, into changes: inout [ModelChange]) {
        let fields: [Field<Generator>] = [
            ("PG", "MW", \.activePowerMW), ("QMAX", "Mvar", \.maximumReactivePowerMvar),
            ("QMIN", "Mvar", \.minimumReactivePowerMvar), ("VG", "p.u.", \.voltageSetpointPU),
            ("MBASE", "MVA", \.machineBaseMVA), ("PMAX", "MW", \.maximumActivePowerMW), ("PMIN", "MW", \.minimumActivePowerMW),
        ]
        let oldKeys = GeneratorKey.keys(of: old), newKeys = GeneratorKey.keys(of: new)
        let newIndex = Dictionary(newKeys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let oldSet = Set(oldKeys)
        let newBusType = Dictionary(new.buses.map { ($0.id, $0.type) }, uniquingKeysWith: { a, _ in a })
        for (g, key) in oldKeys.enumerated() {
            let element = ElementID.generator(key)
            guard let j = newIndex[key] else {
                changes.append(ModelChange(id: element, kind: .removed))
                continue
            }
            let a = old.generators[g], b = new.generators[j]
            if a.inService != b.inService {
                changes.append(ModelChange(
                    id: element, kind: b.inService ? .switchedIn : .switchedOut, field: "GEN_STATUS",
                    old: a.inService ? 1 : 0, new: b.inService ? 1 : 0, unit: ""))
            }
            compareFields(element, a, b, fields, into: &changes)
            // QG is an input only for a generator on a PQ bus (a fixed injection); elsewhere it is a result.
            if newBusType[b.bus] == .pq && a.reactivePowerMvar != b.reactivePowerMvar {
                changes.append(ModelChange(
                    id: element, kind: .changed, field: "QG", old: a.reactivePowerMvar, new: b.reactivePowerMvar, unit: "Mvar"))
            }
        }
        for key in newKeys where !oldSet.contains(key) {
            changes.append(ModelChange(id: .generator(key), kind: .added))
        }
    }
}
