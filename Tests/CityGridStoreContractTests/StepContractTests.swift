import CityGridCore
import CityGridStore
import Foundation
import Testing

/// ``CaseStore/transition(caseID:expectedVersion:_:)``: version checks, atomicity, follow-ups.
@Suite struct StepContractTests {
    @Test(arguments: StoreKind.allCases) func aStepWritesTheCaseItsEventAndItsLogEntry(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft())
        let result = try await store.transition(caseID: created.id, expectedVersion: 1) { ContractCity.advance($0, to: .accepted) }
        #expect(result.value.state == .accepted && result.value.version == 2 && result.spawned.isEmpty)
        let read = try #require(try await store.caseByID(created.id))
        #expect(read.state == .accepted && read.version == 2)
        #expect(try await store.events(caseID: created.id).map(\.sequence) == [1, 2])
        #expect(try await store.events(caseID: created.id).map(\.action) == [.report, .accept])
        let entry = try #require(try await store.changes(after: 2, limit: 10).first)
        #expect(entry.kind == .caseStepped && entry.caseID == created.id && entry.caseVersion == 2)
        // Without an expected version the step runs on the stored one.
        let again = try await store.transition(caseID: created.id, expectedVersion: nil) { ContractCity.advance($0, to: .filed, action: .file) }
        #expect(again.value.version == 3)
    }

    @Test(arguments: StoreKind.allCases) func aStaleVersionIsAConflictAndRunsNothing(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft())
        let sequence = try await store.lastChangeSequence()
        await expectDomainError(.conflict, "version_conflict", field: "expected_version") {
            _ = try await store.transition(caseID: created.id, expectedVersion: 7) { current in
                Issue.record("the step must not run on a stale version")
                return ContractCity.advance(current, to: .accepted)
            }
        }
        await expectDomainError(.notFound, "not_found", field: "id") {
            _ = try await store.transition(caseID: 404, expectedVersion: nil) { ContractCity.advance($0, to: .accepted) }
        }
        #expect(try await store.caseByID(created.id)?.version == 1)
        #expect(try await store.events(caseID: created.id).count == 1)
        #expect(try await store.lastChangeSequence() == sequence)
    }

    @Test(arguments: StoreKind.allCases) func aRefusedStepWritesNothing(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft())
        let sequence = try await store.lastChangeSequence()
        await expectDomainError(.conflict, "invalid_transition") {
            _ = try await store.transition(caseID: created.id, expectedVersion: 1) { _ throws(DomainError) in
                throw DomainError(.conflict, code: "invalid_transition", zh: "不可", en: "No")
            }
        }
        #expect(try await store.caseByID(created.id)?.version == 1)
        #expect(try await store.lastChangeSequence() == sequence)
    }

    @Test(arguments: StoreKind.allCases) func ofConcurrentStepsOnOneVersionExactlyOneWins(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft())
        let wins = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    (try? await store.transition(caseID: created.id, expectedVersion: 1) { ContractCity.advance($0, to: .accepted) }) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await store.caseByID(created.id)?.version == 2)
        #expect(try await store.events(caseID: created.id).count == 2)
    }

    @Test(arguments: StoreKind.allCases) func followUpsAreWrittenWithTheStep(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft(reporter: 5))
        var draft = ContractCity.draft(grid: 1, reporter: 5)
        draft.value.reopenedFromID = created.id
        let reopening = draft
        let message = LocalizedText(zh: "已结案", en: "Closed")
        let result = try await store.transition(caseID: created.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .closed, action: .close,
                                 followUps: [.notifyReporter(caseID: current.id, reporterID: 5, message: message), .spawn(reopening),
                                             .notifyReporter(caseID: current.id, reporterID: 6, message: message)])
        }
        #expect(result.spawned.map(\.id) == [2])
        #expect(result.spawned.first?.number == "E010220261129000002")
        #expect(try await store.caseByID(2)?.reopenedFromID == created.id)
        let notices = try await store.notifications(userID: 5, limit: 10)
        #expect(notices.map(\.caseID) == [created.id] && notices.first?.message == message)
        #expect(notices.first?.at == ContractCity.stored(ContractCity.t0.addingTimeInterval(60)))
        #expect(try await store.notifications(userID: 6, limit: 10).count == 1)
        // Notices are numbered in order: the second is newer.
        #expect(try await store.notifications(userID: 6, limit: 10).first!.id > notices.first!.id)
        // The spawned case is logged before the step that made it.
        #expect(try await store.changes(after: 2, limit: 10).map(\.kind) == [.caseReported, .caseStepped])
    }

    @Test(arguments: StoreKind.allCases) func aFailedFollowUpUndoesTheWholeStep(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let created = try await store.createCase(ContractCity.draft(reporter: 5))
        let sequence = try await store.lastChangeSequence()
        let message = LocalizedText(zh: "通知", en: "Notice")
        await expectDomainError(.invalid, "invalid_field", field: "parent_case_id") {
            _ = try await store.transition(caseID: created.id, expectedVersion: 1) { current in
                ContractCity.advance(current, to: .merged, action: .merge,
                                     followUps: [.notifyReporter(caseID: current.id, reporterID: 5, message: message), .spawn(ContractCity.draft(grid: 1)),
                                                 .requireOpenParent(404, child: current.id, category: current.category, openStates: [.reported],
                                                                    jurisdiction: nil)])
            }
        }
        #expect(try await store.caseCount() == 1)
        #expect(try await store.caseByID(created.id)?.version == 1)
        #expect(try await store.notifications(userID: 5, limit: 10).isEmpty)
        #expect(try await store.lastChangeSequence() == sequence)
        #expect(try await store.createCase(ContractCity.draft()).number == "E010220261129000002")
    }

    @Test(arguments: StoreKind.allCases) func mergingChecksTheParentAndTellsTheMergedReporters(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let parent = try await store.createCase(ContractCity.draft())
        let child = try await store.createCase(ContractCity.draft(grid: 1, reporter: 8))
        let anonymous = try await store.createCase(ContractCity.draft(grid: 2))
        for id in [child.id, anonymous.id] {
            _ = try await store.transition(caseID: id, expectedVersion: 1) { current in
                ContractCity.advance(current, to: .merged, action: .merge,
                                     followUps: [.requireOpenParent(parent.id, child: current.id, category: current.category, openStates: [.reported],
                                                                    jurisdiction: nil)]) { $0.parentCaseID = parent.id; $0.stateBeforeMerge = .reported }
            }
        }
        #expect(try await store.mergedChildren(of: parent.id).map(\.id) == [child.id, anonymous.id])
        // A case with merged reports cannot itself be merged; a merged case is no parent.
        let other = try await store.createCase(ContractCity.draft(grid: 3))
        await expectDomainError(.conflict, "has_duplicates", field: "action") {
            _ = try await store.transition(caseID: parent.id, expectedVersion: 1) { current in
                ContractCity.advance(current, to: .merged, action: .merge,
                                     followUps: [.requireOpenParent(other.id, child: current.id, category: current.category, openStates: [.reported],
                                                                    jurisdiction: nil)])
            }
        }
        await expectDomainError(.conflict, "parent_not_open", field: "parent_case_id") {
            _ = try await store.transition(caseID: other.id, expectedVersion: 1) { current in
                ContractCity.advance(current, to: .merged, action: .merge,
                                     followUps: [.requireOpenParent(child.id, child: current.id, category: current.category, openStates: [.merged],
                                                                    jurisdiction: nil)])
            }
        }
        let message = LocalizedText(zh: "已结案", en: "Closed")
        _ = try await store.transition(caseID: parent.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: .closed, action: .close, followUps: [.notifyMergedReporters(caseID: current.id, message: message)])
        }
        #expect(try await store.notifications(userID: 8, limit: 10).map(\.caseID) == [child.id])
        #expect(try await store.notifications(userID: 0, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func escalationsReachTheLeadersOfTheRegion(_ kind: StoreKind) async throws {
        let open = try await ContractCity.open(kind)
        let store = open.store
        let region = try #require(ContractCity.city.regions.first { $0.level == .district }?.code)
        let leader = try await store.addUser(NewUser(username: "contract-leader", displayName: "领导", role: .leader, jurisdiction: region))
        let inspector = try await store.addUser(NewUser(username: "contract-inspector", displayName: "监督员", role: .inspector, jurisdiction: region))
        let created = try await store.createCase(ContractCity.draft())
        _ = try await store.transition(caseID: created.id, expectedVersion: 1) { current in
            ContractCity.advance(current, to: current.state, action: .escalate,
                                 followUps: [.notifyLeaders(caseID: current.id, region: region, message: LocalizedText(zh: "升级", en: "Escalated"))])
        }
        #expect(try await store.notifications(userID: leader.id, limit: 10).map(\.caseID) == [created.id])
        #expect(try await store.notifications(userID: inspector.id, limit: 10).isEmpty)
        #expect(try await store.notifications(userID: leader.id, limit: 0).isEmpty)
    }
}
