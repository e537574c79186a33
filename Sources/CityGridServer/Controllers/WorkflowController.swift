import CityGridCore
import CityGridService
import CityGridStore
import Foundation
import Hummingbird

/// `/api/v1`: the workflow definition, notifications, merged duplicates and evidence uploads.
struct WorkflowController<Context: RequestContext> {
    let service: CityService

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("workflow", use: workflow)
        group.get("me/notifications", use: notifications)
        group.get("cases/:id/duplicates", use: duplicates)
        group.post("media", use: upload)
        group.get("media/:id", use: download)
    }

    /// The definition the city runs, in its file format.
    @Sendable func workflow(_ request: Request, context: Context) async throws -> Response {
        JSONIO.text(service.workflowJSON, contentType: "application/json; charset=utf-8")
    }

    struct NotificationDTO: Encodable {
        var id: Int64
        var case_id: Int64
        var message: LocalizedText
        var at: Date
    }

    @Sendable func notifications(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let limit = try RequestInput.int(request, "limit", default: 50, range: 1...500)
        let list = try await service.store.notifications(userID: user.id, limit: limit)
        return try JSONIO.response(list.map { NotificationDTO(id: $0.id, case_id: $0.caseID, message: $0.message, at: $0.at) })
    }

    /// The reports merged into a case as duplicates.
    @Sendable func duplicates(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        try Authentication.require(.caseDuplicates, user)
        let id = try RequestInput.caseID(context)
        let value = try await service.caseByID(id)
        guard Authentication.mayRead(value, user) else { throw DomainError.notFound("case", String(id), field: "id") }
        guard AccessPolicy.standard.permits(Caller(user: user), .caseDuplicates, on: .caseRecord(value)) else {
            throw DomainError(.forbidden, code: "permission_denied", zh: "您的角色不能查看此案件合并的重复上报", en: "None of your roles may see the reports merged into this case")
        }
        let children = try await service.store.mergedChildren(of: id)
        return try JSONIO.response(children.map { CaseDTO($0, service: service) })
    }

    struct MediaDTO: Encodable {
        var id: String
        /// Use this in a step's `attachments`.
        var attachment: String
        var url: String
        /// The type recognised from the bytes, and the stored size (after metadata was removed).
        var content_type: String
        var size: Int
    }

    /// Uploads a photo or document: the raw bytes as the body, at most 10 MB. The type is recognised
    /// from the bytes (the Content-Type header is ignored) and the metadata removed; the work is
    /// ``MediaLibrary``'s.
    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let library = try Self.library(service)
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: 10 << 20) } catch {
            throw DomainError(.invalid, code: "body_too_large", field: "body", zh: "文件超过10MB", en: "The file is larger than 10 MB")
        }
        let info = try await library.upload(Array(buffer.readableBytesView), by: Actor(user))
        return try JSONIO.response(MediaDTO(id: info.id, attachment: "media:\(info.id)", url: "/api/v1/media/\(info.id)",
                                            content_type: info.type.mimeType, size: info.size), status: .created)
    }

    /// Streams an upload to its uploader or to whoever may read the case it is linked to; anyone
    /// else gets 404, as for a case.
    @Sendable func download(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let library = try Self.library(service)
        let info = try await library.readable(id: context.parameters.get("id") ?? "", by: Actor(user)) { Authentication.mayRead($0, user) }
        let body = try await FileIO().loadFile(path: library.path(of: info), context: context)
        return Response(status: .ok, headers: [
            .contentType: info.type.mimeType,
            .xContentTypeOptions: "nosniff",
            .contentDisposition: "\(info.type.displaysInline ? "inline" : "attachment"); filename=\"\(info.fileName)\"",
            .cacheControl: "private",
        ], body: body)
    }

    static func library(_ service: CityService) throws -> MediaLibrary {
        guard let library = service.media else {
            throw DomainError(.notFound, code: "no_media_store", zh: "本服务未配置附件存储", en: "This server keeps no media")
        }
        return library
    }
}
