import FeatGit
import FeatModel
import Foundation
import GitID
import Testing

@testable import FeatHistory

/// The history index keeps each changed file's blob: a warm log grades every version without
/// looking its path up in the commit's tree, as a cold one does.
@Suite("History index: the blob of every changed file")
struct IndexBlobTests {
    @Test("blob ids read back from the file, and again after a file-read index is written anew with more records")
    func blobsRoundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feat-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = HistoryIndexFile(
            directory: folder.path, path: folder.appendingPathComponent("history.idx").path, key: "test\n")
        let author = Signature(name: "A", email: "a@example.com", time: 0)
        func id(_ n: UInt64) -> ObjectID { ObjectID(words: (n, 0xFEED, UInt32(n))) }
        func changes(_ n: UInt64) -> [ResolvedChange] {
            [
                ResolvedChange(
                    path: "f/a.yaml", state: .feature(Identity(feature: "a", version: 1), "explore"), blob: id(n)),
                ResolvedChange(path: "f/b.yaml", state: .unreadable("line 1: bad"), blob: id(n + 100)),
                ResolvedChange(path: "f/c.yaml", state: .unreadable("line 2: bad"), blob: nil),
                ResolvedChange(path: "f/d.yaml", state: nil),
            ]
        }
        var index = HistoryIndex()
        for n in UInt64(1)...3 {
            let step = FirstParentStep(commit: id(1000 + n), tree: id(2000 + n), author: author, time: Int64(n))
            _ = index.append(step, parent: Int(n) - 2, changes: changes(n))
        }
        file.save(index)
        var loaded = try #require(file.load(), "the index written is read back")
        // Records still in the file's form are copied, not decoded and made again: another path.
        let step = FirstParentStep(commit: id(1004), tree: id(2004), author: author, time: 4)
        _ = loaded.append(step, parent: 2, changes: changes(4))
        file.save(loaded)
        let again = try #require(file.load(), "the index written from a loaded one is read back")
        #expect(again.changes.count == 4)
        for record in 0..<4 {
            let n = UInt64(record + 1)
            let read = try #require(again.changes[record])
            #expect(read.map(\.blob) == [id(n), id(n + 100), nil, nil], "record \(record)")
            #expect(read.map(\.path) == changes(n).map(\.path))
            #expect(read.map(\.state) == changes(n).map(\.state))
        }
    }
}
