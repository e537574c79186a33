import CityGridCore
import CityGridService
import CityGridSimulation
import CityGridSQLite
import CityGridStore
import Foundation
import Testing

/// The closed loop's deviations through the store: follow-ups written in the step's transaction,
/// duplicates flagged and merged, and the clock's alerts raised once, across restarts.
@Suite struct ClosedLoopStoreTests {
    func dispatched(_ f: Fixture, grid: Int = 0) async throws -> Case {
        let c = try await f.service.report(f.report(grid: grid), by: f.actor(role: .intakeOperator))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader))
        return try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispatch), by: f.actor(role: .dispatcher)).value
    }

    func handler(_ c: Case) -> Actor {
        Actor(Fixture.city.users.first { $0.role == .departmentHandler && $0.organisationCode == c.departmentCode }!)
    }

    func inspector(_ c: Case) -> Actor {
        Actor(Fixture.city.users.first { $0.role == .inspector && $0.jurisdiction == c.chain.community }!)
    }

    @Test func duplicatesAreFlaggedMergedNotifiedAndUnmerged() async throws {
        let f = try await Fixture()
        let parent = try await dispatched(f, grid: 7)
        let citizen = f.actor("citizen2")
        let near = f.report(grid: 7)
        let child = try await f.service.report(CaseReport(category: near.category, location: near.location, description: "again", source: .citizenApp), by: citizen)
        #expect(child.likelyDuplicateOf == parent.id)
        // Elsewhere, or another category: not flagged.
        let far = try await f.service.report(f.report(grid: 900), by: citizen)
        #expect(far.likelyDuplicateOf == nil)
        let other = try await f.service.report(f.report(grid: 7, category: "E0101"), by: citizen)
        #expect(other.likelyDuplicateOf == nil)
        // Merging into a case of another category is refused inside the transaction.
        do {
            try await f.service.act(caseID: child.id, command: WorkflowCommand(.merge, parentCaseID: other.id), by: f.actor(role: .intakeOperator))
            Issue.record("merging into another category must be refused")
        } catch let error as DomainError {
            #expect(error.code == "parent_not_open")
        }
        #expect(try await f.store.caseByID(child.id)?.state == .reported)
        // Merge, undo, merge again.
        var merged = try await f.service.act(caseID: child.id, command: WorkflowCommand(.merge, parentCaseID: parent.id), by: f.actor(role: .intakeOperator)).value
        #expect(merged.state == .merged && merged.parentCaseID == parent.id && merged.stage == nil && merged.light(at: Date()) == .none)
        let undone = try await f.service.act(caseID: child.id, command: WorkflowCommand(.unmerge), by: f.actor(role: .intakeOperator)).value
        #expect(undone.state == .reported && undone.parentCaseID == nil && undone.stage == "intake")
        merged = try await f.service.act(caseID: child.id, command: WorkflowCommand(.merge, parentCaseID: parent.id), by: f.actor(role: .intakeOperator)).value
        #expect(try await f.store.mergedChildren(of: parent.id).map(\.id) == [child.id])
        // The parent closes: the child's reporter is told, in the same transaction as the close.
        try await f.service.act(caseID: parent.id, command: WorkflowCommand(.dispose, note: "cleared"), by: handler(parent))
        try await f.service.act(caseID: parent.id, command: WorkflowCommand(.check), by: inspector(parent))
        #expect(try await f.store.notifications(userID: citizen.userID!, limit: 10).isEmpty)
        try await f.service.act(caseID: parent.id, command: WorkflowCommand(.close), by: f.actor(role: .shiftLeader))
        let notes = try await f.store.notifications(userID: citizen.userID!, limit: 10)
        #expect(notes.count == 1 && notes[0].caseID == child.id && notes[0].message.zh.contains(parent.number))
    }

    @Test func theReporterIsToldWhenTheirOwnCaseCloses() async throws {
        let f = try await Fixture()
        let citizen = f.actor("citizen3")
        let c = try await f.service.report(CaseReport(category: CategoryCode("E0102")!, location: f.report(grid: 40).location, description: "垃圾",
                                                      source: .citizenApp), by: citizen)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader))
        let d = try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispatch), by: f.actor(role: .dispatcher)).value
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispose, note: "cleared"), by: handler(d))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.check), by: inspector(d))
        #expect(try await f.store.notifications(userID: citizen.userID!, limit: 10).isEmpty)
        let closed = try await f.service.act(caseID: c.id, command: WorkflowCommand(.close), by: f.actor(role: .shiftLeader)).value
        let notes = try await f.store.notifications(userID: citizen.userID!, limit: 10)
        #expect(notes.count == 1 && notes.first?.caseID == c.id)
        #expect(notes.first?.message.zh.contains(closed.number) == true && notes.first?.message.en.contains("closed") == true)
        // Nobody else hears of it.
        #expect(try await f.store.notifications(userID: f.actor("citizen2").userID!, limit: 10).isEmpty)
    }

    @Test func reopeningOpensALinkedCaseInTheSameTransaction() async throws {
        let f = try await Fixture()
        let citizen = f.actor("citizen1")
        let c = try await f.service.report(CaseReport(category: CategoryCode("E0102")!, location: f.report(grid: 20).location, description: "", source: .citizenApp), by: citizen)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.accept), by: f.actor(role: .intakeOperator))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.file), by: f.actor(role: .shiftLeader))
        let d = try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispatch), by: f.actor(role: .dispatcher)).value
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispose, note: "cleared"), by: handler(d))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.check), by: inspector(d))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.close), by: f.actor(role: .shiftLeader))
        let visited = try await f.service.act(caseID: c.id, command: WorkflowCommand(.visit, solved: false, satisfaction: .dissatisfied), by: citizen).value
        #expect(visited.state == .closed && visited.satisfaction == .dissatisfied && visited.solved == false)
        // Another citizen may not reopen it.
        await #expect(throws: DomainError.self) {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.reopen), by: f.actor("citizen3"))
        }
        // The visit is recorded once.
        do {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.visit, solved: true, satisfaction: .satisfied), by: citizen)
            Issue.record("a second visit must be refused")
        } catch let error as DomainError {
            #expect(error.code == "already_visited")
        }
        // Past the window: refused.
        do {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.reopen), by: citizen, at: Date().addingTimeInterval(8 * 86_400))
            Issue.record("reopening after the window must be refused")
        } catch let error as DomainError {
            #expect(error.code == "reopen_window_passed")
        }
        let result = try await f.service.act(caseID: c.id, command: WorkflowCommand(.reopen, note: "还在"), by: citizen)
        #expect(result.value.state == .closed && result.value.reopenCount == 1)
        #expect(result.spawned.count == 1)
        let reopened = try #require(try await f.store.caseByID(result.spawned[0].id))
        #expect(reopened.reopenedFromID == c.id && reopened.state == .reported && reopened.reporterID == citizen.userID)
        #expect(try await f.store.events(caseID: reopened.id).map(\.action) == [.report])
        // Once only.
        do {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.reopen), by: citizen)
            Issue.record("a second reopening must be refused")
        } catch let error as DomainError {
            #expect(error.code == "already_reopened")
        }
        #expect(try await f.store.events(caseID: c.id).last?.note.hasPrefix("还在") == true)
        #expect(try await f.store.events(caseID: c.id).first { $0.action == .visit }?.note.hasPrefix("satisfaction=dissatisfied; solved=no") == true)
    }

    @Test func theClockWarnsAndEscalatesOnceAcrossRestarts() async throws {
        let f = try await Fixture()
        let c = try await dispatched(f)
        let warnAt = try #require(c.warnAt), due = try #require(c.stageDeadlineAt)
        let watcher = ClockWatcher(service: f.service)
        #expect(try await watcher.scan(at: warnAt.addingTimeInterval(-1)) == .init(warned: 0, escalated: 0))
        #expect(try await watcher.scan(at: warnAt) == .init(warned: 1, escalated: 0))
        #expect(try await watcher.scan(at: warnAt.addingTimeInterval(60)) == .init(warned: 0, escalated: 0))
        // A restart: a new store and service over the same file.
        let store = try SQLiteCityStore(path: f.folder + "/city.sqlite")
        let restarted = ClockWatcher(service: try await CityService.open(store))
        #expect(try await restarted.scan(at: warnAt.addingTimeInterval(120)) == .init(warned: 0, escalated: 0))
        #expect(try await restarted.scan(at: due.addingTimeInterval(1)) == .init(warned: 0, escalated: 1))
        #expect(try await restarted.scan(at: due.addingTimeInterval(3600)) == .init(warned: 0, escalated: 0))
        let events = try await store.events(caseID: c.id)
        #expect(events.filter { $0.action == .warn }.count == 1 && events.filter { $0.action == .escalate }.count == 1)
        let after = try #require(try await store.caseByID(c.id))
        #expect(after.alertLevel == .escalated && after.supervisionCount == 1 && after.light(at: due.addingTimeInterval(1)) == .red)
        // The level above is told: the district's leaders for a district body, the city's for a city-wide one.
        let district = Fixture.city.city.organisations.first { $0.code == c.departmentCode }?.jurisdiction != nil
        let leader = district ? f.actor("leader-\(c.chain.district)") : f.actor("leader")
        let told = try await store.notifications(userID: leader.userID!, limit: 5)
        #expect(told.map(\.caseID) == [c.id] && told[0].message.zh.contains("升级"))
        // An approved extension gives the stage time again: its alerts may be raised anew.
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.requestExtension, note: "parts", hours: 40), by: handler(c), at: due.addingTimeInterval(10))
        let extended = try await f.service.act(caseID: c.id, command: WorkflowCommand(.approveExtension), by: f.actor(role: .dispatcher), at: due.addingTimeInterval(20)).value
        #expect(extended.deadlineAt! > due && extended.extensionCount == 1 && extended.alertLevel == AlertLevel.none)
        #expect(extended.light(at: due.addingTimeInterval(30)) == .green)
    }

    @Test func aSuspendedCaseHasNoAlertsAndResumesWithItsTimeBack() async throws {
        let f = try await Fixture()
        let c = try await dispatched(f)
        let t0 = c.dispatchedAt!.addingTimeInterval(60)
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.requestSuspension, note: "road works"), by: handler(c), at: t0)
        let suspended = try await f.service.act(caseID: c.id, command: WorkflowCommand(.approveSuspension), by: f.actor(role: .dispatcher), at: t0.addingTimeInterval(60)).value
        #expect(suspended.state == .suspended && suspended.light(at: t0) == .paused)
        let far = c.stageDeadlineAt!.addingTimeInterval(30 * 86_400)
        #expect(try await ClockWatcher(service: f.service).scan(at: far) == .init(warned: 0, escalated: 0))
        let resumed = try await f.service.act(caseID: c.id, command: WorkflowCommand(.resume), by: f.actor(role: .dispatcher), at: far).value
        let paused = Fixture.city.city.calendar.workingSeconds(from: t0.addingTimeInterval(60), to: far)
        #expect(resumed.deadlineAt == Fixture.city.city.calendar.adding(workingSeconds: paused, to: c.deadlineAt!))
        #expect(resumed.suspendedSeconds == Int64(far.timeIntervalSince(t0.addingTimeInterval(60))))
    }

    @Test func whistleAndReportGatesTheClose() async throws {
        let f = try await Fixture()
        let c = try await dispatched(f, grid: 33)
        let bodies = Fixture.city.city.organisations.filter { $0.kind.disposes && $0.serves(c.chain.grid) && $0.code != c.departmentCode }
            .map(\.code).sorted().prefix(2)
        // The subdistrict blows the whistle; another subdistrict's head may not.
        let head = f.actor("leader-\(c.chain.subdistrict)")
        let otherSubdistrict = Fixture.city.city.regions.first { $0.level == .subdistrict && $0.code != c.chain.subdistrict }!.code
        do {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.summon, note: "whistle", departmentCodes: Array(bodies)),
                                    by: f.actor("leader-\(otherSubdistrict)"))
            Issue.record("another subdistrict may not summon here")
        } catch let error as DomainError {
            #expect(error.code == "outside_jurisdiction")
        }
        let summoned = try await f.service.act(caseID: c.id, command: WorkflowCommand(.summon, note: "whistle", departmentCodes: Array(bodies)),
                                               by: head).value
        #expect(summoned.subtasks.map(\.departmentCode) == Array(bodies))
        #expect(summoned.subtasks.allSatisfy { $0.arrivalDeadline.timeIntervalSince($0.summonedAt) == 30 * 60 })
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispose, note: "lead body done"), by: handler(c))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.check), by: inspector(c))
        do {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.close), by: f.actor(role: .shiftLeader))
            Issue.record("closing with open sub-tasks must be refused")
        } catch let error as DomainError {
            #expect(error.code == "subtasks_open")
        }
        for code in bodies {
            let crew = Actor(Fixture.city.users.first { $0.role == .departmentHandler && $0.organisationCode == code }!)
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.arrive), by: crew)
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.completeSubtask, note: "done"), by: crew)
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.rateSubtask, departmentCode: code, rating: 4), by: head)
        }
        let closed = try await f.service.act(caseID: c.id, command: WorkflowCommand(.close), by: f.actor(role: .shiftLeader)).value
        #expect(closed.state == .closed && closed.subtasks.allSatisfy { $0.isDone && $0.rating == 4 && $0.arrivedOnTime == true })
    }
}

@Suite struct DuplicateIntakeTests {
    /// Reports of one problem that arrive together are committed in one batch: each later one still
    /// finds an earlier one, because the look-up runs inside the writing transaction.
    @Test func simultaneousReportsFindEachOther() async throws {
        let f = try await Fixture()
        let report = f.report(grid: 50)
        let citizens = (1...5).map { f.actor("citizen\($0)") }
        let created = try await withThrowingTaskGroup(of: Case.self) { group in
            for citizen in citizens {
                group.addTask {
                    try await f.service.report(CaseReport(category: report.category, location: report.location, description: "", source: .citizenApp), by: citizen)
                }
            }
            return try await group.reduce(into: [Case]()) { $0.append($1) }
        }.sorted { $0.id < $1.id }
        #expect(created[0].likelyDuplicateOf == nil)
        for later in created.dropFirst() {
            let flagged = try #require(later.likelyDuplicateOf)
            #expect(flagged < later.id && created.contains { $0.id == flagged })
        }
    }
}

@Suite struct MergeChainTests {
    @Test func noChainsAndEndedParentsTellTheirDuplicates() async throws {
        let f = try await Fixture()
        let intake = f.actor(role: .intakeOperator)
        let point = f.report(grid: 70)
        func report(_ who: String) async throws -> Case {
            try await f.service.report(CaseReport(category: point.category, location: point.location, description: "", source: .citizenApp), by: f.actor(who))
        }
        let a = try await report("citizen1"), b = try await report("citizen2"), c = try await report("citizen3")
        try await f.service.act(caseID: b.id, command: WorkflowCommand(.merge, parentCaseID: a.id), by: intake)
        // A case with duplicates may not itself be merged; nor may anything merge into a merged case.
        do {
            try await f.service.act(caseID: a.id, command: WorkflowCommand(.merge, parentCaseID: c.id), by: intake)
            Issue.record("merging a case that has duplicates must be refused")
        } catch let error as DomainError { #expect(error.code == "has_duplicates") }
        do {
            try await f.service.act(caseID: c.id, command: WorkflowCommand(.merge, parentCaseID: b.id), by: intake)
            Issue.record("merging into a merged case must be refused")
        } catch let error as DomainError { #expect(error.code == "parent_not_open") }
        // The parent is rejected: the duplicate's reporter is told.
        try await f.service.act(caseID: a.id, command: WorkflowCommand(.reject, note: "not ours"), by: intake)
        #expect(try await f.store.notifications(userID: f.actor("citizen2").userID!, limit: 5).map(\.caseID) == [b.id])
    }
}

@Suite struct OncePerThresholdTests {
    /// A case escalated for its disposal deadline, disposed, failing the check and back with the body
    /// (rework) is not escalated again for the same deadline; an approved extension gives a new one.
    @Test func reworkDoesNotReEscalateTheSameDeadline() async throws {
        let f = try await Fixture()
        let c = try await ClosedLoopStoreTests().dispatched(f, grid: 90)
        let handler = ClosedLoopStoreTests().handler(c), inspector = ClosedLoopStoreTests().inspector(c)
        let watcher = ClockWatcher(service: f.service)
        let late = c.stageDeadlineAt!.addingTimeInterval(60)
        #expect(try await watcher.scan(at: late) == .init(warned: 0, escalated: 1))
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.dispose, note: "done"), by: handler, at: late.addingTimeInterval(60))
        let back = try await f.service.act(caseID: c.id, command: WorkflowCommand(.checkFail, note: "not fixed"), by: inspector,
                                           at: late.addingTimeInterval(120)).value
        #expect(back.state == .dispatched && back.alertLevel == .escalated && back.deadlineAt == c.deadlineAt)
        #expect(try await watcher.scan(at: late.addingTimeInterval(3600)) == .init(warned: 0, escalated: 0))
        let events = try await f.store.events(caseID: c.id)
        #expect(events.filter { $0.action == .escalate }.count == 1)
        // An extension moves the deadline: its thresholds are new.
        try await f.service.act(caseID: c.id, command: WorkflowCommand(.requestExtension, note: "parts", hours: 2), by: handler, at: late.addingTimeInterval(3700))
        let extended = try await f.service.act(caseID: c.id, command: WorkflowCommand(.approveExtension), by: f.actor(role: .dispatcher),
                                               at: late.addingTimeInterval(3800)).value
        #expect(extended.disposalAlertLevel == extended.alertLevel)
        let scan = try await watcher.scan(at: extended.stageDeadlineAt!.addingTimeInterval(60))
        #expect(scan.escalated == (extended.alertLevel < .escalated ? 1 : 0))
    }
}
