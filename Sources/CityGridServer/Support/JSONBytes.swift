import CityGridCore
import Foundation

/// A JSON text written straight into bytes (JSON 字节写入器), for the hottest answers, where
/// Foundation's generic `JSONEncoder` cost more than the rest of the request. It writes exactly what
/// ``CityGridApplication/JSONRendering/encoder`` writes for the same values (keys are given in that
/// encoder's sorted order by the caller; strings escaped as it escapes them: `"`, `\`, and the
/// control characters below U+0020, `/` left alone; numbers as Swift prints them; times as
/// ``ISOTime/format(_:)``), so that tests can compare the two byte for byte.
///
/// Separators are placed by one flag: a key or an array element is preceded by a comma when a
/// value or a closed container came before it at the same level.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 2048) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object's key: a plain ASCII name that needs no escaping (the API's snake-case names).
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// An object's key given at run time (Open311's names), escaped as a string is.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        if value {
            bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        } else {
            bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        }
        needsComma = true
    }

    mutating func int<T: BinaryInteger>(_ value: T) {
        separate()
        appendDigits(Int64(value))
        needsComma = true
    }

    /// A finite number as `JSONEncoder` writes it: Swift's shortest round-trip form, without a
    /// trailing `.0`. A non-finite number (which `JSONEncoder` refuses) is written as `null`.
    mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    /// A time as the API writes it: ``ISOTime/format(_:)`` (`2026-11-03T08:15:00Z`, UTC, whole seconds).
    mutating func date(_ date: Date) {
        separate()
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = Int(seconds - day * 86_400)
        let (y, m, d) = LocalDate(dayNumber: Int(day)).components
        bytes.append(UInt8(ascii: "\""))
        appendDigits(Int64(y))
        bytes.append(UInt8(ascii: "-"))
        appendTwoDigits(m)
        bytes.append(UInt8(ascii: "-"))
        appendTwoDigits(d)
        bytes.append(UInt8(ascii: "T"))
        appendTwoDigits(second / 3600)
        bytes.append(UInt8(ascii: ":"))
        appendTwoDigits(second / 60 % 60)
        bytes.append(UInt8(ascii: ":"))
        appendTwoDigits(second % 60)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A string, escaped as `JSONEncoder` escapes it: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
    /// `\u00xx` (lower-case hex) for the other control characters; everything else, `/` and
    /// non-ASCII included, as its UTF-8 bytes.
    mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                start = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch b {
                case 0x22: bytes.append(UInt8(ascii: "\""))
                case 0x5C: bytes.append(UInt8(ascii: "\\"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0x0F)]])
                }
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// `{"en": …, "zh": …}`, as ``LocalizedText`` encodes with sorted keys.
    mutating func text(_ value: LocalizedText) {
        beginObject()
        key("en"); string(value.en)
        key("zh"); string(value.zh)
        endObject()
    }

    mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    // MARK: Optional values: the key is left out when the value is nil (as `encodeIfPresent`).

    mutating func string(_ name: StaticString, _ value: String?) {
        if let value { key(name); string(value) }
    }

    mutating func date(_ name: StaticString, _ value: Date?) {
        if let value { key(name); date(value) }
    }

    mutating func int<T: BinaryInteger>(_ name: StaticString, _ value: T?) {
        if let value { key(name); int(value) }
    }

    mutating func double(_ name: StaticString, _ value: Double?) {
        if let value { key(name); double(value) }
    }

    mutating func bool(_ name: StaticString, _ value: Bool?) {
        if let value { key(name); bool(value) }
    }

    // MARK: Digits

    private mutating func appendDigits(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // The magnitude of Int64.min does not fit an Int64.
            appendDigits(magnitude: value.magnitude)
        } else {
            appendDigits(magnitude: UInt64(value))
        }
    }

    private mutating func appendDigits(magnitude value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var i = 20
            var rest = value
            while rest > 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<20]))
        }
    }

    private mutating func appendTwoDigits(_ value: Int) {
        if value < 10 { bytes.append(UInt8(ascii: "0")) }
        appendDigits(magnitude: UInt64(value))
    }
}
