import FeatYAML
import Testing

/// The checks that read bytes a word at a time, and duplicate keys found by comparison in a
/// short mapping and by table in a long one, give the answers a byte-by-byte reading gives.
@Suite("Byte-level checks and duplicate keys")
struct ByteLevelChecksTests {
    @Test("a NUL byte is found at its line and column wherever it falls in a word", arguments: 0..<17)
    func nulAtEveryOffset(offset: Int) throws {
        let text = "feature: " + String(repeating: "a", count: offset)
        let error = try #require(refusal(Array("x: 1\n".utf8) + Array(text.utf8) + [0] + Array("\n".utf8)))
        #expect(error.message == "binary content (a NUL byte), not a YAML text file")
        #expect(error.mark == Mark(line: 2, column: text.utf8.count + 1))
    }

    @Test("an invalid UTF-8 byte is found wherever it falls in a word", arguments: 0..<17)
    func invalidUTF8AtEveryOffset(offset: Int) throws {
        let text = "owner: " + String(repeating: "é", count: offset % 3) + String(repeating: "b", count: offset)
        let error = try #require(refusal(Array(text.utf8) + [0xC0, 0x80] + Array("\n".utf8)))
        #expect(error.message == "not valid UTF-8 (byte 0xC0); save the file as UTF-8")
        #expect(error.mark == Mark(line: 1, column: text.utf8.count + 1))
    }

    @Test("a truncated sequence at the very end is refused")
    func truncatedAtEnd() throws {
        let error = try #require(refusal(Array("owner: abcdefgh".utf8) + [0xE2, 0x82]))
        #expect(error.message == "not valid UTF-8 (byte 0xE2); save the file as UTF-8")
    }

    @Test(
        "a key written twice is refused naming its first line, in short and long mappings",
        arguments: [2, 31, 32, 33, 40])
    func duplicateKey(keys: Int) throws {
        let lines = (0..<keys).map { "k\($0): \($0)" } + ["k1: again"]
        let error = try #require(refusal(lines.joined(separator: "\n") + "\n"))
        #expect(error.message == "duplicate key 'k1' (first at line 2)")
        #expect(error.mark == Mark(line: keys + 1, column: 1))
    }

    @Test("keys that differ only after their first bytes are not duplicates")
    func similarKeys() throws {
        let lines = (0..<40).map { "key_\($0): \($0)" } + ["key_: x", "key_40: y"]
        let root = try parse(lines.joined(separator: "\n") + "\n")
        #expect(root.keys?.count == 42)
    }

    @Test("keys that are canonically equal are duplicates, in short and long mappings", arguments: [1, 40])
    func canonicallyEqualKeys(padding: Int) throws {
        let lines = (0..<padding).map { "p\($0): \($0)" } + ["caf\u{E9}: 1", "cafe\u{301}: 2"]
        let error = try #require(refusal(lines.joined(separator: "\n") + "\n"))
        #expect(error.message == "duplicate key 'cafe\u{301}' (first at line \(padding + 1))")
    }
}
