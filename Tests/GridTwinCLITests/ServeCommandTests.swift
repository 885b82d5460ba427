import Foundation
import TestFixtures
import Testing
import TwinServer

/// case14's exact "full" set of `peers.py se` as a JSON frame at `time`.
private func frameJSON(time: Double) throws -> Data {
    let text = try String(contentsOfFile: Fixtures.path("se/case14-full-0.csv"), encoding: .utf8)
    let samples = text.split(whereSeparator: \.isNewline).dropFirst().map { line -> String in
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        let side = f[2].isEmpty ? "" : ", \"side\": \"\(f[2])\""
        return "{\"sensor\": {\"kind\": \"\(f[0])\", \"element\": \(f[1])\(side)}, \"value\": \(f[3]), \"sigma\": \(f[4]), \"time\": \(time)}"
    }
    return Data("{\"samples\": [\(samples.joined(separator: ", "))]}".utf8)
}

private func json(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Suite("gridtwin serve", .serialized)
struct ServeCommandTests {
    private let token = "test-token-0123456789abcdef"

    /// A folder with the tokens, and serve's arguments: case14, the history in `database` (a URL) or in the folder's
    /// twin.sqlite.
    private func setUp(database: String? = nil) throws -> (folder: String, arguments: [String]) {
        let folder = try CommandRunner.temporaryDirectory()
        try TestTokens.write([(token, "tester", [.admin])], in: folder)
        return (folder, [Fixtures.casePath("case14"), "--db", database ?? folder + "/twin.sqlite", "--tokens", folder + "/tokens"])
    }

    /// Waits (at most 30 s) until GET /v1/state answers with `measured_at` equal to `time`.
    private func waitForState(_ server: ServerProcess, measuredAt time: Double, token: String? = nil) async throws -> [String: Any] {
        for _ in 0..<300 {
            let (status, body) = try await server.request("GET", "/v1/state", token: token)
            if status == 200, let state = try? json(body), state["measured_at"] as? Double == time { return state }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        Issue.record("no estimate of the frame measured at \(time)")
        return [:]
    }

    @Test("loopback, a token for every write, the estimate served; an acknowledged frame and the last estimate survive kill -9",
          arguments: ["sqlite", "postgres"])
    func serveAndSurviveKill(history: String) async throws {
        let postgres = history == "postgres" ? try PostgresServer() : nil
        let (folder, arguments) = try setUp(database: try postgres?.url(database: "twin"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var server = try ServerProcess(arguments)
        #expect(try await server.request("GET", "/v1/health").0 == 200)
        #expect(try await server.request("GET", "/v1/state").0 == 404)
        // A listener on the stream before anything is estimated.
        let stream = try WebSocketProbe(port: server.port, path: "/v1/stream")
        // Writes without a token, or with a wrong one, are refused and change nothing.
        #expect(try await server.request("POST", "/v1/measurements", body: try frameJSON(time: 100)).0 == 401)
        #expect(try await server.request("POST", "/v1/measurements", body: try frameJSON(time: 100), token: "wrong-token-0123456789").0 == 401)
        #expect(try await server.request("GET", "/v1/state").0 == 404)
        // A frame with a token: accepted, estimated; the state is the power flow's (case14 bus 1 at 1.06 p.u.).
        let (status, reply) = try await server.request("POST", "/v1/measurements", body: try frameJSON(time: 100), token: token)
        #expect(status == 202)
        #expect(try json(reply)["accepted"] as? Int == 94)
        let state = try await waitForState(server, measuredAt: 100)
        let buses = try #require(state["buses"] as? [[String: Any]])
        #expect(abs((buses.first?["vm_pu"] as? Double ?? 0) - 1.06) < 1e-8)
        // The stream pushed the estimate: its time, bus 1 at 1.06 p.u., and the alarms of case14's own solved state —
        // buses 6, 7 and 8 above the case's VMAX of 1.06 p.u. (MATPOWER: 1.070, 1.062, 1.090).
        let event = try json(Data(try stream.nextText().utf8))
        #expect(event["type"] as? String == "estimate" && event["measured_at"] as? Double == 100)
        #expect(abs(((event["buses"] as? [[Double]])?.first?[1] ?? 0) - 1.06) < 1e-8)
        let alarms = try #require(event["alarms"] as? [[String: Any]])
        #expect(alarms.count == 3 && alarms.allSatisfy { $0["kind"] as? String == "voltage" }, "\(alarms)")
        #expect(alarms.compactMap { $0["message"] as? String }.map { $0.split(separator: " ")[1] } == ["6", "7", "8"])
        // Metrics in Prometheus' text format: one frame of 94 samples, two refused writes counted nowhere, one estimate.
        let (metricsStatus, metricsBody) = try await server.request("GET", "/metrics")
        let metrics = String(decoding: metricsBody, as: UTF8.self)
        #expect(metricsStatus == 200)
        for line in ["gridtwin_frames_total 1", "gridtwin_samples_accepted_total 94", "gridtwin_estimates_total 1", "gridtwin_violations 3.0"] {
            #expect(metrics.contains(line + "\n"), "\(line) in \(metrics)")
        }
        #expect(metrics.contains("gridtwin_estimate_seconds_count 1"))
        // The history of bus 1's magnitude: one point, the estimate's.
        let (historyStatus, historyBody) = try await server.request("GET", "/v1/history?series=bus:1:vm&from=0&to=1000&step=60")
        let series = try json(historyBody)
        #expect(historyStatus == 200 && series["unit"] as? String == "p.u.")
        #expect(abs(((series["points"] as? [[Double]])?.first?[1] ?? 0) - 1.06) < 1e-8)
        #expect(try await server.request("GET", "/v1/history?series=bus:99:vm").0 == 400)
        // What if line 1-2 trips? A fork, an edit, a solve; the live state is untouched.
        #expect(try await server.request("POST", "/v1/forks").0 == 401)
        let (forkStatus, forkBody) = try await server.request("POST", "/v1/forks", token: token)
        let forkID = try #require(try json(forkBody)["id"] as? String)
        #expect(forkStatus == 201)
        let edit = Data(#"{"edits": [{"branch": 1, "in_service": false}]}"#.utf8)
        #expect(try await server.request("PATCH", "/v1/forks/\(forkID)", body: edit, token: token).0 == 200)
        let (solveStatus, solveBody) = try await server.request("POST", "/v1/forks/\(forkID)/solve", token: token)
        let solved = try json(solveBody)
        #expect(solveStatus == 200 && solved["converged"] as? Bool == true && !((solved["changes"] as? [Any]) ?? []).isEmpty)
        let (n1Status, n1Body) = try await server.request("POST", "/v1/forks/\(forkID)/solve", body: Data(#"{"study": "n-1"}"#.utf8), token: token)
        let n1 = try json(n1Body)
        #expect(n1Status == 200 && n1["outages"] as? Int == 19, "the 19 branches left in service, one at a time: \(n1)")
        #expect(try await server.request("POST", "/v1/forks/\(forkID)/solve", body: Data(#"{"study": "n-3"}"#.utf8), token: token).0 == 400)
        #expect(try await server.request("PATCH", "/v1/forks/unknown", body: edit, token: token).0 == 404)
        let badEdit = Data(#"{"edits": [{"branch": 99, "in_service": false}]}"#.utf8)
        let (badEditStatus, badEditBody) = try await server.request("PATCH", "/v1/forks/\(forkID)", body: badEdit, token: token)
        #expect(badEditStatus == 400 && String(decoding: badEditBody, as: UTF8.self).contains("edits[0]: branch: row 99"))
        #expect(try await server.request("DELETE", "/v1/forks/\(forkID)", token: token).0 == 204)
        #expect(try json(try await server.request("GET", "/v1/state").1)["measured_at"] as? Double == 100)
        // Set-points: recorded with who (the token's name) and when, checked like a fork's edit, listed, kept across
        // kill -9; a body naming someone else is refused.
        let setPoint = Data(#"{"generator": 2, "p_mw": 45, "vm_pu": 1.04, "reason": "voltage support"}"#.utf8)
        #expect(try await server.request("POST", "/v1/setpoints", body: setPoint).0 == 401)
        let (setStatus, setBody) = try await server.request("POST", "/v1/setpoints", body: setPoint, token: token)
        let recorded = try json(setBody)
        #expect(setStatus == 201 && recorded["recorded_at"] is Double && recorded["operator"] as? String == "tester")
        let impersonating = Data(#"{"generator": 2, "p_mw": 45, "operator": "A. Operator"}"#.utf8)
        #expect(try await server.request("POST", "/v1/setpoints", body: impersonating, token: token).0 == 403)
        let badSetPoint = Data(#"{"generator": 9, "p_mw": 45}"#.utf8)
        let (badSetStatus, badSetBody) = try await server.request("POST", "/v1/setpoints", body: badSetPoint, token: token)
        #expect(badSetStatus == 400 && String(decoding: badSetBody, as: UTF8.self).contains("generator: row 9 does not exist"))
        // A malformed frame names what is wrong.
        let (badStatus, badBody) = try await server.request("POST", "/v1/measurements", body: Data("{\"samples\": [{\"value\": 1}]}".utf8), token: token)
        #expect(badStatus == 400 && String(decoding: badBody, as: UTF8.self).contains("sensor"))

        // kill -9, restart: the last estimate is served at once.
        server.killHard()
        server = try ServerProcess(arguments)
        let (restartStatus, restartBody) = try await server.request("GET", "/v1/state")
        let restarted = try json(restartBody)
        #expect(restartStatus == 200 && restarted["measured_at"] as? Double == 100)
        // A frame acknowledged and then killed before anything else: after the restart it is part of the sensors' values.
        let late = Data("""
            {"samples": [{"sensor": {"kind": "va", "element": 2}, "value": -4.98258914, "sigma": 0.01, "time": 200}]}
            """.utf8)
        #expect(try await server.request("POST", "/v1/measurements", body: late, token: token).0 == 202)
        server.killHard()
        server = try ServerProcess(arguments)
        let nudge = Data("""
            {"samples": [{"sensor": {"kind": "vm", "element": 1}, "value": 1.06, "sigma": 0.01, "time": 300}]}
            """.utf8)
        #expect(try await server.request("POST", "/v1/measurements", body: nudge, token: token).0 == 202)
        let after = try await waitForState(server, measuredAt: 300)
        #expect(after["measurements"] as? Int == 95, "94 sensors from the first frame and the va of the acknowledged one")
        let audit = try #require(try JSONSerialization.jsonObject(with: try await server.request("GET", "/v1/setpoints").1) as? [[String: Any]])
        #expect(audit.count == 1 && audit[0]["operator"] as? String == "tester" && audit[0]["p_mw"] as? Double == 45)
        #expect(server.stop() == 0)
        if let postgres {
            // The history is in the server's tables — and no token is.
            #expect(try postgres.rows("SELECT count(*) FROM frames", database: "twin") == ["3"])
            let stored = try postgres.rows(
                "SELECT body FROM frames UNION ALL SELECT body::text FROM estimates UNION ALL SELECT body FROM setpoints", database: "twin")
            #expect(!stored.isEmpty && !stored.joined().contains(token))
        }
    }

    @Test("frames over a WebSocket: the token in the upgrade request, a report per frame, then the estimate")
    func feedOverWebSocket() async throws {
        let (folder, arguments) = try setUp()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try ServerProcess(arguments)
        #expect(throws: WebSocketProbe.Failure.self) { _ = try WebSocketProbe(port: server.port, path: "/v1/feed") }
        #expect(throws: WebSocketProbe.Failure.self) { _ = try WebSocketProbe(port: server.port, path: "/v1/feed", token: "wrong-token-0123456789") }
        let feed = try WebSocketProbe(port: server.port, path: "/v1/feed", token: token)
        try feed.sendText(String(decoding: try frameJSON(time: 500), as: UTF8.self))
        let report = try json(Data(try feed.nextText().utf8))
        #expect(report["accepted"] as? Int == 94 && (report["rejected"] as? [Any])?.isEmpty == true)
        try feed.sendText("not a frame")
        #expect(try feed.nextText().contains("not a measurement frame"))
        let state = try await waitForState(server, measuredAt: 500)
        #expect(state["measurements"] as? Int == 94)
        // A graceful stop does not wait for clients that never close: a feed and a listener stay open.
        let listener = try WebSocketProbe(port: server.port, path: "/v1/stream")
        #expect(try listener.nextText().contains("\"measured_at\" : 500"))
        let clock = Date()
        #expect(server.stop() == 0)
        #expect(Date().timeIntervalSince(clock) < 30)
    }

    @Test("replay feeds a served grid with a simulated scenario's measurements, one frame per step")
    func replay() async throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TestTokens.write([(token, "tester", [.admin])], in: folder)
        let server = try ServerProcess([Fixtures.packageRoot + "/grids/case118.m", "--tokens", folder + "/tokens"])
        let replay = try CommandRunner.run([
            "replay", Fixtures.packageRoot + "/grids/example/wind-north.yaml", "--to", "http://127.0.0.1:\(server.port)",
            "--token-file", folder + "/tester.token", "--steps", "3", "--noise", "11",
        ])
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(replay.standardOutput.contains("replayed 3 frames of 3 steps") && replay.standardOutput.contains("0 rejected"))
        // The scenario starts 2016-01-01T00:00 in hourly steps: the third frame is measured at 02:00.
        let state = try await waitForState(server, measuredAt: 1_451_613_600)
        #expect(state["measurements"] as? Int == 1_098 && state["error"] == nil, "354 bus and 744 branch sensors")
        // Without the token the feed is refused, and replay says why (exit 2).
        let refused = try CommandRunner.run([
            "replay", Fixtures.packageRoot + "/grids/example/wind-north.yaml", "--to", "http://127.0.0.1:\(server.port)", "--steps", "1",
        ])
        #expect(refused.status == 2 && refused.standardError.contains("401"))
        #expect(server.stop() == 0)
    }

    @Test("serving a scenario: a forecast runs it forward from the latest estimate, its steps the batch run's inputs")
    func forecast() async throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TestTokens.write([(token, "tester", [.admin])], in: folder)
        let scenario = Fixtures.packageRoot + "/grids/example/wind-north.yaml"
        let server = try ServerProcess([scenario, "--tokens", folder + "/tokens"])
        let ask = Data(#"{"hours": 3}"#.utf8)
        #expect(try await server.request("POST", "/v1/forecast", body: ask, token: token).0 == 422, "nothing estimated yet")
        let replay = try CommandRunner.run([
            "replay", scenario, "--to", "http://127.0.0.1:\(server.port)", "--token-file", folder + "/tester.token", "--steps", "2",
        ])
        #expect(replay.status == 0, "\(replay.standardError)")
        _ = try await waitForState(server, measuredAt: 1_451_610_000)  // 2016-01-01T01:00, the second step
        let (status, body) = try await server.request("POST", "/v1/forecast", body: ask, token: token)
        let forecast = try json(body)
        let steps = try #require(forecast["steps"] as? [[String: Any]], "\(forecast)")
        #expect(status == 200 && steps.count == 3)
        #expect(steps.map { $0["time"] as? Double } == [1_451_610_000, 1_451_613_600, 1_451_617_200])
        // The same hours of the batch run: the same load and the same wind and sun (the scenario's profiles).
        let root = Fixtures.packageRoot + "/grids"
        let short = try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "steps: 8760", with: "steps: 4")
            .replacingOccurrences(of: "grid: ../case118.m", with: "grid: \(root)/case118.m")
            .replacingOccurrences(of: "profiles: profiles-2016-hourly.csv", with: "profiles: \(root)/example/profiles-2016-hourly.csv")
        try short.write(toFile: folder + "/short.yaml", atomically: true, encoding: .utf8)
        let out = folder + "/batch"
        let batch = try CommandRunner.run(["simulate", folder + "/short.yaml", "--out", out])
        #expect(batch.status == 0, "\(batch.standardError)")
        let rows = try String(contentsOfFile: out + "/steps.csv", encoding: .utf8).split(whereSeparator: \.isNewline).map { $0.split(separator: ",") }
        let header = rows[0].map(String.init)
        let (load, available) = (header.firstIndex(of: "load_mw")!, header.firstIndex(of: "renewable_available_mw")!)
        for (i, step) in steps.enumerated() {
            #expect(abs((step["load_mw"] as? Double ?? 0) - Double(rows[i + 2][load])!) < 1e-3)
            #expect(abs((step["renewable_available_mw"] as? Double ?? 0) - Double(rows[i + 2][available])!) < 1e-3)
            #expect(step["converged"] as? Bool == true)
        }
        #expect(try await server.request("POST", "/v1/forecast", body: Data(#"{"hours": 1000}"#.utf8), token: token).0 == 422)
        #expect(server.stop() == 0)
    }

    @Test("a fork's forecast: unedited it is the live forecast; with a line out it is the forecast of a twin serving that outage")
    func forkForecast() async throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TestTokens.write([(token, "tester", [.admin])], in: folder)
        let root = Fixtures.packageRoot + "/grids"
        let scenario = root + "/example/wind-north.yaml"
        // The same scenario on a case whose row 32 (the 26-25 transformer, behind the wind farm at bus 26) is out.
        let caseText = try String(contentsOfFile: root + "/case118.m", encoding: .utf8)
        let row32 = "\t26\t25\t0\t0.0382\t0\t0\t0\t0\t0.96\t0\t1\t-360\t360;"
        #expect(caseText.contains(row32))
        try caseText.replacingOccurrences(of: row32, with: row32.replacingOccurrences(of: "\t0\t1\t-360", with: "\t0\t0\t-360"))
            .write(toFile: folder + "/case118-out.m", atomically: true, encoding: .utf8)
        try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "grid: ../case118.m", with: "grid: \(folder)/case118-out.m")
            .replacingOccurrences(of: "profiles: profiles-2016-hourly.csv", with: "profiles: \(root)/example/profiles-2016-hourly.csv")
            .write(toFile: folder + "/outage.yaml", atomically: true, encoding: .utf8)

        func fedServer(_ served: String, rejected: Int) async throws -> ServerProcess {
            let server = try ServerProcess([served, "--tokens", folder + "/tokens"])
            let replay = try CommandRunner.run([
                "replay", scenario, "--to", "http://127.0.0.1:\(server.port)", "--token-file", folder + "/tester.token", "--steps", "2",
            ])
            // The frames are the scenario's: an outage's twin rejects the samples of the branch that is out (4 a frame).
            #expect(replay.status == (rejected == 0 ? 0 : 1) && replay.standardOutput.contains("\(rejected) rejected"), "\(replay.standardOutput)")
            _ = try await waitForState(server, measuredAt: 1_451_610_000)
            return server
        }
        func steps(_ server: ServerProcess, _ path: String, _ body: String) async throws -> [[String: Any]] {
            let (status, reply) = try await server.request("POST", path, body: Data(body.utf8), token: token)
            #expect(status == 200, "\(String(decoding: reply, as: UTF8.self))")
            return try #require(try json(reply)["steps"] as? [[String: Any]])
        }
        let live = try await fedServer(scenario, rejected: 0)
        let liveForecast = try await steps(live, "/v1/forecast", #"{"hours": 4}"#)
        let (created, forkBody) = try await live.request("POST", "/v1/forks", token: token)
        let forkID = try #require(try json(forkBody)["id"] as? String)
        #expect(created == 201)
        let solve = "/v1/forks/\(forkID)/solve"
        let unedited = try await steps(live, solve, #"{"study": "forecast", "hours": 4}"#)
        #expect(unedited.count == 4 && NSArray(array: unedited).isEqual(to: liveForecast), "an unedited fork forecasts as the live model")
        let outage = Data(#"{"edits": [{"branch": 32, "in_service": false}]}"#.utf8)
        #expect(try await live.request("PATCH", "/v1/forks/\(forkID)", body: outage, token: token).0 == 200)
        let edited = try await steps(live, solve, #"{"study": "forecast", "hours": 4}"#)
        #expect(try await live.request("POST", solve, body: Data(#"{"study": "forecast"}"#.utf8), token: token).0 == 400)
        #expect(try await live.request("POST", solve, body: Data(#"{"study": "forecast", "hours": 500}"#.utf8), token: token).0 == 422)
        // The live model is untouched.
        #expect(NSArray(array: try await steps(live, "/v1/forecast", #"{"hours": 4}"#)).isEqual(to: liveForecast))
        #expect(live.stop() == 0)

        let twin = try await fedServer(folder + "/outage.yaml", rejected: 8)
        let reference = try await steps(twin, "/v1/forecast", #"{"hours": 4}"#)
        #expect(twin.stop() == 0)
        // Equal but for the start: each twin steps from its own estimate, and the first dispatch's loss factors come
        // from it (losses within 0.1 MW, curtailment within 0.01 MW).
        let tolerances = ["load_mw": 1e-6, "renewable_available_mw": 1e-6, "curtailed_mw": 0.01, "losses_mw": 0.1, "max_loading_percent": 1e-3]
        for (fork, other) in zip(edited, reference) {
            for (key, tolerance) in tolerances {
                let a = fork[key] as? Double ?? .nan, b = other[key] as? Double ?? .nan
                #expect(abs(a - b) < tolerance, "\(key): fork \(a), twin with the outage \(b)")
            }
            #expect(fork["converged"] as? Bool == true && other["converged"] as? Bool == true)
        }
        // The outage strands wind at bus 26 behind one line: more is curtailed every hour.
        for (fork, unchanged) in zip(edited, unedited) {
            #expect((fork["curtailed_mw"] as? Double ?? 0) > (unchanged["curtailed_mw"] as? Double ?? 0) + 10)
        }
    }

    @Test("scopes: 401 without a token, 403 without the scope, reads protected on request, health open; no token in the logs or the history")
    func accessScopes() async throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let gateway = "gateway-token-0123456789abcdef", alice = "alice-token-0123456789abcdef"
        let viewer = "viewer-token-0123456789abcdef"
        try TestTokens.write([(gateway, "gateway", [.ingest]), (alice, "alice", [.control]), (viewer, "viewer", [.read])], in: folder)
        let server = try ServerProcess([
            Fixtures.casePath("case14"), "--db", folder + "/twin.sqlite", "--tokens", folder + "/tokens", "--protect-reads",
        ])
        #expect(try await server.request("GET", "/healthz").0 == 200)
        #expect(try await server.request("GET", "/readyz").0 == 200)
        // Reads: any known token.
        #expect(try await server.request("GET", "/v1/state").0 == 401)
        #expect(try await server.request("GET", "/metrics").0 == 401)
        #expect(try await server.request("GET", "/metrics", token: viewer).0 == 200)
        #expect(try await server.request("GET", "/v1/state", token: "unknown-token-0123456789").0 == 401)
        #expect(try await server.request("GET", "/v1/state", token: viewer).0 == 404, "known token, no estimate yet")
        // Measurements: ingest only.
        let frame = try frameJSON(time: 100)
        #expect(try await server.request("POST", "/v1/measurements", body: frame).0 == 401)
        #expect(try await server.request("POST", "/v1/measurements", body: frame, token: viewer).0 == 403)
        let (deniedStatus, deniedBody) = try await server.request("POST", "/v1/measurements", body: frame, token: alice)
        #expect(deniedStatus == 403 && String(decoding: deniedBody, as: UTF8.self).contains("'alice'"))
        #expect(try await server.request("POST", "/v1/measurements", body: frame, token: gateway).0 == 202)
        #expect(throws: WebSocketProbe.Failure.self) { _ = try WebSocketProbe(port: server.port, path: "/v1/feed", token: alice) }
        _ = try WebSocketProbe(port: server.port, path: "/v1/feed", token: gateway)
        #expect(throws: WebSocketProbe.Failure.self) { _ = try WebSocketProbe(port: server.port, path: "/v1/stream") }
        _ = try WebSocketProbe(port: server.port, path: "/v1/stream", token: viewer)
        // Operating: control only; set-points under the token's name.
        _ = try await waitForState(server, measuredAt: 100, token: viewer)
        #expect(try await server.request("POST", "/v1/forks", token: gateway).0 == 403)
        #expect(try await server.request("POST", "/v1/forks", token: alice).0 == 201)
        let setPoint = Data(#"{"generator": 2, "p_mw": 45}"#.utf8)
        #expect(try await server.request("POST", "/v1/setpoints", body: setPoint, token: gateway).0 == 403)
        let (setStatus, setBody) = try await server.request("POST", "/v1/setpoints", body: setPoint, token: alice)
        let recorded = try json(setBody)
        #expect(setStatus == 201 && recorded["operator"] as? String == "alice")
        let (status, log) = server.stopReadingLog()
        #expect(status == 0 && log.contains("reads and writes need a token"))
        // Structured logs: JSON lines with time, level, label and message; a line per request with its method and
        // path (the refused ones too), never its headers.
        let lines = log.split(separator: "\n").filter { $0.hasPrefix("{") }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        let requests = lines.filter { $0["message"] == "Request" }
        #expect(lines.allSatisfy { $0["time"]?.hasSuffix("Z") == true && $0["level"] != nil && $0["label"] == "gridtwin.serve" })
        #expect(requests.contains { $0["hb.request.method"] == "POST" && $0["hb.request.path"] == "/v1/setpoints" })
        #expect(requests.filter { $0["hb.request.path"] == "/v1/forks" }.count == 2, "the refused request and the accepted one")
        #expect(!requests.contains { $0.keys.contains("hb.request.headers") })
        // Secrets stay secret: neither the log nor the history holds a token.
        let stored = try Data(contentsOf: URL(fileURLWithPath: folder + "/twin.sqlite"))
            + ((try? Data(contentsOf: URL(fileURLWithPath: folder + "/twin.sqlite-wal"))) ?? Data())
        for token in [gateway, alice, viewer] {
            #expect(!log.contains(token) && stored.range(of: Data(token.utf8)) == nil)
        }
        // A token file with a token in clear, or a wrong scope, is refused naming the line.
        try "# tokens\nplain-token-0123456789abcdef\n".write(toFile: folder + "/clear", atomically: true, encoding: .utf8)
        let clear = try CommandRunner.run(["serve", Fixtures.casePath("case14"), "--tokens", folder + "/clear", "--listen", "127.0.0.1:0"])
        #expect(clear.status == 2 && clear.standardError.contains("clear:2: a token in clear text"))
    }

    @Test("gridtwin token: a new private token file and the server's line, never over an existing file")
    func tokenCommand() throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try CommandRunner.run(["token", "--scope", "ingest,control", "--name", "ops-1", "--out", folder + "/ops.token"])
        #expect(made.status == 0, "\(made.standardError)")
        let token = try String(contentsOfFile: folder + "/ops.token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 64)
        let line = made.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line == AccessToken.line(for: token, identity: AccessIdentity(name: "ops-1", scopes: [.ingest, .control])))
        #expect(!line.contains(token))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/ops.token")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let again = try CommandRunner.run(["token", "--scope", "read", "--name", "x", "--out", folder + "/ops.token"])
        #expect(again.status == 2 && again.standardError.contains("ops.token"))
        #expect(try String(contentsOfFile: folder + "/ops.token", encoding: .utf8).contains(token))
        let badScope = try CommandRunner.run(["token", "--scope", "root", "--name", "x", "--out", folder + "/x.token"])
        #expect(badScope.status == 2 && badScope.standardError.contains("--scope"))
    }

    @Test("without --tokens the server is read-only; a history file it did not create is refused with exit 2")
    func readOnlyAndForeignFiles() async throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try ServerProcess([Fixtures.casePath("case14")])
        #expect(try await server.request("POST", "/v1/measurements", body: try frameJSON(time: 1), token: token).0 == 403)
        #expect(server.stop() == 0)
        let notOurs = folder + "/notes.sqlite"
        try "my notes".write(toFile: notOurs, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["serve", Fixtures.casePath("case14"), "--db", notOurs, "--listen", "127.0.0.1:0"])
        #expect(refused.status == 2 && refused.standardError.contains("notes.sqlite"))
        #expect(try String(contentsOfFile: notOurs, encoding: .utf8) == "my notes")
        let badListen = try CommandRunner.run(["serve", Fixtures.casePath("case14"), "--listen", "localhost"])
        #expect(badListen.status == 2 && badListen.standardError.contains("--listen"))
    }
}
