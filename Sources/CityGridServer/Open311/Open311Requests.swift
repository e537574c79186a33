import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation

/// A ``PublicCaseView`` as an Open311 service request: every field of the standard present (null
/// where unknown), ids and codes as strings; with `extensions`, the extended attributes and the
/// public timeline as notes.
struct Open311Requests {
    let language: Open311Language
    let extensions: Bool
    let origin: String

    func request(_ view: PublicCaseView) -> Open311Value {
        var fields: [(String, Open311Value)] = [
            ("service_request_id", .string(view.id.description)),
            ("status", .string(view.status.isOpen ? "open" : "closed")),
            ("status_notes", .string(language.pick(view.statusNote))),
            ("service_name", .string(language.pick(view.categoryName))),
            ("service_code", .string(view.category.rawValue)),
            ("description", .string(view.description)),
            ("agency_responsible", .string(view.agencyName.map(language.pick))),
            ("service_notice", .string(view.serviceNotice.map(language.pick))),
            ("requested_datetime", .string(ISOTime.format(view.requestedAt))),
            ("updated_datetime", .string(ISOTime.format(view.updatedAt))),
            ("expected_datetime", .string(view.expectedAt.map(ISOTime.format))),
            ("address", .string([view.district, view.subdistrict, view.community].map { language.pick($0.name) }.joined(separator: language == .en ? ", " : ""))),
            ("address_id", .string(view.grid.rawValue)),
            ("zipcode", .null),
            ("lat", .number((view.place.lat * 1e6).rounded() / 1e6)),
            ("long", .number((view.place.lon * 1e6).rounded() / 1e6)),
            ("media_url", .string(view.photos.first.flatMap(mediaURL))),
        ]
        if extensions {
            fields.append(("extended_attributes", .object([
                ("channel", .string(view.channel.rawValue)), ("grid_code", .string(view.grid.rawValue)),
                ("district", .string(language.pick(view.district.name))), ("district_code", .string(view.district.code.rawValue)),
                ("department", .string(view.agencyCode?.rawValue)), ("detailed_status", .string(view.status.rawValue)),
                ("duplicate", .string(view.duplicateOfID?.description)), ("parent_service_request_id", .string(view.parentID?.description)),
                ("reopened_from", .string(view.reopenedFromID?.description)), ("case_number", .string(view.number)),
            ])))
            fields.append(("notes", .array(element: "note", view.timeline.map { event in
                .object([("datetime", .string(ISOTime.format(event.at))), ("type", .string(event.kind.rawValue)),
                         ("summary", .string(language.pick(event.summary))), ("description", .string(event.text))])
            })))
        }
        return .object(fields)
    }

    /// One public timeline entry as FixMyStreet's service request update.
    func update(_ view: PublicCaseView, index: Int, _ event: PublicEvent) -> Open311Value {
        .object([
            ("update_id", .string("\(view.id.description)-\(index + 1)")),
            ("service_request_id", .string(view.id.description)),
            ("status", .string(view.status.isOpen ? "open" : "closed")),
            ("extended_status", .string(event.kind.rawValue)),
            ("updated_datetime", .string(ISOTime.format(event.at))),
            ("description", .string(event.text ?? language.pick(event.summary))),
            ("media_url", .string(event.media.first.flatMap(mediaURL))),
        ])
    }

    private func mediaURL(_ reference: String) -> String? {
        MediaReference.id(of: reference).map { "\(origin)/public/media/\($0)" }
    }
}
