import CityGridApplication
import CityGridCore
import CityGridGeometry
import Foundation
import HTTPTypes
import Hummingbird

/// The language an Open311 answer is written in: English when `locale` or `lang` starts with `en`,
/// or when Accept-Language prefers English; Chinese otherwise.
enum Open311Language {
    case zh, en

    func pick(_ text: LocalizedText) -> String { self == .en ? text.en : text.zh }
}

/// Reading Open311 parameters: an empty one counts as absent, unknown ones are ignored, and every
/// malformed one is a 400 naming it.
enum Open311Input {
    static let changeset = "2026-12-03T00:00:00Z"
    /// The largest form-encoded body: a description of 4,000 characters and its fields.
    static let maxFormBytes = 64 * 1024

    static func flag(_ request: Request, _ name: String) -> Bool { RequestInput.query(request, name)?.lowercased() == "true" }

    static func language(_ request: Request) -> Open311Language {
        if let asked = RequestInput.query(request, "locale") ?? RequestInput.query(request, "lang") { return asked.lowercased().hasPrefix("en") ? .en : .zh }
        let accept = request.headers[.acceptLanguage]?.lowercased() ?? ""
        return accept.hasPrefix("en") ? .en : .zh
    }

    /// `http://HOST` of the request, for the URLs an answer names.
    static func origin(_ request: Request) -> String {
        "http://" + (request.head.authority ?? "127.0.0.1")
    }

    /// Accepts no jurisdiction, or the city's own (`citygrid`); another is a 404.
    static func jurisdiction(_ request: Request, _ application: CityApplication) throws {
        try jurisdiction(RequestInput.query(request, "jurisdiction_id"), application)
    }

    static func jurisdiction(_ value: String?, _ application: CityApplication) throws {
        guard let value, !value.isEmpty else { return }
        guard value == "citygrid" else { throw DomainError.notFound("jurisdiction", value, field: "jurisdiction_id") }
    }

    static func point(_ request: Request) throws -> GeoPoint {
        try point(lat: RequestInput.query(request, "lat"), long: RequestInput.query(request, "long"))
    }

    static func point(lat: String?, long: String?) throws -> GeoPoint {
        guard let latText = lat else { throw DomainError.invalidField("lat", zh: "缺少纬度 lat", en: "lat is required with long") }
        guard let longText = long else { throw DomainError.invalidField("long", zh: "缺少经度 long", en: "long is required with lat") }
        guard let la = Double(latText), la.isFinite, (-90...90).contains(la) else {
            throw DomainError.invalidField("lat", zh: "纬度须为 -90 到 90 的数", en: "lat must be a number from -90 to 90")
        }
        guard let lo = Double(longText), lo.isFinite, (-180...180).contains(lo) else {
            throw DomainError.invalidField("long", zh: "经度须为 -180 到 180 的数", en: "long must be a number from -180 to 180")
        }
        return GeoPoint(lon: lo, lat: la)
    }

    /// GET requests' filters: ids (overriding the rest), service codes, dates on the report (a span of at
    /// most 90 days; the last 90 days by default), status, updated_after/before, page and page_size.
    static func filter(_ request: Request, now: Date) throws -> PublicCaseFilter {
        var filter = PublicCaseFilter()
        filter.withTimeline = flag(request, "extensions")
        filter.pageSize = try RequestInput.int(request, "page_size", default: 50, range: 1...PublicCaseFilter.maxPageSize)
        filter.page = try RequestInput.int(request, "page", default: 1, range: 1...100_000)
        if let ids = RequestInput.query(request, "service_request_id") {
            filter.ids = try ids.split(separator: ",").map { part in
                guard let n = Int64(part.trimmingCharacters(in: .whitespaces)), n > 0 else {
                    throw DomainError.invalidField("service_request_id", zh: "请求编号须为正整数", en: "service_request_id is a comma list of positive integers")
                }
                return CaseID(n)
            }
            guard filter.ids!.count <= 500 else {
                throw DomainError.invalidField("service_request_id", zh: "最多500个编号", en: "At most 500 service_request_id values")
            }
            return filter
        }
        if let codes = RequestInput.query(request, "service_code") {
            filter.categories = Set(try codes.split(separator: ",").map { part in
                guard let code = CategoryCode(part.trimmingCharacters(in: .whitespaces)) else {
                    throw DomainError.invalidField("service_code", zh: "类别代码无效：\(part)", en: "Invalid service_code \(part)")
                }
                return code
            })
        }
        let start = try RequestInput.time(request, "start_date"), end = try RequestInput.time(request, "end_date")
        if let start, let end {
            guard start <= end else { throw DomainError.invalidField("end_date", zh: "结束时间早于开始时间", en: "end_date is before start_date") }
            guard end.timeIntervalSince(start) <= 90 * 86_400 else {
                throw DomainError.invalidField("end_date", zh: "时间跨度不能超过90天", en: "start_date to end_date spans more than 90 days")
            }
        }
        let updatedAfter = try RequestInput.time(request, "updated_after"), updatedBefore = try RequestInput.time(request, "updated_before")
        filter.reportedFrom = start ?? (end.map { $0.addingTimeInterval(-90 * 86_400) } ?? (updatedAfter == nil && updatedBefore == nil ? now.addingTimeInterval(-90 * 86_400) : nil))
        filter.reportedBefore = end.map { $0.addingTimeInterval(1) }
        filter.updatedFrom = updatedAfter
        filter.updatedBefore = updatedBefore
        if let status = RequestInput.query(request, "status") {
            let parts = Set(status.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            guard parts.isSubset(of: ["open", "closed"]) else {
                throw DomainError.invalidField("status", zh: "状态须为 open 或 closed", en: "status must be open, closed or both")
            }
            filter.open = parts.count == 1 ? parts.contains("open") : nil
        }
        return filter
    }

    /// The POSTed fields, form-encoded (what the standard sends).
    /// A POSTed form: `application/x-www-form-urlencoded` (at most ``maxFormBytes``), or
    /// `multipart/form-data` with photos as `media` files (at most ``MultipartForm/maxBytes``).
    static func form(_ request: inout Request) async throws -> Open311Form {
        if let multipart = try await MultipartForm.read(&request) {
            let photos = multipart.files.map(\.bytes)
            if let stray = multipart.files.first(where: { $0.field != "media" && $0.field != "media[]" }) {
                throw DomainError.invalidField(stray.field, zh: "只有 media 字段可以上传文件", en: "Only the media field takes a file")
            }
            return Open311Form(fields: Self.present(multipart.fields), photos: photos)
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") else {
            throw DomainError.invalidField("body", zh: "请求体须为 application/x-www-form-urlencoded 或 multipart/form-data",
                                           en: "The body must be application/x-www-form-urlencoded or multipart/form-data")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: maxFormBytes) } catch {
            throw DomainError(.tooLarge, code: "body_too_large", field: "body", zh: "请求体超过64KB", en: "The request body is larger than 64 KB")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw DomainError.invalidField("body", zh: "请求体不是有效的 UTF-8", en: "The body is not valid UTF-8")
        }
        return Open311Form(fields: Self.present(FormBody(text).fields), photos: [])
    }

    /// An empty field counts as absent.
    private static func present(_ fields: [String: [String]]) -> [String: [String]] {
        fields.mapValues { $0.filter { !$0.isEmpty } }.filter { !$0.value.isEmpty }
    }

    /// A report from the POSTed fields: `attribute[CODE]` and `attribute[CODE][]` answers, the contact,
    /// the device, and the client's request key (`Idempotency-Key`, or `request_id` / `client_request_id`).
    static func report(_ form: Open311Form, headers: HTTPFields) throws -> PublicReportRequest {
        func one(_ name: String) -> String? { form[name]?.first }
        if one("lat") == nil, one("long") == nil, one("address_string") != nil || one("address_id") != nil {
            throw DomainError.invalidField("lat", zh: "本市只接受经纬度位置", en: "This city locates requests by lat and long; address_string alone cannot be placed")
        }
        let point = try point(lat: one("lat"), long: one("long"))
        var answers: [String: [String]] = [:]
        for (name, values) in form.fields where name.hasPrefix("attribute[") {
            var code = String(name.dropFirst("attribute[".count))
            if code.hasSuffix("][]") { code.removeLast(3) } else if code.hasSuffix("]") { code.removeLast() } else {
                throw DomainError.invalidField(name, zh: "属性字段格式须为 attribute[代码]", en: "An attribute field is attribute[CODE] or attribute[CODE][]")
            }
            answers[code, default: []] += values
        }
        var description = one("description") ?? ""
        if let media = one("media_url") {
            guard media.count <= 2000, let url = URL(string: media), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
                throw DomainError.invalidField("media_url", zh: "media_url 须为 http(s) 地址", en: "media_url must be an http(s) URL")
            }
            description += (description.isEmpty ? "" : "\n") + "[media_url] \(media)"
        }
        let contact = ReporterContact(firstName: one("first_name"), lastName: one("last_name"), phone: one("phone"), email: one("email"),
                                      accountID: one("account_id"))
        let key = headers[HTTPField.Name("Idempotency-Key")!].flatMap { $0.isEmpty ? nil : $0 } ?? one("request_id") ?? one("client_request_id")
        var report = PublicReportRequest(category: one("service_code"), location: point, description: description, answers: answers,
                                         contact: contact, deviceID: one("device_id"), requestKey: key)
        report.photos = form.photos
        return report
    }
}

/// A POSTed Open311 form: its fields (an empty one absent) and the photos sent as `media`.
struct Open311Form: Sendable {
    var fields: [String: [String]]
    var photos: [[UInt8]]

    subscript(_ name: String) -> [String]? { fields[name] }
}
