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
        guard user.role.isStaff else {
            throw DomainError(.forbidden, code: "role_not_allowed", zh: "仅工作人员可查看合并的重复上报", en: "Only staff see the reports merged into a case")
        }
        let id = try RequestInput.caseID(context)
        let value = try await service.caseByID(id)
        guard Authentication.mayRead(value, user) else { throw DomainError.notFound("case", String(id), field: "id") }
        let children = try await service.store.mergedChildren(of: id)
        return try JSONIO.response(children.map { CaseDTO($0, service: service) })
    }

    struct MediaDTO: Encodable {
        var id: String
        /// Use this in a step's `attachments`.
        var attachment: String
        var url: String
    }

    static var mediaTypes: Set<String> { ["image/jpeg", "image/png", "image/webp", "application/pdf"] }

    /// Uploads a photo or document (the raw bytes as the body, with its Content-Type, at most 10 MB).
    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let user = try await Authentication.user(request, service: service)
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard Self.mediaTypes.contains(type) else {
            throw DomainError.invalidField("Content-Type", zh: "只接受 JPEG、PNG、WebP 图片或 PDF", en: "Upload a JPEG, PNG or WebP image or a PDF (Content-Type)")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: 10 << 20) } catch {
            throw DomainError(.invalid, code: "body_too_large", field: "body", zh: "文件超过10MB", en: "The file is larger than 10 MB")
        }
        guard buffer.readableBytes > 0 else { throw DomainError.invalidField("body", zh: "文件为空", en: "The file is empty") }
        let id = try await service.store.addMedia(contentType: type, bytes: Array(buffer.readableBytesView), uploadedBy: user.id, at: Date())
        return try JSONIO.response(MediaDTO(id: id, attachment: "media:\(id)", url: "/api/v1/media/\(id)"), status: .created)
    }

    @Sendable func download(_ request: Request, context: Context) async throws -> Response {
        _ = try await Authentication.user(request, service: service)
        guard let id = context.parameters.get("id"), id.count <= 64, let media = try await service.store.media(id: id) else {
            throw DomainError.notFound("media", context.parameters.get("id") ?? "", field: "id")
        }
        return Response(status: .ok, headers: [.contentType: media.contentType], body: .init(byteBuffer: ByteBuffer(bytes: media.bytes)))
    }
}
