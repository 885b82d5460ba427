import Foundation
import Hummingbird
import HummingbirdWebSocket
import LiveTwin
import Reports
import ServiceLifecycle

extension TwinServer {
    /// `WS /v1/stream`: every new estimate while the client stays; `WS /v1/feed`: measurement frames in (the upgrade
    /// request carries the token), one ``IngestReport`` back per text message.
    static func streamRouter(model: LiveTwinModel, access: ServerAccess) -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.ws("/v1/feed") { request, _ in
            try access.authorize(try access.identity(in: request.headers), for: .ingest)
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, _ in
            // A graceful shutdown ends the loop (and the library closes the socket) even if the client never does.
            for try await message in inbound.messages(maxSize: maximumBodyBytes).cancelOnGracefulShutdown() {
                guard case .text(let text) = message else { continue }
                try await outbound.write(.text(feedReply(to: Data(text.utf8), model: model)))
            }
        }
        router.ws("/v1/stream") { request, _ in
            try access.authorize(try access.identity(in: request.headers), for: .read)
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, _ in
            guard let (id, states) = await model.subscribe() else {
                try await outbound.close(.unexpectedServerError, reason: "too many listeners")
                return
            }
            // Until the client closes, or a graceful shutdown (which must not wait for listeners that never close).
            try? await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await _ in inbound {}
                    }
                    group.addTask {
                        for await state in states { try await outbound.write(.text(try ReportJSON.text(LiveStreamEvent(state)))) }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
            await model.unsubscribe(id)
        }
        return router
    }
}
