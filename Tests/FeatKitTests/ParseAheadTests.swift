import FeatGit
import FeatModel
import FeatTestSupport
import Foundation
import GitID
import Testing

@testable import FeatKit

/// Feature blobs parsed by helper threads and the caller together come back in the items'
/// order, as one thread parses them; a blob no handle can read fails as it would there: the
/// first such blob in order is the one named.
@Suite("Parsing ahead on other threads")
struct ParseAheadTests {
    /// A repository of `count` feature files, and their blobs at HEAD in path order.
    func repository(count: Int) throws -> (GitFixture, Repository, [(path: String, id: ObjectID)]) {
        let fixture = try GitFixture()
        for i in 0..<count {
            try fixture.write(
                "features/f\(i).yaml", featureYAML("f\(i)", stage: i % 3 == 0 ? "production" : "candidate"))
        }
        try fixture.commit("features")
        let repo = try Repository.open(discoveringFrom: fixture.path)
        let tree = try repo.commit(try repo.resolveCommit("HEAD")).tree
        var items: [(path: String, id: ObjectID)] = []
        try repo.walkBlobs(tree) { path, entry in items.append((path, entry.id)) }
        return (fixture, repo, items)
    }

    @Test("the helpers' and the caller's parses come back in the items' order", arguments: [0, 1, 3])
    func inOrder(threads: Int) throws {
        let (fixture, repo, items) = try repository(count: 150)
        let expected = try items.map { FeatureParser.parse(try repo.blob($0.id), path: $0.path) }
        let parsed = try ParseAhead(items, location: fixture.path, threads: threads).finish(with: repo)
        #expect(parsed.map(\.path) == items.map(\.path))
        #expect(parsed.map(\.feature?.identity) == expected.map(\.feature?.identity))
        #expect(parsed.map(\.problems) == expected.map(\.problems))
    }

    @Test("a blob that cannot be read fails with the first such one in order")
    func firstMissing() throws {
        let (fixture, repo, found) = try repository(count: 40)
        var items = found
        let missing = [
            ObjectID(hex: String(repeating: "ab", count: 20))!, ObjectID(hex: String(repeating: "cd", count: 20))!,
        ]
        items.insert(("features/gone.yaml", missing[0]), at: 25)
        items.insert(("features/lost.yaml", missing[1]), at: 35)
        #expect(throws: GitError.missingObject("blob \(missing[0])")) {
            try ParseAhead(items, location: fixture.path, threads: 2).finish(with: repo)
        }
    }
}
