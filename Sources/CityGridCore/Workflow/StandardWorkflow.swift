import Foundation

/// The shipped workflow definition: the reference workflow of domain.md §3 with every approval,
/// verification, self-handling, supervision, whistle-and-report, merging, return visits, reopening and
/// the clock's warnings. `citygrid export workflow` writes it out for a city to edit.
extension WorkflowDefinition {
    public static let standardJSON = #"""
{
  "version": 1,
  "initial": "reported",
  "reporting_roles": ["inspector", "intake_operator", "shift_leader", "dispatcher", "citizen", "admin"],
  "reopen_window_days": 7,
  "case_limit_stages": ["intake", "filing", "dispatch", "disposal", "check", "closing"],
  "arrival_minutes": 30,
  "duplicate_radius_metres": 50,
  "duplicate_window_hours": 72,
  "stages": [
    {"name": "intake", "label_zh": "受理", "label_en": "Intake", "limit": {"amount": 1, "unit": "working_hours"}},
    {"name": "verification", "label_zh": "核实", "label_en": "Verification", "limit": {"amount": 2, "unit": "working_hours"}},
    {"name": "filing", "label_zh": "立案", "label_en": "Filing", "limit": {"amount": 1, "unit": "working_hours"}},
    {"name": "dispatch", "label_zh": "派遣", "label_en": "Dispatch", "limit": {"amount": 1, "unit": "working_hours"}},
    {"name": "disposal", "label_zh": "处置", "label_en": "Disposal", "limit": "category"},
    {"name": "check", "label_zh": "核查", "label_en": "On-site check", "limit": {"amount": 4, "unit": "working_hours"}},
    {"name": "closing", "label_zh": "结案", "label_en": "Closing", "limit": {"amount": 1, "unit": "working_hours"}},
    {"name": "approval", "label_zh": "审批", "label_en": "Approval", "limit": {"amount": 2, "unit": "working_hours"}},
    {"name": "review", "label_zh": "自处理审核", "label_en": "Self-handling review", "limit": {"amount": 2, "unit": "working_hours"}},
    {"name": "claim", "label_zh": "认领处置", "label_en": "Claimed task", "limit": {"amount": 24, "unit": "working_hours"}, "overdue_action": "release_claim"}
  ],
  "states": [
    {"name": "reported", "label_zh": "待受理", "label_en": "Reported", "stage": "intake"},
    {"name": "verifying", "label_zh": "核实中", "label_en": "Being verified", "stage": "verification"},
    {"name": "accepted", "label_zh": "待立案", "label_en": "Accepted", "stage": "filing"},
    {"name": "filed", "label_zh": "待派遣", "label_en": "Filed", "stage": "dispatch"},
    {"name": "invalidation_requested", "label_zh": "作废待审批", "label_en": "Invalidation requested", "stage": "approval"},
    {"name": "dispatched", "label_zh": "处置中", "label_en": "Dispatched", "stage": "disposal"},
    {"name": "extension_requested", "label_zh": "延期待审批", "label_en": "Extension requested", "stage": "disposal"},
    {"name": "return_requested", "label_zh": "回退待审批", "label_en": "Return requested", "stage": "disposal"},
    {"name": "suspension_requested", "label_zh": "挂账待审批", "label_en": "Suspension requested", "stage": "disposal"},
    {"name": "suspended", "label_zh": "挂账中", "label_en": "Suspended", "stage": "disposal"},
    {"name": "disposed", "label_zh": "待核查", "label_en": "Disposed", "stage": "check"},
    {"name": "checked", "label_zh": "待结案", "label_en": "Checked", "stage": "closing"},
    {"name": "self_handled", "label_zh": "自处理待审核", "label_en": "Self-handled", "stage": "review"},
    {"name": "merged", "label_zh": "已合并", "label_en": "Merged", "parked": true},
    {"name": "closed", "label_zh": "已结案", "label_en": "Closed", "terminal": true},
    {"name": "rejected", "label_zh": "不予受理", "label_en": "Rejected", "terminal": true},
    {"name": "invalidated", "label_zh": "已作废", "label_en": "Invalidated", "terminal": true},
    {"name": "claimed", "label_zh": "已认领", "label_en": "Claimed", "stage": "claim"}
  ],
  "actions": [
    {"name": "ask_verify", "label_zh": "派核实", "label_en": "Ask to verify", "from": ["reported"], "to": "verifying", "roles": ["intake_operator"], "scope": "jurisdiction", "guards": [], "effects": []},
    {"name": "verify", "label_zh": "核实回复", "label_en": "Verify", "from": ["verifying"], "to": "reported", "roles": ["inspector"], "scope": "jurisdiction", "guards": ["reason"], "effects": ["mark_verified"]},
    {"name": "accept", "label_zh": "受理", "label_en": "Accept", "from": ["reported"], "to": "accepted", "roles": ["intake_operator"], "scope": "jurisdiction", "guards": [], "effects": ["stamp_accepted"]},
    {"name": "reject", "label_zh": "不予受理", "label_en": "Reject as not a case", "from": ["reported", "verifying"], "to": "rejected", "roles": ["intake_operator"], "scope": "jurisdiction", "guards": ["reason"], "effects": ["notify_merged"]},
    {"name": "file", "label_zh": "立案", "label_en": "File", "from": ["accepted"], "to": "filed", "roles": ["shift_leader"], "scope": "jurisdiction", "guards": [], "effects": ["stamp_filed"]},
    {"name": "send_back", "label_zh": "回退受理", "label_en": "Send back to intake", "from": ["accepted"], "to": "reported", "roles": ["shift_leader"], "scope": "jurisdiction", "guards": ["reason"], "effects": []},
    {"name": "dispatch", "label_zh": "派遣", "label_en": "Dispatch", "from": ["filed"], "to": "dispatched", "roles": ["dispatcher"], "scope": "jurisdiction", "guards": [], "effects": ["assign_department"]},
    {"name": "request_invalidation", "label_zh": "申请作废", "label_en": "Request invalidation", "from": ["filed"], "to": "invalidation_requested", "roles": ["dispatcher"], "scope": "jurisdiction", "guards": ["reason"], "effects": []},
    {"name": "approve_invalidation", "label_zh": "批准作废", "label_en": "Approve invalidation", "from": ["invalidation_requested"], "to": "invalidated", "roles": ["leader"], "scope": "jurisdiction", "guards": [], "effects": ["notify_merged"]},
    {"name": "refuse_invalidation", "label_zh": "驳回作废", "label_en": "Refuse invalidation", "from": ["invalidation_requested"], "to": "filed", "roles": ["leader"], "scope": "jurisdiction", "guards": ["reason"], "effects": []},
    {"name": "request_extension", "label_zh": "申请延期", "label_en": "Request an extension", "from": ["dispatched"], "to": "extension_requested", "roles": ["department_handler"], "scope": "assigned_organisation", "guards": ["hours", "reason"], "effects": ["hold_extension"]},
    {"name": "approve_extension", "label_zh": "批准延期", "label_en": "Approve the extension", "from": ["extension_requested"], "to": "dispatched", "roles": ["dispatcher", "approve_extensions"], "scope": "jurisdiction", "guards": [], "effects": ["apply_extension"]},
    {"name": "refuse_extension", "label_zh": "驳回延期", "label_en": "Refuse the extension", "from": ["extension_requested"], "to": "dispatched", "roles": ["dispatcher", "approve_extensions"], "scope": "jurisdiction", "guards": ["reason"], "effects": ["drop_extension"]},
    {"name": "request_return", "label_zh": "申请回退", "label_en": "Request a return (not ours)", "from": ["dispatched"], "to": "return_requested", "roles": ["department_handler"], "scope": "assigned_organisation", "guards": ["reason"], "effects": []},
    {"name": "approve_return", "label_zh": "批准回退", "label_en": "Approve the return", "from": ["return_requested"], "to": "filed", "roles": ["dispatcher"], "scope": "jurisdiction", "guards": [], "effects": ["count_return", "clear_department"]},
    {"name": "refuse_return", "label_zh": "驳回回退", "label_en": "Refuse the return", "from": ["return_requested"], "to": "dispatched", "roles": ["dispatcher"], "scope": "jurisdiction", "guards": ["reason"], "effects": []},
    {"name": "request_suspension", "label_zh": "申请挂账", "label_en": "Request a suspension", "from": ["dispatched"], "to": "suspension_requested", "roles": ["department_handler"], "scope": "assigned_organisation", "guards": ["reason"], "effects": []},
    {"name": "approve_suspension", "label_zh": "批准挂账", "label_en": "Approve the suspension", "from": ["suspension_requested"], "to": "suspended", "roles": ["dispatcher"], "scope": "jurisdiction", "guards": [], "effects": ["start_suspension"]},
    {"name": "refuse_suspension", "label_zh": "驳回挂账", "label_en": "Refuse the suspension", "from": ["suspension_requested"], "to": "dispatched", "roles": ["dispatcher"], "scope": "jurisdiction", "guards": ["reason"], "effects": []},
    {"name": "resume", "label_zh": "恢复处置", "label_en": "Resume", "from": ["suspended"], "to": "dispatched", "roles": ["dispatcher"], "scope": "jurisdiction", "guards": [], "effects": ["end_suspension"]},
    {"name": "dispose", "label_zh": "处置完成", "label_en": "Report disposed", "from": ["dispatched"], "to": "disposed", "roles": ["department_handler", "volunteer"], "scope": "assigned_organisation", "guards": ["evidence"], "effects": ["stamp_disposed"]},
    {"name": "check", "label_zh": "核查通过", "label_en": "Check passed", "from": ["disposed"], "to": "checked", "roles": ["inspector"], "scope": "jurisdiction", "guards": [], "effects": ["stamp_checked"]},
    {"name": "check_fail", "label_zh": "核查不通过（返工）", "label_en": "Check failed (rework)", "from": ["disposed"], "to": "dispatched", "roles": ["inspector"], "scope": "jurisdiction", "guards": ["reason"], "effects": ["count_rework"]},
    {"name": "close", "label_zh": "结案", "label_en": "Close", "from": ["checked"], "to": "closed", "roles": ["shift_leader"], "scope": "jurisdiction", "guards": ["subtasks_done"], "effects": ["stamp_closed", "notify_merged"]},
    {"name": "self_handle", "label_zh": "自行处置", "label_en": "Self-handle", "from": ["reported"], "to": "self_handled", "roles": ["inspector"], "scope": "jurisdiction", "guards": ["evidence"], "effects": ["mark_self_handled", "stamp_disposed"]},
    {"name": "approve_self_handling", "label_zh": "自处理审核通过", "label_en": "Approve self-handling", "from": ["self_handled"], "to": "closed", "roles": ["shift_leader"], "scope": "jurisdiction", "guards": [], "effects": ["stamp_closed", "notify_merged"]},
    {"name": "refuse_self_handling", "label_zh": "自处理审核不通过", "label_en": "Refuse self-handling", "from": ["self_handled"], "to": "reported", "roles": ["shift_leader"], "scope": "jurisdiction", "guards": ["reason"], "effects": []},
    {"name": "supervise", "label_zh": "督办", "label_en": "Supervise", "from": ["*open"], "to": "$stay", "roles": ["leader", "shift_leader", "dispatcher"], "scope": "jurisdiction", "guards": ["reason"], "effects": ["count_supervision"]},
    {"name": "reply", "label_zh": "督办回复", "label_en": "Reply to supervision", "from": ["*open"], "to": "$stay", "roles": ["department_handler"], "scope": "assigned_organisation", "guards": ["reason"], "effects": []},
    {"name": "reply_centre", "label_zh": "督办回复（中心）", "label_en": "Reply to supervision (centre)", "from": ["*open"], "to": "$stay", "roles": ["intake_operator", "shift_leader", "dispatcher"], "scope": "jurisdiction", "guards": ["reason"], "effects": []},
    {"name": "summon", "label_zh": "吹哨", "label_en": "Summon departments", "from": ["dispatched"], "to": "$stay", "roles": ["leader", "dispatcher", "summon_departments"], "scope": "jurisdiction", "guards": ["departments"], "effects": ["create_subtasks"]},
    {"name": "arrive", "label_zh": "报到", "label_en": "Report arrival", "from": ["dispatched", "disposed", "checked"], "to": "$stay", "roles": ["department_handler"], "scope": "summoned_organisation", "guards": ["own_subtask_open"], "effects": ["subtask_arrived"]},
    {"name": "complete_subtask", "label_zh": "子任务完成", "label_en": "Complete sub-task", "from": ["dispatched", "disposed", "checked"], "to": "$stay", "roles": ["department_handler"], "scope": "summoned_organisation", "guards": ["own_subtask_open", "evidence"], "effects": ["subtask_done"]},
    {"name": "rate_subtask", "label_zh": "评价报到单位", "label_en": "Rate a summoned body", "from": ["dispatched", "disposed", "checked", "closed"], "to": "$stay", "roles": ["leader", "dispatcher"], "scope": "jurisdiction", "guards": ["rating"], "effects": ["subtask_rated"]},
    {"name": "merge", "label_zh": "合并重复", "label_en": "Merge as duplicate", "from": ["reported", "verifying", "accepted"], "to": "merged", "roles": ["intake_operator", "shift_leader"], "scope": "jurisdiction", "guards": ["parent"], "effects": ["park_merged"]},
    {"name": "unmerge", "label_zh": "撤销合并", "label_en": "Undo the merge", "from": ["merged"], "to": "$previous", "roles": ["intake_operator", "shift_leader"], "scope": "jurisdiction", "guards": [], "effects": ["unpark"]},
    {"name": "visit", "label_zh": "回访", "label_en": "Return visit", "from": ["closed"], "to": "$stay", "roles": ["intake_operator", "citizen"], "scope": "reporter_or_jurisdiction", "guards": ["not_visited", "satisfaction"], "effects": ["record_visit"]},
    {"name": "reopen", "label_zh": "未解决重新上报", "label_en": "Reopen (not fixed)", "from": ["closed"], "to": "$stay", "roles": ["citizen", "intake_operator"], "scope": "reporter_or_jurisdiction", "guards": ["not_reopened", "reopen_window"], "effects": ["spawn_reopened"]},
    {"name": "publish_reply", "label_zh": "公开答复", "label_en": "Publish a public reply", "from": ["dispatched", "disposed", "checked", "closed"], "to": "$stay", "roles": ["department_handler"], "scope": "assigned_organisation", "guards": ["reason"], "effects": []},
    {"name": "publish_description", "label_zh": "公开市民描述", "label_en": "Publish the reporter's description", "from": ["*open", "closed"], "to": "$stay", "roles": ["intake_operator", "shift_leader"], "scope": "jurisdiction", "guards": [], "effects": []},
    {"name": "public_update", "label_zh": "市民补充", "label_en": "Update from the public", "from": ["*open", "closed"], "to": "$stay", "roles": ["citizen"], "scope": "any", "guards": ["reason"], "effects": []},
    {"name": "warn", "label_zh": "超时预警", "label_en": "Deadline warning", "from": ["*open"], "to": "$stay", "roles": ["system"], "scope": "any", "guards": [], "effects": ["alert_warn"]},
    {"name": "escalate", "label_zh": "超时升级督办", "label_en": "Escalate overdue", "from": ["*open"], "to": "$stay", "roles": ["system"], "scope": "any", "guards": [], "effects": ["alert_escalate", "count_supervision"]},
    {"name": "claim", "label_zh": "认领", "label_en": "Claim the task", "from": ["filed"], "to": "claimed", "roles": ["volunteer"], "scope": "claimable", "guards": [], "effects": ["assign_claimant"]},
    {"name": "give_up_claim", "label_zh": "放弃认领", "label_en": "Give up the claim", "from": ["claimed"], "to": "filed", "roles": ["volunteer"], "scope": "assigned_organisation", "guards": ["reason"], "effects": ["drop_claim"]},
    {"name": "dispose_claimed", "label_zh": "认领处置完成", "label_en": "Report the claimed task done", "from": ["claimed"], "to": "disposed", "roles": ["volunteer"], "scope": "assigned_organisation", "guards": ["evidence"], "effects": ["stamp_disposed"]},
    {"name": "release_claim", "label_zh": "认领超时退回", "label_en": "Claim lapsed: back to the pool", "from": ["claimed"], "to": "filed", "roles": ["system"], "scope": "any", "guards": [], "effects": ["drop_claim"]}
  ]
}
"""#

    /// The shipped definition, validated.
    public static let standard: WorkflowDefinition = {
        // The shipped text is valid by construction; the tests load it through the same validation.
        try! WorkflowDefinitionFile.decode(json: Data(standardJSON.utf8)).0
    }()
}
