import CityGridApplication
import CityGridCore
import Hummingbird

/// The photos bodies publish with their public replies (公开照片), at `/public/media/{id}`: what the
/// portal, Open311's `media_url` and open data link to. Anything not published is 404.
struct PublicMediaController {
    let application: CityApplication

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("public/media/{id}") { _, context -> Response in
            let media = try await application.publishedMedia(context.parameters.get("id") ?? "")
            let body = try await FileIO().loadFile(path: media.path, context: context)
            return Response(status: .ok, headers: [
                .contentType: media.info.type.mimeType,
                .xContentTypeOptions: "nosniff",
                .contentDisposition: "inline; filename=\"\(media.info.fileName)\"",
                .cacheControl: "public, max-age=86400",
            ], body: body)
        }
    }
}
