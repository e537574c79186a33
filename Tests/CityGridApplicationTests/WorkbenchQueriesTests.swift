import CityGridApplication
import CityGridCore
import CityGridGeometry
import CityGridService
import Foundation
import Testing

/// The workbench of each role: its queues come from the workflow definition (a city's own state or
/// action makes a new queue), and each queue lists what the scoped case list lists for that state.
@Suite struct WorkbenchQueriesTests {
    static func states(_ roles: [Role], in definition: WorkflowDefinition = .standard) -> [String] {
        definition.workQueues(for: roles).map(\.state.rawValue)
    }

    @Test func theStandardWorkflowGivesEachRoleItsQueues() {
        #expect(Self.states([.intakeOperator]) == ["reported", "verifying", "accepted"])
        #expect(Self.states([.shiftLeader]) == ["reported", "verifying", "accepted", "checked", "self_handled"])
        #expect(Self.states([.dispatcher]) == ["filed", "extension_requested", "return_requested", "suspension_requested", "suspended"])
        #expect(Self.states([.departmentHandler]) == ["dispatched"])
        #expect(Self.states([.inspector]) == ["reported", "verifying", "disposed"])
        #expect(Self.states([.leader]) == ["invalidation_requested"])
        // No queue from the clock's, the `*open` or the staying actions: none for these roles.
        #expect(Self.states([.analyst]).isEmpty && Self.states([.citizen]).isEmpty && Self.states([.system]).isEmpty)
        // Several roles: the union, in the file's order of states.
        #expect(Self.states([.departmentHandler, .intakeOperator]) == ["reported", "verifying", "accepted", "dispatched"])
        // A queue names the roles' actions that move a case out of its state.
        let extension_ = WorkflowDefinition.standard.workQueues(for: [.dispatcher]).first { $0.state == "extension_requested" }
        #expect(extension_?.actions.map(\.rawValue) == ["approve_extension", "refuse_extension"])
        #expect(extension_?.label.zh == "延期待审批")
        // The supervising roles get the overdue cases.
        let standard = WorkflowDefinition.standard
        #expect(standard.supervises([.leader]) && standard.supervises([.shiftLeader]) && standard.supervises([.dispatcher]))
        #expect(!standard.supervises([.intakeOperator]) && !standard.supervises([.departmentHandler]) && !standard.supervises([.system]))
    }

    /// The standard workflow with a triage step a city added: intake operators triage a report, and
    /// shift leaders release it to filing.
    static let triageJSON: String = {
        var json = WorkflowDefinition.standardJSON
        let state = #"{"name": "accepted", "label_zh": "待立案", "label_en": "Accepted", "stage": "filing"},"#
        precondition(json.contains(state))
        json = json.replacingOccurrences(of: state, with: state + "\n" +
            #"{"name": "triaged", "label_zh": "已分拣", "label_en": "Triaged", "stage": "intake"},"#)
        let action = #"{"name": "accept", "#
        precondition(json.contains(action))
        json = json.replacingOccurrences(of: action, with:
            #"{"name": "triage", "label_zh": "分拣", "label_en": "Triage", "from": ["reported"], "to": "triaged", "roles": ["intake_operator"], "scope": "jurisdiction", "guards": [], "effects": []},"# + "\n" +
            #"{"name": "release", "label_zh": "放行立案", "label_en": "Release to filing", "from": ["triaged"], "to": "accepted", "roles": ["shift_leader"], "scope": "jurisdiction", "guards": [], "effects": []},"# + "\n" +
            action)
        return json
    }()

    @Test func aCitysOwnStateAndActionMakeANewQueue() throws {
        let (definition, _) = try WorkflowDefinitionFile.decode(json: Data(Self.triageJSON.utf8))
        #expect(Self.states([.shiftLeader], in: definition) == ["reported", "verifying", "accepted", "triaged", "checked", "self_handled"])
        #expect(definition.workQueues(for: [.shiftLeader]).first { $0.state == "triaged" }?.label.en == "Triaged")
        // The intake operator's reported queue now also offers the triage.
        #expect(definition.workQueues(for: [.intakeOperator]).first?.actions.contains("triage") == true)
        #expect(Self.states([.intakeOperator], in: definition) == Self.states([.intakeOperator]))
    }

    @Test func aRunningCityTakesUpTheNewQueueAndListsItsCases() async throws {
        let f = try await ApplicationFixture()
        let running = Task { try await f.follower.run() }
        defer { running.cancel() }
        let (definition, _) = try WorkflowDefinitionFile.decode(json: Data(Self.triageJSON.utf8))
        try await f.other.replaceWorkflow(json: Self.triageJSON, states: Set(definition.states.keys))
        #expect(try await LiveConfigurationTests.eventually(within: 5) { f.application.city.workflow.states["triaged"] != nil })
        let grid = f.application.city.grids[0]
        let intake = f.caller("intake1"), leader = f.caller("shiftleader1")
        let created = try await f.application.report(ReportRequest(category: "E0102", location: grid.boundary.representativePoint, description: "分拣"), by: intake)
        _ = try await f.application.act(on: created.value.id, StepRequest(action: "triage"), by: intake)
        let bench = try await f.application.workbench(for: leader)
        let triaged = try #require(bench.queues.first { $0.queue.state == "triaged" })
        #expect(triaged.items.map(\.view.value.id) == [created.value.id])
        #expect(triaged.items.first?.view.offers?.map(\.action.rawValue).contains("release") == true)
        #expect(bench.overdue != nil)
    }

    @Test func eachQueueListsWhatTheCaseListListsWithLikelyDuplicatesSideBySide() async throws {
        let f = try await ApplicationFixture()
        let app = f.application
        let intake = f.caller("intake1")
        let grid = app.city.grids[0]
        let p = grid.boundary.representativePoint
        let first = try await app.report(ReportRequest(category: "E0102", location: p, description: "垃圾堆放"), by: intake)
        let second = try await app.report(ReportRequest(category: "E0102", location: GeoPoint(lon: p.lon + 0.00005, lat: p.lat), description: "又一处垃圾"), by: intake)
        #expect(second.value.likelyDuplicateOf == first.value.id)
        let third = try await app.report(ReportRequest(category: "E0102", location: app.city.grids[5].boundary.representativePoint), by: intake)
        _ = try await app.act(on: third.value.id, StepRequest(action: "accept"), by: intake)

        let bench = try await app.workbench(for: intake)
        #expect(bench.queues.map(\.queue.state.rawValue) == ["reported", "verifying", "accepted"])
        #expect(bench.overdue == nil)
        for queue in bench.queues {
            var request = CaseListRequest()
            request.states = [queue.queue.state.rawValue]
            request.limit = CityApplication.workbenchQueueLimit
            let listed = try await app.cases(request, for: intake).cases.map(\.value.id)
            #expect(Set(queue.items.map(\.view.value.id)) == Set(listed), "\(queue.queue.state)")
        }
        let reported = try #require(bench.queues.first)
        #expect(Set(reported.items.map(\.view.value.id)) == [first.value.id, second.value.id])
        let pair = try #require(reported.items.first { $0.view.value.id == second.value.id })
        #expect(pair.likelyDuplicate?.value.id == first.value.id)
        #expect(pair.view.offers?.map(\.action.rawValue).contains("merge") == true)
        #expect(reported.items.first { $0.view.value.id == first.value.id }?.likelyDuplicate == nil)
        #expect(bench.queues[2].items.map(\.view.value.id) == [third.value.id])
        // The inspector of the place sees the report too, but may not merge it: no pair.
        let inspector = f.caller("inspector-" + grid.code.ancestor(at: .community)!.rawValue)
        let inspected = try await app.workbench(for: inspector)
        let seen = try #require(inspected.queues.first { $0.queue.state == .reported }?.items.first { $0.view.value.id == second.value.id })
        #expect(seen.likelyDuplicate == nil && seen.view.offers?.map(\.action.rawValue).contains("self_handle") == true)

        // Near a point: nearest first, with distances.
        let near = try await app.workbench(for: intake, near: app.city.grids[5].boundary.representativePoint)
        let distances = near.queues[0].items.compactMap(\.distanceMetres)
        #expect(distances.count == 2 && distances == distances.sorted())
        #expect((near.queues[2].items.first?.distanceMetres ?? 1) < 1)

        // A citizen holds no queue (their actions stay on the case page).
        let citizen = f.caller(role: .citizen)
        let citizenBench = try await app.workbench(for: citizen)
        #expect(citizenBench.queues.isEmpty && citizenBench.overdue == nil)
        // A handler sees only their body's dispatched cases: none yet.
        let handler = f.caller(role: .departmentHandler)
        #expect(try await app.workbench(for: handler).queues.map { $0.items.count } == [0])
    }
}
