/// A message delivered to a subscription. A QoS 1 message stays unacknowledged — the broker keeps it and delivers it
/// again after a reconnect — until ``acknowledge()``: call it once the message is safe (stored), in arrival order.
public struct MQTTMessage: Sendable {
    public var topic: String
    public var payload: [UInt8]
    /// The payload's size when it was larger than the client keeps (``payload`` is then empty).
    public var skippedPayloadBytes: Int?
    /// A delivery the broker repeats (it may have been seen before a reconnect).
    public var isRedelivery: Bool
    private let acknowledgement: @Sendable () -> Void

    init(topic: String, payload: [UInt8], skippedPayloadBytes: Int?, isRedelivery: Bool, acknowledgement: @escaping @Sendable () -> Void) {
        self.topic = topic
        self.payload = payload
        self.skippedPayloadBytes = skippedPayloadBytes
        self.isRedelivery = isRedelivery
        self.acknowledgement = acknowledgement
    }

    /// Sends the PUBACK of a QoS 1 message (nothing for QoS 0, or when the connection it came on is gone — the broker
    /// then delivers it again).
    public func acknowledge() { acknowledgement() }
}
