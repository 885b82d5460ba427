import Estimation
import Foundation
import GRDB
import GridModel
import LiveTwin
import Numerics
import PowerFlow
import Studies
import Testing
import TestFixtures

private func temporaryDatabase() -> String {
    NSTemporaryDirectory() + "gridtwin-live-\(UUID().uuidString).sqlite"
}

@Suite("Live twin model")
struct LiveTwinModelTests {
    @Test("a frame of exact measurements gives the power flow's state, the same as the offline estimator")
    func exactFrame() async throws {
        let grid = try Fixtures.grid("case14")
        let model = try LiveTwinModel(grid: grid, history: nil)
        let report = try await model.ingest(try frame("full-0", caseName: "case14", time: 100), receivedAt: 101)
        #expect(report.accepted == 94 && report.rejected.isEmpty)
        let state = try #require(await model.estimateIfNeeded(now: 102))
        #expect(state.error == nil && state.frames == 1 && state.measurements == 94 && state.measuredAt == 100)
        let truth = try PowerFlowEngine(grid: grid).solveVoltages().voltages
        for (b, bus) in state.buses.enumerated() { #expect(abs(bus.vmPu - truth[b].length) < 1e-8, "bus \(bus.id)") }
        // Flows from the estimate equal the power flow's (MATPOWER's case14 line 1-2: 156.88 MW).
        #expect(abs(state.branches[0].pFromMW - 156.88) < 0.01)
        #expect(state.residuals.count == 94 && state.badData.isEmpty && !state.chiSquareAlarm)
    }

    @Test("samples are checked one by one; the reply names each rejected one's field")
    func rejections() async throws {
        let model = try LiveTwinModel(grid: try Fixtures.grid("case14"), history: nil)
        let samples = [
            MeasurementSample(sensor: .init(kind: "vm", element: 1), value: 1.06, sigma: 0.01, time: 1),
            MeasurementSample(sensor: .init(kind: "vm", element: 99), value: 1, sigma: 0.01, time: 1),
            MeasurementSample(sensor: .init(kind: "p_flow", element: 3, side: "up"), value: 1, sigma: 0.01, time: 1),
            MeasurementSample(sensor: .init(kind: "vm", element: 2), value: .nan, sigma: 0.01, time: 1),
            MeasurementSample(sensor: .init(kind: "vm", element: 3), value: 1, sigma: 0, time: 1),
            MeasurementSample(sensor: .init(kind: "vm", element: 4), value: 1, sigma: 0.01, time: 1, quality: .invalid),
            MeasurementSample(sensor: .init(kind: "power", element: 4), value: 1, sigma: 0.01, time: 1),
        ]
        let report = try await model.ingest(MeasurementFrame(samples: samples), receivedAt: 2)
        #expect(report.accepted == 1)
        #expect(report.rejected.map(\.index) == [1, 2, 3, 4, 5, 6])
        let reasons = report.rejected.map(\.reason)
        #expect(reasons[0].hasPrefix("element: bus 99") && reasons[1].hasPrefix("side:") && reasons[2].hasPrefix("value:"))
        #expect(reasons[3].hasPrefix("sigma:") && reasons[4] == "quality: invalid" && reasons[5].hasPrefix("kind:"))
        // One |V| does not make case14 observable: the state says so, with the buses, and holds no NaN.
        let state = try #require(await model.estimateIfNeeded(now: 3))
        #expect(state.error != nil && state.unobservableBuses.count == 13 && state.buses.isEmpty)
    }

    @Test("frames that arrive before an estimate are folded into one; the newest sample of a sensor wins")
    func coalescing() async throws {
        let grid = try Fixtures.grid("case14")
        let model = try LiveTwinModel(grid: grid, history: nil)
        let exact = try frame("full-0", caseName: "case14", time: 100)
        _ = try await model.ingest(exact, receivedAt: 100)
        // A wrong value sent as older than the exact one is ignored; the same value newer replaces nothing in effect.
        var stale = exact
        stale.samples = [MeasurementSample(sensor: .init(kind: "vm", element: 1), value: 0.5, sigma: 0.01, time: 50)]
        _ = try await model.ingest(stale, receivedAt: 101)
        _ = try await model.ingest(try frame("full-0", caseName: "case14", time: 110), receivedAt: 102)
        let state = try #require(await model.estimateIfNeeded(now: 103))
        #expect(state.frames == 3 && state.measuredAt == 110)
        let (coalesced, estimates) = (await model.coalescedFrames, await model.estimateCount)
        #expect(coalesced == 2 && estimates == 1)
        #expect(abs(state.buses[0].vmPu - 1.06) < 1e-8)
        // Nothing new: no new estimate.
        _ = await model.estimateIfNeeded(now: 104)
        #expect(await model.estimateCount == 1)
    }

    @Test("the history keeps frames and estimates: a new model serves the last estimate and knows the sensors",
          arguments: HistoryPlace.Kind.allCases)
    func history(in kind: HistoryPlace.Kind) async throws {
        let grid = try Fixtures.grid("case14")
        let place = try HistoryPlace(kind)
        let path = place.location
        let first = try LiveTwinModel(grid: grid, history: try TwinHistory.open(path))
        _ = try await first.ingest(try frame("full-0", caseName: "case14", time: 100), receivedAt: 100)
        let before = try #require(await first.estimateIfNeeded(now: 101))
        _ = try first.history?.counts()  // estimates are stored in the background: wait for them, as a restart would
        let reopened = try LiveTwinModel(grid: grid, history: try TwinHistory.open(path))
        #expect(await reopened.state == before)
        // One new sample: the estimate uses the 94 restored sensors, with the new value.
        let one = MeasurementFrame(samples: [MeasurementSample(sensor: .init(kind: "vm", element: 14), value: 1.03, sigma: 0.01, time: 200)])
        _ = try await reopened.ingest(one, receivedAt: 200)
        let after = try #require(await reopened.estimateIfNeeded(now: 201))
        #expect(after.error == nil && after.measurements == 94 && after.measuredAt == 200)
        let counts = try #require(try reopened.history?.counts())
        #expect(counts == (frames: 2, estimates: 2))
    }

    @Test("history series: each estimate's value, averaged per step; bad series names are explained; retention prunes",
          arguments: HistoryPlace.Kind.allCases)
    func historySeries(in kind: HistoryPlace.Kind) async throws {
        let grid = try Fixtures.grid("case14")
        let place = try HistoryPlace(kind)
        let history = try TwinHistory.open(place.location)
        let model = try LiveTwinModel(grid: grid, history: history)
        var states: [LiveState] = []
        for time in [100.0, 200, 300] {
            _ = try await model.ingest(try frame("full-0", caseName: "case14", time: time), receivedAt: time)
            states.append(try #require(await model.estimateIfNeeded(now: time + 1)))
        }
        let vm = try HistorySeries.parse("bus:14:vm", grid: grid).get()
        let points = try history.values(of: vm, from: 0, to: 1_000, stepSeconds: 1)
        #expect(points.map(\.time) == [100, 200, 300])
        for (point, state) in zip(points, states) { #expect(point.value == state.buses[13].vmPu) }
        // Buckets of 200 s: [0, 200) holds the first, [200, 400) the mean of the other two.
        let coarse = try history.values(of: vm, from: 0, to: 1_000, stepSeconds: 200)
        #expect(coarse.count == 2 && coarse[1].time == 200)
        #expect(abs(coarse[1].value - (states[1].buses[13].vmPu + states[2].buses[13].vmPu) / 2) < 1e-15)
        let flow = try HistorySeries.parse("branch:1:p_from_mw", grid: grid).get()
        #expect(abs(try history.values(of: flow, from: 250, to: 350, stepSeconds: 1)[0].value - states[2].branches[0].pFromMW) < 1e-9)
        for (text, message) in [
            ("bus:99:vm", "bus 99 does not exist"), ("bus:1:angle", "'angle' is not vm or va"), ("line:1:p", "'line' is not bus"),
            ("branch:500:p_from_mw", "branch row 500"), ("bus:1", "is not bus:ID:QUANTITY"),
        ] {
            guard case .failure(let problem) = HistorySeries.parse(text, grid: grid) else { Issue.record("accepted \(text)"); continue }
            #expect(problem.description.contains(message), "\(problem)")
        }
        // Retention: what is older than the cutoff goes, the rest stays.
        #expect(try history.prune(before: 250) == 4)
        #expect(try history.counts() == (frames: 1, estimates: 1))
    }

    @Test("a restart reads the newest frames only: at most the count, and no more bytes than the budget beyond the newest",
          arguments: HistoryPlace.Kind.allCases)
    func recentFramesBounded(in kind: HistoryPlace.Kind) throws {
        let place = try HistoryPlace(kind)
        let history = try TwinHistory.open(place.location)
        var sizes: [Int] = []
        for time in 1...40 {
            let frame = MeasurementFrame(samples: (0..<time).map { i in
                MeasurementSample(sensor: .init(kind: "vm", element: i + 1), value: 1, sigma: 0.01, time: Double(time))
            })
            let json = try JSONEncoder().encode(frame)
            sizes.append(json.count)
            try history.append(frame: frame, encoded: json, receivedAt: Double(time))
        }
        let times = { (frames: [MeasurementFrame]) in frames.map { $0.samples[0].time } }
        #expect(times(try history.recentFrames(limit: 10)) == (31...40).map(Double.init))
        #expect(times(try history.recentFrames(limit: 1_000)) == (1...40).map(Double.init))
        // The newest always; then older ones while the bytes stay within the budget.
        #expect(times(try history.recentFrames(limit: 1_000, maximumBytes: 0)) == [40])
        let budget = sizes[39] + sizes[38] + sizes[37] + sizes[36] / 2
        #expect(times(try history.recentFrames(limit: 1_000, maximumBytes: budget)) == [38, 39, 40])
    }

    @Test("a history file that GridTwin did not create is refused, and left as it was")
    func foreignDatabase() throws {
        let path = temporaryDatabase()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let other = try TwinHistory(path: path)
        _ = other  // creates a GridTwin history: accepted again
        #expect(throws: Never.self) { _ = try TwinHistory(path: path) }
        let foreign = temporaryDatabase()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: foreign + suffix) } }
        // An SQLite file with someone else's table, written by the sqlite3 format's header (via GRDB's own pool).
        try ForeignDatabase.create(at: foreign)
        let size = try FileManager.default.attributesOfItem(atPath: foreign)[.size] as? Int
        #expect(throws: TwinHistory.Problem.self) { _ = try TwinHistory(path: foreign) }
        #expect(try FileManager.default.attributesOfItem(atPath: foreign)[.size] as? Int == size)
    }

    @Test("samples far older than the newest leave the estimate; an unobservable remainder is reported, not a NaN")
    func staleSamples() async throws {
        let grid = try Fixtures.grid("case14")
        let model = try LiveTwinModel(grid: grid, history: nil)
        _ = try await model.ingest(try frame("full-0", caseName: "case14", time: 0), receivedAt: 0)
        #expect(await model.estimateIfNeeded(now: 1)?.error == nil)
        // An hour later only bus 1's |V| reports: the rest is stale (15 minutes by default).
        let one = MeasurementFrame(samples: [MeasurementSample(sensor: .init(kind: "vm", element: 1), value: 1.06, sigma: 0.01, time: 3600)])
        _ = try await model.ingest(one, receivedAt: 3600)
        let state = try #require(await model.estimateIfNeeded(now: 3601))
        #expect(state.measurements == 1 && state.error != nil && state.unobservableBuses.count == 13)
        let text = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        #expect(!text.contains("nan") && !text.contains("NaN"))
        // Configured to, the model completes the set with the case's injections: an estimate, flagged as such.
        let filling = try LiveTwinModel(grid: grid, history: nil, pseudoMeasurementsWhenUnobservable: true)
        _ = try await filling.ingest(try frame("full-0", caseName: "case14", time: 0), receivedAt: 0)
        _ = try await filling.ingest(one, receivedAt: 3600)
        let filled = try #require(await filling.estimateIfNeeded(now: 3601))
        #expect(filled.error == nil && filled.unobservableBuses.isEmpty && filled.pseudoMeasurements == 28, "P and Q at all 14 buses")
        #expect(abs(filled.buses[0].vmPu - 1.06) < 0.01)
        // With fresh sensors again, no pseudo-measurements.
        _ = try await filling.ingest(try frame("full-0", caseName: "case14", time: 3700), receivedAt: 3700)
        #expect(await filling.estimateIfNeeded(now: 3701)?.pseudoMeasurements == 0)
    }
}

/// Someone else's SQLite file.
private enum ForeignDatabase {
    static func create(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices (amount) VALUES (12.5)")
        }
    }
}

@Suite("Synthetic sensors")
struct SyntheticSensorsTests {
    @Test("a fully metered frame of a solved state: exact values give the state back, noisy ones a state within the noise")
    func frames() async throws {
        let grid = try Fixtures.grid("case118")
        let engine = try PowerFlowEngine(grid: grid)
        let truth = engine.solveVoltages().voltages
        var exact = SyntheticSensors(network: engine.network, seed: nil)
        let frame = exact.frame(voltages: truth, time: 60)
        let branchCount = grid.branches.filter(\.inService).count
        #expect(frame.samples.count == 354 + 4 * branchCount)
        let model = try LiveTwinModel(grid: grid, history: nil)
        _ = try await model.ingest(frame, receivedAt: 60)
        let state = try #require(await model.estimateIfNeeded(now: 61))
        for (b, bus) in state.buses.enumerated() { #expect(abs(bus.vmPu - truth[b].length) < 1e-8, "bus \(bus.id)") }
        // Noise of each sensor's σ: J near its expectation m − n, no alarm at this seed, |V| within 0.01 p.u.
        var noisy = SyntheticSensors(network: engine.network, seed: 3)
        _ = try await model.ingest(noisy.frame(voltages: truth, time: 120), receivedAt: 120)
        let estimate = try #require(await model.estimateIfNeeded(now: 121))
        let degrees = Double(estimate.measurements - 235)
        let objective = estimate.objective ?? 0
        let spread: Double = 5 * (2 * degrees).squareRoot()
        #expect(abs(objective - degrees) < spread, "J \(objective), m − n \(degrees)")
        for (b, bus) in estimate.buses.enumerated() { #expect(abs(bus.vmPu - truth[b].length) < 0.01) }
        // Gross errors at a 0.5 % rate: the estimator removes them and the state stays within the noise.
        var faulty = SyntheticSensors(network: engine.network, seed: 5)
        faulty.badDataRate = 0.005
        _ = try await model.ingest(faulty.frame(voltages: truth, time: 180), receivedAt: 180)
        let cleaned = try #require(await model.estimateIfNeeded(now: 181))
        #expect(!cleaned.badData.isEmpty && !cleaned.chiSquareAlarm)
        for (b, bus) in cleaned.buses.enumerated() { #expect(abs(bus.vmPu - truth[b].length) < 0.01) }
    }
}

@Suite("What-if forks")
struct WhatIfForkTests {
    @Test("a fork of an exact estimate, a line taken out, equals the standalone power flow of that outage; the live model is untouched")
    func outage() async throws {
        let grid = try Fixtures.grid("case14")
        let model = try LiveTwinModel(grid: grid, history: nil)
        await #expect(throws: RequestProblem.self) { _ = try await model.fork(now: 0) }  // nothing estimated yet
        _ = try await model.ingest(try frame("full-0", caseName: "case14", time: 100), receivedAt: 100)
        let live = try #require(await model.estimateIfNeeded(now: 101))
        let fork = try await model.fork(now: 102)
        #expect(fork.measuredAt == 100)
        // Unedited, the fork's power flow is the estimate itself: nothing moves.
        let same = try await model.solve(fork: fork.id)
        #expect(same.converged && same.changes.isEmpty, "\(same.changes)")
        // Branch row 1 (1-2) out.
        _ = try await model.edit(fork: fork.id, [ForkEdit(branch: 1, inService: false)])
        let result = try await model.solve(fork: fork.id)
        #expect(result.converged && result.edits == 1)
        var outaged = grid
        outaged.branches[0].inService = false
        let standalone = try PowerFlowEngine(grid: outaged).solve()
        let flow15 = try #require(result.changes.first { $0.element == "branch 1-5" && $0.quantity == "P from" })
        #expect(abs(flow15.new - standalone.solution.branches[1].fromMW) < 1e-3, "\(flow15.new) vs \(standalone.solution.branches[1].fromMW)")
        #expect(abs(flow15.old - live.branches[1].pFromMW) < 1e-3)
        // A wrong edit is refused as a whole, naming its position and field.
        await #expect(throws: RequestProblem("edits[1]: branch: row 99 does not exist (1...20)")) {
            _ = try await model.edit(fork: fork.id, [ForkEdit(bus: 4, loadMW: 60), ForkEdit(branch: 99, inService: true)])
        }
        #expect(try await model.edit(fork: fork.id, []).edits.count == 1)
        // The live model is what it was.
        #expect(await model.state == live)
        let (first, second) = (await model.deleteFork(fork.id), await model.deleteFork(fork.id))
        #expect(first && !second)
    }

    @Test("1,000 edits across ten forks, solved along the way, leave the live model as it was")
    func thousandEdits() async throws {
        let grid = try Fixtures.grid("case14")
        let model = try LiveTwinModel(grid: grid, history: nil)
        _ = try await model.ingest(try frame("full-0", caseName: "case14", time: 100), receivedAt: 100)
        let live = try #require(await model.estimateIfNeeded(now: 101))
        let before = try await model.present()
        var seed: UInt64 = 12_345
        func next(_ range: ClosedRange<Int>) -> Int {  // a fixed linear congruential sequence: the same edits every run
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int((seed >> 33) % UInt64(range.count))
        }
        var forkID = "", solved = 0
        for i in 0..<1_000 {
            if i % 100 == 0 {
                if !forkID.isEmpty { #expect(await model.deleteFork(forkID)) }
                forkID = try await model.fork(now: 102).id
            }
            let edit: ForkEdit
            switch next(0...2) {
            case 0: edit = ForkEdit(branch: next(1...20), inService: next(0...1) == 1)
            case 1: edit = ForkEdit(bus: next(1...14), loadMW: Double(next(0...100)), loadMvar: Double(next(-20...20)))
            default: edit = ForkEdit(generator: next(1...5), pMW: Double(next(0...100)), vmPU: 0.95 + Double(next(0...10)) / 100)
            }
            _ = try await model.edit(fork: forkID, [edit])
            if i % 50 == 49 {
                _ = try? await model.solve(fork: forkID)  // an edited grid may not solve (an island); that is the fork's
                solved += 1
            }
        }
        #expect(solved == 20)
        #expect(await model.state == live)
        let after = try await model.present()
        #expect(after.measuredAt == before.measuredAt && after.voltages == before.voltages)
        // A new fork of the live model is the estimate itself: its power flow moves nothing.
        let fresh = try await model.fork(now: 103)
        let same = try await model.solve(fork: fresh.id)
        #expect(same.converged && same.changes.isEmpty, "\(same.changes)")
    }

    @Test("forks are bounded in number")
    func bounded() async throws {
        let model = try LiveTwinModel(grid: try Fixtures.grid("case14"), history: nil)
        _ = try await model.ingest(try frame("full-0", caseName: "case14", time: 100), receivedAt: 100)
        _ = await model.estimateIfNeeded(now: 101)
        for _ in 0..<LiveTwinModel.maximumForks { _ = try await model.fork(now: 102) }
        await #expect(throws: RequestProblem.self) { _ = try await model.fork(now: 103) }
        // An hour later the old ones have expired.
        #expect(try await model.fork(now: 102 + LiveTwinModel.forkLifetimeSeconds).measuredAt == 100)
    }
}

@Suite("Breaker statuses")
struct BreakerStatusTests {
    @Test("an open breaker changes the topology the estimate uses; closing it again restores it")
    func openAndClose() async throws {
        let grid = try Fixtures.grid("case14")
        var outaged = grid
        outaged.branches[0].inService = false  // row 1, bus 1-2
        let base = try PowerFlowEngine(grid: grid), cut = try PowerFlowEngine(grid: outaged)
        let (truth, truthCut) = (base.solveVoltages().voltages, cut.solveVoltages().voltages)
        let model = try LiveTwinModel(grid: grid, history: nil)
        // The grid with 1-2 open, measured exactly, and the breaker's status.
        var sensorsCut = SyntheticSensors(network: cut.network, seed: nil)
        var frame = sensorsCut.frame(voltages: truthCut, time: 100)
        frame.samples.append(MeasurementSample(sensor: .init(kind: "status", element: 1), value: 0, sigma: 1, time: 100))
        _ = try await model.ingest(frame, receivedAt: 100)
        let open = try #require(await model.estimateIfNeeded(now: 101))
        #expect(open.error == nil && open.openBranches == [1] && !open.branches.contains { $0.row == 1 })
        for (b, bus) in open.buses.enumerated() { #expect(abs(bus.vmPu - truthCut[b].length) < 1e-8, "bus \(bus.id)") }
        // Closed again, with the closed grid's measurements (branch 1-2's flows among them).
        var sensors = SyntheticSensors(network: base.network, seed: nil)
        var closedFrame = sensors.frame(voltages: truth, time: 200)
        closedFrame.samples.append(MeasurementSample(sensor: .init(kind: "status", element: 1), value: 1, sigma: 1, time: 200))
        _ = try await model.ingest(closedFrame, receivedAt: 200)
        let closed = try #require(await model.estimateIfNeeded(now: 201))
        #expect(closed.error == nil && closed.openBranches.isEmpty && closed.branches.contains { $0.row == 1 })
        for (b, bus) in closed.buses.enumerated() { #expect(abs(bus.vmPu - truth[b].length) < 1e-8, "bus \(bus.id)") }
        // A status names an existing branch and is 0 or 1.
        let bad = MeasurementFrame(samples: [
            MeasurementSample(sensor: .init(kind: "status", element: 99), value: 0, sigma: 1, time: 300),
            MeasurementSample(sensor: .init(kind: "status", element: 2), value: 0.5, sigma: 1, time: 300),
        ])
        let report = try await model.ingest(bad, receivedAt: 300)
        #expect(report.accepted == 0 && report.rejected.map(\.reason) == [
            "element: branch row 99 does not exist (1...20)", "value: a status is 1 (closed) or 0 (open), not 0.5",
        ])
    }
}

@Suite("What-if forks: N-1")
struct ForkContingencyTests {
    @Test("N-1 of an unedited fork of an exact estimate equals the contingency analysis of the case itself")
    func sameAsStandalone() async throws {
        let grid = try Fixtures.grid("case118")
        let model = try LiveTwinModel(grid: grid, history: nil)
        _ = try await model.ingest(try frame("scada-0", caseName: "case118", time: 100), receivedAt: 100)
        #expect(await model.estimateIfNeeded(now: 101)?.error == nil)
        let fork = try await model.fork(now: 102)
        let security = try await model.fork(fork.id).contingencies()
        let standalone = try await ContingencyAnalysis.run(grid)
        #expect(security.baseConverged && security.outages == standalone.outcomes.count + standalone.skippedByScreening)
        let expected = standalone.outcomes.filter { !$0.converged || !$0.overloads.isEmpty || !$0.voltageViolations.isEmpty || $0.loadLostMW > 0 }
        #expect(security.insecure.map(\.outage) == expected.map(\.outage.description))
        for (ours, theirs) in zip(security.insecure, expected) {
            #expect(ours.lowOrHighVoltages.count == theirs.voltageViolations.count, "\(ours.outage)")
            #expect(abs(ours.loadLostMW - theirs.loadLostMW) < 1e-6)
        }
        // Taking a line out in the fork changes the picture (more or other insecure outages).
        _ = try await model.edit(fork: fork.id, [ForkEdit(branch: 7, inService: false)])
        let edited = try await model.fork(fork.id).contingencies()
        #expect(edited.edits == 1 && edited.insecure.map(\.outage) != security.insecure.map(\.outage))
    }
}

@Suite("History: estimates stored off the live path")
struct EstimateStorageTests {
    @Test("estimates stored in the background: the newest is always stored last, and each other one is stored or counted as dropped")
    func newestStoredInOrder() async throws {
        let path = NSTemporaryDirectory() + "gridtwin-live-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let history = try TwinHistory(path: path)
        let model = try LiveTwinModel(grid: try Fixtures.grid("case14"), history: nil)
        _ = try await model.ingest(try frame("full-0", caseName: "case14", time: 100), receivedAt: 100)
        let state = try #require(await model.estimateIfNeeded(now: 101))
        var dropped = 0
        for i in 1...200 {
            var next = state
            next.measuredAt = Double(i)
            if history.appendSoon(estimate: next) { dropped += 1 }
        }
        let stored = try history.counts().estimates
        #expect(stored + dropped == 200 && stored >= TwinHistory.maximumWaitingEstimates)
        #expect(try history.lastEstimate()?.measuredAt == 200, "the newest is the last row written")
    }
}
