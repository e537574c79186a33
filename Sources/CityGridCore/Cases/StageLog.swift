import Foundation

/// Who completed each clock stage of a case, when, and against which deadline (环节办理记录): the facts
/// the evaluation of people rests on (an intake operator's on-time intake, an inspector's on-time
/// verification and check, a shift leader's on-time filing and closing, a dispatcher's on-time dispatch).
///
/// The workflow machine records an entry whenever a step leaves a stage; a stage passed twice (a case
/// sent back, a failed check) keeps its last passage, the one that counts. Stage names come from the
/// workflow definition and are lowercase identifiers, so the log has a compact text form for storage:
/// `intake:17:1790000000:1790003600;filing:…` (stage, actor id, epoch seconds done, due; due empty
/// when the stage had no deadline).
public struct StageLog: Hashable, Codable, Sendable {
    /// One passage through a stage.
    public struct Entry: Hashable, Codable, Sendable {
        public var stage: String
        /// The user who took the step that left the stage.
        public var actorID: Int64
        public var at: Date
        /// The stage's deadline when it was left, if it had one.
        public var dueAt: Date?

        public init(stage: String, actorID: Int64, at: Date, dueAt: Date?) {
            self.stage = stage
            self.actorID = actorID
            self.at = at
            self.dueAt = dueAt
        }

        /// True when the stage was left by its deadline (`nil` without a deadline).
        public var onTime: Bool? { dueAt.map { at <= $0 } }
    }

    public private(set) var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = []
        for entry in entries { record(entry) }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The last passage through `stage`.
    public subscript(stage: String) -> Entry? { entries.first { $0.stage == stage } }

    /// Records a passage, replacing an earlier one through the same stage.
    public mutating func record(_ entry: Entry) {
        if let i = entries.firstIndex(where: { $0.stage == entry.stage }) { entries[i] = entry } else { entries.append(entry) }
    }

    /// The storage form; empty for an empty log.
    public var text: String {
        entries.map { e in
            let due = e.dueAt.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) } ?? ""
            return "\(e.stage):\(e.actorID):\(Int64(e.at.timeIntervalSince1970.rounded(.down))):\(due)"
        }.joined(separator: ";")
    }

    /// Parses the storage form; `nil` when it is malformed. A byte scanner: the fact table reads a
    /// log for every case at start, so this is on the start-up path of a large store.
    public init?(text: String) {
        self.init()
        var text = text
        let parsed: [Entry]? = text.withUTF8 { bytes -> [Entry]? in
            guard !bytes.isEmpty else { return [] }
            var out: [Entry] = []
            var i = 0
            /// An optionally negative integer up to `:`/`;`/end; `nil` if empty or not a number.
            func number() -> Int64? {
                var value: Int64 = 0, negative = false, digits = 0
                if i < bytes.count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(Int64(bytes[i] - 48))
                    guard !o1, !o2 else { return nil }
                    value = a; digits += 1; i += 1
                }
                return digits > 0 ? (negative ? -value : value) : nil
            }
            func expect(_ c: UInt8) -> Bool {
                guard i < bytes.count, bytes[i] == c else { return false }
                i += 1
                return true
            }
            while true {
                let nameStart = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ":"), bytes[i] != UInt8(ascii: ";") { i += 1 }
                guard i > nameStart, expect(UInt8(ascii: ":")) else { return nil }
                let stage = String(decoding: bytes[nameStart..<i - 1], as: UTF8.self)
                guard let actor = number(), expect(UInt8(ascii: ":")), let at = number(), expect(UInt8(ascii: ":")) else { return nil }
                var due: Date?
                if i < bytes.count, bytes[i] != UInt8(ascii: ";") {
                    guard let d = number() else { return nil }
                    due = Date(timeIntervalSince1970: TimeInterval(d))
                }
                out.append(Entry(stage: stage, actorID: actor, at: Date(timeIntervalSince1970: TimeInterval(at)), dueAt: due))
                if i == bytes.count { return out }
                guard expect(UInt8(ascii: ";")) else { return nil }
            }
        }
        guard let parsed else { return nil }
        for entry in parsed { record(entry) }
    }
}
