import Foundation
import TestFixtures
import Testing
import TwinServer

/// Headless Chromium's DOM of `url` once `ready` holds of it: the stream's first message can arrive after Chromium's
/// virtual time has run out, so a page load is tried up to five times.
private func renderedDOM(_ url: String, until ready: (String) -> Bool) throws -> String {
    var dom = ""
    for _ in 0..<5 {
        dom = try renderedDOM(url)
        if ready(dom) { break }
    }
    return dom
}

/// Headless Chromium (Debian's `chromium`) loading a page and printing its DOM once its scripts have run.
private func renderedDOM(_ url: String) throws -> String {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let chromium else {
        Issue.record("headless Chromium is needed: apt-get install -y chromium")
        return ""
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium)
    process.arguments = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + NSTemporaryDirectory() + "gridtwin-chromium-" + UUID().uuidString,
        "--virtual-time-budget=5000", "--dump-dom", url,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// The `<circle …>` tag of a bus in a dumped DOM, as attributes.
private func circle(bus id: Int, in dom: String) -> [String: String] {
    guard let range = dom.range(of: "data-bus=\"\(id)\"") else { return [:] }
    let start = dom[..<range.lowerBound].range(of: "<circle", options: .backwards)!.lowerBound
    let end = dom[range.upperBound...].firstIndex(of: ">")!
    let tag = String(dom[start..<end])
    var attributes: [String: String] = [:]
    let pattern = try! NSRegularExpression(pattern: #"([a-z-]+)="([^"]*)""#)
    for match in pattern.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
        attributes[String(tag[Range(match.range(at: 1), in: tag)!])] = String(tag[Range(match.range(at: 2), in: tag)!])
    }
    return attributes
}

/// case14's exact "full" set, each value moved by `shift`·σ·sin(i + 1) (a fixed, noise-like pattern), as a JSON frame.
private func frame(time: Double, shift: Double) throws -> Data {
    let text = try String(contentsOfFile: Fixtures.path("se/case14-full-0.csv"), encoding: .utf8)
    let samples = text.split(whereSeparator: \.isNewline).dropFirst().enumerated().map { i, line -> String in
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        let side = f[2].isEmpty ? "" : ", \"side\": \"\(f[2])\""
        let value = Double(f[3])! + shift * Double(f[4])! * sin(Double(i + 1))
        return "{\"sensor\": {\"kind\": \"\(f[0])\", \"element\": \(f[1])\(side)}, \"value\": \(value), \"sigma\": \(f[4]), \"time\": \(time)}"
    }
    return Data("{\"samples\": [\(samples.joined(separator: ", "))]}".utf8)
}

@Suite("The live page in headless Chromium", .serialized)
struct LivePageTests {
    @Test("the page draws every bus and branch, coloured from the stream; the drawing changes when the data does")
    func drawingFollowsTheData() async throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let token = "test-token-0123456789abcdef"
        try TestTokens.write([(token, "tester", [.admin])], in: folder)
        let server = try ServerProcess([Fixtures.casePath("case14"), "--tokens", folder + "/tokens"])
        func post(_ body: Data) async throws -> Double {
            #expect(try await server.request("POST", "/v1/measurements", body: body, token: token).0 == 202)
            for _ in 0..<100 {
                let (status, data) = try await server.request("GET", "/v1/state")
                if status == 200, let state = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                   let buses = state["buses"] as? [[String: Any]], !buses.isEmpty, state["frames"] != nil,
                   let vm = buses[7]["vm_pu"] as? Double, state["measured_at"] as? Double == (try JSONSerialization.jsonObject(with: body) as? [String: Any]).flatMap({ ($0["samples"] as? [[String: Any]])?.first?["time"] as? Double }) {
                    return vm
                }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            Issue.record("no estimate")
            return .nan
        }
        let first = try await post(try frame(time: 100, shift: 0))
        let url = "http://127.0.0.1:\(server.port)/"
        let dom = try renderedDOM(url, until: { circle(bus: 8, in: $0)["data-vm"] != nil })
        #expect(dom.components(separatedBy: "<circle").count - 1 == 14, "one circle per bus")
        #expect(dom.components(separatedBy: "<line").count - 1 == 20, "one line per branch")
        #expect(dom.contains("data-updates=\"1\""), "one stream message applied")
        // Bus 8 at 1.09 p.u. (MATPOWER's case14): its colour is the scale's at 1.09, and its value is on hover.
        let bus8 = circle(bus: 8, in: dom)
        #expect(bus8["data-vm"] == String(format: "%.6f", first) && abs(first - 1.09) < 1e-8)
        #expect(bus8["fill"] == "rgb(202,62,44)", "\(bus8)")  // 0.9 of the way from green (40,170,80) to red (220,50,40)
        #expect(dom.contains("bus 8: 1.0900 p.u."))
        #expect(dom.contains("voltage: bus 8 at 1.09"), "the alarm strip lists case14's own high voltages")
        // A second, different frame: the drawing follows.
        let second = try await post(try frame(time: 200, shift: 1))
        #expect(abs(second - first) > 1e-5)
        let expected = String(format: "%.6f", second)
        let redrawn = circle(bus: 8, in: try renderedDOM(url, until: { circle(bus: 8, in: $0)["data-vm"] == expected }))
        #expect(redrawn["data-vm"] == String(format: "%.6f", second) && redrawn["data-vm"] != bus8["data-vm"])
        #expect(server.stop() == 0)
    }
}
