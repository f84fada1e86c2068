// What every fuzz target shares: its input as bytes, and how it reports a finding.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fuzzer's input as bytes.
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
}

/// Reports a finding of `target` on stderr and aborts, so that libFuzzer keeps the input
/// (and a replay of it exits non-zero).
public func fuzzFinding(_ target: String, _ message: String) -> Never {
    let line = "\(target) finding: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}

/// Ends the process with the driver's status.
public func fuzzExit(_ status: Int32) -> Never {
    exit(status)
}
