import ArgumentParser
import OutputFiles
import Studies

/// Tolerances shared by `diff` and `baseline check`.
struct DiffToleranceOptions: ParsableArguments {
    @Option(name: .customLong("tol-vm"), help: "Voltage magnitude tolerance, p.u.")
    var voltageMagnitude: Double = DiffTolerances().voltageMagnitudePU

    @Option(name: .customLong("tol-va"), help: "Voltage angle tolerance, degrees.")
    var voltageAngle: Double = DiffTolerances().voltageAngleDegrees

    @Option(name: .customLong("tol-mw"), help: "Branch and generator active power tolerance, MW.")
    var megawatts: Double = DiffTolerances().branchMW

    @Option(name: .customLong("tol-mvar"), help: "Branch and generator reactive power tolerance, Mvar.")
    var megavars: Double = DiffTolerances().branchMvar

    @Option(name: .customLong("tol-loading"), help: "Branch loading tolerance, percentage points of RATE_A.")
    var loading: Double = DiffTolerances().loadingPercent

    @Option(name: .customLong("tol-losses"), help: "Total losses tolerance, MW.")
    var losses: Double = DiffTolerances().lossesMW

    func validate() throws {
        for (name, value) in [("--tol-vm", voltageMagnitude), ("--tol-va", voltageAngle), ("--tol-mw", megawatts),
                              ("--tol-mvar", megavars), ("--tol-loading", loading), ("--tol-losses", losses)]
        where !(value > 0) || !(value <= 1e9) {
            throw ValidationError("\(name) must be a positive number")
        }
    }

    var tolerances: DiffTolerances {
        var t = DiffTolerances()
        t.voltageMagnitudePU = voltageMagnitude
        t.voltageAngleDegrees = voltageAngle
        t.branchMW = megawatts
        t.generatorMW = megawatts
        t.branchMvar = megavars
        t.generatorMvar = megavars
        t.loadingPercent = loading
        t.lossesMW = losses
        return t
    }
}

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Prints a diff and writes its JUnit file; exits 1 when anything changed beyond tolerance.
enum DiffOutput {
    static func emit(_ diff: GridDiff, format: DiffFormat, junit: String?, suiteName: String, inputs: [String]) throws {
        switch format {
        case .table: print(diff.text(), terminator: "")
        case .json: print(try diff.jsonText())
        }
        if let junit {
            do {
                try OutputFile.write(diff.junitXML(suiteName: suiteName), to: junit, kind: .junit, inputs: inputs)
            } catch {
                throw CommandError(error.description)
            }
        }
        if diff.hasChanges { throw ExitCode(1) }
    }

    /// Solves a grid for a diff, naming the side when it fails.
    static func snapshot(_ path: String, side: String, contingencies: Bool) async throws -> GridSnapshot {
        let loaded: LoadedGrid
        do {
            loaded = try CaseLoading.load(path, quiet: true)
        } catch {
            throw CommandError("\(side) grid: \(error)")
        }
        do {
            return try await GridSnapshot.solving(loaded.grid, contingencies: contingencies ? ContingencyOptions() : nil)
        } catch {
            throw CommandError("\(side) grid \(path): \(error)")
        }
    }
}
