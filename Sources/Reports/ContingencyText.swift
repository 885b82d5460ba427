import GridModel
import Foundation
import Studies
import Studies

/// The readable and JSON reports of `gridtwin contingency`.
public enum ContingencyText {
    public static func render(_ report: ContingencyReport, grid: String, showAll: Bool) -> String {
        let outcomes = report.outcomes
        let insecure = outcomes.filter { !$0.isSecure }
        let failed = outcomes.filter { !$0.converged }
        let islanding = outcomes.filter { !$0.busesLost.isEmpty }
        let overloading = outcomes.filter { !$0.overloads.isEmpty }
        let voltage = outcomes.filter { !$0.voltageViolations.isEmpty }
        var out = "N-1 contingency analysis of \(grid)\n"
        out += "  \(outcomes.count) outages analyzed"
        if report.skippedByScreening > 0 { out += ", \(report.skippedByScreening) skipped by DC screening" }
        out += String(format: " in %.3f s on %d worker(s) (%.3f ms per outage)\n", report.wallSeconds, report.workers,
                      outcomes.isEmpty ? 0 : report.wallSeconds * 1000 / Double(outcomes.count))
        out += "  secure: \(outcomes.count - insecure.count); insecure: \(insecure.count)"
        out += " (did not converge \(failed.count), islanding \(islanding.count), overloads \(overloading.count), voltage \(voltage.count))\n"
        if insecure.isEmpty { return out + "\nEvery outage is secure.\n" }
        out += "\nMost severe first:\n"
        let shown = showAll ? insecure : Array(insecure.prefix(20))
        for outcome in shown {
            out += "  outage of \(outcome.outage): "
            var parts: [String] = []
            if !outcome.converged { parts.append("the power flow does not converge") }
            if !outcome.busesLost.isEmpty {
                parts.append("islands \(outcome.busesLost.count) bus(es), \(NumberText.fixed(outcome.loadLostMW, 2)) MW of load lost")
            }
            if let worst = outcome.overloads.first {
                parts.append("overloads \(outcome.overloads.count) branch(es), worst \(worst.branch.description) at \(NumberText.fixed(worst.loadingPercent, 1)) %")
            }
            if !outcome.voltageViolations.isEmpty {
                let worst = outcome.voltageViolations.max { abs($0.magnitudePU - $0.limitPU) < abs($1.magnitudePU - $1.limitPU) }!
                parts.append("\(outcome.voltageViolations.count) voltage violation(s), worst bus \(worst.bus) at \(NumberText.fixed(worst.magnitudePU, 4)) p.u.")
            }
            out += parts.joined(separator: "; ") + "\n"
        }
        if !showAll && insecure.count > shown.count { out += "  … \(insecure.count - shown.count) more (--all lists every one)\n" }
        return out
    }

    private struct Document: Encodable {
        struct Row: Encodable {
            var outage: String
            var secure: Bool
            var converged: Bool
            var iterations: Int
            var busesLost: [Int]
            var loadLostMw: Double
            var overloads: [Overload]
            var voltageViolations: [Voltage]
            var maxLoadingPercent: Double?
            var minVmPu: Double?
            var maxVmPu: Double?
            var severity: Double
        }
        struct Overload: Encodable {
            var branch: String
            var loadingPercent: Double
        }
        struct Voltage: Encodable {
            var bus: Int
            var vmPu: Double
            var limitPu: Double
        }
        var analyzed: Int
        var skippedByScreening: Int
        var insecure: Int
        var wallSeconds: Double
        var msPerOutage: Double
        var workers: Int
        var contingencies: [Row]
    }

    public static func json(_ report: ContingencyReport) throws -> String {
        let rows = report.outcomes.map { outcome in
            Document.Row(
                outage: outcome.outage.description, secure: outcome.isSecure, converged: outcome.converged,
                iterations: outcome.iterations, busesLost: outcome.busesLost, loadLostMw: outcome.loadLostMW,
                overloads: outcome.overloads.map { .init(branch: $0.branch.description, loadingPercent: $0.loadingPercent) },
                voltageViolations: outcome.voltageViolations.map { .init(bus: $0.bus, vmPu: $0.magnitudePU, limitPu: $0.limitPU) },
                maxLoadingPercent: outcome.maximumLoadingPercent, minVmPu: outcome.minimumVoltagePU,
                maxVmPu: outcome.maximumVoltagePU, severity: outcome.severity.isFinite ? outcome.severity : 1e12)
        }
        let document = Document(
            analyzed: rows.count, skippedByScreening: report.skippedByScreening,
            insecure: report.outcomes.filter { !$0.isSecure }.count, wallSeconds: report.wallSeconds,
            msPerOutage: rows.isEmpty ? 0 : report.wallSeconds * 1000 / Double(rows.count), workers: report.workers,
            contingencies: rows)
        return try ReportJSON.text(document)
    }
}
