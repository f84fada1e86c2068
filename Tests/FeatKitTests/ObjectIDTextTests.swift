import GitID
import Testing

/// Object ids travel as 40 hexadecimal digits (reports, the history worker's lines): written
/// and read back unchanged, and anything else refused.
@Suite("Object ids as hexadecimal text")
struct ObjectIDTextTests {
    @Test("every id reads back from its digits, lower or upper case, from a string or from bytes")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let id = ObjectID(words: (generator.next(), generator.next(), UInt32.random(in: 0...UInt32.max)))
            let text = id.description
            #expect(text.utf8.count == 40)
            #expect(text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            #expect(ObjectID(hex: text) == id)
            #expect(ObjectID(hex: text.uppercased()) == id)
            #expect(Array(text.utf8).withUnsafeBufferPointer { ObjectID(hexDigits: $0) } == id)
        }
        let bytes: [UInt8] = (0..<20).map { UInt8($0 * 13) }
        #expect(ObjectID(bytes: bytes)?.description == bytes.map { String(format2($0)) }.joined())
    }

    @Test("a wrong length or a digit that is not hexadecimal is refused")
    func refused() {
        let good = String(repeating: "0123456789", count: 4)
        #expect(ObjectID(hex: good) != nil)
        for bad in [
            String(good.dropLast()), good + "0", "", "g" + good.dropFirst(), String(good.dropLast()) + " ", "-",
        ] {
            #expect(ObjectID(hex: bad) == nil, "\(bad)")
            #expect(Array(bad.utf8).withUnsafeBufferPointer { ObjectID(hexDigits: $0) } == nil, "\(bad)")
        }
    }
}

/// Two lowercase hexadecimal digits, written out without the code under test.
private func format2(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
