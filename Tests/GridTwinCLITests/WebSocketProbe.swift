import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal WebSocket client for tests (RFC 6455 over a blocking loopback socket): upgrades, then reads the server's
/// text frames (unmasked, as servers send them).
final class WebSocketProbe {
    private let socketDescriptor: Int32
    private var buffer: [UInt8] = []

    struct Failure: Error { var message: String }

    /// Connects to ws://127.0.0.1:`port``path` (reads time out after 10 s), sending `token` as a bearer token.
    init(port: Int, path: String, token: String? = nil) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure(message: "socket") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(message: "connect") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + (token.map { "Authorization: Bearer \($0)\r\n" } ?? "") + "\r\n"
        try send(Array(request.utf8))
        // The response head, up to the blank line.
        while !String(decoding: buffer, as: UTF8.self).contains("\r\n\r\n") { try fill() }
        let text = String(decoding: buffer, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 101") else { throw Failure(message: "no upgrade: \(text.prefix(200))") }
        let headEnd = text.utf8.count - (text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n").utf8.count)
        buffer.removeFirst(headEnd)
    }

    deinit { close(socketDescriptor) }

    /// Sends one text message (masked, as clients must).
    func sendText(_ text: String) throws {
        let payload = Array(text.utf8), mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65_536 {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        frame += mask
        frame += payload.enumerated().map { $1 ^ mask[$0 % 4] }
        try send(frame)
    }

    /// The next text message's payload.
    func nextText() throws -> String {
        while true {
            let (opcode, payload) = try nextFrame()
            if opcode == 1 { return String(decoding: payload, as: UTF8.self) }
            if opcode == 8 { throw Failure(message: "closed by the server") }
        }
    }

    private func nextFrame() throws -> (UInt8, [UInt8]) {
        try need(2)
        let opcode = buffer[0] & 0x0F
        var length = Int(buffer[1] & 0x7F), header = 2
        if length == 126 {
            try need(4)
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            header = 4
        } else if length == 127 {
            try need(10)
            length = (2..<10).reduce(0) { $0 << 8 | Int(buffer[$1]) }
            header = 10
        }
        guard length < 64 << 20 else { throw Failure(message: "frame of \(length) bytes") }
        try need(header + length)
        let payload = Array(buffer[header..<(header + length)])
        buffer.removeFirst(header + length)
        return (opcode, payload)
    }

    private func need(_ count: Int) throws { while buffer.count < count { try fill() } }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = recv(socketDescriptor, &chunk, chunk.count, 0)
        guard n > 0 else { throw Failure(message: "read failed or timed out") }
        buffer += chunk[0..<n]
    }

    private func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { Glibc.send(socketDescriptor, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(message: "write failed") }
            sent += n
        }
    }
}
