import FeatTestSupport
import Foundation
import Testing

/// What a feature file says cannot forge output: a control character in a value or a reason
/// is shown escaped in text, and Markdown neither mentions people nor hides the comment.
@Suite("Values and reasons cannot forge output lines")
struct OutputSafetyTests {
    static let now = "2026-12-01T00:00:00Z"
    static let forged = "agreed\\n::error file=features/z.yaml,line=1::forged"

    func waivedRepo() throws -> GitFixture {
        let repo = try featureRepo()
        try repo.write("features/a.yaml", featureYAML("a", stage: "production"))
        try repo.commit("a in production", date: "2026-01-05T10:00:00Z")
        try repo.git(["checkout", "-q", "-b", "pr"])
        let waiver = "waivers:\n  - {rule: FEAT006, reason: \"\(Self.forged) @octocat <!--\", expires: 2026-12-20}\n"
        try repo.write("features/a.yaml", featureYAML("a", stage: "production", window: "30d", extra: waiver))
        try repo.commit("widen, with a waiver whose reason holds a newline")
        return repo
    }

    @Test("a waiver reason with a newline cannot start a ::error line in text or github output")
    func noForgedAnnotation() throws {
        let repo = try waivedRepo()
        for format in ["text", "github"] {
            let r = try feat("check", "--base", "main", "--now", Self.now, "--format", format, in: repo.path)
            #expect(r.status == 0, "\(format): \(r.stdout) \(r.stderr)")
            #expect(r.stdout.contains("waived") || r.stdout.contains("warning"), "\(format): \(r.stdout)")
            let forgedLines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("::error") }
            #expect(forgedLines.isEmpty, "\(format): \(r.stdout)")
        }
        let text = try feat("check", "--base", "main", "--now", Self.now, in: repo.path)
        #expect(text.stdout.contains("agreed\\n::error"), "the newline is shown escaped: \(text.stdout)")
    }

    @Test("markdown neither mentions a user nor opens an HTML comment from a reason")
    func markdownEscapes() throws {
        let repo = try waivedRepo()
        let r = try feat("check", "--base", "main", "--now", Self.now, "--format", "markdown", in: repo.path)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("octocat"), "\(r.stdout)")
        #expect(!r.stdout.contains("@octocat"), "\(r.stdout)")
        #expect(!r.stdout.contains("<!--"), "\(r.stdout)")
    }
}
