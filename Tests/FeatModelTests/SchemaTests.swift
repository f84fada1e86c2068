import FeatModel
import Foundation
import Testing

@Suite("The schema at every depth: nested keys, enumerations, ranges, waivers, references")
struct SchemaTests {
    static let head = FeatureProblemsTests.head
    static let sha = String(repeating: "0123456789abcdef", count: 4)

    static let cases: [BadFile] = [
        BadFile(
            rule: "a misspelt expectation names the closest one, on its line",
            text: head + "expectations: {nul_rate_max: 0.0}\n",
            finding: "6: unknown field 'nul_rate_max' in 'expectations' (did you mean 'null_rate_max'?); "
                + "custom fields start with 'x-'"),
        BadFile(
            rule: "a misspelt key two levels down",
            text: head + "monitoring:\n  drift:\n    metric: psi\n    treshold: 0.2\n",
            finding: "9: unknown field 'treshold' in 'monitoring.drift' (did you mean 'threshold'?); "
                + "custom fields start with 'x-'"),
        BadFile(
            rule: "a misspelt sla key: sla is closed like every block",
            text: head + "sla: {freshnes: 1h}\n",
            finding: "6: unknown field 'freshnes' in 'sla' (did you mean 'freshness'?); custom fields start with 'x-'"),
        BadFile(
            rule: "a misspelt key in a waiver entry",
            text: head + "waivers:\n  - rule: FEAT003\n    reason: r\n    expires: 2026-12-01\n    field: [time.ttl]\n",
            finding: "10: unknown field 'field' in 'waivers[0]' (did you mean 'fields'?); custom fields start with 'x-'"
        ),
        BadFile(
            rule: "a waiver's fields are a list",
            text: head + "waivers: [{rule: FEAT006, reason: r, expires: 2026-12-01, fields: time.ttl}]\n",
            finding: "6: 'waivers[0].fields' must be a list, found 'time.ttl'"),
        BadFile(
            rule: "a waiver's fields name fields of the format",
            text: head + "waivers: [{rule: FEAT006, reason: r, expires: 2026-12-01, fields: [aggregation.windw]}]\n",
            finding: "6: 'waivers[0].fields[0]' must be a field of the format such as aggregation.window "
                + "(did you mean 'aggregation.window'?), found 'aggregation.windw'"),
        BadFile(
            rule: "an aggregation function outside the known ones",
            text: FeatureProblemsTests.aggregationHead + "aggregation: {function: cnt}\n",
            finding:
                "6: 'aggregation.function' must be one of \(FeatureSchema.aggregationFunctions.joined(separator: ", "))"
                + " (did you mean 'count'?), found 'cnt'"),
        BadFile(
            rule: "an unseen policy outside bucket, error, ignore",
            text: "feature: f\nstage: explore\nkind: categorical\ncategorical: {unseen: drop}\n",
            finding: "4: 'categorical.unseen' must be one of bucket, error, ignore, found 'drop'"),
        BadFile(
            rule: "an encoding outside onehot, index, hash",
            text: "feature: f\nstage: explore\nkind: categorical\ncategorical: {encoding: one_hot}\n",
            finding:
                "4: 'categorical.encoding' must be one of onehot, index, hash (did you mean 'onehot'?), found 'one_hot'"
        ),
        BadFile(
            rule: "map keys outside open, closed",
            text: "feature: f\nstage: explore\nkind: map\nmap: {keys: fixed}\n",
            finding: "4: 'map.keys' must be one of open, closed, found 'fixed'"),
        BadFile(
            rule: "a missing-value policy outside zero, null",
            text: "feature: f\nstage: explore\nkind: map\nmap: {missing: nan}\n",
            finding: "4: 'map.missing' must be one of zero, null, found 'nan'"),
        BadFile(
            rule: "an embedding metric outside cosine, dot, l2",
            text: "feature: f\nstage: explore\nkind: embedding\nembedding: {metric: euclidean}\n",
            finding: "4: 'embedding.metric' must be one of cosine, dot, l2, found 'euclidean'"),
        BadFile(
            rule: "a null rate above 1",
            text: head + "expectations: {null_rate_max: 1.5}\n",
            finding: "6: 'expectations.null_rate_max' must be a number from 0 to 1, found '1.5'"),
        BadFile(
            rule: "a negative null rate",
            text: head + "expectations: {null_rate_max: -0.1}\n",
            finding: "6: 'expectations.null_rate_max' must be a number from 0 to 1, found '-0.1'"),
        BadFile(
            rule: "a null rate that is not a number",
            text: head + "expectations: {null_rate_max: '1%'}\n",
            finding: "6: 'expectations.null_rate_max' must be a number from 0 to 1, found '1%'"),
        BadFile(
            rule: "an embedding of dimension 0",
            text: "feature: f\nstage: explore\nkind: embedding\nembedding: {dimension: 0}\n",
            finding: "4: 'embedding.dimension' must be an integer of at least 1, found '0'"),
        BadFile(
            rule: "a hash encoding with 0 buckets",
            text: "feature: f\nstage: explore\nkind: categorical\ncategorical: {encoding: hash, buckets: 0}\n",
            finding: "4: 'categorical.buckets' must be an integer of at least 1, found '0'"),
        BadFile(
            rule: "a map of at most 0 keys",
            text: "feature: f\nstage: explore\nkind: map\nmap: {keys: open, max_keys: 0}\n",
            finding: "4: 'map.max_keys' must be an integer of at least 1, found '0'"),
        BadFile(
            rule: "a vocabulary URI without its checksum",
            text: "feature: f\nstage: explore\nkind: categorical\ncategorical:\n  vocabulary_file: gs://b/vocab.txt\n",
            finding: "5: 'categorical.vocabulary_file' is a URI feat cannot read ('gs://b/vocab.txt'): "
                + "'categorical.vocabulary_sha256' is required, it is the vocabulary's identity"),
        BadFile(
            rule: "a checksum that is not 64 hexadecimal digits",
            text: "feature: f\nstage: explore\nkind: categorical\ncategorical: {vocabulary_sha256: abc123}\n",
            finding:
                "4: 'categorical.vocabulary_sha256' must be a SHA-256 digest (64 hexadecimal digits), found 'abc123'"),
    ]

    @Test("each nested mistake is one problem on its line, naming the closest known word", arguments: cases)
    func nestedMistake(_ bad: BadFile) {
        #expect(findings(bad.text) == [bad.finding])
        #expect((parse(bad.text).feature != nil) == bad.yieldsFeature)
    }

    @Test(
        "nested values that are allowed",
        arguments: [
            "expectations: {null_rate_max: 0, min: 0, max: 2026-01-01, unique: true, allowed_values: [a, b]}\n",
            "expectations: {null_rate_max: 1}\n",
            "monitoring: {drift: psi}\n",
            "monitoring: {drift: {metric: psi, threshold: 0.2, window: 7d}, dashboard: https://d.example.com}\n",
            "evidence:\n  - {date: 2026-01-01, anything: [goes, {here: true}], nested: {deep: 1}}\n",
            "time: {ttl: 1d, x-note: calendar days}\n",
            "waivers: [{rule: FEAT006, reason: r, expires: 2026-12-01, fields: [time.ttl, x-team, source.x-note]}]\n",
        ])
    func allowed(line: String) {
        #expect(findings(Self.head + line) == [])
    }

    @Test("every enumerated value the format lists is accepted, and `missing: null` is the value null")
    func everyEnumeratedValue() throws {
        for function in FeatureSchema.aggregationFunctions {
            #expect(findings(FeatureProblemsTests.aggregationHead + "aggregation: {function: \(function)}\n") == [])
        }
        for (field, values) in [
            ("unseen", ["bucket", "error", "ignore"]), ("encoding", ["onehot", "index", "hash"]),
        ] {
            for v in values {
                #expect(
                    findings("feature: f\nstage: explore\nkind: categorical\ncategorical: {\(field): \(v)}\n") == [])
            }
        }
        for metric in ["cosine", "dot", "l2"] {
            #expect(findings("feature: f\nstage: explore\nkind: embedding\nembedding: {metric: \(metric)}\n") == [])
        }
        let parsed = parse("feature: f\nstage: explore\nkind: map\nmap: {keys: closed, missing: null}\n")
        #expect(parsed.problems == [])
        #expect(parsed.feature?.definition[path: "map.missing"] == .string("null"))
        for spelling in ["~", "Null", "NULL"] {
            let other = parse("feature: f\nstage: explore\nkind: map\nmap: {missing: \(spelling)}\n")
            #expect(other.feature?.definition[path: "map.missing"] == .string("null"), "\(spelling)")
        }
    }

    @Test("a vocabulary URI with its checksum, or a path without one, is well-formed; the checksum is lower-cased")
    func vocabularyReferences() {
        let base = "feature: f\nstage: explore\nkind: categorical\ncategorical:\n"
        for uri in ["gs://b/v.txt", "s3://b/v.txt", "https://example.com/v.txt"] {
            #expect(findings(base + "  vocabulary_file: \(uri)\n  vocabulary_sha256: \(Self.sha)\n") == [])
            #expect(findings(base + "  vocabulary_file: \(uri)\n").count == 1)
        }
        #expect(findings(base + "  vocabulary_file: vocab/v.txt\n") == [])
        let upper = parse(base + "  vocabulary_file: gs://b/v.txt\n  vocabulary_sha256: \(Self.sha.uppercased())\n")
        #expect(upper.feature?.definition[path: "categorical.vocabulary_sha256"] == .string(Self.sha))
    }

    @Test("null_rate_max 0 and 0.0 are the same expectation")
    func rangeNormalForm() {
        let a = parse(Self.head + "expectations: {null_rate_max: 0}\n").feature
        let b = parse(Self.head + "expectations: {null_rate_max: 0.0}\n").feature
        #expect(a?.definition == b?.definition)
    }

    // MARK: merge keys

    @Test("a merge key makes the file unreadable, naming its line; merged fields are never read as missing")
    func mergeKeyInBlock() throws {
        let text = """
            feature: f
            stage: explore
            kind: scalar
            x-defaults: &defaults {event_time: created_at, ttl: 1d}
            time:
              <<: *defaults

            """
        let parsed = parse(text)
        #expect(parsed.feature == nil)
        #expect(findings(text) == ["6: YAML merge keys ('<<') are not supported; write the fields out in full"])
        let unreadable = try #require(parsed.unreadableProblem)
        #expect(unreadable.line == 6)
    }

    @Test("every merge key is reported, at the top level too")
    func mergeKeysEverywhere() {
        let text = "base: &b {owner: me}\n<<: *b\nfeature: f\nstage: explore\nsource: {<<: {table: t}}\n"
        #expect(findings(text).map { $0.prefix(2) } == ["2:", "5:"])
        #expect(parse(text).feature == nil)
    }

    @Test("a quoted '<<' is an ordinary (unknown) key, not a merge")
    func quotedMergeKey() {
        let parsed = parse("feature: f\nstage: explore\n'<<': x\n")
        #expect(parsed.feature != nil)
        #expect(findings("feature: f\nstage: explore\n'<<': x\n").first?.contains("unknown field '<<'") == true)
    }

    // MARK: CRLF and white space

    @Test("white space written as CR LF inside a value is trimmed like any other")
    func crlfInsideValues() throws {
        #expect(FeatureDuration("1d\r\n")?.seconds == 86_400)
        #expect(FeatureDuration("\r\n7d\r\n") == FeatureDuration("7d"))
        #expect(!Value.string("\r\n").isPresent)
        #expect(!Value.string(" \r\n\t\u{00A0}").isPresent)
        #expect(CalendarDate("2026-01-01\r\n") == CalendarDate(year: 2026, month: 1, day: 1))
        #expect(Obligation("time.ttl | backfill.start\r\n")?.alternatives == ["time.ttl", "backfill.start"])

        let parsed = parse(
            Self.head.replacingOccurrences(of: "hypothesis: h\n", with: "hypothesis: \"\\r\\n\"\n")
                + "time: {ttl: \"1d\\r\\n\"}\n")
        #expect(parsed.problems == [])
        let feature = try #require(parsed.feature)
        #expect(feature.definition[path: "time.ttl"] == duration("1d"))
        #expect(Policy.standard.missing(for: feature).map(\.description) == ["hypothesis"])
    }

    // MARK: the description itself

    @Test("the field reference lists every field with its type, values, range and kind")
    func reference() throws {
        let function = try #require(FeatureSchema.field("aggregation.function"))
        #expect(function.allowed == FeatureSchema.aggregationFunctions)
        #expect(function.kind == .aggregation)
        let rate = try #require(FeatureSchema.field("expectations.null_rate_max"))
        #expect(rate.minimum == 0 && rate.maximum == 1)
        #expect(FeatureSchema.field("embedding.dimension")?.minimum == 1)
        #expect(FeatureSchema.field("categorical.buckets")?.kind == .categorical)
        #expect(FeatureSchema.field("map.missing")?.allowed == ["zero", "null"])
        #expect(FeatureSchema.field("time.ttl")?.kind == nil)
        #expect(FeatureSchema.field("waivers[].fields")?.isAddressable == false)
        #expect(FeatureSchema.isField("monitoring.drift.threshold"))
        #expect(!FeatureSchema.isField("waivers.rule"))
        #expect(!FeatureSchema.isField("expectations.nul_rate_max"))
        #expect(FeatureSchema.hint(forPath: "aggregation.functon") == " (did you mean 'aggregation.function'?)")
        // Parents come before their children.
        let paths = FeatureSchema.reference.map(\.path)
        let parent = try #require(paths.firstIndex(of: "monitoring"))
        let child = try #require(paths.firstIndex(of: "monitoring.drift.metric"))
        #expect(parent < child)
    }

    // MARK: issue 12 (7b): obligations stay linear

    @Test("a policy with 20,000 obligations lists a stage's obligations in well under a second")
    func manyObligations() throws {
        let requires = (0..<20_000).map { "x-f\($0)" }.joined(separator: ", ")
        let p = try PolicyParser.parse(
            Array("stages:\n  - name: explore\n    entry: true\n    requires: [\(requires)]\n".utf8))
        let feature = try #require(parse("feature: f\nstage: explore\nx-f1: here\n").feature)
        let start = ContinuousClock.now
        let missing = p.missing(for: feature)
        let elapsed = ContinuousClock.now - start
        #expect(missing.count == 19_999)
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }
}
