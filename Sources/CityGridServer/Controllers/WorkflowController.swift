import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird

/// `/api/v1`: the workflow definition, notifications, merged duplicates and evidence uploads.
struct WorkflowController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("workflow", use: workflow)
        group.get("me/notifications", use: notifications)
        group.get("cases/:id/duplicates", use: duplicates)
        group.post("media", use: upload)
        group.get("media/:id", use: download)
    }

    /// The definition the city runs, in its file format.
    @Sendable func workflow(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.text(application.workflowJSON, contentType: "application/json; charset=utf-8")
    }

    struct NotificationDTO: Encodable {
        var id: Int64
        var case_id: Int64
        var message: LocalizedText
        var at: Date
    }

    @Sendable func notifications(_ request: Request, context: CityRequestContext) async throws -> Response {
        let limit = try RequestInput.int(request, "limit", default: 50, range: 1...500)
        let list = try await application.notifications(for: context.caller, limit: limit)
        return try JSONIO.response(list.map { NotificationDTO(id: $0.id, case_id: $0.caseID.rawValue, message: $0.message, at: $0.at) })
    }

    /// The reports merged into a case as duplicates.
    @Sendable func duplicates(_ request: Request, context: CityRequestContext) async throws -> Response {
        try JSONIO.response(try await application.duplicates(ofCase: try RequestInput.caseID(context), for: context.caller).map { CaseDTO($0) })
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
    /// from the bytes (the Content-Type header is ignored) and the metadata removed.
    @Sendable func upload(_ request: Request, context: CityRequestContext) async throws -> Response {
        let buffer = try await RequestInput.body(of: request, limit: BodyLimit.media)
        let info = try await application.upload(Array(buffer.readableBytesView), by: context.caller)
        return try JSONIO.response(MediaDTO(id: info.id, attachment: "media:\(info.id)", url: "/api/v1/media/\(info.id)",
                                            content_type: info.type.mimeType, size: info.size), status: .created)
    }

    /// Streams an upload to its uploader or to whoever may read the case it is linked to; anyone
    /// else gets 404, as for a case.
    @Sendable func download(_ request: Request, context: CityRequestContext) async throws -> Response {
        let media = try await application.download(context.parameters.get("id") ?? "", for: context.caller)
        let body = try await FileIO().loadFile(path: media.path, context: context)
        return Response(status: .ok, headers: [
            .contentType: media.info.type.mimeType,
            .xContentTypeOptions: "nosniff",
            .contentDisposition: "\(media.info.type.displaysInline ? "inline" : "attachment"); filename=\"\(media.info.fileName)\"",
            .cacheControl: "private",
        ], body: body)
    }
}
