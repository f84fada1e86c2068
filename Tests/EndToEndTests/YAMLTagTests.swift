import FeatTestSupport
import Foundation
import Testing

/// No value may read differently in another YAML reader (SPEC §2): a tag (`!w 7d`, `!!str 10`)
/// makes PyYAML refuse the file or read another type, so feat refuses it with file and line.
@Suite("YAML tags in feature and consumer files are refused")
struct YAMLTagTests {
    static let now = "2026-12-01T00:00:00Z"

    func violations(_ r: Run.Result) -> [[String: Any]] {
        r.json["violations"] as? [[String: Any]] ?? []
    }

    func problems(_ r: Run.Result) -> [[String: Any]] {
        r.json["problems"] as? [[String: Any]] ?? []
    }

    @Test("validate refuses a custom tag on a window with its file and line (FEAT001)")
    func customTagInValidate() throws {
        let repo = try featureRepo()
        let text = featureYAML("a", stage: "candidate")
            .replacingOccurrences(of: "window: 7d", with: "window: !w 7d")
        try repo.write("features/a.yaml", text)
        let r = try feat("validate", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("features/a.yaml:13"), "\(r.stdout)")
        #expect(r.stdout.contains("YAML tag '!w'"), "\(r.stdout)")
        let json = try feat("validate", "--format", "json", in: repo.path)
        let found = problems(json).filter { ($0["message"] as? String ?? "").contains("YAML tag") }
        #expect(found.count == 1, "\(json.stdout)")
        #expect(found.first?["rule"] as? String == "FEAT001")
        #expect(found.first?["line"] as? Int == 13)
        #expect(found.first?["severity"] as? String == "error")
    }

    @Test(
        "a core tag, a tag on a list or a mapping, and a tag in evidence or an x- value are refused",
        arguments: [
            ("!!str", "owner: !!str risk@example.com\n"),
            ("!!set", "tags: !!set {payments: null}\n"),
            ("!!map", "x-notes: !!map {a: b}\n"),
            ("!team", "x-team: !team risk\n"),
        ])
    func everyTagRefused(tag: String, line: String) throws {
        let repo = try featureRepo()
        let text = featureYAML("a", stage: "explore").replacingOccurrences(of: "owner: risk@example.com\n", with: "")
        try repo.write("features/a.yaml", text + line + "evidence:\n  - {note: !!int 10}\n")
        let r = try feat("validate", "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let messages = problems(r).compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("YAML tag '\(tag)'") }, "\(messages)")
        #expect(
            messages.contains { $0.contains("YAML tag '!!int'") }, "evidence is free-form, not untyped: \(messages)")
    }

    @Test("a pull request that tags a value of a production feature fails the check (FEAT001)")
    func tagInPullRequest() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        let tagged = featureYAML("a", stage: "production")
            .replacingOccurrences(of: "window: 7d", with: "window: !w 7d")
        try repo.write("features/a.yaml", tagged)
        try repo.commit("tag the window")
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let tag = violations(r).first { ($0["message"] as? String ?? "").contains("YAML tag '!w'") }
        #expect(tag?["rule"] as? String == "FEAT001", "\(r.stdout)")
        #expect(tag?["path"] as? String == "features/a.yaml")
        #expect(tag?["line"] as? Int == 13)
    }

    @Test("a tag in a consumer file is refused in validate and in the pull request that writes it")
    func tagInConsumer() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: production\nowner: ml@example.com\nreads: [a]\n")
        try repo.commit("a and its consumer", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        try repo.write(
            "consumers/fraud.yaml",
            "consumer: fraud\nkind: model\nstage: !prod production\nowner: ml@example.com\nreads: [a]\n")
        try repo.commit("tag the consumer's stage")
        let v = try feat("validate", "--format", "json", in: repo.path)
        #expect(v.status == 1, "\(v.stdout) \(v.stderr)")
        let problem = problems(v).first { ($0["message"] as? String ?? "").contains("YAML tag '!prod'") }
        #expect(problem?["path"] as? String == "consumers/fraud.yaml", "\(v.stdout)")
        #expect(problem?["line"] as? Int == 3)
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let finding = violations(r).first { ($0["message"] as? String ?? "").contains("YAML tag '!prod'") }
        #expect(finding?["path"] as? String == "consumers/fraud.yaml", "\(r.stdout)")
        #expect(finding?["line"] as? Int == 3)
    }
}
