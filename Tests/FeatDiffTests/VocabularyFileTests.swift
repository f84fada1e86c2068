import FeatModel
import Foundation
import Testing

@testable import FeatDiff

@Suite("categorical.vocabulary_file compared by its contents")
struct VocabularyFileTests {
    /// Checksums are 64 hexadecimal digits (SPEC §2); anything shorter is a FEAT001 problem.
    static let shaA = String(repeating: "a1", count: 32)
    static let shaB = String(repeating: "b2", count: 32)

    static func yaml(file: String = "vocab/payment_method.txt", sha: String = shaA, encoding: String = "onehot")
        -> String
    {
        Fixture.yaml(.categorical).replacingOccurrences(
            of: "  vocabulary: [card, bank, wallet]\n",
            with: "  vocabulary_file: \(file)\n  vocabulary_sha256: \(sha)\n"
        ).replacingOccurrences(of: "encoding: onehot", with: "encoding: \(encoding)")
    }

    static let three = ["card", "bank", "wallet"]
    static let four = ["card", "bank", "wallet", "crypto"]

    func change(_ before: String, _ after: String, _ files: VocabularyFiles) throws -> FieldChange? {
        let report = try Fixture.diff(before, after, vocabularies: files)
        #expect(report.features.count <= 1)
        #expect((report.features.first?.changes.count ?? 0) <= 1)
        return report.features.first?.changes.first
    }

    @Test("a file moved with the same contents is no change")
    func pathChangeSameContents() throws {
        let files = VocabularyFiles(
            before: ["vocab/payment_method.txt": Self.three], after: ["vocab/methods.txt": Self.three])
        #expect(try change(Self.yaml(), Self.yaml(file: "vocab/methods.txt", sha: Self.shaB), files) == nil)
    }

    @Test("an entry appended to the file of a one-hot feature is breaking, reported as entries")
    func appendedOneHot() throws {
        let files = VocabularyFiles(
            before: ["vocab/payment_method.txt": Self.three], after: ["vocab/payment_method.txt": Self.four])
        let c = try #require(try change(Self.yaml(), Self.yaml(sha: Self.shaB), files))
        #expect(c.field == "categorical.vocabulary_file")
        #expect(c.impact == .breaking)
        #expect(c.before == .list(Self.three.map(Value.string)))
        #expect(c.after == .list(Self.four.map(Value.string)))
        #expect(
            c.message
                == "vocabulary in vocab/payment_method.txt: 'crypto' appended (3 → 4 entries): the one-hot width grows from 3 to 4 columns, so models trained on 3 columns cannot read it"
        )
    }

    @Test("an entry appended to the file of an index-encoded feature is breaking: a new id past the trained table")
    func appendedIndex() throws {
        let files = VocabularyFiles(
            before: ["vocab/payment_method.txt": Self.three], after: ["vocab/payment_method.txt": Self.four])
        let c = try #require(
            try change(Self.yaml(encoding: "index"), Self.yaml(sha: Self.shaB, encoding: "index"), files))
        #expect(c.impact == .breaking)
        #expect(c.message.contains("a new id past the 3 a model was trained with"), "\(c.message)")
    }

    @Test("an entry removed from the file is breaking")
    func removed() throws {
        let files = VocabularyFiles(
            before: ["vocab/payment_method.txt": Self.three], after: ["vocab/payment_method.txt": ["card", "wallet"]])
        let c = try #require(try change(Self.yaml(), Self.yaml(sha: Self.shaB), files))
        #expect(c.impact == .breaking)
        #expect(c.message.contains("'bank' removed (was at position 2)"))
    }

    @Test("an inline vocabulary moved into a file with the same entries is no change")
    func inlineToFile() throws {
        let files = VocabularyFiles(after: ["vocab/payment_method.txt": Self.three])
        #expect(try change(Fixture.yaml(.categorical), Self.yaml(), files) == nil)
    }

    @Test("an inline vocabulary moved into a file with an entry reordered is breaking")
    func inlineToFileReordered() throws {
        let files = VocabularyFiles(after: ["vocab/payment_method.txt": ["bank", "card", "wallet"]])
        let c = try #require(try change(Fixture.yaml(.categorical), Self.yaml(), files))
        #expect(c.field == "categorical.vocabulary_file")
        #expect(c.impact == .breaking)
        #expect(c.message.contains("reordered: 'card' moved from position 1 to 2"), "\(c.message)")
    }

    @Test(
        "contents unavailable: a checksum change of a one-hot vocabulary is breaking and says the contents could not be compared"
    )
    func unavailableShaChanged() throws {
        let c = try #require(try change(Self.yaml(), Self.yaml(sha: Self.shaB), VocabularyFiles()))
        #expect(c.field == "categorical.vocabulary_sha256")
        #expect(c.impact == .breaking)
        #expect(c.before == .string(Self.shaA))
        #expect(c.after == .string(Self.shaB))
        #expect(c.message.contains("could not be compared"))
    }

    @Test("contents unavailable: a new path with a new checksum is breaking for one-hot, compatible for hash")
    func unavailablePathChanged() throws {
        let c = try #require(
            try change(Self.yaml(), Self.yaml(file: "vocab/methods.txt", sha: Self.shaB), VocabularyFiles()))
        #expect(c.field == "categorical.vocabulary_file")
        #expect(c.impact == .breaking)
        let h = try #require(
            try change(
                Self.yaml(encoding: "hash"), Self.yaml(file: "vocab/methods.txt", sha: Self.shaB, encoding: "hash"),
                VocabularyFiles()))
        #expect(h.impact == .compatible)
        #expect(!h.message.contains("one-hot"))
        #expect(c.message.contains("could not be compared"))
    }

    @Test("contents unavailable: a new path with the same checksum is no change")
    func unavailableSameSha() throws {
        #expect(try change(Self.yaml(), Self.yaml(file: "vocab/methods.txt"), VocabularyFiles()) == nil)
    }

    @Test("contents available on one side only fall back to path and checksum")
    func oneSideOnly() throws {
        let files = VocabularyFiles(before: ["vocab/payment_method.txt": Self.three])
        let c = try #require(try change(Self.yaml(), Self.yaml(sha: Self.shaB), files))
        #expect(c.impact == .breaking)
        #expect(try change(Self.yaml(), Self.yaml(), files) == nil)
    }

    @Test("a changed sha256 with the same entries is no change: entries are compared, not checksums")
    func shaChangedSameEntries() throws {
        let files = VocabularyFiles(
            before: ["vocab/payment_method.txt": Self.three], after: ["vocab/payment_method.txt": Self.three])
        #expect(try change(Self.yaml(), Self.yaml(sha: Self.shaB), files) == nil)
    }

    @Test("a file whose only change is CRLF line ends or a final newline is no change")
    func lineEndsAreNoChange() throws {
        let lf = VocabularyFile(bytes: Array("card\nbank\nwallet\n".utf8))
        let crlf = VocabularyFile(bytes: Array("card\r\nbank\r\nwallet".utf8))
        #expect(lf.entries == Self.three)
        #expect(crlf.entries == Self.three)
        let files = VocabularyFiles(
            before: ["vocab/payment_method.txt": lf.entries], after: ["vocab/payment_method.txt": crlf.entries])
        #expect(try change(Self.yaml(), Self.yaml(sha: Self.shaB), files) == nil)
    }

    @Test("an entry inserted into the file of an index-encoded feature is breaking and called an insertion")
    func insertedIndex() throws {
        let files = VocabularyFiles(
            before: ["vocab/payment_method.txt": Self.three],
            after: ["vocab/payment_method.txt": ["card", "crypto", "bank", "wallet"]])
        let c = try #require(
            try change(Self.yaml(encoding: "index"), Self.yaml(sha: Self.shaB, encoding: "index"), files))
        #expect(c.impact == .breaking)
        #expect(c.message.contains("'crypto' inserted at position 2"), "\(c.message)")
        #expect(!c.message.contains("reorder"), "\(c.message)")
    }
}
