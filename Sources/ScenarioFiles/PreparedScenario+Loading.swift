import Foundation
import GridFormats
import GridModel
import Twin

extension PreparedScenario {
    /// Reads a scenario file, its grid and its profiles (paths relative to the scenario's folder) and checks them:
    /// errors name the file, the line where known, and the key (exit code 2 in the tool).
    public static func load(_ path: String) throws(ScenarioError) -> PreparedScenario {
        let scenario = try Scenario.read(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).path
        }
        let grid: Grid
        do {
            grid = try MatpowerCase.load(contentsOf: resolve(scenario.grid)).grid
        } catch {
            throw ScenarioError(file: path, key: "grid", message: error.description)
        }
        let profiles = try ProfileTable.read(resolve(scenario.profiles))
        return try PreparedScenario(
            checking: scenario, file: path, grid: grid, profiles: profiles,
            inputFiles: [path, resolve(scenario.grid), resolve(scenario.profiles)])
    }
}
