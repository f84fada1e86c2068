import FeatModel
import FeatRules
import Foundation
import Testing

/// Before/after trees for each rule, with every expected finding listed.
@Suite("Rules FEAT001–FEAT009 on before/after trees")
struct RuleTests {
    let a = "features/a.yaml"

    @Test("FEAT001: parse and schema problems, with lines; an unknown stage")
    func wellFormed() {
        let found = check(before: Tree(), after: Tree([a: "feature: a\nstage: explore\nkind: scalar\nowner: o\nhypothesis: h\ncolour: red\n", "features/b.yaml": yaml("b", stage: "explroe")]))
        #expect(found.rules == ["FEAT001", "FEAT001"])
        #expect(found[0].line == 6 && found[0].message.contains("unknown field 'colour'"))
        #expect(found[1].message.contains("did you mean 'explore'"))
    }

    @Test("FEAT002: the second file with an identity is reported, naming the first")
    func duplicates() {
        let found = check(before: Tree(), after: Tree([a: yaml("a", stage: "explore"), "features/z.yaml": yaml("a", stage: "explore")]))
        #expect(found.rules == ["FEAT002"])
        #expect(found[0].path == "features/z.yaml" && found[0].message.contains(a))
    }

    @Test("FEAT003: each missing obligation of an added or changed feature; untouched features are not judged")
    func obligations() {
        let broken = "feature: b\nstage: candidate\nkind: scalar\nowner: o\nhypothesis: h\n"
        let found = check(before: Tree(["features/b.yaml": broken]), after: Tree(["features/b.yaml": broken, a: yaml("a", stage: "candidate").replacingOccurrences(of: "type: int64\n", with: "")]))
        #expect(found.rules == ["FEAT003", "FEAT004"])
        #expect(found[0].message == "stage candidate requires type")
    }

    @Test("FEAT004: one step forward passes; skips, demotions, leaving deprecated and new features off the entry stage fail")
    func ladder() {
        func move(_ from: String, _ to: String, _ policy: Policy = .standard) -> [Violation] {
            check(before: Tree([a: yaml("a", stage: from)]), after: Tree([a: yaml("a", stage: to)]), policy: policy, now: "2026-12-01",
                  entries: [Identity(feature: "a", version: 1): StageEntry(stage: from, date: day("2026-01-01"), commit: "c")])
        }
        #expect(move("explore", "candidate").isEmpty)
        #expect(move("shadow", "production").isEmpty)
        #expect(move("production", "deprecated").isEmpty)
        #expect(move("explore", "shadow").of("FEAT004").first?.message.contains("skipping candidate") == true)
        #expect(move("explore", "deprecated").of("FEAT004").first?.message.contains("only be entered from candidate, shadow, production") == true)
        #expect(move("deprecated", "production").of("FEAT004").count == 1)
        #expect(move("production", "shadow").of("FEAT004").first?.message.contains("demotions are not allowed") == true)
        var lenient = Policy.standard
        lenient.allowDemotion = true
        #expect(move("production", "shadow", lenient).of("FEAT004").isEmpty)
        #expect(move("production", "candidate", lenient).of("FEAT004").count == 1)
        #expect(check(before: Tree(), after: Tree([a: yaml("a", stage: "candidate")])).rules == ["FEAT004"])
    }

    @Test("FEAT005: days from the entry commit to now; too soon, enough, never there, or unknown")
    func dwell() {
        let before = Tree([a: yaml("a", stage: "shadow")])
        let after = Tree([a: yaml("a", stage: "production")])
        let id = Identity(feature: "a", version: 1)
        let entry = [id: StageEntry(stage: "shadow", date: day("2026-01-10T10:00:00Z"), commit: "abc")]
        let soon = check(before: before, after: after, now: "2026-01-17T09:59:59Z", entries: entry)
        #expect(soon.rules == ["FEAT005"])
        #expect(soon[0].message.contains("it has 6"))
        #expect(check(before: before, after: after, now: "2026-01-17T10:00:00Z", entries: entry).isEmpty)
        #expect(check(before: before, after: after, now: "2026-01-20").of("FEAT005").first?.message.contains("does not show") == true)
        let skipped = check(before: Tree([a: yaml("a", stage: "candidate")]), after: after)
        #expect(skipped.of("FEAT005").first?.message.contains("it was candidate on the base") == true)
    }

    @Test("FEAT006: breaking or meaning changes to a frozen feature, one per field; compatible ones and other stages pass")
    func frozen() {
        let before = Tree([a: yaml("a", stage: "production")])
        let found = check(before: before, after: Tree([a: yaml("a", stage: "production", window: "30d").replacingOccurrences(of: "type: int64", with: "type: int32")]))
        #expect(found.rules == ["FEAT006", "FEAT006"])
        #expect(check(before: before, after: Tree([a: yaml("a", stage: "production").replacingOccurrences(of: "owner: o@example.com", with: "owner: p@example.com")])).isEmpty)
        #expect(check(before: Tree([a: yaml("a", stage: "shadow")]), after: Tree([a: yaml("a", stage: "shadow", window: "30d")])).isEmpty)
        #expect(check(before: before, after: Tree([a: yaml("a", stage: "production"), "features/a2.yaml": yaml("a", stage: "explore", version: 2, window: "30d")])).isEmpty)
    }

    @Test("FEAT007: removal at an entry stage is free; otherwise only after deprecation and on or after the sunset")
    func removal() {
        #expect(check(before: Tree([a: yaml("a", stage: "explore")]), after: Tree()).isEmpty)
        #expect(check(before: Tree([a: yaml("a", stage: "shadow")]), after: Tree()).first?.message.contains("move it to deprecated") == true)
        let deprecated = Tree([a: yaml("a", stage: "deprecated")])
        #expect(check(before: deprecated, after: Tree(), now: "2026-02-28").rules == ["FEAT007"])
        #expect(check(before: deprecated, after: Tree(), now: "2026-03-01").isEmpty)
        let noSunset = Tree([a: yaml("a", stage: "deprecated").replacingOccurrences(of: ", sunset: 2026-03-01", with: "")])
        #expect(check(before: noSunset, after: Tree()).first?.message.contains("without a deprecation.sunset") == true)
    }

    @Test("FEAT008: one warning per changed path under .featurerepo/")
    func policyChange() {
        let found = check(before: Tree(), after: Tree(), configChanges: [".featurerepo/config.yaml", ".featurerepo/extra.txt"])
        #expect(found.map(\.rule) == ["FEAT008", "FEAT008"])
        #expect(found.allSatisfy { $0.severity == .warning && $0.identity == nil })
    }

    @Test("FEAT009: a version or name changed in place on one file")
    func identityInPlace() {
        let found = check(before: Tree([a: yaml("a", stage: "explore")]), after: Tree([a: yaml("a", stage: "explore", version: 2)]))
        #expect(found.rules == ["FEAT009"])
        #expect(found[0].severity == .warning && found[0].line == 2 && found[0].version == 2)
        let renamed = check(before: Tree([a: yaml("a", stage: "explore")]), after: Tree([a: yaml("b", stage: "explore")]))
        #expect(renamed.first?.message.contains("renamed in place from a to b") == true)
    }

    // MARK: waivers

    let frozenBefore = Tree(["features/a.yaml": yaml("a", stage: "production")])
    func waived(_ waiver: String) -> Tree {
        Tree(["features/a.yaml": yaml("a", stage: "production", window: "30d", extra: "waivers:\n" + waiver)])
    }

    @Test("a waiver with a reason turns an error into a warning carrying the reason, until it expires")
    func waiver() {
        let tree = waived("  - {rule: FEAT006, reason: agreed with consumers, expires: 2026-06-01}\n")
        let found = check(before: frozenBefore, after: tree, now: "2026-06-01")
        #expect(found.count == 1)
        #expect(found[0].severity == .warning && found[0].waiver == "agreed with consumers")
        let late = check(before: frozenBefore, after: tree, now: "2026-06-02")
        #expect(late.map(\.severity) == [.error, .error])
        #expect(late.contains { $0.message.contains("expired on 2026-06-01") && $0.line == 19 })
    }

    @Test("a waiver without a reason, for an unknown rule, or for a rule the config makes not waivable")
    func badWaivers() {
        let noReason = check(before: frozenBefore, after: waived("  - {rule: FEAT006}\n"))
        #expect(noReason.map(\.severity) == [.error, .error])
        let unknown = check(before: frozenBefore, after: waived("  - {rule: FEAT06, reason: r}\n"))
        #expect(unknown.contains { $0.rule == "FEAT001" && $0.message.contains("did you mean 'FEAT006'") })
        let policy = Policy.standard.with(notWaivable: ["FEAT006"])
        let kept = check(before: frozenBefore, after: waived("  - {rule: FEAT006, reason: r}\n"), policy: policy)
        #expect(kept.of("FEAT006").map(\.severity).sorted() == [.warning, .error])
        #expect(kept.contains { $0.message.contains("not waivable") })
    }
}
