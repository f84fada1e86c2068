import FeatModel
import Testing

@Suite("What a feature file is")
struct FeatureFilesTests {
    @Test(
        "*.yaml and *.yml below a feature folder, nothing hidden on the way",
        arguments: [
            ("features/a.yaml", true), ("features/x/b.yml", true), ("features/a.json", false),
            ("features/.archive/old.yaml", false), ("features/x/.hidden.yaml", false), ("other/a.yaml", false),
            ("featuresx/a.yaml", false), ("features/a.yaml.bak", false),
        ])
    func predicate(path: String, expected: Bool) {
        #expect(Policy.standard.isFeatureFile(path) == expected)
    }
}
