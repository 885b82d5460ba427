import GridModel
import Foundation
import Studies

extension GridDiff {
    /// The readable report: totals on top, then model changes, results beyond tolerance (largest first),
    /// violations, and N-1 security changes.
    public func text(rowLimit: Int = 40) -> String {
        var out = "Diff: \(oldName) → \(newName)\n"
        if !hasChanges {
            out += "No differences beyond tolerance.\n"
            return out
        }
        func count(_ kind: String) -> Int { modelChanges.filter { $0.element.hasPrefix(kind) }.count }
        out += "  model: \(modelChanges.count) change(s) (buses \(count("bus")), branches \(count("branch")), generators \(count("generator")))\n"
        out += "  results: \(resultChanges.count) quantit\(resultChanges.count == 1 ? "y" : "ies") beyond tolerance"
        out += " (Vm \(tolerances.voltageMagnitudePU) p.u., Va \(tolerances.voltageAngleDegrees)°, P/Q \(tolerances.branchMW) MW/Mvar, loading \(tolerances.loadingPercent) %)\n"
        out += "  losses: \(fixed(oldLossesMW, 3)) → \(fixed(newLossesMW, 3)) MW (\(signed(newLossesMW - oldLossesMW, 3)))\n"
        out += "  violations: \(violationsAppeared.count) appeared, \(violationsCleared.count) cleared\n"
        if !securityChanges.isEmpty {
            out += "  N-1: \(securityChanges.filter(\.isWorse).count) worse, \(securityChanges.filter { !$0.isWorse }.count) better\n"
        }
        if oldConverged != newConverged {
            out += "  convergence: \(oldConverged ? "converged" : "did not converge") → \(newConverged ? "converged" : "does not converge")\n"
        }
        if !modelChanges.isEmpty {
            out += "\nModel changes:\n"
            for change in modelChanges.prefix(rowLimit) { out += "  " + describe(change) + "\n" }
            if modelChanges.count > rowLimit { out += "  … \(modelChanges.count - rowLimit) more\n" }
        }
        if !resultChanges.isEmpty {
            out += "\nResults beyond tolerance (largest first):\n"
            for change in resultChanges.prefix(rowLimit) {
                out += "  \(change.element) \(change.quantity): \(fixed(change.old, 4)) → \(fixed(change.new, 4)) \(change.unit) (\(signed(change.delta, 4)))\n"
            }
            if resultChanges.count > rowLimit { out += "  … \(resultChanges.count - rowLimit) more\n" }
        }
        for (title, list) in [("Violations that appeared", violationsAppeared), ("Violations that cleared", violationsCleared)] where !list.isEmpty {
            out += "\n\(title):\n"
            for violation in list.prefix(rowLimit) {
                out += "  \(violation.kind) \(violation.element): \(fixed(violation.value, 4)) \(violation.unit) (limit \(fixed(violation.limit, 4)))\n"
            }
        }
        if !securityChanges.isEmpty {
            out += "\nN-1 security changes:\n"
            for change in securityChanges.sorted(by: { $0.isWorse && !$1.isWorse }).prefix(rowLimit) {
                out += "  this change makes the \(change.outage) \(change.description)\n"
            }
        }
        return out
    }

    func describe(_ change: ModelChange) -> String {
        switch change.kind {
        case .added: return "\(change.element): added"
        case .removed: return "\(change.element): removed"
        case .switchedOut: return "\(change.element): switched out of service"
        case .switchedIn: return "\(change.element): switched into service"
        case .changed:
            let unit = (change.unit ?? "").isEmpty ? "" : " \(change.unit!)"
            return "\(change.element) \(change.field ?? ""): \(number(change.old)) → \(number(change.new))\(unit)"
        }
    }

    private func number(_ value: Double?) -> String { NumberText.compact(value) }

    func fixed(_ value: Double, _ decimals: Int) -> String { NumberText.fixed(value, decimals) }
    func signed(_ value: Double, _ decimals: Int) -> String { NumberText.signed(value, decimals) }
}
