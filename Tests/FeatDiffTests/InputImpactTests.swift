import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// `inputs` keyed by name (SPEC §10): what each edit to a derived or request-time feature's
/// inputs does to its consumers.
@Suite("Inputs: changes keyed by name")
struct InputImpactTests {
    /// The production scalar fixture with these inputs; a request-time one takes its history
    /// from logged requests.
    static func with(_ inputs: String) -> String {
        var base = Fixture.yaml(.scalar, stage: "production")
            .replacingOccurrences(of: "entity: [user_id]", with: "entity: [user_id, recipient_id]")
        if inputs.contains("request:") {
            base = base.replacingOccurrences(of: "backfill: {start:", with: "backfill: {source: request_log, start:")
        }
        return base + "inputs:\n" + inputs
    }

    static let two =
        "  - {feature: user_txn_amount_mean_1d, version: 1, as: avg1d}\n  - {request: amt, type: float32}\n"

    func changes(_ before: String, _ after: String) throws -> [FieldChange] {
        try Fixture.diff(Self.with(before), Self.with(after)).features.flatMap(\.changes)
    }

    func impacts(_ before: String, _ after: String) throws -> [String: Impact] {
        var out: [String: Impact] = [:]
        for c in try changes(before, after) { out[c.field] = c.impact }
        return out
    }

    @Test("inputs reordered is no change: they are keyed by name")
    func reordered() throws {
        let reversed = "  - {request: amt, type: float32}\n  - {feature: user_txn_amount_mean_1d, as: avg1d}\n"
        #expect(try changes(Self.two, reversed).isEmpty)
    }

    @Test("an identity key written out, or version 1 written out, is no change")
    func identityWrittenOut() throws {
        let plain = "  - {feature: home_location, as: home}\n"
        let written = "  - {feature: home_location, version: 1, as: home, key: {user_id: user_id}}\n"
        #expect(try changes(plain, written).isEmpty)
    }

    @Test("a feature input added is meaning, reported at inputs[<as>]")
    func added() throws {
        let after = Self.two + "  - {feature: home_location, as: home}\n"
        let change = try #require(try changes(Self.two, after).first)
        #expect(change.field == "inputs[home]")
        #expect(change.impact == .meaning)
        #expect(change.message.contains("inputs[home] added (home_location v1)"), "\(change.message)")
    }

    @Test("a feature input removed is meaning")
    func removed() throws {
        let after = "  - {request: amt, type: float32}\n"
        #expect(try impacts(Self.two, after) == ["inputs[avg1d]": .meaning])
    }

    @Test("an input replaced under the same as is meaning, and says both features")
    func replaced() throws {
        let after = Self.two.replacingOccurrences(of: "user_txn_amount_mean_1d", with: "user_txn_amount_median_1d")
        let change = try #require(try changes(Self.two, after).first)
        #expect(change.impact == .meaning)
        #expect(change.message.contains("user_txn_amount_mean_1d → user_txn_amount_median_1d"), "\(change.message)")
    }

    @Test("an input's version changed is meaning")
    func versionChanged() throws {
        let after = Self.two.replacingOccurrences(of: "version: 1", with: "version: 2")
        let change = try #require(try changes(Self.two, after).first)
        #expect(change.field == "inputs[avg1d]")
        #expect(change.impact == .meaning)
        #expect(change.message.contains("version 1 → 2"), "\(change.message)")
    }

    @Test("an input's key mapping changed is breaking: rows join another entity")
    func keyChanged() throws {
        let before = "  - {feature: home_location, as: home}\n"
        let after = "  - {feature: home_location, as: home, key: {user_id: recipient_id}}\n"
        #expect(try impacts(before, after) == ["inputs[home].key": .breaking])
    }

    @Test("a request input added is breaking: every caller must now send it")
    func requestAdded() throws {
        let after = Self.two + "  - {request: channel, type: string}\n"
        #expect(try impacts(Self.two, after) == ["inputs[channel]": .breaking])
    }

    @Test("a request input removed is compatible; the history it no longer takes from logged requests is meaning")
    func requestRemoved() throws {
        let after = "  - {feature: user_txn_amount_mean_1d, as: avg1d}\n"
        #expect(try impacts(Self.two, after) == ["inputs[amt]": .compatible, "backfill.source": .meaning])
    }

    @Test("a request input's type widened is compatible, narrowed breaking: the type rows, at inputs[<request>].type")
    func requestType() throws {
        let wider = Self.two.replacingOccurrences(of: "type: float32", with: "type: float64")
        #expect(try impacts(Self.two, wider) == ["inputs[amt].type": .compatible])
        #expect(try impacts(wider, Self.two) == ["inputs[amt].type": .breaking])
    }

    @Test("an as renamed is one input removed and another added")
    func asRenamed() throws {
        let after = Self.two.replacingOccurrences(of: "as: avg1d", with: "as: mean1d")
        #expect(try impacts(Self.two, after) == ["inputs[avg1d]": .meaning, "inputs[mean1d]": .meaning])
    }

    @Test("inputs first set on a feature are meaning: absent inputs mean none, and the values now come from them")
    func firstSet() throws {
        let base = Fixture.yaml(.scalar, stage: "production")
        let report = try Fixture.diff(base, base + "inputs:\n  - {feature: home_location, as: home}\n")
        #expect(report.features.first?.changes.map(\.impact) == [.meaning])
    }

    @Test("a change to an input names its line in the head file")
    func line() throws {
        let after = Self.two.replacingOccurrences(of: "type: float32", with: "type: float64")
        let report = try Fixture.diff(Self.with(Self.two), Self.with(after))
        let head = try #require(report.features.first?.head)
        let lines = Self.with(after).split(separator: "\n", omittingEmptySubsequences: false)
        let expected = try #require(lines.firstIndex { $0.contains("request: amt") }) + 1
        #expect(head.line(of: "inputs[amt].type") == expected)
        #expect(report.features.first?.line == expected)
    }
}
