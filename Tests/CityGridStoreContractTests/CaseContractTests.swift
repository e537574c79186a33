import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``CaseStore``: numbering, round trips, bulk inserts, listing and paging, look-ups by id.
@Suite struct CaseContractTests {
    @Test(arguments: StoreKind.allCases) func casesAreNumberedByPrefixWithASixDigitDailySerial(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let a = try await store.createCase(ContractCity.draft())
        let b = try await store.createCase(ContractCity.draft(grid: 1))
        let other = try await store.createCase(ContractCity.draft(category: "E0103"))
        let nextDay = try await store.createCase(ContractCity.draft(prefix: "E010220261130"))
        let c = try await store.createCase(ContractCity.draft(grid: 2))
        #expect([a, b, other, nextDay, c].map(\.id) == [1, 2, 3, 4, 5])
        #expect([a, b, other, nextDay, c].map(\.number)
                == ["E010220261129000001", "E010220261129000002", "E010320261129000001", "E010220261130000001", "E010220261129000003"])
        #expect(try await store.caseCount() == 5)
    }

    @Test(arguments: StoreKind.allCases) func aCaseAndItsEventsRoundTripInTheStoredForm(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft(reporter: 3, clock: true, description: "井盖缺失 🕳️ manhole cover missing"))
        // The write answers with the case as given; a read with its times to the second.
        #expect(created.reportedAt == ContractCity.t0)
        let read = try #require(try await store.caseByID(created.id))
        #expect(read == ContractCity.storedForm(created))
        #expect(read.reportedAt == ContractCity.stored(ContractCity.t0))
        #expect(read.description == "井盖缺失 🕳️ manhole cover missing")
        let events = try await store.events(caseID: created.id)
        #expect(events.count == 1)
        #expect(events.first?.caseID == created.id && events.first?.sequence == 1 && events.first?.action == .report)
        #expect(events.first?.at == ContractCity.stored(ContractCity.t0))
        #expect(try await store.caseByID(999) == nil)
        #expect(try await store.events(caseID: 999).isEmpty)
        let entry = try #require(try await store.changes(after: 1, limit: 10).first)
        #expect(entry.kind == .caseReported && entry.caseID == created.id && entry.caseVersion == 1)
    }

    @Test(arguments: StoreKind.allCases) func bulkInsertsLinkToThePreviousDraft(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        var merged = ContractCity.draft(grid: 1)
        merged.link = .mergedIntoPrevious
        var reopening = ContractCity.draft(grid: 2)
        reopening.link = .reopensPrevious
        let written = try await store.insertCases([ContractCity.draft(), merged, reopening])
        #expect(written.map(\.id) == [1, 2, 3])
        #expect(written[1].parentCaseID == 1 && written[1].likelyDuplicateOf == 1)
        #expect(written[2].reopenedFromID == 2)
        #expect(try await store.mergedChildren(of: 1).map(\.id) == [2])
        #expect(try await store.changes(after: 1, limit: 10).map(\.caseID) == [1, 2, 3])
    }

    /// A draft is not numbered (``Identifier/unassigned``); whatever a store writes is: intake, bulk
    /// inserts and cases a step spawns come back with an id from 1, and their events with it.
    @Test(arguments: StoreKind.allCases) func noStoredCaseIsUnassigned(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        #expect(ContractCity.draft().value.id == .unassigned && ContractCity.draft().events.allSatisfy { $0.caseID == .unassigned })
        let created = try await store.createCase(ContractCity.draft())
        var merged = ContractCity.draft(grid: 1)
        merged.link = .mergedIntoPrevious
        var reopening = ContractCity.draft(grid: 2)
        reopening.link = .reopensPrevious
        let inserted = try await store.insertCases([ContractCity.draft(grid: 3), merged, reopening])
        let step = try await store.transition(caseID: created.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .closed, action: .close, followUps: [.spawn(ContractCity.draft(grid: 4))])
        }
        let written = [created] + inserted + step.spawned
        #expect(written.count == 5)
        for value in written {
            #expect(value.id != .unassigned && value.id.rawValue > 0)
            #expect(try await store.caseByID(value.id)?.id == value.id)
            #expect(try await store.events(caseID: value.id).allSatisfy { $0.caseID == value.id })
        }
        #expect(Set(written.map(\.id)).count == written.count)
        #expect(try await store.cases(CaseQuery(limit: 10)).cases.allSatisfy { $0.id != .unassigned && $0.id.rawValue > 0 })
    }

    @Test(arguments: StoreKind.allCases) func aBulkInsertStartingWithALinkWritesNothing(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        var dangling = ContractCity.draft()
        dangling.link = .reopensPrevious
        await expectDomainError(.invalid, "dangling_link") {
            _ = try await store.insertCases([dangling, ContractCity.draft()])
        }
        #expect(try await store.caseCount() == 0)
        #expect(try await store.lastChangeSequence() == 1)
        #expect(try await store.createCase(ContractCity.draft()).number == "E010220261129000001")
    }

    @Test(arguments: StoreKind.allCases) func aDraftRepeatingAnEventSequenceIsAConflict(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        var draft = ContractCity.draft()
        draft.events.append(draft.events[0])
        await expectDomainError(.conflict, "already_exists", field: "sequence") {
            _ = try await store.createCase(draft)
        }
        #expect(try await store.caseCount() == 0)
        #expect(try await store.lastChangeSequence() == 1)
    }

    @Test(arguments: StoreKind.allCases) func listingIsNewestFirstAndPagedByKeys(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        for grid in 0..<5 { _ = try await store.createCase(ContractCity.draft(grid: grid)) }
        let first = try await store.cases(CaseQuery(limit: 2))
        #expect(first.cases.map(\.id) == [5, 4] && first.nextBeforeID == 4)
        let second = try await store.cases(CaseQuery(beforeID: 4, limit: 2))
        #expect(second.cases.map(\.id) == [3, 2] && second.nextBeforeID == 2)
        let last = try await store.cases(CaseQuery(beforeID: 2, limit: 2))
        #expect(last.cases.map(\.id) == [1] && last.nextBeforeID == nil)
        let exact = try await store.cases(CaseQuery(limit: 5))
        #expect(exact.cases.count == 5 && exact.nextBeforeID == nil)
        // A limit below one lists one.
        #expect(try await store.cases(CaseQuery(limit: 0)).cases.map(\.id) == [5])
    }

    @Test(arguments: StoreKind.allCases) func listingFilters(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let t0 = ContractCity.t0
        let a = try await store.createCase(ContractCity.draft(grid: 0, reporter: 7))
        let b = try await store.createCase(ContractCity.draft(grid: 1, category: "E0103", at: t0.addingTimeInterval(3600)))
        let c = try await store.createCase(ContractCity.draft(grid: 2, category: "C0101", at: t0.addingTimeInterval(7200)))
        _ = try await store.transition(caseID: a.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .dispatched, action: .dispatch) { $0.departmentCode = "DEPT-A"; $0.alertLevel = .warned }
        }
        _ = try await store.transition(caseID: b.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .dispatched, action: .dispatch) { next in
                next.departmentCode = "DEPT-B"
                next.subtasks = [Subtask(departmentCode: "DEPT-A", summonedAt: t0, arrivalDeadline: t0.addingTimeInterval(600),
                                         disposalDeadline: t0.addingTimeInterval(6000))]
            }
        }
        func ids(_ query: CaseQuery) async throws -> [CaseID] { try await store.cases(query).cases.map(\.id) }
        #expect(try await ids(CaseQuery(states: [.dispatched])) == [b.id, a.id])
        #expect(try await ids(CaseQuery(states: [.reported])) == [c.id])
        #expect(try await ids(CaseQuery(categoryPrefix: "E01")) == [b.id, a.id])
        #expect(try await ids(CaseQuery(categoryPrefix: "E0103")) == [b.id])
        #expect(try await ids(CaseQuery(region: ContractCity.city.grids[1].code)) == [b.id])
        #expect(try await ids(CaseQuery(departmentCode: "DEPT-A")) == [a.id])
        var summoned = CaseQuery(departmentCode: "DEPT-A")
        summoned.includeSummoned = true
        #expect(try await ids(summoned) == [b.id, a.id])
        #expect(try await ids(CaseQuery(reporterID: 7)) == [a.id])
        #expect(try await ids(CaseQuery(reportedFrom: t0.addingTimeInterval(3600))) == [c.id, b.id])
        #expect(try await ids(CaseQuery(reportedBefore: t0.addingTimeInterval(3600))) == [a.id])
        var alerted = CaseQuery()
        alerted.minimumAlertLevel = 1
        #expect(try await ids(alerted) == [a.id])
        var visible = CaseQuery()
        visible.visibility = CaseVisibility(reporterID: 7, regions: [ContractCity.city.grids[2].code])
        #expect(try await ids(visible) == [c.id, a.id])
        visible.visibility = CaseVisibility(organisations: ["DEPT-A"])
        #expect(try await ids(visible) == [b.id, a.id])
        visible.visibility = CaseVisibility()
        #expect(try await ids(visible) == [])
        visible.visibility = .all
        #expect(try await ids(visible) == [c.id, b.id, a.id])
    }

    /// Candidates found outside the store (``CaseQuery/ids``, one grid's cases from the fact table)
    /// are read in the order given, past the SQLite store's chunk of 500, paged by keys like the walk,
    /// and still tested against every other filter.
    @Test(arguments: StoreKind.allCases) func listingAmongGivenCasesKeepsEveryOtherFilterAndPages(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let drafts = (0..<1_203).map { ContractCity.draft(grid: $0 % 3, category: $0 % 2 == 0 ? "E0102" : "C0101") }
        _ = try await store.insertCases(drafts)
        // Every case as candidates: the first page crosses two of SQLite's chunks, the second ends it.
        let all = (1...1_203).reversed().map { CaseID(Int64($0)) }
        var query = CaseQuery(limit: 1000)
        query.ids = all
        let page = try await store.cases(query)
        #expect(page.cases.map(\.id) == Array(all.prefix(1000)) && page.nextBeforeID == 204)
        query.beforeID = page.nextBeforeID
        let rest = try await store.cases(query)
        #expect(rest.cases.map(\.id) == Array(all.suffix(203)) && rest.nextBeforeID == nil)
        // The cases of grid 0, newest first, as the fact table gives them: 1201, 1198, …, 1.
        let grid0 = all.filter { ($0.rawValue - 1) % 3 == 0 }
        // Another filter applies among them: the drafts at even positions (odd ids) are E0102.
        var events = CaseQuery(categoryPrefix: "E01", limit: 3)
        events.ids = grid0
        let expected = grid0.filter { ($0.rawValue - 1) % 2 == 0 }
        let first = try await store.cases(events)
        #expect(first.cases.map(\.id) == Array(expected.prefix(3)) && first.nextBeforeID == expected[2])
        events.beforeID = expected[2]
        #expect(try await store.cases(events).cases.map(\.id) == Array(expected[3..<6]))
        // Nothing among no candidates.
        var none = CaseQuery()
        none.ids = []
        #expect(try await store.cases(none).cases.isEmpty)
    }

    /// `clockRunning` lists only cases with a stage (open and not parked), whatever the states say.
    @Test(arguments: StoreKind.allCases) func listingCasesWhoseClockRuns(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let a = try await store.createCase(ContractCity.draft(grid: 0))
        let b = try await store.createCase(ContractCity.draft(grid: 1))
        _ = try await store.transition(caseID: a.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .dispatched, action: .dispatch) { $0.stage = "disposal" }
        }
        _ = try await store.transition(caseID: b.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .dispatched, action: .dispatch) { $0.stage = nil }
        }
        var running = CaseQuery(states: [.dispatched])
        running.clockRunning = true
        #expect(try await store.cases(running).cases.map(\.id) == [a.id])
        running.clockRunning = false
        #expect(try await store.cases(running).cases.map(\.id) == [b.id, a.id])
        // `stepped`: only cases past their report (version above 1).
        let fresh = try await store.createCase(ContractCity.draft(grid: 2, clock: true))
        var stepped = CaseQuery()
        stepped.stepped = true
        #expect(try await store.cases(stepped).cases.map(\.id) == [b.id, a.id])
        #expect(try await store.cases(CaseQuery()).cases.map(\.id) == [fresh.id, b.id, a.id])
    }

    @Test(arguments: StoreKind.allCases) func casesByIdAreInIdOrderEachOnce(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        for grid in 0..<3 { _ = try await store.createCase(ContractCity.draft(grid: grid)) }
        #expect(try await store.cases(ids: [3, 1, 42, 3]).map(\.id) == [1, 3])
        #expect(try await store.cases(ids: []).isEmpty)
    }
}
