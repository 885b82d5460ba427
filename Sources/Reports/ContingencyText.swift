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
        let pairs = outcomes.contains {
            switch $0.outage {
            case .branchPair, .branchAndGenerator, .generatorPair: true
            default: false
            }
        }
        var out = "\(pairs ? "N-2" : "N-1") contingency analysis of \(grid)\n"
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

    struct Document: Codable {
        struct Row: Codable {
            /// The outage's position in the whole study's order (shard files only).
            var rank: Int?
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
        struct Overload: Codable {
            var branch: String
            var loadingPercent: Double
        }
        struct Voltage: Codable {
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
        /// Shard files only: their format, which part of how many, the inputs' hashes and the program's version,
        /// and the outages of the whole study.
        var format: String?
        var shard: Shard?
        var inputs: [String: String]?
        var version: String?
        var outagesTotal: Int?

        struct Shard: Codable, Equatable {
            var index: Int
            var count: Int
        }
    }

    /// The `format` of a shard file.
    public static let shardFormat = "gridtwin-contingency-shard-1"

    public static func json(_ report: ContingencyReport) throws -> String {
        try ReportJSON.text(document(report))
    }

    /// The self-describing result of one shard (`contingency --shard I/N --out FILE`): the rows of its outages with
    /// their ranks, which part it is, the hashes of the `inputs` (name → hash) and the `version` that wrote it.
    public static func shardJSON(_ report: ContingencyReport, inputs: [String: String], version: String) throws -> String {
        var document = document(report)
        for i in document.contingencies.indices where i < report.ranks.count { document.contingencies[i].rank = report.ranks[i] }
        document.format = shardFormat
        document.shard = report.shard.map { Document.Shard(index: $0.index, count: $0.count) }
        document.inputs = inputs
        document.version = version
        document.outagesTotal = report.totalOutages
        return try ReportJSON.text(document)
    }

    private static func document(_ report: ContingencyReport) -> Document {
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
        return document
    }
}
