import FeatModel
import Testing

@testable import FeatHistory

/// History dismisses foreign YAML (Helm charts, CRDs, CI files) with a line scan when no key
/// `feature` can stand at the top of its mapping; whatever the scan dismisses, the parser must
/// find no feature in either.
@Suite("Foreign YAML dismissed without the parser")
struct ForeignYAMLTests {
    /// Files the scan may dismiss: the word is there, but never as a top-level key.
    static let dismissed: [String] = [
        "apiVersion: v1\nkind: CustomResourceDefinition\nmetadata:\n  name: featurestores.feast.dev\n",
        "spec:\n  feature: nested\n  stage: production\n",
        "name: ci\non: push\njobs:\n  test:\n    steps:\n      - run: make test-feature-server\n",
        "features:\n  - a\nfeature_flags: {x: 1}\n",
        "# feature: in a comment\nname: chart\n",
        "featured: true\nfeaturex: 1\n",
        "spec:\n  template: |\n    feature: inside a block scalar\n",
        "- feature: in a sequence item\n  stage: production\n",
        "---\nname: chart\nvalues:\n  feature: x\n",
        "%YAML 1.1\n---\nname: x\ndescription: feature store\n",
        "name: x\r\ndescription: feature store\r\n",
        "\u{FEFF}name: x\ndescription: the feature server\n",
        "name: x\n\tfeature: tab-indented\n",
    ]

    /// Files the scan must leave to the parser: a `feature` key could be at the top.
    static let kept: [String] = [
        "feature: a\nstage: explore\n",
        "feature : a\nstage: explore\n",
        "feature:\ta\nstage: explore\n",
        "name: x\nfeature: a\nstage: explore\n",
        "\"feature\": a\nstage: explore\n",
        "'feature': a\nstage: explore\n",
        "? feature\n: a\nstage: explore\n",
        "&anchor feature: a\nstage: explore\n",
        "!!str feature: a\nstage: explore\n",
        "{feature: a, stage: explore}\n",
        "  feature: a\n  stage: explore\n",
        "# comment\n  feature: a\n  stage: explore\n",
        "--- {feature: a, stage: explore}\n",
        "---\nfeature: a\nstage: explore\n",
        "\"fea\\x74ure\": a\nstage: explore\n# feature\n",
        "x: &k feature\n*k : a\nstage: explore\n",
        "name: x\rfeature: a\rstage: explore\r",
        "name: x\u{2028}feature: a\nstage: explore\n",
        "name: x\u{85}feature: a\nstage: explore\n",
        "name: x\n\u{FEFF}feature: a\nstage: explore\n",
        "feature: a\nstage: explore\n" + String(repeating: "x-pad: \"feature\"\n", count: 3),
    ]

    @Test("foreign YAML whose text says feature, never as a top-level key, is dismissed", arguments: dismissed)
    func dismissedFiles(text: String) {
        let bytes = Array(text.utf8)
        #expect(!BlobReader.mayBeFeature(bytes))
        #expect(FeatureParser.parse(bytes, path: "").feature == nil)
    }

    @Test("a file that could hold a top-level feature key is left to the parser", arguments: kept)
    func keptFiles(text: String) {
        #expect(BlobReader.mayBeFeature(Array(text.utf8)))
    }

    @Test("a file without the word is dismissed even when its lines could start keys (the rule before the scan)")
    func withoutTheWord() {
        #expect(!BlobReader.mayBeFeature(Array("\"name\": x\n? key\n: value\n".utf8)))
        #expect(!BlobReader.mayBeFeature(Array("  indented: root\n".utf8)))
        #expect(!BlobReader.mayBeFeature([]))
    }

    @Test("every feature file the parser reads is kept by the scan")
    func featuresAreKept() {
        for text in Self.kept + Self.dismissed {
            let bytes = Array(text.utf8)
            if FeatureParser.parse(bytes, path: "").feature != nil {
                #expect(BlobReader.mayBeFeature(bytes), "\(text)")
            }
        }
    }
}
