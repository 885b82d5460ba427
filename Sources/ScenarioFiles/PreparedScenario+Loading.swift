import Foundation
import GridFormats
import GridModel
import Twin

extension PreparedScenario {
    /// Reads a scenario file, its grid and its profiles (paths relative to the scenario's folder) and checks them:
    /// errors name the file, the line where known, and the key (exit code 2 in the tool).
    public static func load(_ path: String) throws(ScenarioError) -> PreparedScenario {
        try prepare(try Scenario.read(path), file: path)
    }

    /// Reads `scenario`'s grid and profiles (paths relative to the folder of `path`, the file it came from) and
    /// checks them.
    public static func prepare(_ scenario: Scenario, file path: String) throws(ScenarioError) -> PreparedScenario {
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
        var inputs = [path, resolve(scenario.grid), resolve(scenario.profiles)]
        var loadFactors: ((Int) throws(ScenarioError) -> LoadFactors)?
        if let changes = scenario.loads?.changes {
            let table: ChangeTable
            do {
                table = try ChangeTable.read(contentsOf: resolve(changes))
            } catch {
                throw ScenarioError(file: path, key: "loads.changes", message: error.description)
            }
            inputs.append(resolve(changes))
            let zones = scenario.loads?.zones ?? false
            loadFactors = { steps throws(ScenarioError) in
                do throws(CaseFileError) {
                    return try table.loadFactors(of: grid, steps: steps, zones: zones, file: resolve(changes))
                } catch {
                    throw ScenarioError(file: path, key: "loads.changes", message: error.description)
                }
            }
        }
        return try PreparedScenario(
            checking: scenario, file: path, grid: grid, profiles: profiles, inputFiles: inputs, loadFactors: loadFactors)
    }
}
