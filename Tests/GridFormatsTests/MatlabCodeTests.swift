import GridFormats
import GridModel
import TestFixtures
import Testing

/// Case files that compute their data with MATLAB code after (or inside) the matrices, as MATPOWER's distribution
/// cases do (impedances in ohms, loads in kW, power factors, expressions such as 135/sqrt(3)).
@Suite("MATLAB code in case files")
struct MatlabCodeTests {
    @Test("case33bw: impedances converted from ohms and loads from kW")
    func unitConversion() throws {
        let grid = try Fixtures.grid("case33bw")
        // Branch 1-2: r = 0.0922 Ω, x = 0.0470 Ω at 12.66 kV, 10 MVA base → Z_base = 16.027 Ω.
        let zBase = 12.66e3 * 12.66e3 / 10e6
        #expect(abs(grid.branches[0].resistancePU - 0.0922 / zBase) < 1e-15)
        #expect(abs(grid.branches[0].reactancePU - 0.0470 / zBase) < 1e-15)
        #expect(abs(grid.buses[1].demandMW - 0.1) < 1e-15)  // 100 kW
    }

    @Test("case141: a power factor variable and sin(acos(pf))")
    func functionsAndVariables() throws {
        let parsed = try MatpowerCase.load(contentsOf: Fixtures.casePath("case141"))
        let bus = parsed.grid.buses.first { $0.demandMW > 0 }!
        #expect(abs(bus.demandMvar / bus.demandMW - (1 - 0.85 * 0.85).squareRoot() / 0.85) < 1e-12)
        #expect(!parsed.warnings.contains { $0.contains("statement") })
    }

    @Test("case533mt_hi: expressions inside matrix rows and in baseMVA")
    func expressionsInRows() throws {
        let grid = try Fixtures.grid("case533mt_hi")
        #expect(abs(grid.baseMVA - 50.0 / 3) < 1e-15)
        #expect(abs(grid.buses[0].baseKV - 135 / 3.0.squareRoot()) < 1e-12)
    }

    @Test("an update that cannot be evaluated names the line")
    func badExpression() throws {
        let text = """
            mpc.baseMVA = 100;
            mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9];
            mpc.bus(:, PD) = mpc.bus(:, PD) * unknown_thing;
            """
        #expect(throws: CaseFileError(file: "t.m", line: 3, message: "cannot evaluate the update of mpc.bus: unknown name 'unknown_thing'")) {
            try MatpowerCaseReader.parse(Array(text.utf8), file: "t.m")
        }
    }
}

@Suite("MATLAB control blocks in case files")
struct MatlabBlockTests {
    @Test("an if … end block is skipped with a warning, nested blocks included; helper variables that cannot be computed are skipped")
    func skippedBlocks() throws {
        let text = """
            function mpc = blocks(fixed)
            mpc.baseMVA = 100;
            mpc.bus = [1 3 0 0 0 0 1 1 0 230 1 1.1 0.9; 2 1 50 10 0 0 1 1 0 230 1 1.1 0.9];
            mpc.gen = [1 0 0 300 -300 1.02 100 1 250 10];
            mpc.branch = [1 2 0.01 0.1 0.02 250 250 250 0 0 1];
            if fixed
                k = find(isinf(mpc.gen(:, QMIN)) & ...
                         isinf(mpc.gen(:, QMAX)));
                for i = 1:3
                    mpc.gen(k, PMIN) = 7;
                end
                mpc.bus(:, PD) = 0;
            end
            n = numel(mpc.bus);
            mpc.bus(2, QD) = 12;
            """
        let parsed = try MatpowerCaseReader.parse(Array(text.utf8), file: "blocks.m")
        #expect(parsed.grid.buses[1].demandMW == 50)   // the block did not run
        #expect(parsed.grid.buses[1].demandMvar == 12)  // code after it did
        #expect(parsed.warnings.contains { $0.contains("6-13: skipped an 'if … end' block") })
        #expect(parsed.warnings.contains { $0.contains("skipped n = …") })
    }
}
