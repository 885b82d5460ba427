import GridModel
/// How far a solved quantity may move before a diff reports it.
public struct DiffTolerances: Sendable, Equatable, Codable {
    public var voltageMagnitudePU: Double = 1e-3
    public var voltageAngleDegrees: Double = 0.1
    public var branchMW: Double = 1
    public var branchMvar: Double = 1
    public var loadingPercent: Double = 1
    public var generatorMW: Double = 1
    public var generatorMvar: Double = 1
    public var lossesMW: Double = 0.1

    public init() {}
}

/// A solved quantity that moved beyond its tolerance.
public struct ResultChange: Sendable, Equatable {
    /// The element whose result moved.
    public var id: ElementID
    /// The element as reports name it, e.g. `bus 12`, `branch 12-16`, `generator at bus 4`, `grid`.
    public var element: String { id.description }
    /// e.g. `Vm`, `Va`, `P from`, `loading`, `Q`, `losses`.
    public var quantity: String
    public var old: Double
    public var new: Double
    public var unit: String
    /// |new − old| in units of the tolerance (for ranking).
    public var severity: Double

    public var delta: Double { new - old }
}

/// A change in the N-1 security of the grid.
public struct SecurityChange: Sendable, Equatable {
    public var outage: String
    /// A sentence, e.g. `now overloads branch 15-17 at 112.0 %`.
    public var description: String
    /// Whether security got worse (an overload or violation appeared, a solve failed, load is lost).
    public var isWorse: Bool
}

/// Compares two solved states quantity by quantity.
public enum ResultDiff {
    public static func compare(old: ResultSnapshot, new: ResultSnapshot, tolerances: DiffTolerances) -> [ResultChange] {
        var changes: [ResultChange] = []
        func check(_ element: ElementID, _ quantity: String, _ a: Double, _ b: Double, _ tolerance: Double, _ unit: String) {
            let delta = abs(b - a)
            if delta > tolerance || (a.isNaN != b.isNaN) {
                changes.append(ResultChange(id: element, quantity: quantity, old: a, new: b, unit: unit, severity: delta / tolerance))
            }
        }
        if old.converged != new.converged {
            changes.append(ResultChange(
                id: .grid, quantity: "converged", old: old.converged ? 1 : 0, new: new.converged ? 1 : 0, unit: "",
                severity: .infinity))
        }
        check(.grid, "losses", old.lossesMW, new.lossesMW, tolerances.lossesMW, "MW")
        for (id, a) in old.buses {
            guard let b = new.buses[id] else { continue }
            check(.bus(id), "Vm", a.magnitudePU, b.magnitudePU, tolerances.voltageMagnitudePU, "p.u.")
            check(.bus(id), "Va", a.angleDegrees, b.angleDegrees, tolerances.voltageAngleDegrees, "deg")
        }
        for (key, a) in old.branches {
            guard let b = new.branches[key] else { continue }
            let element = ElementID.branch(key)
            check(element, "P from", a.fromMW, b.fromMW, tolerances.branchMW, "MW")
            check(element, "Q from", a.fromMvar, b.fromMvar, tolerances.branchMvar, "Mvar")
            check(element, "P to", a.toMW, b.toMW, tolerances.branchMW, "MW")
            check(element, "Q to", a.toMvar, b.toMvar, tolerances.branchMvar, "Mvar")
            if let x = a.loadingPercent, let y = b.loadingPercent {
                check(element, "loading", x, y, tolerances.loadingPercent, "%")
            }
        }
        for (key, a) in old.generators {
            guard let b = new.generators[key] else { continue }
            check(.generator(key), "P", a.activeMW, b.activeMW, tolerances.generatorMW, "MW")
            check(.generator(key), "Q", a.reactiveMvar, b.reactiveMvar, tolerances.generatorMvar, "Mvar")
        }
        return changes.sorted { ($0.severity, $1.element, $1.quantity) > ($1.severity, $0.element, $0.quantity) }
    }

    /// Violations present only in `new` (appeared) and only in `old` (cleared).
    public static func violations(old: ResultSnapshot, new: ResultSnapshot)
        -> (appeared: [ResultSnapshot.Violation], cleared: [ResultSnapshot.Violation])
    {
        let oldSet = Set(old.violations), newSet = Set(new.violations)
        return (new.violations.filter { !oldSet.contains($0) }, old.violations.filter { !newSet.contains($0) })
    }

    /// Changes in N-1 security: per outage present on both sides, overloads and voltage violations that appeared
    /// or cleared, solves that started or stopped failing, load newly lost.
    public static func security(old: [ContingencyOutcome], new: [ContingencyOutcome], tolerances: DiffTolerances) -> [SecurityChange] {
        let oldByOutage = Dictionary(old.map { ($0.outage, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [SecurityChange] = []
        for outcome in new.sorted(by: { $0.outage < $1.outage }) {
            guard let before = oldByOutage[outcome.outage] else { continue }
            let name = "outage of \(outcome.outage)"
            if before.converged != outcome.converged {
                changes.append(SecurityChange(
                    outage: name, description: outcome.converged ? "now solves" : "no longer solves (the power flow diverges)",
                    isWorse: !outcome.converged))
                continue
            }
            if abs(outcome.loadLostMW - before.loadLostMW) > tolerances.generatorMW {
                changes.append(SecurityChange(
                    outage: name,
                    description: "loses \(format(outcome.loadLostMW)) MW of load (was \(format(before.loadLostMW)) MW)",
                    isWorse: outcome.loadLostMW > before.loadLostMW))
            }
            let beforeOverloads = Dictionary(before.overloads.map { ($0.branch, $0.loadingPercent) }, uniquingKeysWith: max)
            let afterOverloads = Dictionary(outcome.overloads.map { ($0.branch, $0.loadingPercent) }, uniquingKeysWith: max)
            for overload in outcome.overloads where beforeOverloads[overload.branch] == nil {
                changes.append(SecurityChange(
                    outage: name, description: "now overloads branch \(overload.branch) at \(format(overload.loadingPercent)) %",
                    isWorse: true))
            }
            for overload in before.overloads where afterOverloads[overload.branch] == nil {
                changes.append(SecurityChange(
                    outage: name, description: "no longer overloads branch \(overload.branch) (was \(format(overload.loadingPercent)) %)",
                    isWorse: false))
            }
            let beforeVoltage = Set(before.voltageViolations.map(\.bus)), afterVoltage = Set(outcome.voltageViolations.map(\.bus))
            for violation in outcome.voltageViolations where !beforeVoltage.contains(violation.bus) {
                changes.append(SecurityChange(
                    outage: name,
                    description: "now puts bus \(violation.bus) at \(format(violation.magnitudePU, 4)) p.u. (limit \(format(violation.limitPU, 4)))",
                    isWorse: true))
            }
            for violation in before.voltageViolations where !afterVoltage.contains(violation.bus) {
                changes.append(SecurityChange(
                    outage: name, description: "no longer violates the voltage limit at bus \(violation.bus)", isWorse: false))
            }
        }
        return changes
    }

    static func format(_ value: Double, _ decimals: Int = 1) -> String {
        let scale = pow10(decimals)
        return String((value * scale).rounded() / scale)
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1) { value, _ in value * 10 } }
}
