/// The shipped access policy: who reads and does what, as practised in a digital urban management
/// centre (domain.md §2). Inspectors, intake, shift leaders and dispatchers work in their jurisdiction;
/// department handlers on their organisation's cases and figures; leaders and analysts read their
/// jurisdiction's cases, evaluations and analytics; citizens their own reports; administrators the city.
extension AccessPolicy {
    public static let standardJSON = #"""
{
  "version": 1,
  "roles": [
    {"name": "inspector", "label_zh": "监督员", "label_en": "Grid inspector", "staff": true, "channels": ["inspector"],
     "permissions": {"case.report": "jurisdiction", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "own", "organisation.read": "city"}},
    {"name": "intake_operator", "label_zh": "受理员", "label_en": "Intake operator", "staff": true, "channels": ["hotline", "higher_level"],
     "permissions": {"case.report": "city", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "own", "organisation.read": "city"}},
    {"name": "shift_leader", "label_zh": "值班长", "label_en": "Shift leader", "staff": true, "channels": ["hotline", "higher_level"],
     "permissions": {"case.report": "city", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "jurisdiction", "evaluation.explain": "jurisdiction",
                     "analytics.read": "jurisdiction", "organisation.read": "city"}},
    {"name": "dispatcher", "label_zh": "派遣员", "label_en": "Dispatcher", "staff": true, "channels": ["hotline"],
     "permissions": {"case.report": "city", "case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction",
                     "media.upload": "own", "evaluation.read": "own", "organisation.read": "city"}},
    {"name": "department_handler", "label_zh": "专业部门", "label_en": "Department handler", "staff": true, "requires_organisation": true,
     "permissions": {"case.read": "organisation", "case.act": "organisation", "media.upload": "own",
                     "evaluation.read": "organisation", "evaluation.explain": "organisation", "analytics.read": "organisation",
                     "organisation.read": "city"}},
    {"name": "leader", "label_zh": "领导", "label_en": "Leader", "staff": true,
     "permissions": {"case.read": "jurisdiction", "case.act": "jurisdiction", "case.duplicates": "jurisdiction", "media.upload": "own",
                     "evaluation.read": "jurisdiction", "evaluation.explain": "jurisdiction", "evaluation.custom": "jurisdiction",
                     "analytics.read": "jurisdiction", "organisation.read": "city", "user.read": "jurisdiction"}},
    {"name": "analyst", "label_zh": "数据分析员", "label_en": "Analyst", "staff": true,
     "permissions": {"case.read": "jurisdiction", "evaluation.read": "jurisdiction", "evaluation.explain": "jurisdiction",
                     "evaluation.custom": "jurisdiction", "analytics.read": "jurisdiction", "organisation.read": "city"}},
    {"name": "citizen", "label_zh": "市民", "label_en": "Citizen", "staff": false, "channels": ["citizen_app"],
     "permissions": {"case.report": "city", "case.read": "own", "case.act": "own", "media.upload": "own",
                     "points.read": "own", "points.redeem": "own"}},
    {"name": "admin", "label_zh": "系统管理员", "label_en": "Administrator", "staff": true, "channels": ["hotline", "higher_level"],
     "permissions": {"case.report": "city", "case.read": "city", "case.act": "city", "case.duplicates": "city", "media.upload": "own",
                     "evaluation.read": "city", "evaluation.explain": "city", "evaluation.custom": "city", "analytics.read": "city",
                     "organisation.read": "city", "user.read": "city",
                     "points.read": "city", "points.review": "city", "points.manage": "city"}},
    {"name": "system", "label_zh": "系统", "label_en": "System", "staff": false, "permissions": {}}
  ]
}
"""#
}
