import CityGridCore
import Foundation

/// A message to a user about a case, e.g. that the case their duplicate was merged into is closed.
public struct CaseNotification: Hashable, Codable, Sendable {
    public var id: Int64
    public var userID: UserID
    public var caseID: CaseID
    public var message: LocalizedText
    public var at: Date

    public init(id: Int64, userID: UserID, caseID: CaseID, message: LocalizedText, at: Date) {
        self.id = id
        self.userID = userID
        self.caseID = caseID
        self.message = message
        self.at = at
    }
}

extension CaseNotification {
    /// A notice to a user about a case, as the notifications of before notices read it (its body as
    /// the message); `nil` for a notice to an organisation or about something else.
    public init?(notice: Notice) {
        guard let userID = notice.recipient.userID, let caseID = notice.subject.caseID else { return nil }
        self.init(id: notice.id, userID: userID, caseID: caseID, message: notice.body, at: notice.createdAt)
    }
}
