import Foundation
import GridFormats
import GridModel
import TestFixtures
import Testing

private func parse(_ text: String) throws(CaseFileError) -> MatpowerCase {
    try MatpowerCaseReader.parse(Array(text.utf8), file: "test.m")
}

/// A small valid case; `bus`, `gen` and `branch` rows can be replaced.
private func caseText(
    bus: String = """
        1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;
        2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;
        """,
    gen: String = "1 0 0 300 -300 1.02 100 1 250 10;",
    branch: String = "1 2 0.01 0.1 0.02 250 250 250 0 0 1;"
) -> String {
    Fixtures.caseText(bus: bus, gen: gen, branch: branch)
}

@Suite("MATPOWER reader: real cases")
struct MatpowerRealCaseTests {
    @Test("reads every shared case with the right table sizes", arguments: Fixtures.caseNames)
    func readsCase(name: String) throws {
        let parsed = try MatpowerCase.load(contentsOf: Fixtures.casePath(name))
        let text = try String(contentsOfFile: Fixtures.casePath(name), encoding: .utf8)
        #expect(parsed.grid.name == name)
        #expect(parsed.grid.baseMVA == 100)
        // Rows counted independently: lines between "mpc.bus = [" and "];" that hold data.
        func rows(_ field: String) -> Int {
            guard let start = text.range(of: "mpc.\(field) = [") else { return 0 }
            let body = text[start.upperBound...].prefix { $0 != "]" }
            return body.split(whereSeparator: \.isNewline).filter {
                let t = $0.trimmingCharacters(in: .whitespaces)
                return !t.isEmpty && !t.hasPrefix("%")
            }.count
        }
        #expect(parsed.grid.buses.count == rows("bus"))
        #expect(parsed.grid.generators.count == rows("gen"))
        #expect(parsed.grid.branches.count == rows("branch"))
        #expect(parsed.busLines.count == parsed.grid.buses.count)
    }

    @Test("reads case_ACTIVSg200's bus names and generator costs, and warns about gentype and genfuel")
    func namesAndCosts() throws {
        let parsed = try MatpowerCase.load(contentsOf: Fixtures.casePath("case_ACTIVSg200"))
        #expect(parsed.grid.busNames.count == 200)
        #expect(parsed.grid.generatorCosts.count == parsed.grid.generators.count)
        #expect(parsed.warnings.contains { $0.contains("mpc.gentype") })
        #expect(parsed.warnings.contains { $0.contains("mpc.genfuel") })
    }

    @Test("parses a 20 MB case in well under a second (release) — here: finishes and counts right")
    func largeFile() throws {
        // 9241pegase repeated into ~20 MB of rows; the debug-build time is not asserted (timing belongs to benchmarks).
        let text = try String(contentsOfFile: Fixtures.casePath("case9241pegase"), encoding: .utf8)
        let start = text.range(of: "mpc.bus = [")!.upperBound
        let end = text.range(of: "];", range: start..<text.endIndex)!.lowerBound
        let busRows = String(text[start..<end])
        var big = "mpc.baseMVA = 100;\nmpc.bus = [\n"
        for _ in 0..<20 { big += busRows }
        big += "];\n"
        let parsed = try MatpowerCaseReader.parse(Array(big.utf8), file: "big.m")
        #expect(parsed.grid.buses.count == 20 * 9241)
        #expect(big.utf8.count > 10_000_000)
    }
}

@Suite("MATPOWER reader: syntax")
struct MatpowerSyntaxTests {
    @Test("comments anywhere, continuations, commas, any number notation, no trailing semicolons")
    func syntaxVariants() throws {
        let text = """
            function mpc = variants % trailing comment
            %% header comment
            mpc.version = '2';
            mpc.baseMVA = 1e2;
            mpc.bus = [ % comment after the bracket
                1, 3, 0, 0, 0, 0, 1, 1.0, 0, 230, 1, 1.1, 0.9 % comment in a row
                2	1	5.0E1	1e+1	0	0	1	1	-0.	230	1 ...
                    1.1	.9;
                3 1 +25 .5e1 0 0 1 1 0 230 1 1.1 0.9; 4 1 0 0 0 0 1 1 0 230 1 1.1 0.9
            ];
            mpc.gen = [1 0 0 Inf -Inf 1.02 100 1 250 10];
            mpc.branch = [
                1 2 0.01 0.1 0.02 250 250 250 0 0 1;
                2 3 0.01 0.1 0.02 0 0 0 0.98 -3 1 -360 360;
                3 4 0.01 0.1 0.02 0 0 0 0 0 0 -360 360;
            ];
            mpc.bus_name = { 'one'; 'two'; 'it''s three'; "four" };
            """
        // The branch matrix mixes 11 and 13 columns: MATLAB rejects that, so do we — fix it first.
        let fixed = text.replacingOccurrences(of: "0.01 0.1 0.02 250 250 250 0 0 1;", with: "0.01 0.1 0.02 250 250 250 0 0 1 -360 360;")
        let parsed = try parse(fixed)
        let grid = parsed.grid
        #expect(grid.name == "variants")
        #expect(grid.baseMVA == 100)
        #expect(grid.buses.count == 4)
        #expect(grid.buses[1].demandMW == 50 && grid.buses[1].demandMvar == 10 && grid.buses[1].minimumVoltagePU == 0.9)
        #expect(grid.buses[2].demandMW == 25 && grid.buses[2].demandMvar == 5)
        #expect(parsed.busLines == [6, 7, 9, 9])
        #expect(grid.generators[0].maximumReactivePowerMvar == .infinity)
        #expect(grid.branches[1].tapRatio == 0.98 && grid.branches[1].phaseShiftDegrees == -3)
        #expect(!grid.branches[2].inService)
        #expect(grid.busNames == ["one", "two", "it's three", "four"])
        #expect(throws: CaseFileError.self) { try parse(text) }
    }

    @Test("optional trailing columns may be present (OPF results) or absent (version 1 style)")
    func optionalColumns() throws {
        let long = caseText(
            bus: "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9 0 0 0 0;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9 0 0 0 0;",
            gen: "1 0 0 300 -300 1.02 100 1 250 10 0 0 0 0 0 0 5 50 150 0 0.3 0 0 0 0;",
            branch: "1 2 0.01 0.1 0.02 250 250 250 0 0 1 -30 30 1 2 3 4 0 0 0 0;")
        let grid = try parse(long).grid
        #expect(grid.generators[0].participationFactor == 0.3)
        #expect(grid.generators[0].rampRates == [5, 50, 150, 0])
        #expect(grid.branches[0].maximumAngleDifferenceDegrees == 30)
        let short = try parse(caseText()).grid
        #expect(short.generators[0].participationFactor == nil)
        #expect(short.branches[0].minimumAngleDifferenceDegrees == -360)
    }

    @Test("unknown fields and code are skipped with a warning")
    func unknownFields() throws {
        let text = caseText() + "\nmpc.areas = [1 1];\nmpc.custom = 'x';\nmpc.branch(1, 3) = 0.02;\nfor k = 1:3\nend\n"
        let parsed = try parse(text)
        #expect(parsed.grid.branches[0].resistancePU == 0.02)  // a value update is evaluated
        #expect(parsed.warnings.contains { $0.contains("mpc.areas") })
        #expect(parsed.warnings.contains { $0.contains("mpc.custom") })
        #expect(parsed.warnings.contains { $0.contains("block") })
    }
}

@Suite("MATPOWER reader: bad input")
struct MatpowerBadInputTests {
    private func error(_ text: String) -> CaseFileError? {
        do {
            let parsed = try parse(text)
            if let problem = parsed.grid.problems().first { return parsed.fileError(for: problem) }
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing file names the file")
    func missingFile() {
        #expect(throws: CaseFileError(file: "/nonexistent/case.m", message: "no such file")) {
            try MatpowerCase.load(contentsOf: "/nonexistent/case.m")
        }
    }

    @Test("a malformed number names the line and the token")
    func malformedNumber() throws {
        let e = try #require(error(caseText(branch: "1 2 0.01 0.1x 0.02 250 250 250 0 0 1;")))
        #expect(e.line == 12)
        #expect(e.message.contains("0.1x"))
    }

    @Test("a row with the wrong number of columns names the line")
    func wrongColumnCount() throws {
        let e = try #require(error(caseText(bus: "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1;")))
        #expect(e.line == 6)
        #expect(e.message.contains("12 columns"))
        let few = try #require(error(caseText(gen: "1 0 0 300 -300 1.02 100 1;")))
        #expect(few.message.contains("at least 10"))
    }

    @Test("a branch or generator at a bus that does not exist names the line and field")
    func unknownBus() throws {
        let e = try #require(error(caseText(branch: "1 7 0.01 0.1 0.02 250 250 250 0 0 1;")))
        #expect(e.line == 12)
        #expect(e.message.contains("T_BUS") && e.message.contains("bus 7 does not exist"))
        let g = try #require(error(caseText(gen: "9 0 0 300 -300 1.02 100 1 250 10;")))
        #expect(g.line == 9 && g.message.contains("GEN_BUS"))
    }

    @Test("duplicate bus numbers name the second one")
    func duplicateBus() throws {
        let e = try #require(error(caseText(bus: "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n1 1 50 10 0 0 1 1 0 230 1 1.1 0.9;")))
        #expect(e.line == 6 && e.message.contains("already used"))
    }

    @Test("no slack bus is an error")
    func noSlack() throws {
        let e = try #require(error(caseText(bus: "1 2 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2 1 50 10 0 0 1 1 0 230 1 1.1 0.9;")))
        #expect(e.message.contains("slack"))
    }

    @Test("NaN and Inf where a finite value is needed")
    func nonFinite() throws {
        let nan = try #require(error(caseText(bus: "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2 1 NaN 10 0 0 1 1 0 230 1 1.1 0.9;")))
        #expect(nan.line == 6 && nan.message.contains("PD is NaN"))
        let inf = try #require(error(caseText(branch: "1 2 0.01 Inf 0.02 250 250 250 0 0 1;")))
        #expect(inf.line == 12 && inf.message.contains("BR_X"))
    }

    @Test("a zero-impedance branch is an error")
    func zeroImpedance() throws {
        let e = try #require(error(caseText(branch: "1 2 0 0 0.02 250 250 250 0 0 1;")))
        #expect(e.line == 12 && e.message.contains("zero impedance"))
    }

    @Test("an empty grid, a missing bus matrix, a missing baseMVA")
    func emptyGrid() throws {
        #expect(error("mpc.baseMVA = 100;\nmpc.bus = [];\n")?.message.contains("no buses") == true)
        #expect(error("mpc.baseMVA = 100;\n")?.message.contains("no mpc.bus") == true)
        #expect(error("mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9];")?.message.contains("baseMVA") == true)
        #expect(error("")?.message != nil)
    }

    @Test("an unclosed matrix and an unterminated string name the line where they open")
    func unclosed() throws {
        let e = try #require(error("mpc.baseMVA = 100;\nmpc.bus = [\n1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n"))
        #expect(e.line == 2 && e.message.contains("never closed"))
        let s = try #require(error("mpc.version = '2;\nmpc.baseMVA = 100;"))
        #expect(s.line == 1)
    }

    @Test("a bad bus type and a non-integer bus number")
    func badTypes() throws {
        let type = try #require(error(caseText(bus: "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2 7 50 10 0 0 1 1 0 230 1 1.1 0.9;")))
        #expect(type.line == 6 && type.message.contains("BUS_TYPE"))
        let id = try #require(error(caseText(bus: "1 3 0 0 0 0 1 1 0 230 1 1.1 0.9;\n2.5 1 50 10 0 0 1 1 0 230 1 1.1 0.9;")))
        #expect(id.line == 6 && id.message.contains("BUS_I"))
    }

    @Test("binary garbage is an error, not a crash or a hang")
    func garbage() {
        var bytes = [UInt8]()
        var state: UInt32 = 12345
        for _ in 0..<20000 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let result = Result { try MatpowerCaseReader.parse(bytes, file: "garbage.m") }
        if case .success(let parsed) = result { #expect(!parsed.grid.problems().isEmpty) }
    }
}

@Suite("MATPOWER reader: numbers")
struct MatpowerNumberTests {
    @Test("every number reads back to the same double as Swift's own parser (fast path and strtod)")
    func numbersAreExact() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var texts: [String] = []
        for i in 0..<20_000 {
            let digits = String(next() % 10_000_000_000_000_000)
            let point = Int(next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if i % 3 == 0 { text += "e\(Int(next() % 60) - 30)" }
            if i % 2 == 0 { text = "-" + text }
            if i % 7 == 0 { text = String(Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF)) }
            texts.append(text)
        }
        texts += ["0", "-0", "0.1", "1e22", "1e23", "9007199254740993", "123456789012345678901", "4.9e-324", "1.7976931348623157e308", ".5", "5."]
        var body = "mpc.baseMVA = 100;\nmpc.bus = [\n"
        for chunk in stride(from: 0, to: texts.count, by: 13) {
            let row = texts[chunk..<min(chunk + 13, texts.count)]
            guard row.count == 13 else { continue }
            body += row.joined(separator: " ") + ";\n"
        }
        body += "];\n"
        // Types and ids are not checked by parse (only by validation), so raw rows read as they are.
        let scanned = try MatpowerCaseReader.parseRows(Array(body.utf8), field: "bus")
        let expected = texts.prefix(scanned.count * 13).map { Double($0)! }
        let actual = scanned.flatMap { $0 }
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
            #expect(a.bitPattern == e.bitPattern || (a == 0 && e == 0), "\(a) vs \(e)")
        }
    }
}

@Suite("MATPOWER reader: robustness")
struct MatpowerFuzzTests {
    @Test("randomly damaged case files give an error or a grid, never a crash or a hang")
    func damagedFiles() throws {
        let original = Array(try String(contentsOfFile: Fixtures.casePath("case14"), encoding: .utf8).utf8)
        let alphabet = Array("0123456789.-+eE;,[]{}%' \n\tNaInf()/*^:".utf8)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 1_000_000_007)
        }
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + next() % 6) {
                let position = next() % bytes.count
                switch next() % 3 {
                case 0: bytes[position] = alphabet[next() % alphabet.count]
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet[next() % alphabet.count], at: position)
                }
            }
            if let parsed = try? MatpowerCaseReader.parse(bytes, file: "damaged.m") {
                _ = parsed.grid.problems()
            }
        }
    }
}
