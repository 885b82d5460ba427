import Foundation

/// Writes a command's set of output files into a folder so that nothing else is ever deleted or replaced.
///
/// - A missing folder is created: the files are staged in a temporary folder beside it that is renamed into place,
///   so the folder appears whole or not at all.
/// - An existing folder is used when it is empty, or when it holds an earlier run of GridTwin (``manifestName``, the
///   list of files GridTwin wrote there): only those files are replaced or removed; the user's own files stay. A
///   non-empty folder without a manifest, or one where a new file would replace a file GridTwin did not write, is
///   refused. The new files are staged in a hidden folder inside it and renamed into place only once all are written.
/// - A folder that is an input, or holds one, is refused.
public struct OutputFolder: Sendable {
    /// The file in every output folder that lists what GridTwin wrote there.
    public static let manifestName = "gridtwin-manifest.json"
    static let manifestFormat = "gridtwin-outputs-1"

    public var path: String
    /// The command that writes it (recorded in the manifest).
    public var command: String
    /// Files the command read.
    public var inputs: [String]

    public init(path: String, command: String, inputs: [String]) {
        self.path = path
        self.command = command
        self.inputs = inputs
    }

    /// Checks, before any work, that the folder may receive outputs; throws what ``write(_:)`` would refuse.
    public func check(names: [String]) throws(OutputError) {
        _ = try plan(names: names)
    }

    /// Writes `files` (name → contents) into the folder.
    public func write(_ files: [(name: String, contents: Data)]) throws(OutputError) {
        let names = files.map(\.name)
        let previous = try plan(names: names)
        let manager = FileManager.default
        let folder = URL(fileURLWithPath: path)
        let manifest = OutputManifest(format: Self.manifestFormat, command: command, files: names.sorted())
        let all = files + [(Self.manifestName, manifest.data)]
        if previous == nil {
            // A new folder: staged beside it, renamed into place whole.
            let parent = folder.standardizedFileURL.deletingLastPathComponent()
            do {
                try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: path, message: "cannot create the folder \(parent.path) (\(error.localizedDescription))")
            }
            let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString)")
            try stage(all, in: staging)
            try OutputFile.move(
                staging, over: folder.standardizedFileURL.path, cleaningUp: staging, failure: "cannot move the outputs into place")
            return
        }
        // An existing folder (empty, or an earlier run of ours): staged inside it, then each file renamed over.
        let staging = folder.appendingPathComponent(".gridtwin-partial-\(UUID().uuidString)")
        try stage(all, in: staging)
        for (name, _) in all {
            try OutputFile.move(
                staging.appendingPathComponent(name), over: folder.appendingPathComponent(name).path, cleaningUp: staging,
                failure: "cannot move the output into place")
        }
        try? manager.removeItem(at: staging)
        // Files of the earlier run that this run no longer writes are ours to remove.
        for name in previous ?? [] where !names.contains(name) && name != Self.manifestName {
            let stale = folder.appendingPathComponent(name).path
            if OutputManifest.isRegularFile(stale) { try? manager.removeItem(atPath: stale) }
        }
    }

    /// nil when the folder is to be created; otherwise the files an earlier run wrote there (empty for an empty folder).
    private func plan(names: [String]) throws(OutputError) -> [String]? {
        if let input = PathRelation.input(coveredBy: path, inputs: inputs) {
            throw OutputError(
                path: path, message: "is, or holds, an input of this command (\(input)); choose a new folder for the outputs")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else {
            throw OutputError(path: path, message: "is a file, not a folder; choose a new folder for the outputs")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw OutputError(path: path, message: "cannot list the folder (\(error.localizedDescription))")
        }
        if entries.isEmpty { return [] }
        let manifestPath = (path as NSString).appendingPathComponent(Self.manifestName)
        guard let manifest = OutputManifest.read(manifestPath) else {
            throw OutputError(
                path: path,
                message: "is not empty and holds no \(Self.manifestName), so it is not an earlier output folder of GridTwin; choose a new or empty folder (nothing was written)")
        }
        for name in names where entries.contains(name) && !manifest.files.contains(name) {
            throw OutputError(
                path: (path as NSString).appendingPathComponent(name),
                message: "exists and was not written by GridTwin; move it away or choose a new folder (nothing was written)")
        }
        return manifest.files
    }

    private func stage(_ files: [(name: String, contents: Data)], in staging: URL) throws(OutputError) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, contents) in files {
                try contents.write(to: staging.appendingPathComponent(name), options: .withoutOverwriting)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw OutputError(path: path, message: "cannot write the outputs (\(error.localizedDescription)); nothing was changed")
        }
    }
}
