import Foundation

/// One summoned body's part of a case under whistle and report (吹哨报到): it must arrive by
/// ``arrivalDeadline`` and finish by ``disposalDeadline``; the summoning body rates its response.
public struct Subtask: Hashable, Codable, Sendable {
    public var departmentCode: OrganisationCode
    public var summonedAt: Date
    public var arrivalDeadline: Date
    public var disposalDeadline: Date
    public var arrivedAt: Date?
    public var doneAt: Date?
    /// 1 (poor) to 5 (excellent), given by the summoning side.
    public var rating: Int?
    /// Who blew the whistle (the user, or CityGrid itself), and their organisation (which may rate
    /// too); `nil` only in sub-tasks recorded before the summoner was (anyone on the case may rate those).
    public var summonedBy: Principal?
    public var summonerOrganisation: OrganisationCode?

    enum CodingKeys: String, CodingKey {
        case departmentCode = "department_code", summonedAt = "summoned_at", arrivalDeadline = "arrival_deadline"
        case disposalDeadline = "disposal_deadline", arrivedAt = "arrived_at", doneAt = "done_at", rating
        case summonedBy = "summoned_by", summonerOrganisation = "summoner_organisation"
    }

    public init(departmentCode: OrganisationCode, summonedAt: Date, arrivalDeadline: Date, disposalDeadline: Date) {
        self.departmentCode = departmentCode
        self.summonedAt = summonedAt
        self.arrivalDeadline = arrivalDeadline
        self.disposalDeadline = disposalDeadline
    }

    public var isDone: Bool { doneAt != nil }
    /// Arrived within the arrival deadline.
    public var arrivedOnTime: Bool? { arrivedAt.map { $0 <= arrivalDeadline } }
}
