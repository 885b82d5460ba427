import Foundation

/// Writes one output file so that it cannot destroy anything: through a temporary file beside the target renamed
/// into place (a failure leaves what was there), never onto an input, and over an existing file only when that file
/// is an earlier output of the same kind (``OutputKind/isOwn(_:)``).
public enum OutputFile {
    /// Writes `text` to `path`. `inputs` are the files the command read: the output may be none of them.
    public static func write(_ text: String, to path: String, kind: OutputKind, inputs: [String] = []) throws(OutputError) {
        try write(Data(text.utf8), to: path, kind: kind, inputs: inputs)
    }

    /// Writes `data` to `path` (see ``write(_:to:kind:inputs:)-(String,_,_,_)``).
    public static func write(_ data: Data, to path: String, kind: OutputKind, inputs: [String] = []) throws(OutputError) {
        if let input = PathRelation.input(coveredBy: path, inputs: inputs) {
            throw OutputError(path: path, message: "is an input of this command (\(input)); choose another output path")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw OutputError(path: path, message: "is a folder; give a file path for the \(kind.name)")
            }
            guard let existing = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped),
                kind.isOwn(existing)
            else {
                throw OutputError(
                    path: path,
                    message: "exists and is not a \(kind.name) written by GridTwin; GridTwin replaces only its own outputs (choose another path, or remove the file yourself)")
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: path, message: "cannot create the folder \(directory) (\(error.localizedDescription))")
            }
        }
        try replace(path, with: data)
    }

    /// Creates `path` with `data`, readable and writable by its owner only (a secret): written beside it first, then
    /// linked into place, which fails rather than replace anything already at `path`.
    public static func createPrivate(_ path: String, with data: Data) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw OutputError(path: path, message: "cannot write (\(String(cString: strerror(errno))))")
        }
        defer { unlink(temporary.path) }
        guard link(temporary.path, path) == 0 else {
            let reason = errno == EEXIST ? "it exists; GridTwin does not replace it" : String(cString: strerror(errno))
            throw OutputError(path: path, message: "cannot create (\(reason))")
        }
    }

    /// Writes `data` to a new temporary file beside `path` and renames it onto `path`.
    package static func replace(_ path: String, with data: Data) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, message: "cannot write (\(error.localizedDescription))")
        }
        try move(temporary, over: path, cleaningUp: temporary, failure: "cannot write")
    }

    /// Renames `source` onto `target` (atomic, replacing it); on failure removes `cleanUp` (the staged file or folder)
    /// and throws `failure` with the system's reason.
    package static func move(_ source: URL, over target: String, cleaningUp cleanUp: URL, failure: String)
        throws(OutputError)
    {
        guard rename(source.path, target) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: cleanUp)
            throw OutputError(path: target, message: "\(failure) (\(reason))")
        }
    }
}
