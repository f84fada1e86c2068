import FeatTestSupport
import Foundation
import Testing

/// When many features change, `diff` and `check` Markdown group them by folder (SPEC §10,
/// "families without copies"), and the comment stays within what GitHub shows.
@Suite("Markdown groups many changed features by folder")
struct MarkdownGroupingTests {
    static let now = "2026-12-01T00:00:00Z"

    /// main: `count` features per folder at candidate; pr: every window widened.
    func widened(folders: [String], count: Int) throws -> GitFixture {
        let repo = try featureRepo()
        for folder in folders {
            for i in 0..<count {
                let name = "\(folder.split(separator: "/").last ?? "")_txn_count_\(i)d"
                try repo.write("\(folder)/\(name).yaml", featureYAML(name, stage: "candidate"))
            }
        }
        try repo.commit("families", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        for folder in folders {
            for i in 0..<count {
                let name = "\(folder.split(separator: "/").last ?? "")_txn_count_\(i)d"
                try repo.write("\(folder)/\(name).yaml", featureYAML(name, stage: "candidate", window: "30d"))
            }
        }
        try repo.commit("widen every window")
        return repo
    }

    /// The `####` headings of a Markdown text, in order.
    func headings(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("#### ") }.map(String.init)
    }

    @Test(
        "two families of six: diff and check markdown show one heading per folder with its own summary, one row per member"
    )
    func twoFamilies() throws {
        let repo = try widened(folders: ["features/risk", "features/txn"], count: 6)
        let diff = try feat("diff", "main", "pr", "--format", "markdown", in: repo.path)
        #expect(diff.status == 0, "\(diff.stdout) \(diff.stderr)")
        #expect(
            headings(diff.stdout) == [
                "#### `features/risk/` — 6 features changed: 6 meaning",
                "#### `features/txn/` — 6 features changed: 6 meaning",
            ], "\(diff.stdout)")
        let risk = try #require(diff.stdout.range(of: "#### `features/risk/`"))
        let txn = try #require(diff.stdout.range(of: "#### `features/txn/`"))
        let riskSection = diff.stdout[risk.upperBound..<txn.lowerBound]
        #expect(riskSection.components(separatedBy: "| **meaning** |").count - 1 == 6, "\(riskSection)")
        #expect(!riskSection.contains("txn_txn_count"), "\(riskSection)")
        #expect(diff.stdout.components(separatedBy: "<details>").count - 1 == 12, "every member keeps its details")
        let check = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        #expect(headings(check.stdout).count == 2, "\(check.stdout)")
    }

    @Test("a few changed features keep the one flat table")
    func fewStayFlat() throws {
        let repo = try widened(folders: ["features/risk", "features/txn"], count: 2)
        let diff = try feat("diff", "main", "pr", "--format", "markdown", in: repo.path)
        #expect(diff.status == 0, "\(diff.stdout) \(diff.stderr)")
        #expect(diff.stdout.contains("4 features changed"), "\(diff.stdout)")
        #expect(headings(diff.stdout).isEmpty, "\(diff.stdout)")
    }

    @Test("400 changed features: diff and check markdown stay under 60,000 characters and count what they leave out")
    func manyStayWithinTheLimit() throws {
        let repo = try widened(folders: ["features/a", "features/b", "features/c", "features/d"], count: 100)
        let diff = try feat("diff", "main", "pr", "--format", "markdown", in: repo.path)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("400 features changed: 400 meaning"), "\(diff.stdout.prefix(500))")
        #expect(diff.stdout.count < 60_000, "\(diff.stdout.count) characters")
        #expect(diff.stdout.contains("more changed features: every one is in `--format json`"))
        #expect(diff.stdout.contains("more features, left out to keep this comment within what GitHub shows"))
        #expect(headings(diff.stdout).count >= 3, "\(headings(diff.stdout))")
        let check = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("## ✅ feat check passed"), "\(check.stdout.prefix(300))")
        #expect(check.stdout.count < 60_000, "\(check.stdout.count) characters")
    }

    @Test(
        "300 features promoted in one pull request: the check's markdown, timeline included, stays under 60,000 characters"
    )
    func manyPromotions() throws {
        let repo = try featureRepo()
        for i in 0..<300 { try repo.write("features/f\(i).yaml", featureYAML("f\(i)", stage: "candidate")) }
        try repo.commit("300 candidates", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        for i in 0..<300 { try repo.write("features/f\(i).yaml", featureYAML("f\(i)", stage: "shadow")) }
        try repo.commit("promote them all")
        let check = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(check.status == 0, "\(check.stdout.prefix(2000)) \(check.stderr)")
        #expect(check.stdout.hasPrefix("## ✅ feat check passed"), "\(check.stdout.prefix(300))")
        #expect(check.stdout.count < 60_000, "\(check.stdout.count) characters")
        #expect(check.stdout.contains("…and the stage changes of 260 more features"), "\(check.stdout.suffix(500))")
    }
}
