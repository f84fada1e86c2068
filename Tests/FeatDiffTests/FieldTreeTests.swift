import FeatModel
import Foundation
import Testing

@testable import FeatDiff

@Suite("Field paths are collision-free and deterministic")
struct FieldTreeTests {
    /// `{"a.b": 1, a: {b: 2}}`: a dotted key beside the nested path it spells.
    static let colliding = Value.map([
        "expectations": .map(["a.b": .int(1), "a": .map(["b": .int(2)]), "min": .int(0)])
    ])

    @Test("a dotted key and a nested key are two paths, each with its own value")
    func distinctPaths() throws {
        let leaves = FieldTree.leaves(of: Self.colliding)
        #expect(leaves["expectations.\"a.b\""] == .int(1))
        #expect(leaves["expectations.a.b"] == .int(2))
        #expect(FieldTree.components("expectations.\"a.b\"") == ["expectations", "a.b"])
        #expect(FieldTree.components("expectations.a.b") == ["expectations", "a", "b"])
        #expect(FieldTree.component("say \"hi\".") == "\"say \\\"hi\\\".\"")
        #expect(FieldTree.components("x.\"say \\\"hi\\\".\"") == ["x", "say \"hi\"."])
    }

    @Test("every key reads back as itself from a path, plain ASCII or not, quoted or not, empty parts kept")
    func componentsRoundTrip() {
        let keys = ["plain_key", "", "a.b", "é", "x-é.y", "say \"hi\"", "back\\slash", "naïve", "e\u{301}.", "日本"]
        for key in keys {
            for other in keys {
                let path = FieldTree.component(key) + "." + FieldTree.component(other)
                #expect(FieldTree.components(path) == [key, other], "\(path)")
            }
        }
        #expect(FieldTree.component("plain_key") == "plain_key")
        #expect(FieldTree.component("") == "\"\"")
        #expect(FieldTree.components("") == [])
        #expect(FieldTree.components("a..b") == ["a", "", "b"])
        #expect(FieldTree.components("a.") == ["a", ""])
        #expect(FieldTree.components(".a") == ["", "a"])
    }

    @Test("the same definition gives the same fields every time, whatever the dictionary order")
    func deterministic() throws {
        let first = FieldTree.leaves(of: Self.colliding)
        for _ in 0..<200 {
            #expect(FieldTree.leaves(of: Self.colliding) == first)
        }
    }

    @Test("a feature file cannot hold the collision: dotted keys are unknown fields, refused with their line")
    func refusedInFiles() throws {
        let text = Fixture.yaml(.scalar).replacingOccurrences(
            of: "expectations: {null_rate_max: 0.0, min: 0}", with: "expectations: {\"a.b\": 1, a: {b: 2}, min: 0}")
        let parsed = FeatureParser.parse(Array(text.utf8), path: "features/user_signal.yaml")
        let messages = parsed.problems.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains("unknown field 'a.b' in 'expectations'") }, "\(messages)")
    }
}

@Suite("Messages are built within their cut")
struct WordingTests {
    @Test("a value is cut at 60 characters; a value of exactly 60 is shown whole")
    func cut() {
        let sixty = String(repeating: "a", count: 60)
        #expect(Wording.show(.string(sixty)) == sixty)
        #expect(Wording.show(.string(sixty + "b")) == String(repeating: "a", count: 59) + "…")
        #expect(Wording.show(.string("  two\n words\t ")) == "two\\n words\\t ")
        #expect(Wording.show(.list([.string("card"), .int(2), .map(["k": .bool(true)])])) == "[card, 2, {k: true}]")
    }

    @Test("a cut list says how many items it holds")
    func cutList() {
        let list = Value.list((1...1000).map { .string("entry_\($0)") })
        let shown = Wording.show(list)
        #expect(shown.hasPrefix("[entry_1, entry_2"))
        #expect(shown.hasSuffix("… (1000 items)"))
    }

    @Test("10,000 aliases of a 100,000-character string diff in well under a second")
    func hugeList() throws {
        let big = String(repeating: "x", count: 100_000)
        let before = try Fixture.feature(Fixture.yaml(.scalar))
        var after = before
        guard case .map(var fields) = after.definition else { throw CancellationError() }
        fields["tags"] = .list(Array(repeating: .string(big), count: 10_000))
        fields["description"] = .string(big)
        after.definition = .map(fields)
        let clock = ContinuousClock()
        var report = DiffReport(features: [])
        let elapsed = clock.measure {
            report = SemanticDiff.compare(before: [before], after: [after], policy: .standard)
        }
        #expect(elapsed < .seconds(2), "\(elapsed)")
        let changes = try #require(report.features.first?.changes)
        #expect(changes.map(\.field) == ["description", "tags"])
        for change in changes { #expect(change.message.count < 400, "\(change.message.count)") }
    }

    @Test("a long entry keeps its start and its end")
    func entry() {
        #expect(Wording.entry("card") == "'card'")
        let long = String(repeating: "a", count: 50) + "_117"
        let shown = Wording.entry(long)
        #expect(shown.hasSuffix("_117'"))
        #expect(shown.count == 42)
    }
}

@Suite("Vocabulary file bytes read as entries")
struct VocabularyFileBytesTests {
    @Test("one entry per line; a final newline is not an entry; spaces belong to their entry")
    func entries() {
        #expect(VocabularyFile(bytes: Array("card\nbank\nwallet\n".utf8)).entries == ["card", "bank", "wallet"])
        #expect(VocabularyFile(bytes: Array("card\nbank\nwallet".utf8)).entries == ["card", "bank", "wallet"])
        #expect(VocabularyFile(bytes: Array("new york\n".utf8)).entries == ["new york"])
        #expect(VocabularyFile(bytes: []).entries == [])
        #expect(VocabularyFile(bytes: []).problems.isEmpty)
    }

    @Test("CRLF line ends read as LF, with a warning naming the first line")
    func crlf() {
        let read = VocabularyFile(bytes: Array("card\r\nbank\r\n".utf8))
        #expect(read.entries == ["card", "bank"])
        #expect(read.problems.map(\.severity) == [.warning])
        #expect(read.problems.first?.line == 1)
        #expect(read.problems.first?.message.contains("CRLF") == true)
    }

    @Test("a blank line is an error naming its line")
    func blank() {
        let read = VocabularyFile(bytes: Array("card\n\nbank\n  \n".utf8))
        // Still entries: a reader splitting on line breaks sees empty categories there.
        #expect(read.entries == ["card", "", "bank", "  "])
        #expect(read.problems.map(\.severity) == [.error, .error])
        #expect(read.problems.map(\.line) == [2, 4])
        #expect(read.problems.first?.message.contains("blank line") == true)
    }

    @Test("the checksum is SHA-256 of the bytes, as sha256sum prints it (empty, one block, several blocks)")
    func checksum() {
        #expect(VocabularyFile(bytes: []).sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            VocabularyFile(bytes: Array("abc".utf8)).sha256
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = (0..<5).flatMap { _ in (0...255).map { UInt8($0) } }
        #expect(SHA256.hex(long) == "d414b085826eb06778483ba35564dc849e643359f69ed9747878ba6e54985bed")
        let fiftySix = Array(repeating: UInt8(ascii: "a"), count: 56)
        #expect(SHA256.hex(fiftySix) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    @Test("bytes that are not UTF-8 are an error")
    func notUTF8() {
        let read = VocabularyFile(bytes: [0x63, 0xFF, 0x0A])
        #expect(read.problems.map(\.severity) == [.error])
    }
}

@Suite("Value.summary for reports")
struct ValueSummaryTests {
    @Test("a huge list is summarised within its cut, with its count")
    func huge() {
        let big = String(repeating: "x", count: 100_000)
        let value = Value.list(Array(repeating: .string(big), count: 10_000))
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = value.summary() }
        #expect(elapsed < .milliseconds(500), "\(elapsed)")
        #expect(text.hasSuffix("… (10000 items)"))
        #expect(text.count <= 80)
        #expect(Value.string("7d").summary() == "7d")
    }
}

@Suite("Comparing only where two definitions differ finds every differing field")
struct DifferingLeavesTests {
    /// Every field whose leaf differs between `a` and `b` is in the result with both leaves,
    /// and nothing else is: the same fields the whole leaves would give the rules.
    func agrees(_ a: Value, _ b: Value, _ label: String) {
        let (x, y) = (FieldTree.leaves(of: a), FieldTree.leaves(of: b))
        let (old, new) = FieldTree.differingLeaves(a, b)
        for field in Set(x.keys).union(y.keys) where x[field] != y[field] {
            #expect(old[field] == x[field] && new[field] == y[field], "\(label): \(field)")
        }
        for (field, value) in old { #expect(x[field] == value && x[field] != y[field], "\(label): \(field) before") }
        for (field, value) in new { #expect(y[field] == value && x[field] != y[field], "\(label): \(field) after") }
    }

    @Test("on every kind's fixture against edits of it: a nested value, a block gone, a map made a scalar, x- keys")
    func everyKindAndEdit() throws {
        let edits: [(String, (Value) -> Value)] = [
            ("same", { $0 }),
            ("nested value", { $0.setting(["time", "ttl"], .string("2d")) }),
            ("deeper value", { $0.setting(["monitoring", "drift", "threshold"], .number(0.3)) }),
            ("block removed", { $0.setting(["expectations"], nil) }),
            ("block emptied", { $0.setting(["expectations"], .map([:])) }),
            ("block nulled", { $0.setting(["sla"], .null) }),
            ("map made scalar", { $0.setting(["source"], .string("payments.transactions")) }),
            ("x- key added", { $0.setting(["x-team"], .map(["slack": .string("#risk")])) }),
            ("x- key nested", { $0.setting(["time", "x-note"], .string("lagging")) }),
            ("stage moved", { $0.setting(["stage"], .string("production")) }),
            ("int as number", { $0.setting(["expectations", "min"], .number(0)) }),
        ]
        for kind in Kind.allCases {
            let base = try Fixture.feature(Fixture.yaml(kind)).definition
            for (label, edit) in edits {
                let edited = edit(base)
                agrees(base, edited, "\(kind) \(label)")
                agrees(edited, base, "\(kind) \(label), reversed")
                agrees(edited.setting(["x-team"], .string("risk")), edit(edited), "\(kind) \(label), x- on one side")
            }
        }
    }
}

extension Value {
    /// The value with the one at `path` replaced (nil: removed), maps made on the way.
    fileprivate func setting(_ path: [String], _ value: Value?) -> Value {
        guard let first = path.first else { return value ?? .null }
        guard case .map(var fields) = self else { return self }
        if path.count == 1 {
            fields[first] = value
        } else {
            fields[first] = (fields[first] ?? .map([:])).setting(Array(path.dropFirst()), value)
        }
        return .map(fields)
    }
}
