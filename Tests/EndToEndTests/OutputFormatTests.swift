import FeatTestSupport
import Foundation
import Testing

@Suite("Formats and arguments of the everyday commands")
struct OutputFormatTests {
    @Test("validate PATH checks only that file, names it, and refuses a path outside the repository")
    func validatePaths() throws {
        let repo = try featureRepo()
        try repo.write("features/good.yaml", featureYAML("good", stage: "explore"))
        try repo.write("features/sub/bad.yaml", "feature: bad\nstage: explore\nownr: x\n")
        let good = try feat("validate", "good.yaml", in: repo.path + "/features")
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains("1 file checked"))
        let bad = try feat("validate", "features/sub/bad.yaml", in: repo.path)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("features/sub/bad.yaml:3: error: unknown field 'ownr'"))
        let outside = try feat("validate", "/etc/hostname", in: repo.path)
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("outside the feature repository"))
    }

    @Test("promote --format json names the move and what the new stage still requires")
    func promoteJSON() throws {
        let repo = try featureRepo()
        try repo.write("features/p.yaml", featureYAML("p", stage: "explore"))
        let r = try feat("promote", "p", "--format", "json", in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.json["feature"] as? String == "p")
        #expect(r.json["from"] as? String == "explore")
        #expect(r.json["to"] as? String == "candidate")
        #expect((r.json["missing"] as? [String])?.contains("description") == true)
        #expect(try feat("promote", "p", "--format", "markdown", in: repo.path).status == 2)
    }

    @Test("list and show as markdown tables; show JSON carries the normalised definition")
    func markdownAndDefinition() throws {
        let repo = try featureRepo()
        try repo.write("features/user_txn.yaml", featureYAML("user_txn", stage: "candidate", window: "168h"))
        let list = try feat("list", "--format", "markdown", in: repo.path)
        #expect(list.stdout.hasPrefix("| feature | version | stage | kind | owner | path |\n| --- |"))
        #expect(list.stdout.contains("| user\\_txn | 1 | candidate | aggregation |"))
        let show = try feat("show", "user_txn", "--format", "markdown", in: repo.path)
        #expect(show.stdout.contains("| `aggregation.window` | 168h |"))
        let json = try feat("show", "user_txn", "--format", "json", in: repo.path)
        #expect(json.json["rev"] as? String == "worktree")
        let definition = json.json["definition"] as? [String: Any]
        #expect(definition?["entity"] as? [String] == ["user_id"])
        #expect((definition?["aggregation"] as? [String: Any])?["window"] as? String == "168h")
    }
}
