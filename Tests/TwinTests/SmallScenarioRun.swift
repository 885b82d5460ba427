import Foundation
import ScenarioFiles
import Twin

/// A scenario on a small grid written beside it, with constant profiles (`wind` and `load` = 1).
func runSmallScenario(
    grid: String, scenario: String, method: String, wind: [Double] = [1, 1, 1], dispatch: String = ""
) throws -> SimulationResult {
    let folder = NSTemporaryDirectory() + "gridtwin-dispatch-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }  // the folder this helper created, nothing else
    try grid.write(toFile: folder + "/grid.m", atomically: true, encoding: .utf8)
    let rows = wind.enumerated().map { "2016-01-01T\(String(format: "%02d", $0)):00,\($1),1\n" }.joined()
    try ("time,wind,load\n" + rows).write(toFile: folder + "/p.csv", atomically: true, encoding: .utf8)
    try """
        grid: grid.m
        time: {start: 2016-01-01T00:00, step: 1h, steps: \(wind.count)}
        profiles: p.csv
        dispatch: {method: \(method)\(dispatch)}
        \(scenario)
        """.write(toFile: folder + "/s.yaml", atomically: true, encoding: .utf8)
    return try TimeSeriesSimulation(scenario: try PreparedScenario.load(folder + "/s.yaml")).run()
}
