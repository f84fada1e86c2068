import FeatModel
import Testing

/// SPEC §2's strictness about values: an empty value is a value left out, no value may read
/// differently in another YAML reader, `x-` keys are allowed at any depth and nothing else
/// unknown is, and set-like lists hold each entry once.
@Suite("Empty values are values left out")
struct EmptyValuesAreAbsentTests {
    /// `Files.aggregation` (complete up to production) with one line replaced.
    static func production(replacing old: String, with new: String) -> String {
        Files.aggregation.replacing(old, with: new)
    }

    struct EmptyCase: Sendable, CustomTestStringConvertible {
        var scenario: String
        var old: String
        var new: String
        var owed: String
        var testDescription: String { scenario }
    }

    static let issueCases: [EmptyCase] = [
        EmptyCase(
            scenario: "monitoring: {dashboard: } is no monitoring",
            old: "monitoring: {drift: {metric: psi, threshold: 0.2}}", new: "monitoring: {dashboard: }",
            owed: "monitoring"),
        EmptyCase(
            scenario: "expectations: {null_rate_max: } is no expectations",
            old: "expectations: {null_rate_max: 0.0, min: 0}", new: "expectations: {null_rate_max: }",
            owed: "expectations"),
        EmptyCase(
            scenario: "source: {table: } is no source", old: "source:\n  table: payments.transactions",
            new: "source: {table: }", owed: "source"),
        EmptyCase(
            scenario: "evidence: [{}] is no evidence",
            old: "evidence:\n  - {date: 2026-10-02, metric: auc_lift, value: 0.004, dataset: fraud_eval_2026q3}",
            new: "evidence: [{}]", owed: "evidence"),
        EmptyCase(
            scenario: "entity: [''] is no entity", old: "entity: [user_id]", new: "entity: ['']", owed: "entity"),
        EmptyCase(
            scenario: "description: '' is no description",
            old: "description: Card transactions per user over the trailing 7 days.", new: "description: ''",
            owed: "description"),
        EmptyCase(
            scenario: "sla: {freshness: ~} is no freshness", old: "sla: {freshness: 1h}", new: "sla: {freshness: ~}",
            owed: "sla.freshness"),
        EmptyCase(
            scenario: "monitoring: {drift: {}} is no monitoring",
            old: "monitoring: {drift: {metric: psi, threshold: 0.2}}", new: "monitoring: {drift: {}}",
            owed: "monitoring"),
        EmptyCase(
            scenario: "entity: [] is no entity", old: "entity: [user_id]", new: "entity: []", owed: "entity"),
        EmptyCase(
            scenario: "a block of nothing but an empty x- value meets nothing",
            old: "monitoring: {drift: {metric: psi, threshold: 0.2}}", new: "monitoring: {x-note: }",
            owed: "monitoring"),
    ]

    @Test("an empty value meets no obligation at production, and is absent from the definition", arguments: issueCases)
    func emptyMeetsNothing(_ c: EmptyCase) throws {
        let text = Self.production(replacing: c.old, with: c.new)
        #expect(text != Files.aggregation, "the case must change the file")
        let parsed = parse(text)
        #expect(!parsed.hasErrors, "\(parsed.problems)")
        let feature = try #require(parsed.feature)
        #expect(Policy.standard.missing(for: feature).map(\.field) == [c.owed])
        #expect(feature.definition[path: c.owed]?.isPresent != true)
    }

    @Test("an empty value is the same definition as no value at all")
    func emptyEqualsAbsent() throws {
        let absent = try #require(parse(Files.aggregation.replacing("sla: {freshness: 1h}\n", with: "")).feature)
        for empty in [
            "sla:", "sla: {}", "sla: {freshness: }", "sla: {freshness: ''}", "sla: ~", "sla: {latency: null}",
        ] {
            let f = try #require(parse(Files.aggregation.replacing("sla: {freshness: 1h}", with: empty)).feature)
            #expect(f.definition == absent.definition, "\(empty)")
        }
    }

    @Test("null, Null, NULL and ~ are the value null where null is allowed, and an empty map.missing is absent")
    func nullWhereAllowed() throws {
        for spelling in ["null", "Null", "NULL", "~"] {
            let f = try #require(parse("feature: m\nstage: explore\nkind: map\nmap: {missing: \(spelling)}\n").feature)
            #expect(f.definition[path: "map.missing"] == .string("null"), "\(spelling)")
        }
        for empty in ["", "''"] {
            let f = try #require(parse("feature: m\nstage: explore\nkind: map\nmap: {missing: \(empty)}\n").feature)
            #expect(f.definition[path: "map.missing"] == nil, "\(empty)")
            #expect(f.definition[path: "map"] == nil)
        }
    }

    @Test("an empty entry beside others is still a mistake on its line; a list of nothing else is absent")
    func emptyEntries() throws {
        let mixed = parse("feature: f\nstage: explore\nentity: [user_id, '']\n")
        #expect(mixed.problems.map(\.message) == ["'entity[1]' is empty; remove it or give it a value"])
        #expect(mixed.feature?.definition[path: "entity"] == .list([.string("user_id")]))
        let records = parse("feature: f\nstage: explore\nevidence:\n  - {metric: auc}\n  - {}\n")
        #expect(records.problems.map(\.line) == [5])
        let only = parse("feature: f\nstage: explore\nevidence: [{}, {metric: }]\nentity: ['', ~]\n")
        #expect(only.problems.isEmpty)
        #expect(only.feature?.definition[path: "evidence"] == nil)
        #expect(only.feature?.definition[path: "entity"] == nil)
    }

    @Test("an empty identity is a missing one")
    func emptyIdentity() {
        let parsed = parse("feature: ''\nstage: explore\n")
        #expect(parsed.feature == nil)
        #expect(parsed.problems.map(\.message) == ["missing 'feature' (the feature's name)"])
    }
}

@Suite("No value reads differently in another YAML reader")
struct AmbiguousScalarTests {
    struct Form: Sendable, CustomTestStringConvertible {
        var line: String
        var finding: String
        var testDescription: String { line }
    }

    static let head = "feature: f\nstage: explore\nkind: categorical\nx-a: 1\nx-b: 2\n"

    /// The head with the kind a line's block needs.
    static func head(for line: String) -> String {
        let kind = line.hasPrefix("embedding") ? "embedding" : line.hasPrefix("map") ? "map" : "categorical"
        return head.replacing("kind: categorical", with: "kind: \(kind)")
    }

    static let refused: [Form] = [
        Form(
            line: "categorical: {encoding: hash, buckets: 010}",
            finding: "'categorical.buckets' is 010, which a YAML 1.1 reader (PyYAML) takes for the integer 8 (octal) "
                + "and feat for the integer 10; write 10, or '010' for the text"),
        Form(
            line: "categorical: {vocabulary: [se, no, dk]}",
            finding: "'categorical.vocabulary[1]' is no, which a YAML 1.1 reader (PyYAML) takes for the boolean false "
                + "and feat for the text 'no'; quote it: 'no'"),
        Form(
            line: "owner: Yes",
            finding: "'owner' is Yes, which a YAML 1.1 reader (PyYAML) takes for the boolean true "
                + "and feat for the text 'Yes'; quote it: 'Yes'"),
        Form(
            line: "tags: [payments, ON]",
            finding: "'tags[1]' is ON, which a YAML 1.1 reader (PyYAML) takes for the boolean true "
                + "and feat for the text 'ON'; quote it: 'ON'"),
        Form(
            line: "description: N",
            finding: "'description' is N, which a YAML 1.1 reader that follows its type list takes for the boolean "
                + "false and feat for the text 'N'; quote it: 'N'"),
        Form(
            line: "expectations: {min: 0x1F}",
            finding: "'expectations.min' is 0x1F, which a YAML 1.1 reader (PyYAML) takes for the integer 31 "
                + "and feat for the text '0x1F'; write 31, or '0x1F' for the text"),
        Form(
            line: "expectations: {min: 0b101}",
            finding: "'expectations.min' is 0b101, which a YAML 1.1 reader (PyYAML) takes for the integer 5 "
                + "and feat for the text '0b101'; write 5, or '0b101' for the text"),
        Form(
            line: "expectations: {max: 0o17}",
            finding: "'expectations.max' is 0o17, which a YAML 1.2 reader (Go's yaml.v3, ruamel.yaml) takes for the "
                + "integer 15 and feat for the text '0o17'; write 15, or '0o17' for the text"),
        Form(
            line: "expectations: {max: 1_000}",
            finding: "'expectations.max' is 1_000, which a YAML 1.1 reader (PyYAML) takes for the integer 1000 "
                + "and feat for the text '1_000'; write 1000, or '1_000' for the text"),
        Form(
            line: "expectations: {max: 09}",
            finding: "'expectations.max' is 09, which a YAML 1.1 reader (PyYAML) takes for the text '09' "
                + "and feat for the integer 9; write 9, or '09' for the text"),
        Form(
            line: "sla: {availability: 1e-3}",
            finding: "'sla.availability' is 1e-3, which a YAML 1.1 reader (PyYAML) takes for the text '1e-3' "
                + "and feat for the number 0.001; write 0.001, or '1e-3' for the text"),
        Form(
            line: "sla: {availability: 1.0e3}",
            finding: "'sla.availability' is 1.0e3, which a YAML 1.1 reader (PyYAML) takes for the text '1.0e3' "
                + "and feat for the number 1000.0; write 1000.0, or '1.0e3' for the text"),
        Form(
            line: "time: {event_time: 1:30}",
            finding: "'time.event_time' is 1:30, which a YAML 1.1 reader (PyYAML) takes for the integer 90 (base 60) "
                + "and feat for the text '1:30'; quote it: '1:30'"),
        Form(
            line: "version: 010",
            finding: "'version' is 010, which a YAML 1.1 reader (PyYAML) takes for the integer 8 (octal) "
                + "and feat for the integer 10; write 10, or '010' for the text"),
        Form(
            line: "embedding: {normalized: yes}",
            finding: "'embedding.normalized' must be true or false, found 'yes', which a YAML 1.1 reader (PyYAML) "
                + "takes for the boolean true and feat for the text 'yes'; write true"),
        Form(
            line: "categorical: {encoding: hash, buckets: 0x10}",
            finding: "'categorical.buckets' must be an integer, found '0x10', which a YAML 1.1 reader (PyYAML) takes "
                + "for the integer 16 and feat for the text '0x10'; write 16"),
        Form(
            line: "categorical: {encoding: hash, buckets: yes}",
            finding: "'categorical.buckets' must be an integer, found 'yes', which a YAML 1.1 reader (PyYAML) takes "
                + "for the boolean true and feat for the text 'yes'"),
        Form(
            line: "categorical: {unseen: off}",
            finding: "'categorical.unseen' must be one of bucket, error, ignore, found 'off', which a YAML 1.1 reader "
                + "(PyYAML) takes for the boolean false and feat for the text 'off'"),
        Form(
            line: "entity: [y]",
            finding: "'entity[0]' is y, which a YAML 1.1 reader that follows its type list takes for the boolean "
                + "true and feat for the text 'y'; quote it: 'y'"),
    ]

    @Test("a YAML 1.1 form is FEAT001 wherever it is a value, saying how PyYAML reads it", arguments: refused)
    func refusedForm(_ form: Form) throws {
        let parsed = parse(Self.head(for: form.line) + form.line + "\n")
        let errors = parsed.problems.filter { $0.severity == .error }.map(\.message)
        #expect(errors == [form.finding])
        #expect(parsed.problems.first?.line == 6)
    }

    @Test(
        "forms every reader takes alike are not refused; evidence records and x- values are free",
        arguments: [
            "categorical: {encoding: hash, buckets: 10}", "expectations: {min: 0, max: -3, null_rate_max: 0.5}",
            "sla: {availability: 1.0e+3}", "sla: {availability: .5}", "embedding: {normalized: true}",
            "description: 2026-01-01", "tags: ['no', \"on\", yesterday, nope, 'y']", "backfill: {start: 2024-01-01}",
            "evidence: [{date: 2026-01-01, passed: yes, n: 010, t: 1:30}]", "x-flags: {ok: on, n: 0x1F, t: 1:30}",
            "source: {table: t, x-legacy: no}", "owner: 0", "owner: '010'", "version: 2",
        ])
    func notRefused(line: String) {
        #expect(parse(Self.head(for: line) + line + "\n").problems == [], "\(line)")
    }

    @Test("a refused value is still read as feat always read it: upgrading feat rewrites no feature's past")
    func readAsBefore() throws {
        let f = try #require(parse(Self.head + "categorical: {encoding: hash, buckets: 010}\nversion: 010\n").feature)
        #expect(f.definition[path: "categorical.buckets"] == .int(10))
        #expect(f.version == 10)
        let stage = try #require(parse("feature: f\nstage: no\n").feature)
        #expect(stage.stage == "no")
        #expect(StageScan.read(Array("feature: f\nstage: no\nversion: 010\n".utf8))?.identity.version == 10)
    }

    @Test(
        "the classifier: what PyYAML takes each form for",
        arguments: [
            ("0", nil), ("00", "the integer 0 (octal)"), ("-010", "the integer -8 (octal)"),
            ("0_7", "the integer 7 (octal)"),
            ("+0x10", "the integer 16"), ("1_0.5", "the number 10.5"), ("12:30:00", "the integer 45000 (base 60)"),
            ("1:30.5", "the number 90.5 (base 60)"), ("0:30", "a base-60 number (digits and colons)"),
            (".5e3", "the text '.5e3'"), ("1E+3", "the text '1E+3'"), ("1.5e-3", nil), ("2026-01-01", nil),
            ("1.5", nil), ("-3", nil), ("true", nil), ("NO", "the boolean false"), ("nO", nil), ("yes!", nil),
            ("0x", nil), ("0b2", nil), ("1:", nil), ("a:1", nil), (".inf", nil),
        ] as [(String, String?)])
    func classifier(text: String, reading: String?) {
        #expect(AmbiguousScalar(text)?.otherReading == reading, "\(text)")
    }
}

@Suite("x- keys at any depth; any other unknown key is an error naming the closest known one")
struct UnknownKeysTests {
    @Test(
        "an x- key is the author's own, at the top and inside any block",
        arguments: [
            "x-team: risk", "source: {table: t, x-notes: {a: [1]}}", "time: {ttl: 1d, x-tz-note: local}",
            "monitoring: {drift: {metric: psi, x-window-note: w}, x-pager: p}", "sla: {x-tier: gold}",
            "waivers: [{rule: FEAT001, reason: r, expires: 2026-01-01, x-ticket: T-1}]",
            "expectations: {x-check: {deep: {deeper: yes}}}", "backfill: {start: 2024-01-01, x-by: ana}",
        ])
    func extensionKeys(line: String) {
        #expect(findings("feature: f\nstage: explore\n" + line + "\n") == [], "\(line)")
    }

    @Test(
        "an unknown key at any depth names the closest known one there",
        arguments: [
            (
                "expectations: {nul_rate_max: 0.1}",
                "unknown field 'nul_rate_max' in 'expectations' (did you mean 'null_rate_max'?)"
            ),
            (
                "monitoring: {drift: {metric: psi, thresold: 0.2}}",
                "unknown field 'thresold' in 'monitoring.drift' (did you mean 'threshold'?)"
            ),
            (
                "waivers: [{rule: FEAT001, reason: r, expires: 2026-01-01, feilds: [entity]}]",
                "unknown field 'feilds' in 'waivers[0]' (did you mean 'fields'?)"
            ),
            ("time: {tll: 1d}", "unknown field 'tll' in 'time' (did you mean 'ttl'?)"),
            ("descripton: d", "unknown field 'descripton' (did you mean 'description'?)"),
        ])
    func unknownKeys(line: String, message: String) {
        #expect(
            findings("feature: f\nstage: explore\n" + line + "\n") == ["3: \(message); custom fields start with 'x-'"])
    }

    @Test("evidence records are free-form: any key, any value")
    func evidenceIsFree() {
        #expect(findings("feature: f\nstage: explore\nevidence: [{anything: yes, nested: {k: 010}}]\n") == [])
    }

    @Test("an unknown key is kept in the definition as written, so a diff can name it, never drops it")
    func unknownKeyKept() throws {
        let f = try #require(parse("feature: f\nstage: explore\nexpectations: {nul_rate_max: 0.5}\n").feature)
        #expect(f.definition[path: "expectations.nul_rate_max"] == .number(0.5))
    }
}

@Suite("Set-like lists hold each entry once")
struct DuplicateEntriesTests {
    @Test(
        "a duplicate in entity, map.known_keys or an inline vocabulary is FEAT001 naming it and the first line",
        arguments: [
            (
                "kind: scalar\nentity:\n  - user_id\n  - merchant_id\n  - user_id\n",
                "7: 'entity' lists 'user_id' twice (first at line 5)"
            ),
            ("kind: scalar\nentity: [user_id, user_id]\n", "4: 'entity' lists 'user_id' twice"),
            (
                "kind: map\nmap:\n  known_keys: [web, app,\n    web]\n",
                "6: 'map.known_keys' lists 'web' twice (first at line 5)"
            ),
            (
                "kind: categorical\ncategorical:\n  vocabulary:\n    - se\n    - 'se'\n",
                "7: 'categorical.vocabulary' lists 'se' twice (first at line 6)"
            ),
        ])
    func duplicate(body: String, finding: String) throws {
        let parsed = parse("feature: f\nstage: explore\n" + body)
        #expect(parsed.problems.map { "\($0.line ?? 0): \($0.message)" } == [finding])
        // Kept as written: a vocabulary's positions are its ids.
        #expect(parsed.feature != nil)
    }

    @Test("the same entry in two different lists is no duplicate")
    func differentLists() {
        #expect(findings("feature: f\nstage: explore\nkind: map\nentity: [web]\nmap: {known_keys: [web]}\n") == [])
    }

    @Test("a vocabulary file naming a category twice is an error on the second line")
    func vocabularyFile() {
        let file = VocabularyFile(bytes: Array("se\ndk\nse\n".utf8))
        #expect(file.problems == [Problem(.error, "'se' is listed twice (first at line 1)", line: 3)])
        #expect(file.entries == ["se", "dk", "se"])
    }
}
