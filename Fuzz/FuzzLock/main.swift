// Fuzz target: the lock reader never crashes, never takes a second, never grows without
// bound, and reads the same bytes the same way twice: every lock it cannot use is one error.
import CFuzzDriver
import FeatKit
import FuzzSupport

func fail(_ message: String) -> Never { fuzzFinding("FuzzLock", message) }

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = fuzzInput(data, size)
    let first = Result { () throws(FeatError) in try LockFile.parse(bytes, path: "fuzz.lock.json") }
    let second = Result { () throws(FeatError) in try LockFile.parse(bytes, path: "fuzz.lock.json") }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        if a.reads.count != b.reads.count || a.consumer != b.consumer { fail("two reads of the same lock disagree") }
    case (.failure(let a), .failure(let b)):
        if a.description != b.description { fail("two reads fail differently: \(a) / \(b)") }
    default:
        fail("two reads of the same bytes disagree on whether the lock is valid")
    }
    return 0
}
fuzzExit(status)
