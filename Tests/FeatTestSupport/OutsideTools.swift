import Foundation
import Testing

/// The python the tests run: `FEAT_TEST_PYTHON` when set, else `.venv/bin/python3` at the
/// package root (the README's set-up line makes it), else `python3` on PATH.
public enum Python {
    /// The package root, found from this file's path (Tests/FeatTestSupport/OutsideTools.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The interpreter's path, or nil when there is none to run.
    public static let interpreter: String? = {
        if let chosen = ProcessInfo.processInfo.environment["FEAT_TEST_PYTHON"], !chosen.isEmpty {
            return chosen.contains("/") ? executable(chosen) : Program.path(chosen)
        }
        return executable(packageRoot + "/.venv/bin/python3") ?? Program.path("python3")
    }()

    /// Where the interpreter came from, for skip reasons and failure messages.
    public static var origin: String {
        if let chosen = ProcessInfo.processInfo.environment["FEAT_TEST_PYTHON"], !chosen.isEmpty {
            guard let interpreter else { return "FEAT_TEST_PYTHON=\(chosen), not an executable" }
            return "FEAT_TEST_PYTHON=\(chosen)" + (interpreter == chosen ? "" : ", \(interpreter)")
        }
        return interpreter ?? "no .venv/bin/python3 at the package root and no python3 on PATH"
    }

    /// How to get the modules the tests import, in a python that lets pip install them.
    public static let setUp =
        "run the README's set-up line (python3 -m venv .venv && .venv/bin/pip install jsonschema pyyaml"
        + " pre-commit), or set FEAT_TEST_PYTHON to a python3 that has them"

    // What each set of modules answered: a test plan asks once per test, and python takes 30 ms.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var imports: [String: Bool] = [:]

    /// Whether the interpreter runs and imports every one of `modules` (none: whether it runs).
    public static func canImport(_ modules: [String]) -> Bool {
        guard let interpreter else { return false }
        let key = modules.joined(separator: ",")
        if let known = lock.withLock({ imports[key] }) { return known }
        let statement = modules.isEmpty ? "pass" : "import " + key
        let found = (try? Run.process(interpreter, ["-c", statement], in: packageRoot).status) == 0
        lock.withLock { imports[key] = found }
        return found
    }

    /// Runs a script with the interpreter: `python -c script arguments...`.
    public static func run(_ script: String, _ arguments: [String], in directory: String) throws -> Run.Result {
        guard let interpreter else { throw FixtureError("no python to run: \(origin); \(setUp)") }
        return try Run.process(interpreter, ["-c", script] + arguments, in: directory)
    }

    /// A path, if it names an executable file.
    static func executable(_ path: String) -> String? {
        FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}

/// Programs the tests run, found on PATH.
public enum Program {
    /// The first executable called `name` on PATH, or nil.
    public static func path(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            if let found = Python.executable(folder + "/" + name) { return found }
        }
        return nil
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a test only where the tests' python imports `modules` (none: where there is a
    /// python at all); elsewhere it is skipped with a reason naming them and how to get them.
    public static func needsPython(_ modules: String...) -> Self {
        let what = modules.isEmpty ? "python3" : "python3 with " + modules.joined(separator: ", ")
        return .enabled(
            if: Python.canImport(modules),
            Comment(rawValue: "needs \(what) (tried \(Python.origin)): \(Python.setUp)"))
    }

    /// Runs a test only where `name` is on PATH; elsewhere it is skipped, saying how to install it.
    public static func needsProgram(_ name: String, install: String) -> Self {
        .enabled(if: Program.path(name) != nil, Comment(rawValue: "needs \(name) on PATH; install: \(install)"))
    }
}
