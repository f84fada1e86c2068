import FeatYAML
import Testing

/// Files built to hurt the reader must be refused with one clear error: no crash, no
/// stack overflow, no exponential expansion, no hang.
@Suite("Hostile input")
struct HostileInputTests {
    /// "Billion laughs": each level is ten aliases of the one before.
    static func aliasBomb(levels: Int) -> String {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1..<levels {
            let previous = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(previous)]\n"
        }
        return text
    }

    @Test("an alias bomb is refused for its expanded size, not expanded", arguments: [9, 10])
    func aliasBomb(levels: Int) throws {
        let error = try #require(refusal(Self.aliasBomb(levels: levels)))
        #expect(error.message == "document expands to more than 100000 nodes (aliases included); refusing it")
        // Level n costs 10^(n+1)+…+1 nodes: l4 (line 5) brings the total past 100,000.
        #expect(error.mark?.line == 5)
    }

    /// `tags: [&a <length × a>, *a, *a, …]`: few nodes, but every alias repeats the text.
    static func aliasedString(length: Int, aliases: Int, quoted: Bool = false) -> String {
        let text = String(repeating: "a", count: length)
        return "tags: [&a " + (quoted ? "\"\(text)\"" : text) + ", "
            + Array(repeating: "*a", count: aliases).joined(separator: ", ") + "]\n"
    }

    @Test(
        "an alias costs its text too: a long string aliased 10,000 times is refused within its first aliases",
        arguments: [(100_000, false), (100_000, true), (960_000, false)])
    func aliasedLongString(length: Int, quoted: Bool) throws {
        let text = Self.aliasedString(length: length, aliases: 10_000, quoted: quoted)
        let error = try #require(refusal(text))
        #expect(error.message == "document expands to more than 100000 nodes (aliases included); refusing it")
        // The work done is the aliases read before the refusal: each costs
        // 1 + length / textBytesPerNode nodes, so the budget runs out within a few dozen of
        // them instead of repeating the string 10,000 times for every later reader.
        let cost = 1 + (length + (quoted ? 2 : 0)) / YAMLLimits.textBytesPerNode
        let aliasesRead = (100_000 / cost) + 1
        let anchorEnd = "tags: [&a ".count + length + (quoted ? 2 : 0)
        let column = try #require(error.mark?.column)
        #expect(error.mark?.line == 1)
        #expect(column == anchorEnd + aliasesRead * ", *a".count - 1, "refused at alias \((column - anchorEnd) / 4)")
        #expect(aliasesRead < 20)
    }

    @Test("a short string aliased a few times, as files really do, is read")
    func aliasedShortString() throws {
        let root = try parse(Self.aliasedString(length: 2_000, aliases: 50))
        let tags = try #require(root["tags"]?.items)
        #expect(tags.count == 51)
        #expect(tags.allSatisfy { $0.scalarText?.count == 2_000 })
    }

    @Test("aliases within the node limit are expanded by sharing")
    func smallAliasTree() throws {
        let root = try parse(Self.aliasBomb(levels: 3))
        let top = try #require(root["l2"]?.items)
        #expect(top.count == 10)
        #expect(top[0].items?.count == 10)
        #expect(top[0].items?[0].items?[0].scalarText == "lol")
    }

    @Test("an alias to its own unfinished anchor is an unknown alias, not a cycle")
    func selfReference() throws {
        let error = try #require(refusal("a: &loop [1, *loop]\n"))
        #expect(error.message == "unknown alias *loop")
        #expect(error.mark?.line == 1)
    }

    @Test("an alias with no anchor is refused with its line")
    func unknownAlias() throws {
        let error = try #require(refusal("feature: a\nowner: *nobody\n"))
        #expect(error.message == "unknown alias *nobody")
        #expect(error.mark == Mark(line: 2, column: 8))
    }

    @Test("200,000 nested flow sequences are refused at the depth limit")
    func deepFlowNesting() throws {
        let depth = 200_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(refusal(text))
        #expect(error.message == "nested deeper than 64 levels")
        #expect(error.mark?.line == 1)
    }

    @Test("200,000 nested flow mappings are refused at the depth limit")
    func deepFlowMappings() throws {
        let depth = 200_000
        let text = String(repeating: "{a: ", count: depth) + "x" + String(repeating: "}", count: depth)
        let error = try #require(refusal(text))
        #expect(error.message == "nested deeper than 64 levels")
        #expect(error.mark?.line == 1)
    }

    @Test("200,000 compact block sequences on one line are refused at the depth limit")
    func deepBlockNesting() throws {
        let text = String(repeating: "- ", count: 200_000) + "x\n"
        let error = try #require(refusal(text))
        #expect(error.message == "nested deeper than 64 levels")
        #expect(error.mark?.line == 1)
    }

    @Test("deeply indented block mappings are refused at the depth limit")
    func deepIndentedMappings() throws {
        var text = ""
        for level in 0..<1_000 { text += String(repeating: " ", count: level) + "k:\n" }
        let error = try #require(refusal(text))
        #expect(error.message == "nested deeper than 64 levels")
        // Line n opens the n-th mapping; the 65th is one too many.
        #expect(error.mark?.line == 65)
    }

    @Test("nesting up to the depth limit is accepted")
    func nestingAtTheLimit() throws {
        let limits = YAMLLimits(maxDepth: 3)
        #expect(refusal("[[[1]]]", limits: limits) == nil)
        #expect(refusal("[[[[1]]]]", limits: limits)?.message == "nested deeper than 3 levels")
    }

    @Test("a 6 MB file is refused by its size before it is read")
    func hugeFile() throws {
        var bytes = Array("description: ".utf8)
        bytes += Array(repeating: UInt8(ascii: "a"), count: 6 << 20)
        let error = try #require(refusal(bytes))
        #expect(error.message == "file is \(bytes.count) bytes, larger than the limit of 1048576 bytes")
        #expect(error.mark == nil)
    }

    @Test("a file of exactly the size limit is read")
    func fileAtTheLimit() throws {
        let limits = YAMLLimits(maxBytes: 16)
        #expect(refusal("a: 0123456789abc", limits: limits) == nil)  // 16 bytes
        #expect(
            refusal("a: 0123456789abcd", limits: limits)?.message
                == "file is 17 bytes, larger than the limit of 16 bytes")
    }

    @Test("a flat list larger than the node limit is refused")
    func tooManyNodes() throws {
        let text = "[" + Array(repeating: "1", count: 150_000).joined(separator: ",") + "]"
        let error = try #require(refusal(text))
        #expect(error.message.hasPrefix("document expands to more than 100000 nodes"))
    }

    @Test("binary content is refused at its first NUL byte")
    func binary() throws {
        let bytes = Array("feature: a\nowner: b".utf8) + [0, 1, 2, 0xFF] + Array("\n".utf8)
        let error = try #require(refusal(bytes))
        #expect(error.message == "binary content (a NUL byte), not a YAML text file")
        #expect(error.mark == Mark(line: 2, column: 9))
    }

    @Test("Latin-1 text is refused naming the byte and its line")
    func latin1() throws {
        // "description: café" saved as ISO-8859-1: é is the single byte 0xE9.
        let bytes = Array("feature: a\ndescription: caf".utf8) + [0xE9] + Array("\nowner: b\n".utf8)
        let error = try #require(refusal(bytes))
        #expect(error.message == "not valid UTF-8 (byte 0xE9); save the file as UTF-8")
        #expect(error.mark == Mark(line: 2, column: 17))
    }

    @Test(
        "malformed UTF-8 is refused",
        arguments: [
            [0x80],  // a continuation byte alone
            [0xC0, 0xAF],  // overlong '/'
            [0xE0, 0x80, 0xAF],  // overlong, three bytes
            [0xED, 0xA0, 0x80],  // a UTF-16 surrogate
            [0xF4, 0x90, 0x80, 0x80],  // beyond U+10FFFF
            [0xE2, 0x82],  // truncated at the end of the file
            [0xFF],
        ] as [[UInt8]])
    func malformedUTF8(sequence: [UInt8]) throws {
        let error = try #require(refusal(Array("a: ".utf8) + sequence))
        #expect(error.message.hasPrefix("not valid UTF-8 (byte 0x"))
        #expect(error.mark == Mark(line: 1, column: 4))
    }

    @Test("UTF-16 text is refused, not misread")
    func utf16() throws {
        // "a: 1" in UTF-16LE with its byte-order mark: every ASCII character carries a NUL.
        let error = try #require(refusal([0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00, 0x20, 0x00, 0x31, 0x00]))
        #expect(error.message == "binary content (a NUL byte), not a YAML text file")
    }

    @Test("valid multi-byte UTF-8 is read")
    func validUTF8() throws {
        let root = try parse("owner: Zoë 🚀 名前\n")
        #expect(root["owner"]?.scalarText == "Zoë 🚀 名前")
    }

    @Test("control characters are refused by the parser with their line")
    func controlCharacter() throws {
        // libyaml's reader reports these by byte offset, not by line.
        let error = try #require(refusal("a: 1\nb: x\u{7}y\n"))
        #expect(error.message == "control characters are not allowed")
        #expect(error.mark == Mark(line: 2, column: 5))
    }
}
