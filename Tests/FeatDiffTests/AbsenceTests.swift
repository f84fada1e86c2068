import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Absent vs set is judged by what absence means (SPEC §4): a defaulted field reads as its
/// default, a field whose absence means "none" changes the computation when first set, and
/// a descriptive field first set declares what is already served.
@Suite("Absent vs set: judged by what absence means")
struct AbsenceTests {
    func impacts(_ before: String, _ after: String) throws -> [String: Impact] {
        let report = try Fixture.diff(before, after)
        var result: [String: Impact] = [:]
        for change in report.features.flatMap(\.changes) { result[change.field] = change.impact }
        return result
    }

    @Test("source.sql added beside source.table on a production feature filters rows: meaning, not additive")
    func sqlBesideTable() throws {
        let before = Fixture.yaml(.aggregation, stage: "production")
            .replacingOccurrences(
                of: "  sql: |\n    SELECT user_id, amount FROM payments.transactions WHERE status = 'settled'\n",
                with: "")
        let after = Fixture.yaml(.aggregation, stage: "production")
            .replacingOccurrences(of: "status = 'settled'", with: "amount > 1000")
        #expect(try impacts(before, after) == ["source.sql": .meaning])
    }

    @Test("aggregation.column first set: absent counts rows, so the values change")
    func columnFirstSet() throws {
        let before = Fixture.yaml(.aggregation, stage: "production")
            .replacingOccurrences(
                of: "{function: count, column: txn_id, window: 7d}", with: "{function: count, window: 7d}")
        #expect(
            try impacts(before, Fixture.yaml(.aggregation, stage: "production")) == ["aggregation.column": .meaning])
    }

    @Test("map.missing: zero first set on an int32 map: absent means null, and null ↔ zero is breaking there")
    func missingFirstSetOnIntegers() throws {
        let before = Fixture.yaml(.map, stage: "production").replacingOccurrences(of: "  missing: zero\n", with: "")
        #expect(try impacts(before, Fixture.yaml(.map, stage: "production")) == ["map.missing": .breaking])
    }

    @Test("a defaulted field set to its default, or removed when it held the default, is no change at all")
    func defaultIsNoChange() throws {
        let base = Fixture.yaml(.aggregation, stage: "production")
        let utc = base.replacingOccurrences(of: "  ttl: 1d\n", with: "  ttl: 1d\n  timezone: UTC\n")
        #expect(try Fixture.diff(base, utc).features.isEmpty)
        #expect(try Fixture.diff(utc, base).features.isEmpty)
    }

    @Test(
        "encoding first set in the promotion to shadow that requires it is a declaration; on production it is breaking")
    func encodingDeclaredByThePromotion() throws {
        let candidate = Fixture.yaml(.categorical, stage: "candidate")
            .replacingOccurrences(of: "  encoding: onehot\n", with: "")
        let shadow = Fixture.yaml(.categorical, stage: "shadow")
            .replacingOccurrences(of: "encoding: onehot", with: "encoding: index")
        #expect(try impacts(candidate, shadow)["categorical.encoding"] == .additive)
        let production = Fixture.yaml(.categorical, stage: "production")
        let before = production.replacingOccurrences(of: "  encoding: onehot\n", with: "")
        let after = production.replacingOccurrences(of: "encoding: onehot", with: "encoding: index")
        #expect(try impacts(before, after)["categorical.encoding"] == .breaking)
    }

    @Test("a descriptive field first set still declares what is served: additive")
    func descriptiveFirstSet() throws {
        let after = Fixture.yaml(.aggregation, stage: "production")
        let before = after.replacingOccurrences(of: "  ttl: 1d\n", with: "")
        #expect(try impacts(before, after) == ["time.ttl": .additive])
    }
}

/// Time zones are compared by ICU's canonical ids (SPEC §2), not by how they are spelled.
@Suite("Time zones: aliases are the same zone")
struct TimeZoneTests {
    func zone(_ name: String?) -> String {
        let base = Fixture.yaml(.aggregation, stage: "production")
        guard let name else { return base }
        return base.replacingOccurrences(of: "  ttl: 1d\n", with: "  ttl: 1d\n  timezone: \(name)\n")
    }

    @Test("US/Eastern → America/New_York is no change: one zone, two names")
    func aliasIsNoChange() throws {
        #expect(try Fixture.diff(zone("US/Eastern"), zone("America/New_York")).features.isEmpty)
    }

    @Test(
        "every name for UTC equals an absent time.timezone",
        arguments: ["UTC", "GMT", "Etc/GMT", "Zulu", "Etc/GMT+0", "Universal", "Greenwich", "UCT"])
    func utcNames(_ name: String) throws {
        #expect(try Fixture.diff(zone(nil), zone(name)).features.isEmpty, "\(name)")
    }

    @Test("another zone is meaning, and the reason names both canonical zones")
    func anotherZone() throws {
        let change = try #require(
            try Fixture.diff(zone("US/Eastern"), zone("Europe/Paris")).features.first?.changes.first)
        #expect(change.impact == .meaning)
        #expect(change.message.contains("America/New_York → Europe/Paris"), "\(change.message)")
    }

    @Test("ICU's canonical ids are reachable: the underscored module feat relies on still answers")
    func canonicalIDs() {
        #expect(TimeZoneName.canonical("US/Eastern") == "America/New_York")
        #expect(TimeZoneName.canonical("Zulu") == "Etc/UTC")
        #expect(TimeZoneName.canonical("Nowhere/Land") == nil)
    }
}

/// Rows for the fields added in the revised format, backfill by direction, and fields the
/// format does not know (SPEC §2, §4).
@Suite("New fields, backfill by direction, unknown fields")
struct NewFieldRowTests {
    func impacts(_ kind: Kind, _ before: [Edit], _ after: [Edit]) throws -> [String: Impact] {
        let base = Fixture.yaml(kind, stage: "production")
        let report = try Fixture.diff(try Fixture.apply(before, to: base), try Fixture.apply(after, to: base))
        var result: [String: Impact] = [:]
        for change in report.features.flatMap(\.changes) { result[change.field] = change.impact }
        return result
    }

    static func dtype(_ d: String) -> Edit {
        Edit("  input: product_title\n", "  input: product_title\n  dtype: \(d)\n")
    }

    @Test("embedding dtype float16 → float32 is a lossless widening; float32 → int8 is quantisation")
    func embeddingDType() throws {
        #expect(
            try impacts(.embedding, [Self.dtype("float16")], [Self.dtype("float32")]) == [
                "embedding.dtype": .compatible
            ])
        #expect(try impacts(.embedding, [], [Self.dtype("int8")]) == ["embedding.dtype": .breaking])
        #expect(try impacts(.embedding, [], [Self.dtype("float32")]).isEmpty, "float32 is what absence means")
    }

    @Test("embedding pooling changed is meaning")
    func pooling() throws {
        let pooling = { (p: String) in Edit("  input: product_title\n", "  input: product_title\n  pooling: \(p)\n") }
        #expect(try impacts(.embedding, [pooling("mean")], [pooling("cls")]) == ["embedding.pooling": .meaning])
    }

    @Test("allowed_lateness first set is meaning (absent means 0s); set to 0s is no change")
    func allowedLateness() throws {
        let lateness = { (d: String) in Edit("  ttl: 1d\n", "  ttl: 1d\n  allowed_lateness: \(d)\n") }
        #expect(try impacts(.aggregation, [], [lateness("2h")]) == ["time.allowed_lateness": .meaning])
        #expect(try impacts(.aggregation, [], [lateness("0s")]).isEmpty)
    }

    @Test("backfill start earlier is compatible, later drops history: meaning; end later compatible, earlier meaning")
    func backfillByDirection() throws {
        let start = { (d: String) in Edit("start: 2024-01-01", "start: \(d)") }
        #expect(try impacts(.aggregation, [], [start("2023-01-01")]) == ["backfill.start": .compatible])
        #expect(try impacts(.aggregation, [], [start("2025-01-01")]) == ["backfill.start": .meaning])
        let end = { (d: String) in Edit("strategy: incremental}", "strategy: incremental, end: \(d)}") }
        #expect(try impacts(.aggregation, [end("2026-06-01")], [end("2026-09-01")]) == ["backfill.end": .compatible])
        #expect(try impacts(.aggregation, [end("2026-06-01")], [end("2026-03-01")]) == ["backfill.end": .meaning])
    }

    @Test("a misspelt field is reported as itself, meaning, with the closest known one — never as the real field's row")
    func unknownFieldNamed() throws {
        let base = Fixture.yaml(.aggregation, stage: "production")
        let typo = base.replacingOccurrences(of: "null_rate_max", with: "nul_rate_max")
        let parsed = FeatureParser.parse(Array(typo.utf8), path: "features/user_signal.yaml")
        let after = try #require(parsed.feature, "a misspelt key is an error, yet the feature is still read")
        let report = SemanticDiff.compare(
            before: [try Fixture.feature(base)], after: [after], policy: .standard)
        let change = try #require(report.features.first?.changes.first { $0.field == "expectations.nul_rate_max" })
        #expect(change.impact == .meaning)
        #expect(change.message.contains("did you mean 'expectations.null_rate_max'"), "\(change.message)")
    }
}

/// `x-` keys carry what the format had no field for (SPEC §3, §10): the policy's
/// `extension_impacts` says what a change to them means.
@Suite("x- keys graded by the policy's extension_impacts")
struct ExtensionImpactTests {
    func change(_ before: String, _ after: String, policy: Policy = .standard) throws -> FieldChange? {
        let base = Fixture.yaml(.aggregation, stage: "production")
        let report = SemanticDiff.compare(
            before: [try Fixture.feature(base + before)], after: [try Fixture.feature(base + after)], policy: policy)
        return report.features.first?.changes.first
    }

    @Test("x-last-k 10 → 20 is meaning under the built-in preset: the list holds other values")
    func presetKey() throws {
        let c = try #require(try change("x-last-k: 10\n", "x-last-k: 20\n"))
        #expect(c.impact == .meaning)
        #expect(c.message.contains("extension_impacts"), "\(c.message)")
    }

    @Test("an unlisted x- key is additive, and its reason says how to grade it")
    func unlisted() throws {
        let c = try #require(try change("x-team-notes: a\n", "x-team-notes: b\n"))
        #expect(c.impact == .additive)
        #expect(c.message.contains("extension_impacts"), "\(c.message)")
    }

    @Test("a dotted-path entry wins over the key name, at any depth")
    func dottedPathWins() throws {
        var policy = Policy.standard
        policy.extensionImpacts = ["x-window": "meaning", "aggregation.x-window": "breaking"]
        let base = Fixture.yaml(.aggregation, stage: "production")
        let before = base.replacingOccurrences(of: "window: 7d}", with: "window: 7d, x-window: {kind: sliding}}")
        let after = base.replacingOccurrences(of: "window: 7d}", with: "window: 7d, x-window: {kind: tumbling}}")
        let report = SemanticDiff.compare(
            before: [try Fixture.feature(before)], after: [try Fixture.feature(after)], policy: policy)
        #expect(report.features.first?.changes.map(\.impact) == [.breaking])
    }

    @Test("a policy that leaves extension_impacts out grades every x- key additive")
    func leftOut() throws {
        let policy = try PolicyParser.parse(Array("version: 1\n".utf8))
        let c = try #require(try change("x-last-k: 10\n", "x-last-k: 20\n", policy: policy))
        #expect(c.impact == .additive)
    }

    @Test("extension_impacts refuses a key that is not an x- key, and an impact that does not exist")
    func refused() {
        #expect(throws: PolicyError.self) {
            try PolicyParser.parse(Array("extension_impacts: {last_k: meaning}\n".utf8))
        }
        #expect(throws: PolicyError.self) { try PolicyParser.parse(Array("extension_impacts: {x-k: meanig}\n".utf8)) }
    }
}
