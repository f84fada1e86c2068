import FeatDiff
import FeatModel
import FeatRender
import FeatReport
import Foundation
import GitID
import Testing

/// A page of `n` features spread over the default stages, each with a changelog of `entries`.
func samplePage(features n: Int = 3, entries: Int = 2, description: String = "Transactions per user.") -> CatalogPage {
    let commit = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567") ?? ObjectID(words: (0, 0, 0))
    let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    let person = Person(name: "Ana Lopez", email: "ana@example.com")
    let stages = ["explore", "candidate", "shadow", "production"]
    let features = (0..<n).map { i in
        let stage = stages[i % stages.count]
        let requirements = CatalogPage.StageRequirements(
            stage: stage, obligations: [.init(text: "owner", met: true), .init(text: "hypothesis", met: true)])
        let next = CatalogPage.StageRequirements(
            stage: "candidate", obligations: [.init(text: "owner", met: true), .init(text: "source", met: false)])
        var log: [LogEntry] = []
        for k in 0..<entries {
            let impact: Impact = k % 2 == 0 ? .meaning : .cosmetic
            let change = FieldChange(
                field: "aggregation.window", before: .string("7d"), after: .string("30d"), impact: impact,
                message: "the window changed")
            let date = start.addingTimeInterval(Double(k) * 86_400)
            log.append(
                LogEntry(
                    commit: commit, date: date, author: person, stage: stage, path: "features/f\(i).yaml",
                    status: .modified, impact: impact, changes: [change], events: []))
        }
        return CatalogPage.FeatureSection(
            identity: Identity(feature: "f\(i)", version: 1), path: "features/f\(i).yaml", stage: stage,
            kind: "aggregation", owner: "team\(i % 2)@example.com", tags: ["payments"], hypothesis: "Velocity.",
            description: description, evidence: [.map(["metric": .string("auc"), "value": .number(0.01)])],
            requirements: requirements, next: stage == "production" ? nil : next,
            transitions: [
                Transition(from: nil, to: "explore", commit: commit, date: start, author: person, path: "f"),
                Transition(
                    from: "explore", to: stage, commit: commit, date: start.addingTimeInterval(86_400 * 10),
                    author: person, path: "f"),
            ], changelog: log, readers: [])
    }
    return CatalogPage(
        revision: commit, date: start.addingTimeInterval(86_400 * 30), asked: nil,
        stages: [
            .init(name: "explore", rung: 0, frozen: false), .init(name: "candidate", rung: 1, frozen: false),
            .init(name: "shadow", rung: 2, frozen: false), .init(name: "production", rung: 3, frozen: true),
            .init(name: "deprecated", rung: nil, frozen: false),
        ], features: features, consumers: [], unreadable: [], warnings: [], shallowBoundary: nil,
        hasChangelog: true, generator: "test")
}

@Suite("CatalogHTML: the catalog page as a pure rendering")
struct CatalogHTMLTests {
    @Test(
        "escaping covers the five characters markup needs and control characters",
        arguments: [
            ("<script>", "&lt;script&gt;"), ("a&b", "a&amp;b"), ("\"'", "&quot;&#39;"), ("x\u{0}y", "x\u{FFFD}y"),
            ("plain text é", "plain text é"),
        ])
    func escaping(_ input: String, _ expected: String) {
        #expect(CatalogHTML.escape(input) == expected)
    }

    @Test(
        "a value is a link only for a whole http, https or mailto URL",
        arguments: [
            ("https://example.com/a?b=1", true), ("HTTP://EXAMPLE.COM", true), ("mailto:risk@example.com", true),
            ("javascript:alert(1)", false), (" https://example.com", false), ("https://exa mple.com", false),
            ("data:text/html,<script>", false), ("see https://example.com", false), ("https://", false),
            ("//example.com", false), ("https://a\"onmouseover=\"x", false),
        ])
    func links(_ value: String, _ linked: Bool) {
        #expect((CatalogHTML.linkTarget(value) != nil) == linked)
    }

    @Test("a description holding markup shows as text and the only script is the page's own")
    func descriptionMarkupIsText() {
        let html = CatalogHTML.render(samplePage(features: 1, description: "<script>alert(1)</script><b>x</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"))
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(!html.contains("<b>"))
    }

    @Test("low-impact changelog entries are collapsed in a details element; the others show")
    func lowImpactCollapsed() {
        let html = CatalogHTML.render(samplePage(features: 1, entries: 4))
        #expect(html.contains("<details><summary>2 cosmetic or additive changes</summary>"))
        let open = html.components(separatedBy: "<details>")[0]
        #expect(
            open.components(separatedBy: "class=\"imp imp-meaning\"").count - 1 == 2,
            "two meaning entries outside details")
    }

    @Test("a long changelog is cut at the limit, saying how many entries are left out and how to see them")
    func changelogLimit() {
        let html = CatalogHTML.render(samplePage(features: 1, entries: 12), limits: .init(changelogEntries: 5))
        #expect(html.contains("7 older entries are not shown"))
        #expect(html.contains("<code>feat log f0</code>"))
    }

    @Test(
        "a changelog window is named once with its count grouped, its day and commit, and an older count says since when"
    )
    func changelogWindow() {
        var page = samplePage(features: 1, entries: 12)
        let commit = ObjectID(hex: "89abcdef0123456789abcdef0123456789abcdef") ?? ObjectID(words: (1, 1, 1))
        page.changelogWindow = LogWindow(
            commit: commit, date: Date(timeIntervalSince1970: 1_767_225_600), commits: 20_000)
        let html = CatalogHTML.render(page, limits: .init(changelogEntries: 5))
        #expect(
            html.contains("Changelogs cover the newest 20,000 commits that changed a feature file, since 2026-01-01"))
        #expect(html.contains("<code>89abcdef01</code>"))
        #expect(html.contains("7 older entries since 2026-01-01 are not shown"))
    }

    @Test("the stage timeline is inline SVG with stage names as text, and its transitions follow as a list")
    func timelineIsSVG() {
        let html = CatalogHTML.render(samplePage(features: 2))
        #expect(html.contains("<svg class=\"tl\""))
        #expect(html.contains(">explore</text>"))
        #expect(html.contains("<span class=\"st s0\">explore</span> → <span class=\"st s1\">candidate</span>"))
    }

    @Test("the table has no SVG: 10,000 features stay light (under 3 KB each with two changelog entries)")
    func tenThousandFeaturesStayLight() {
        let html = CatalogHTML.render(samplePage(features: 10_000, entries: 2))
        let table = html.components(separatedBy: "<table id=\"feature-table\">")[1].components(separatedBy: "</table>")[
            0]
        #expect(!table.contains("<svg"))
        #expect(html.utf8.count < 10_000 * 3_000, "the page is \(html.utf8.count) bytes")
    }

    @Test("the Content-Security-Policy allows no network and only the page's own script, by its hash")
    func contentSecurityPolicy() {
        let csp = CatalogHTML.contentSecurityPolicy
        #expect(csp.hasPrefix("default-src 'none'"))
        #expect(csp.contains("script-src 'sha256-"))
        #expect(!csp.contains("unsafe-inline'; script") || !csp.contains("script-src 'unsafe-inline'"))
    }
}
