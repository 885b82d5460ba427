import Benchmark
import Foundation
import GridFormats
import GridModel
import Studies

/// The cases measured: test-fixture copies of public MATPOWER cases (compare with
/// `../shared/anchors/run peers.py contingency CASE`, lightsim2grid's time per contingency, run alternately).
private let caseNames = ["case1354pegase", "case2869pegase"]

private func casePath(_ name: String) -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    let bundled = "\(root)/grids/\(name).m"
    return FileManager.default.fileExists(atPath: bundled) ? bundled : "\(root)/Tests/Fixtures/cases/\(name).m"
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(30), maxIterations: 5)

    for name in caseNames {
        guard let grid = try? MatpowerCase.load(contentsOf: casePath(name)).grid else { continue }
        // One core, every single-branch outage: the whole run (base case, topology, every outage solved and judged);
        // divide by the outage count the CLI prints for ms per outage.
        Benchmark("N-1 one worker \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await ContingencyAnalysis.run(grid, options: ContingencyOptions(workers: 1)))
            }
        }
    }
}
