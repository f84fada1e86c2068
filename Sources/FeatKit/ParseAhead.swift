import FeatGit
import FeatModel
import Foundation
import GitID

/// Feature blobs parsed on other threads while the caller goes on with work of its own, then
/// with the caller's help: a diff parses its changed files (most of its time) while it walks
/// the head's tree, and a core that finishes early takes the next file, not a fixed half.
///
/// Each thread reads through its own repository handle (libgit2 handles are not shared
/// between threads). Every file lands in its own slot, so the result is in the items' order
/// whichever thread parsed it. A file another handle could not read is read again through
/// the caller's: its error, if any, is the one the caller sees, for the first such file in
/// order, as when one thread read them all.
final class ParseAhead: @unchecked Sendable {
    private let items: [(path: String, id: ObjectID)]
    private let lock = NSLock()
    private var next = 0
    private var slots: [ParsedFile?]
    private let done = DispatchGroup()

    /// Starts `threads` helpers (at most one per item) reading the repository at `location`.
    init(_ items: [(path: String, id: ObjectID)], location: String, threads: Int) {
        self.items = items
        slots = Array(repeating: nil, count: items.count)
        for _ in 0..<min(threads, items.count) {
            DispatchQueue.global().async(group: done) { [self] in
                // A handle that cannot open leaves its share to the others and the caller.
                guard let handle = try? Repository.open(discoveringFrom: location) else { return }
                while let index = take() {
                    guard let bytes = try? handle.blob(items[index].id) else { continue }
                    store(index, FeatureParser.parse(bytes, path: items[index].path))
                }
            }
        }
    }

    /// Starts helpers on every core but the caller's, when there are at least `perThread`
    /// files for each thread; with fewer, the caller parses them all in `finish`.
    convenience init(_ items: [(path: String, id: ObjectID)], repo: Repository, perThread: Int = 64) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = min(cores, items.count / max(1, perThread)) - 1
        self.init(items, location: repo.workdir ?? repo.gitDir, threads: max(0, threads))
    }

    private func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < items.count else { return nil }
        next += 1
        return next - 1
    }

    private func store(_ index: Int, _ file: ParsedFile) {
        lock.lock()
        slots[index] = file
        lock.unlock()
    }

    /// Stops handing out files: a caller that fails elsewhere need not wait for the rest.
    func cancel() {
        lock.lock()
        next = items.count
        lock.unlock()
        done.wait()
    }

    /// Parses what is left through `repo` beside the helpers, waits for them, and returns
    /// every file parsed, in the items' order.
    func finish(with repo: Repository) throws(GitError) -> [ParsedFile] {
        // A file that cannot be read here is read again below, in order, to throw its error.
        while let index = take() {
            guard let bytes = try? repo.blob(items[index].id) else { continue }
            store(index, FeatureParser.parse(bytes, path: items[index].path))
        }
        done.wait()
        lock.lock()
        var result = slots
        lock.unlock()
        for index in result.indices where result[index] == nil {
            result[index] = FeatureParser.parse(try repo.blob(items[index].id), path: items[index].path)
        }
        return result.compactMap(\.self)
    }
}
