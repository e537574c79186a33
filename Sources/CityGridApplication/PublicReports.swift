import CityGridCore
import CityGridGeometry
import CityGridService
import Foundation

/// A report from the public (公众上报): through the citizen portal (anonymous or signed in) or an
/// outside client holding an API key (Open311, a hotline system).
public struct PublicReportRequest: Sendable {
    public var category: String?
    public var location: GeoPoint?
    public var description: String
    /// Answers to the category's questions, by question code.
    public var answers: [String: [String]]
    /// The reporter's contact, kept for the return visit only.
    public var contact: ReporterContact?
    public var deviceID: String?
    /// The client's key for this request: a retry with the same key answers the same case.
    public var requestKey: String?
    /// Photos (`media:` references to a signed-in citizen's own uploads), on the report event.
    public var attachments: [String] = []
    /// Photos sent with the report itself (a portal report, an Open311 `media` upload): stored as
    /// the reporter's (``MediaUploader``) and put on the report event with the attachments.
    public var photos: [[UInt8]] = []
    /// The most photos one report may bring.
    public static let maxPhotos = 5

    public init(category: String?, location: GeoPoint?, description: String, answers: [String: [String]] = [:], contact: ReporterContact? = nil,
                deviceID: String? = nil, requestKey: String? = nil) {
        self.category = category
        self.location = location
        self.description = description
        self.answers = answers
        self.contact = contact
        self.deviceID = deviceID
        self.requestKey = requestKey
    }
}

/// Who sends a public report: the portal for a member of the public, or an outside client.
public enum PublicReporter: Sendable {
    /// The citizen portal: `caller` is anonymous or a signed-in citizen.
    case portal(Caller)
    /// An outside client authenticated by its API key.
    case client(ApiKey)
}

extension CityApplication {
    /// Takes in a report from the public: checked as every report is (category, place in the city,
    /// description), the category's questions answered as they ask, the contact and keys checked,
    /// then written through the ordinary intake on the channel of who sends it (`citizen_app` for the
    /// portal, the API key's channel for a client). A retry with the same client and request key
    /// answers the case the first made. A burst from one device or account is held for review.
    public func reportFromPublic(_ request: PublicReportRequest, from reporter: PublicReporter, at now: Date = Date()) async throws -> PublicCaseView {
        let current = self.current
        guard let categoryText = request.category, !categoryText.isEmpty else {
            throw DomainError.invalidField("service_code", zh: "缺少类别代码", en: "service_code (the category) is required")
        }
        guard let category = CategoryCode(categoryText), let entry = current.city.catalogue[category] else {
            throw DomainError(.invalid, code: "unknown_category", field: "service_code", zh: "目录中没有类别 \(categoryText)",
                              en: "The catalogue has no category \(categoryText)")
        }
        guard let location = request.location else {
            throw DomainError.invalidField("location", zh: "缺少位置（经纬度）", en: "A location (lat and long) is required")
        }
        for question in entry.questions { try question.check(request.answers[question.code] ?? []) }
        if let unknown = request.answers.keys.sorted().first(where: { code in !entry.questions.contains { $0.code == code } }) {
            throw DomainError.invalidField("attribute[\(unknown)]", zh: "类别 \(category) 没有问题 \(unknown)", en: "\(category) asks no question \(unknown)")
        }
        guard request.attachments.count + request.photos.count <= PublicReportRequest.maxPhotos else {
            throw DomainError.invalidField("media", zh: "每次上报最多附\(PublicReportRequest.maxPhotos)张照片",
                                           en: "A report brings at most \(PublicReportRequest.maxPhotos) photos")
        }
        let actor: Actor
        let source: CaseSource
        let uploader: MediaUploader
        var origin = ReportOrigin(requestKey: request.requestKey, deviceID: request.deviceID,
                                  contact: request.contact.flatMap { $0.isEmpty ? nil : $0 })
        var burstKey: String?
        switch reporter {
        case .portal(let caller):
            origin.client = "portal"
            if let user = caller.user {
                guard let grant = user.grants.first(where: { $0.role == .citizen }) else {
                    throw DomainError(.forbidden, code: "not_a_citizen", zh: "市民门户只接受市民上报", en: "The citizen portal takes reports from citizens")
                }
                actor = user.actor(in: grant)
                uploader = .user(user.id)
                burstKey = "user:\(user.id.rawValue)"
            } else {
                actor = Actor(.anonymous, role: .citizen)
                uploader = .anonymousPublic
                burstKey = request.deviceID.map { "device:\($0)" }
            }
            source = .citizenApp
        case .client(let key):
            origin.client = key.name
            actor = Actor(.anonymous, role: .citizen)
            uploader = .client(key.id)
            source = key.channel
            burstKey = request.deviceID.map { "\(key.name):device:\($0)" } ?? request.contact?.accountID.map { "\(key.name):account:\($0)" }
        }
        if let burstKey, burstWatch.isBurst(burstKey, at: now) {
            origin.heldReason = "burst"
        }
        var answers = ""
        for question in entry.questions {
            guard let values = request.answers[question.code], !values.isEmpty else { continue }
            let shown = values.map { value in question.choices.first { $0.key == value }?.name.zh ?? value }
            answers += "\n\(question.label.zh) \(shown.joined(separator: "、"))"
        }
        var report = CaseReport(category: category, location: location, description: request.description + answers, source: source, origin: origin)
        report.attachments = request.attachments
        // The photos that came with it, stored (and checked: a photo or a PDF, under the quota)
        // only once the rest of the report has passed its checks.
        var arrived: Set<String> = []
        if !request.photos.isEmpty {
            _ = try current.service.intake.draft(report, by: actor, at: now)
            let library = try library()
            for photo in request.photos {
                let info: MediaInfo
                do { info = try await library.upload(photo, as: uploader, at: now) } catch var error as DomainError where error.field == "body" {
                    error.field = "media"
                    throw error
                }
                report.attachments.append(MediaReference.prefix + info.id)
                arrived.insert(info.id)
            }
        }
        let created = try await current.service.report(report, by: actor, at: now, arrivedWith: arrived)
        // A new case has one event, its report: the view is made without reading it back. A retry
        // with a request key may answer an older case that moved on since: its log is read.
        guard created.version > 1 || request.requestKey != nil else {
            let report = CaseEvent(caseID: created.id, sequence: 1, actorID: nil, role: actor.role, action: .report, at: created.reportedAt,
                                   fromState: nil, toState: created.state, note: "")
            return publicView(created, events: [report], in: current)
        }
        return publicView(created, events: try await store.events(caseID: created.id), in: current)
    }
}

extension CityApplication {
    /// An update from the public on a case (FixMyStreet's service request update), through an outside
    /// client: recorded as the workflow's ``WorkflowAction/publicUpdate`` step, its text for staff
    /// only (the public timeline says an update came, not what it says). `status` is the client's
    /// (`open`: the reporter says it is not fixed), written at the head of the note for staff.
    /// Returns the update's id (case id and the step's version) and the case as the public sees it.
    public func publicUpdate(on id: CaseID, text: String, status: String?, from client: ApiKey, at now: Date = Date()) async throws
        -> (updateID: String, view: PublicCaseView) {
        let current = self.current
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw DomainError.invalidField("description", zh: "缺少更新内容", en: "description is required") }
        var note = trimmed
        if let status {
            guard ["open", "closed"].contains(status.lowercased()) else {
                throw DomainError.invalidField("status", zh: "状态须为 OPEN 或 CLOSED", en: "status must be OPEN or CLOSED")
            }
            note = "[\(client.name) · \(status.uppercased())] " + trimmed
        } else {
            note = "[\(client.name)] " + trimmed
        }
        let result = try await current.service.act(caseID: id, command: WorkflowCommand(.publicUpdate, note: note),
                                                   by: Actor(.anonymous, role: .citizen), at: now)
        let events = try await store.events(caseID: id)
        return ("\(id.rawValue)-\(result.value.version)", publicView(result.value, events: events, in: current))
    }
}
