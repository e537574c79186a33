import CityGridApplication
import CityGridCore
import Foundation

/// The parts of the case page beyond its details (案件详情页): the grid chain with names, the
/// category's case standard (filing and closing conditions, time limit), the clock of every stage
/// with its deadline, the sub-tasks of a whistle-and-report, and the reports merged into the case.
/// Each is built from the case the caller may read (and, for the merged reports, what the
/// application layer lets them read), so the page shows no more than the API.
struct CasePageSections {
    let city: CityModel
    let language: PageLanguage
    let regionName: (RegionCode) -> LocalizedText?

    func bodyName(_ code: OrganisationCode?) -> String {
        guard let code else { return "—" }
        return city.organisations.first { $0.code == code }.map { language.text($0.name) } ?? code.rawValue
    }

    /// Grid, community, subdistrict and district, each with its name where the city has one.
    func chain(_ c: Case) -> String {
        let grid = city.grids.first { $0.code == c.chain.grid }.map { language.text($0.name) }
        let parts = [(c.chain.district, nil), (c.chain.subdistrict, nil), (c.chain.community, nil), (c.chain.grid, grid)].map { code, name -> String in
            let label = name ?? regionName(code).map(language.text)
            return label.map { "\($0) (\(code.rawValue))" } ?? code.rawValue
        }
        return parts.joined(separator: " › ")
    }

    /// The category's case standard, as label and value rows.
    func standard(_ c: Case) -> [[String: Any]] {
        guard let entry = city.catalogue[c.category] else { return [] }
        return [
            ["label": language.text(WebText.filingCondition), "value": language.text(entry.filingCondition)],
            ["label": language.text(WebText.closingCondition), "value": language.text(entry.closingCondition)],
            ["label": language.text(WebText.timeLimit), "value": language.text(entry.timeLimit.label)],
        ]
    }

    /// One row per stage of the workflow the case has passed or is in: when it was left and by which
    /// deadline (on time or late, in words), or, for the running stage, since when and until when.
    func clocks(_ c: Case, now: Date = Date()) -> [[String: Any]] {
        let workflow = city.workflow
        return workflow.stageNames.compactMap { name -> [String: Any]? in
            let label = workflow.stages[name].map { language.text($0.label) } ?? name
            if name == c.stage {
                let overdue = c.stageDeadlineAt.map { $0 < now } ?? false
                let warned = !overdue && (c.warnAt.map { $0 <= now } ?? false)
                let word = overdue ? WebText.alertEscalated : warned ? WebText.alertWarned : WebText.running
                return ["stage": label, "from": c.stageStartedAt.map(PageTime.minute) ?? "—", "done": "—",
                        "due": c.stageDeadlineAt.map(PageTime.minute) ?? "—", "word": language.text(word),
                        "lightClass": overdue ? "light-red" : warned ? "light-amber" : "light-green"]
            }
            guard let entry = c.stageLog[name] else { return nil }
            let onTime = entry.onTime
            return ["stage": label, "from": "—", "done": PageTime.minute(entry.at), "due": entry.dueAt.map(PageTime.minute) ?? "—",
                    "word": language.text(onTime == false ? WebText.late : onTime == true ? WebText.onTime : WebText.noLimit),
                    "lightClass": onTime == false ? "light-red" : "light-green"]
        }
    }

    /// The bodies summoned to the case (吹哨报到) and how far each got.
    func subtasks(_ c: Case) -> [[String: Any]] {
        c.subtasks.map { s in
            let arrived = s.arrivedAt.map { PageTime.minute($0) + " · " + language.text(s.arrivedOnTime == false ? WebText.late : WebText.onTime) } ?? "—"
            return ["body": bodyName(s.departmentCode), "summoned": PageTime.minute(s.summonedAt),
                    "arrivalDue": PageTime.minute(s.arrivalDeadline), "arrived": arrived,
                    "disposalDue": PageTime.minute(s.disposalDeadline), "done": s.doneAt.map(PageTime.minute) ?? "—",
                    "rating": s.rating.map { "\($0) / 5" } ?? "—"]
        }
    }

    /// The reports merged into the case as its duplicates.
    func duplicates(_ views: [CaseView]) -> [[String: Any]] {
        views.map { view in
            ["id": view.value.id.rawValue, "number": view.value.number, "reported": PageTime.minute(view.value.reportedAt),
             "description": view.value.description, "source": language.text(view.value.source.label)]
        }
    }
}
