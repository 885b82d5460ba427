import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridNetwork
import LiveTwin
import MQTT
import ScenarioFiles
import Twin

/// `gridtwin replay SCENARIO --to URL`: runs a scenario and sends what a fully metered grid would measure at each step
/// to a live twin, as a feed would.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Feed a live twin (gridtwin serve) with the measurements of a simulated scenario.",
        discussion: """
            Each step of the scenario is simulated (its dispatch and power flow) and every sensor of a fully metered \
            grid — |V|, P and Q injections at every bus, P and Q flows at both ends of every branch — is posted to \
            URL/v1/measurements as one frame stamped with the step's time, with Gaussian noise (σ 0.004 p.u. for |V|, \
            0.01 p.u. for powers) when --noise gives a seed, and 20σ errors at --bad-data's rate. Serve the scenario's \
            grid file. With --mqtt the frames are published (QoS 1) on --topic for a twin served with --mqtt, and its \
            reports are read back from TOPIC/reports. Exit 0 when every frame was accepted whole, 1 otherwise.
            """
    )

    @Argument(help: "The scenario (YAML or JSON).")
    var scenarioPath: String

    @Option(name: .long, help: "The live twin's address, e.g. http://127.0.0.1:8080.")
    var to: String?

    @Option(name: .long, help: "Publish the frames to this MQTT broker (HOST:PORT) instead, for a twin served with --mqtt.")
    var mqtt: String?

    @Option(name: .long, help: "The MQTT topic (with --mqtt).")
    var topic = "gridtwin/measurements"

    @Option(name: .long, help: "A file whose first token line is sent as the bearer token.")
    var tokenFile: String?

    @Option(name: .long, help: "Scenario time per wall-clock time, e.g. 60x (an hour a minute), or max (no waiting).")
    var speed = "max"

    @Option(name: .long, help: "Seed of the measurement noise (default: exact values).")
    var noise: UInt64?

    @Option(name: .long, help: "Fraction of samples given a 20σ error (0...1).")
    var badData = 0.0

    @Option(name: .long, help: "Replay at most this many steps.")
    var steps: Int?

    mutating func validate() throws {
        guard (0...1).contains(badData) else { throw ValidationError("--bad-data must lie in 0...1") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        _ = try Self.speedFactor(speed)
        guard (to == nil) != (mqtt == nil) else { throw ValidationError("give --to URL or --mqtt HOST:PORT") }
        if let to {
            guard let url = URL(string: to), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--to: '\(to)' is not an http(s) address")
            }
        }
    }

    /// Scenario seconds per wall second; nil for max.
    static func speedFactor(_ text: String) throws -> Double? {
        if text == "max" { return nil }
        guard text.hasSuffix("x"), let factor = Double(text.dropLast()), factor > 0, factor.isFinite else {
            throw ValidationError("--speed: '\(text)' is not NUMBERx or max")
        }
        return factor
    }

    func run() async throws {
        let scenario: PreparedScenario
        do {
            scenario = try PreparedScenario.load(scenarioPath)
        } catch {
            throw CommandError(error.description)
        }
        let token = try tokenFile.map(Self.readToken)
        let stepper: TwinStepper
        let network: PowerFlowNetwork
        do {
            stepper = try TwinStepper(scenario: scenario)
            network = try PowerFlowNetwork(grid: scenario.grid)
        } catch {
            throw CommandError("\(scenarioPath): \(error)")
        }
        var sensors = SyntheticSensors(network: network, seed: noise)
        sensors.badDataRate = badData
        let factor = try Self.speedFactor(speed)
        let endpoint = to.map { URL(string: $0)!.appendingPathComponent("v1/measurements") }
        let broker = try mqtt.map { try MQTTReplay(address: $0, topic: topic) }
        defer { broker?.client.close() }
        var state = stepper.initialState()
        var sent = 0, accepted = 0, rejected = 0, skipped = 0
        let count = min(scenario.stepCount, steps ?? scenario.stepCount)
        for t in 0..<count {
            let clock = Date()
            let inputs = stepper.inputs(at: t)
            let result = stepper.advance(inputs, state: &state)
            guard result.record.converged else {
                skipped += 1
                continue
            }
            let frame = sensors.frame(voltages: state.voltages, time: Double(inputs.timeMinutes) * 60)
            let body = try JSONEncoder().encode(frame)
            if let broker {
                try broker.publish(body)
            } else if let endpoint {
                let report = try await Self.post(body, to: endpoint, token: token)
                accepted += report.accepted
                rejected += report.rejected.count
            }
            sent += 1
            if let factor {
                let wait = Double(scenario.stepMinutes) * 60 / factor - Date().timeIntervalSince(clock)
                if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
            }
        }
        var unreported = 0
        if let broker {
            (accepted, rejected, unreported) = try broker.finish(frames: sent)
        }
        print("replayed \(sent) frames of \(count) steps to \(to ?? "mqtt://\(mqtt!)/\(topic)"): \(accepted) samples accepted, \(rejected) rejected"
            + (skipped > 0 ? ", \(skipped) steps not sent (the power flow did not converge)" : "")
            + (unreported > 0 ? ", \(unreported) frames without the twin's report" : ""))
        if rejected > 0 || skipped > 0 || unreported > 0 { throw ExitCode(1) }
    }

    /// Posts one frame; the twin's report.
    static func post(_ body: Data, to endpoint: URL, token: String?) async throws -> IngestReport {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status), let report = try? JSONDecoder().decode(IngestReport.self, from: data) else {
            throw CommandError("\(endpoint): HTTP \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return report
    }

    /// A client's token file (as `gridtwin token --out` writes it): its first line that is neither blank nor a
    /// comment, at least 16 characters without spaces.
    static func readToken(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 16 else {
            throw CommandError("\(path): cannot read the token file (or it is larger than 64 KiB)")
        }
        for (number, raw) in String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard line.count >= 16, !line.contains(" ") else {
                throw CommandError("\(path):\(number + 1): token: at least 16 characters without spaces")
            }
            return line
        }
        throw CommandError("\(path): no token")
    }
}
