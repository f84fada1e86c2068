import FeatModel
import Testing

func policy(_ text: String) throws(PolicyError) -> Policy {
    try PolicyParser.parse(Array(text.utf8))
}

/// A config that cannot be used, and the one error it must be refused with.
struct BadConfig: Sendable, CustomTestStringConvertible {
    var mistake: String
    var text: String
    var message: String
    var line: Int

    var testDescription: String { mistake }
}

@Suite("Reading config.yaml")
struct PolicyParserTests {
    static let explore = "stages:\n  - name: explore\n    entry: true\n"

    static let cases: [BadConfig] = [
        BadConfig(
            mistake: "an unknown setting names the closest one",
            text: "version: 1\nstage:\n  - name: explore\n",
            message: "unknown setting 'stage' (did you mean 'stages'?)", line: 2),
        BadConfig(
            mistake: "an unknown setting far from any known one",
            text: "version: 1\nflavour: vanilla\n",
            message: "unknown setting 'flavour'", line: 2),
        BadConfig(
            mistake: "an unknown stage setting names the closest one",
            text: explore + "    min_day: 3\n",
            message: "unknown stage setting 'min_day' (did you mean 'min_days'?)", line: 4),
        BadConfig(
            mistake: "an unknown kind in by_kind",
            text: explore + "    by_kind:\n      scalar: [type]\n      agregation: [aggregation.window]\n",
            message: "unknown kind 'agregation' (did you mean 'aggregation'?)", line: 6),
        BadConfig(
            mistake: "an obligation that is not a field path, on its own line",
            text: explore + "    requires:\n      - feature\n      - owner if kind\n",
            message: "'owner if kind' is not a field path (write 'a.b', 'a | b' or 'a if b = v')", line: 6),
        BadConfig(
            mistake: "an obligation with an empty alternative",
            text: explore + "    requires: [feature, owner |]\n",
            message: "'owner |' is not a field path (write 'a.b', 'a | b' or 'a if b = v')", line: 4),
        BadConfig(
            mistake: "a by_kind obligation with a space in its path",
            text: explore + "    by_kind:\n      map: [map keys]\n",
            message: "'map keys' is not a field path (write 'a.b', 'a | b' or 'a if b = v')", line: 5),
        BadConfig(
            mistake: "a stage defined twice points at the second, naming the first",
            text: explore + "  - name: candidate\n  - name: shadow\n  - name: candidate\n",
            message: "stage 'candidate' is defined twice (first at line 4)", line: 6),
        BadConfig(
            mistake: "no entry stage",
            text: "version: 1\nstages:\n  - name: explore\n  - name: candidate\n",
            message: "no stage is marked 'entry: true'", line: 2),
        BadConfig(
            mistake: "from naming an unknown stage",
            text: explore + "  - name: production\n  - name: retired\n    from: [candidate, production]\n",
            message: "stage 'retired' lists unknown stage 'candidate' in 'from'", line: 6),
        BadConfig(
            mistake: "from naming a misspelt stage names the closest one",
            text: explore + "  - name: production\n  - name: retired\n    from: [prodution]\n",
            message: "stage 'retired' lists unknown stage 'prodution' in 'from' (did you mean 'production'?)", line: 6),
        BadConfig(
            mistake: "no stage on the ladder",
            text: "stages: []\n",
            message: "'stages' defines no stage on the ladder", line: 1),
        BadConfig(
            mistake: "only exit stages",
            text: "# policy\nstages:\n  - {name: gone, from: [gone], entry: true}\n",
            message: "'stages' defines no stage on the ladder", line: 2),
        BadConfig(
            mistake: "stages not a list",
            text: "stages: explore\n",
            message: "'stages' must be a list of stages in ladder order", line: 1),
        BadConfig(
            mistake: "a stage that is not a mapping",
            text: "stages:\n  - explore\n",
            message: "each stage must be a mapping with at least 'name'", line: 2),
        BadConfig(
            mistake: "a stage without a name",
            text: "stages:\n  - entry: true\n",
            message: "a stage needs a 'name'", line: 2),
        BadConfig(
            mistake: "a stage name that is not an identifier",
            text: "stages:\n  - name: Explore\n",
            message: "a stage name must be a lower-case identifier", line: 2),
        BadConfig(
            mistake: "a dotted stage name",
            text: "stages:\n  - name: pre.prod\n",
            message: "a stage name must be a lower-case identifier", line: 2),
        BadConfig(
            mistake: "negative min_days",
            text: explore + "  - name: candidate\n    min_days: -1\n",
            message: "'min_days' must be a whole number of days", line: 5),
        BadConfig(
            mistake: "entry not a boolean",
            text: "stages:\n  - name: explore\n    entry: sometimes\n",
            message: "'entry' must be true or false", line: 3),
        BadConfig(
            mistake: "by_kind not a mapping",
            text: explore + "    by_kind: [scalar]\n",
            message: "'by_kind' must map kinds to lists of fields", line: 4),
        BadConfig(
            mistake: "a config version other than 1",
            text: "version: 2\n",
            message: "'version' must be 1", line: 1),
        BadConfig(
            mistake: "a feature folder outside the repository",
            text: "features:\n  - features\n  - ../shared\n",
            message: "'features' lists '../shared', outside the repository: folder paths relative to the "
                + "feature-repo root, not globs; write `features` for features/**", line: 3),
        BadConfig(
            mistake: "an absolute feature folder",
            text: "features: /etc\n",
            message: "'features' lists '/etc', outside the repository: folder paths relative to the "
                + "feature-repo root, not globs; write `features` for features/**", line: 1),
        BadConfig(
            mistake: "no feature folder",
            text: "features: []\n",
            message: "'features' lists no folder", line: 1),
        BadConfig(
            mistake: "a rule setting outside error, warning, off",
            text: "rules:\n  FEAT001: warning\n  FEAT002: fatal\n",
            message: "rule FEAT002 must be error, warning or off", line: 3),
        BadConfig(
            mistake: "rules not a mapping",
            text: "rules: [FEAT001]\n",
            message: "'rules' must map rule IDs to error, warning or off", line: 1),
        BadConfig(
            mistake: "allow_demotion not a boolean",
            text: "allow_demotion: sometimes\n",
            message: "'allow_demotion' must be true or false", line: 1),
        BadConfig(
            mistake: "not_waivable not a list of values",
            text: "not_waivable: [{FEAT001: x}]\n",
            message: "'not_waivable' must list plain values", line: 1),
        BadConfig(
            mistake: "a duplicate setting",
            text: "rules: {}\nversion: 1\nrules: {FEAT001: off}\n",
            message: "duplicate key 'rules' (first at line 1)", line: 3),
        BadConfig(
            mistake: "a YAML syntax error",
            text: "version: 1\nstages: [\n",
            message: "did not find expected node content while parsing a flow node", line: 3),
        BadConfig(
            mistake: "a misspelt rule ID in rules names the closest one",
            text: "version: 1\nrules:\n  FEAT008: warning\n  FEAT06: off\n",
            message: "unknown rule 'FEAT06' in 'rules' (did you mean 'FEAT006'?); rules are FEAT001–FEAT015", line: 4),
        BadConfig(
            mistake: "a misspelt rule ID in not_waivable, on its own line",
            text: "not_waivable:\n  - FEAT003\n  - FEAT0003\n",
            message: "unknown rule 'FEAT0003' in 'not_waivable' (did you mean 'FEAT003'?); rules are FEAT001–FEAT015",
            line: 3),
        BadConfig(
            mistake: "an obligation naming a misspelt nested field",
            text: explore + "    by_kind:\n      aggregation: [aggregation.window, aggregation.functon]\n",
            message: "'aggregation.functon' is not a field of a feature file (did you mean 'aggregation.function'?)",
            line: 5),
        BadConfig(
            mistake: "an obligation naming a misspelt top-level field",
            text: explore + "    requires: [feature, hypothesys]\n",
            message: "'hypothesys' is not a field of a feature file (did you mean 'hypothesis'?)", line: 4),
        BadConfig(
            mistake: "an obligation naming a field inside a list entry",
            text: explore + "    requires: [evidence.metric]\n",
            message: "'evidence.metric' is not a field of a feature file", line: 4),
        BadConfig(
            mistake: "an obligation whose condition names a misspelt field",
            text: explore + "    requires: [map.known_keys if map.kyes = closed]\n",
            message: "'map.kyes' is not a field of a feature file (did you mean 'map.keys'?)", line: 4),
        BadConfig(
            mistake: "an obligation whose condition compares with a value the field cannot have",
            text: explore + "    requires: [map.known_keys if map.keys = closd]\n",
            message: "'closd' is not a value of 'map.keys' (did you mean 'closed'?); it is one of open, closed", line: 4
        ),
        BadConfig(
            mistake: "a by_kind obligation naming another kind's block",
            text: explore + "    by_kind:\n      map: [embedding.model]\n",
            message: "'embedding.model' belongs to kind embedding; a feature of kind map cannot have it", line: 5),
        BadConfig(
            mistake: "a YAML merge key is refused, not read as a setting",
            text: "base: &base {entry: true}\nstages:\n  - name: explore\n    <<: *base\n",
            message: "YAML merge keys ('<<') are not supported; write the settings out in full", line: 4),
        BadConfig(
            mistake: "a config that is not a mapping",
            text: "- explore\n- candidate\n",
            message: "the config must be a mapping (features:, stages:, rules:)", line: 1),
    ]

    @Test("a bad config is one error with the line at fault", arguments: cases)
    func badConfig(_ bad: BadConfig) {
        let error = #expect(throws: PolicyError.self) { try policy(bad.text) }
        #expect(error?.message == bad.message)
        #expect(error?.line == bad.line)
    }

    @Test("every rule ID, FEAT010 included, may be set and made not waivable; fields of the format may be required")
    func strictButComplete() throws {
        let ids = Policy.ruleIDs
        #expect(ids.count == 15 && ids.last == "FEAT015")
        let rules = ids.map { "  \($0): error\n" }.joined()
        let p = try policy(
            "rules:\n" + rules + "not_waivable: [" + ids.joined(separator: ", ") + "]\n" + Self.explore
                + "    requires: [feature, monitoring.drift.metric, x-team.slack, source.x-notes, "
                + "sla.freshness if kind = aggregation, map.max_keys if map.keys = open]\n")
        #expect(p.rules["FEAT010"] == .error)
        #expect(p.rules.count == 15)
        #expect(p.notWaivable == Set(ids))
        #expect(p.stage("explore")?.requires.count == 6)
    }

    @Test("the default config feat init writes reads without a problem, and is the built-in ladder")
    func defaultConfigIsStrictlyValid() throws {
        for stage in Policy.standard.stages {
            for o in stage.requires + stage.byKind.values.flatMap({ $0 }) {
                for field in o.fields { #expect(FeatureSchema.isField(field), "\(stage.name): \(field)") }
            }
        }
    }

    @Test("a config without stages gets the default ladder")
    func defaultsWhenEmpty() throws {
        let p = try policy("version: 1\n")
        #expect(p.stages == Policy.standard.stages)
        #expect(p.featureFolders == ["features"])
        #expect(p.allowDemotion == false)
        #expect(p.rules == [:])
    }

    @Test("feature folders are normalised: no ./, no trailing slash")
    func featureFolders() throws {
        #expect(try policy("features: [./features/, defs/ml]\n").featureFolders == ["features", "defs/ml"])
        #expect(try policy("features: feature-defs\n").featureFolders == ["feature-defs"])
    }

    @Test("settings are read: rules with their lines, not_waivable, allow_demotion")
    func settings() throws {
        let p = try policy(
            "allow_demotion: true\nrules:\n  FEAT003: off\n  FEAT008: error\nnot_waivable: [FEAT001, FEAT002]\n")
        #expect(p.allowDemotion)
        #expect(p.rules == ["FEAT003": .off, "FEAT008": .error])
        #expect(p.ruleLines == ["FEAT003": 3, "FEAT008": 4])
        #expect(p.notWaivable == ["FEAT001", "FEAT002"])
    }

    @Test("a custom ladder: its own stages, obligations, entry stages and exits")
    func customLadder() throws {
        let p = try policy(
            """
            stages:
              - name: idea
                entry: true
                requires: [feature, owner]
              - name: trial
                entry: true
                requires: description | hypothesis
                by_kind:
                  embedding: [embedding.model]
                  map:
              - name: live
                requires: [sla.freshness if kind = aggregation]
                min_days: 14
                frozen: true
              - name: archived
                from: [live]
                requires: []

            """)
        #expect(p.ladder.map(\.name) == ["idea", "trial", "live"])
        #expect(p.entryStages == ["idea", "trial"])
        #expect(p.stage("live")?.minDays == 14)
        #expect(p.stage("live")?.frozen == true)
        #expect(p.stage("trial")?.byKind[.map] == [])
        #expect(
            names(p.obligations(at: "live", kind: .embedding))
                == [
                    "feature", "owner", "description or hypothesis", "embedding.model",
                    "sla.freshness (when kind is aggregation)",
                ])
        #expect(names(p.obligations(at: "archived", kind: .scalar)) == names(p.obligations(at: "live", kind: .scalar)))
        #expect(p.isLegalMove(from: "live", to: "archived"))
        #expect(!p.isLegalMove(from: "trial", to: "archived"))
        #expect(p.isLegalMove(from: "idea", to: "trial"))
    }
}
