import FeatModel
import Testing

@testable import FeatHistory

@Suite("Byte search for the cheap filters")
struct ByteSearchTests {
    @Test(
        "finds a needle at the start, middle and end; not a partial one, not a longer one",
        arguments: [
            ("feature: a", "feature", true), ("x: 1\nfeature: a", "feature", true),
            ("tags: [a_feature]", "feature", true),
            ("featur", "feature", false), ("kind: chart\nfeatur: x", "feature", false), ("", "feature", false),
            ("ffffeature", "feature", true), ("anything", "", true),
        ])
    func search(haystack: String, needle: String, expected: Bool) {
        #expect(Array(haystack.utf8).contains(subsequence: Array(needle.utf8)) == expected)
    }

    @Test("a blob without the word feature is no feature, without parsing; with it, the parser decides")
    func foreign() {
        #expect(!BlobReader.mayBeFeature(Array("apiVersion: v2\nname: chart\n".utf8)))
        #expect(BlobReader.mayBeFeature(Array("feature: a\nstage: explore\n".utf8)))
        #expect(BlobReader.mayBeFeature(Array("{\"feature\": a}".utf8)))
    }
}
