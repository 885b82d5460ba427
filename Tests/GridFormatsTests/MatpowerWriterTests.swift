import Foundation
import GridFormats
import GridModel
import TestFixtures
import Testing

@Suite("MATPOWER writer")
struct MatpowerWriterTests {
    @Test("a written case reads back unchanged", arguments: Fixtures.caseNames + ["case33bw", "case533mt_hi"])
    func roundTrip(name: String) throws {
        let grid = try Fixtures.grid(name)
        let text = MatpowerCaseWriter.text(of: grid)
        let back = try MatpowerCaseReader.parse(Array(text.utf8), file: "written.m")
        #expect(back.grid == grid)
        #expect(back.warnings.isEmpty, "\(back.warnings.prefix(3))")
    }

    @Test("infinite limits and quotes in bus names survive")
    func specialValues() throws {
        var grid = try Fixtures.grid("case9")
        grid.generators[0].maximumReactivePowerMvar = .infinity
        grid.generators[0].minimumReactivePowerMvar = -.infinity
        grid.busNames = (1...9).map { "bus '\($0)'" }
        grid.buses[3].demandMW = 0.1 + 0.2  // not exactly representable in short decimal
        let back = try MatpowerCaseReader.parse(Array(MatpowerCaseWriter.text(of: grid).utf8), file: "w.m")
        #expect(back.grid == grid)
    }
}
