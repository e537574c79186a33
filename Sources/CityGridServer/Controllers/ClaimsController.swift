import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Hummingbird

/// Claims over JSON (认领): the pool of tasks the caller's NGO or volunteer team may claim, and the
/// claim. What a task shows is the public view (no reporter, no contact).
struct ClaimsController {
    let application: CityApplication

    func addRoutes(to group: RouterGroup<CityRequestContext>) {
        group.get("claims", use: pool)
        group.post("cases/:id/claim", use: claim)
    }

    /// One task of the pool.
    struct TaskDTO: Encodable {
        struct Place: Encodable { var lon: Double; var lat: Double }
        var id: Int64
        var number: String
        var category: String
        var category_name: LocalizedText
        var grid_code: String
        var community: LocalizedText
        var place: Place
        var reported_at: String
        var due_at: String?

        init(_ view: PublicCaseView) {
            id = view.id.rawValue
            number = view.number
            category = view.category.rawValue
            category_name = view.categoryName
            grid_code = view.grid.rawValue
            community = view.community.name
            place = Place(lon: (view.place.lon * 1e6).rounded() / 1e6, lat: (view.place.lat * 1e6).rounded() / 1e6)
            reported_at = ISOTime.format(view.requestedAt)
            due_at = view.expectedAt.map(ISOTime.format)
        }
    }

    struct PoolDTO: Encodable { var tasks: [TaskDTO] }

    /// `GET /claims?limit=`: the tasks the caller's organisation may claim, newest first.
    @Sendable func pool(_ request: Request, context: CityRequestContext) async throws -> Response {
        let limit = try RequestInput.int(request, "limit", default: 50, range: 1...200)
        return try JSONIO.response(PoolDTO(tasks: try await application.claimableTasks(for: context.caller, limit: limit).map(TaskDTO.init)))
    }

    /// `POST /cases/{id}/claim`: claims the task for the caller's organisation; the case as the caller now sees it.
    @Sendable func claim(_ request: Request, context: CityRequestContext) async throws -> Response {
        JSONIO.response(CaseDTO(try await application.claim(try RequestInput.caseID(context), by: context.caller)))
    }
}
