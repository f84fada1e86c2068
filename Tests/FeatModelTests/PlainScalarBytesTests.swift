import FeatModel
import Testing

/// Plain scalars are classified from their bytes first; text that is not plain ASCII (a digit
/// with a combining mark, a sign or dot that joins the next character) reads as it did when it
/// was read Character by Character.
@Suite("Plain scalars judged by their bytes")
struct PlainScalarBytesTests {
    @Test(
        "texts that read alike everywhere are not ambiguous",
        arguments: [
            "7d", "0.01", "2026-01-04", "0", "0.5", ".5", "10", "-3", "+3", "1.0e+5", "team@example.com", "",
            "1\u{301}0", "0\u{301}10", "+\u{301}010", "0\u{301}x1F", "1\u{301}:30", "é", "yes\u{301}", "nul",
        ])
    func notAmbiguous(text: String) {
        #expect(AmbiguousScalar(text) == nil, "\(text.debugDescription)")
    }

    @Test(
        "texts another reader takes otherwise are ambiguous",
        arguments: [
            "yes", "No", "OFF", "y", "N", "010", "+010", "-010", "0o17", "0x1F", "-0x10", "0b101", "1_000", "1_0.5",
            "1:30", "1:30.5", "01:30", "1e3", "1E3", "1.5e3", "00", "0_1",
        ])
    func ambiguous(text: String) {
        #expect(AmbiguousScalar(text) != nil, "\(text.debugDescription)")
    }

    @Test("a plain scalar resolves as YAML 1.2's core schema does")
    func reading() throws {
        let cases: [(String, Value)] = [
            ("~", .null), ("null", .null), ("NULL", .null), ("", .null), ("true", .bool(true)), ("FALSE", .bool(false)),
            ("12", .int(12)), ("+12", .int(12)), ("-0", .int(0)), ("0.25", .number(0.25)), ("1e3", .number(1000)),
            ("-1.5E-2", .number(-0.015)), ("2026-01-04", .string("2026-01-04")), ("nan", .string("nan")),
            ("1\u{301}", .string("1\u{301}")), ("1.5\u{301}", .string("1.5\u{301}")), ("truex", .string("truex")),
            ("nulls", .string("nulls")), ("\u{FF11}", .string("\u{FF11}")),
        ]
        for (text, value) in cases {
            let parsed = FeatureParser.parse(Array("feature: a\nstage: explore\nx-v: \(text)\n".utf8), path: "f.yaml")
            let feature = try #require(parsed.feature, "\(text.debugDescription)")
            #expect(feature.definition[path: "x-v"] == value, "\(text.debugDescription)")
        }
    }

    @Test("a dotted path is followed part by part; empty parts are skipped; any key may be named")
    func dottedPaths() {
        let value = Value.map([
            "a": .map(["b": .int(1), "é": .map(["c": .int(2)])]), "x\u{301}": .map([".y": .int(3)]),
        ])
        #expect(value[path: "a.b"] == .int(1))
        #expect(value[path: "a..b"] == .int(1))
        #expect(value[path: ".a.b."] == .int(1))
        #expect(value[path: ""] == value)
        #expect(value[path: "a.é.c"] == .int(2))
        #expect(value[path: "a.b.c"] == nil)
        #expect(value[path: "a.c"] == nil)
        // A '.' that a combining mark joins is no separator when the path is read by Character.
        #expect(value[path: "x\u{301}..\u{301}y"] == nil)
    }

    @Test("durations and dates written with white space around them read as without it")
    func whiteSpaceAround() throws {
        let text =
            "feature: a\nstage: explore\nkind: aggregation\naggregation: {window: \" 7d\\t\"}\n"
            + "backfill: {start: \"\\u00a02026-01-04\\u2003\"}\n"
        let parsed = FeatureParser.parse(Array(text.utf8), path: "f.yaml")
        let feature = try #require(parsed.feature)
        #expect(feature.definition[path: "aggregation.window"] == .duration(try #require(FeatureDuration("7d"))))
        #expect(feature.definition[path: "backfill.start"] == .string("2026-01-04"))
    }

    @Test("a tag and a merge key are still found when the file spells them")
    func tagsAndMergeKeys() {
        let tagged = FeatureParser.parse(Array("feature: a\nstage: explore\nx-n: !!str 10\n".utf8), path: "f.yaml")
        #expect(tagged.problems.map(\.line) == [3])
        #expect(tagged.problems.first?.message.hasPrefix("YAML tag '!!str'") == true)
        let merged = FeatureParser.parse(
            Array("x-d: &d {owner: a}\nfeature: a\nstage: explore\nsource:\n  <<: *d\n".utf8), path: "f.yaml")
        #expect(merged.feature == nil)
        #expect(merged.problems.map(\.line) == [5])
    }
}
