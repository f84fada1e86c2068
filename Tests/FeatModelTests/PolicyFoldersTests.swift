import FeatModel
import Testing

/// SPEC §3's `features` and `consumers` keys: folder paths, not globs; one set of files.
@Suite("Feature and consumer folders in the policy")
struct PolicyFoldersTests {
    @Test(
        "a glob, '..' or an absolute path is a policy error on its line saying folder paths, not globs",
        arguments: [
            ("features: [features/**]\n", "'features' lists 'features/**'", "features", 1),
            ("features:\n  - features\n  - teams/*/features\n", "'features' lists 'teams/*/features'", "teams", 3),
            ("features: ['feat?res']\n", "'features' lists 'feat?res'", "features", 1),
            ("features: ['[ab]']\n", "'features' lists '[ab]'", "features", 1),
            ("features: ['**']\n", "'features' lists '**'", "features", 1),
            ("features: [../shared]\n", "'features' lists '../shared', outside the repository", "features", 1),
            ("features: [a/../../b]\n", "'features' lists 'a/../../b', outside the repository", "features", 1),
            ("features: [/srv/features]\n", "'features' lists '/srv/features', outside the repository", "features", 1),
            ("consumers: [consumers/*]\n", "'consumers' lists 'consumers/*'", "consumers", 1),
        ])
    func notGlobs(text: String, start: String, example: String, line: Int) {
        let error = #expect(throws: PolicyError.self) { try policy(text) }
        #expect(
            error?.message
                == "\(start): folder paths relative to the feature-repo root, not globs; write `\(example)` for \(example)/**"
        )
        #expect(error?.line == line)
    }

    @Test("'.' is the repository root itself, and overlapping folders are one set of files")
    func rootAndOverlaps() throws {
        #expect(try policy("features: ['.']\n").featureFolders == [""])
        #expect(try policy("features: [., features]\n").featureFolders == [""])
        #expect(try policy("features: [features, ./]\n").featureFolders == [""])
        #expect(try policy("features: [features/team, features]\n").featureFolders == ["features"])
        #expect(try policy("features: [features, features/, ./features]\n").featureFolders == ["features"])
        #expect(try policy("features: [b, a/x, a, b/y]\n").featureFolders == ["b", "a"])
        #expect(try policy("features: [featuresx, features]\n").featureFolders == ["featuresx", "features"])
    }

    @Test("consumers defaults to [consumers] and is read like features")
    func consumersKey() throws {
        #expect(try policy("version: 1\n").consumerFolders == ["consumers"])
        #expect(Policy.standard.consumerFolders == ["consumers"])
        #expect(try policy("consumers: [reads/, ./teams/reads]\n").consumerFolders == ["reads", "teams/reads"])
        #expect(try policy("consumers: ml/consumers\n").consumerFolders == ["ml/consumers"])
        let empty = #expect(throws: PolicyError.self) { try policy("consumers: []\n") }
        #expect(empty?.message == "'consumers' lists no folder")
    }

    @Test(
        "a consumers folder equal to or containing a feature folder is a policy error on its line",
        arguments: [
            ("consumers: [features]\n", "consumers folder 'features' is also a feature folder", 1),
            (
                "features: [ml/features]\nconsumers:\n  - reads\n  - ml\n",
                "consumers folder 'ml' contains the feature folder 'ml/features'", 4
            ),
            ("consumers: [.]\n", "consumers folder '.' contains the feature folder 'features'", 1),
            ("features: [., x]\nconsumers: [x]\n", "consumers folder 'x' is also a feature folder", 2),
        ])
    func consumersHoldingFeatures(text: String, start: String, line: Int) {
        let error = #expect(throws: PolicyError.self) { try policy(text) }
        #expect(
            error?.message
                == "\(start): consumer declarations need a folder of their own, outside the feature folders")
        #expect(error?.line == line)
    }

    @Test(
        "files under .featurerepo/ and under a consumers folder are never feature files, even inside a feature folder",
        arguments: [
            ("features: [.]\n", "a.yaml", true), ("features: [.]\n", "features/a.yaml", true),
            ("features: [.]\n", "consumers/fraud.yaml", false), ("features: [.]\n", ".featurerepo/config.yaml", false),
            ("features: [.]\n", "consumersx/a.yaml", true),
            ("features: [features]\nconsumers: [features/consumers]\n", "features/consumers/c.yaml", false),
            ("features: [features]\nconsumers: [features/consumers]\n", "features/a.yaml", true),
        ])
    func neverFeatureFiles(text: String, path: String, expected: Bool) throws {
        #expect(try policy(text).isFeatureFile(path) == expected)
    }

    @Test("a YAML 1.1 value in the policy is refused with its line; the rule severity off is not")
    func ambiguousValues() throws {
        #expect(try policy("rules: {FEAT003: off}\n").rules == ["FEAT003": .off])
        let cases: [(String, String, Int)] = [
            (
                "stages:\n  - name: explore\n    entry: yes\n",
                "'entry' is yes, which a YAML 1.1 reader (PyYAML) takes for the boolean true and feat for the text "
                    + "'yes'; write true", 3
            ),
            (
                "rules:\n  FEAT003: Off\n",
                "'FEAT003' is Off, which a YAML 1.1 reader (PyYAML) takes for the boolean false and feat for the text "
                    + "'Off'; a rule's setting is error, warning or off", 2
            ),
            (
                "waiver_max_days: 090\n",
                "'waiver_max_days' is 090, which a YAML 1.1 reader (PyYAML) takes for the text '090' and feat for the "
                    + "integer 90; write 90", 1
            ),
            (
                "features: [features, no]\n",
                "'features' is no, which a YAML 1.1 reader (PyYAML) takes for the boolean false and feat for the text "
                    + "'no'; quote it: 'no'", 1
            ),
        ]
        for (text, message, line) in cases {
            let error = #expect(throws: PolicyError.self) { try policy(text) }
            #expect(error?.message == message)
            #expect(error?.line == line)
        }
    }

    @Test("a tab in the policy's indentation is refused in plain words with its line")
    func tab() {
        let error = #expect(throws: PolicyError.self) { try policy("stages:\n  - name: explore\n\t entry: true\n") }
        #expect(error?.message == "YAML indents with spaces; tab at 3:1")
        #expect(error?.line == 3)
    }
}
