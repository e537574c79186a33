import CityGridApplication
import CityGridCore
import CityGridService
import CityGridStore
import Foundation
import Testing

/// Claims by NGOs and volunteer teams through the application layer: the pool holds filed cases of
/// claimable classes only, without personal data; a volunteer claims one, disposes of it with a photo,
/// an inspector checks it, the case closes and the volunteer's points are credited once; a claim
/// left undisposed goes back to the pool when its clock passes; the NGO is evaluated on real cases.
@Suite struct ClaimsTests {
    typealias P = PointsLedgerTests

    static func filed(_ f: ApplicationFixture, category: String, grid: Int) async throws -> CaseID {
        let point = ApplicationFixture.demo.city.grids[grid].boundary.representativePoint
        let id = try await f.application.report(ReportRequest(category: category, location: point, description: "claim test \(grid)",
                                                              source: nil, componentID: nil), by: f.caller("citizen3")).value.id
        _ = try await f.application.act(on: id, StepRequest(action: "accept"), by: P.staff(f, .intakeOperator))
        _ = try await f.application.act(on: id, StepRequest(action: "file"), by: P.staff(f, .shiftLeader))
        return id
    }

    @Test func aVolunteerClaimsDisposesIsCheckedAndEarnsOnce() async throws {
        let f = try await ApplicationFixture()
        let volunteer = try #require(f.users.first { $0.role == .volunteer })
        let member = Caller(user: volunteer)
        let garbage = try await Self.filed(f, category: "E0102", grid: 21)
        let manhole = try await Self.filed(f, category: "C0101", grid: 22)

        // The pool: the garbage, not the manhole cover (a class the catalogue does not let NGOs claim).
        let pool = try await f.application.claimableTasks(for: member)
        #expect(pool.contains { $0.id == garbage } && !pool.contains { $0.id == manhole })
        #expect(pool.first { $0.id == garbage }?.description == nil, "the pool shows no unpublished description")
        // Nobody else's pool: a citizen and a department handler hold no case.claim.
        await #expect { try await f.application.claimableTasks(for: f.caller("citizen1")) } throws: { ($0 as? DomainError)?.kind == .forbidden }
        await #expect { try await f.application.claim(manhole, by: member) } throws: { ($0 as? DomainError)?.kind == .notFound }

        let claimed = try await f.application.claim(garbage, by: member)
        #expect(claimed.value.state == "claimed" && claimed.value.departmentCode == volunteer.organisationCode && claimed.value.deadlineAt != nil)
        let offered = (claimed.offers ?? []).map(\.action)
        #expect(offered.contains(.disposeClaimed) && offered.contains(.giveUpClaim), "\(offered)")
        await #expect { try await f.application.claim(garbage, by: member) } throws: { ($0 as? DomainError)?.code == "already_claimed" }
        #expect(try await !f.application.claimableTasks(for: member).contains { $0.id == garbage })

        // Disposed of with a photo by the team, checked by the inspector, closed: the case is the NGO's in evaluation.
        let photo = try await f.application.upload(ClaimsPhotos.jpeg, by: member)
        var dispose = StepRequest(action: "dispose_claimed")
        dispose.attachments = [MediaReference.prefix + photo.id]
        _ = try await f.application.act(on: garbage, dispose, by: member)
        _ = try await f.application.act(on: garbage, StepRequest(action: "check"), by: P.staff(f, .inspector))
        let closed = try await f.application.act(on: garbage, StepRequest(action: "close"), by: P.staff(f, .shiftLeader))
        #expect(closed.value.state == .closed && closed.value.departmentCode == volunteer.organisationCode)

        // The NGO is a subject of evaluation with a real figure: the case it disposed of counts for it.
        let month = String(ISOTime.format(closed.value.reportedAt).prefix(7))
        let report = try await f.application.evaluationReport(.preset("basic"), subject: "ngo", period: month, for: P.staff(f, .admin))
        let row = try #require(report.rows.first { $0.code == volunteer.organisationCode?.rawValue })
        #expect(row.figures.contains { $0.denominator > 0 }, "\(row.figures)")

        // Points: the confirmed fix, once, to the volunteer who disposed of it.
        let awarder = try await PointsAwarder(store: f.store).follower()
        try await awarder.poll()
        try await awarder.poll()
        let earned = try await f.store.pointsEntries(account: volunteer.id, after: nil, limit: 10)
        #expect(earned.map(\.reason) == [.claimedFixConfirmed] && earned.first?.caseID == garbage)
    }

    @Test func aClaimNotDisposedOfInTimeGoesBackToThePool() async throws {
        let f = try await ApplicationFixture()
        let volunteer = try #require(f.users.first { $0.role == .volunteer })
        let member = Caller(user: volunteer)
        let id = try await Self.filed(f, category: "E0102", grid: 23)
        let claimed = try await f.application.claim(id, by: member)
        let due = try #require(claimed.value.stageDeadlineAt)
        let clock = ClockWatcher(service: f.application.current.service)
        // Before its limit: a warning at most, still claimed.
        _ = try await clock.scan(at: due.addingTimeInterval(-60))
        #expect(try await f.store.caseByID(id)?.state == "claimed")
        // Past it: the clock takes it back (release_claim), the team holds it no more.
        let scan = try await clock.scan(at: due.addingTimeInterval(2))
        #expect(scan.overdueActions == 1 && scan.escalated == 0)
        let back = try #require(try await f.store.caseByID(id))
        #expect(back.state == .filed && back.departmentCode == nil && back.deadlineAt == nil)
        #expect(try await f.store.events(caseID: id).last?.action == .releaseClaim)
        #expect(try await f.application.claimableTasks(for: member).contains { $0.id == id })
        // A member gives a claim up with a reason, and it is back in the pool at once.
        _ = try await f.application.claim(id, by: member)
        var giveUp = StepRequest(action: "give_up_claim")
        giveUp.note = "人手不足 not enough hands"
        let given = try await f.application.act(on: id, giveUp, by: member)
        #expect(given.value.state == .filed && given.value.departmentCode == nil)
    }
}

/// A small well-formed JPEG for the disposal's evidence.
enum ClaimsPhotos {
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    static let jpeg: [UInt8] = [0xFF, 0xD8] + segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        + segment(0xDB, [0] + Array(repeating: 1, count: 64)) + segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
        + segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78] + [0xFF, 0xD9]
}
