import CityGridApplication
import CityGridCore
import Foundation
import Hummingbird
import HTTPTypes
import ServiceLifecycle

/// `GET /app/live`: the live queue as server-sent events (实时推送). Every new report and alert the
/// caller may read comes as one `case` event whose data is a JSON object in the caller's language
/// (id, number, category, state, alert word and class, reported time); a comment every
/// ``heartbeat`` keeps the connection open and finds a browser that left.
struct LiveQueueController {
    let application: CityApplication

    static let heartbeat: Duration = .seconds(15)

    func addRoutes(to router: Router<CityRequestContext>) {
        router.get("app/live", use: live)
    }

    struct Item: Encodable {
        var id: Int64
        var number: String
        var category: String
        var state: String
        var alert: String
        var alert_class: String
        var reported: String
    }

    @Sendable func live(_ request: Request, context: CityRequestContext) async throws -> Response {
        let language = PageLanguage.of(request)
        let cases = application.liveCases(for: context.caller)
        // One stream of what to write: the events and the heartbeats.
        let (lines, out) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(512))
        let feeder = Task {
            for await view in cases {
                let c = view.value
                let item = Item(id: c.id.rawValue, number: c.number, category: view.categoryName.map(language.text) ?? c.category.rawValue,
                                state: language.text(view.stateLabel), alert: PageAlert.word(c.alertLevel, language),
                                alert_class: PageAlert.cssClass(c.alertLevel), reported: PageTime.minute(c.reportedAt))
                if let json = try? JSONEncoder().encode(item) { out.yield("event: case\ndata: \(String(decoding: json, as: UTF8.self))\n\n") }
            }
            out.finish()
        }
        let beat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.heartbeat)
                out.yield(": still here\n\n")
            }
        }
        var headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
        headers[.init("X-Accel-Buffering")!] = "no"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { feeder.cancel(); beat.cancel() }
            try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
            // A server shutting down ends the stream at once (the browser reconnects to another
            // server, or to this one when it is back) instead of holding the shutdown open.
            try await withGracefulShutdownHandler {
                for await line in lines { try await writer.write(ByteBuffer(string: line)) }
            } onGracefulShutdown: {
                out.finish()
            }
            try await writer.finish(nil)
        })
    }
}

/// A case's traffic light (红绿灯) on a page: a word, and a class that colours it.
enum PageAlert {
    static func word(_ level: AlertLevel, _ language: PageLanguage) -> String {
        switch level {
        case .none: language.text(WebText.alertNone)
        case .warned: language.text(WebText.alertWarned)
        default: language.text(WebText.alertEscalated)
        }
    }

    static func cssClass(_ level: AlertLevel) -> String {
        switch level {
        case .none: "light-green"
        case .warned: "light-amber"
        default: "light-red"
        }
    }
}
