import GridModel
import Foundation
import Twin

/// report.html: one self-contained page (inline SVG, no script, no external file) with the run's charts —
/// generation stack and curtailment over time, loading duration curves of the most loaded branches, the voltage
/// band over time, storage state of charge — and the summary table.
public enum HTMLReport {
    public static func render(_ result: SimulationResult) -> String {
        let summary = SimulationSummary(result)
        let scenario = result.scenario
        // Long runs are shown as averages over blocks (a day for a year of hours), at most ~730 points.
        let block = max(1, result.steps.count / 730)
        func blocks(_ values: [Double]) -> [Double] {
            stride(from: 0, to: values.count, by: block).map { start in
                let slice = values[start..<min(values.count, start + block)].filter { !$0.isNaN }
                return slice.isEmpty ? .nan : slice.reduce(0, +) / Double(slice.count)
            }
        }
        let steps = result.steps
        let dispatchable = blocks(steps.map(\.dispatchableMW))
        let renewable = blocks(steps.map(\.renewableUsedMW))
        let discharge = blocks(steps.map(\.storageDischargeMW))
        let curtailed = blocks(steps.map(\.curtailedMW))
        let load = blocks(steps.map(\.loadMW))
        let unit = block == 1 ? "\(scenario.stepMinutes) min steps" : "averages over \(block) steps"
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>GridTwin simulation report</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 980px; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
            table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: right; }
            th { text-align: left; } .legend span { display: inline-block; margin-right: 1.2em; }
            .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; }
            svg { background: #fafafa; border: 1px solid #e4e4e4; }
            </style></head><body>
            <h1>GridTwin simulation report — \(escape(scenario.grid.name))</h1>
            <p>\(steps.count) steps of \(scenario.stepMinutes) min from \(TimeAxis.text(minutes: scenario.startMinutes)); \
            \(summary.convergedSteps) converged; \(scenario.plants.count) renewable plants, \(scenario.storage.count) storage units; \
            run in \(NumberText.fixed(result.wallSeconds, 2)) s.</p>
            <h2>Summary</h2>
            <table>
            <tr><th>energy</th><th>MWh</th></tr>
            """
        let energy = summary.energyMwh
        for (name, value) in [
            ("load", energy.load), ("renewable available", energy.renewableAvailable), ("renewable used", energy.renewableUsed),
            ("curtailed", energy.curtailed), ("of which for congestion or voltage", energy.congestionCurtailed),
            ("of which for minimum generation", energy.minimumGenerationCurtailed),
            ("of which surplus", energy.surplusCurtailed),
            ("dispatchable generation", energy.dispatchable), ("storage charge", energy.storageCharge),
            ("storage discharge", energy.storageDischarge), ("unserved", energy.unserved), ("losses", energy.losses),
        ] {
            html += "<tr><th>\(name)</th><td>\(NumberText.fixed(value, 1))</td></tr>\n"
        }
        html += "<tr><th>curtailment</th><td>\(NumberText.fixed(summary.curtailmentPercent, 2)) %</td></tr>\n"
        html += "<tr><th>steps with overloads left</th><td>\(summary.violations.stepsWithRemainingOverloads)</td></tr>\n"
        html += "<tr><th>steps with voltage violations</th><td>\(summary.violations.stepsWithVoltageViolations)</td></tr>\n"
        html += "<tr><th>steps with a reference generator outside its limits</th><td>\(summary.violations.stepsWithReferenceOutsideLimits)</td></tr>\n"
        html += "<tr><th>steps whose dispatch was infeasible</th><td>\(summary.violations.infeasibleDispatchSteps)</td></tr>\n"
        html += "<tr><th>failed steps (not in the totals)</th><td>\(summary.violations.failedSteps)</td></tr>\n</table>\n"

        html += "<h2>Generation and curtailment (\(unit))</h2>\n"
        html += legend([("dispatchable", "#8c8c8c"), ("renewable used", "#3a9d5d"), ("storage discharge", "#3b6fb6"), ("curtailed", "#f08c2a"), ("load", "#111")])
        html += StackChart(
            layers: [("#8c8c8c", dispatchable), ("#3a9d5d", renewable), ("#3b6fb6", discharge), ("#f08c2a", curtailed)],
            line: load, unit: "MW"
        ).svg()

        html += "<h2>Loading duration curves of the most loaded branches</h2>\n"
        let top = result.branchLoading.keys.sorted { a, b in
            (result.branchLoading[a]!.max() ?? 0, b) > (result.branchLoading[b]!.max() ?? 0, a)
        }.prefix(5)
        let colors = ["#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910"]
        html += legend(top.enumerated().map { ("branch \(SimulationOutputs.branchLabel(result, $1))", colors[$0]) })
        let curves = top.map { k in result.branchLoading[k]!.filter { !$0.isNaN }.map(Double.init).sorted(by: >) }
        html += LineChart(
            series: zip(colors, curves).map { ($0, $1) }, guides: [scenario.loadingLimitPercent], unit: "% of rating",
            xLabel: "share of time, sorted (0 % → 100 %)"
        ).svg()

        html += "<h2>Voltage band (\(unit))</h2>\n"
        html += legend([("highest |V|", "#c0392b"), ("lowest |V|", "#2e86c1")])
        html += LineChart(
            series: [("#c0392b", blocks(steps.map(\.maxVoltagePU))), ("#2e86c1", blocks(steps.map(\.minVoltagePU)))],
            guides: [scenario.voltageBand.low, scenario.voltageBand.high], unit: "p.u.", xLabel: "time"
        ).svg()

        if !result.pricesPerMWh.isEmpty {
            html += "<h2>Curtailment by cause (\(unit))</h2>\n"
            html += legend([
                ("surplus", "#f0b27a"), ("minimum generation", "#a569bd"), ("congestion", "#c0392b"), ("voltage", "#16a085"),
                ("curtailed", "#111"),
            ])
            html += StackChart(
                layers: [
                    ("#f0b27a", blocks(steps.map(\.surplusCurtailedMW))),
                    ("#a569bd", blocks(steps.map(\.minimumGenerationCurtailedMW))),
                    ("#c0392b", blocks(steps.map(\.congestionCurtailedMW))),
                    ("#16a085", blocks(steps.map(\.voltageCurtailedMW))),
                ],
                line: curtailed, unit: "MW"
            ).svg()
            html += "<h2>Price duration curves</h2>\n"
            html += legend([("highest bus price", "#c0392b"), ("load-weighted mean", "#111"), ("lowest bus price", "#2e86c1")])
            let counted = result.steps.indices.filter { result.steps[$0].counted && !result.pricesPerMWh[$0].isEmpty }
            func sorted(_ value: (Int) -> Double) -> [Double] {
                let values = counted.map(value).sorted(by: >)
                let stride = max(1, values.count / 730)
                return Swift.stride(from: 0, to: values.count, by: stride).map { values[$0] }
            }
            let demand = scenario.grid.buses.map(\.demandMW)
            let totalDemand = demand.reduce(0, +)
            html += LineChart(
                series: [
                    ("#c0392b", sorted { Double(result.pricesPerMWh[$0].max() ?? 0) }),
                    ("#111", sorted { t in
                        totalDemand > 0 ? zip(result.pricesPerMWh[t], demand).reduce(0) { $0 + Double($1.0) * $1.1 } / totalDemand : 0
                    }),
                    ("#2e86c1", sorted { Double(result.pricesPerMWh[$0].min() ?? 0) }),
                ],
                guides: [], unit: "$/MWh", xLabel: "share of time, sorted (0 % → 100 %)"
            ).svg()
            html += "<h2>Commitment (\(unit); dark = committed)</h2>\n"
            html += CommitmentChart(result: result, block: block).svg()
        }

        if !scenario.storage.isEmpty {
            html += "<h2>Storage state of charge (\(unit))</h2>\n"
            html += legend(scenario.storage.enumerated().map { ($1.name, colors[$0 % colors.count]) })
            html += LineChart(
                series: scenario.storage.indices.map { s in (colors[s % colors.count], blocks(result.stateOfCharge.map { $0[s] * 100 })) },
                guides: [], unit: "%", xLabel: "time", fixedRange: (0, 100)
            ).svg()
        }
        html += "</body></html>\n"
        return html
    }

    private static func legend(_ items: [(String, String)]) -> String {
        "<p class=\"legend\">" + items.map { "<span><span class=\"swatch\" style=\"background:\($1)\"></span>\(escape($0))</span>" }.joined() + "</p>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// The plotting frame shared by the charts: 900×300 with margins, a y axis with 5 ticks.
private struct ChartFrame {
    let width = 900.0, height = 300.0, left = 60.0, right = 10.0, top = 10.0, bottom = 30.0
    var low: Double
    var high: Double
    var count: Int

    func x(_ i: Int) -> Double { left + (width - left - right) * (count > 1 ? Double(i) / Double(count - 1) : 0.5) }
    func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - (v - low) / max(high - low, 1e-12)) }

    func axes(unit: String, xLabel: String) -> String {
        var out = ""
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            let yy = y(value)
            out += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(fmt(yy))\" y2=\"\(fmt(yy))\" stroke=\"#e0e0e0\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(fmt(yy + 4))\" font-size=\"11\" text-anchor=\"end\">\(label(value))</text>"
        }
        out += "<text x=\"\(left + 6)\" y=\"\(top + 12)\" font-size=\"11\" fill=\"#555\">\(unit)</text>"
        out += "<text x=\"\((left + width) / 2)\" y=\"\(height - 8)\" font-size=\"11\" text-anchor=\"middle\">\(xLabel)</text>"
        return out
    }

    func label(_ v: Double) -> String { NumberText.fixed(v, abs(high - low) < 1 ? 3 : 0) }
    func fmt(_ v: Double) -> String { NumberText.fixed(v, 1, nonFinite: "0") }
}

private struct StackChart {
    var layers: [(color: String, values: [Double])]
    var line: [Double]
    var unit: String

    func svg() -> String {
        let count = line.count
        var totals = [Double](repeating: 0, count: count)
        var tops: [[Double]] = []
        for layer in layers {
            for i in 0..<count where !layer.values[i].isNaN { totals[i] += layer.values[i] }
            tops.append(totals)
        }
        let high = max(totals.max() ?? 1, line.filter { !$0.isNaN }.max() ?? 1) * 1.05
        let frame = ChartFrame(low: 0, high: max(high, 1), count: count)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"300\" viewBox=\"0 0 900 300\">"
        out += frame.axes(unit: unit, xLabel: "time")
        for (l, layer) in layers.enumerated() {
            let upper = tops[l], lower = l == 0 ? [Double](repeating: 0, count: count) : tops[l - 1]
            var points = (0..<count).map { "\(frame.fmt(frame.x($0))),\(frame.fmt(frame.y(upper[$0])))" }
            points += (0..<count).reversed().map { "\(frame.fmt(frame.x($0))),\(frame.fmt(frame.y(lower[$0])))" }
            out += "<polygon fill=\"\(layer.color)\" fill-opacity=\"0.85\" points=\"\(points.joined(separator: " "))\"/>"
        }
        let path = (0..<count).filter { !line[$0].isNaN }.map { "\(frame.fmt(frame.x($0))),\(frame.fmt(frame.y(line[$0])))" }
        out += "<polyline fill=\"none\" stroke=\"#111\" stroke-width=\"1.2\" points=\"\(path.joined(separator: " "))\"/>"
        return out + "</svg>\n"
    }
}

private struct LineChart {
    var series: [(color: String, values: [Double])]
    var guides: [Double]
    var unit: String
    var xLabel: String
    var fixedRange: (Double, Double)? = nil

    func svg() -> String {
        let all = series.flatMap(\.values).filter { !$0.isNaN } + guides
        var low = fixedRange?.0 ?? (all.min() ?? 0), high = fixedRange?.1 ?? (all.max() ?? 1)
        if fixedRange == nil {
            let pad = max((high - low) * 0.05, 1e-3)
            low -= pad
            high += pad
        }
        let count = series.map(\.values.count).max() ?? 0
        let frame = ChartFrame(low: low, high: high, count: max(count, 2))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"300\" viewBox=\"0 0 900 300\">"
        out += frame.axes(unit: unit, xLabel: xLabel)
        for guide in guides {
            let y = frame.fmt(frame.y(guide))
            out += "<line x1=\"\(frame.left)\" x2=\"\(frame.width - frame.right)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#555\" stroke-dasharray=\"5,4\"/>"
        }
        for line in series {
            let step = line.values.count > 1 ? Double(count - 1) / Double(line.values.count - 1) : 0
            let points = line.values.indices.filter { !line.values[$0].isNaN }.map { i in
                "\(frame.fmt(frame.x(Int((Double(i) * step).rounded())))),\(frame.fmt(frame.y(line.values[i])))"
            }
            out += "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.4\" points=\"\(points.joined(separator: " "))\"/>"
        }
        return out + "</svg>\n"
    }
}

/// Units that switch at least once, one row each; a column per block of steps, dark where committed.
private struct CommitmentChart {
    var result: SimulationResult
    var block: Int

    func svg() -> String {
        let grid = result.scenario.grid
        let committed = result.committed
        let units = grid.generators.indices.filter { g in
            grid.generators[g].inService && Set(committed.map { $0.isEmpty ? true : $0[g] }).count > 1
        }.prefix(40)
        let columns = stride(from: 0, to: committed.count, by: block).map { $0..<min(committed.count, $0 + block) }
        let height = 30 + 12 * max(units.count, 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"\(height)\" viewBox=\"0 0 900 \(height)\">"
        if units.isEmpty {
            return out + "<text x=\"20\" y=\"24\" font-size=\"12\">every unit stayed as it was: no unit switched</text></svg>\n"
        }
        let width = 800.0 / Double(max(columns.count, 1))
        for (row, g) in units.enumerated() {
            let y = 10 + 12 * row
            out += "<text x=\"2\" y=\"\(y + 9)\" font-size=\"9\">bus \(grid.generators[g].bus)</text>"
            for (c, range) in columns.enumerated() {
                let on = range.filter { committed[$0].isEmpty || committed[$0][g] }.count
                guard on > 0 else { continue }
                let opacity = NumberText.fixed(Double(on) / Double(range.count), 2)
                let x = NumberText.fixed(80 + Double(c) * width, 1), w = NumberText.fixed(max(width, 0.5), 2)
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"10\" fill=\"#34495e\" fill-opacity=\"\(opacity)\"/>"
            }
        }
        return out + "</svg>\n"
    }
}
