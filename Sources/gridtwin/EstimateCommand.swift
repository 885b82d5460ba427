import ArgumentParser
import Estimation
import Foundation
import GridModel
import GridNetwork
import Numerics
import PowerFlow
import Reports

/// `gridtwin estimate CASE MEASUREMENTS.csv`: the grid's most likely state from measurements (WLS), with bad data.
extension StateEstimator.Formulation: ExpressibleByArgument {}

struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate a grid's state from measurements (weighted least squares), finding and removing bad data.",
        discussion: """
            MEASUREMENTS is CSV with the header kind,element,side,value,sigma (as ../shared/anchors/peers.py se \
            --write-measurements writes it): kind vm, va (degrees), p_inj, q_inj, p_flow, q_flow, i_mag; element the \
            bus number, or the 1-based branch row for flows; side from|to for flows; p.u. on baseMVA, injections \
            generation-positive. Exit code 0 for an estimate, 1 when the measurements do not determine the state \
            (the unobservable buses are listed) or the estimate does not converge, 2 for bad input.
            """
    )

    @Argument(help: "The MATPOWER case file (.m).")
    var casePath: String

    @Argument(help: "The measurements (CSV).")
    var measurementsPath: String

    @Option(name: .long, help: "Output: table (readable report), json (one document) or csv (buses to standard output).")
    var format: OutputFormat = .table

    @Option(name: .customLong("init"), help: "Starting voltages: case (the bus table) or flat.")
    var start: VoltageStart = .fromCase

    @Flag(name: .long, help: "Add pseudo-measurements (σ = 1 p.u.) of the case's injections at buses that have none.")
    var pseudo = false

    @Flag(name: .long, help: "Hold P = Q = 0 at buses without load or generation (equality constraints).")
    var zeroInjections = false

    @Option(name: .long, help: "Gauss-Newton step: gain (normal equations; zero injections weighted 1e10) or hachtel (augmented system; zero injections exact).")
    var form: StateEstimator.Formulation = .gain

    @Flag(name: .long, help: "Skip the largest normalized residual test (no bad-data removal).")
    var noBadData = false

    @Option(name: .long, help: "Estimate N more times warm from the last estimate; adds timing.warm_ms.")
    var `repeat`: Int = 0

    mutating func validate() throws {
        guard (0...100_000).contains(self.repeat) else { throw ValidationError("--repeat must lie in 0...100000") }
        if format == .csv && self.repeat > 0 { throw ValidationError("--repeat reports timing: use --format table or json") }
    }

    func run() throws {
        let grid = try CaseLoading.load(casePath).grid
        var measurements: [GridMeasurement]
        do {
            measurements = try MeasurementFile.read(measurementsPath, grid: grid)
        } catch {
            throw CommandError(error.description)
        }
        let network: PowerFlowNetwork
        do {
            network = try PowerFlowEngine(grid: grid).network
        } catch {
            throw CommandError("\(casePath): \(error)")
        }
        if zeroInjections { measurements += PseudoMeasurements.zeroInjections(of: grid, missingFrom: measurements) }
        if pseudo { measurements += PseudoMeasurements.injections(of: grid, missingFrom: measurements) }
        let clock = Stopwatch.now()
        let estimator: StateEstimator
        let estimate: StateEstimate
        do {
            estimator = try StateEstimator(network: network, measurements: measurements, formulation: form)
            estimate = try estimator.estimate(
                start: network.initialVoltages(start), removeBadData: !noBadData)
        } catch {
            try report(failure: error, grid: grid)
            throw ExitCode(1)
        }
        let coldMilliseconds = (Stopwatch.now() - clock) * 1000
        var warmMilliseconds: Double?, fromLastMilliseconds: Double?
        if self.repeat > 0 {
            // Warm: the model, the gain's pattern and its analysis kept, from the same start (as power-grid-model
            // re-runs a model); from the last estimate: what a live twin does with the next frame.
            let values = measurements.map(\.value)
            func milliseconds(from voltages: [Complex<Double>]) -> Double {
                let clock = Stopwatch.now()
                for _ in 0..<self.repeat {
                    _ = try? estimator.estimate(values: values, start: voltages, removeBadData: !noBadData)
                }
                return (Stopwatch.now() - clock) * 1000 / Double(self.repeat)
            }
            warmMilliseconds = milliseconds(from: network.initialVoltages(start))
            fromLastMilliseconds = milliseconds(from: estimate.voltages)
        }
        let document = EstimateDocument(
            grid: grid, measurements: measurements, estimate: estimate, stateCount: estimator.stateCount,
            coldMilliseconds: coldMilliseconds, warmMilliseconds: warmMilliseconds, fromLastMilliseconds: fromLastMilliseconds,
            formulation: form)
        switch format {
        case .json: print(try ReportJSON.text(document))
        case .csv: print(document.busesCSV(), terminator: "")
        case .table: print(document.text(), terminator: "")
        }
    }

    /// An unobservable set or a failed estimate: one line on standard error, and with --format json the list.
    private func report(failure error: EstimationError, grid: Grid) throws {
        var buses: [Int] = []
        if case .unobservable(let positions) = error { buses = positions.map { grid.buses[$0].id } }
        if format == .json {
            struct Failure: Encodable {
                var error: String
                var unobservableBuses: [Int]
            }
            print(try ReportJSON.text(Failure(error: error.description, unobservableBuses: buses)))
        }
        let list = buses.isEmpty ? "" : ": buses " + buses.prefix(50).map(String.init).joined(separator: ", ")
            + (buses.count > 50 ? " … (\(buses.count))" : "")
        Stderr.print("\(measurementsPath): \(error)\(list)")
    }
}
