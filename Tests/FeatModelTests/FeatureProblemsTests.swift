import FeatModel
import Testing

/// A feature file that breaks one rule of SPEC §2, and the one problem it must produce.
struct BadFile: Sendable, CustomTestStringConvertible {
    var rule: String
    var text: String
    /// "line: message"
    var finding: String
    /// Whether the file still yields a feature (identity and stage readable).
    var yieldsFeature = true

    var testDescription: String { rule }
}

@Suite("Problems in feature files")
struct FeatureProblemsTests {
    /// Five lines every case starts from, so the line of the mistake is easy to see.
    static let head = "feature: f\nstage: explore\nkind: scalar\nowner: me\nhypothesis: h\n"
    static let aggregationHead = "feature: f\nstage: explore\nkind: aggregation\nowner: me\nhypothesis: h\n"
    static let dataTypes = "bool, int32, int64, float32, float64, string, bytes, date, timestamp"
    static let nameRule = "a name of lower-case letters, digits and '_', parts joined by '.', at most 128 characters"

    static let cases: [BadFile] = [
        BadFile(
            rule: "an unknown top-level key names the closest known one",
            text: "feature: f\nstage: explore\nownr: me\n",
            finding: "3: unknown field 'ownr' (did you mean 'owner'?); custom fields start with 'x-'"),
        BadFile(
            rule: "an unknown key far from any known one gets no suggestion",
            text: head + "colour: blue\n",
            finding: "6: unknown field 'colour'; custom fields start with 'x-'"),
        BadFile(
            rule: "an unknown key inside a block names the block and the closest key",
            text: head + "source:\n  tabel: payments\n",
            finding: "7: unknown field 'tabel' in 'source' (did you mean 'table'?); custom fields start with 'x-'"),
        BadFile(
            rule: "version written as a word",
            text: head + "version: \"two\"\n",
            finding: "6: 'version' must be an integer, found 'two'"),
        BadFile(
            rule: "version quoted, even when numeric",
            text: head + "version: '2'\n",
            finding: "6: 'version' must be an integer, found '2'"),
        BadFile(
            rule: "version zero",
            text: head + "version: 0\n",
            finding: "6: 'version' must be an integer of at least 1, found '0'"),
        BadFile(
            rule: "version with a fraction",
            text: head + "version: 1.5\n",
            finding: "6: 'version' must be an integer, found '1.5'"),
        BadFile(
            rule: "a negative embedding dimension",
            text: "feature: f\nstage: explore\nkind: embedding\nembedding:\n  model: m\n  dimension: -1\n",
            finding: "6: 'embedding.dimension' must be an integer of at least 1, found '-1'"),
        BadFile(
            rule: "a window written in words",
            text: aggregationHead + "aggregation:\n  function: count\n  window: 7 days\n",
            finding:
                "8: 'aggregation.window' must be a positive duration such as 90s, 30m, 1h, 7d or 2w, found '7 days'"),
        BadFile(
            rule: "a duration with a fraction",
            text: head + "time: {ttl: 1.5h}\n",
            finding: "6: 'time.ttl' must be a positive duration such as 90s, 30m, 1h, 7d or 2w, found '1.5h'"),
        BadFile(
            rule: "an unknown type names the closest one",
            text: head + "type: int65\n",
            finding: "6: 'type' must be a type: \(dataTypes) (did you mean 'int64'?), found 'int65'"),
        BadFile(
            rule: "a map value type that is not a type",
            text: "feature: f\nstage: explore\nkind: map\nmap: {key_type: string, value_type: double}\n",
            finding: "4: 'map.value_type' must be a type: \(dataTypes), found 'double'"),
        BadFile(
            rule: "an unknown kind",
            text: "feature: f\nstage: explore\nkind: vector\n",
            finding: "3: 'kind' must be one of scalar, aggregation, categorical, map, embedding, found 'vector'"),
        BadFile(
            rule: "a misspelt kind names the closest one",
            text: "feature: f\nstage: explore\nkind: scalr\n",
            finding:
                "3: 'kind' must be one of scalar, aggregation, categorical, map, embedding (did you mean 'scalar'?), found 'scalr'"
        ),
        BadFile(
            rule: "a name with upper-case letters",
            text: "feature: UserCount\nstage: explore\n",
            finding: "1: 'feature' must be \(nameRule), found 'UserCount'", yieldsFeature: false),
        BadFile(
            rule: "a name that is a path",
            text: "stage: explore\nfeature: ../etc/passwd\n",
            finding: "2: 'feature' must be \(nameRule), found '../etc/passwd'", yieldsFeature: false),
        BadFile(
            rule: "a name of 129 characters",
            text: "feature: \(String(repeating: "a", count: 129))\nstage: explore\n",
            finding: "1: 'feature' must be \(nameRule), found '\(String(repeating: "a", count: 40))'",
            yieldsFeature: false),
        BadFile(
            rule: "a name with an empty part",
            text: "feature: user..count\nstage: explore\n",
            finding: "1: 'feature' must be \(nameRule), found 'user..count'", yieldsFeature: false),
        BadFile(
            rule: "a stage that is not a name",
            text: "feature: f\nstage: Production\n",
            finding: "2: 'stage' must be \(nameRule), found 'Production'", yieldsFeature: false),
        BadFile(
            rule: "a replacement that is not a name",
            text: head + "deprecation: {reason: r, sunset: 2027-01-01, replacement: Other-Feature}\n",
            finding: "6: 'deprecation.replacement' must be \(nameRule), found 'Other-Feature'"),
        BadFile(
            rule: "a kind block on a feature of another kind",
            text: head + "map:\n  keys: open\n",
            finding: "6: 'map' block does not belong to a feature of kind scalar"),
        BadFile(
            rule: "a kind block on a feature without a kind",
            text: "feature: f\nstage: explore\naggregation: {function: sum, window: 1d}\n",
            finding: "3: 'aggregation' block needs 'kind: aggregation'"),
        BadFile(
            rule: "an unseen policy outside its vocabulary",
            text: "feature: f\nstage: explore\nkind: categorical\ncategorical:\n  unseen: maybe\n",
            finding: "5: 'categorical.unseen' must be one of bucket, error, ignore, found 'maybe'"),
        BadFile(
            rule: "an encoding outside its vocabulary names the closest one",
            text: "feature: f\nstage: explore\nkind: categorical\ncategorical: {encoding: one-hot}\n",
            finding:
                "4: 'categorical.encoding' must be one of onehot, index, hash (did you mean 'onehot'?), found 'one-hot'"
        ),
        BadFile(
            rule: "map keys neither open nor closed",
            text: "feature: f\nstage: explore\nkind: map\nmap: {keys: some}\n",
            finding: "4: 'map.keys' must be one of open, closed, found 'some'"),
        BadFile(
            rule: "a metric outside its vocabulary",
            text: "feature: f\nstage: explore\nkind: embedding\nembedding: {metric: euclid}\n",
            finding: "4: 'embedding.metric' must be one of cosine, dot, l2, found 'euclid'"),
        BadFile(
            rule: "a month that does not exist",
            text: head + "deprecation:\n  reason: replaced\n  sunset: 2026-13-01\n",
            finding: "8: 'deprecation.sunset' must be a date (YYYY-MM-DD), found '2026-13-01'"),
        BadFile(
            rule: "a day that does not exist in its month",
            text: head + "deprecation:\n  reason: replaced\n  sunset: 2026-02-30\n",
            finding: "8: 'deprecation.sunset' must be a date (YYYY-MM-DD), found '2026-02-30'"),
        BadFile(
            rule: "a date in words",
            text: head + "backfill: {start: yesterday}\n",
            finding: "6: 'backfill.start' must be a date (YYYY-MM-DD), found 'yesterday'"),
        BadFile(
            rule: "a waiver whose expiry is not a date",
            text: head + "waivers:\n  - {rule: FEAT006, reason: r, expires: 2026-06-31}\n",
            finding: "7: 'waivers[0].expires' must be a date (YYYY-MM-DD), found '2026-06-31'"),
        BadFile(
            rule: "a boolean that is not true or false",
            text: "feature: f\nstage: explore\nkind: embedding\nembedding: {normalized: maybe}\n",
            finding: "4: 'embedding.normalized' must be true or false, found 'maybe'"),
        BadFile(
            rule: "a number that is not a number",
            text: head + "sla: {availability: high}\n",
            finding: "6: 'sla.availability' must be a number, found 'high'"),
        BadFile(
            rule: "a bare boolean where text is expected",
            text: head + "tags: [payments, true]\n",
            finding: "6: 'tags[1]' must be text (quote it), found 'true'"),
        BadFile(
            rule: "evidence that is not a list",
            text: head + "evidence: it works\n",
            finding: "6: 'evidence' must be a list, found 'it works'"),
        BadFile(
            rule: "an evidence record that is not a mapping",
            text: head + "evidence:\n  - auc went up\n",
            finding: "7: 'evidence[0]' must be a mapping, found 'auc went up'"),
        BadFile(
            rule: "a block written as a scalar",
            text: head + "source: payments.transactions\n",
            finding: "6: 'source' must be a mapping, found 'payments.transactions'"),
        BadFile(
            rule: "text written as a list",
            text: head + "description: [a, b]\n",
            finding: "6: 'description' must be text, found a list"),
        BadFile(
            rule: "a key that is not a name",
            text: head + "[a, b]: c\n",
            finding: "6: keys must be plain names, found a list"),
        BadFile(
            rule: "a duplicate key names the key and both lines",
            text: head + "owner: someone else\n",
            finding: "6: duplicate key 'owner' (first at line 4)", yieldsFeature: false),
        BadFile(
            rule: "a missing feature name",
            text: "stage: explore\nkind: scalar\n",
            finding: "1: missing 'feature' (the feature's name)", yieldsFeature: false),
        BadFile(
            rule: "a missing stage",
            text: "# comment\nfeature: f\nkind: scalar\n",
            finding: "2: missing 'stage'", yieldsFeature: false),
        BadFile(
            rule: "an empty feature name is a missing one",
            text: "stage: explore\nfeature:\n",
            finding: "2: missing 'feature' (the feature's name)", yieldsFeature: false),
        BadFile(
            rule: "an empty stage is a missing one",
            text: "feature: f\nstage: ~\n",
            finding: "2: missing 'stage'", yieldsFeature: false),
        BadFile(
            rule: "an empty file",
            text: "# nothing yet\n",
            finding: "1: empty file; a feature file is a mapping starting with 'feature:'", yieldsFeature: false),
        BadFile(
            rule: "a list instead of a mapping",
            text: "\n- feature: f\n",
            finding: "2: a feature file must be a mapping of fields, found a list", yieldsFeature: false),
        BadFile(
            rule: "a scalar instead of a mapping",
            text: "just some words\n",
            finding: "1: a feature file must be a mapping of fields, found 'just some words'", yieldsFeature: false),
        BadFile(
            rule: "a YAML syntax error",
            text: head + "description: \"unterminated\n",
            finding: "7: found unexpected end of stream while scanning a quoted scalar", yieldsFeature: false),
        BadFile(
            rule: "two documents in one file",
            text: head + "---\n" + head,
            finding: "6: more than one YAML document; a feature file holds exactly one", yieldsFeature: false),
    ]

    @Test("each rule of SPEC §2 has one problem on the right line", arguments: cases)
    func badFile(_ bad: BadFile) {
        let parsed = parse(bad.text)
        #expect(parsed.problems.map { "\($0.line.map(String.init) ?? "-"): \($0.message)" } == [bad.finding])
        #expect(parsed.hasErrors)
        #expect((parsed.feature != nil) == bad.yieldsFeature)
    }

    @Test("a problem carries the column of the value at fault")
    func column() throws {
        let problem = try #require(parse(Self.head + "type:   int65\n").problems.first)
        #expect(problem.line == 6)
        #expect(problem.column == 9)
        #expect(problem.severity == .error)
    }

    @Test("a file that is not UTF-8 is one problem naming the byte and line")
    func latin1() {
        let bytes = Array("feature: f\nstage: explore\ndescription: caf".utf8) + [0xE9] + [0x0A]
        let parsed = FeatureParser.parse(bytes, path: "features/f.yaml")
        #expect(parsed.feature == nil)
        #expect(
            parsed.problems == [
                Problem(.error, "not valid UTF-8 (byte 0xE9); save the file as UTF-8", line: 3, column: 17)
            ])
    }

    @Test("several mistakes are all reported, each on its line")
    func severalProblems() {
        let text =
            "feature: f\nstage: explore\nkind: aggregation\nownr: me\ntype: int65\naggregation: {window: 7 days}\n"
        #expect(
            findings(text) == [
                "4: unknown field 'ownr' (did you mean 'owner'?); custom fields start with 'x-'",
                "5: 'type' must be a type: \(Self.dataTypes) (did you mean 'int64'?), found 'int65'",
                "6: 'aggregation.window' must be a positive duration such as 90s, 30m, 1h, 7d or 2w, found '7 days'",
            ])
    }

    @Test(
        "values that look odd but are allowed",
        arguments: [
            "owner: 42\n",  // a number is kept as text
            "description: 2026-01-01\n",
            "x-anything: {deep: [1, {b: null}]}\n",
            "x-flag: true\n",
            "version: 2\n",
            "entity: [user_id, merchant_id]\n",
            "sla: {freshness: 1h, x-custom_thing: 3}\n",
            "waivers: []\n",
            "deprecation: {sunset: 2028-02-29}\n",  // a leap day
            "backfill: {start: 2024-01-01T00:00:00Z}\n",
            "time: {ttl: \"7d\"}\n",  // quoted durations are durations
            "owner:\n",  // empty fields are absent ones
        ])
    func allowed(line: String) {
        #expect(findings("feature: f\nstage: explore\nkind: scalar\n" + line) == [])
    }
}

@Suite("A refused identity is reported once, for what it is")
struct RefusedIdentityTests {
    @Test(
        "an invalid name or stage value is reported as invalid, not also as missing",
        arguments: ["feature: Bad-Name\nstage: explore\n", "feature: ok\nstage: [explore]\n"])
    func notAlsoMissing(text: String) {
        let parsed = FeatureParser.parse(Array(text.utf8), path: "features/x.yaml")
        #expect(parsed.feature == nil)
        #expect(!parsed.problems.isEmpty)
        #expect(
            !parsed.problems.contains { $0.message.hasPrefix("missing 'feature'") || $0.message == "missing 'stage'" },
            "\(parsed.problems.map(\.message))")
    }
}
