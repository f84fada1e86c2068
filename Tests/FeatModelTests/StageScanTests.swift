import FeatModel
import Foundation
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
        ScanCase(
            "comments everywhere",
            "# head\nfeature: f # the name\n  # indented comment\nstage: candidate   # moved\n#tail\n"),
        ScanCase("CRLF line endings", "feature: f\r\nversion: 3\r\nstage: production\r\nowner: me\r\n"),
        ScanCase("a mixture of CRLF and LF", "feature: f\r\nstage: candidate\nowner: me\r\n"),
        ScanCase("blank lines and trailing spaces", "\n\nfeature: f   \n\nstage: explore \n\n"),
        ScanCase(
            "block scalars that look like keys",
            "feature: f\ndescription: |\n  stage: production\n  feature: other\nstage: explore\nsql: >-\n  version: 9\n"
        ),
        ScanCase(
            "nested blocks with identity-like keys",
            "feature: f\nsource:\n  feature: nested\n  stage: nested\n  version: 7\nstage: explore\nx-meta:\n  stage: no\n"
        ),
        ScanCase(
            "quoted values of other fields",
            "feature: f\nowner: \"me@example.com\"\nstage: explore\nhypothesis: 'it''s true'\n"),
        ScanCase(
            "one-line flow values of other fields",
            "feature: f\nentity: [user_id, merchant_id]\nstage: explore\ntime: {ttl: 1d}\n"),
        ScanCase("a comment hash without a space stays in the value", "feature: f\nstage: explore\nowner: team#42\n"),
        ScanCase(
            "non-ASCII text in other fields", "feature: f\nstage: explore\nowner: Zoë Müller\ndescription: 名前 🚀\n"),
        ScanCase(
            "problems the parser reports but which keep the feature",
            "feature: f\nstage: explore\nownr: me\ntype: int65\n"),
        ScanCase("an explicit version 1", "feature: f\nversion: 1\nstage: explore\n"),
        ScanCase("a version with a leading zero", "feature: f\nversion: 02\nstage: explore\n"),
        ScanCase("a stage that is not configured is still a stage", "feature: f\nstage: staging\n"),
        ScanCase(
            "a plain value continued on the next line of another field",
            "feature: f\nstage: explore\ndescription: a long\n  sentence\n"),
        ScanCase(
            "a block sequence at its key's column, then more keys",
            "feature: f\nentity:\n- user_id\n- merchant_id\nstage: explore\n"),
        ScanCase(
            "mappings inside sequence entries",
            "feature: f\nevidence:\n  - date: 2026-01-01\n    metric: auc\n"
                + "  - date: 2026-02-01\n    metric: auc\nstage: explore\n"),
        ScanCase(
            "quoted values in nested blocks and flow collections",
            "feature: f\nembedding:\n  model_version: \"1.2\"\n"
                + "evidence: [{note: \"a, b\", value: 1}]\nstage: explore\n"),
        ScanCase(
            "a nested block scalar with text that looks like YAML",
            "feature: f\nsource:\n  sql: |-\n    SELECT \"a\" FROM [t] -- {x: *y}\n    stage: production\n"
                + "  table: t\nstage: explore\n"),
        ScanCase("a stage named like a YAML word that is not null", "feature: f\nstage: true\n"),
        // The shapes of the benchmark repositories' files: history's speed depends on the
        // scan answering for them.
        ScanCase(
            "a generated categorical file",
            "# Owned by ads/apac.\nfeature: a_b_90d_v10\nversion: 1\nstage: candidate\n"
                + "kind: categorical\nowner: team-pricing@example.com\nhypothesis: Dominant bucket carries signal.\n"
                + "description: Dominant bucket (rev 11.6). Excludes test accounts.\n"
                + "evidence: [{date: 2021-01-04, metric: auc_lift, value: 0.002}]\nentity: account_id\ntype: string\n"
                + "source: {table: growth.sessions}\ntime: {event_time: updated_at, ttl: 7d}\ncategorical:\n"
                + "  vocabulary:\n    - web\n    - tv\n  unseen: bucket\n  encoding: index\n"
                + "backfill: {start: 2020-01-01}\nexpectations: {null_rate_max: 0.01}\nsla: {freshness: 1h}\n"
                + "monitoring: {drift: {metric: psi, threshold: 0.2}}\n"),
        ScanCase(
            "a generated embedding file",
            "feature: card_avg_basket_90d_v2\nversion: 1\nstage: production\nkind: embedding\n"
                + "embedding:\n  model: twotower_item\n  model_version: \"6\"\n  dimension: 32\n  metric: cosine\n"
                + "deprecation: {reason: superseded, sunset: 2021-06-01}\n"),
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
        ScanCase(
            "a multi-line double-quoted value", "feature: f\ndescription: \"abc\nstage: production\"\nstage: explore\n"),
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
        ScanCase(
            "Latin-1 the parser refuses", bytes: Array("feature: f\nstage: explore\nowner: caf".utf8) + [0xE9, 0x0A]),
        ScanCase("a value that is a second mapping", "feature: f\nstage: explore\nowner: team: risk\n"),
        ScanCase("a block sequence entry as a value", "feature: f\nstage: explore\nowner: - risk\n"),
        ScanCase("text after a closing quote", "feature: f\nstage: explore\nowner: \"a\" b\n"),
        ScanCase("text after a closing bracket", "feature: f\nstage: explore\nentity: [a] b\n"),
        // Found by fuzzing (issue 12): a quoted scalar opened on an indented line runs on at
        // column 0, and a root mapping may be indented.
        ScanCase(
            "an indented root whose quoted value hides column-0 keys",
            " feature: f\n stage: explore\n x: \"\nfeature: g\nstage: production\n#\"\n"),
        ScanCase(
            "a nested quoted value that hides a version line",
            "feature: f\nstage: explore\nsource:\n  table: \"a\nversion: 2\n#\"\n"),
        ScanCase(
            "a nested single-quoted value that hides a stage line",
            "feature: f\nstage: explore\nsource:\n  table: 'a\nstage: production\n'\n"),
        ScanCase("a stage spelt null", "feature: f\nstage: null\n"),
        ScanCase("a name spelt null", "feature: null\nstage: explore\n"),
        ScanCase("an unclosed flow collection on an indented line", "feature: f\nstage: explore\nx:\n  [\n"),
        ScanCase("an unknown alias", "feature: f\nstage: explore\nx-a: *nope\n"),
        ScanCase("an unknown alias in a nested block", "feature: f\nstage: explore\nx-a:\n  b: *nope\n"),
        ScanCase("a nested duplicate key", "feature: f\nstage: explore\nsource:\n  table: a\n  table: b\n"),
        ScanCase("a duplicate key in a flow mapping", "feature: f\nstage: explore\ntime: {ttl: 1d, ttl: 2d}\n"),
        ScanCase(
            "nesting beyond the parser's limit",
            "feature: f\nstage: explore\nx-a:\n"
                + (1..<70).map { String(repeating: "  ", count: $0) + "-\n" }.joined()),
        ScanCase(
            "flow nesting beyond the parser's limit",
            "feature: f\nstage: explore\nx-a: "
                + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n"),
        ScanCase("an indented first line", "  feature: f\n  stage: explore\n"),
        ScanCase("an indented comment, then an indented root", "  # c\n  feature: f\n  stage: explore\n"),
        ScanCase("a nested value that is a second mapping", "feature: f\nstage: explore\nsource:\n  table: a: b\n"),
        ScanCase("a nested plain value continued by a key", "feature: f\nstage: explore\nx-a: a\n  b: c\n"),
        ScanCase("a line between two indentations", "feature: f\nstage: explore\nsource:\n    table: a\n  view: b\n"),
        ScanCase("a block scalar followed by a deeper stray line", "feature: f\nstage: explore\nd: |\n    a\n  b\n"),
        ScanCase("a mid-file byte-order mark", "feature: f\nstage: explore\nowner: a\u{FEFF}b\n"),
        ScanCase("an escape the parser refuses", "feature: f\nstage: explore\nowner: \"a\\qb\"\n"),
        ScanCase("an empty flow entry", "feature: f\nstage: explore\nentity: [a, , b]\n"),
        ScanCase("a second document", "feature: f\nstage: explore\n---\nfeature: g\nstage: production\n"),
        ScanCase("a root sequence then a key", "- a\nfeature: f\nstage: explore\n"),
        ScanCase("a tab inside a nested block", "feature: f\nstage: explore\nsource:\n\ttable: a\n"),
        // Found by FuzzScan: a comment ends a plain scalar, so deeper lines after it are an error.
        ScanCase("a commented plain value followed by a deeper line", "feature: f\nstage: explore\nkind: a # c\n  b\n"),
        ScanCase(
            "a key longer than libyaml's limit for implicit keys",
            "feature: f\nstage: explore\nx-" + String(repeating: "k", count: 1100) + ": 1\n"),
        ScanCase(
            "a flow key longer than libyaml's limit for implicit keys",
            "feature: f\nstage: explore\ntime: {" + String(repeating: "k", count: 1100) + ": 1}\n"),
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

    @Test("every example and template feature file is read by the scan, not left to the parser")
    func ordinaryFilesAnswer() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var files: [URL] = []
        for folder in ["examples/features", "templates/features"] {
            let walker = FileManager.default.enumerator(
                at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                if url.pathExtension == "yaml" { files.append(url) }
            }
        }
        #expect(files.count >= 10)
        for url in files {
            // Templates hold placeholders that `feat new` fills in.
            let text = try String(contentsOf: url, encoding: .utf8)
                .replacingOccurrences(of: "{{name}}", with: "sample_name")
                .replacingOccurrences(of: "{{owner}}", with: "team@example.com")
            let bytes = Array(text.utf8)
            let feature = try #require(FeatureParser.parse(bytes, path: url.path).feature, "\(url.path)")
            let scanned = StageScan.read(bytes)
            #expect(
                scanned?.identity == feature.identity && scanned?.stage == feature.stage, "\(url.lastPathComponent)")
        }
    }

    @Test("a file of 120,000 top-level keys is declined at once, and the parser refuses it too")
    func manyKeys() {
        var text = "feature: f\nstage: explore\n"
        for i in 0..<120_000 { text += "k\(i): 1\n" }
        let bytes = Array(text.utf8)
        #expect(StageScan.read(bytes) == nil)
        #expect(FeatureParser.parse(bytes, path: "f.yaml").feature == nil)
    }

    @Test("files above the size limit are left to the parser")
    func tooLarge() {
        let text = "feature: f\nstage: explore\n" + "x-pad: " + String(repeating: "a", count: 1 << 20) + "\n"
        #expect(StageScan.read(Array(text.utf8)) == nil)
    }

    /// A byte the scan must decline (the parser refuses it, or reads it otherwise than a line
    /// scan would) must be found wherever it falls: first, last, mid-line,
    /// next to a line break.
    @Test(
        "a tab, NUL, DEL, lone CR, NEL or BOM is declined at every offset of the file",
        arguments: [[0x09], [0x00], [0x7F], [0x0D], [0xC2, 0x85], [0xEF, 0xBB, 0xBF]] as [[UInt8]])
    func refusedByteAnywhere(_ refused: [UInt8]) {
        let clean = Array("feature: f\nstage: explore\ndescription: abcdefghijklmnopqrstuvwxyz\n".utf8)
        #expect(StageScan.read(clean)?.stage == "explore")
        // A CR before a LF is a CR LF line break, which the parser reads too.
        for offset in 0...clean.count where !(refused == [0x0D] && offset < clean.count && clean[offset] == 0x0A) {
            var bytes = clean
            bytes.insert(contentsOf: refused, at: offset)
            #expect(StageScan.read(bytes) == nil, "at offset \(offset)")
        }
    }
}
