import CityGridCore
import Foundation

/// The data files CityGrid ships: the standard catalogue. Users export, edit and re-import it.
public enum ShippedData {
    /// The bytes of the shipped `catalogue.json`.
    public static func catalogueJSON() throws -> Data {
        guard let url = Bundle.module.url(forResource: "catalogue", withExtension: "json") else {
            throw DomainError(.notFound, code: "missing_resource", zh: "缺少内置目录文件", en: "The shipped catalogue file is missing")
        }
        return try Data(contentsOf: url)
    }

    /// The shipped catalogue, validated.
    public static func catalogue() throws -> Catalogue {
        try CatalogueFile.decode(json: try catalogueJSON())
    }
}
