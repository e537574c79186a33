import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Testing

/// Reports from the public through the application: an anonymous report with a contact becomes an
/// ordinary case on the portal's channel; the category's questions are checked; a burst from one
/// device is taken in but held for review; staff read the origin with the contact in full only when
/// they make return visits; the public view of a case never has the description until it is published.
@Suite struct PublicReportsTests {
    @Test func anAnonymousReportIsAnOrdinaryCaseWithItsOriginKeptApart() async throws {
        let fixture = try await ApplicationFixture()
        let app = fixture.application
        let point = ApplicationFixture.demo.city.grids[5].boundary.representativePoint
        let contact = ReporterContact(firstName: "Mei", lastName: "Li", phone: "13812345678", email: "mei@example.org")
        let view = try await app.reportFromPublic(PublicReportRequest(category: "C0101", location: point, description: "井盖丢失",
                                                                      answers: ["cover_state": ["missing"]], contact: contact, deviceID: "phone-1"),
                                                  from: .portal(.anonymous))
        #expect(view.status == .received && view.channel == .citizenApp && view.description == nil)
        #expect(view.timeline.map(\.kind) == [.received])
        let intake = fixture.caller(role: .intakeOperator)
        let forIntake = try #require(try await app.reportOrigin(ofCase: view.id, for: Caller(user: ApplicationFixture.demo.users.first { user in
            user.grants.contains { $0.role == .intakeOperator && ($0.jurisdiction.map { view.grid.rawValue.hasPrefix($0.rawValue) } ?? true) }
        }!), purpose: "test"))
        #expect(forIntake.contact == "Li Mei · 13812345678 · mei@example.org" && forIntake.client == "portal" && forIntake.heldReason == nil)
        _ = intake
        let leader = try #require(ApplicationFixture.demo.users.first { user in user.grants.contains { $0.role == .leader && $0.jurisdiction == nil } })
        let forLeader = try #require(try await app.reportOrigin(ofCase: view.id, for: Caller(user: leader), purpose: "test"))
        #expect(forLeader.contact == "L** · 138****5678 · m***@example.org" && forLeader.deviceID == "***")
        // The questions: a required one unanswered, an unknown one, a value not among the choices.
        for (answers, field) in [([String: [String]](), "attribute[cover_state]"), (["cover_state": ["missing"], "colour": ["red"]], "attribute[colour]"),
                                 (["cover_state": ["stolen"]], "attribute[cover_state]")] {
            do {
                _ = try await app.reportFromPublic(PublicReportRequest(category: "C0101", location: point, description: "x", answers: answers),
                                                   from: .portal(.anonymous))
                Issue.record("\(answers) was taken")
            } catch let error as DomainError {
                #expect(error.field == field && error.kind == .invalid)
            }
        }
    }

    @Test func aBurstFromOneDeviceIsHeldForReviewNotDropped() async throws {
        let fixture = try await ApplicationFixture()
        let app = fixture.application
        let point = ApplicationFixture.demo.city.grids[7].boundary.representativePoint
        let now = Date()
        var ids: [CaseID] = []
        for i in 0..<7 {
            ids.append(try await app.reportFromPublic(PublicReportRequest(category: "E0102", location: point, description: "垃圾 \(i)", deviceID: "burst-phone"),
                                                      from: .portal(.anonymous), at: now.addingTimeInterval(Double(i))).id)
        }
        let admin = fixture.caller(role: .admin)
        var held: [Bool] = []
        for id in ids { held.append(try await app.reportOrigin(ofCase: id, for: admin, purpose: "test")?.heldReason != nil) }
        #expect(held == [false, false, false, false, false, true, true])
        #expect(try await app.publicCases({ var f = PublicCaseFilter(); f.ids = ids; return f }()).cases.count == 7)
    }
}
