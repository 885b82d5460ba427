import GridFormats
import PowerFlow
import Foundation
let path = CommandLine.arguments[1]
do {
  let c = try MatpowerCase.load(contentsOf: path)
  let r = try ACPowerFlow.solve(c.grid)
  print(r.converged, r.outcome.iterations, r.outcome.maximumMismatchPU, r.solution.lossesMW)
  let ref = try String(contentsOfFile: CommandLine.arguments[2], encoding: .utf8).split(separator: "\n").dropFirst()
  var dvm = 0.0, dva = 0.0
  let vm = r.solution.magnitudesPU, va = r.solution.anglesDegrees
  for (i, line) in ref.enumerated() { let f = line.split(separator: ","); dvm = max(dvm, abs(Double(f[1])! - vm[i])); dva = max(dva, abs(Double(f[2])! - va[i])) }
  print("dvm", dvm, "dva", dva, r.timing.total*1000)
} catch { print("ERR", error) }
