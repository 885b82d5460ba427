import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdWebSocket
import LiveTwin
import Logging
import Reports

/// The live twin's HTTP API (Hummingbird), one served grid:
/// - `GET /healthz`, `GET /v1/health` — `{"status": "ok"}` while the process serves; `GET /readyz` — 200 once the
///   model is loaded (its history restored), with the age of the estimate; never behind a token;
/// - `GET /` — the live page (``LivePage``); `GET /v1/layout` — the drawing's positions (``GridLayout``);
/// - `GET /v1/state` — the latest ``LiveState`` (404 before the first estimate), without residuals;
/// - `GET /v1/state/residuals` — the latest estimate's residual per sensor;
/// - `GET /v1/history?series=bus:12:vm&from=T0&to=T1&step=S` — a stored series (``HistorySeries``), averaged per step;
/// - `POST /v1/measurements` — a ``MeasurementFrame`` (JSON, at most 16 MiB); the reply (an ``IngestReport``) comes
///   once the frame is on disk, and the estimate follows at once (frames that arrive meanwhile are folded into one).
/// - `POST /v1/forks`, `PATCH /v1/forks/{id}` (`{"edits": [ForkEdit…]}`), `POST /v1/forks/{id}/solve`,
///   `DELETE /v1/forks/{id}` — what-if copies of the estimated state (``WhatIfFork``);
/// - `POST /v1/forecast` (`{"hours": N}`) — the served scenario run forward from the present (``TwinForecast``);
/// - `POST /v1/setpoints`, `GET /v1/setpoints?from=&to=` — operators' set-points, audited (``SetPoint``);
/// - `GET /metrics` — Prometheus' text format (``TwinMetrics``);
/// - `WS /v1/feed` — measurement frames over a WebSocket (token in the upgrade request), a report per frame;
/// - `WS /v1/stream` — a ``LiveStreamEvent`` (JSON text) for every new estimate, the latest first.
/// Access (``ServerAccess``): measurements need a token with the `ingest` scope, forks, forecasts and set-points one
/// with `control` (``AccessScope``); reads need any token when reads are protected. JSON in snake_case, as every
/// GridTwin report.
public enum TwinServer {
    /// The application: the HTTP routes and the WebSocket stream of `model` on `host`:`port`; `onRunning` gets the
    /// bound port (for port 0).
    /// `logger` gets the server's events and a line per request (method and path, never headers).
    public static func application(
        model: LiveTwinModel, access: ServerAccess, host: String, port: Int, logger: Logger? = nil,
        onRunning: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router(model: model, access: access),
            server: .http1WebSocketUpgrade(webSocketRouter: streamRouter(model: model, access: access)),
            configuration: .init(address: .hostname(host, port: port), serverName: "gridtwin"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The largest request body, bytes.
    public static let maximumBodyBytes = 16 << 20

    /// The router for `model` under `access`.
    public static func router(model: LiveTwinModel, access: ServerAccess) -> Router<TwinRequestContext> {
        let router = Router(context: TwinRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: TokenAuthenticator(access: access))
        router.get("/v1/health") { _, _ in try json(["status": "ok"]) }
        router.get("/healthz") { _, _ in try json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            struct Readiness: Encodable {
                var status = "ready"
                var estimateAgeSeconds: Double?
            }
            let measuredAt = await model.state?.measuredAt
            return try json(Readiness(estimateAgeSeconds: measuredAt.map { max(0, Date().timeIntervalSince1970 - $0) }))
        }
        let readRoutes = router.group().add(middleware: AccessMiddleware(access: access, scope: .read))
        let ingestRoutes = router.group().add(middleware: AccessMiddleware(access: access, scope: .ingest))
        let controlRoutes = router.group().add(middleware: AccessMiddleware(access: access, scope: .control))
        let layout = GridLayout(grid: model.grid)
        readRoutes.get("/v1/layout") { _, _ in try json(layout) }
        readRoutes.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:"],
                body: .init(byteBuffer: ByteBuffer(string: LivePage.html)))
        }
        readRoutes.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: model.metrics.text())))
        }
        readRoutes.get("/v1/state") { _, _ in
            guard var state = await model.state else { throw HTTPError(.notFound, message: "no estimate yet") }
            state.residuals = []
            return try json(state)
        }
        readRoutes.get("/v1/state/residuals") { _, _ in
            guard let state = await model.state else { throw HTTPError(.notFound, message: "no estimate yet") }
            return try json(state.residuals)
        }
        readRoutes.get("/v1/history") { request, _ in
            guard let history = model.history else { throw HTTPError(.notFound, message: "no history: start the server with --db") }
            let query = request.uri.queryParameters
            guard let name = query["series"].map(String.init) else { throw HTTPError(.badRequest, message: "series: missing") }
            let series: HistorySeries
            switch HistorySeries.parse(name, grid: model.grid) {
            case .success(let parsed): series = parsed
            case .failure(let problem): throw HTTPError(.badRequest, message: problem.description)
            }
            let from = try number(query, "from", default: 0), to = try number(query, "to", default: 1e11)
            let step = try number(query, "step", default: 1)
            guard from <= to, step > 0 else { throw HTTPError(.badRequest, message: "from ≤ to and step > 0 are needed") }
            let points = try history.values(of: series, from: from, to: to, stepSeconds: step)
            struct Series: Encodable {
                var series: String
                var unit: String
                var points: [[Double]]
            }
            return try json(Series(series: name, unit: series.unit, points: points.map { [$0.time, $0.value] }))
        }
        addWhatIfRoutes(control: controlRoutes, reads: readRoutes, model: model)
        ingestRoutes.post("/v1/measurements") { request, _ in
            let data = Data(buffer: try await request.body.collect(upTo: maximumBodyBytes))
            let frame: MeasurementFrame
            do {
                frame = try MeasurementFrame.decode(json: data)
            } catch {
                throw HTTPError(.badRequest, message: "the body is not a measurement frame: \(Self.describe(error))")
            }
            guard frame.samples.count <= MeasurementFrame.maximumSamples else {
                throw HTTPError(.contentTooLarge, message: "more than \(MeasurementFrame.maximumSamples) samples")
            }
            let report = try await ingest(frame, encoded: data, into: model)
            return try json(report, status: report.accepted > 0 ? .accepted : .badRequest)
        }
        return router
    }

    /// What every transport does with a frame: ingest it (stored before the report) and start the estimate it may
    /// trigger (at once, or when the sensor set is complete or the model's delay has passed).
    static func ingest(_ frame: MeasurementFrame, encoded: Data, into model: LiveTwinModel) async throws -> IngestReport {
        let report = try await model.ingest(frame, encoded: encoded, receivedAt: Date().timeIntervalSince1970)
        Task { await model.estimateWhenDue(now: Date().timeIntervalSince1970) }
        return report
    }

    /// A feed's message (WebSocket or MQTT): the frame's report, or why it is not a frame, as JSON text.
    static func feedReply(to message: Data, model: LiveTwinModel) async throws -> String {
        guard message.count <= maximumBodyBytes,
              let frame = try? MeasurementFrame.decode(json: message),
              frame.samples.count <= MeasurementFrame.maximumSamples
        else { return try ReportJSON.text(["error": "the message is not a measurement frame"]) }
        return try ReportJSON.text(try await ingest(frame, encoded: message, into: model))
    }

    /// A query parameter as a finite number (`fallback` when absent); 400 naming it when it is not one.
    static func number(_ query: Parameters, _ key: Substring, default fallback: Double) throws -> Double {
        guard let text = query[key] else { return fallback }
        guard let number = Double(String(text)), number.isFinite else {
            throw HTTPError(.badRequest, message: "\(key): '\(text)' is not a finite number")
        }
        return number
    }

    /// A JSON response in GridTwin's convention.
    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let text = try ReportJSON.text(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A decoding error in one line: the path of the field and what was wrong.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
