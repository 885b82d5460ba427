extension Fixtures {
    /// The text of a small MATPOWER case (version 2, baseMVA 100) with these bus, gen and branch rows, and gencost
    /// rows when given: grids written by hand inside tests.
    public static func caseText(bus: String, gen: String, branch: String, gencost: String? = nil) -> String {
        var text = """
            function mpc = small
            mpc.version = '2';
            mpc.baseMVA = 100;
            mpc.bus = [
            \(bus)
            ];
            mpc.gen = [
            \(gen)
            ];
            mpc.branch = [
            \(branch)
            ];
            """
        if let gencost { text += "\nmpc.gencost = [\n\(gencost)\n];" }
        return text
    }
}
