import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `gridtwin serve` child process on a free loopback port, for tests: started, asked over HTTP, killed.
final class ServerProcess {
    let process = Process()
    private(set) var port = 0
    private let errors = Pipe()
    /// Standard error read so far.
    private(set) var log = ""

    /// Starts `gridtwin serve ARGUMENTS --listen 127.0.0.1:0` and waits (at most 60 s) for its "listening on" line.
    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["serve"] + arguments + ["--listen", "127.0.0.1:0"]
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while port == 0 && Date() < deadline && process.isRunning {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.05); continue }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: "listening on 127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
        }
        log = text
        guard port > 0 else {
            if process.isRunning { process.terminate() }
            throw ServerFailure(message: "the server did not start: \(text)")
        }
    }

    struct ServerFailure: Error { var message: String }

    /// Reads standard error until it holds `text` (true) or `seconds` pass (false).
    func waitForLog(_ text: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        let reader = errors.fileHandleForReading
        let descriptor = reader.fileDescriptor
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(descriptor, F_SETFL, flags) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !log.contains(text) {
            guard Date() < deadline else { return false }
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { log += String(decoding: buffer[0..<count], as: UTF8.self) } else { Thread.sleep(forTimeInterval: 0.02) }
        }
        return true
    }

    /// One request; returns the status and the body.
    func request(_ method: String, _ path: String, body: Data? = nil, token: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// `kill -9`: no chance to flush or close anything.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM; the exit status and everything the server wrote to standard error.
    func stopReadingLog() -> (status: Int32, log: String) {
        let status = stop()
        let rest = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (status, log + rest)
    }

    /// SIGTERM, and the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { killHard() } }
}
