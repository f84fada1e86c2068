import FeatGit
import Foundation
import GitID

extension FeatureRepository {
    /// `read(blob bytes, item)` for every item's blob, on as many threads as cores when there
    /// are at least `perThread` items for each, each thread with its own repository handle
    /// (libgit2 handles are not shared between threads); the results in the items' order.
    /// A merge made in memory holds its merged blobs in its own handle only: a blob the other
    /// handles cannot find is read through it afterwards.
    func readBlobs<Output>(
        _ items: [(path: String, id: ObjectID)], perThread: Int = 256,
        _ read: @escaping @Sendable ([UInt8], _ path: String, _ id: ObjectID) -> Output
    ) throws(FeatError) -> [Output] {
        let repo = try requireGit()
        let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / max(1, perThread)))
        guard threads > 1 else {
            return try FeatKit.git { () throws(GitError) in
                try items.map { item throws(GitError) in read(try repo.blob(item.id), item.path, item.id) }
            }
        }
        let slots = ThreadSlots<Output>(count: items.count)
        let path = repo.workdir ?? repo.gitDir
        let inMemory = repo.holdsObjectsInMemory
        let all = items
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            do throws(GitError) {
                let handle = try Repository.open(discoveringFrom: path)
                for i in stride(from: t, to: all.count, by: threads) {
                    let bytes: [UInt8]
                    do throws(GitError) {
                        bytes = try handle.blob(all[i].id)
                    } catch {
                        if inMemory { continue }  // read through the merging handle below
                        throw error
                    }
                    slots.store(i, read(bytes, all[i].path, all[i].id))
                }
            } catch {
                slots.fail(error)
            }
        }
        if let error = slots.failure { throw .git(error) }
        var results = slots.take()
        for i in results.indices where results[i] == nil {
            let bytes = try FeatKit.git { () throws(GitError) in try repo.blob(all[i].id) }
            results[i] = read(bytes, all[i].path, all[i].id)
        }
        return results.compactMap { $0 }
    }
}

/// One slot per item, filled by the threads behind a lock, and the first failure.
private final class ThreadSlots<Output>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Output?]
    private(set) var failure: GitError?

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ output: Output) {
        lock.lock()
        slots[index] = output
        lock.unlock()
    }

    func fail(_ error: GitError) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }

    func take() -> [Output?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
