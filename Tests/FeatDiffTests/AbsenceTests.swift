import FeatModel
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
