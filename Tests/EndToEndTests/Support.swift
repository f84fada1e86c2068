import FeatTestSupport
import Foundation
import Testing

/// A fixture with `feat init` done by hand and a first commit.
func featureRepo(prefix: String = "") throws -> GitFixture {
    let repo = try GitFixture()
    let base = prefix.isEmpty ? "" : prefix + "/"
    try repo.write(base + ".featurerepo/config.yaml", "version: 1\nfeatures: [features]\n")
    return repo
}

extension Run.Result {
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    /// stdout parsed as JSON. Output that is not a JSON object is recorded as a test failure, so
    /// an assertion that something is absent cannot pass because feat printed nothing or an error.
    var json: [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] else {
            Issue.record("stdout is not a JSON object (exit \(status)): \(stdout.prefix(300)) \(stderr.prefix(300))")
            return [:]
        }
        return object
    }
}

func feat(_ args: String..., in dir: String, env: [String: String] = [:]) throws -> Run.Result {
    if args.first == "history" || args.first == "log", env["FEAT_NO_INDEX"] == nil, !args.contains("--no-index") {
        return try historyEveryWay(args, in: dir, env: env)
    }
    return try FeatBinary.run(args, in: dir, env: env)
}

/// Runs `feat history` without the history index, then twice with it (the first run may write
/// it, the second reads it), and records a failure unless all three answer byte for byte alike:
/// every history assertion also proves that the index never changes an answer.
func historyEveryWay(_ args: [String], in dir: String, env: [String: String] = [:]) throws -> Run.Result {
    var plain = env
    plain["FEAT_NO_INDEX"] = "1"
    let reference = try FeatBinary.run(args, in: dir, env: plain)
    let first = try FeatBinary.run(args, in: dir, env: env)
    let second = try FeatBinary.run(args, in: dir, env: env)
    for (name, run) in [("the run that writes the index", first), ("the run that reads it", second)] {
        #expect(run.status == reference.status, "\(name): exit \(run.status), without the index \(reference.status)")
        #expect(run.stdout == reference.stdout, "\(name) answers otherwise than without the index: \(args)")
        if env["FEAT_PROFILE"] == nil {
            #expect(run.stderr == reference.stderr, "\(name): stderr differs: \(run.stderr) vs \(reference.stderr)")
        }
    }
    return second
}

/// The history of one feature from `feat history --format json`.
func transitions(_ result: Run.Result, _ name: String, version: Int = 1) -> [[String: Any]] {
    let features = result.json["features"] as? [[String: Any]] ?? []
    let f = features.first { ($0["feature"] as? String) == name && ($0["version"] as? Int) == version }
    return f?["transitions"] as? [[String: Any]] ?? []
}

/// The log entries of one feature from `feat log --format json`, newest first.
func entries(_ result: Run.Result, _ name: String, version: Int = 1) -> [[String: Any]] {
    let features = result.json["features"] as? [[String: Any]] ?? []
    let f = features.first { ($0["feature"] as? String) == name && ($0["version"] as? Int) == version }
    return f?["entries"] as? [[String: Any]] ?? []
}

func stages(_ t: [[String: Any]]) -> [String] {
    t.map { "\(($0["from"] as? String) ?? "null")→\(($0["to"] as? String) ?? "null")" }
}
