import CityGridCore
import CityGridGeometry
import Foundation

/// Where a citizen's report would go (上报位置与责任单位): the grid and regions of the chosen
/// place and, once a category is chosen, the body routing proposes for it there (what a
/// dispatcher is offered first; they may still send it elsewhere).
public struct ReportPlace: Sendable {
    public var place: GeocodeResult
    /// The chosen category's catalogue entry, when one was given.
    public var category: CatalogueEntry?
    /// Routing's proposed body for the category at the place; `nil` without a category or when no
    /// body is responsible there (the command centre then decides).
    public var body: Organisation?
}

extension CityApplication {
    /// The place of `point` (``geocode(_:)``) and, for `category`, the responsible body routing
    /// proposes there. Open to anyone, like geocoding. Refused: a point outside the city
    /// (`outside_city`), a malformed or unknown category (field `category`).
    public func reportPlace(at point: GeoPoint, category: String?) throws -> ReportPlace {
        let current = self.current
        let place = try geocode(point)
        guard let text = category, !text.isEmpty else { return ReportPlace(place: place, category: nil, body: nil) }
        guard let code = CategoryCode(text) else {
            throw DomainError.invalidField("category", zh: "类别代码须为 C 或 E 加4位数字", en: "category must be C or E followed by 4 digits")
        }
        guard let entry = current.city.catalogue[code] else {
            throw DomainError.notFound(LocalizedText(zh: "类别", en: "category"), text, field: "category")
        }
        let environment = current.service.machine.environment
        let body = environment.routing.route(entry, grid: place.grid.code).flatMap { environment.organisations[$0] }
        return ReportPlace(place: place, category: entry, body: body)
    }
}
