import CityGridCore
import Foundation

/// A case's JSON written by hand (案件 JSON 手写输出): the same bytes as `JSONEncoder` with the API's
/// configuration gives for ``CaseDTO`` (keys in its sorted order, absent optionals left out, times
/// as ISO 8601 UTC), at a fraction of the cost, for the answers every case read and report pays for.
/// `CaseJSONTests` compares the two byte for byte over many simulated cases and hostile strings;
/// a field added to ``CaseDTO`` must be added here too, in its sorted place (that test fails otherwise).
extension CaseDTO {
    /// The case as a JSON object.
    var jsonBytes: [UInt8] {
        var out = JSONBytes()
        write(to: &out)
        return out.bytes
    }

    func write(to out: inout JSONBytes) {
        out.beginObject()
        out.date("accepted_at", accepted_at)
        if let actions {
            out.key("actions")
            out.beginArray()
            for offer in actions { offer.write(to: &out) }
            out.endArray()
        }
        out.key("alert_level"); out.int(alert_level)
        if let available_actions { out.key("available_actions"); out.strings(available_actions) }
        out.date("case_deadline_at", case_deadline_at)
        out.key("category"); out.string(category)
        if let category_name { out.key("category_name"); out.text(category_name) }
        out.date("checked_at", checked_at)
        out.date("closed_at", closed_at)
        out.key("community_code"); out.string(community_code)
        out.string("component_id", component_id)
        if let created {
            out.key("created")
            out.beginArray()
            for c in created { c.write(to: &out) }
            out.endArray()
        }
        out.date("deadline_at", deadline_at)
        out.string("department_code", department_code)
        out.key("description"); out.string(description)
        out.key("dispatch_count"); out.int(dispatch_count)
        out.date("dispatched_at", dispatched_at)
        out.date("disposed_at", disposed_at)
        out.key("district_code"); out.string(district_code)
        out.key("extension_count"); out.int(extension_count)
        out.date("filed_at", filed_at)
        out.key("grid_code"); out.string(grid_code)
        out.key("id"); out.int(id)
        out.key("kind"); out.string(kind)
        out.key("lat"); out.double(lat)
        out.key("light"); out.string(light)
        out.int("likely_duplicate_of", likely_duplicate_of)
        out.key("lon"); out.double(lon)
        out.key("number"); out.string(number)
        out.int("parent_case_id", parent_case_id)
        out.double("pending_extension_hours", pending_extension_hours)
        out.key("reopen_count"); out.int(reopen_count)
        out.int("reopened_from_id", reopened_from_id)
        out.key("reported_at"); out.date(reported_at)
        out.key("reporter_id"); out.int(reporter_id)
        out.key("return_count"); out.int(return_count)
        out.key("rework_count"); out.int(rework_count)
        out.string("satisfaction", satisfaction)
        out.key("self_handled"); out.bool(self_handled)
        out.bool("solved", solved)
        out.key("source"); out.string(source)
        out.string("stage", stage)
        out.date("stage_deadline_at", stage_deadline_at)
        out.key("state"); out.string(state)
        out.key("state_label"); out.text(state_label)
        out.key("subdistrict_code"); out.string(subdistrict_code)
        out.key("subtasks")
        out.beginArray()
        for subtask in subtasks { Self.write(subtask, to: &out) }
        out.endArray()
        out.key("supervision_count"); out.int(supervision_count)
        out.key("suspended_seconds"); out.int(suspended_seconds)
        out.date("suspended_since", suspended_since)
        out.key("verified"); out.bool(verified)
        out.key("version"); out.int(version)
        out.date("warn_at", warn_at)
        out.endObject()
    }

    /// A page of the case list: `{"cases": […], "next_before": id}` (``CasesController/Page``), the
    /// key left out when there is no next page.
    static func pageJSON(_ cases: [CaseDTO], nextBefore: Int64?) -> [UInt8] {
        var out = JSONBytes(capacity: 64 + 1536 * cases.count)
        out.beginObject()
        out.key("cases")
        out.beginArray()
        for c in cases { c.write(to: &out) }
        out.endArray()
        out.int("next_before", nextBefore)
        out.endObject()
        return out.bytes
    }

    /// A sub-task with ``Subtask``'s coding keys, sorted.
    static func write(_ s: Subtask, to out: inout JSONBytes) {
        out.beginObject()
        out.key("arrival_deadline"); out.date(s.arrivalDeadline)
        out.date("arrived_at", s.arrivedAt)
        out.key("department_code"); out.string(s.departmentCode.rawValue)
        out.key("disposal_deadline"); out.date(s.disposalDeadline)
        out.date("done_at", s.doneAt)
        out.int("rating", s.rating)
        out.key("summoned_at"); out.date(s.summonedAt)
        out.int("summoned_by", s.summonedBy?.storedID)
        out.string("summoner_organisation", s.summonerOrganisation?.rawValue)
        out.endObject()
    }
}

extension ActionOfferDTO {
    func write(to out: inout JSONBytes) {
        out.beginObject()
        out.key("action"); out.string(action)
        out.key("bodies"); out.strings(bodies)
        out.key("label"); out.text(label)
        out.key("needs"); out.strings(needs)
        out.endObject()
    }
}
