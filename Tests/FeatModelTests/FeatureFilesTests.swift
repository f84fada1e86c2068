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

    @Test(
        "folders and paths of any characters: a folder holds what lies below it, compared character by character",
        arguments: [
            ("features", "features/a.yaml", true), ("features", "features", false), ("features", "features/", false),
            ("features", "featuresx/a.yaml", false), ("feat/ures", "feat/ures/a.yml", true),
            ("features", "feat/a.yaml", false), ("fé", "fé/a.yaml", true), ("fé", "fe\u{301}/a.yaml", true),
            ("features", "features/\u{301}a.yaml", false), ("f", "f/é.yaml", true), ("é", "é/x/b.yaml", true),
            ("features", "features/consumers/a.yaml", true), ("x", "features/a.yaml", false),
        ])
    func folders(folder: String, path: String, expected: Bool) {
        var policy = Policy.standard
        policy.featureFolders = [folder]
        policy.consumerFolders = ["consumers"]
        #expect(policy.isFeatureFile(path) == expected, "\(folder) \(path)")
        let below = path.hasPrefix(folder + "/")
        #expect(Policy.folder(folder, contains: path) == (path == folder || below), "\(folder) \(path)")
        #expect(Policy.folder(folder, contains: folder))
        policy.consumerFolders = [folder]
        #expect(!policy.isFeatureFile(path), "a consumers folder's files are no features: \(folder) \(path)")
    }
}
