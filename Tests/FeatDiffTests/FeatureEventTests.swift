import FeatModel
import Foundation
import Testing

@testable import FeatDiff

@Suite("Feature-level events: pairing by identity, never by path")
struct FeatureEventTests {
    static let path = "features/user_signal.yaml"

    func catalog(_ files: [(String, String)]) throws -> [Feature] {
        try files.map { try Fixture.feature($0.1, path: $0.0) }
    }

    @Test("an unchanged catalog gives an empty report")
    func unchanged() throws {
        let files = try catalog([(Self.path, Fixture.yaml(.scalar)), ("features/b.yaml", Fixture.yaml(.map, name: "b"))])
        #expect(SemanticDiff.compare(before: files, after: files, stageOrder: Fixture.ladder).isEmpty)
    }

    @Test("same identity at a new path is moved, with no field change")
    func moved() throws {
        let report = try Fixture.diff(Fixture.yaml(.scalar), Fixture.yaml(.scalar), afterPath: "features/users/user_signal.yaml")
        let f = try #require(report.features.first)
        #expect(report.features.count == 1)
        #expect(f.status == .moved)
        #expect(f.path == "features/users/user_signal.yaml")
        #expect(f.previousPath == Self.path)
        #expect(f.impact == nil)
        #expect(f.changes.isEmpty)
    }

    @Test("a move carries the changes made on the way")
    func movedAndChanged() throws {
        let after = Fixture.yaml(.aggregation).replacingOccurrences(of: "window: 7d", with: "window: 30d")
        let report = try Fixture.diff(Fixture.yaml(.aggregation), after, afterPath: "features/agg/user_signal.yml")
        let f = try #require(report.features.first)
        #expect(f.status == .moved)
        #expect(f.impact == .meaning)
        #expect(f.changes.map(\.field) == ["aggregation.window"])
        #expect(f.line == 24)
    }

    @Test("a feature only at head is added; only at base is removed")
    func addedAndRemoved() throws {
        let kept = (Self.path, Fixture.yaml(.scalar))
        let before = try catalog([kept, ("features/old.yaml", Fixture.yaml(.map, name: "old_signal", stage: "deprecated"))])
        let after = try catalog([kept, ("features/new.yaml", Fixture.yaml(.embedding, name: "new_signal", stage: "explore"))])
        let report = SemanticDiff.compare(before: before, after: after, stageOrder: Fixture.ladder)
        #expect(report.features.map(\.identity.feature) == ["new_signal", "old_signal"])
        let added = report.features[0]
        #expect(added.status == .added)
        #expect(added.stageBefore == nil)
        #expect(added.stageAfter == "explore")
        #expect(added.path == "features/new.yaml")
        #expect(added.impact == nil)
        #expect(added.line == 1)
        let removed = report.features[1]
        #expect(removed.status == .removed)
        #expect(removed.path == "features/old.yaml")
        #expect(removed.stageBefore == "deprecated")
        #expect(removed.stageAfter == nil)
        #expect(removed.line == nil)
    }

    @Test("a version 2 file beside version 1 is an added identity; version 1 is unchanged")
    func versionAdded() throws {
        let v1 = (Self.path, Fixture.yaml(.aggregation))
        let v2 = ("features/user_signal_v2.yaml", Fixture.yaml(.aggregation, version: 2, stage: "explore").replacingOccurrences(of: "window: 7d", with: "window: 30d"))
        let report = SemanticDiff.compare(before: try catalog([v1]), after: try catalog([v1, v2]), stageOrder: Fixture.ladder)
        #expect(report.features.count == 1)
        #expect(report.features.first?.identity == Identity(feature: "user_signal", version: 2))
        #expect(report.features.first?.status == .added)
    }

    @Test("the version changed in place is one identity removed and another added")
    func versionChangedInPlace() throws {
        let report = try Fixture.diff(Fixture.yaml(.scalar), Fixture.yaml(.scalar, version: 2))
        #expect(report.features.map(\.status) == [.removed, .added])
        #expect(report.features.map(\.identity.version) == [1, 2])
        #expect(report.features.allSatisfy { $0.path == Self.path })
    }

    @Test(
        "a stage change is a promotion or demotion along the ladder, not a field change",
        arguments: [
            ("shadow", "production", StageMove?.some(.promoted)),
            ("production", "candidate", .demoted),
            ("production", "deprecated", .promoted),
            ("shadow", "experimental", nil),
        ])
    func stageMove(from: String, to: String, move: StageMove?) throws {
        let report = try Fixture.diff(Fixture.yaml(.categorical, stage: from), Fixture.yaml(.categorical, stage: to))
        let f = try #require(report.features.first)
        #expect(f.status == .modified)
        #expect(f.stageBefore == from)
        #expect(f.stageAfter == to)
        #expect(f.stageMove == move)
        #expect(f.changes.isEmpty)
        #expect(f.impact == nil)
        #expect(f.line == 3)
    }

    @Test("a promotion carries the fields added on the way, each declared (additive)")
    func promotionWithObligations() throws {
        let before = Fixture.yaml(.scalar, stage: "shadow").replacingOccurrences(of: "sla: {freshness: 1h}\n", with: "")
        let report = try Fixture.diff(before, Fixture.yaml(.scalar, stage: "production"))
        let f = try #require(report.features.first)
        #expect(f.stageMove == .promoted)
        #expect(f.changes.map(\.field) == ["sla.freshness"])
        #expect(f.changes.map(\.impact) == [.additive])
        #expect(f.line == 20)
    }

    @Test("two files with one identity pair deterministically and do not crash")
    func duplicateIdentity() throws {
        let a = ("features/a.yaml", Fixture.yaml(.scalar))
        let b = ("features/b.yaml", Fixture.yaml(.scalar).replacingOccurrences(of: "type: int32", with: "type: int64"))
        let c = ("features/c.yaml", Fixture.yaml(.scalar))
        // Same path pairs first; the extra head file is added.
        var report = SemanticDiff.compare(before: try catalog([a]), after: try catalog([b, a]), stageOrder: Fixture.ladder)
        #expect(report.features.map(\.status) == [.added])
        #expect(report.features.map(\.path) == ["features/b.yaml"])
        // No path in common: smallest paths pair first, the rest is removed.
        report = SemanticDiff.compare(before: try catalog([c, a]), after: try catalog([b]), stageOrder: Fixture.ladder)
        #expect(report.features.map(\.status) == [.moved, .removed])
        #expect(report.features.map(\.path) == ["features/b.yaml", "features/c.yaml"])
        #expect(report.features.first?.previousPath == "features/a.yaml")
        // Input order does not matter.
        let again = SemanticDiff.compare(before: try catalog([a, c]), after: try catalog([b]), stageOrder: Fixture.ladder)
        #expect(again == report)
    }

    @Test("features are listed by name, then version")
    func order() throws {
        let files = [
            ("features/z.yaml", Fixture.yaml(.scalar, name: "zeta")),
            ("features/a2.yaml", Fixture.yaml(.scalar, name: "alpha", version: 2)),
            ("features/a10.yaml", Fixture.yaml(.scalar, name: "alpha", version: 10)),
            ("features/a1.yaml", Fixture.yaml(.scalar, name: "alpha")),
            ("features/m.yaml", Fixture.yaml(.scalar, name: "alpha.beta")),
        ]
        let report = SemanticDiff.compare(before: [], after: try catalog(files), stageOrder: Fixture.ladder)
        #expect(report.features.map(\.identity.description) == ["alpha", "alpha v2", "alpha v10", "alpha.beta", "zeta"])
    }

    @Test("a field no rule knows is meaning, and says it cannot be classified")
    func unclassified() throws {
        let before = try Fixture.feature(Fixture.yaml(.scalar))
        var after = before
        guard case .map(var fields) = after.definition else { throw CancellationError() }
        fields["lineage"] = .string("upstream_v2")
        after.definition = .map(fields)
        let report = SemanticDiff.compare(before: [before], after: [after], stageOrder: Fixture.ladder)
        let change = try #require(report.features.first?.changes.first)
        #expect(change.field == "lineage")
        #expect(change.impact == .meaning)
        #expect(change.message.contains("cannot classify"))
    }

    @Test("the report's counts and most severe impact")
    func counts() throws {
        let a = Fixture.yaml(.embedding, name: "a")
        let b = Fixture.yaml(.map, name: "b")
        let before = try catalog([("features/a.yaml", a), ("features/b.yaml", b)])
        let after = try catalog([
            ("features/a.yaml", a.replacingOccurrences(of: "dimension: 384", with: "dimension: 512")),
            ("features/b.yaml", b.replacingOccurrences(of: "owner: risk-team", with: "owner: ml-team")),
            ("features/c.yaml", Fixture.yaml(.scalar, name: "c")),
        ])
        let report = SemanticDiff.compare(before: before, after: after, stageOrder: Fixture.ladder)
        #expect(report.impact == .breaking)
        #expect(report.featuresByImpact == [.breaking: 1, .compatible: 1])
        #expect(report.featuresByStatus == [.modified: 2, .added: 1])
    }

    @Test("impacts are ordered from least to most severe")
    func impactOrder() {
        #expect(Impact.allCases == [.cosmetic, .additive, .compatible, .meaning, .breaking])
        #expect(Impact.allCases.sorted() == Impact.allCases)
        #expect(Impact.cosmetic < .breaking)
    }
}
