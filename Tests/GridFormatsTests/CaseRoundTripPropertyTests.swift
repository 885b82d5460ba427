import GridFormats
import GridModel
import PropertyBased
import Testing

/// Values that stress the writer's number formatting: integers, fractions, tiny, huge and negative numbers.
private let specials: [Double] = [0, 1, -1, 0.1, 1.0 / 3, -2.5e-7, 123_456.789, 4.9e-324, 1e300, -0.0, 2e15 + 1, 7e-15]
private let anyNumber = zip(Gen.int(in: 0...(2 * specials.count)), Gen.double(in: -1e6...1e6)).map {
    (pick: Int, plain: Double) -> Double in pick < specials.count ? specials[pick] : plain
}

private let busGenerator = zip(Gen.int(in: 1...5), anyNumber.array(of: 11)).map { (type: Int, v: [Double]) -> Bus in
    Bus(
        id: 0, type: BusType(rawValue: type == 5 ? 1 : type)!, demandMW: v[0], demandMvar: v[1], shuntConductanceMW: v[2],
        shuntSusceptanceMvar: v[3], area: Int(abs(v[4]).truncatingRemainder(dividingBy: 1000)), voltageMagnitudePU: v[5],
        voltageAngleDegrees: v[6], baseKV: v[7], zone: 1, maximumVoltagePU: v[8], minimumVoltagePU: v[9])
}

private let branchGenerator = zip(Gen.int(in: 0...50), Gen.int(in: 0...50), anyNumber.array(of: 12), Gen.bool).map {
    (from: Int, to: Int, v: [Double], inService: Bool) -> Branch in
    Branch(
        fromBus: from + 1, toBus: to + 1, resistancePU: v[0], reactancePU: v[1], chargingSusceptancePU: v[2], rateAMVA: v[3],
        rateBMVA: v[4], rateCMVA: v[5], tapRatio: v[6], phaseShiftDegrees: v[7], inService: inService,
        minimumAngleDifferenceDegrees: v[8], maximumAngleDifferenceDegrees: v[9])
}

private let generatorGenerator = zip(Gen.int(in: 1...51), anyNumber.array(of: 9), Gen.bool).map {
    (bus: Int, v: [Double], inService: Bool) -> GridModel.Generator in
    GridModel.Generator(
        bus: bus, activePowerMW: v[0], reactivePowerMvar: v[1], maximumReactivePowerMvar: v[2], minimumReactivePowerMvar: v[3],
        voltageSetpointPU: v[4], machineBaseMVA: v[5], inService: inService, maximumActivePowerMW: v[6],
        minimumActivePowerMW: v[7])
}

private let gridGenerator = zip(
    busGenerator.array(of: 1...30), branchGenerator.array(of: 0...40), generatorGenerator.array(of: 0...10), anyNumber
).map { (buses: [Bus], branches: [Branch], generators: [GridModel.Generator], base: Double) -> Grid in
    Grid(
        name: "generated", baseMVA: abs(base) + 1,
        buses: buses.enumerated().map { index, bus in
            var numbered = bus
            numbered.id = index * 7 + 1  // unique, not contiguous
            return numbered
        },
        branches: branches, generators: generators)
}

@Suite("MATPOWER writer and reader: property")
struct CaseRoundTripPropertyTests {
    @Test("read(write(grid)) == grid for generated grids, to the last bit")
    func roundTrip() async {
        await propertyCheck(count: 300, input: gridGenerator) { grid in
            let text = MatpowerCaseWriter.text(of: grid)
            let read = try MatpowerCaseReader.parse(Array(text.utf8), file: "generated.m").grid
            #expect(read == grid)
        }
    }
}
