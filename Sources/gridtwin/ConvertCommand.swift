import ArgumentParser
import GridFormats
import OutputFiles

/// `gridtwin convert IN.m OUT.m`: read a case and write it back as a clean MATPOWER file.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Read a MATPOWER case and write it as a MATPOWER version 2 file that MATPOWER reads back unchanged."
    )

    @Argument(help: "The case to read (.m).")
    var input: String

    @Argument(help: "The file to write (.m).")
    var output: String

    func run() throws {
        let loaded = try CaseLoading.load(input)
        do {
            try OutputFile.write(MatpowerCaseWriter.text(of: loaded.grid), to: output, kind: .matpowerCase, inputs: [input])
        } catch {
            throw CommandError(error.description)
        }
        print("wrote \(output): \(loaded.grid.buses.count) buses, \(loaded.grid.branches.count) branches, \(loaded.grid.generators.count) generators")
    }
}
