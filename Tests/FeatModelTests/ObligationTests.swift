import FeatModel
import Testing

@Suite("Obligations")
struct ObligationTests {
    @Test("a field path")
    func field() throws {
        let o = try #require(Obligation("time.ttl"))
        #expect(o.alternatives == ["time.ttl"])
        #expect(o.condition == nil)
        #expect(o.field == "time.ttl")
        #expect(o.description == "time.ttl")
    }

    @Test("one of several fields")
    func alternatives() throws {
        let o = try #require(Obligation("categorical.vocabulary | categorical.vocabulary_file"))
        #expect(o.alternatives == ["categorical.vocabulary", "categorical.vocabulary_file"])
        #expect(o.field == "categorical.vocabulary")
        #expect(o.description == "categorical.vocabulary or categorical.vocabulary_file")
    }

    @Test("a field required only when another has a value")
    func conditional() throws {
        let o = try #require(Obligation("map.known_keys if map.keys = closed"))
        #expect(o.alternatives == ["map.known_keys"])
        #expect(o.condition?.field == "map.keys")
        #expect(o.condition?.value == "closed")
        #expect(o.description == "map.known_keys (when map.keys is closed)")
    }

    @Test(
        "what is not an obligation",
        arguments: [
            "", " ", "a b", "a.", ".a", "a..b", "a |", "| a", "a || b", "a if", "a if b", "a if b =", "a if = v",
            "a if b c = v",
        ])
    func invalid(text: String) {
        #expect(Obligation(text) == nil)
    }

    @Test("obligations are equal when they read the same")
    func equality() {
        #expect(Obligation("a|b") == Obligation(" a | b "))
        #expect(Obligation("a | b") != Obligation("b | a"))
    }

    static let closedMap = Value.map(["map": .map(["keys": .string("closed"), "known_keys": .list([.string("x")])])])
    static let openMap = Value.map(["map": .map(["keys": .string("open")])])

    @Test("a conditional obligation applies only when its condition holds")
    func applies() throws {
        let knownKeys = try #require(Obligation("map.known_keys if map.keys = closed"))
        let maxKeys = try #require(Obligation("map.max_keys if map.keys = open"))
        #expect(knownKeys.applies(to: Self.closedMap))
        #expect(!knownKeys.applies(to: Self.openMap))
        #expect(knownKeys.isMet(by: Self.closedMap))
        #expect(knownKeys.isMet(by: Self.openMap))  // does not apply, so it is met
        #expect(!maxKeys.isMet(by: Self.openMap))
        #expect(maxKeys.isMet(by: Self.closedMap))
    }

    @Test("a condition on a boolean or a number compares its written form")
    func conditionOnOtherTypes() throws {
        let o = try #require(Obligation("embedding.objective if embedding.normalized = true"))
        #expect(o.applies(to: .map(["embedding": .map(["normalized": .bool(true)])])))
        #expect(!o.applies(to: .map(["embedding": .map(["normalized": .bool(false)])])))
    }

    @Test("one present alternative meets it; empty values do not")
    func isMet() throws {
        let o = try #require(Obligation("a | b"))
        #expect(o.isMet(by: .map(["b": .string("x")])))
        #expect(!o.isMet(by: .map(["a": .string(" "), "b": .list([])])))
        #expect(!o.isMet(by: .map([:])))
        #expect(!o.isMet(by: .string("not a map")))
    }
}
