import FeatModel
import Foundation
import Testing

@testable import FeatDiff

/// One row of SPEC §4's categorical table: edits of the categorical fixture, and the impact of
/// the one changed field under each encoding (nil: no change at all).
struct EncodingCase: Sendable, CustomTestStringConvertible {
    var label: String
    var before: [Edit]
    var after: [Edit]
    var field: String
    var onehot: Impact?
    var index: Impact?
    var hash: Impact?

    init(
        _ label: String, before: [Edit] = [], after: [Edit], field: String = "categorical.vocabulary",
        onehot: Impact?, index: Impact?, hash: Impact?
    ) {
        self.label = label
        self.before = before
        self.after = after
        self.field = field
        self.onehot = onehot
        self.index = index
        self.hash = hash
    }

    var testDescription: String { label }

    func expected(_ encoding: String) -> Impact? {
        switch encoding {
        case "onehot": return onehot
        case "index": return index
        default: return hash
        }
    }

    /// The categorical fixture with `encoding` and 64 buckets (which only hash encoding uses).
    static func base(_ encoding: String) -> String {
        Fixture.yaml(.categorical).replacingOccurrences(
            of: "encoding: onehot", with: "encoding: \(encoding)\n  buckets: 64")
    }

    func check(_ encoding: String) throws {
        let base = Self.base(encoding)
        let report = try Fixture.diff(try Fixture.apply(before, to: base), try Fixture.apply(after, to: base))
        guard let impact = expected(encoding) else {
            #expect(
                report.isEmpty,
                "\(encoding): expected no change, got \(report.features.flatMap(\.changes).map(\.message))")
            return
        }
        let changes = try #require(report.features.first?.changes, "\(encoding): expected a change")
        #expect(changes.map(\.field) == [field], "\(encoding): \(changes.map(\.message))")
        #expect(changes.first?.impact == impact, "\(encoding): \(changes.map(\.message))")
        #expect(report.features.first?.impact == impact)
        for change in changes {
            #expect(change.message.contains(": "), "\(change.message)")
            if encoding == "hash" {
                #expect(
                    !change.message.contains("one-hot"), "a hash vocabulary described as one-hot: \(change.message)")
            }
            if encoding == "index" {
                #expect(
                    !change.message.contains("one-hot"), "an index vocabulary described as one-hot: \(change.message)")
            }
        }
    }
}

let vocabulary = "vocabulary: [card, bank, wallet]"
let sha1 = String(repeating: "a", count: 64)
let sha2 = String(repeating: "b", count: 64)
func uri(_ location: String = "gs://vocab/payment_method.txt", sha: String = sha1) -> Edit {
    Edit("  vocabulary: [card, bank, wallet]\n", "  vocabulary_file: \(location)\n  vocabulary_sha256: \(sha)\n")
}

/// SPEC §4, "Categorical semantics depend on the encoding", every row, every encoding.
let encodingCases: [EncodingCase] = [
    EncodingCase(
        "entry appended: a new id past the trained table",
        after: [Edit(vocabulary, "vocabulary: [card, bank, wallet, crypto]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "two entries appended", after: [Edit(vocabulary, "vocabulary: [card, bank, wallet, crypto, cash]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "entry inserted in the middle", after: [Edit(vocabulary, "vocabulary: [card, crypto, bank, wallet]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "entry inserted first", after: [Edit(vocabulary, "vocabulary: [crypto, card, bank, wallet]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "entry removed from the middle", after: [Edit(vocabulary, "vocabulary: [card, wallet]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "last entry removed", after: [Edit(vocabulary, "vocabulary: [card, bank]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "entry renamed", after: [Edit(vocabulary, "vocabulary: [card, bank_transfer, wallet]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "entries reordered", after: [Edit(vocabulary, "vocabulary: [bank, card, wallet]")],
        onehot: .breaking, index: .breaking, hash: nil),
    EncodingCase(
        "entries reversed", after: [Edit(vocabulary, "vocabulary: [wallet, bank, card]")],
        onehot: .breaking, index: .breaking, hash: nil),
    EncodingCase(
        "reordered and one appended", after: [Edit(vocabulary, "vocabulary: [bank, card, wallet, crypto]")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "vocabulary removed", after: [Edit("  vocabulary: [card, bank, wallet]\n", "")],
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "vocabulary declared", before: [Edit("  vocabulary: [card, bank, wallet]\n", "")], after: [],
        onehot: .additive, index: .additive, hash: .additive),
    // unseen
    EncodingCase(
        "unseen bucket → ignore", after: [Edit("unseen: bucket", "unseen: ignore")], field: "categorical.unseen",
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "unseen bucket → error", after: [Edit("unseen: bucket", "unseen: error")], field: "categorical.unseen",
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "unseen ignore → bucket", before: [Edit("unseen: bucket", "unseen: ignore")], after: [],
        field: "categorical.unseen", onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "unseen error → bucket", before: [Edit("unseen: bucket", "unseen: error")], after: [],
        field: "categorical.unseen", onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "unseen ignore → error: rows that had values now fail", before: [Edit("unseen: bucket", "unseen: ignore")],
        after: [Edit("unseen: bucket", "unseen: error")], field: "categorical.unseen",
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "unseen error → ignore", before: [Edit("unseen: bucket", "unseen: error")],
        after: [Edit("unseen: bucket", "unseen: ignore")], field: "categorical.unseen",
        onehot: .meaning, index: .meaning, hash: .compatible),
    EncodingCase(
        "unseen bucket removed: judged as its default, error", after: [Edit("  unseen: bucket\n", "")],
        field: "categorical.unseen", onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "unseen ignore removed: judged as error", before: [Edit("unseen: bucket", "unseen: ignore")],
        after: [Edit("  unseen: bucket\n", "")], field: "categorical.unseen",
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "unseen error removed: the same as its default, no change", before: [Edit("unseen: bucket", "unseen: error")],
        after: [Edit("  unseen: bucket\n", "")], field: "categorical.unseen",
        onehot: nil, index: nil, hash: nil),
    EncodingCase(
        "unseen bucket first set: absent means error, so the unseen slot appears",
        before: [Edit("  unseen: bucket\n", "")], after: [],
        field: "categorical.unseen", onehot: .breaking, index: .breaking, hash: .compatible),
    // buckets
    EncodingCase(
        "buckets changed", after: [Edit("buckets: 64", "buckets: 128")], field: "categorical.buckets",
        onehot: .cosmetic, index: .cosmetic, hash: .breaking),
    EncodingCase(
        "buckets removed", after: [Edit("\n  buckets: 64", "")], field: "categorical.buckets",
        onehot: .cosmetic, index: .cosmetic, hash: .breaking),
    // a URI vocabulary: its checksum is its identity
    EncodingCase(
        "URI vocabulary whose sha256 changed", before: [uri()], after: [uri(sha: sha2)],
        field: "categorical.vocabulary_sha256", onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "URI vocabulary moved to another URI, sha256 unchanged", before: [uri()],
        after: [uri("s3://other/methods.txt")], onehot: nil, index: nil, hash: nil),
    EncodingCase(
        "URI vocabulary moved and its sha256 changed", before: [uri()],
        after: [uri("https://example.com/methods.txt", sha: sha2)], field: "categorical.vocabulary_file",
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "inline vocabulary replaced by a URI", after: [uri()], field: "categorical.vocabulary_file",
        onehot: .breaking, index: .breaking, hash: .compatible),
    EncodingCase(
        "URI vocabulary declared", before: [Edit("  vocabulary: [card, bank, wallet]\n", "")], after: [uri()],
        field: "categorical.vocabulary_file", onehot: .additive, index: .additive, hash: .additive),
]

@Suite("Categorical impacts by encoding (SPEC §4)")
struct EncodingTableTests {
    @Test(
        "every row of the encoding table, under every encoding", arguments: encodingCases, ["onehot", "index", "hash"])
    func row(_ row: EncodingCase, encoding: String) throws {
        try row.check(encoding)
    }

    @Test(
        "the encoding changed is breaking; removed, it is judged as onehot",
        arguments: [
            ("encoding: onehot", "encoding: index", Impact.breaking),
            ("encoding: onehot", "encoding: hash\n  buckets: 64", .breaking),
            ("encoding: index", "encoding: hash\n  buckets: 64", .breaking),
            ("encoding: hash\n  buckets: 64", "encoding: index\n  buckets: 64", .breaking),
            ("  encoding: index\n", "", .breaking),
            ("", "  encoding: index\n", .breaking),
        ])
    func encoding(before: String, after: String, impact: Impact) throws {
        let base = Fixture.yaml(.categorical).replacingOccurrences(of: "  encoding: onehot\n", with: "  ENCODING\n")
        func text(_ e: String) -> String {
            e.hasPrefix("  ") || e.isEmpty
                ? base.replacingOccurrences(of: "  ENCODING\n", with: e)
                : base.replacingOccurrences(of: "ENCODING", with: e)
        }
        let report = try Fixture.diff(text(before), text(after))
        let change = try #require(report.features.first?.changes.first { $0.field == "categorical.encoding" })
        #expect(change.impact == impact, "\(change.message)")
    }

    @Test("a vocabulary change while the encoding changes is judged under the stricter encoding")
    func vocabularyWithEncodingChange() throws {
        let before = EncodingCase.base("hash")
        // hash → onehot with the list reordered: harmless under hash, breaking under one-hot.
        let after = EncodingCase.base("onehot").replacingOccurrences(
            of: vocabulary, with: "vocabulary: [bank, card, wallet]")
        let report = try Fixture.diff(before, after)
        let changes = try #require(report.features.first?.changes)
        #expect(
            changes.first { $0.field == "categorical.vocabulary" }?.impact == .breaking, "\(changes.map(\.message))")
        #expect(changes.first { $0.field == "categorical.encoding" }?.impact == .breaking)
    }

    @Test("an absent encoding is judged as onehot: an appended entry is breaking")
    func absentEncodingIsOneHot() throws {
        let base = Fixture.yaml(.categorical).replacingOccurrences(of: "  encoding: onehot\n", with: "")
        let change = try #require(
            try Fixture.diff(
                base, base.replacingOccurrences(of: vocabulary, with: "vocabulary: [card, bank, wallet, crypto]")
            )
            .features.first?.changes.first)
        #expect(change.impact == .breaking)
        #expect(change.message.contains("one-hot width grows from 3 to 4"))
    }
}
