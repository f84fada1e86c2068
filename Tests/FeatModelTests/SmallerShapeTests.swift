import FeatModel
import Testing

/// The smaller additions of SPEC §10: default, entity: none, embedding.refit, source.kind,
/// source.stream, source.mutations, and placeholders in obligation fields.
@Suite("Smaller shapes: default, entity none, refit, source kinds, placeholders")
struct SmallerShapeTests {
    static let scalar = "feature: f\nstage: explore\nkind: scalar\nowner: me\nhypothesis: h\n"

    @Test("default is a value of the feature's type; '' [] and {} are values, null is absence")
    func defaultValues() throws {
        #expect(findings(Self.scalar + "type: int64\ndefault: -1\n") == [])
        #expect(parse(Self.scalar + "type: int64\ndefault: -1\n").feature?.definition[path: "default"] == .int(-1))
        #expect(parse(Self.scalar + "type: string\ndefault: ''\n").feature?.definition[path: "default"] == .string(""))
        #expect(
            parse(Self.scalar + "type: list<string>\ndefault: []\n").feature?.definition[path: "default"] == .list([]))
        #expect(parse(Self.scalar + "type: int64\ndefault: null\n").feature?.definition[path: "default"] == nil)
        #expect(parse(Self.scalar + "type: int64\ndefault: ~\n").feature?.definition[path: "default"] == nil)
        #expect(findings(Self.scalar + "type: list<int64>\ndefault: [0, 0, 0]\n") == [])
    }

    @Test(
        "a default of another shape is FEAT001 on its line",
        arguments: [
            (scalar + "type: int64\ndefault: none\n", "7: 'default' must be a value of type int64, found 'none'"),
            (
                scalar + "type: int32\ndefault: 3000000000\n",
                "7: 'default' must be a value of type int32, found '3000000000'"
            ),
            (scalar + "type: list<int64>\ndefault: 0\n", "7: 'default' must be a value of type list<int64>, found '0'"),
            (
                scalar + "type: bool\ndefault: no\n",
                "7: 'default' is no, which a YAML 1.1 reader (PyYAML) takes for the boolean false and feat for the "
                    + "text 'no'; write false, or 'no' for the text"
            ),
            (
                "feature: f\nstage: explore\nkind: categorical\ncategorical: {vocabulary: [card, bank]}\ndefault: cash\n",
                "5: 'default' must be one of the vocabulary's entries (card, bank), found 'cash'"
            ),
            (
                "feature: f\nstage: explore\nkind: map\nmap: {key_type: string, value_type: int32}\ndefault: 0\n",
                "5: 'default' of a map is the whole map: a mapping of keys to values, found '0'"
            ),
            (
                "feature: f\nstage: explore\nkind: map\nmap: {key_type: string, value_type: int32}\n"
                    + "default: {books: x}\n",
                "5: 'default.books' must be a int32 value (map.value_type), found 'x'"
            ),
            (
                "feature: f\nstage: explore\nkind: embedding\nembedding: {dimension: 3}\ndefault: [0.0, 0.0]\n",
                "5: 'default' of an embedding holds 3 numbers (embedding.dimension), found 2"
            ),
        ])
    func wrongDefault(_ text: String, _ finding: String) {
        #expect(findings(text).contains(finding), "\(findings(text))")
    }

    @Test("a hashed categorical's default need not be listed: hashing ignores the list")
    func hashDefault() {
        let text =
            "feature: f\nstage: explore\nkind: categorical\n"
            + "categorical: {vocabulary: [card], encoding: hash, buckets: 8}\ndefault: cash\n"
        #expect(findings(text) == [])
    }

    @Test("entity: none is a global feature: it meets the entity obligation and is no placeholder")
    func entityNone() throws {
        let feature = try #require(parse(Self.scalar + "entity: none\n").feature)
        #expect(parse(Self.scalar + "entity: none\n").problems == [])
        #expect(feature.definition[path: "entity"] == .string("none"))
        #expect(try #require(Obligation("entity")).isMet(by: feature.definition))
        #expect(Placeholders.problems(in: feature, obligations: [try #require(Obligation("entity"))]).isEmpty)
    }

    @Test(
        "no join key may be named none: in a list, or quoted, it is FEAT001 suggesting entity: none",
        arguments: ["entity: [none]\n", "entity: [user_id, none]\n", "entity: \"none\"\n"])
    func noneAsKey(_ line: String) {
        let found = findings(Self.scalar + line)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("6: 'entity' must be join keys, never a key named none") == true, "\(found)")
        #expect(found.first?.contains("entity: none") == true)
    }

    @Test("refit on a calendar period or a duration; it meets the model_version obligation")
    func refit() throws {
        let head = "feature: f\nstage: explore\nkind: embedding\n"
        let feature = try #require(parse(head + "embedding: {model: m, refit: {every: month}}\n").feature)
        #expect(parse(head + "embedding: {model: m, refit: {every: month}}\n").problems == [])
        #expect(try #require(Obligation("embedding.model_version")).isMet(by: feature.definition))
        #expect(findings(head + "embedding: {refit: {every: 14d}}\n") == [])
        #expect(
            findings(head + "embedding: {refit: {every: monthly}}\n") == [
                "4: 'embedding.refit.every' must be a positive duration such as 90s, 30m, 1h, 7d or 2w, or day, week, "
                    + "month, quarter or year (did you mean 'month'?), found 'monthly'"
            ])
    }

    @Test("a stream names its topic, except push; snapshots and mutations read")
    func sources() {
        #expect(
            findings(Self.scalar + "source: {table: t, kind: snapshot, stream: {kind: kafka, topic: txns}}\n") == [])
        #expect(findings(Self.scalar + "source: {stream: {kind: push}}\n") == [])
        #expect(findings(Self.scalar + "source: {table: t, mutations: {table: t_cdc, topic: t_changes}}\n") == [])
        #expect(
            findings(Self.scalar + "source: {stream: {kind: kinesis}}\n") == [
                "6: 'source.stream' of kind kinesis needs 'topic': the topic read"
            ])
    }

    @Test("source is met by a stream, never by kind or mutations alone")
    func streamMeetsSource() throws {
        let o = try #require(Obligation("source"))
        let stream = try #require(parse(Self.scalar + "source: {stream: {kind: push}}\n").feature)
        #expect(o.isMet(by: stream.definition))
        let qualifiers = try #require(
            parse(Self.scalar + "source: {kind: snapshot, mutations: {table: m}}\n").feature)
        #expect(!o.isMet(by: qualifiers.definition))
    }

    @Test("placeholders in obligation fields are FEAT001 warnings on their lines; the obligation is still met")
    func placeholders() throws {
        let text = """
            feature: f
            stage: candidate
            kind: scalar
            owner: TBD
            hypothesis: " n/a "
            description: Unknown
            entity: [user_id]
            source: {table: '?'}
            evidence: [{metric: todo}]
            type: int64
            tags: [tbd]

            """
        let feature = try #require(parse(text).feature)
        #expect(Policy.standard.missing(for: feature).isEmpty)
        let warnings = Policy.standard.placeholders(in: feature)
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(
            warnings.map { "\($0.line ?? 0): \($0.message.prefix(while: { $0 != ":" }))" } == [
                "4: 'owner' is a placeholder ('TBD')", "5: 'hypothesis' is a placeholder (' n/a ')",
                "6: 'description' is a placeholder ('Unknown')", "8: 'source.table' is a placeholder ('?')",
                "9: 'evidence[0].metric' is a placeholder ('todo')",
            ])
    }

    @Test("a category or known key called 'unknown' is data, not a placeholder")
    func categoriesAreData() throws {
        let text = """
            feature: c
            stage: candidate
            kind: categorical
            owner: o@example.com
            hypothesis: h
            description: d
            entity: [user_id]
            source: {table: t}
            evidence: [{metric: auc}]
            categorical: {vocabulary: [card, unknown, none], unseen: bucket}

            """
        let feature = try #require(parse(text).feature)
        #expect(Policy.standard.placeholders(in: feature).isEmpty)
    }
}
