import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// Every reason names what changed in the domain's words and is true of this change.
@Suite("Reasons are true of the change")
struct ReasonTests {
    func only(_ before: String, _ after: String) throws -> FieldChange {
        let report = try Fixture.diff(before, after)
        let changes = try #require(report.features.first?.changes)
        #expect(changes.count == 1, "\(changes.map(\.message))")
        return try #require(changes.first)
    }

    static let vocabulary = "vocabulary: [card, bank, wallet]"

    func categorical(_ encoding: String, _ vocabulary: String = vocabulary) -> String {
        Fixture.yaml(.categorical)
            .replacingOccurrences(of: "encoding: onehot", with: "encoding: \(encoding)")
            .replacingOccurrences(of: Self.vocabulary, with: vocabulary)
    }

    @Test("an insertion is called an insertion, with its position, never a reorder", arguments: ["onehot", "index"])
    func insertion(encoding: String) throws {
        let c = try only(categorical(encoding), categorical(encoding, "vocabulary: [card, crypto, bank, wallet]"))
        #expect(c.message.hasPrefix("vocabulary: 'crypto' inserted at position 2 (3 → 4 entries): "), "\(c.message)")
        #expect(!c.message.contains("reorder"))
        #expect(c.message.contains("2 categories get another"), "\(c.message)")
    }

    @Test("a reorder names the entry that moved")
    func reorder() throws {
        let c = try only(categorical("onehot"), categorical("onehot", "vocabulary: [card, wallet, bank]"))
        #expect(c.message.hasPrefix("vocabulary: reordered: "), "\(c.message)")
        #expect(c.message.contains("moved from position"), "\(c.message)")
    }

    @Test("a rename says which entry took whose place")
    func rename() throws {
        let c = try only(categorical("index"), categorical("index", "vocabulary: [card, bank_transfer, wallet]"))
        #expect(c.message.contains("'bank' renamed to 'bank_transfer' at position 2"), "\(c.message)")
        #expect(c.message.contains("'bank_transfer' takes the id that meant 'bank'"), "\(c.message)")
        #expect(c.message.contains("rows with 'bank' now take the unseen path"), "\(c.message)")
    }

    @Test(
        "a hash vocabulary is never described as one-hot columns",
        arguments: [
            "vocabulary: [card, bank, wallet, crypto]", "vocabulary: [card, crypto, bank, wallet]",
            "vocabulary: [card, wallet]",
        ])
    func hashWording(vocabulary: String) throws {
        let c = try only(categorical("hash"), categorical("hash", vocabulary))
        #expect(c.impact == .compatible)
        #expect(!c.message.contains("one-hot"), "\(c.message)")
        #expect(!c.message.contains("column"), "\(c.message)")
        #expect(c.message.contains("hash"), "\(c.message)")
    }

    @Test("an index vocabulary appended is described in ids, not one-hot columns")
    func indexWording() throws {
        let c = try only(categorical("index"), categorical("index", "vocabulary: [card, bank, wallet, crypto]"))
        #expect(c.impact == .breaking)
        #expect(
            c.message
                == "vocabulary: 'crypto' appended (3 → 4 entries): a new id past the 3 a model was trained with (an embedding table sized for them has no row there), and the unseen id moves from 3 to 4; rows with 'crypto' took the unseen path before"
        )
    }

    static let big = (1...200).map { "merchant_category_with_a_long_shared_prefix_\($0)" }

    func bigVocabulary(_ entries: [String]) -> String {
        "vocabulary: [" + entries.joined(separator: ", ") + "]"
    }

    @Test("in a 200-entry vocabulary the message names the entry that went, and where")
    func bigRemoval() throws {
        var after = Self.big
        after.remove(at: 116)
        let c = try only(categorical("onehot", bigVocabulary(Self.big)), categorical("onehot", bigVocabulary(after)))
        #expect(c.impact == .breaking)
        #expect(
            c.message.contains(
                "'merchant_category_w…ng_shared_prefix_117' removed (was at position 117) (200 → 199 entries)"),
            "\(c.message)")
        #expect(c.message.count < 600, "\(c.message.count)")
    }

    @Test("in a 200-entry vocabulary an entry inserted, one appended and one moved are all named")
    func bigEdits() throws {
        var after = Self.big
        after.insert("new_entry", at: 50)
        after.append("tail_entry")
        let moved = after.remove(at: 10)
        after.insert(moved, at: 150)
        let c = try only(categorical("onehot", bigVocabulary(Self.big)), categorical("onehot", bigVocabulary(after)))
        #expect(c.message.contains("'new_entry' inserted at position 50"), "\(c.message)")
        #expect(c.message.contains("'tail_entry' appended"), "\(c.message)")
        #expect(c.message.contains("_11' moved from position 11 to 151"), "\(c.message)")
        #expect(c.message.contains("(200 → 202 entries)"), "\(c.message)")
    }

    @Test("many entries removed are named first ones first, with a count")
    func manyRemoved() throws {
        let after = Array(Self.big.prefix(190))
        let c = try only(categorical("index", bigVocabulary(Self.big)), categorical("index", bigVocabulary(after)))
        #expect(c.message.contains("and 7 more removed (first at position 191)"), "\(c.message)")
    }

    @Test("entries that differ only after a long shared prefix stay distinguishable")
    func longEntries() throws {
        let long = String(repeating: "x", count: 80)
        let c = try only(
            categorical("onehot", "vocabulary: [\(long)_a, \(long)_b]"),
            categorical("onehot", "vocabulary: [\(long)_a]"))
        // The entry is cut, but its position tells which one went.
        #expect(c.message.contains("removed (was at position 2)"), "\(c.message)")
    }

    @Test("closed → open with nothing lost does not contradict itself")
    func closedToOpen() throws {
        let base = Fixture.yaml(.map)
        let c = try only(base, base.replacingOccurrences(of: "keys: closed", with: "keys: open"))
        #expect(c.impact == .compatible)
        #expect(c.message.contains("every known key is kept"), "\(c.message)")
        #expect(!c.message.contains("no longer find"), "\(c.message)")
    }

    @Test("closed → open with a known key lost says which one, and neither reason claims values are unchanged")
    func closedToOpenLost() throws {
        let base = Fixture.yaml(.map)
        let after = base.replacingOccurrences(of: "keys: closed", with: "keys: open")
            .replacingOccurrences(of: "[books, games, music]", with: "[books, music]")
        let changes = try #require(try Fixture.diff(base, after).features.first?.changes)
        let keys = try #require(changes.first { $0.field == "map.keys" })
        let known = try #require(changes.first { $0.field == "map.known_keys" })
        #expect(keys.impact == .meaning)
        #expect(keys.message.contains("'games' leaves the known keys"), "\(keys.message)")
        #expect(known.impact == .breaking)
        #expect(known.message.contains("'games' removed"), "\(known.message)")
        for c in changes { #expect(!c.message.contains("unchanged"), "\(c.message)") }
    }

    @Test("a known key inserted mid-list is an insertion, not a reorder")
    func knownKeyInserted() throws {
        let base = Fixture.yaml(.map)
        let c = try only(
            base, base.replacingOccurrences(of: "[books, games, music]", with: "[books, comics, games, music]"))
        #expect(c.impact == .additive)
        #expect(c.message.hasPrefix("map.known_keys: 'comics' inserted at position 2 (3 → 4 keys): "), "\(c.message)")
        #expect(!c.message.contains("reorder"))
    }

    @Test("entity changes name the join keys")
    func entity() throws {
        let base = Fixture.yaml(.scalar)
        let c = try only(base, base.replacingOccurrences(of: "entity: [user_id]", with: "entity: [account_id]"))
        #expect(c.message.hasPrefix("entity: 'user_id' replaced by 'account_id'"), "\(c.message)")
    }

    @Test("a type change that rounds says so")
    func rounding() throws {
        let base = Fixture.yaml(.scalar)
        let c = try only(base, base.replacingOccurrences(of: "type: int32", with: "type: float32"))
        #expect(c.impact == .breaking)
        #expect(c.message.contains("cannot hold every int32 value exactly"), "\(c.message)")
    }

    @Test("cosine → dot on normalised vectors says why the scores are equal")
    func metric() throws {
        let base = Fixture.yaml(.embedding)
        let c = try only(base, base.replacingOccurrences(of: "metric: cosine", with: "metric: dot"))
        #expect(c.impact == .compatible)
        #expect(c.message.contains("normalised at both versions"), "\(c.message)")
    }

    @Test(
        "a field feat cannot classify is meaning and says so; one that sets a shape is breaking",
        arguments: [
            ("lineage", Impact.meaning), ("categorical.ordering", .breaking), ("map.key_format", .breaking),
            ("embedding.vector_size", .breaking), ("embedding.projection", .meaning), ("time.calendar", .meaning),
        ])
    func unclassified(field: String, impact: Impact) throws {
        let kind: Kind =
            field.hasPrefix("map")
            ? .map : field.hasPrefix("embedding") ? .embedding : field.hasPrefix("categorical") ? .categorical : .scalar
        let before = try Fixture.feature(Fixture.yaml(kind))
        var after = before
        after.definition = try set(
            after.definition, path: field.split(separator: ".").map(String.init), to: .string("v2"))
        let report = SemanticDiff.compare(before: [before], after: [after], policy: .standard)
        let change = try #require(report.features.first?.changes.first)
        #expect(change.field == field)
        #expect(change.impact == impact)
        #expect(change.message.contains("cannot classify"), "\(change.message)")
    }

    func set(_ value: Value, path: [String], to leaf: Value) throws -> Value {
        guard let first = path.first else { return leaf }
        guard case .map(var fields) = value else { throw CancellationError() }
        fields[first] = try set(fields[first] ?? .map([:]), path: Array(path.dropFirst()), to: leaf)
        return .map(fields)
    }
}

@Suite("Messages quote values exactly")
struct ExactQuoteTests {
    @Test("whitespace inside an SQL literal is shown as written: 'a b' → 'a  b' never prints as two equal strings")
    func literalSpaces() throws {
        let base = Fixture.yaml(.aggregation, stage: "production")
        let before = base.replacingOccurrences(of: "status = 'settled'", with: "status = 'a b'")
        let after = base.replacingOccurrences(of: "status = 'settled'", with: "status = 'a  b'")
        let change = try #require(try Fixture.diff(before, after).features.first?.changes.first)
        #expect(change.message.contains("'a b'") && change.message.contains("'a  b'"), "\(change.message)")
    }

    @Test("a multi-line value stays on one line, its line breaks shown as \\n")
    func lineBreaksShown() {
        #expect(Wording.show("a\n  b\n", limit: 40) == "a\\n  b")
    }
}
