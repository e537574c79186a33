import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation

/// The use cases of CityGrid over any ``CityStore``: intake, workflow steps, look-ups and
/// authentication. It holds the city's static model in memory (the grids' spatial index above all)
/// and sends every write to the store. The server and the command line both go through it.
public final class CityService: Sendable {
    public let store: any CityStore
    public let city: CityModel
    public let geocoder: Geocoder
    public let machine: WorkflowMachine
    public let intake: CaseIntake
    public let regions: [RegionCode: Region]
    public let gridIndex: [RegionCode: Int]
    private let workflowFileJSON: String
    /// Every durable write of a case, for listeners such as ``LiveFacts``.
    public let changes: CaseChanges
    /// Callers recently authenticated, by token hash (see ``CallerCache``).
    public let callers: CallerCache
    /// Uploaded evidence; `nil` for a service without a media library (the simulator's), whose
    /// steps' `media:` attachments are then not checked.
    public let media: MediaLibrary?
    /// Outside clients' keys recently checked.
    public let apiKeyCache: ApiKeyCache

    /// `changes` and `callers`, when given, are shared with the service of an earlier configuration
    /// (a new version of the city taken up while running keeps its listeners and its signed-in callers).
    public init(store: any CityStore, city: CityModel, media: MediaLibrary? = nil,
                changes: CaseChanges = CaseChanges(), callers: CallerCache = CallerCache(), apiKeyCache: ApiKeyCache = ApiKeyCache()) {
        self.apiKeyCache = apiKeyCache
        self.store = store
        self.media = media
        self.changes = changes
        self.callers = callers
        self.city = city
        self.geocoder = Geocoder(grids: city.grids)
        self.machine = WorkflowMachine(environment: city.workflowEnvironment())
        self.intake = CaseIntake(geocoder: geocoder, machine: machine)
        self.regions = Dictionary(city.regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.gridIndex = Dictionary(city.grids.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.workflowFileJSON = String(decoding: city.workflow.file?.encoded() ?? Data(WorkflowDefinition.standardJSON.utf8), as: UTF8.self)
    }

    /// Opens the city the store holds, with its media library (see ``MediaLibrary/open(_:options:)``).
    public static func open(_ store: any CityStore, media options: MediaOptions = MediaOptions()) async throws -> CityService {
        guard let city = try await store.loadCity() else {
            throw DomainError(.notFound, code: "no_city", zh: "数据库中还没有城市：请先运行 citygrid init",
                              en: "The database holds no city yet: run `citygrid init` first")
        }
        return CityService(store: store, city: city, media: try await MediaLibrary.open(store, options: options))
    }

    /// The same service over `city`, a newer configuration read from the same store: the same media
    /// library, change announcements and caller cache.
    public func taking(_ city: CityModel) -> CityService {
        CityService(store: store, city: city, media: media, changes: changes, callers: callers, apiKeyCache: apiKeyCache)
    }

    /// Takes a report in: geocodes, classifies, numbers and stores it; returns the new case once durable.
    ///
    /// Its `media:` attachments are the reporter's own uploads, or `arrivedWith` it: uploads made for
    /// this report in the same command (the public's photos, ``MediaUploader``), which nobody else
    /// can name. They are linked to the case once it is durable. A retry that answers an earlier
    /// case (same client and request key) links only what that case's report named.
    public func report(_ report: CaseReport, by actor: Actor, at: Date = Date(), arrivedWith: Set<String> = []) async throws -> Case {
        let mediaIDs = MediaReference.ids(in: report.attachments)
        if !mediaIDs.isEmpty {
            guard let media else { throw DomainError(.notFound, code: "no_media_store", zh: "本服务未配置附件存储", en: "This server keeps no media") }
            let named = report.attachments.filter { MediaReference.id(of: $0).map { !arrivedWith.contains($0) } ?? true }
            try await media.validateAttachments(named, for: actor, mayReadCase: { _ in false })
        }
        var draft = try intake.draft(report, by: actor, at: at)
        let definition = city.workflow
        if definition.duplicateRadiusMetres > 0 {
            draft.duplicateCheck = CaseDraft.DuplicateCheck(radiusMetres: definition.duplicateRadiusMetres,
                                                            since: draft.value.reportedAt.addingTimeInterval(-definition.duplicateWindowHours * 3600))
        }
        if let id = report.componentID {
            guard let component = try await store.component(id: id) else {
                throw DomainError.invalidField("component_id", zh: "没有编号为 \(id) 的部件", en: "No registered component \(id)")
            }
            guard component.category == report.category else {
                throw DomainError.invalidField("component_id", zh: "部件 \(id) 属于 \(component.category)，与类别 \(report.category) 不符",
                                               en: "Component \(id) is a \(component.category), not a \(report.category)")
            }
        }
        let created = try await store.createCase(draft)
        changes.publish([created])
        if let media, !mediaIDs.isEmpty {
            var linked = mediaIDs
            if report.origin?.requestKey != nil, let first = try await store.events(caseID: created.id).first {
                linked = MediaReference.ids(in: first.attachments).filter(Set(mediaIDs).contains)
            }
            _ = try? await media.linkMedia(ids: linked, caseID: created.id)
        }
        return created
    }

    /// The workflow definition the city runs, in its file format.
    public var workflowJSON: String { workflowFileJSON }

    /// Takes one workflow step on a case. Its `media:` attachments must be uploads the actor may use
    /// (``MediaLibrary/validateAttachments(_:for:mayReadCase:)``); `mayReadCase` decides which cases
    /// the actor may read, and without it only the case acted on counts. The uploads named are linked
    /// to the case once the step is durable.
    @discardableResult
    public func act(caseID: CaseID, command: WorkflowCommand, expectedVersion: Int? = nil, by actor: Actor,
                    at: Date = Date(), mayReadCase: ((Case) -> Bool)? = nil) async throws -> StepResult {
        let mediaIDs = MediaReference.ids(in: command.attachments)
        if let media, !mediaIDs.isEmpty {
            try await media.validateAttachments(command.attachments, for: actor, mayReadCase: mayReadCase ?? { $0.id == caseID })
        }
        let machine = self.machine
        let result = try await store.transition(caseID: caseID, expectedVersion: expectedVersion) { (current: Case) throws(DomainError) in
            try machine.apply(command, to: current, by: actor, at: at)
        }
        changes.publish([result.value] + result.spawned)
        if let media, !mediaIDs.isEmpty {
            // The step is durable: a failure to link must not turn it into an error (a retry would
            // repeat the step). An unlinked upload stays readable by its uploader and is linked the
            // next time a step names it.
            _ = try? await media.linkMedia(ids: mediaIDs, caseID: caseID)
        }
        return result
    }

    /// The case, or a not-found error.
    public func caseByID(_ id: CaseID) async throws -> Case {
        guard let found = try await store.caseByID(id) else { throw DomainError.notFound("case", id.description, field: "id") }
        return found
    }

    /// The actions `actor` is offered on `value` at `at`, each with the inputs its command must carry:
    /// only those whose guards the case, the actor and the time allow (see ``WorkflowMachine/offers(on:by:at:)``).
    public func availableActions(_ value: Case, for actor: Actor, at: Date = Date()) -> [ActionOffer] {
        machine.offers(on: value, by: actor, at: at)
    }
}
