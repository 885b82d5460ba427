import Foundation

/// A PostgreSQL server of a test's own (Debian's `postgresql` binaries): a new cluster made by `initdb` in a temporary
/// folder, listening on a free loopback port with trust authentication for user `gridtwin`, stopped and its folder
/// removed when released. As root (CI), initdb and the server run as the `postgres` user through `setpriv`.
public final class PostgresServer {
    public let port: Int
    private let folder: String
    private let binaries: String
    private let server = Process()

    /// Starts the server (at most 60 s); throws when PostgreSQL is not installed or does not start.
    public init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }).first(where: {
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
        }) else { throw Failure("PostgreSQL is not installed (apt-get install postgresql)") }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        folder = NSTemporaryDirectory() + "gridtwin-postgres-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = try LoopbackPort.free()
        if getuid() == 0, let owner = getpwnam("postgres") {
            chown(folder, owner.pointee.pw_uid, owner.pointee.pw_gid)
        }
        let initdb = Process()
        configure(initdb, binaries + "/initdb", ["-D", folder + "/data", "-U", "gridtwin", "--auth=trust", "-E", "UTF8", "--no-sync"])
        initdb.standardOutput = FileHandle.nullDevice
        initdb.standardError = FileHandle.nullDevice
        try initdb.run()
        initdb.waitUntilExit()
        guard initdb.terminationStatus == 0 else { throw Failure("initdb failed (\(initdb.terminationStatus))") }
        configure(server, binaries + "/postgres", [
            "-D", folder + "/data", "-p", "\(port)", "-k", folder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on",
        ])
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        for _ in 0..<600 {
            if LoopbackPort.accepts(port) { return }
            guard server.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw Failure("PostgreSQL did not start on port \(port)")
    }

    deinit { stop() }

    /// `postgres://gridtwin@127.0.0.1:PORT/DATABASE`, after creating the database (empty).
    public func url(database: String) throws -> String {
        try sql("CREATE DATABASE \(database)")
        return "postgres://gridtwin@127.0.0.1:\(port)/\(database)"
    }

    /// Runs `statement` with psql in `database`; throws when it fails.
    public func sql(_ statement: String, database: String = "postgres") throws {
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: binaries + "/psql")
        psql.arguments = ["-h", "127.0.0.1", "-p", "\(port)", "-U", "gridtwin", "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement]
        psql.standardOutput = FileHandle.nullDevice
        psql.standardError = FileHandle.nullDevice
        try psql.run()
        psql.waitUntilExit()
        guard psql.terminationStatus == 0 else { throw Failure("psql: '\(statement)' failed") }
    }

    /// The first column of `query`'s rows, as psql prints them.
    public func rows(_ query: String, database: String) throws -> [String] {
        let psql = Process(), output = Pipe()
        psql.executableURL = URL(fileURLWithPath: binaries + "/psql")
        psql.arguments = ["-h", "127.0.0.1", "-p", "\(port)", "-U", "gridtwin", "-d", database, "-At", "-c", query]
        psql.standardOutput = output
        psql.standardError = FileHandle.nullDevice
        try psql.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        psql.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Fast shutdown (SIGINT), then the folder goes.
    private func stop() {
        if server.isRunning {
            kill(server.processIdentifier, SIGINT)
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)  // the folder this helper created
    }

    /// `executable` with `arguments`, as the `postgres` user when this process is root (PostgreSQL refuses root).
    private func configure(_ process: Process, _ executable: String, _ arguments: [String]) {
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
