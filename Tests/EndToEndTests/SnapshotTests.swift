// Output snapshots: what feat prints, kept as files so that a change in output is a reviewed diff.
//
// Each scenario runs the real `feat` binary on the repository `feat demo` builds (fixed dates,
// authors and commit ids on every run), with `--now 2026-03-10T12:00:00Z` wherever a command
// reads the clock, and compares its stdout byte for byte with Tests/Snapshots/<scenario>.<ext>:
// one file per scenario and format (text .txt, json .json, markdown .md, mermaid .mmd,
// github .github.txt, sarif .sarif.json, junit .junit.xml). The demo's folder is written as
// <demo> before comparing. The exit code is part of each scenario and stderr must be empty.
//
// When an output changes on purpose, re-record and review the files' diff before committing:
//
//     FEAT_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
//
// Recording rewrites every snapshot whose run exited as expected with nothing on stderr, and
// deletes snapshot files no scenario produces. Without the variable a missing file fails the
// test (saying how to record it), and a mismatch fails with the first differing lines.

import FeatTestSupport
import Foundation
import Testing

/// One command run on the demo repository, in one format.
struct SnapshotScenario: Sendable, CustomTestStringConvertible {
    /// The file name without its extension, e.g. `check-window-30d`.
    var name: String
    /// feat's arguments, `--format` excluded.
    var arguments: [String]
    var format: String
    /// The exit code feat must return.
    var exit: Int32

    var fileName: String { name + "." + SnapshotScenario.extensions[format, default: format] }
    var command: [String] { arguments + ["--format", format] }
    var testDescription: String { "\(fileName): feat \(command.joined(separator: " "))" }

    static let extensions = [
        "text": "txt", "json": "json", "markdown": "md", "mermaid": "mmd",
        "github": "github.txt", "sarif": "sarif.json", "junit": "junit.xml",
    ]

    /// The time `feat demo` judges at: dwell days and time-in-stage stay the same on every run.
    static let now = "2026-03-10T12:00:00Z"

    static func each(_ name: String, _ arguments: [String], formats: [String], exit: Int32 = 0)
        -> [SnapshotScenario]
    {
        formats.map { SnapshotScenario(name: name, arguments: arguments, format: $0, exit: exit) }
    }

    static let all: [SnapshotScenario] = {
        let checkFormats = ["text", "json", "markdown", "github", "sarif", "junit"]
        let reportFormats = ["text", "json", "markdown"]
        var all: [SnapshotScenario] = []
        // The demo's two pull requests fail check (exit 1); main's last commit on its own passes.
        let checks: [(String, String, String, Int32)] = [
            ("window-30d", "main", "pr/window-30d", 1),
            ("embedding-to-production", "main", "pr/embedding-to-production", 1),
            ("passing", "main~1", "main", 0),
        ]
        for (slug, base, head, exit) in checks {
            all += each(
                "check-" + slug, ["check", "--base", base, "--head", head, "--now", now],
                formats: checkFormats, exit: exit)
        }
        all += each("history", ["history", "--now", now], formats: ["text", "json", "markdown", "mermaid"])
        all += each(
            "history-velocity-at-window-30d",
            ["history", "user_txn_count_7d", "--rev", "pr/window-30d", "--now", now], formats: ["text"])
        all += each("list", ["list"], formats: reportFormats)
        all += each("list-at-2026-02-05", ["list", "--at", "2026-02-05"], formats: ["text"])
        all += each("show-velocity", ["show", "user_txn_count_7d"], formats: reportFormats)
        all += each(
            "show-channel-at-window-30d", ["show", "order_channel", "--at", "pr/window-30d"], formats: ["text"])
        for branch in ["window-30d", "embedding-to-production"] {
            all += each("diff-" + branch, ["diff", "main...pr/" + branch], formats: reportFormats)
        }
        return all
    }()
}

/// Where the snapshot files live, and how they are compared and recorded.
enum Snapshots {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    static let variable = "FEAT_RECORD_SNAPSHOTS"
    static let recordCommand = "\(variable)=1 swift test --filter SnapshotTests"

    static var recording: Bool {
        let value = ProcessInfo.processInfo.environment[variable] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Builds the demo repository in a new temporary folder and returns its path.
    static func demo() throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("feat-snapshot-\(UUID().uuidString)").path
        let built = try run(["demo", dir], in: FileManager.default.temporaryDirectory.path)
        guard built.status == 0 else {
            throw FixtureError("feat demo exited \(built.status): \(built.stderr)")
        }
        return dir
    }

    /// Runs feat with NO_COLOR, and without the variables that add profiling lines to stderr.
    static func run(_ arguments: [String], in directory: String) throws -> Run.Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["FEAT_PROFILE"] = nil
        return try Run.process(FeatBinary.path, arguments, in: directory, env: env)
    }

    /// The output with the demo's folder (as given and with symlinks resolved) written as `<demo>`.
    static func normalise(_ text: String, demo: String) -> String {
        let resolved = URL(fileURLWithPath: demo).resolvingSymlinksInPath().path
        var out = text
        for path in Set([demo, resolved]).sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: path, with: "<demo>")
        }
        return out
    }

    /// A unified-style excerpt around the first lines where `expected` and `actual` differ:
    /// three lines of context, then up to `limit` lines from each side.
    static func firstDifference(expected: String, actual: String, name: String, limit: Int = 12) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var start = 0
        while start < old.count && start < new.count && old[start] == new[start] { start += 1 }
        var oldEnd = old.count
        var newEnd = new.count
        while oldEnd > start && newEnd > start && old[oldEnd - 1] == new[newEnd - 1] {
            oldEnd -= 1
            newEnd -= 1
        }
        let context = max(0, start - 3)
        var lines = [
            "--- Tests/Snapshots/\(name) (recorded)", "+++ feat's output now",
            "@@ -\(context + 1),\(oldEnd - context) +\(context + 1),\(newEnd - context) @@",
        ]
        lines += old[context..<start].map { " " + $0 }
        lines += old[start..<min(oldEnd, start + limit)].map { "-" + $0 }
        if oldEnd - start > limit { lines.append("-… \(oldEnd - start - limit) more lines") }
        lines += new[start..<min(newEnd, start + limit)].map { "+" + $0 }
        if newEnd - start > limit { lines.append("+… \(newEnd - start - limit) more lines") }
        return lines.joined(separator: "\n")
    }
}

@Suite("output snapshots")
struct SnapshotTests {
    @Test("feat prints, byte for byte, the recorded output for the demo repository", arguments: SnapshotScenario.all)
    func matchesSnapshot(_ scenario: SnapshotScenario) throws {
        let demo = try Snapshots.demo()
        defer { try? FileManager.default.removeItem(atPath: demo) }
        let result = try Snapshots.run(scenario.command, in: demo)
        let actual = Snapshots.normalise(result.stdout, demo: demo)
        let ranAsExpected = result.status == scenario.exit && result.stderr.isEmpty && !actual.isEmpty
        #expect(result.status == scenario.exit, "feat \(scenario.command.joined(separator: " ")): \(result.stderr)")
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        #expect(!actual.isEmpty, "feat printed nothing")

        let file = Snapshots.folder.appendingPathComponent(scenario.fileName)
        let recorded = try? String(contentsOf: file, encoding: .utf8)
        if Snapshots.recording {
            guard ranAsExpected else {
                Issue.record("not recording \(scenario.fileName): the run did not exit as the scenario expects")
                return
            }
            if recorded != actual {
                try FileManager.default.createDirectory(at: Snapshots.folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: file)
            }
            return
        }
        guard let recorded else {
            Issue.record(
                "no snapshot Tests/Snapshots/\(scenario.fileName); record it with \(Snapshots.recordCommand)")
            return
        }
        // Issue.record rather than #expect(==): the excerpt says more than two whole files.
        if recorded != actual {
            Issue.record(
                """
                output differs from Tests/Snapshots/\(scenario.fileName) \
                (if the change is intended: \(Snapshots.recordCommand), then review the diff)
                \(Snapshots.firstDifference(expected: recorded, actual: actual, name: scenario.fileName))
                """)
        }
    }

    @Test("every format of check, history, list, show and diff has a snapshot")
    func everyFormatCovered() {
        let offered: [String: Set<String>] = [
            "check": ["text", "json", "markdown", "github", "sarif", "junit"],
            "history": ["text", "json", "markdown", "mermaid"],
            "list": ["text", "json", "markdown"], "show": ["text", "json", "markdown"],
            "diff": ["text", "json", "markdown"],
        ]
        for (command, formats) in offered {
            let covered = Set(SnapshotScenario.all.filter { $0.arguments.first == command }.map(\.format))
            #expect(covered == formats, "\(command)")
        }
    }

    @Test("every file in Tests/Snapshots belongs to a scenario, and scenarios have distinct files")
    func noStrayFiles() throws {
        let names = SnapshotScenario.all.map(\.fileName)
        #expect(Set(names).count == names.count)
        let present = try FileManager.default.contentsOfDirectory(atPath: Snapshots.folder.path)
            .filter { !$0.hasPrefix(".") }
        let stray = Set(present).subtracting(names).sorted()
        if Snapshots.recording {
            for name in stray {
                try FileManager.default.removeItem(at: Snapshots.folder.appendingPathComponent(name))
            }
            return
        }
        #expect(stray.isEmpty, "no scenario produces \(stray); delete them or run \(Snapshots.recordCommand)")
    }

    @Test("feat demo builds the same commits on every run, so snapshots can name them")
    func demoIsDeterministic() throws {
        let first = try Snapshots.demo()
        defer { try? FileManager.default.removeItem(atPath: first) }
        let second = try Snapshots.demo()
        defer { try? FileManager.default.removeItem(atPath: second) }
        let refs = ["git", "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"]
        let a = try Run.process("/usr/bin/env", refs, in: first)
        let b = try Run.process("/usr/bin/env", refs, in: second)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(a.stdout.split(separator: "\n").count == 4, "main, two pull requests, a topic branch: \(a.stdout)")
        #expect(a.stdout == b.stdout)
    }

    @Test("a mismatch shows the first differing lines with their context, unified style")
    func differenceExcerpt() {
        let expected = "a\nb\nc\nd\ne\nf\n"
        let actual = "a\nb\nc\nd\nE\nf\n"
        let excerpt = Snapshots.firstDifference(expected: expected, actual: actual, name: "x.txt")
        #expect(
            excerpt == """
                --- Tests/Snapshots/x.txt (recorded)
                +++ feat's output now
                @@ -2,4 +2,4 @@
                 b
                 c
                 d
                -e
                +E
                """)
    }
}
