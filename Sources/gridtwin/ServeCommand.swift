import ArgumentParser
import Logging
import MQTT
import Foundation
import Hummingbird
import LiveTwin
import ScenarioFiles
import Twin
import TwinServer

/// `gridtwin serve CASE`: keeps a live model of the grid current from measurements posted to its HTTP API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a live twin of a grid: measurements in, the estimated state out (HTTP, JSON).",
        discussion: """
            Binds to 127.0.0.1:8080 unless told otherwise. POST /v1/measurements takes a frame \
            {"samples": [{"sensor": {"kind": "vm", "element": 12}, "value": 1.02, "sigma": 0.01, "time": 1764300000, \
            "quality": "good"}]} (sensor as the estimator's CSV names it; p.u., seconds since 1970) and needs \
            'Authorization: Bearer TOKEN' with a token of scope ingest; forks, forecasts and set-points need scope \
            control, and --protect-reads makes every read need a token. The server's --tokens file holds one line \
            per token, 'SCOPE[,SCOPE] NAME sha256:DIGEST', as 'gridtwin token' prints it: the tokens themselves are \
            never stored by the server. Without --tokens the server is read-only. Serving a scenario adds POST \
            /v1/forecast {"hours": N}: the scenario run forward from the latest estimate. GET /v1/state, \
            /v1/state/residuals, /v1/history?series=bus:ID:vm&from=&to=&step= read; /healthz and /readyz are always \
            open. With --db, every accepted frame is \
            written before it is acknowledged and every estimate is kept; after a restart the last estimate is served \
            at once. SIGINT or SIGTERM stops it gracefully.
            """
    )

    @Argument(help: "The served grid: a MATPOWER case (.m), or a scenario (.yaml, .yml, .json) whose profiles are the forecast.")
    var casePath: String

    @Option(name: .long, help: "HOST:PORT to listen on (port 0: any free port, printed on standard error).")
    var listen = "127.0.0.1:8080"

    @Option(name: .long, help: "The history: a SQLite file (created when missing) or postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require] (password in PGPASSWORD or the URL; an empty database or one GridTwin created). Without it, nothing is kept.")
    var db: String?

    @Option(name: .long, help: "The accepted tokens: lines 'SCOPE[,SCOPE] NAME sha256:DIGEST' from 'gridtwin token'.")
    var tokens: String?

    @Flag(name: .long, help: "Reads (state, history, set-points, metrics, the page and the stream) need a token too.")
    var protectReads = false

    @Flag(name: .long, help: "When quiet sensors leave buses unobservable, complete the set with the case's injections (σ = 1 p.u.).")
    var pseudoWhenUnobservable = false

    @Option(name: .long, help: "Delete stored frames and estimates older than this many days (default: keep all).")
    var retentionDays: Double?

    @Option(name: .long, help: "Wait up to this long for the rest of the sensor set before estimating a frame, ms (0: estimate every frame at once).")
    var estimateDelayMs = 0.0

    @Option(name: .long, help: "The least level logged as JSON lines on standard error (trace, debug, info, notice, warning, error, critical).")
    var logLevel: Logger.Level = .info

    @Option(name: .long, help: "HOST:PORT of an MQTT broker to take measurement frames from (as well as HTTP).")
    var mqtt: String?

    @Option(name: .long, help: "The MQTT topic of the frames (reports go to TOPIC/reports).")
    var topic = "gridtwin/measurements"

    @Option(name: .long, help: "The MQTT client identifier of the twin's persistent session: frames it had not stored are delivered again after a restart (default: gridtwin-serve- and the topic).")
    var mqttClientId: String?

    mutating func validate() throws {
        if let days = retentionDays, !(days > 0 && days <= 36_500) { throw ValidationError("--retention-days must lie in (0, 36500]") }
        if !(estimateDelayMs >= 0 && estimateDelayMs <= 60_000) { throw ValidationError("--estimate-delay-ms must lie in [0, 60000]") }
    }

    func run() async throws {
        let (host, port) = try Self.address(listen)
        let scenario: PreparedScenario?
        if [".yaml", ".yml", ".json"].contains(where: { casePath.lowercased().hasSuffix($0) }) {
            do {
                scenario = try PreparedScenario.load(casePath)
            } catch {
                throw CommandError(error.description)
            }
        } else {
            scenario = nil
        }
        let grid = try scenario?.grid ?? CaseLoading.load(casePath, quiet: true).grid
        let access = ServerAccess(tokens: try tokens.map(Self.readTokenTable), protectsReads: protectReads)
        if protectReads && access.tokens == nil { throw CommandError("--protect-reads needs --tokens FILE") }
        let history: TwinHistory?
        do {
            history = try db.map { location throws(TwinHistory.Problem) in try TwinHistory.open(location) }
        } catch {
            throw CommandError(error.description)
        }
        let model: LiveTwinModel
        do {
            model = try LiveTwinModel(
                grid: grid, history: history, retentionSeconds: retentionDays.map { $0 * 86_400 }, scenario: scenario,
                pseudoMeasurementsWhenUnobservable: pseudoWhenUnobservable, estimateDelaySeconds: estimateDelayMs / 1000)
        } catch {
            throw CommandError("\(casePath): \(error)")
        }
        let mode = access.tokens == nil ? "read-only" : protectReads ? "reads and writes need a token" : "writes need a token"
        let level = logLevel
        let logger = Logger(label: "gridtwin.serve") { label in JSONLogHandler(label: label, level: level) }
        let app = TwinServer.application(model: model, access: access, host: host, port: port, logger: logger) { bound in
            Stderr.print("gridtwin serve: listening on \(host):\(bound) (\(mode))")
            // The sensors' latest values from the stored frames, while the last estimate is already served.
            Task {
                do {
                    try await model.restoreSensors()
                } catch {
                    Stderr.print("gridtwin serve: the stored frames cannot be read back: \(error)")
                }
            }
        }
        var feed: Task<Void, any Error>?
        var client: MQTTClient?
        if let mqtt {
            let (brokerHost, brokerPort) = try Self.address(mqtt, option: "--mqtt")
            do {
                client = try MQTTClient(
                    host: brokerHost, port: brokerPort, clientID: mqttClientId ?? MQTTFeed.defaultClientID(topic: topic),
                    cleanSession: false, maximumPayloadBytes: TwinServer.maximumBodyBytes)
            } catch {
                throw CommandError("--mqtt: \(error)")
            }
            let subscribed = client!, topic = topic
            feed = Task { try await MQTTFeed.run(client: subscribed, topic: topic, model: model) }
            Stderr.print("gridtwin serve: taking frames from mqtt://\(brokerHost):\(brokerPort)/\(topic)")
            Task.detached {
                // Say when the broker has acknowledged the subscription (or that it has not, after 10 s).
                if subscribed.waitUntilSubscribed(timeoutSeconds: 10) {
                    Stderr.print("gridtwin serve: subscribed to \(topic) (acknowledged by the broker)")
                } else {
                    Stderr.print("gridtwin serve: the broker has not acknowledged the subscription to \(topic) yet\(subscribed.refusedSubscriptions.isEmpty ? "" : " (refused)")")
                }
            }
        }
        defer {
            feed?.cancel()
            client?.close()
        }
        try await app.runService()
    }

    /// HOST:PORT, the port in 0...65535.
    static func address(_ text: String, option: String = "--listen") throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
              colon != text.startIndex
        else { throw CommandError("\(option): '\(text)' is not HOST:PORT") }
        return (String(text[..<colon]), port)
    }

    /// The server's token file (``TokenTable``): a problem names its line, exit 2.
    static func readTokenTable(_ path: String) throws -> TokenTable {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else {
            throw CommandError("\(path): cannot read the token file (or it is larger than 1 MiB)")
        }
        do {
            return try TokenTable(parsing: String(decoding: data, as: UTF8.self), file: path)
        } catch {
            throw CommandError(error.description)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
