import CityGridCore
import CityGridGeometry
import CityGridStore
import Foundation

/// Values as a store keeps them (存储形式), so that what the in-memory store returns equals what
/// SQLite returns: times to the whole second (rounded down), a stage log through its storage text,
/// grid boundaries to 7 decimals, an organisation's responsibilities through their comma list.
enum StoredForm {
    /// A time to the whole second, rounded down.
    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// A time kept to the second.
    static func date(_ date: Date) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds(date)))
    }

    static func date(_ date: Date?) -> Date? {
        date.map { Self.date($0) }
    }

    /// A case as stored (``StoredCase``, shared with SQLite's recently written cases).
    static func `case`(_ value: Case) -> Case {
        StoredCase.of(value)
    }

    /// An event as stored: its time to the second.
    static func event(_ value: CaseEvent) -> CaseEvent {
        var e = value
        e.at = date(value.at)
        return e
    }

    /// A grid as stored: its boundary to 7 decimals (about 1 cm), its area measured on that boundary.
    static func grid(_ value: UnitGrid) -> UnitGrid {
        func point(_ p: GeoPoint) -> GeoPoint {
            GeoPoint(lon: Double(Decimal7.format(p.lon)) ?? p.lon, lat: Double(Decimal7.format(p.lat)) ?? p.lat)
        }
        let boundary = Polygon(exterior: value.boundary.exterior.map(point), holes: value.boundary.holes.map { $0.map(point) })
        return UnitGrid(code: value.code, name: value.name, boundary: boundary)
    }

    /// A region as stored: its code and name (its level and parent follow from the code).
    static func region(_ value: Region) -> Region {
        Region(code: value.code, name: value.name)
    }

    /// An organisation as stored: its responsibilities through a comma-separated list (empty ones drop).
    static func organisation(_ value: Organisation) -> Organisation {
        var o = value
        o.responsibilities = value.responsibilities.joined(separator: ",").split(separator: ",").map(String.init)
        return o
    }

    /// Media metadata as stored: its time to the second.
    static func media(_ value: MediaInfo) -> MediaInfo {
        var m = value
        m.createdAt = date(value.createdAt)
        return m
    }
}
