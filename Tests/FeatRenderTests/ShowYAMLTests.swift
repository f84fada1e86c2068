import FeatModel
import FeatRender
import Testing

/// Text that a careless YAML writer would turn into another value, or into invalid YAML.
let awkwardTexts: [String] = [
    "yes", "on", "Off", "y", "N", "~", "null", "true", "False", "", " ",
    "0x1F", "0o17", "0b101", "1_000", "1:30", "12", "1.5", ".5", "-3", "+4", "1e5", ".inf", "-.Inf", ".NaN",
    "#hash", "a: b", "a #b", "trailing:", " lead", "trail ", "- dash", "-", "?", ":", "[x]", "{x}", "a, b",
    "*ref", "&anc", "!tag", "|pipe", ">fold", "%pct", "@at", "`tick", "it's", "\"dq\"", "...", "---", "<<", "=",
    "naïve café", "日本語", "🙂", "line\u{2028}sep", "a\tb", "bell\u{07}", "nul\u{0}", "bom\u{FEFF}", "del\u{7F}",
    "a\nb", "a\nb\n", "a\nb\n\n", "\n lead\n", "  indented\nnext\n", "a\n\n\nb", "trailing space \nx",
    "a\r\nb", "tab\n\tfirst", "\n", "\n\n", "x\n  \ny\n",
]

/// `"…"` with every character escaped that needs it: how the test writes a text exactly.
func doubleQuoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0xFEFF {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

@Suite("feat show writes YAML that feat reads back as the same definition")
struct ShowYAMLTests {
    static func feature(_ text: String) throws -> Feature {
        let parsed = FeatureParser.parse(Array(text.utf8), path: "features/t.yaml")
        #expect(!parsed.hasErrors, "\(parsed.problems.map(\.message))\n\(text)")
        return try #require(parsed.feature)
    }

    static func roundTrip(_ text: String) throws -> (before: Feature, after: Feature, shown: String) {
        let before = try feature(text)
        let shown = CatalogRender.showText(before, style: .plain)
        let after = try feature(shown)
        return (before, after, shown)
    }

    static let head = "feature: t\nstage: explore\nkind: scalar\nowner: o@example.com\nhypothesis: h\n"

    @Test("awkward text keeps its value as a field, a list item, a nested value and a key", arguments: awkwardTexts)
    func awkwardText(_ value: String) throws {
        let q = doubleQuoted(value)
        let text = Self.head + "x-value: \(q)\nx-list: [\(q), plain]\nx-block:\n  - \(q)\nx-map: {\(q): \(q)}\n"
        let (before, after, shown) = try Self.roundTrip(text)
        #expect(after.definition == before.definition, "\(shown)")
        #expect(before.definition[path: "x-value"] == .string(value))
    }

    @Test(
        "numbers, booleans and nulls keep their type",
        arguments: [
            "1e-05", "0.1", "1e300", "-2.5", "3", "-0.0", "12345678901234567.0", "true", "null", "7d",
        ])
    func scalars(_ plain: String) throws {
        let (before, after, shown) = try Self.roundTrip(Self.head + "x-value: \(plain)\nx-list: [\(plain)]\n")
        #expect(after.definition == before.definition, "\(shown)")
    }

    @Test("multi-line text is written as a literal block, not an escaped string")
    func literalBlocks() throws {
        let text =
            Self.head + "description: |\n  one\n    two\n\n  three\nsource:\n  sql: |-\n    SELECT 1\n    FROM t\n"
        let (before, after, shown) = try Self.roundTrip(text)
        #expect(after.definition == before.definition)
        #expect(shown.contains("description: |\n  one\n    two\n\n  three\n"), "\(shown)")
        #expect(shown.contains("source:\n  sql: |-\n    SELECT 1\n    FROM t\n"), "\(shown)")
    }

    @Test("keys come in the file's order, flow mappings and list records too; a default version follows feature")
    func keyOrder() throws {
        let text = """
            stage: explore
            feature: t
            owner: o@example.com
            kind: scalar
            hypothesis: h
            x-z: {b: 1, a: 2, c: {q: 1, p: 2}}
            x-a:
              - {second: 1, first: 2}

            """
        let (_, _, shown) = try Self.roundTrip(text)
        let body = shown.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        #expect(
            body == """
                stage: explore
                feature: t
                version: 1
                owner: o@example.com
                kind: scalar
                hypothesis: h
                x-z:
                  b: 1
                  a: 2
                  c:
                    q: 1
                    p: 2
                x-a:
                  - second: 1
                    first: 2
                """)
        #expect(shown.hasPrefix("# t · explore · scalar\n# features/t.yaml\n"))
    }
}
