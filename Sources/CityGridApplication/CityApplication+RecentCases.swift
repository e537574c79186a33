import CityGridCore
import CityGridService
import Foundation

/// Reading one case through the recent reads (最近读取的案件): the hot path of `GET /cases/{id}`.
extension CityApplication {
    /// The case `id` as the store holds it, from ``recentCases`` when it holds the version the live
    /// fact table has for the case, else from the store (and then kept).
    ///
    /// Why the fact table's version is enough: every write of this process reaches the table before
    /// it is acknowledged (``CaseChanges`` announces it once durable, the table applies it in the
    /// announcement), so a read that starts after an acknowledged write finds the table at that
    /// version or later and cannot be answered with an older case; other processes' writes reach the
    /// table through the change follower (within its interval, as they reach evaluations), and a
    /// newer configuration brings a freshly loaded table. A case the table does not hold is read
    /// from the store. A version names one state of a case: every write of a case raises it.
    func recentCase(_ id: CaseID, in current: Current) async throws -> Case {
        let known = current.facts.read { facts in facts.row(ofCase: id).map { Int(facts.version[$0]) } }
        if let known, let value = recentCases.value(of: id, version: known) { return value }
        let value = try await current.service.caseByID(id)
        recentCases.remember(value)
        return value
    }

    /// ``recentCase(_:in:)`` if the caller may read it; a case they may not read is reported as not
    /// found, like one that does not exist (as ``readableCase(_:by:in:)``).
    func readableRecentCase(_ id: CaseID, by caller: Caller, in current: Current) async throws -> Case {
        let value = try await recentCase(id, in: current)
        guard policy.permits(caller, .caseRead, on: .caseRecord(value)) else { throw DomainError.notFound("case", "\(id)", field: "id") }
        return value
    }
}
