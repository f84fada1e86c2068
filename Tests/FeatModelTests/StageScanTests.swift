import FeatModel
import Testing

/// A labelled file for parameterised tests.
struct ScanCase: Sendable, CustomTestStringConvertible {
    var label: String
    var bytes: [UInt8]

    init(_ label: String, _ text: String) {
        self.label = label
        self.bytes = Array(text.utf8)
    }

    init(_ label: String, bytes: [UInt8]) {
        self.label = label
        self.bytes = bytes
    }

    var testDescription: String { label }
}

/// The fast scan must give the full parser's answer whenever it answers at all.
@Suite("StageScan")
struct StageScanTests {
    static let answered: [ScanCase] = [
        ScanCase("the SPEC example", Files.aggregation),
        ScanCase("a scalar with folded and literal block scalars", Files.scalar),
        ScanCase("a categorical feature at version 2", Files.categorical),
        ScanCase("a map with nested blocks", Files.map),
        ScanCase("an embedding", Files.embedding),
        ScanCase("the smallest file", "feature: f\nstage: explore\n"),
        ScanCase("stage before feature, version after", "stage: shadow\nfeature: a.b_c\nversion: 12\n"),
        ScanCase("no trailing newline", "feature: f\nstage: explore"),
        ScanCase("comments everywhere", "# head\nfeature: f # the name\n  # indented comment\nstage: candidate   # moved\n#tail\n"),
        ScanCase("CRLF line endings", "feature: f\r\nversion: 3\r\nstage: production\r\nowner: me\r\n"),
        ScanCase("a mixture of CRLF and LF", "feature: f\r\nstage: candidate\nowner: me\r\n"),
        ScanCase("blank lines and trailing spaces", "\n\nfeature: f   \n\nstage: explore \n\n"),
        ScanCase(
            "block scalars that look like keys",
            "feature: f\ndescription: |\n  stage: production\n  feature: other\nstage: explore\nsql: >-\n  version: 9\n"),
        ScanCase(
            "nested blocks with identity-like keys",
            "feature: f\nsource:\n  feature: nested\n  stage: nested\n  version: 7\nstage: explore\nx-meta:\n  stage: no\n"),
        ScanCase("quoted values of other fields", "feature: f\nowner: \"me@example.com\"\nstage: explore\nhypothesis: 'it''s true'\n"),
        ScanCase("one-line flow values of other fields", "feature: f\nentity: [user_id, merchant_id]\nstage: explore\ntime: {ttl: 1d}\n"),
        ScanCase("a comment hash without a space stays in the value", "feature: f\nstage: explore\nowner: team#42\n"),
        ScanCase("non-ASCII text in other fields", "feature: f\nstage: explore\nowner: Zoë Müller\ndescription: 名前 🚀\n"),
        ScanCase("problems the parser reports but which keep the feature", "feature: f\nstage: explore\nownr: me\ntype: int65\n"),
        ScanCase("an explicit version 1", "feature: f\nversion: 1\nstage: explore\n"),
        ScanCase("a version with a leading zero", "feature: f\nversion: 02\nstage: explore\n"),
        ScanCase("a stage that is not configured is still a stage", "feature: f\nstage: staging\n"),
        ScanCase("a plain value continued on the next line of another field", "feature: f\nstage: explore\ndescription: a long\n  sentence\n"),
    ]

    @Test("it agrees with the full parser on identity and stage", arguments: answered)
    func agrees(_ file: ScanCase) throws {
        let parsed = FeatureParser.parse(file.bytes, path: "f.yaml")
        let feature = try #require(parsed.feature)
        let scanned = try #require(StageScan.read(file.bytes))
        #expect(scanned.identity == feature.identity)
        #expect(scanned.stage == feature.stage)
    }

    static let declined: [ScanCase] = [
        ScanCase("a quoted name", "feature: \"f\"\nstage: explore\n"),
        ScanCase("a single-quoted stage", "feature: f\nstage: 'explore'\n"),
        ScanCase("a flow mapping at the top", "{feature: f, stage: explore}\n"),
        ScanCase("a flow value across lines", "feature: f\nentity: [a,\n  b]\nstage: explore\n"),
        ScanCase("an anchored value", "feature: f\nstage: &s explore\n"),
        ScanCase("an alias", "feature: f\nx-s: &s explore\nstage: *s\n"),
        ScanCase("a tagged value", "feature: f\nstage: !!str explore\n"),
        ScanCase("a tagged value of another field", "feature: f\nstage: explore\nowner: !team risk\n"),
        ScanCase("a byte-order mark", bytes: [0xEF, 0xBB, 0xBF] + Array("feature: f\nstage: explore\n".utf8)),
        ScanCase("a document marker", "---\nfeature: f\nstage: explore\n"),
        ScanCase("a directive", "%YAML 1.1\n---\nfeature: f\nstage: explore\n"),
        ScanCase("a multi-line double-quoted value", "feature: f\ndescription: \"abc\nstage: production\"\nstage: explore\n"),
        ScanCase("a multi-line single-quoted value", "feature: f\nstage: explore\ndescription: 'abc\n  more'\n"),
        ScanCase("a tab before a key", "feature: f\n\tstage: explore\n"),
        ScanCase("a tab after the colon", "feature: f\nstage:\texplore\n"),
        ScanCase("a duplicate key", "feature: f\nstage: explore\nstage: candidate\n"),
        ScanCase("no stage", "feature: f\nkind: scalar\n"),
        ScanCase("no name", "stage: explore\n"),
        ScanCase("an empty stage", "feature: f\nstage:\n"),
        ScanCase("a stage in a block scalar", "feature: f\nstage: |\n  explore\n"),
        ScanCase("a stage as a nested list", "feature: f\nstage:\n  - explore\n"),
        ScanCase("a name that is not a name", "feature: User\nstage: explore\n"),
        ScanCase("version zero", "feature: f\nversion: 0\nstage: explore\n"),
        ScanCase("a version in words", "feature: f\nversion: two\nstage: explore\n"),
        ScanCase("a key with a space before the colon", "feature: f\nstage : explore\n"),
        ScanCase("a complex key", "feature: f\n? stage\n: explore\n"),
        ScanCase("a list at the top", "- feature: f\n  stage: explore\n"),
        ScanCase("an empty file", ""),
        ScanCase("a value glued to its colon", "feature: f\nstage:explore\n"),
    ]

    @Test("it declines what a line scan cannot be sure of", arguments: declined)
    func declines(_ file: ScanCase) {
        #expect(StageScan.read(file.bytes) == nil)
    }

    /// Files where a line scan would read another stage or name than the parser does, or
    /// read one from a file the parser refuses. The scan must stay silent on each.
    static let traps: [ScanCase] = [
        ScanCase(
            "a multi-line quoted description hiding a stage line",
            "feature: f\ndescription: \"abc\nstage: production\"\n"),
        ScanCase(
            "a double-quoted value whose last quote is escaped",
            "feature: f\ndescription: \"abc \\\"\nstage: production # \"\n"),
        ScanCase(
            "a single-quoted value whose last quote is doubled",
            "feature: f\ndescription: 'abc ''\nstage: production # '\n"),
        ScanCase(
            "a stage continued as a multi-line plain scalar",
            "feature: f\nstage: explore\n  and more\n"),
        ScanCase(
            "a name continued after a blank line",
            "feature: f\n\n  g\nstage: explore\n"),
        ScanCase(
            "a carriage return alone is a line break to YAML",
            "feature: f\nstage: explore\nowner: me\rstage: production\n"),
        ScanCase(
            "a next-line character is a line break to YAML 1.1",
            "feature: f\nowner: me\u{85}description: \"x\nstage: explore # \"\n"),
        ScanCase(
            "a line separator is a line break to YAML 1.1",
            "feature: f\nowner: me\u{2028}description: \"x\nstage: explore # \"\n"),
        ScanCase("a NUL byte the parser refuses", "feature: f\nstage: explore\nowner: a\u{0}b\n"),
        ScanCase("a control character the parser refuses", "feature: f\nstage: explore\nowner: a\u{7}b\n"),
        ScanCase("Latin-1 the parser refuses", bytes: Array("feature: f\nstage: explore\nowner: caf".utf8) + [0xE9, 0x0A]),
        ScanCase("a value that is a second mapping", "feature: f\nstage: explore\nowner: team: risk\n"),
        ScanCase("a block sequence entry as a value", "feature: f\nstage: explore\nowner: - risk\n"),
        ScanCase("text after a closing quote", "feature: f\nstage: explore\nowner: \"a\" b\n"),
        ScanCase("text after a closing bracket", "feature: f\nstage: explore\nentity: [a] b\n"),
    ]

    @Test("it is not fooled where a line scan and YAML part ways", arguments: traps)
    func notFooled(_ file: ScanCase) {
        let parsed = FeatureParser.parse(file.bytes, path: "f.yaml")
        let scanned = StageScan.read(file.bytes)
        if let feature = parsed.feature, let scanned {
            #expect(scanned.identity == feature.identity && scanned.stage == feature.stage)
        } else {
            #expect(scanned == nil, "the parser found no feature: \(parsed.problems.map(\.message))")
        }
    }

    @Test("the brief's trap: a stage inside a multi-line quoted description is not the stage")
    func multiLineQuotedDescription() {
        let text = "feature: f\ndescription: \"abc\nstage: production\"\nstage: explore\n"
        #expect(StageScan.read(Array(text.utf8)) == nil)
        #expect(FeatureParser.parse(Array(text.utf8), path: "f.yaml").feature?.stage == "explore")
    }

    @Test("files above the size limit are left to the parser")
    func tooLarge() {
        let text = "feature: f\nstage: explore\n" + "x-pad: " + String(repeating: "a", count: 1 << 20) + "\n"
        #expect(StageScan.read(Array(text.utf8)) == nil)
    }
}
