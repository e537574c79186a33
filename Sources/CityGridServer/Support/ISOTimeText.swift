import CityGridService
import Foundation

/// The API's time format: ISO 8601 UTC with whole seconds.
enum ISOTimeText {
    static func format(_ date: Date) -> String { ISOTime.format(date) }
}
