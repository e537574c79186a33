import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import Hummingbird

/// Reporting a problem from the portal (市民上报): the page (map, category picker, description,
/// photos, contact), the place and responsible body of a tapped point, the grid outlines to tap on.
extension PortalController {
    @Sendable func reportPage(_ request: Request, context: CityRequestContext) async throws -> Response {
        let language = PageLanguage.of(request)
        let signedIn = context.caller.user != nil
        let words: [String: String] = [
            "noPlace": language.text(WebText.noPlace), "body": language.text(WebText.responsibleBody), "noBody": language.text(WebText.noBody),
            "reported": language.text(WebText.reported), "draftSaved": language.text(WebText.draftSaved), "follow": language.text(WebText.follow),
            "following": language.text(WebText.following), "view": language.text(WebText.portalViewCase), "grid": language.text(WebText.grid),
            "category": language.text(WebText.category),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let values: [String: Any] = [
            "heading": language.text(WebText.reportProblem), "stepPlace": language.text(WebText.stepPlace),
            "placeMapLabel": language.text(WebText.placeMapLabel), "useMyLocation": language.text(WebText.useMyLocation),
            "noPlace": language.text(WebText.noPlace), "stepCategory": language.text(WebText.stepCategory),
            "searchCategory": language.text(WebText.searchCategory), "duplicatesTitle": language.text(WebText.duplicatesTitle),
            "duplicatesHint": language.text(WebText.duplicatesHint), "stepDetails": language.text(WebText.stepDetails),
            "descriptionLabel": language.text(WebText.description), "photosLabel": language.text(WebText.photos),
            "stepContact": language.text(WebText.stepContact),
            "anonymousHint": language.text(WebText.anonymousHint), "contactNameLabel": language.text(WebText.contactName),
            "phoneLabel": language.text(WebText.phone), "emailLabel": language.text(WebText.email),
            "signedInReport": language.text(WebText.signedInReport), "submitReport": language.text(WebText.submitReport),
            "draftWaiting": language.text(WebText.draftWaiting), "draftSend": language.text(WebText.draftSend),
            "draftDiscard": language.text(WebText.draftDiscard), "signedIn": signedIn, "signedInFlag": signedIn ? "true" : "false",
            "words": String(decoding: try encoder.encode(words), as: UTF8.self),
        ]
        return renderer.portalPage("portal-report", title: language.text(WebText.reportProblem), language: language,
                                   chrome: PortalChrome.of(request, context), values: values)
    }

    /// `GET /portal/place.json?lon=&lat=&category=`: the point's grid and regions and, for a
    /// category, routing's proposed body there (names in both languages).
    @Sendable func place(_ request: Request, context: CityRequestContext) async throws -> Response {
        let point = GeoPoint(lon: try RequestInput.double(request, "lon"), lat: try RequestInput.double(request, "lat"))
        let found = try application.reportPlace(at: point, category: RequestInput.query(request, "category"))
        struct Level: Encodable { var code: String; var name: LocalizedText }
        struct Body: Encodable { var code: String; var name: LocalizedText }
        struct Answer: Encodable {
            var lon: Double; var lat: Double
            var grid: Level; var community: Level; var subdistrict: Level; var district: Level
            var category: Level?
            var body: Body?
        }
        let p = found.place
        func level(_ l: GeocodeResult.Level) -> Level { Level(code: l.code.rawValue, name: l.name) }
        return try JSONIO.response(Answer(lon: p.point.lon, lat: p.point.lat, grid: level(p.grid), community: level(p.community),
                                          subdistrict: level(p.subdistrict), district: level(p.district),
                                          category: found.category.map { Level(code: $0.code.rawValue, name: $0.name) },
                                          body: found.body.map { Body(code: $0.code.rawValue, name: $0.name) }))
    }

    /// `GET /portal/grids.geojson`: the grid outlines to tap on (``MapGeometry``, the command
    /// centre's, open here as the grids are open city data), gzip and ETag per configuration version.
    @Sendable func grids(_ request: Request, context: CityRequestContext) async throws -> Response {
        let geometry = try await application.mapGeometry()
        let copy = try await outlines.copy(version: geometry.version) { geometry.geoJSON }
        return CompressedCopy.response(copy, to: request, contentType: "application/geo+json")
    }
}
