import Foundation
import GridModel

/// The text of a grid as a MATPOWER case file (format version 2) that MATPOWER and GridTwin read back unchanged.
///
/// Numbers are written in the shortest form that reads back to the same double; infinities as `Inf`. Generator
/// rows carry as many of MATPOWER's optional columns (PC1 … APF) as the case had.
public enum MatpowerCaseWriter {
    /// The case file's text.
    public static func text(of grid: Grid) -> String {
        var out = "function mpc = \(identifier(grid.name))\n"
        out += "%\(identifier(grid.name).uppercased())  Written by GridTwin.\n\n"
        out += "%% MATPOWER Case Format : Version 2\nmpc.version = '2';\n\n"
        out += "%%-----  Power Flow Data  -----%%\n%% system MVA base\nmpc.baseMVA = \(number(grid.baseMVA));\n\n"
        out += "%% bus data\n%\t" + MatpowerColumns.bus.prefix(13).joined(separator: "\t") + "\nmpc.bus = [\n"
        for bus in grid.buses {
            out += row([
                Double(bus.id), Double(bus.type.rawValue), bus.demandMW, bus.demandMvar, bus.shuntConductanceMW,
                bus.shuntSusceptanceMvar, Double(bus.area), bus.voltageMagnitudePU, bus.voltageAngleDegrees, bus.baseKV,
                Double(bus.zone), bus.maximumVoltagePU, bus.minimumVoltagePU,
            ])
        }
        out += "];\n\n"
        // As many generator columns as the richest generator needs: 10, 16 (PC1 … QC2MAX), 20 (ramps) or 21 (APF).
        let generatorColumns: Int
        if grid.generators.contains(where: { $0.participationFactor != nil }) {
            generatorColumns = 21
        } else if grid.generators.contains(where: { !$0.rampRates.isEmpty }) {
            generatorColumns = 20
        } else if grid.generators.contains(where: { !$0.capabilityCurve.isEmpty }) {
            generatorColumns = 16
        } else {
            generatorColumns = 10
        }
        out += "%% generator data\n%\t" + MatpowerColumns.generator.prefix(generatorColumns).joined(separator: "\t")
        out += "\nmpc.gen = [\n"
        for generator in grid.generators {
            var values = [
                Double(generator.bus), generator.activePowerMW, generator.reactivePowerMvar,
                generator.maximumReactivePowerMvar, generator.minimumReactivePowerMvar, generator.voltageSetpointPU,
                generator.machineBaseMVA, generator.inService ? 1 : 0, generator.maximumActivePowerMW,
                generator.minimumActivePowerMW,
            ]
            if generatorColumns >= 16 { values += padded(generator.capabilityCurve, to: 6) }
            if generatorColumns >= 20 { values += padded(generator.rampRates, to: 4) }
            if generatorColumns >= 21 { values.append(generator.participationFactor ?? 0) }
            out += row(values)
        }
        out += "];\n\n"
        out += "%% branch data\n%\t" + MatpowerColumns.branch.prefix(13).joined(separator: "\t") + "\nmpc.branch = [\n"
        for branch in grid.branches {
            out += row([
                Double(branch.fromBus), Double(branch.toBus), branch.resistancePU, branch.reactancePU,
                branch.chargingSusceptancePU, branch.rateAMVA, branch.rateBMVA, branch.rateCMVA, branch.tapRatio,
                branch.phaseShiftDegrees, branch.inService ? 1 : 0, branch.minimumAngleDifferenceDegrees,
                branch.maximumAngleDifferenceDegrees,
            ])
        }
        out += "];\n"
        if !grid.generatorCosts.isEmpty {
            let width = grid.generatorCosts.map(\.parameters.count).max() ?? 0
            out += "\n%%-----  OPF Data  -----%%\n%% generator cost data\n"
            out += "%\t1\tstartup\tshutdown\tn\tx1\ty1\t...\txn\tyn\n%\t2\tstartup\tshutdown\tn\tc(n-1)\t...\tc0\n"
            out += "mpc.gencost = [\n"
            for cost in grid.generatorCosts {
                let count = cost.model == 1 ? cost.parameters.count / 2 : cost.parameters.count
                out += row([Double(cost.model), cost.startupCost, cost.shutdownCost, Double(count)] + padded(cost.parameters, to: width))
            }
            out += "];\n"
        }
        if !grid.busNames.isEmpty {
            out += "\n%% bus names\nmpc.bus_name = {\n"
            for name in grid.busNames { out += "\t'\(name.replacingOccurrences(of: "'", with: "''"))';\n" }
            out += "};\n"
        }
        return out
    }

    /// A number as MATLAB reads it back exactly.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    private static func row(_ values: [Double]) -> String {
        "\t" + values.map(number).joined(separator: "\t") + ";\n"
    }

    private static func padded(_ values: [Double], to count: Int) -> [Double] {
        values + [Double](repeating: 0, count: max(0, count - values.count))
    }

    /// A valid MATLAB function name for the case.
    private static func identifier(_ name: String) -> String {
        let cleaned = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        guard let first = cleaned.first, first.isLetter else { return "case_" + cleaned }
        return cleaned
    }
}
