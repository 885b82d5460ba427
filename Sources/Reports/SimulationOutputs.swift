import GridModel
import Foundation
import Twin
import OutputFiles

/// Writes a run's outputs — steps.csv, plants.csv, generators.csv, branches.csv, storage.csv, summary.json, report.html — as one
/// ``OutputFolder``: all of them or none, never over a user's file or an input of the scenario.
public enum SimulationOutputs {
    /// Branches whose loading ever reaches this share of the limit get a column in branches.csv.
    public static let branchReportThresholdPercent = 80.0

    /// The files a run writes.
    public static let fileNames = [
        "steps.csv", "plants.csv", "generators.csv", "branches.csv", "storage.csv", "prices.csv", "summary.json",
        "report.html",
    ]

    /// The output folder of a scenario's run (checked with ``OutputFolder/check(names:)`` before the run).
    public static func folder(_ path: String, scenario: PreparedScenario) -> OutputFolder {
        OutputFolder(path: path, command: "simulate", inputs: scenario.inputFiles)
    }

    public static func write(_ result: SimulationResult, to path: String) throws {
        let texts = [
            stepsCSV(result), plantsCSV(result), generatorsCSV(result), branchesCSV(result), storageCSV(result),
            pricesCSV(result), try SimulationSummary(result).jsonText(),
            HTMLReport.render(result),
        ]
        try folder(path, scenario: result.scenario).write(zip(fileNames, texts).map { ($0, Data($1.utf8)) })
    }

    /// A CSV field: fixed decimals, empty when the value is not a finite number.
    static func number(_ value: Double, _ decimals: Int = 4) -> String {
        NumberText.fixed(value, decimals, nonFinite: "")
    }

    static func stepsCSV(_ result: SimulationResult) -> String {
        var out = "time,load_mw,renewable_available_mw,renewable_used_mw,curtailed_mw,congestion_curtailed_mw,dispatchable_mw,"
        out += "storage_charge_mw,storage_discharge_mw,unserved_mw,losses_mw,max_loading_percent,min_vm_pu,max_vm_pu,"
        out += "iterations,power_flows,converged,remaining_overloads,voltage_violations,minimum_generation_curtailed_mw,"
        out += "surplus_curtailed_mw,generation_cost,dispatch_feasible,reference_outside_limits,voltage_curtailed_mw,"
        out += "voltage_limit_cause,reactive_limit_violations,switched_shunt_mvar,"
        out += "voltage_support_units\n"
        for r in result.steps {
            out += [
                TimeAxis.text(minutes: r.timeMinutes), number(r.loadMW), number(r.renewableAvailableMW), number(r.renewableUsedMW),
                number(r.curtailedMW), number(r.congestionCurtailedMW), number(r.dispatchableMW), number(r.storageChargeMW),
                number(r.storageDischargeMW), number(r.unservedMW), number(r.lossesMW), number(r.maxLoadingPercent, 2),
                number(r.minVoltagePU, 5), number(r.maxVoltagePU, 5), String(r.iterations), String(r.powerFlows),
                r.converged ? "1" : "0", String(r.remainingOverloads), String(r.voltageViolations),
                number(r.minimumGenerationCurtailedMW), number(r.surplusCurtailedMW), number(r.generationCost, 2),
                r.dispatchFeasible ? "1" : "0", String(r.referenceOutsideLimits), number(r.voltageCurtailedMW),
                r.voltageLimitCause?.rawValue ?? "", String(r.reactiveLimitViolations), number(r.switchedShuntMvar, 2),
                String(r.voltageSupportUnits),
            ].joined(separator: ",") + "\n"
        }
        return out
    }

    static func plantsCSV(_ result: SimulationResult) -> String {
        var out = "time,plant,kind,bus,available_mw,used_mw,curtailed_mw\n"
        for (t, record) in result.steps.enumerated() {
            let time = TimeAxis.text(minutes: record.timeMinutes)
            for (p, plant) in result.scenario.plants.enumerated() {
                let available = result.plantAvailableMW[t][p], used = result.plantUsedMW[t][p]
                out += "\(time),\(plant.name),\(plant.kind),\(plant.busID),\(number(available)),\(number(used)),\(number(available - used))\n"
            }
        }
        return out
    }

    /// Branches that ever reach ``branchReportThresholdPercent`` of the limit, one column each (loading, %).
    static func reportedBranches(_ result: SimulationResult) -> [Int] {
        let threshold = Float(branchReportThresholdPercent / 100 * result.scenario.loadingLimitPercent)
        return result.branchLoading.keys.sorted().filter { k in result.branchLoading[k]!.contains { $0 >= threshold } }
    }

    static func branchLabel(_ result: SimulationResult, _ k: Int) -> String {
        let branch = result.scenario.grid.branches[k]
        return "\(branch.fromBus)-\(branch.toBus)"
    }

    static func branchesCSV(_ result: SimulationResult) -> String {
        let branches = reportedBranches(result)
        var out = "time" + branches.map { ",\(branchLabel(result, $0))" }.joined() + "\n"
        for (t, record) in result.steps.enumerated() {
            out += TimeAxis.text(minutes: record.timeMinutes)
            for k in branches { out += "," + number(Double(result.branchLoading[k]![t]), 2) }
            out += "\n"
        }
        return out
    }

    /// Per step and in-service generator: its output from the step's power flow (the dispatch, the reference
    /// generator's balance included), MW, and the voltage at its bus (its set-point where it regulates), p.u.
    static func generatorsCSV(_ result: SimulationResult) -> String {
        let grid = result.scenario.grid
        let units = grid.generators.indices.filter { grid.generators[$0].inService }
        var out = "time,generator,bus,p_mw,pmin_mw,pmax_mw,committed,vm_pu\n"
        for (t, record) in result.steps.enumerated() {
            let time = TimeAxis.text(minutes: record.timeMinutes)
            for g in units {
                let generator = grid.generators[g]
                out += "\(time),\(g + 1),\(generator.bus),\(number(result.generatorMW[t][g])),"
                out += "\(number(generator.minimumActivePowerMW)),\(number(generator.maximumActivePowerMW)),"
                out += result.committed.isEmpty ? "," : (result.committed[t][g] ? "1," : "0,")
                out += (result.generatorVoltagePU.isEmpty ? "" : number(Double(result.generatorVoltagePU[t][g]), 5)) + "\n"
            }
        }
        return out
    }

    /// Per step: each bus's locational marginal price ($/MWh), then the shadow price ($/MWh per MW) of every branch
    /// that bound at least once (0 when not binding). Only a header for the rules, which have no prices.
    static func pricesCSV(_ result: SimulationResult) -> String {
        let buses = result.scenario.grid.buses
        let binding = Set(result.branchShadowPrices.flatMap(\.keys)).sorted()
        var out = "time" + buses.map { ",lmp_bus_\($0.id)" }.joined()
        out += binding.map { ",shadow_\(branchLabel(result, $0))" }.joined() + "\n"
        guard !result.pricesPerMWh.isEmpty else { return out }
        for (t, record) in result.steps.enumerated() {
            out += TimeAxis.text(minutes: record.timeMinutes)
            for price in result.pricesPerMWh[t] { out += "," + number(Double(price), 3) }
            if result.pricesPerMWh[t].isEmpty { out += String(repeating: ",", count: buses.count) }
            for k in binding { out += "," + number(result.branchShadowPrices[t][k] ?? 0, 3) }
            out += "\n"
        }
        return out
    }

    static func storageCSV(_ result: SimulationResult) -> String {
        var out = "time,storage,soc,energy_mwh,charge_mw,discharge_mw\n"
        for (t, record) in result.steps.enumerated() {
            let time = TimeAxis.text(minutes: record.timeMinutes)
            for (s, unit) in result.scenario.storage.enumerated() {
                let soc = result.stateOfCharge[t][s]
                out += "\(time),\(unit.name),\(number(soc, 6)),\(number(soc * unit.energyMWh)),\(number(result.storageChargeMW[t][s])),\(number(result.storageDischargeMW[t][s]))\n"
            }
        }
        return out
    }
}
