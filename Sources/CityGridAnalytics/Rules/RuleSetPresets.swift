/// The rule sets CityGrid ships (`--rules standard|three-rates|basic`), as the text a city starts
/// from: `citygrid export rules NAME > my.rules`, edit, `citygrid evaluate --rules my.rules`.
public enum RuleSetPresets {
    public static let names = ["standard", "three-rates", "basic"]

    public static func text(_ name: String) -> String? {
        switch name {
        case "standard": standard
        case "three-rates": threeRates
        case "basic": basic
        default: nil
        }
    }

    /// The national-standard style of evaluation (CJ/T 292 as practised; domain reference §4): people
    /// by role, departments and regions. Weights and tables are the reference's or local choices.
    public static let standard = """
        # 数字城管综合评价（国标式，CJ/T 292 的一种开放实现；权重与分值表为地方选择，可编辑）
        # Digital city management evaluation in the national-standard style (weights and tables are local choices).
        ruleset standard
        label 数字城管综合评价（国标式） | Digital city management evaluation (national-standard style)
        grades A 90 B 75 C 60 D 40 E

        subject inspector
        indicator valid_report = rate filed / from_inspector ; weight 40 ; by reporter ; label 有效上报率 | Valid report rate
        indicator miss = ratio from_public / filed ; weight 20 ; invert ; by grid ; label 漏报率 | Miss rate
        indicator verify_on_time = rate verification_on_time / verification_done ; weight 20 ; by verification ; label 按时核实率 | On-time verification rate
        indicator check_on_time = rate check_on_time / check_done ; weight 20 ; by check ; label 按时核查率 | On-time check rate

        # This workflow has no send-to-check step (a disposal goes to the check by itself): the reference's
        # on-time send-to-check rate is replaced by on-time intake. Send-to-verify: the first intake passage.
        subject intake_operator
        indicator volume = count intake_done ; weight 25 ; table 0:0 100:60 300:80 600:100 ; label 受理量得分 | Volume score
        indicator intake_on_time = rate intake_on_time / intake_done ; weight 40 ; label 按时受理率 | On-time intake rate
        indicator verify_on_time = rate intake_first_on_time / intake_done + verified ; weight 35 ; by first intake ; label 按时派核实率 | On-time send-to-verify rate

        subject shift_leader
        indicator filing_on_time = rate filing_on_time / filing_done ; weight 25 ; label 按时立案率 | On-time filing rate
        indicator accurate_filing = rate !invalidated / filed ; weight 40 ; label 准确立案率 | Accurate filing rate
        indicator closing_on_time = rate closing_on_time / closing_done ; weight 35 ; by closing ; label 按时结案率 | On-time closing rate

        # A returned dispatch counts against the dispatcher who made it (the first dispatch).
        subject dispatcher
        indicator volume = count dispatch_done ; weight 20 ; table 0:0 100:60 300:80 600:100 ; label 派遣量得分 | Volume score
        indicator dispatch_on_time = rate dispatch_on_time / dispatch_done ; weight 40 ; label 按时派遣率 | On-time dispatch rate
        indicator accurate_dispatch = rate !returned / dispatch_done ; weight 40 ; by first dispatch ; label 准确派遣率 | Accurate dispatch rate

        # "department": every disposing body; "enterprise": the utilities and contractors alone.
        subject department enterprise
        indicator volume = count dispatched ; weight 10 ; table 0:0 50:60 200:80 500:100 ; label 案件量得分 | Case volume score
        indicator closure = rate closed / disposed | overdue ; weight 30 ; label 结案率 | Closure rate
        indicator on_time = rate disposed_on_time / disposed ; weight 30 ; label 按期处置率 | On-time disposal rate
        indicator rework = rate reworked / disposed ; weight 30 ; invert ; label 返工率 | Rework rate
        deduct rework_3 = 1 per reworked_3 ; label 三次及以上返工 | Reworked three times or more

        subject district subdistrict community grid
        indicator inspector_share = rate from_inspector / all ; weight 10 ; label 监督员上报率 | Inspector report rate
        indicator closure = rate closed / disposed | overdue ; weight 20 ; label 结案率 | Closure rate
        indicator closed_on_time = rate closed_on_time / disposed | overdue ; weight 30 ; label 按期结案率 | On-time closure rate
        indicator density = density filed ; weight 40 ; table 0:100 100:90 300:75 600:60 1000:40 3000:0 ; label 立案密度得分（件/平方公里） | Filed-case density score (per km²)
        """

    /// The 12345 hotline's "three rates" (三率): response, resolution, satisfaction, weighted 10/50/40.
    public static let threeRates = """
        # 12345 热线“三率”考核：响应率、解决率、满意率（权重 10/50/40，可编辑，如 30/35/35）
        # The 12345 hotline's three rates (weights 10/50/40; change them, e.g. to 30/35/35).
        ruleset three-rates
        label 12345“三率”考核 | 12345 "three rates"
        grades A 90 B 75 C 60 D 40 E

        subject any
        indicator response = rate visited / closed + from_public ; weight 10 ; label 响应率 | Response rate
        indicator resolution = rate solved / visited ; weight 50 ; label 解决率 | Resolution rate
        indicator satisfaction = mean satisfaction_score over answered ; weight 40 ; label 满意率 | Satisfaction rate
        """

    /// The six figures of the benchmark, defined as in `shared/anchors/kpi.py`, for any subject.
    public static let basic = """
        # 基本指标：与 shared/anchors/kpi.py 的定义一致；不计综合分
        # The basic figures, defined as in shared/anchors/kpi.py; no composite score.
        ruleset basic
        label 基本指标 | Basic figures

        subject any
        indicator cases = count all ; label 案件数 | Cases
        indicator closure_rate = rate closed / all ; label 结案率 | Closure rate
        indicator ontime_disposal_rate = rate disposed_on_time / disposed ; label 按期处置率 | On-time disposal rate
        indicator rework_rate = rate reworked / all ; label 返工率 | Rework rate
        indicator mean_disposal_hours = mean disposal_hours over disposed ; label 平均处置时长（小时） | Mean disposal hours
        indicator mean_satisfaction = mean satisfaction_score over answered ; label 平均满意度 | Mean satisfaction
        """
}
