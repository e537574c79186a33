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

    /// Parses the storage form; `nil` when it is malformed.
    public init?(text: String) {
        self.init()
        guard !text.isEmpty else { return }
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            let f = part.split(separator: ":", omittingEmptySubsequences: false)
            guard f.count == 4, !f[0].isEmpty, let actor = Int64(f[1]), let at = Int64(f[2]) else { return nil }
            var due: Date?
            if !f[3].isEmpty {
                guard let d = Int64(f[3]) else { return nil }
                due = Date(timeIntervalSince1970: TimeInterval(d))
            }
            record(Entry(stage: String(f[0]), actorID: actor, at: Date(timeIntervalSince1970: TimeInterval(at)), dueAt: due))
        }
    }
}
