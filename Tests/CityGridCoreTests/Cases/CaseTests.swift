import CityGridCore
import CityGridGeometry
import Foundation
import Testing

@Suite("Case")
struct CaseTests {
    @Test("a new case is reported, at version 1, with nothing else set")
    func newCase() {
        let value = Fixture.reportedCase()
        #expect(value.state == .reported)
        #expect(value.version == 1)
        #expect(value.kind == .event)
        #expect(value.acceptedAt == nil && value.filedAt == nil && value.dispatchedAt == nil)
        #expect(value.disposedAt == nil && value.checkedAt == nil && value.closedAt == nil && value.deadlineAt == nil)
        #expect(value.departmentCode == nil)
        #expect(value.reworkCount == 0 && value.extensionCount == 0 && value.returnCount == 0 && value.suspendedSeconds == 0)
        #expect(Fixture.reportedCase(category: category("C0101")).kind == .component)
    }

    @Test("disposedOnTime compares the disposal with the deadline")
    func disposedOnTime() {
        var value = Fixture.reportedCase()
        #expect(value.disposedOnTime == nil)
        value.deadlineAt = cst("2026-12-01T10:00:00")
        #expect(value.disposedOnTime == nil)
        value.disposedAt = cst("2026-12-01T10:00:00")
        #expect(value.disposedOnTime == true)
        value.disposedAt = cst("2026-12-01T10:00:01")
        #expect(value.disposedOnTime == false)
        value.deadlineAt = nil
        #expect(value.disposedOnTime == nil)
    }

    @Test("states: only closed is not open")
    func states() {
        #expect(CaseState.allCases.filter { !$0.isOpen } == [.closed])
        #expect(CaseState.allCases.map(\.rawValue) == ["reported", "accepted", "filed", "dispatched", "disposed", "checked", "closed"])
    }

    @Test("a case survives a JSON round trip")
    func coding() throws {
        var value = Fixture.reportedCase()
        value.departmentCode = "D-SANITATION"
        value.deadlineAt = cst("2026-12-01T10:00:00")
        let decoded = try JSONDecoder().decode(Case.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
    }
}
