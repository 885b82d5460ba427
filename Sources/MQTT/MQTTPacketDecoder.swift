import NIOCore

/// Cuts the broker's byte stream into ``MQTTPacket``s (SwiftNIO's `ByteToMessageDecoder`). A PUBLISH whose remaining
/// length exceeds `maximumPayloadBytes` is not held in memory: its topic and packet identifier are read, the payload
/// is skipped as it streams past, and the publication is passed on with ``MQTTPublication/skippedPayloadBytes`` set
/// (so that it can still be acknowledged and reported). Any other packet above 64 KiB, or a malformed length, ends
/// the connection with an ``MQTTError``.
package struct MQTTPacketDecoder: ByteToMessageDecoder {
    package typealias InboundOut = MQTTPacket

    private let maximumPayloadBytes: Int
    /// Payload bytes of an oversized publication still to be skipped.
    private var bytesToSkip = 0

    package init(maximumPayloadBytes: Int) {
        self.maximumPayloadBytes = maximumPayloadBytes
    }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if bytesToSkip > 0 {
            let skipped = min(bytesToSkip, buffer.readableBytes)
            buffer.moveReaderIndex(forwardBy: skipped)
            bytesToSkip -= skipped
            return bytesToSkip > 0 ? .needMoreData : .continue
        }
        guard let (first, length, headerBytes) = try Self.fixedHeader(in: buffer) else { return .needMoreData }
        let isPublish = first >> 4 == 3
        if length > maximumPayloadBytes || (!isPublish && length > 65_536) {
            guard isPublish else { throw MQTTError("an MQTT packet of \(length) bytes (type \(first >> 4)) from the broker") }
            // Topic and packet identifier first; the rest is skipped.
            let qos = (first >> 1) & 0x03
            guard let topicLength = buffer.getInteger(at: buffer.readerIndex + headerBytes, as: UInt16.self) else { return .needMoreData }
            let variableHeader = 2 + Int(topicLength) + (qos > 0 ? 2 : 0)
            guard variableHeader <= length else { throw MQTTError("a malformed MQTT PUBLISH from the broker") }
            guard buffer.readableBytes >= headerBytes + variableHeader else { return .needMoreData }
            buffer.moveReaderIndex(forwardBy: headerBytes)
            var header = buffer.readSlice(length: variableHeader)!
            guard case .publish(var publication) = try MQTTPacket.decode(first: first, body: &header) else { return .continue }
            publication.skippedPayloadBytes = length - variableHeader
            context.fireChannelRead(wrapInboundOut(.publish(publication)))
            bytesToSkip = length - variableHeader
            return .continue
        }
        guard buffer.readableBytes >= headerBytes + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: headerBytes)
        var body = buffer.readSlice(length: length)!
        context.fireChannelRead(wrapInboundOut(try MQTTPacket.decode(first: first, body: &body)))
        return .continue
    }

    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }

    /// The first byte, the remaining length and the fixed header's size, or nil when not all of it has arrived.
    package static func fixedHeader(in buffer: ByteBuffer) throws(MQTTError) -> (first: UInt8, length: Int, headerBytes: Int)? {
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        var length = 0, multiplier = 1
        for position in 1...4 {
            guard let digit = buffer.getInteger(at: buffer.readerIndex + position, as: UInt8.self) else { return nil }
            length += Int(digit & 0x7F) * multiplier
            if digit & 0x80 == 0 { return (first, length, 1 + position) }
            multiplier *= 128
        }
        throw MQTTError("a malformed MQTT remaining length from the broker")
    }
}
