import Foundation
import GridFormats
import GridModel
import Testing

/// A two-bus case whose tables and extra statements can be replaced.
private func hostileCase(
    baseMVA: String = "100",
    bus: String = "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;",
    branch: String = "1 2 0.01 0.1 0.02 250 250 250 0 0 1;",
    after: String = ""
) -> String {
    """
    function mpc = hostile
    mpc.baseMVA = \(baseMVA);
    mpc.bus = [
    \(bus)
    ];
    mpc.gen = [
    1 0 0 300 -300 1.02 100 1 250 10;
    ];
    mpc.branch = [
    \(branch)
    ];
    \(after)
    """
}

/// The error of reading and validating `text`, or nil when it reads.
private func failure(_ text: String) -> CaseFileError? {
    let parsed: MatpowerCase
    do {
        parsed = try MatpowerCaseReader.parse(Array(text.utf8), file: "hostile.m")
    } catch {
        return error
    }
    return parsed.grid.problems().first.map(parsed.fileError(for:))
}

@Suite("Hostile case files: one-line errors, never a crash")
struct HostileCaseTests {
    @Test("a ragged matrix is refused at its row, before any read or update of it")
    func raggedMatrix() throws {
        for statement in ["x = mpc.bus(2, 13);", "mpc.bus(2, 13) = 5;", "mpc.bus(:, 13) = mpc.bus(:, 12);"] {
            let error = try #require(failure(hostileCase(bus: "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2 1 50 10;", after: statement)))
            #expect(error.line == 5, "\(error)")
            #expect(error.description.contains("columns"))
        }
    }

    @Test("deep nesting in the arithmetic is an error, not a stack overflow", arguments: [
        String(repeating: "(", count: 15_000) + "1" + String(repeating: ")", count: 15_000),
        String(repeating: "sqrt(", count: 15_000) + "4" + String(repeating: ")", count: 15_000),
        String(repeating: "-", count: 64_000) + "1",
        "[" + String(repeating: "[", count: 20_000) + "1",
    ])
    func deepNesting(expression: String) throws {
        let error = try #require(failure(hostileCase(after: "mpc.bus(2, 3) = \(expression);")))
        #expect(error.description.contains("nested") || error.description.contains("evaluate"), "\(error.description.prefix(200))")
    }

    @Test("integers from the file are bounded before any arithmetic", arguments: [
        ("1e14 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;", "BUS_I"),
        ("1 3 0 0 0 0 9.3e18 1 0 230 1 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;", "BUS_AREA"),
        ("1 3 0 0 0 0 1 1 0 230 -9223372036854775808 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;", "ZONE"),
    ])
    func boundedIntegers(bus: String, field: String) throws {
        let error = try #require(failure(hostileCase(bus: bus)))
        #expect(error.description.contains(field), "\(error)")
    }

    @Test("a gencost NCOST of 2^62 is an error naming the row")
    func hugeCostCount() throws {
        let text = hostileCase() + "\nmpc.gencost = [\n2 0 0 4611686018427387904 0.1 10 0;\n];\n"
        let error = try #require(failure(text))
        #expect(error.description.contains("NCOST"))
        #expect(error.line == 15)
    }

    @Test("values that are not numbers or are absurd are refused, naming the field", arguments: [
        (hostileCase(branch: "1 2 0.01 0.1 0.02 Inf 250 250 0 0 1;"), "RATE_A"),
        (hostileCase(branch: "1 2 0.01 0.1 0.02 -Inf 250 250 0 0 1;"), "RATE_A"),
        (hostileCase(branch: "1 2 0.01 0.1 0.02 -5 250 250 0 0 1;"), "RATE_A"),
        (hostileCase(branch: "1 2 NaN 0.1 0.02 250 250 250 0 0 1;"), "NaN"),
        (hostileCase(baseMVA: "1e200"), "baseMVA"),
        (hostileCase(baseMVA: "Inf"), "baseMVA"),
        (hostileCase(baseMVA: "1e-320"), "baseMVA"),
        (hostileCase(bus: "1 3 1e300 0 0 0 1 1 0 230 1 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;"), "PD"),
        (hostileCase(bus: "1 3 0 0 0 0 1 -1 0 230 1 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;"), "VM"),
        (hostileCase(branch: ""), "no branches"),
    ])
    func meaninglessValues(text: String, field: String) throws {
        let error = try #require(failure(text))
        #expect(error.description.contains(field), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("infinite generator limits stay allowed, as MATPOWER's public cases use them")
    func infiniteLimits() {
        let text = hostileCase().replacingOccurrences(of: "1 0 0 300 -300 1.02", with: "1 0 0 Inf -Inf 1.02")
        #expect(failure(text) == nil)
    }

    @Test("a file above the size limit is refused before it is read")
    func oversizedFile() throws {
        let path = NSTemporaryDirectory() + "gridtwin-big-\(UUID().uuidString).m"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(MatpowerCaseReader.maximumFileBytes + 1))  // sparse: no disk used
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try MatpowerCase.load(contentsOf: path)
        } throws: { error in
            "\(error)".contains("MiB")
        }
    }
}
