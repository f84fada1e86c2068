import FeatTestSupport
import Foundation
import Testing

@Suite("feat init --diff-driver: semantic diffs in git diff, in one step")
struct DiffDriverSetupTests {
    @Test("git diff then shows a semantic diff of a feature file; running it twice adds nothing twice")
    func gitDiffShowsSemanticDiff() throws {
        let repo = try GitFixture()
        let first = try FeatBinary.run(["init", "--diff-driver"], in: repo.path)
        #expect(first.status == 0, "\(first.stderr)")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate"))
        try repo.commit("a")
        try repo.write("features/a.yaml", featureYAML("a", stage: "candidate", window: "30d"))
        let diff = try repo.git(["diff"])
        #expect(diff.contains("feat diff features/a.yaml"), "\(diff)")
        #expect(diff.contains("aggregation.window 7d → 30d"), "\(diff)")
        let command = try repo.git(["config", "diff.feat.command"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(command.hasPrefix("/") && command.hasSuffix("/feat git-diff-driver"), "\(command)")

        let again = try FeatBinary.run(["init", "--diff-driver"], in: repo.path)
        #expect(again.status == 0)
        let attributes = try repo.read(".gitattributes")
        #expect(attributes == "features/**/*.yaml diff=feat\nfeatures/**/*.yml diff=feat\n")
    }

    @Test("in a monorepo the attributes name the feature folders below the feature root")
    func monorepo() throws {
        let repo = try GitFixture()
        try repo.write("README", "top\n")
        try repo.write("ml/.featurerepo/config.yaml", "version: 1\nfeatures: [defs]\n")
        let r = try FeatBinary.run(["init", "--diff-driver"], in: repo.path + "/ml")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try repo.read(".gitattributes") == "ml/defs/**/*.yaml diff=feat\nml/defs/**/*.yml diff=feat\n")
    }
}
