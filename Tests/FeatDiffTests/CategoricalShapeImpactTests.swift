import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Rows of SPEC §10's categoricals in the wild, on a production categorical.
@Suite("Categoricals in the wild: what each change does to consumers")
struct CategoricalShapeImpactTests {
    static func categorical(_ extra: String = "", encoding: String = "onehot") -> String {
        Fixture.yaml(.categorical, stage: "production")
            .replacingOccurrences(of: "encoding: onehot\n", with: "encoding: \(encoding)\n" + extra)
    }

    static func fitted(_ fitted: String, encoding: String = "onehot") -> String {
        Fixture.yaml(.categorical, stage: "production")
            .replacingOccurrences(of: "  vocabulary: [card, bank, wallet]\n", with: "  fitted: \(fitted)\n")
            .replacingOccurrences(of: "encoding: onehot", with: "encoding: \(encoding)")
    }

    func impacts(_ before: String, _ after: String) throws -> [String: Impact] {
        var out: [String: Impact] = [:]
        for c in try Fixture.diff(before, after).features.flatMap(\.changes) { out[c.field] = c.impact }
        return out
    }

    @Test("multi_valued flipped is breaking; false written is what absence means")
    func multiValued() throws {
        #expect(
            try impacts(Self.categorical(), Self.categorical("  multi_valued: true\n")) == [
                "categorical.multi_valued": .breaking
            ])
        #expect(
            try impacts(Self.categorical("  multi_valued: true\n"), Self.categorical()) == [
                "categorical.multi_valued": .breaking
            ])
        #expect(try impacts(Self.categorical(), Self.categorical("  multi_valued: false\n")).isEmpty)
    }

    @Test("max_values set, changed or removed is meaning: rows gain or lose categories")
    func maxValues() throws {
        let multi = Self.categorical("  multi_valued: true\n")
        let five = Self.categorical("  multi_valued: true\n  max_values: 5\n")
        let three = Self.categorical("  multi_valued: true\n  max_values: 3\n")
        #expect(try impacts(multi, five) == ["categorical.max_values": .meaning])
        #expect(try impacts(five, three) == ["categorical.max_values": .meaning])
        #expect(try impacts(five, multi) == ["categorical.max_values": .meaning])
    }

    @Test("a fitted parameter changed is breaking with onehot or index, compatible with hash: content unknown")
    func fittedParameter() throws {
        let base = "{dataset: txn_train, order: frequency, top_k: 1000}"
        let more = "{dataset: txn_train, order: frequency, top_k: 2000}"
        #expect(try impacts(Self.fitted(base), Self.fitted(more)) == ["categorical.fitted": .breaking])
        #expect(
            try impacts(Self.fitted(base, encoding: "index"), Self.fitted(more, encoding: "index")) == [
                "categorical.fitted": .breaking
            ])
        let hash = { (f: String) in
            Self.fitted(f, encoding: "hash").replacingOccurrences(
                of: "encoding: hash\n", with: "encoding: hash\n  buckets: 64\n")
        }
        #expect(try impacts(hash(base), hash(more)) == ["categorical.fitted": .compatible])
    }

    @Test("fitted ↔ a listed vocabulary is the vocabulary-content-unknown row: breaking under onehot")
    func fittedToListed() throws {
        let fitted = Self.fitted("{dataset: txn_train, top_k: 3}")
        let listed = Fixture.yaml(.categorical, stage: "production")
        let change = try #require(try Fixture.diff(fitted, listed).features.first?.changes.first)
        #expect(change.field == "categorical.fitted")
        #expect(change.impact == .breaking)
        #expect(try impacts(listed, fitted) == ["categorical.fitted": .breaking])
    }

    @Test("a fitted vocabulary first set where none was is a declaration")
    func fittedDeclared() throws {
        let none = Fixture.yaml(.categorical, stage: "production")
            .replacingOccurrences(of: "  vocabulary: [card, bank, wallet]\n", with: "")
        #expect(try impacts(none, Self.fitted("{dataset: txn_train}")) == ["categorical.fitted": .additive])
    }

    @Test("unseen_id changed is breaking; the id N that absence means, written out, is no change")
    func unseenID() throws {
        let index = Self.categorical(encoding: "index")
        #expect(try impacts(index, Self.categorical("  unseen_id: 3\n", encoding: "index")).isEmpty)
        #expect(
            try impacts(index, Self.categorical("  unseen_id: 99\n", encoding: "index")) == [
                "categorical.unseen_id": .breaking
            ])
        #expect(
            try impacts(
                Self.categorical("  unseen_id: 99\n", encoding: "index"),
                Self.categorical("  unseen_id: 100\n", encoding: "index")) == ["categorical.unseen_id": .breaking])
    }
}
