import Foundation
import TestFixtures
import Testing
import TwinServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Mosquitto broker (Debian's `mosquitto`) on a free loopback port, for tests.
final class BrokerProcess {
    let process = Process()
    let port: Int
    let folder: String

    init() throws {
        folder = try CommandRunner.temporaryDirectory()
        port = try Self.freePort()
        try "listener \(port) 127.0.0.1\nallow_anonymous true\npersistence false\n"
            .write(toFile: folder + "/mosquitto.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/mosquitto")
        process.arguments = ["-c", folder + "/mosquitto.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Up when its port takes a connection (at most 10 s).
        for _ in 0..<200 {
            if LoopbackPort.accepts(port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        throw ServerProcess.ServerFailure(message: "mosquitto did not start on port \(port)")
    }

    deinit {
        // SIGKILL: the broker inherits the test process's blocked SIGTERM, and it keeps nothing (no persistence).
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: folder)  // the folder this helper created
    }

    static func freePort() throws -> Int { try LoopbackPort.free() }
}

@Suite("Measurements over MQTT", .serialized)
struct MQTTFeedTests {
    /// The served estimate once it reflects the frame measured at `time`.
    private func state(_ server: ServerProcess, measuredAt time: Double) async throws -> [String: Any] {
        for _ in 0..<300 {
            let (status, body) = try await server.request("GET", "/v1/state")
            if status == 200, let state = try JSONSerialization.jsonObject(with: body) as? [String: Any],
               state["measured_at"] as? Double == time { return state }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        Issue.record("no estimate of the frame measured at \(time)")
        return [:]
    }

    @Test("frames replayed through a Mosquitto broker give the same estimate as the same frames over HTTP")
    func sameEstimateAsHTTP() async throws {
        let broker = try BrokerProcess()
        let scenario = Fixtures.packageRoot + "/grids/example/wind-north.yaml"
        let grid = Fixtures.packageRoot + "/grids/case118.m"
        let overMQTT = try ServerProcess([grid, "--mqtt", "127.0.0.1:\(broker.port)", "--topic", "twin/feed"])
        // The broker's SUBACK is awaited and said: no frame is sent before the twin listens.
        #expect(overMQTT.waitForLog("subscribed to twin/feed (acknowledged by the broker)", seconds: 10), "\(overMQTT.log)")
        let sent = try CommandRunner.run([
            "replay", scenario, "--mqtt", "127.0.0.1:\(broker.port)", "--topic", "twin/feed", "--steps", "2", "--noise", "5",
        ])
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("replayed 2 frames of 2 steps") && sent.standardOutput.contains("2196 samples accepted, 0 rejected"))
        // The second frame is measured at 2016-01-01T01:00.
        let viaBroker = try await state(overMQTT, measuredAt: 1_451_610_000)
        #expect(overMQTT.stop() == 0)

        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let token = "mqtt-test-token-0123456789"
        try TestTokens.write([(token, "tester", [.admin])], in: folder)
        let overHTTP = try ServerProcess([grid, "--tokens", folder + "/tokens"])
        let posted = try CommandRunner.run([
            "replay", scenario, "--to", "http://127.0.0.1:\(overHTTP.port)", "--token-file", folder + "/tester.token", "--steps", "2",
            "--noise", "5",
        ])
        #expect(posted.status == 0, "\(posted.standardError)")
        let viaHTTP = try await state(overHTTP, measuredAt: 1_451_610_000)
        #expect(overHTTP.stop() == 0)
        let a = try #require(viaBroker["buses"] as? [[String: Any]]), b = try #require(viaHTTP["buses"] as? [[String: Any]])
        #expect(a.count == 118 && b.count == 118)
        for (x, y) in zip(a, b) {
            let dv = abs((x["vm_pu"] as? Double ?? .nan) - (y["vm_pu"] as? Double ?? .nan))
            let da = abs((x["va_deg"] as? Double ?? .nan) - (y["va_deg"] as? Double ?? .nan))
            #expect(dv < 1e-12 && da < 1e-10, "bus \(x["id"] ?? "?"): \(dv) p.u., \(da)°")
        }
        #expect(viaBroker["measurements"] as? Int == viaHTTP["measurements"] as? Int)
    }

    @Test("a broker that is not there is one line and exit 2")
    func missingBroker() throws {
        let port = try BrokerProcess.freePort()
        let result = try CommandRunner.run([
            "replay", Fixtures.packageRoot + "/grids/example/wind-north.yaml", "--mqtt", "127.0.0.1:\(port)", "--steps", "1",
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("cannot connect to the MQTT broker at 127.0.0.1:\(port)"), "\(result.standardError)")
    }
}
