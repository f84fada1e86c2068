import FeatModel
import FeatRules
import Foundation
import Testing

/// Before/after trees for each rule, with every expected finding listed.
@Suite("Rules FEAT001–FEAT015 on before/after trees")
struct RuleTests {
    let a = "features/a.yaml"

    @Test("FEAT001: parse and schema problems, with lines; an unknown stage")
    func wellFormed() {
        let found = check(
            before: Tree(),
            after: Tree([
                a: "feature: a\nstage: explore\nkind: scalar\nowner: o\nhypothesis: h\ncolour: red\n",
                "features/b.yaml": yaml("b", stage: "explroe"),
            ]))
        #expect(found.rules == ["FEAT001", "FEAT001"])
        #expect(found[0].line == 6 && found[0].message.contains("unknown field 'colour'"))
        #expect(found[1].message.contains("did you mean 'explore'"))
    }

    @Test("FEAT002: the second file with an identity is reported, naming the first")
    func duplicates() {
        let found = check(
            before: Tree(),
            after: Tree([a: yaml("a", stage: "explore"), "features/z.yaml": yaml("a", stage: "explore")]))
        #expect(found.rules == ["FEAT002"])
        #expect(found[0].path == "features/z.yaml" && found[0].message.contains(a))
    }

    @Test("FEAT003: each missing obligation of an added or changed feature; untouched features are not judged")
    func obligations() {
        let broken = "feature: b\nstage: candidate\nkind: scalar\nowner: o\nhypothesis: h\n"
        let found = check(
            before: Tree(["features/b.yaml": broken]),
            after: Tree([
                "features/b.yaml": broken,
                a: yaml("a", stage: "candidate").replacingOccurrences(of: "type: int64\n", with: ""),
            ]))
        #expect(found.rules == ["FEAT003", "FEAT004"])
        #expect(found[0].message == "stage candidate requires type")
    }

    @Test("FEAT003: one finding per feature lists every missing field, at the stage line; waivable by fields")
    func obligationsListed() {
        let bare = "feature: a\nversion: 1\nstage: shadow\nkind: scalar\nowner: o\nhypothesis: h\n"
        let before = Tree([a: bare.replacingOccurrences(of: "stage: shadow", with: "stage: candidate")])
        let found = check(before: before, after: Tree([a: bare])).of("FEAT003")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(
            found.first?.message
                == "stage shadow requires description, entity, source, evidence, type, time.event_time, time.ttl, backfill.start, expectations"
        )
        #expect(found.first?.fields.count == 9)
        // A field present but empty is pointed at.
        let empty = bare.replacingOccurrences(of: "hypothesis: h\n", with: "hypothesis: h\ndescription: ''\n")
        #expect(check(before: before, after: Tree([a: empty])).of("FEAT003").first?.line == 7)
    }

    @Test(
        "FEAT004: one step forward passes; skips, demotions, leaving deprecated and new features off the entry stage fail"
    )
    func ladder() {
        func move(_ from: String, _ to: String, _ policy: Policy = .standard) -> [Violation] {
            check(
                before: Tree([a: yaml("a", stage: from, sunset: "2027-06-01")]),
                after: Tree([a: yaml("a", stage: to, sunset: "2027-06-01")]), policy: policy, now: "2026-12-01",
                entries: [
                    Identity(feature: "a", version: 1): StageEntry(stage: from, date: day("2026-01-01"), commit: "c")
                ])
        }
        #expect(move("explore", "candidate").isEmpty)
        #expect(move("shadow", "production").isEmpty)
        #expect(move("production", "deprecated").isEmpty)
        #expect(move("explore", "shadow").of("FEAT004").first?.message.contains("skipping candidate") == true)
        #expect(
            move("explore", "deprecated").of("FEAT004").first?.message.contains(
                "only be entered from candidate, shadow, production") == true)
        #expect(move("deprecated", "production").of("FEAT004").count == 1)
        #expect(move("production", "shadow").of("FEAT004").first?.message.contains("demotions are not allowed") == true)
        var lenient = Policy.standard
        lenient.allowDemotion = true
        #expect(move("production", "shadow", lenient).of("FEAT004").isEmpty)
        #expect(move("production", "candidate", lenient).of("FEAT004").count == 1)
        #expect(check(before: Tree(), after: Tree([a: yaml("a", stage: "candidate")])).rules == ["FEAT004"])
    }

    @Test("FEAT004: out of deprecated only back to the stage the feature left; that reinstatement needs no dwell time")
    func reinstatement() {
        let id = Identity(feature: "a", version: 1)
        func leave(to stage: String, left: String?) -> [Violation] {
            check(
                before: Tree([a: yaml("a", stage: "deprecated", sunset: "2026-06-01")]),
                after: Tree([a: yaml("a", stage: stage)]),
                entries: [id: StageEntry(stage: "deprecated", date: day("2026-02-01"), commit: "c", from: left)])
        }
        #expect(leave(to: "production", left: "production").isEmpty)
        let wrong = leave(to: "shadow", left: "production")
        #expect(wrong.rules == ["FEAT004"])
        #expect(
            wrong.first?.message
                == "moved from deprecated to shadow; a feature leaves deprecated only back to the stage it left (production), or by being removed"
        )
        #expect(leave(to: "production", left: nil).rules == ["FEAT004", "FEAT005"])
    }

    @Test("a file never readable on the base, mended into a frozen stage, cannot prove its contract (FEAT004)")
    func mendedFile() {
        let broken = Tree([a: "feature: a\nstage: [production\n"])
        let found = check(before: broken, after: Tree([a: yaml("a", stage: "production")]))
        #expect(found.rules == ["FEAT004"], "\(found)")
        #expect(found.first?.message.contains("could not be read at the merge base") == true)
        let explore = check(before: broken, after: Tree([a: yaml("a", stage: "explore")]))
        #expect(explore.isEmpty, "\(explore)")
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
        #expect(
            check(before: before, after: after, now: "2026-01-20").of("FEAT005").first?.message.contains(
                "does not show") == true)
        let skipped = check(before: Tree([a: yaml("a", stage: "candidate")]), after: after)
        #expect(skipped.of("FEAT005").first?.message.contains("it was candidate on the base") == true)
    }

    @Test(
        "FEAT006: breaking or meaning changes to a frozen feature, one per field; compatible ones and other stages pass"
    )
    func frozen() {
        let before = Tree([a: yaml("a", stage: "production")])
        let found = check(
            before: before,
            after: Tree([
                a: yaml("a", stage: "production", window: "30d").replacingOccurrences(
                    of: "type: int64", with: "type: int32")
            ]))
        #expect(found.rules == ["FEAT006", "FEAT006"])
        #expect(
            check(
                before: before,
                after: Tree([
                    a: yaml("a", stage: "production").replacingOccurrences(
                        of: "owner: o@example.com", with: "owner: p@example.com")
                ])
            ).isEmpty)
        #expect(
            check(
                before: Tree([a: yaml("a", stage: "shadow")]),
                after: Tree([a: yaml("a", stage: "shadow", window: "30d")])
            ).isEmpty)
        #expect(
            check(
                before: before,
                after: Tree([
                    a: yaml("a", stage: "production"),
                    "features/a2.yaml": yaml("a", stage: "explore", version: 2, window: "30d"),
                ])
            ).isEmpty)
    }

    @Test("FEAT007: removal at an entry stage is free; otherwise only after deprecation and on or after the sunset")
    func removal() {
        #expect(check(before: Tree([a: yaml("a", stage: "explore")]), after: Tree()).isEmpty)
        #expect(
            check(before: Tree([a: yaml("a", stage: "shadow")]), after: Tree()).first?.message.contains(
                "move it to deprecated") == true)
        let deprecated = Tree([a: yaml("a", stage: "deprecated")])
        #expect(check(before: deprecated, after: Tree(), now: "2026-02-28").rules == ["FEAT007"])
        #expect(check(before: deprecated, after: Tree(), now: "2026-03-01").isEmpty)
        let noSunset = Tree([
            a: yaml("a", stage: "deprecated").replacingOccurrences(of: ", sunset: 2026-03-01", with: "")
        ])
        #expect(check(before: noSunset, after: Tree()).first?.message.contains("without a deprecation.sunset") == true)
    }

    @Test("FEAT008: one warning per changed path under .featurerepo/")
    func policyChange() {
        let found = check(
            before: Tree(), after: Tree(), configChanges: [".featurerepo/config.yaml", ".featurerepo/extra.txt"])
        #expect(found.map(\.rule) == ["FEAT008", "FEAT008"])
        #expect(found.allSatisfy { $0.severity == .warning && $0.identity == nil })
    }

    @Test("FEAT009: a version or name changed in place on one file")
    func identityInPlace() {
        let found = check(
            before: Tree([a: yaml("a", stage: "explore")]), after: Tree([a: yaml("a", stage: "explore", version: 2)]))
        #expect(found.rules == ["FEAT009"])
        #expect(found[0].severity == .warning && found[0].line == 2 && found[0].version == 2)
        let renamed = check(
            before: Tree([a: yaml("a", stage: "explore")]), after: Tree([a: yaml("b", stage: "explore")]))
        #expect(renamed.first?.message.contains("renamed in place from a to b") == true)
    }

    @Test("FEAT008: the config's semantic change, for review; a broken head config is an error")
    func policyDiff() {
        var head = Policy.standard
        head.rules = ["FEAT006": .off, "FEAT008": .error]
        head.notWaivable = ["FEAT003"]
        head.waiverMaxDays = 365
        head.allowDemotion = true
        head.stages = head.stages.map { stage in
            var s = stage
            if s.name == "production" { s.frozen = false; s.minDays = 3 }
            if s.name == "shadow" { s.requires = s.requires.filter { $0.field != "time.ttl" } }
            return s
        }
        if var archived = head.stage("deprecated") {
            archived.name = "canary"
            head.stages.append(archived)
        }
        let found = check(before: Tree(), after: Tree(), configChanges: [".featurerepo/config.yaml"], headPolicy: head)
        #expect(found.rules == ["FEAT008"])
        let message = found.first?.message ?? ""
        for expected in [
            "production no longer frozen", "FEAT006 off", "FEAT008 warning → error", "min_days for production 7 → 3",
            "shadow no longer requires time.ttl", "stage canary added", "demotions allowed",
            "FEAT003 no longer waivable",
            "waiver_max_days 90 → 365",
        ] {
            #expect(message.contains(expected), "\(expected) missing from: \(message)")
        }
        #expect(found.first?.severity == .warning)
        let same = check(
            before: Tree(), after: Tree(), configChanges: [".featurerepo/config.yaml"], headPolicy: .standard)
        #expect(same.first?.message.contains("with no effect on the rules") == true)
        let broken = check(
            before: Tree(), after: Tree(), configChanges: [".featurerepo/config.yaml"],
            headConfigProblem: ".featurerepo/config.yaml:3: unknown setting 'rulez'")
        #expect(broken.map(\.severity) == [.error])
        #expect(broken.first?.message.contains("cannot be read") == true)
        #expect(broken.first?.message.contains("config.yaml:3") == true)
    }

    @Test("FEAT009: an in-place version bump leads with FEAT009; FEAT004 and FEAT007 say it in its terms; no FEAT005")
    func versionBumpExplained() {
        let found = check(
            before: Tree([a: yaml("a", stage: "production")]),
            after: Tree([a: yaml("a", stage: "production", version: 2)]))
        #expect(found.rules == ["FEAT009", "FEAT007", "FEAT004"])
        #expect(
            found[1].line == 2
                && found[1].message.hasPrefix("changing the version in place removes a v1, which is production"))
        #expect(found[2].message.contains("a v2 is a new identity"))
        #expect(found.map(\.severity) == [.warning, .error, .error])
    }

    @Test("a new feature straight into production: FEAT004 says it; FEAT005 adds nothing unless FEAT004 is milder")
    func newFeatureNoRestatement() {
        let added = Tree([a: yaml("a", stage: "production")])
        #expect(check(before: Tree(), after: added).rules == ["FEAT004"])
        let mild = check(before: Tree(), after: added, policy: .standard.with(rules: ["FEAT004": .warning]))
        #expect(mild.rules == ["FEAT004", "FEAT005"])
        #expect(mild.of("FEAT005").first?.severity == .error)
    }

    @Test(
        "FEAT010: entering deprecated needs a sunset at least the notice ahead; a past sunset fails; moving it is judged"
    )
    func deprecationNotice() {
        let shadow = Tree([a: yaml("a", stage: "shadow")])
        func deprecate(_ sunset: String, now: String = "2026-03-01", policy: Policy = .standard) -> [Violation] {
            check(
                before: shadow, after: Tree([a: yaml("a", stage: "deprecated", sunset: sunset)]), policy: policy,
                now: now)
        }
        #expect(deprecate("2026-03-31").isEmpty)
        let soon = deprecate("2026-03-30")
        #expect(soon.rules == ["FEAT010"])
        #expect(
            soon.first?.message
                == "sunset 2026-03-30 is 29 days away; consumers get 30 days' notice: set it on or after 2026-03-31")
        #expect(soon.first?.line == 16)
        let past = deprecate("2026-02-01")
        #expect(past.rules == ["FEAT010"] && past.first?.message.contains("already past") == true)
        var lenient = Policy.standard
        lenient.deprecationNoticeDays = 7
        #expect(deprecate("2026-03-10", policy: lenient).isEmpty)
        // A sunset moved while deprecated is judged again; an untouched one is not.
        let deprecated = Tree([a: yaml("a", stage: "deprecated", sunset: "2026-06-01")])
        let moved = check(before: deprecated, after: Tree([a: yaml("a", stage: "deprecated", sunset: "2026-03-05")]))
        #expect(moved.rules == ["FEAT010"])
        let reworded = Tree([
            a: yaml("a", stage: "deprecated", sunset: "2026-06-01").replacingOccurrences(
                of: "hypothesis: h.", with: "hypothesis: g.")
        ])
        #expect(check(before: deprecated, after: reworded, now: "2026-05-30").isEmpty)
    }

    // MARK: waivers

    let frozenBefore = Tree(["features/a.yaml": yaml("a", stage: "production")])
    func waived(_ waiver: String, type: String = "int64") -> Tree {
        Tree([
            "features/a.yaml": yaml("a", stage: "production", window: "30d", extra: "waivers:\n" + waiver)
                .replacingOccurrences(of: "type: int64", with: "type: \(type)")
        ])
    }

    @Test("a waiver added with the change turns its error into a warning carrying the reason, until it expires")
    func waiver() {
        let tree = waived("  - {rule: FEAT006, reason: agreed with consumers, expires: 2026-04-01}\n")
        let found = check(before: frozenBefore, after: tree, now: "2026-04-01")
        #expect(found.count == 1)
        #expect(found[0].severity == .warning && found[0].waiver == "agreed with consumers")
        #expect(found[0].waiverExpires?.description == "2026-04-01")
        let late = check(before: frozenBefore, after: tree, now: "2026-04-02")
        #expect(late.map(\.severity) == [.error])
        #expect(late[0].rule == "FEAT006" && late[0].message.contains("its FEAT006 waiver expired on 2026-04-01"))
    }

    @Test("a FEAT006 waiver merged last month for window 7d → 30d does not excuse this month's entity and type changes")
    func waiverReviewedEarlier() {
        let waiver = "waivers:\n  - {rule: FEAT006, reason: window agreed, expires: 2026-04-15}\n"
        let merged = Tree([a: yaml("a", stage: "production", window: "30d", extra: waiver)])
        let now = Tree([
            a: yaml("a", stage: "production", window: "30d", extra: waiver)
                .replacingOccurrences(of: "type: int64", with: "type: string")
                .replacingOccurrences(of: "entity: [user_id]", with: "entity: [account_id]")
        ])
        let found = check(before: merged, after: now, now: "2026-03-20")
        #expect(found.rules == ["FEAT006", "FEAT006"])
        #expect(found.allSatisfy { $0.severity == .error && $0.waiver == nil })
        #expect(found.allSatisfy { $0.message.contains("reviewed with an earlier pull request") })
        // Editing the waiver in this pull request is a new review: it excuses this change.
        let renewed = Tree([
            a: yaml(
                "a", stage: "production", window: "30d",
                extra: waiver.replacingOccurrences(of: "window agreed", with: "entity and type agreed with consumers")
            )
            .replacingOccurrences(of: "type: int64", with: "type: string")
            .replacingOccurrences(of: "entity: [user_id]", with: "entity: [account_id]")
        ])
        #expect(check(before: merged, after: renewed, now: "2026-03-20").allSatisfy { $0.severity == .warning })
    }

    @Test("a waiver with fields excuses only changes of those fields")
    func waiverFields() {
        let tree = waived(
            "  - {rule: FEAT006, reason: r, expires: 2026-04-01, fields: [aggregation]}\n", type: "string")
        let found = check(before: frozenBefore, after: tree).of("FEAT006")
        #expect(found.count == 2)
        #expect(found.first { $0.fields == ["aggregation.window"] }?.severity == .warning)
        let type = found.first { $0.fields == ["type"] }
        #expect(type?.severity == .error)
        #expect(type?.message.contains("its FEAT006 waiver covers only aggregation") == true)
    }

    @Test("an expired waiver on a feature whose pull request only rewords the description passes with a warning")
    func expiredWaiverExcusesNothing() {
        let waiver = "waivers:\n  - {rule: FEAT006, reason: window agreed, expires: 2026-02-01}\n"
        let before = Tree([a: yaml("a", stage: "production", window: "30d", extra: waiver)])
        let after = Tree([
            a: yaml("a", stage: "production", window: "30d", extra: waiver).replacingOccurrences(
                of: "description: d.", with: "description: Better words.")
        ])
        let found = check(before: before, after: after)
        #expect(found.rules == ["FEAT001"])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.message == "waiver for FEAT006 expired on 2026-02-01 and excuses nothing; remove it")
    }

    @Test("state rules: a waiver on the base keeps excusing FEAT003 until it expires")
    func stateWaiver() {
        let missing = yaml("a", stage: "shadow").replacingOccurrences(of: "backfill: {start: 2024-01-01}\n", with: "")
        let waiver = "waivers:\n  - {rule: FEAT003, reason: backfill scheduled, expires: 2026-03-10}\n"
        let before = Tree([a: missing + waiver])
        let after = Tree([a: (missing + waiver).replacingOccurrences(of: "description: d.", with: "description: e.")])
        let found = check(before: before, after: after)
        #expect(found.rules == ["FEAT003"] && found.first?.severity == .warning)
        let late = check(before: before, after: after, now: "2026-03-11")
        #expect(late.rules == ["FEAT003"] && late.first?.severity == .error)
    }

    @Test("a waiver without a reason or expires, too far ahead, for an unknown rule, or that cannot apply")
    func badWaivers() {
        let noReason = check(before: frozenBefore, after: waived("  - {rule: FEAT006, expires: 2026-04-01}\n"))
        #expect(noReason.map(\.rule).sorted() == ["FEAT001", "FEAT006"])
        #expect(noReason.map(\.severity) == [.error, .error])
        #expect(
            noReason.contains {
                $0.message == "waiver for FEAT006 has no reason; a waiver must say why the exception is acceptable"
            })
        let noExpiry = check(before: frozenBefore, after: waived("  - {rule: FEAT006, reason: r}\n"))
        #expect(
            noExpiry.contains {
                $0.rule == "FEAT001" && $0.message.contains("has no expires date") && $0.message.contains("2026-05-30")
            })
        #expect(noExpiry.of("FEAT006").first?.severity == .error)
        let far = check(before: frozenBefore, after: waived("  - {rule: FEAT006, reason: r, expires: 2026-05-31}\n"))
        #expect(
            far.contains {
                $0.rule == "FEAT001" && $0.severity == .error
                    && $0.message.contains("more than 90 days ahead; the latest allowed is 2026-05-30")
            })
        #expect(far.of("FEAT006").first?.severity == .error)
        let unknown = check(before: frozenBefore, after: waived("  - {rule: FEAT06, reason: r, expires: 2026-04-01}\n"))
        #expect(
            unknown.contains {
                $0.rule == "FEAT001" && $0.message.contains("did you mean 'FEAT006'")
                    && $0.message.contains("FEAT001–FEAT015")
            })
        let policy = Policy.standard.with(notWaivable: ["FEAT006"])
        let kept = check(
            before: frozenBefore, after: waived("  - {rule: FEAT006, reason: r, expires: 2026-04-01}\n"), policy: policy
        )
        #expect(kept.of("FEAT006").map(\.severity) == [.error])
        #expect(
            kept.contains { $0.rule == "FEAT001" && $0.severity == .warning && $0.message.contains("not waivable") })
        let removal = check(
            before: frozenBefore, after: waived("  - {rule: FEAT007, reason: r, expires: 2026-04-01}\n"))
        #expect(
            removal.contains {
                $0.rule == "FEAT001" && $0.severity == .warning && $0.message.contains("FEAT007 cannot be waived")
            })
    }
}
