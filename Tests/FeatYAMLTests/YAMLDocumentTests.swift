import FeatYAML
import Testing

@Suite("Reading YAML documents")
struct YAMLDocumentTests {
    @Test("a UTF-8 byte-order mark is accepted and dropped")
    func byteOrderMark() throws {
        let root = try YAMLDocument.parse([0xEF, 0xBB, 0xBF] + Array("feature: a\nstage: explore\n".utf8))
        #expect(root.keys == ["feature", "stage"])
        #expect(root["feature"]?.scalarText == "a")
        #expect(root["stage"]?.mark.line == 2)
    }

    @Test("a byte-order mark alone is an empty document")
    func byteOrderMarkAlone() throws {
        #expect(try YAMLDocument.parse([0xEF, 0xBB, 0xBF]).isNull)
    }

    @Test("CRLF line endings are accepted and lines are counted once per CRLF")
    func crlf() throws {
        let root = try parse("feature: a\r\n# comment\r\nstage: explore\r\ntags:\r\n  - x\r\n  - y\r\n")
        #expect(root["feature"]?.scalarText == "a")
        #expect(root["stage"]?.scalarText == "explore")
        #expect(root["stage"]?.mark.line == 3)
        #expect(root["tags"]?.items?.map(\.scalarText) == ["x", "y"])
        #expect(root["tags"]?.items?[1].mark.line == 6)
    }

    @Test("errors in CRLF files point at the right line")
    func crlfErrorLine() throws {
        let error = try #require(refusal("a: 1\r\nb: 2\r\na: 3\r\n"))
        #expect(error.message == "duplicate key 'a' (first at line 1)")
        #expect(error.mark?.line == 3)
    }

    @Test("a duplicate key names the key and both lines")
    func duplicateKey() throws {
        let error = try #require(refusal("owner: a\nfeature: x\n\nowner: b\n"))
        #expect(error.message == "duplicate key 'owner' (first at line 1)")
        #expect(error.mark == Mark(line: 4, column: 1))
    }

    @Test(
        "duplicate keys are refused however they are written",
        arguments: [
            ("source:\n  table: a\n  table: b\n", "table", 2, 3),
            ("aggregation: {window: 7d, window: 30d}\n", "window", 1, 1),
            ("a: 1\n'a': 2\n", "a", 1, 2),
            ("evidence:\n  - {k: 1}\n  - k: 1\n    k: 2\n", "k", 3, 4),
        ])
    func duplicateKeys(text: String, key: String, first: Int, second: Int) throws {
        let error = try #require(refusal(text))
        #expect(error.message == "duplicate key '\(key)' (first at line \(first))")
        #expect(error.mark?.line == second)
    }

    @Test("the same key in different mappings is not a duplicate")
    func sameKeyElsewhere() throws {
        let root = try parse("a: {k: 1}\nb: {k: 2}\nk: 3\n")
        #expect(root["b"]?["k"]?.scalarText == "2")
    }

    @Test("more than one document is refused at the second")
    func twoDocuments() throws {
        let error = try #require(refusal("feature: a\n---\nfeature: b\n"))
        #expect(error.message == "more than one YAML document; a feature file holds exactly one")
        #expect(error.mark?.line == 2)
    }

    @Test("one document with explicit markers is read")
    func explicitDocument() throws {
        let root = try parse("%YAML 1.1\n---\nfeature: a\n...\n")
        #expect(root["feature"]?.scalarText == "a")
        #expect(root["feature"]?.mark.line == 3)
    }

    @Test(
        "an empty document is a null scalar", arguments: ["", "\n\n", "# nothing here\n", "---\n", "---\n...\n", "~\n"])
    func emptyDocument(text: String) throws {
        let root = try parse(text)
        #expect(root.isNull)
    }

    @Test(
        "syntax errors carry libyaml's problem and the line",
        arguments: [
            ("feature: a\nowner: b: c\n", "mapping values are not allowed in this context", 2),
            (
                "feature: a\ndescription: \"never closed\n",
                "found unexpected end of stream while scanning a quoted scalar", 3
            ),
            (
                "feature: a\ntags: [x, y\nstage: b\n", "did not find expected ',' or ']' while parsing a flow sequence",
                3
            ),
            ("feature: a\n  owner: b\n", "mapping values are not allowed in this context", 2),
            ("a: [b\n", "did not find expected ',' or ']' while parsing a flow sequence", 2),
        ])
    func syntaxError(text: String, problem: String, line: Int) throws {
        let error = try #require(refusal(text))
        #expect(error.message == problem)
        #expect(error.mark?.line == line)
    }

    @Test("mappings keep their keys in document order with positions")
    func positions() throws {
        let root = try parse("feature: a\nsource:\n  table: t   # where\n  sql: |\n    select 1\n")
        #expect(root.keys == ["feature", "source"])
        #expect(root.mark == Mark(line: 1, column: 1))
        let source = try #require(root["source"])
        #expect(source.mark == Mark(line: 3, column: 3))
        #expect(source["table"]?.mark == Mark(line: 3, column: 10))
        #expect(source["sql"]?.scalarText == "select 1\n")
        #expect(source["sql"]?.style == .literal)
    }

    @Test(
        "scalar styles are kept",
        arguments: [
            ("a: plain", ScalarStyle.plain), ("a: 'single'", .singleQuoted), ("a: \"double\"", .doubleQuoted),
            ("a: |\n  lit", .literal), ("a: >\n  fold", .folded),
        ])
    func scalarStyles(text: String, style: ScalarStyle) throws {
        #expect(try parse(text)["a"]?.style == style)
    }

    @Test("tags are kept, shorthand expanded")
    func tags() throws {
        let root = try parse("a: !!str 5\nb: !custom x\nc: 5\n")
        #expect(root["a"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["b"]?.tag == "!custom")
        #expect(root["c"]?.tag == nil)
    }

    @Test(
        "plain nulls are null; quoted ones are text",
        arguments: [
            ("a: ~", true), ("a:", true), ("a: null", true), ("a: NULL", true), ("a: 'null'", false),
            ("a: \"\"", false), ("a: nil", false), ("a: !!str", false),
        ])
    func nulls(text: String, isNull: Bool) throws {
        #expect(try parse(text)["a"]?.isNull == isNull)
    }

    @Test("flow collections are marked as flow")
    func flowStyle() throws {
        let root = try parse("a: [1, 2]\nb:\n  - 1\nc: {k: v}\nd:\n  k: v\n")
        #expect(root["a"]?.isFlow == true)
        #expect(root["b"]?.isFlow == false)
        #expect(root["c"]?.isFlow == true)
        #expect(root["d"]?.isFlow == false)
        #expect(root.isFlow == false)
    }

    @Test("an alias reads as its anchor's node, positioned where the alias is")
    func alias() throws {
        let root = try parse("base: &b {table: t}\nother: *b\n")
        let other = try #require(root["other"])
        #expect(other["table"]?.scalarText == "t")
        #expect(other.mark.line == 2)
    }

    @Test("subscripting anything but a mapping is nil")
    func subscriptOnNonMapping() throws {
        #expect(try parse("[a, b]")["a"] == nil)
        #expect(try parse("a")["a"] == nil)
        #expect(try parse("a: 1")["b"] == nil)
    }

    @Test("a document counts each node once against the node limit")
    func nodeCounting() throws {
        // One sequence and three scalars: four nodes, however deeply they sit.
        #expect(refusal("[1, 2, 3]", limits: YAMLLimits(maxNodes: 4)) == nil)
        #expect(refusal("[1, 2, 3]", limits: YAMLLimits(maxNodes: 3)) != nil)
        #expect(refusal("[[[[1]]]]", limits: YAMLLimits(maxNodes: 5)) == nil)
        // A mapping with two pairs: the mapping, two keys, two values.
        #expect(refusal("{a: 1, b: 2}", limits: YAMLLimits(maxNodes: 5)) == nil)
        #expect(refusal("{a: 1, b: 2}", limits: YAMLLimits(maxNodes: 4)) != nil)
    }

    @Test("an alias counts at its anchor's full size")
    func aliasCounting() throws {
        // [x, y] is three nodes; the outer list, the anchored list and its alias: 1 + 3 + 3.
        #expect(refusal("[&a [x, y], *a]", limits: YAMLLimits(maxNodes: 7)) == nil)
        #expect(refusal("[&a [x, y], *a]", limits: YAMLLimits(maxNodes: 6)) != nil)
    }

    @Test("a flat list of 60,000 items is within the default limits")
    func largeFlatList() throws {
        let text = "[" + Array(repeating: "1", count: 60_000).joined(separator: ",") + "]"
        let root = try parse(text)
        #expect(root.items?.count == 60_000)
    }
}

@Suite("Text input checks")
struct TextInputTests {
    @Test("valid text comes back without its byte-order mark")
    func stripsBOM() throws {
        let body = try TextInput.validate([0xEF, 0xBB, 0xBF, 0x61], limit: 10)
        #expect(Array(body) == [0x61])
    }

    @Test("text without a byte-order mark comes back whole")
    func keepsText() throws {
        let bytes = Array("a: é\r\n".utf8)
        #expect(Array(try TextInput.validate(bytes, limit: 100)) == bytes)
    }

    @Test("a NUL after a byte-order mark is placed on the right line and column")
    func nulAfterBOM() throws {
        #expect(throws: YAMLError("binary content (a NUL byte), not a YAML text file", at: Mark(line: 2, column: 2))) {
            try TextInput.validate([0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0x62, 0x00], limit: 100)
        }
    }

    @Test("the size limit counts every byte, the byte-order mark included")
    func sizeLimit() throws {
        #expect(throws: YAMLError("file is 4 bytes, larger than the limit of 3 bytes")) {
            try TextInput.validate([0xEF, 0xBB, 0xBF, 0x61], limit: 3)
        }
    }
}

@Suite("A tab in indentation")
struct TabIndentationTests {
    @Test(
        "is refused as 'YAML indents with spaces; tab at L:C', not in libyaml's words",
        arguments: [
            ("feature: f\n\tstage: explore\n", 2, 1), ("a:\n\t- b\n", 2, 1), ("source:\n  \ttable: t\n", 2, 3),
            ("source:\n  table: t\n\t  filter: x\n", 3, 1), ("d: |\n  a\n\tb\n", 3, 1),
        ])
    func tab(text: String, line: Int, column: Int) throws {
        let error = try #require(refusal(text))
        #expect(error.message == "YAML indents with spaces; tab at \(line):\(column)")
        #expect(error.mark == Mark(line: line, column: column))
    }

    @Test("a tab inside a value, after the indentation, is no indentation")
    func tabInValue() throws {
        #expect(try parse("a: {b:\tc}\n")["a"]?["b"]?.scalarText == "c")
        #expect(try parse("a: x\ty\n")["a"]?.scalarText == "x\ty")
    }
}
