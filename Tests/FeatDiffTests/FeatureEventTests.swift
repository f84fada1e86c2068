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
        let files = try catalog([
            (Self.path, Fixture.yaml(.scalar)), ("features/b.yaml", Fixture.yaml(.map, name: "b")),
        ])
        #expect(SemanticDiff.compare(before: files, after: files, policy: .standard).isEmpty)
    }

    @Test("same identity at a new path is moved, with no field change")
    func moved() throws {
        let report = try Fixture.diff(
            Fixture.yaml(.scalar), Fixture.yaml(.scalar), afterPath: "features/users/user_signal.yaml")
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
        let before = try catalog([
            kept, ("features/old.yaml", Fixture.yaml(.map, name: "old_signal", stage: "deprecated")),
        ])
        let after = try catalog([
            kept, ("features/new.yaml", Fixture.yaml(.embedding, name: "new_signal", stage: "explore")),
        ])
        let report = SemanticDiff.compare(before: before, after: after, policy: .standard)
        #expect(report.features.map(\.identity.feature) == ["new_signal", "old_signal"])
        let added = report.features[0]
        #expect(added.status == .added)
        #expect(added.stageBefore == nil)
        #expect(added.stageAfter == "explore")
        #expect(added.path == "features/new.yaml")
        #expect(added.impact == .additive)
        #expect(added.events.map(\.kind) == [.added])
        #expect(added.line == 1)
        let removed = report.features[1]
        #expect(removed.status == .removed)
        #expect(removed.path == "features/old.yaml")
        #expect(removed.stageBefore == "deprecated")
        #expect(removed.stageAfter == nil)
        #expect(removed.line == nil)
        // Past its deprecation, a removal still breaks whoever reads it: FEAT007 says when it is allowed.
        #expect(removed.impact == .breaking)
        #expect(
            removed.events.first?.message.hasPrefix("removed at deprecated: consumers of this identity lose it") == true
        )
    }

    @Test("a version 2 file beside version 1 is an added identity; version 1 is unchanged")
    func versionAdded() throws {
        let v1 = (Self.path, Fixture.yaml(.aggregation))
        let v2 = (
            "features/user_signal_v2.yaml",
            Fixture.yaml(.aggregation, version: 2, stage: "explore").replacingOccurrences(
                of: "window: 7d", with: "window: 30d")
        )
        let report = SemanticDiff.compare(before: try catalog([v1]), after: try catalog([v1, v2]), policy: .standard)
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
        "a stage change is an event with its own impact, not a field change",
        arguments: [
            ("shadow", "production", FeatureEvent.Kind.promoted, Impact.compatible),
            ("explore", "candidate", .promoted, .compatible),
            ("production", "deprecated", .deprecated, .compatible),
            ("candidate", "deprecated", .deprecated, .compatible),
            ("production", "shadow", .demoted, .breaking),
            ("production", "candidate", .demoted, .breaking),
            ("shadow", "candidate", .demoted, .meaning),
            ("deprecated", "production", .reinstated, .compatible),
        ])
    func stageEvent(from: String, to: String, kind: FeatureEvent.Kind, impact: Impact) throws {
        let report = try Fixture.diff(Fixture.yaml(.categorical, stage: from), Fixture.yaml(.categorical, stage: to))
        let f = try #require(report.features.first)
        #expect(f.status == .modified)
        #expect(f.stageBefore == from)
        #expect(f.stageAfter == to)
        #expect(f.events == [f.stageEvent].compactMap { $0 })
        let event = try #require(f.stageEvent)
        #expect(event.kind == kind)
        #expect(event.from == from)
        #expect(event.to == to)
        #expect(event.impact == impact)
        #expect(event.message.hasPrefix(kind.rawValue))
        #expect(f.changes.isEmpty)
        #expect(f.impact == impact)
        #expect(f.fieldImpact == nil)
        #expect(f.line == 3)
    }

    @Test("production → deprecated is a deprecation, never a promotion, and names the notice")
    func deprecationIsNotPromotion() throws {
        let after =
            Fixture.yaml(.scalar, stage: "deprecated")
            + "deprecation: {reason: replaced, sunset: 2027-03-01, replacement: user_signal_v2}\n"
        let report = try Fixture.diff(Fixture.yaml(.scalar, stage: "production"), after)
        let f = try #require(report.features.first)
        #expect(f.events.map(\.kind) == [.deprecated])
        #expect(f.events.allSatisfy { $0.kind != .promoted })
        #expect(f.events.first?.message.contains("2027-03-01") == true)
        #expect(f.events.first?.message.contains("user_signal_v2") == true)
        // The deprecation block itself is a compatible field change; the event is compatible too.
        #expect(f.impact == .compatible)
    }

    @Test("a move to or from a stage the policy does not know is no event (FEAT001 reports the stage)")
    func unknownStage() throws {
        let report = try Fixture.diff(
            Fixture.yaml(.categorical, stage: "shadow"), Fixture.yaml(.categorical, stage: "experimental"))
        let f = try #require(report.features.first)
        #expect(f.stageAfter == "experimental")
        #expect(f.events.isEmpty)
        #expect(f.impact == nil)
    }

    @Test(
        "a removed feature breaks its consumers, except at an entry stage where a hypothesis has none",
        arguments: [
            ("explore", Impact.compatible), ("candidate", .breaking), ("shadow", .breaking),
            ("production", .breaking), ("deprecated", .breaking),
        ])
    func removal(stage: String, impact: Impact) throws {
        let old = try Fixture.feature(Fixture.yaml(.aggregation, stage: stage))
        let report = SemanticDiff.compare(before: [old], after: [], policy: .standard)
        let f = try #require(report.features.first)
        #expect(f.status == .removed)
        #expect(f.events.map(\.kind) == [.removed])
        #expect(f.impact == impact)
        #expect(report.impact == impact)
    }

    @Test("events follow the configured policy: its entry, frozen and exit stages")
    func customPolicy() throws {
        let config = """
            version: 1
            stages:
              - {name: idea, entry: true}
              - {name: beta, frozen: true}
              - {name: ga, frozen: true}
              - {name: retired, from: [beta, ga]}

            """
        let policy = try PolicyParser.parse(Array(config.utf8))
        func event(_ from: String, _ to: String) throws -> FeatureEvent? {
            let report = SemanticDiff.compare(
                before: [try Fixture.feature(Fixture.yaml(.scalar, stage: from))],
                after: [try Fixture.feature(Fixture.yaml(.scalar, stage: to))], policy: policy)
            return report.features.first?.stageEvent
        }
        #expect(try event("beta", "idea")?.impact == .breaking)
        #expect(try event("ga", "retired")?.kind == .deprecated)
        #expect(try event("retired", "beta")?.kind == .reinstated)
        #expect(try event("retired", "idea")?.kind == .demoted)
        let removedIdea = SemanticDiff.compare(
            before: [try Fixture.feature(Fixture.yaml(.scalar, stage: "idea"))], after: [], policy: policy)
        #expect(removedIdea.impact == .compatible)
        let removedBeta = SemanticDiff.compare(
            before: [try Fixture.feature(Fixture.yaml(.scalar, stage: "beta"))], after: [], policy: policy)
        #expect(removedBeta.impact == .breaking)
    }

    @Test("fieldImpact leaves events out: a demotion with a cosmetic edit is breaking, its fields cosmetic")
    func fieldImpactExcludesEvents() throws {
        let after = Fixture.yaml(.scalar, stage: "shadow").replacingOccurrences(
            of: "tags: [payments, velocity]", with: "tags: [payments]")
        let report = try Fixture.diff(Fixture.yaml(.scalar, stage: "production"), after)
        let f = try #require(report.features.first)
        #expect(f.impact == .breaking)
        #expect(f.fieldImpact == .cosmetic)
    }

    // MARK: Unreadable

    static func broken(_ path: String, _ text: String = "feature: user_signal\nversion: 1\nstage: [\n") -> ParsedFile {
        FeatureParser.parse(Array(text.utf8), path: path)
    }

    static func parsed(_ text: String, path: String = FeatureEventTests.path) -> ParsedFile {
        FeatureParser.parse(Array(text.utf8), path: path)
    }

    @Test("a file broken at head is unreadable, paired by path with the base feature, never removed")
    func unreadableAtHead() throws {
        let brokenFile = Self.broken(Self.path)
        #expect(brokenFile.feature == nil)
        let report = SemanticDiff.compare(
            before: [Self.parsed(Fixture.yaml(.scalar, stage: "production"))], after: [brokenFile], policy: .standard)
        #expect(report.features.count == 1)
        let f = try #require(report.features.first)
        #expect(f.status == .unreadable)
        #expect(f.identity == Identity(feature: "user_signal", version: 1))
        #expect(f.identityKnown)
        #expect(f.impact == nil)
        #expect(f.events.isEmpty)
        #expect(f.stageBefore == "production")
        let u = try #require(f.unreadable)
        #expect(u.side == .head)
        #expect(u.path == Self.path)
        #expect(u.problem.line != nil)
        #expect(f.line == u.problem.line)
        #expect(!report.features.contains { $0.status == .removed })
    }

    @Test("a file broken at base and mended at head is unreadable, never added")
    func unreadableAtBase() throws {
        let report = SemanticDiff.compare(
            before: [Self.broken(Self.path)], after: [Self.parsed(Fixture.yaml(.scalar, stage: "shadow"))],
            policy: .standard)
        let f = try #require(report.features.first)
        #expect(report.features.count == 1)
        #expect(f.status == .unreadable)
        #expect(f.unreadable?.side == .base)
        #expect(f.stageAfter == "shadow")
        #expect(f.identity.feature == "user_signal")
        #expect(f.impact == nil)
    }

    @Test("an unreadable file with no counterpart is still unreadable, named by its path")
    func unreadableAlone() throws {
        let report = SemanticDiff.compare(before: [], after: [Self.broken("features/new.yaml")], policy: .standard)
        let f = try #require(report.features.first)
        #expect(f.status == .unreadable)
        #expect(!f.identityKnown)
        #expect(f.title == "features/new.yaml")
        #expect(f.path == "features/new.yaml")
        #expect(report.impact == nil)
        #expect(report.unreadable.count == 1)
    }

    @Test("a feature whose referenced file is missing at head is unreadable, paired by identity across a move")
    func unreadableReference() throws {
        var head = Self.parsed(Fixture.yaml(.scalar), path: "features/moved/user_signal.yaml")
        head.referenceProblem = Problem(.error, "categorical.vocabulary_file 'vocab/x.txt' does not exist", line: 12)
        let report = SemanticDiff.compare(
            before: [Self.parsed(Fixture.yaml(.scalar))], after: [head], policy: .standard)
        let f = try #require(report.features.first)
        #expect(report.features.count == 1)
        #expect(f.status == .unreadable)
        #expect(f.path == "features/moved/user_signal.yaml")
        #expect(f.previousPath == Self.path)
        #expect(f.unreadable?.problem.line == 12)
        #expect(f.line == 12)
    }

    @Test("a file broken at both revisions is one unreadable entry, with the head's problem")
    func unreadableBoth() throws {
        let report = SemanticDiff.compare(
            before: [Self.broken(Self.path)], after: [Self.broken(Self.path, "feature: [\n")], policy: .standard)
        #expect(report.features.count == 1)
        #expect(report.features.first?.status == .unreadable)
        #expect(report.features.first?.unreadable?.side == .head)
    }

    @Test("a promotion carries the fields added on the way, each declared (additive)")
    func promotionWithObligations() throws {
        let before = Fixture.yaml(.scalar, stage: "shadow").replacingOccurrences(of: "sla: {freshness: 1h}\n", with: "")
        let report = try Fixture.diff(before, Fixture.yaml(.scalar, stage: "production"))
        let f = try #require(report.features.first)
        #expect(f.stageEvent?.kind == .promoted)
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
        var report = SemanticDiff.compare(before: try catalog([a]), after: try catalog([b, a]), policy: .standard)
        #expect(report.features.map(\.status) == [.added])
        #expect(report.features.map(\.path) == ["features/b.yaml"])
        // No path in common: smallest paths pair first, the rest is removed.
        report = SemanticDiff.compare(before: try catalog([c, a]), after: try catalog([b]), policy: .standard)
        #expect(report.features.map(\.status) == [.moved, .removed])
        #expect(report.features.map(\.path) == ["features/b.yaml", "features/c.yaml"])
        #expect(report.features.first?.previousPath == "features/a.yaml")
        // Input order does not matter.
        let again = SemanticDiff.compare(before: try catalog([a, c]), after: try catalog([b]), policy: .standard)
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
        let report = SemanticDiff.compare(before: [], after: try catalog(files), policy: .standard)
        #expect(
            report.features.map(\.identity.description) == ["alpha", "alpha v2", "alpha v10", "alpha.beta", "zeta"])
    }

    @Test("a field no rule knows is meaning, and says it cannot be classified")
    func unclassified() throws {
        let before = try Fixture.feature(Fixture.yaml(.scalar))
        var after = before
        guard case .map(var fields) = after.definition else { throw CancellationError() }
        fields["lineage"] = .string("upstream_v2")
        after.definition = .map(fields)
        let report = SemanticDiff.compare(before: [before], after: [after], policy: .standard)
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
        let report = SemanticDiff.compare(before: before, after: after, policy: .standard)
        #expect(report.impact == .breaking)
        #expect(report.featuresByImpact == [.breaking: 1, .compatible: 1, .additive: 1])
        #expect(report.featuresByStatus == [.modified: 2, .added: 1])
    }

    @Test("impacts are ordered from least to most severe")
    func impactOrder() {
        #expect(Impact.allCases == [.cosmetic, .additive, .compatible, .meaning, .breaking])
        #expect(Impact.allCases.sorted() == Impact.allCases)
        #expect(Impact.cosmetic < .breaking)
    }
}
