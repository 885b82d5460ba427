import Foundation
import TestFixtures
import Testing
import Yams

@Suite("Shards from the cluster's variables (Slurm arrays, Kubernetes Indexed Jobs)")
struct ShardCommandTests {
    /// A shard file without its timing, as a dictionary.
    private func shard(_ path: String) throws -> NSDictionary {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return object.filter { !["wall_seconds", "ms_per_outage", "workers"].contains($0.key) } as NSDictionary
    }

    @Test("--shard slurm and kubernetes/N take the shard from the environment; a missing variable exits 2 naming it")
    func environmentShards() throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let grid = Fixtures.packageRoot + "/grids/case30.m"
        func run(_ shard: String, _ out: String, _ environment: [String: String]) throws -> CommandRunner.Result {
            try CommandRunner.run(["contingency", grid, "--shard", shard, "--out", folder + "/" + out, "--threads", "1"], environment: environment)
        }
        #expect(try run("1/3", "plain.json", [:]).status == 0)
        #expect(try run("slurm", "slurm.json", ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "3"]).status == 0)
        #expect(try run("kubernetes/3", "k8s.json", ["JOB_COMPLETION_INDEX": "1"]).status == 0)
        let plain = try shard(folder + "/plain.json")
        #expect(try shard(folder + "/slurm.json") == plain)
        #expect(try shard(folder + "/k8s.json") == plain)
        let missing = try run("kubernetes/3", "none.json", ["JOB_COMPLETION_INDEX": ""])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("JOB_COMPLETION_INDEX"), "\(missing.standardError)")
        let beyond = try run("slurm", "none.json", ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect(beyond.status == 2 && beyond.standardError.contains("shard 3 of 3 does not exist"), "\(beyond.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/none.json"))
    }

    @Test("hosting-capacity shards merged print exactly what one run prints; a missing shard is named")
    func hostingCapacityShards() throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let grid = Fixtures.packageRoot + "/grids/case30.m"
        let common = ["hosting-capacity", grid, "--buses", "3,7,12,19,24,30", "--resolution", "5", "--n-1"]
        let whole = try CommandRunner.run(common + ["--format", "json"])
        #expect(whole.status == 0, "\(whole.standardError)")
        for i in 0..<3 {
            let part = try CommandRunner.run(common + ["--shard", "\(i)/3", "--out", folder + "/part\(i).json"])
            #expect(part.status == 0, "\(part.standardError)")
        }
        let merged = try CommandRunner.run(["merge"] + (0..<3).map { folder + "/part\($0).json" } + ["-o", folder + "/merged.json"])
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(try String(contentsOfFile: folder + "/merged.json", encoding: .utf8) == whole.standardOutput)
        let missing = try CommandRunner.run(["merge", folder + "/part0.json", folder + "/part2.json", "-o", folder + "/none.json"])
        #expect(missing.status == 2 && missing.standardError.contains("missing shard 1/3"), "\(missing.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/none.json"))
    }

    @Test("sweep shards merged print exactly what one run prints")
    func sweepShards() throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sweep = folder + "/sweep.yaml"
        try """
            scenario: \(Fixtures.packageRoot)/grids/example/wind-north.yaml
            parameters:
              time.steps: [6]
              renewables[wind-north-26].capacity_mw: [200, 900]
              dispatch.method: [optimal, rules]
            """.write(toFile: sweep, atomically: true, encoding: .utf8)
        let whole = try CommandRunner.run(["sweep", sweep, "--format", "json"])
        #expect(whole.status == 0, "\(whole.standardError)")
        for i in 0..<2 {
            let part = try CommandRunner.run(["sweep", sweep, "--shard", "\(i)/2", "--out", folder + "/part\(i).json"])
            #expect(part.status == 0, "\(part.standardError)")
        }
        let merged = try CommandRunner.run(["merge", folder + "/part0.json", folder + "/part1.json", "-o", folder + "/merged.json"])
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(try String(contentsOfFile: folder + "/merged.json", encoding: .utf8) == whole.standardOutput)
        #expect(whole.standardOutput.contains("\"variant\" : 4"))
        let missing = try CommandRunner.run(["merge", folder + "/part1.json", "-o", folder + "/none.json"])
        #expect(missing.status == 2 && missing.standardError.contains("missing shard 0/2"), "\(missing.standardError)")
    }

    @Test("baseline check --list: one row per grid, exit 1 when one moved; shards merged print what one run prints")
    func baselineList() throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["case9", "case14", "case30"] {
            try FileManager.default.copyItem(atPath: Fixtures.packageRoot + "/grids/\(name).m", toPath: folder + "/\(name).m")
            let saved = try CommandRunner.run(["baseline", "save", folder + "/\(name).m", "-o", folder + "/\(name).json"])
            #expect(saved.status == 0, "\(saved.standardError)")
        }
        // case14 changes: bus 3's load +10 MW.
        let path = folder + "/case14.m"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\t3\t2\t94.2\t19", with: "\t3\t2\t104.2\t19")
        #expect(text.contains("104.2"))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try "# grid baseline\ncase9.m case9.json\ncase14.m case14.json\n\ncase30.m case30.json\n".write(
            toFile: folder + "/checks.txt", atomically: true, encoding: .utf8)
        let whole = try CommandRunner.run(["baseline", "check", "--list", folder + "/checks.txt", "--format", "json", "--junit", folder + "/all.xml"])
        #expect(whole.status == 1, "\(whole.standardError)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(whole.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["grid"] as? String } == ["case9.m", "case14.m", "case30.m"])
        #expect(rows.map { $0["changed"] as? Bool } == [false, true, false])
        let junit = try String(contentsOfFile: folder + "/all.xml", encoding: .utf8)
        #expect(junit.components(separatedBy: "<testsuite ").count == 4)
        for i in 0..<2 {
            let part = try CommandRunner.run(["baseline", "check", "--list", folder + "/checks.txt", "--shard", "\(i)/2", "--out", folder + "/part\(i).json"])
            #expect(part.status <= 1, "\(part.standardError)")
        }
        let merged = try CommandRunner.run(["merge", folder + "/part0.json", folder + "/part1.json", "-o", folder + "/merged.json"])
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(try String(contentsOfFile: folder + "/merged.json", encoding: .utf8) == whole.standardOutput)
        try "case9.m\n".write(toFile: folder + "/bad.txt", atomically: true, encoding: .utf8)
        let bad = try CommandRunner.run(["baseline", "check", "--list", folder + "/bad.txt"])
        #expect(bad.status == 2 && bad.standardError.contains("bad.txt:1: expected 'GRID BASELINE'"), "\(bad.standardError)")
    }

    @Test("the Kubernetes manifest is an Indexed Job whose completions, parallelism and --shard agree")
    func kubernetesManifest() throws {
        let text = try String(contentsOfFile: Fixtures.packageRoot + "/deploy/kubernetes/contingency-job.yaml", encoding: .utf8)
        let job = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(job["apiVersion"] as? String == "batch/v1" && job["kind"] as? String == "Job")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        #expect(spec["parallelism"] as? Int == completions)
        let template = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((template["containers"] as? [[String: Any]])?.first)
        let arguments = try #require(container["args"] as? [String])
        let shard = try #require(arguments.firstIndex(of: "--shard").map { arguments[$0 + 1] })
        #expect(shard == "kubernetes/\(completions)")
        let environment = try #require(container["env"] as? [[String: Any]])
        #expect(environment.contains { $0["name"] as? String == "JOB_COMPLETION_INDEX" })
        #expect(arguments.contains { $0.contains("$(JOB_COMPLETION_INDEX)") })
    }
}
