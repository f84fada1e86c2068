import FeatTestSupport
import Foundation
import Testing

/// A finding's line is in the pull request's own file, not in the merge judged in memory
/// (SPEC §5): a base tip that moved lines of the same file must not move the annotation.
@Suite("Findings point at the head's lines, or say the line is the base tip's")
struct CheckLineTests {
    static let now = "2026-12-01T00:00:00Z"

    func violations(_ r: Run.Result) -> [[String: Any]] { r.json["violations"] as? [[String: Any]] ?? [] }

    /// The 1-based line of the first line of `text` that starts with `prefix`.
    func line(startingWith prefix: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
    }

    /// main: `a` in production; a `pr` branch widens its window in place while main puts five
    /// comment lines above everything.
    func windowWidenedBelowBaseComments() throws -> (repo: GitFixture, head: String) {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        let comments = (1...5).map { "# note \($0)\n" }.joined()
        try repo.write("features/a.yaml", comments + featureYAML("a", stage: "production"))
        try repo.commit("main: a header for a.yaml", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        let head = featureYAML("a", stage: "production", window: "30d")
        try repo.write("features/a.yaml", head)
        try repo.commit("widen a's window", date: "2026-02-02T10:00:00Z")
        return (repo, head)
    }

    @Test("a frozen feature changed below lines the base tip added: FEAT006 at the head's line of the window")
    func headLineInJSONAndAnnotations() throws {
        let (repo, head) = try windowWidenedBelowBaseComments()
        let window = try #require(line(startingWith: "aggregation:", in: head))
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(r.json["base"] as? String != r.json["merge_base"] as? String, "the merge is judged")
        let finding = try #require(violations(r).first { $0["rule"] as? String == "FEAT006" }, "\(r.stdout)")
        #expect(finding["line"] as? Int == window, "\(finding)")
        #expect(finding["line_at"] == nil, "\(finding)")
        let github = try feat("check", "--base", "main", "--now", Self.now, "--format", "github", in: repo.path)
        let annotation = try #require(
            github.stdout.split(separator: "\n").first { $0.contains("title=FEAT006") }, "\(github.stdout)")
        #expect(annotation.contains("file=features/a.yaml,line=\(window),"), "\(annotation)")
        let text = try feat("check", "--base", "main", "--now", Self.now, in: repo.path)
        #expect(text.stdout.contains("features/a.yaml:\(window): error[FEAT006]"), "\(text.stdout)")
    }

    @Test("a finding in a file the head does not have is at the base tip's line, and says so")
    func fileOnlyOnTheBaseSide() throws {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "explore"))
        try repo.commit("start", date: "2026-01-05T10:00:00Z")
        try repo.git(["branch", "pr"])
        let base = "# the ads team's\n# first feature\n" + featureYAML("ctr", stage: "production")
        try repo.write("teams/ads/features/ctr.yaml", base)
        try repo.commit("main: the ads team's folder, not read yet", date: "2026-02-01T10:00:00Z")
        try repo.git(["checkout", "-q", "pr"])
        try repo.write(".featurerepo/config.yaml", "version: 1\nfeatures: [features, teams/ads/features]\n")
        try repo.commit("adopt the ads team's folder", date: "2026-02-02T10:00:00Z")
        let stage = try #require(line(startingWith: "stage:", in: base))

        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        let finding = try #require(
            violations(r).first {
                $0["rule"] as? String == "FEAT004" && $0["path"] as? String == "teams/ads/features/ctr.yaml"
            },
            "\(r.stdout)")
        #expect(finding["line"] as? Int == stage, "\(finding)")
        #expect(finding["line_at"] as? String == "base", "\(finding)")
        // A finding that has no line says nothing of where its line is.
        for v in violations(r) where v["line"] is NSNull { #expect(v["line_at"] == nil, "\(v)") }

        let github = try feat("check", "--base", "main", "--now", Self.now, "--format", "github", in: repo.path)
        let annotation = try #require(
            github.stdout.split(separator: "\n").first { $0.contains("title=FEAT004") }, "\(github.stdout)")
        #expect(!annotation.contains("line="), "a base tip's line would land elsewhere in the head: \(annotation)")
        #expect(annotation.contains("line \(stage) of the file at the base tip"), "\(annotation)")
        let text = try feat("check", "--base", "main", "--now", Self.now, in: repo.path)
        #expect(text.stdout.contains("ctr.yaml:\(stage) (at the base tip)"), "\(text.stdout)")
        let sarif = try feat("check", "--base", "main", "--now", Self.now, "--format", "sarif", in: repo.path)
        let results = ((sarif.json["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let result = try #require(results.first { $0["ruleId"] as? String == "FEAT004" }, "\(sarif.stdout)")
        #expect((result["properties"] as? [String: Any])?["baseLine"] as? Int == stage, "\(result)")
        #expect(!"\(result)".contains("startLine"), "\(result)")
    }

    @Test("a branch that contains the base tip keeps the lines it was judged at")
    func noMergeNoMove() throws {
        let (repo, _) = try windowWidenedBelowBaseComments()
        try repo.git(["merge", "-q", "--no-edit", "main"])
        let merged = try String(contentsOfFile: repo.path + "/features/a.yaml", encoding: .utf8)
        let window = try #require(line(startingWith: "aggregation:", in: merged))
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "json", in: repo.path)
        let finding = try #require(violations(r).first { $0["rule"] as? String == "FEAT006" }, "\(r.stdout)")
        #expect(finding["line"] as? Int == window && window > 5, "\(finding)")
    }
}
