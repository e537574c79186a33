/// The shipped access policy: who reads and does what, as practised in a digital urban management
/// centre (domain.md §2). Inspectors, intake, shift leaders and dispatchers work in their jurisdiction;
/// department handlers on their organisation's cases and figures; leaders and analysts read their
/// jurisdiction's cases, evaluations and analytics; citizens their own reports; administrators the city.
/// A reporter's personal data (`personal.read`) is read unmasked only by those who call back or take
/// the report (intake operators and shift leaders in their jurisdiction), administrators, and the
/// citizen themselves; only administrators query the audit of those reads (`audit.read`).
/// Leaders hand named powers down to the bodies of their jurisdiction (the `delegable` roles, held
/// through a ``Delegation``).
extension AccessPolicy {
    public static let standardJSON = #"""
{
  "version": 1,
  "roles": [
    {"name": "inspector", "label_zh": "监督员", "label_en": "Grid inspector", "staff": true, "channels": ["inspector"],
     "permissions": {"case.report": "jurisdiction", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "own", "organisation.read": "city", "notice.read": "own"}},
    {"name": "intake_operator", "label_zh": "受理员", "label_en": "Intake operator", "staff": true, "channels": ["hotline", "higher_level"],
     "permissions": {"case.report": "city", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "own", "organisation.read": "city", "notice.read": "own",
                     "personal.read": "jurisdiction"}},
    {"name": "shift_leader", "label_zh": "值班长", "label_en": "Shift leader", "staff": true, "channels": ["hotline", "higher_level"],
     "permissions": {"case.report": "city", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "jurisdiction", "evaluation.explain": "jurisdiction",
                     "analytics.read": "jurisdiction", "organisation.read": "city", "notice.read": "own",
                     "personal.read": "jurisdiction"}},
    {"name": "dispatcher", "label_zh": "派遣员", "label_en": "Dispatcher", "staff": true, "channels": ["hotline"],
     "permissions": {"case.report": "city", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "own", "organisation.read": "city", "notice.read": "own"}},
    {"name": "department_handler", "label_zh": "专业部门", "label_en": "Department handler", "staff": true, "requires_organisation": true,
     "permissions": {"case.read": "organisation", "case.act": "organisation", "media.upload": "own",
                     "evaluation.read": "organisation", "evaluation.explain": "organisation", "analytics.read": "organisation",
                     "organisation.read": "city", "notice.read": "own", "notice.organisation": "organisation"}},
    {"name": "leader", "label_zh": "领导", "label_en": "Leader", "staff": true,
     "permissions": {"case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction", "media.upload": "own",
                     "evaluation.read": "jurisdiction", "evaluation.explain": "jurisdiction", "evaluation.custom": "jurisdiction",
                     "analytics.read": "jurisdiction", "organisation.read": "city", "user.read": "jurisdiction", "notice.read": "own",
                     "delegation.grant": "jurisdiction", "delegation.read": "jurisdiction"}},
    {"name": "analyst", "label_zh": "数据分析员", "label_en": "Analyst", "staff": true,
     "permissions": {"case.read": "jurisdiction", "evaluation.read": "jurisdiction", "evaluation.explain": "jurisdiction",
                     "evaluation.custom": "jurisdiction", "analytics.read": "jurisdiction", "organisation.read": "city", "notice.read": "own"}},
    {"name": "citizen", "label_zh": "市民", "label_en": "Citizen", "staff": false, "channels": ["citizen_app"],
     "permissions": {"case.report": "city", "case.read": "own", "case.act": "own", "media.upload": "own", "notice.read": "own",
                     "points.read": "own", "points.redeem": "own", "personal.read": "own"}},
    {"name": "volunteer", "label_zh": "志愿者", "label_en": "Volunteer", "staff": false, "requires_organisation": true,
     "permissions": {"case.claim": "organisation", "case.read": "organisation", "case.act": "organisation", "media.upload": "own",
                     "notice.read": "own", "evaluation.read": "organisation", "points.read": "own", "points.redeem": "own"}},
    {"name": "admin", "label_zh": "系统管理员", "label_en": "Administrator", "staff": true, "channels": ["hotline", "higher_level"],
     "permissions": {"case.report": "city", "case.read": "city", "case.act": "city", "case.duplicates": "city", "media.upload": "own",
                     "evaluation.read": "city", "evaluation.explain": "city", "evaluation.custom": "city", "analytics.read": "city",
                     "organisation.read": "city", "user.read": "city", "notice.read": "own", "notice.organisation": "city",
                     "delegation.grant": "city", "delegation.read": "city", "community.moderate": "city",
                     "points.read": "city", "points.review": "city", "points.manage": "city",
                     "personal.read": "city", "audit.read": "city"}},
    {"name": "summon_departments", "label_zh": "吹哨召集（授权）", "label_en": "Summon departments (delegated)", "staff": true,
     "requires_organisation": true, "delegable": true,
     "permissions": {"case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction", "media.upload": "own",
                     "organisation.read": "city"}},
    {"name": "approve_extensions", "label_zh": "延期审批（授权）", "label_en": "Approve extensions (delegated)", "staff": true,
     "requires_organisation": true, "delegable": true,
     "permissions": {"case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction", "organisation.read": "city"}},
    {"name": "evaluate_departments", "label_zh": "考核部门（授权）", "label_en": "Evaluate departments (delegated)", "staff": true,
     "requires_organisation": true, "delegable": true,
     "permissions": {"evaluation.read": "jurisdiction", "evaluation.explain": "jurisdiction", "organisation.read": "city"}},
    {"name": "moderate_communities", "label_zh": "社区管理（授权）", "label_en": "Moderate communities (delegated)", "staff": true,
     "requires_organisation": true, "delegable": true,
     "permissions": {"community.moderate": "jurisdiction"}},
    {"name": "reward_points", "label_zh": "积分奖励（授权）", "label_en": "Reward points (delegated)", "staff": true,
     "requires_organisation": true, "delegable": true,
     "permissions": {"points.review": "jurisdiction"}},
    {"name": "system", "label_zh": "系统", "label_en": "System", "staff": false, "permissions": {}}
  ]
}
"""#
}
