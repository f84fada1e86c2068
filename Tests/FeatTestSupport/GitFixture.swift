import Foundation

/// A real git repository in a temporary folder, built with the git CLI and fixed dates,
/// so commit ids and histories are the same on every run.
public final class GitFixture: @unchecked Sendable {
    /// The working directory (or the git dir of a bare repository).
    public let path: String
    /// The current fake clock: each commit advances it unless a date is given.
    public var clock: Date

    public init(bare: Bool = false, start: String = "2026-01-05T10:00:00Z") throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feat-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.resolvingSymlinksInPath().path
        clock = try Self.date(start)
        try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
    }

    /// Wraps an existing folder (a clone or worktree made by another fixture).
    public init(existing: String) {
        path = existing
        clock = Date(timeIntervalSince1970: 1_767_607_200)  // 2026-01-05T10:00:00Z
    }

    /// An ISO 8601 date-time of a fixture, or an error naming it.
    static func date(_ text: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw FixtureError("fixture date '\(text)' is not ISO 8601 (2026-01-05T10:00:00Z)")
        }
        return date
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Environment for reproducible commits.
    public func environment(date: Date? = nil, author: String = "Ana Lopez", email: String = "ana@example.com")
        -> [String: String]
    {
        let stamp = ISO8601DateFormatter().string(from: date ?? clock)
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_NAME"] = author
        env["GIT_AUTHOR_EMAIL"] = email
        env["GIT_COMMITTER_NAME"] = author
        env["GIT_COMMITTER_EMAIL"] = email
        env["GIT_AUTHOR_DATE"] = stamp
        env["GIT_COMMITTER_DATE"] = stamp
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["HOME"] = path + "/.fixture-home"
        env["NO_COLOR"] = "1"
        return env
    }

    /// Runs git in the repository and returns its stdout; throws with stderr on failure.
    @discardableResult
    public func git(_ arguments: [String], env: [String: String]? = nil, in directory: String? = nil) throws -> String {
        let result = try Run.process(
            "/usr/bin/env", ["git"] + arguments, in: directory ?? path, env: env ?? environment())
        guard result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout
    }

    /// Writes a file (creating folders), relative to the working directory.
    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    public func write(_ relative: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    public func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relative)
    }

    /// Stages everything and commits at the fake clock, then advances it by `advance`.
    /// Returns the new commit id.
    @discardableResult
    public func commit(
        _ message: String, date: String? = nil, author: String = "Ana Lopez",
        email: String = "ana@example.com", advance: TimeInterval = 86_400
    ) throws -> String {
        if let date { clock = try Self.date(date) }
        try git(["add", "-A"])
        try git(["commit", "-q", "--allow-empty", "-m", message], env: environment(author: author, email: email))
        clock = clock.addingTimeInterval(advance)
        return try head()
    }

    public func head(_ rev: String = "HEAD") throws -> String {
        try git(["rev-parse", rev]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Runs a process and collects its output.
public enum Run {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static func process(
        _ executable: String, _ arguments: [String], in directory: String,
        env: [String: String]? = nil, input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let env { process.environment = env }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// The `feat` binary built beside the tests.
public enum FeatBinary {
    public static var path: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("feat").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        // Walk up from this file to the package and look in .build/debug.
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent(); let p = dir.appendingPathComponent(".build/debug/feat").path;
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return beside
    }

    /// Runs feat in a directory with NO_COLOR and a fixed HOME.
    public static func run(_ arguments: [String], in directory: String, env extra: [String: String] = [:]) throws
        -> Run.Result
    {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in extra { env[k] = v }
        return try Run.process(path, arguments, in: directory, env: env)
    }
}
