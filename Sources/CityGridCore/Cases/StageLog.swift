import Foundation

/// Who completed each clock stage of a case, when, and against which deadline (环节办理记录): the facts
/// the evaluation of people rests on (an intake operator's on-time intake, an inspector's on-time
/// verification and check, a shift leader's on-time filing and closing, a dispatcher's on-time and
/// accurate dispatch).
///
/// The workflow machine records a passage whenever a step leaves a stage. A stage passed more than
/// once (a case sent back, verified, returned by a body, failed at the check) keeps its **first**
/// passage and its **last**: the first is who made the first decision (the dispatcher whose dispatch
/// was returned; the operator who sent the case to be verified), the last the one that stood.
///
/// Storage form: `intake:17:1790000000:1790003600;filing:…`, per stage its name, then the last
/// passage's actor id (0 for none: the system), epoch seconds done and due (empty without a deadline), then, when the stage was
/// passed more than once, the first passage's three fields. Stage names may hold no `:`, `;`, blank
/// or rule-syntax character (the workflow file refuses them).
public struct StageLog: Hashable, Codable, Sendable {
    /// One passage through a stage.
    public struct Passage: Hashable, Codable, Sendable {
        /// The user who took the step that left the stage; `nil` for the system (the clock) or an
        /// anonymous reporter (0 in the storage form).
        public var actorID: UserID?
        public var at: Date
        /// The stage's deadline when it was left, if it had one.
        public var dueAt: Date?

        public init(actorID: UserID?, at: Date, dueAt: Date?) {
            self.actorID = actorID
            self.at = at
            self.dueAt = dueAt
        }

        /// True when the stage was left by its deadline, to the second (`nil` without a deadline).
        public var onTime: Bool? { dueAt.map { at.timeIntervalSince1970.rounded(.down) <= $0.timeIntervalSince1970.rounded(.down) } }
    }

    /// A stage's passages.
    public struct Entry: Hashable, Codable, Sendable {
        public var stage: String
        public var last: Passage
        public var first: Passage

        public init(stage: String, actorID: UserID?, at: Date, dueAt: Date?) {
            self.stage = stage
            self.last = Passage(actorID: actorID, at: at, dueAt: dueAt)
            self.first = last
        }

        public var actorID: UserID? { last.actorID }
        public var at: Date { last.at }
        public var dueAt: Date? { last.dueAt }
        public var onTime: Bool? { last.onTime }
    }

    public private(set) var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = []
        for entry in entries { record(entry) }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The passages through `stage`.
    public subscript(stage: String) -> Entry? { entries.first { $0.stage == stage } }

    /// Records a passage: the stage's last one; its first too when it is the stage's first.
    public mutating func record(_ entry: Entry) {
        if let i = entries.firstIndex(where: { $0.stage == entry.stage }) { entries[i].last = entry.last } else { entries.append(entry) }
    }

    /// The storage form; empty for an empty log.
    public var text: String {
        // Bytes written in place: every step writes its case's log, inside the store's writer.
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 48)
        func number(_ value: Int64) {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            let start = out.count
            repeat {
                out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            out[start...].reverse()
        }
        func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
        func fields(_ p: Passage) {
            number(p.actorID?.rawValue ?? 0)
            out.append(UInt8(ascii: ":"))
            number(seconds(p.at))
            out.append(UInt8(ascii: ":"))
            if let due = p.dueAt { number(seconds(due)) }
        }
        for (i, e) in entries.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: e.stage.utf8)
            out.append(UInt8(ascii: ":"))
            fields(e.last)
            if e.first != e.last {
                out.append(UInt8(ascii: ":"))
                fields(e.first)
            }
        }
        return String(decoding: out, as: UTF8.self)
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
            /// An optionally negative integer; `nil` if empty or not a number.
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
            /// `actor:at:due`, the due possibly empty.
            func passage() -> Passage? {
                guard let actor = number(), expect(UInt8(ascii: ":")), let at = number(), expect(UInt8(ascii: ":")) else { return nil }
                var due: Date?
                if i < bytes.count, bytes[i] != UInt8(ascii: ";"), bytes[i] != UInt8(ascii: ":") {
                    guard let d = number() else { return nil }
                    due = Date(timeIntervalSince1970: TimeInterval(d))
                }
                return Passage(actorID: actor == 0 ? nil : UserID(actor), at: Date(timeIntervalSince1970: TimeInterval(at)), dueAt: due)
            }
            while true {
                let nameStart = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ":"), bytes[i] != UInt8(ascii: ";") { i += 1 }
                guard i > nameStart, expect(UInt8(ascii: ":")) else { return nil }
                let stage = String(decoding: bytes[nameStart..<i - 1], as: UTF8.self)
                guard let last = passage() else { return nil }
                var entry = Entry(stage: stage, actorID: last.actorID, at: last.at, dueAt: last.dueAt)
                if expect(UInt8(ascii: ":")) {
                    guard let first = passage() else { return nil }
                    entry.first = first
                }
                out.append(entry)
                if i == bytes.count { return out }
                guard expect(UInt8(ascii: ";")) else { return nil }
            }
        }
        guard let parsed else { return nil }
        for entry in parsed where !entries.contains(where: { $0.stage == entry.stage }) { entries.append(entry) }
        guard entries.count == parsed.count else { return nil }
    }
}
