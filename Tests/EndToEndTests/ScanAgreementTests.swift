import FeatTestSupport
import Foundation
import Testing

/// History reads stages with a fast line scan; list, diff and validate with the full parser.
/// They must tell the same story about every file (issue 12, found by fuzzing), and a
/// hostile file must be refused quickly, never hang.
@Suite("history, list, diff and validate agree on what a file says")
struct ScanAgreementTests {
    /// The features history shows, as "name@version stage".
    func historyFeatures(_ r: Run.Result) -> [String] {
        let features = r.json["features"] as? [[String: Any]] ?? []
        return features.map { f in
            "\(f["feature"] as? String ?? "?")@\(f["version"] as? Int ?? 0) \(f["stage"] as? String ?? "removed")"
        }.sorted()
    }

    /// The features list shows, in the same shape.
    func listFeatures(_ r: Run.Result) -> [String] {
        let features = r.json["features"] as? [[String: Any]] ?? []
        return features.map { f in
            "\(f["feature"] as? String ?? "?")@\(f["version"] as? Int ?? 0) \(f["stage"] as? String ?? "?")"
        }.sorted()
    }

    static let disagreements: [(String, String, String)] = [
        (
            "an indented root whose quoted value hides column-0 keys",
            " feature: f\n stage: explore\n x: \"\nfeature: g\nstage: production\n#\"\n",
            "f@1 explore"
        ),
        (
            "a nested quoted value that hides a version line",
            "feature: f\nstage: explore\nsource:\n  table: \"a\nversion: 2\n#\"\n",
            "f@1 explore"
        ),
        (
            "a nested single-quoted value that hides a stage line",
            "feature: f\nstage: explore\nsource:\n  table: 'a\nstage: production\n'\n",
            "f@1 explore"
        ),
    ]

    @Test(
        "a quoted value continued at column 0 fools neither history nor list nor diff",
        arguments: disagreements.map(\.0))
    func quotedContinuation(label: String) throws {
        let (_, text, expected) = try #require(Self.disagreements.first { $0.0 == label })
        let repo = try featureRepo()
        try repo.write("features/f.yaml", featureYAML("f", stage: "explore"))
        let base = try repo.commit("plain")
        try repo.write("features/f.yaml", text)
        try repo.commit("tricky")

        let h = try feat("history", "--format", "json", in: repo.path)
        #expect(h.status == 0, "\(h.stderr)")
        #expect(historyFeatures(h) == [expected], "\(h.stdout)")
        #expect(stages(transitions(h, "f")) == ["null→explore"])

        let l = try feat("list", "--format", "json", in: repo.path)
        #expect(l.status == 0, "\(l.stderr)")
        #expect(listFeatures(l) == [expected])

        let d = try feat("diff", base, "HEAD", "--format", "json", in: repo.path)
        #expect(d.status == 0, "\(d.stderr)")
        let changed = d.json["features"] as? [[String: Any]] ?? []
        #expect(changed.map { $0["feature"] as? String } == ["f"])
        #expect(changed.first?["status"] as? String == "modified")
        #expect(changed.first?["version"] as? Int == 1)
    }

    /// Files the parser refuses (or reads without a stage): history must not record a stage
    /// from them. Each comes between an `explore` and a `candidate` commit.
    static let refused: [(String, String, String)] = [
        ("a stage spelt null", "feature: f\nstage: null\n", "missing 'stage'"),
        ("a name spelt null", "feature: null\nstage: shadow\n", "missing 'feature'"),
        (
            "an unclosed flow on an indented line", "feature: f\nstage: shadow\nx-a:\n  [\n",
            ":5: error: did not find expected node content"
        ),
        ("an unknown alias", "feature: f\nstage: shadow\nx-a: *nope\n", "unknown alias *nope"),
        (
            "a nested duplicate key", "feature: f\nstage: shadow\nsource:\n  table: a\n  table: b\n",
            "duplicate key 'table'"
        ),
        (
            "nesting beyond the limit",
            "feature: f\nstage: shadow\nx-a:\n" + (1..<70).map { String(repeating: "  ", count: $0) + "-\n" }.joined(),
            "nested deeper than 64 levels"
        ),
        (
            "an indented first line", "  feature: f\nstage: shadow\n",
            ":2: error: did not find expected <document start>"
        ),
    ]

    @Test("history records no stage from a file that list and validate call unreadable", arguments: refused.map(\.0))
    func refusedFile(label: String) throws {
        let (_, text, message) = try #require(Self.refused.first { $0.0 == label })
        let repo = try featureRepo()
        try repo.write("features/f.yaml", featureYAML("f", stage: "explore"))
        try repo.commit("explore")
        try repo.write("features/f.yaml", text)
        let broken = try repo.commit("broken")

        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1)
        let problems = v.lines.filter { $0.hasPrefix("features/f.yaml") }
        #expect(problems.count == 1 && problems.first?.contains(message) == true, "\(v.stdout)")
        let l = try feat("list", "--format", "json", in: repo.path)
        #expect(listFeatures(l).isEmpty, "\(l.stdout)")

        try repo.write("features/f.yaml", featureYAML("f", stage: "candidate"))
        try repo.commit("candidate")
        let h = try feat("history", "--format", "json", in: repo.path)
        #expect(h.status == 0, "\(h.stderr)")
        #expect(stages(transitions(h, "f")) == ["null→explore", "explore→candidate"], "\(h.stdout)")
        #expect(historyFeatures(h) == ["f@1 candidate"])
        let warnings = h.json["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.count == 1)
        #expect(warnings.first?["commit"] as? String == broken)
    }

    /// `tags: [&a <N × "a">, *a, *a, …]`: each alias repeats the whole string.
    static func aliasedString(length: Int, aliases: Int) -> String {
        "feature: f\nstage: explore\ntags: [&a " + String(repeating: "a", count: length) + ", "
            + Array(repeating: "*a", count: aliases).joined(separator: ", ") + "]\n"
    }

    // Before the text of an alias counted, these took 30 s (130 KB) and minutes (1 MiB):
    // a test run would time out.
    @Test(
        "a long string aliased ten thousand times is refused at once by validate and history",
        arguments: [
            100_000, 960_000,
        ])
    func aliasedLongString(length: Int) throws {
        let text = Self.aliasedString(length: length, aliases: 10_000)
        #expect(text.utf8.count < 1 << 20)
        let repo = try featureRepo()
        try repo.write("features/f.yaml", featureYAML("f", stage: "explore"))
        try repo.commit("explore")
        try repo.write("features/f.yaml", text)
        let broken = try repo.commit("aliases")

        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1)
        let problems = v.lines.filter { $0.hasPrefix("features/f.yaml") }
        #expect(problems.count == 1, "\(v.stdout.prefix(500))")
        #expect(problems.first?.contains("expands to more than 100000 nodes") == true)

        let h = try feat("history", "--format", "json", in: repo.path)
        #expect(h.status == 0, "\(h.stderr)")
        #expect(stages(transitions(h, "f")) == ["null→explore"])
        let warnings = h.json["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.first?["commit"] as? String == broken)
        #expect((warnings.first?["message"] as? String)?.contains("expands to more than") == true)
    }

    // Before, history's scan checked each key against every earlier one (3.5–7.8 s) and
    // then recorded a stage from a file the parser refuses.
    @Test("a file of 120,000 top-level keys: history is quick and agrees with validate")
    func manyTopLevelKeys() throws {
        var text = "feature: f\nstage: shadow\n"
        for i in 0..<120_000 { text += String(i, radix: 36) + ": 1\n" }
        #expect(text.utf8.count > 800_000 && text.utf8.count < 1 << 20)
        let repo = try featureRepo()
        try repo.write("features/f.yaml", featureYAML("f", stage: "explore"))
        try repo.commit("explore")
        try repo.write("features/f.yaml", text)
        let broken = try repo.commit("many keys")

        let v = try feat("validate", in: repo.path)
        #expect(v.status == 1)
        #expect(v.lines.filter { $0.hasPrefix("features/f.yaml") }.count == 1, "\(v.stdout.prefix(500))")

        let h = try feat("history", "--format", "json", in: repo.path)
        #expect(h.status == 0, "\(h.stderr)")
        #expect(stages(transitions(h, "f")) == ["null→explore"])
        #expect((h.json["warnings"] as? [[String: Any]])?.first?["commit"] as? String == broken)
        let l = try feat("list", "--format", "json", in: repo.path)
        #expect(listFeatures(l).isEmpty)
    }
}
