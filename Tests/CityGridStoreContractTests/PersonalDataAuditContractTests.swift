import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``PersonalDataAuditStore``: records numbered and kept to the second with their fields sorted,
/// checked before they are written, queried by reader, case, citizen, time and page, and never
/// changed: not by later records, and not by closing the account they are about.
@Suite struct PersonalDataAuditContractTests {
    static func read(reader: UserID = 4, role: Role = .intakeOperator, caseID: CaseID? = 7, subject: UserID? = 12,
                     fields: [String] = ["phone", "name"], at: Date = ContractCity.t0) -> PersonalDataRead {
        PersonalDataRead(id: 99, readerID: reader, readerRole: role, caseID: caseID, subjectID: subject, fields: fields,
                         purpose: "GET /app/cases/{id}", at: at)
    }

    @Test(arguments: StoreKind.allCases) func recordsAreNumberedKeptToTheSecondAndQueried(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        #expect(try await store.personalDataReads(PersonalDataReadQuery()).isEmpty)
        let first = try await store.appendPersonalDataRead(Self.read())
        #expect(first.id == 1 && first.fields == ["name", "phone"] && first.at == ContractCity.stored(ContractCity.t0))
        #expect(first.readerID == 4 && first.readerRole == .intakeOperator && first.caseID == 7 && first.subjectID == 12)
        let second = try await store.appendPersonalDataRead(Self.read(reader: 5, role: .admin, caseID: 8, subject: nil, fields: ["email"],
                                                                      at: ContractCity.t0.addingTimeInterval(3600)))
        let third = try await store.appendPersonalDataRead(Self.read(reader: 4, role: .shiftLeader, caseID: 8, subject: 12, fields: ["device_id"],
                                                                     at: ContractCity.t0.addingTimeInterval(7200)))
        #expect([second.id, third.id] == [2, 3])
        let all = try await store.personalDataReads(PersonalDataReadQuery())
        #expect(all == [first, second, third])
        #expect(try await store.personalDataReads(PersonalDataReadQuery(readerID: 4)).map(\.id) == [1, 3])
        #expect(try await store.personalDataReads(PersonalDataReadQuery(caseID: 8)).map(\.id) == [2, 3])
        #expect(try await store.personalDataReads(PersonalDataReadQuery(subjectID: 12)).map(\.id) == [1, 3])
        #expect(try await store.personalDataReads(PersonalDataReadQuery(readerID: 4, caseID: 8)).map(\.id) == [3])
        // Time: from is inclusive, before exclusive, both at the second.
        #expect(try await store.personalDataReads(PersonalDataReadQuery(from: ContractCity.t0.addingTimeInterval(3599.5))).map(\.id) == [2, 3])
        #expect(try await store.personalDataReads(PersonalDataReadQuery(before: ContractCity.t0.addingTimeInterval(3600))).map(\.id) == [1])
        #expect(try await store.personalDataReads(PersonalDataReadQuery(from: ContractCity.stored(ContractCity.t0).addingTimeInterval(3600),
                                                                       before: ContractCity.t0.addingTimeInterval(7000))).map(\.id) == [2])
        // Pages.
        #expect(try await store.personalDataReads(PersonalDataReadQuery(limit: 2)).map(\.id) == [1, 2])
        #expect(try await store.personalDataReads(PersonalDataReadQuery(afterID: 2, limit: 2)).map(\.id) == [3])
        await expectDomainError(.invalid, "invalid_field", field: "limit") { _ = try await store.personalDataReads(PersonalDataReadQuery(limit: 0)) }
        await expectDomainError(.invalid, "invalid_field", field: "limit") { _ = try await store.personalDataReads(PersonalDataReadQuery(limit: 1001)) }
    }

    @Test(arguments: StoreKind.allCases) func aBadRecordIsRefusedAndWritesNothing(_ kind: StoreKind) async throws {
        let open = try kind.open()
        let store = open.store
        await expectDomainError(.invalid, "invalid_field", field: "fields") { _ = try await store.appendPersonalDataRead(Self.read(fields: [])) }
        await expectDomainError(.invalid, "invalid_field", field: "fields") { _ = try await store.appendPersonalDataRead(Self.read(fields: ["salary"])) }
        var bad = Self.read()
        bad.purpose = ""
        await expectDomainError(.invalid, "invalid_field", field: "purpose") { _ = try await store.appendPersonalDataRead(bad) }
        bad.purpose = "line\nbreak"
        await expectDomainError(.invalid, "invalid_field", field: "purpose") { _ = try await store.appendPersonalDataRead(bad) }
        #expect(try await store.personalDataReads(PersonalDataReadQuery()).isEmpty)
        #expect(try await store.appendPersonalDataRead(Self.read()).id == 1)
    }

    /// The log is append-only: the records read back unchanged after later appends, after the account
    /// they are about is closed, and (SQLite) a direct `UPDATE` or `DELETE` is refused.
    @Test(arguments: StoreKind.allCases) func recordsNeverChange(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let citizen = try await store.addUser(NewUser(username: "citizen-audited", displayName: "139****0001", role: .citizen), contact: "+8613900000001")
        let written = try await store.appendPersonalDataRead(Self.read(subject: citizen.id))
        for i in 0..<5 { _ = try await store.appendPersonalDataRead(Self.read(caseID: CaseID(Int64(100 + i)), at: ContractCity.t0.addingTimeInterval(Double(i)))) }
        _ = try await store.closeCitizenAccount(citizen.id, username: "closed-\(citizen.id.rawValue)", displayName: "closed")
        let again = try await store.personalDataReads(PersonalDataReadQuery(subjectID: citizen.id))
        #expect(again == [written])
        #expect(try await store.personalDataReads(PersonalDataReadQuery()).count == 6)
    }
}
