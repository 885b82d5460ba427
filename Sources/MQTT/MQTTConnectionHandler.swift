import NIOCore

/// The end of a connection's pipeline: hands the broker's packets and the connection's end to its ``MQTTClient``.
final class MQTTConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = MQTTPacket

    private weak var client: MQTTClient?
    /// Which of the client's connections this is.
    private let generation: Int

    init(client: MQTTClient?, generation: Int) {
        self.client = client
        self.generation = generation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        client?.received(unwrapInboundIn(data), generation: generation)
    }

    func channelInactive(context: ChannelHandlerContext) {
        client?.connectionLost(generation: generation)
        context.fireChannelInactive()
    }

    /// A malformed packet or a socket error: the connection ends (and the client reconnects).
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
