"""The user interface's words, as data: one table of key -> (English, Chinese).

``t(key, lang)`` looks a key up; a test checks every key has both languages and every key the
pages use exists. Rubric names (steps, violations, categories, levels) are here too so the whole
screen switches language together.
"""

from __future__ import annotations

LANGS = ("en", "zh")

STRINGS: dict[str, tuple[str, str]] = {
    # shell
    "app_title": ("callqa listening room", "callqa 听音室"),
    "language": ("Language", "语言"),
    "login": ("Log in", "登录"),
    "logout": ("Log out", "退出登录"),
    "login_sso": ("Log in with single sign-on", "使用单点登录"),
    "sso_unknown": ("Your identity {email} has no callqa user; ask an admin to add it.",
                    "您的身份 {email} 没有对应的 callqa 用户，请联系管理员添加。"),
    "username": ("User name", "用户名"),
    "password": ("Password", "密码"),
    "bad_login": ("Unknown user or wrong password.", "用户名或密码错误。"),
    "no_users": ("No users yet. Add one with: callqa users add NAME --role admin",
                 "还没有用户。请运行：callqa users add 用户名 --role admin"),
    "signed_in_as": ("Signed in as {name} ({role})", "当前用户：{name}（{role}）"),
    "page": ("Page", "页面"),
    "no_access": ("You do not have access to this page.", "您无权访问此页面。"),
    "no_call_access": ("This call does not exist or you may not see it.", "该通话不存在或您无权查看。"),
    "db_busy": ("The database is busy (the pipeline is writing); showing the page again shortly.",
                "数据库正忙（流水线正在写入），请稍候刷新。"),
    "no_db": ("No database at {path} yet: run `callqa run` first.", "数据库 {path} 尚不存在：请先运行 `callqa run`。"),
    "refresh": ("Refresh", "刷新"),
    # pages
    "page_listening": ("Listening room", "听音室"),
    "page_queue": ("QA queue", "质检队列"),
    "page_coaching": ("Coaching", "辅导"),
    "page_trends": ("Trends", "趋势"),
    "page_calibration": ("Calibration", "校准"),
    "page_admin": ("Admin", "管理"),
    # roles
    "role_qa_reviewer": ("QA reviewer", "质检员"),
    "role_team_lead": ("Team lead", "组长"),
    "role_manager": ("Manager", "经理"),
    "role_agent": ("Agent", "客服"),
    "role_admin": ("Admin", "管理员"),
    # filters
    "filters": ("Filters", "筛选"),
    "date_range": ("Date", "日期"),
    "team": ("Team", "团队"),
    "agent": ("Agent", "客服"),
    "queue": ("Queue", "队列"),
    "category": ("Category", "类别"),
    "level": ("Resolution level", "解决力"),
    "violation": ("Violation", "违规"),
    "compliance": ("Compliance", "话术合规"),
    "min_compliance": ("Compliance at most", "话术合规率不高于"),
    "sentiment_shift": ("Customer sentiment shift", "客户情绪变化"),
    "shift_any": ("any", "不限"),
    "shift_worse": ("got worse", "变差"),
    "shift_better": ("got better", "变好"),
    "verdict": ("Transcript reliability", "转写可靠性"),
    "search": ("Search transcripts", "搜索转写文本"),
    "any": ("(any)", "（不限）"),
    "calls_found": ("{n} calls", "共 {n} 通"),
    "open_call": ("Open call", "打开通话"),
    "export_csv": ("Export these calls (CSV)", "导出这些通话（CSV）"),
    "download": ("Download", "下载"),
    "no_calls": ("No calls match.", "没有符合条件的通话。"),
    # call page
    "back": ("Back to calls", "返回通话列表"),
    "call": ("Call", "通话"),
    "started_at": ("Started", "开始时间"),
    "duration": ("Duration", "时长"),
    "no_audio": ("Audio file not available: {path}", "音频文件不可用：{path}"),
    "transcript": ("Transcript", "转写"),
    "jump": ("Play from {t}", "从 {t} 播放"),
    "speaker_agent": ("Agent", "客服"),
    "speaker_customer": ("Customer", "客户"),
    "sentiment": ("Sentiment", "情绪"),
    "redacted": ("redacted", "已脱敏"),
    "scores": ("Scores and evidence", "评分与依据"),
    "script_steps": ("Script steps", "标准话术"),
    "violations": ("Violations", "违规"),
    "met": ("met", "达成"),
    "missed": ("missed", "未达成"),
    "not_applicable": ("n/a", "不适用"),
    "evidence": ("Evidence", "依据"),
    "no_evidence": ("no evidence recorded", "无依据记录"),
    "politeness": ("Politeness", "礼貌"),
    "metrics": ("Conversation metrics", "对话指标"),
    "reliability_reasons": ("Why the transcript may be unreliable", "转写可能不可靠的原因"),
    "no_scores": ("This call has not been scored yet.", "该通话尚未评分。"),
    # review
    "review_panel": ("Review", "复核"),
    "machine": ("Machine", "机器"),
    "human": ("Your judgement", "您的判断"),
    "reason": ("Reason (required when you change a score)", "原因（修改评分时必填）"),
    "coaching_note": ("Coaching note", "辅导备注"),
    "coaching_flag": ("Add to the coaching library", "加入辅导案例库"),
    "submit_review": ("Save review", "保存复核"),
    "review_saved": ("Review saved: {confirmed} confirmed, {corrected} corrected.",
                     "复核已保存：确认 {confirmed} 项，修改 {corrected} 项。"),
    "reason_required": ("A reason is required for each corrected score: {criteria}",
                        "以下修改的评分需要填写原因：{criteria}"),
    "reviews_so_far": ("Reviews of this call", "本通话的复核记录"),
    "no_reviews": ("No reviews yet.", "暂无复核。"),
    "dispute": ("Dispute this review", "对此复核提出申诉"),
    "dispute_reason": ("Why do you dispute it?", "申诉理由"),
    "dispute_saved": ("Dispute raised.", "申诉已提交。"),
    "read_only": ("Your role can read this call but not review it.", "您的角色只能查看此通话，不能复核。"),
    # queue
    "plans": ("Sampling plans", "抽样计划"),
    "new_plan": ("New sampling plan", "新建抽样计划"),
    "plan_name": ("Plan name", "计划名称"),
    "per_agent_week": ("Calls per agent per week", "每位客服每周抽样数"),
    "risk_weight": ("Risky calls weigh (×)", "高风险通话权重（倍）"),
    "seed": ("Seed (same seed, same draw)", "随机种子（相同种子，相同结果）"),
    "reviewers": ("Reviewers to assign", "分配给质检员"),
    "draw": ("Draw and assign", "抽样并分配"),
    "plan_drawn": ("Plan {name}: {n} calls drawn ({risky} risky) and assigned.",
                   "计划 {name}：抽取 {n} 通（高风险 {risky} 通）并已分配。"),
    "my_assignments": ("My assignments", "我的任务"),
    "all_assignments": ("Assignments", "任务分配"),
    "status": ("Status", "状态"),
    "status_todo": ("to do", "待办"),
    "status_in_review": ("in review", "复核中"),
    "status_done": ("done", "已完成"),
    "status_disputed": ("disputed", "申诉中"),
    "set_status": ("Set status", "更新状态"),
    "disputes": ("Disputes", "申诉"),
    "open_disputes": ("Open disputes", "待处理申诉"),
    "resolve": ("Resolve", "处理"),
    "resolution_text": ("Resolution", "处理结论"),
    "uphold": ("Uphold the review", "维持复核结论"),
    "overturn": ("Overturn the review", "推翻复核结论"),
    "resolved": ("Dispute resolved.", "申诉已处理。"),
    "resolved_overturned": ("Dispute resolved: the correction is saved as a new review.",
                            "申诉已处理：更正已另存为一条新的复核。"),
    "overturn_value": ("Correct value, used when overturning (machine: {machine}; disputed review: {disputed})",
                       "推翻时的正确结果（机器：{machine}；被申诉的复核：{disputed}）"),
    "overturn_needs_reason": ("Overturning a review needs a reason.", "推翻复核结论须填写理由。"),
    "dispute_open": ("open", "待处理"),
    "dispute_resolved": ("resolved", "已处理"),
    "outcome_upheld": ("upheld", "维持"),
    "outcome_overturned": ("overturned", "推翻"),
    "second_reviewer_only": ("A dispute is resolved by a second reviewer, not the one who reviewed.",
                             "申诉须由另一位质检员处理，不能由原复核人处理。"),
    "no_disputes": ("No open disputes.", "没有待处理的申诉。"),
    # coaching
    "agent_scorecard": ("Agent scorecard", "客服成绩单"),
    "show_library": ("Show the exemplary calls of every agent", "显示所有客服的优秀通话"),
    "vs_team": ("Agent vs team", "客服与团队对比"),
    "level_distribution": ("Resolution level distribution", "解决力分布"),
    "step_compliance": ("Compliance per script step", "各话术步骤合规率"),
    "weekly_trend": ("Trend by week", "周趋势"),
    "best_calls": ("Best calls (惊喜级)", "最佳通话（惊喜级）"),
    "worst_calls": ("Calls to coach", "待辅导通话"),
    "coaching_library": ("Coaching library", "辅导案例库"),
    "coaching_notes": ("Coaching notes", "辅导备注"),
    "share": ("share", "占比"),
    "who": ("who", "对象"),
    # trends
    "group_by": ("Group by", "分组"),
    "week": ("Week", "周"),
    "kpi": ("KPI", "指标"),
    "kpi_calls": ("Calls", "通话量"),
    "kpi_mean_level": ("Mean level", "平均解决力"),
    "kpi_surprise_rate": ("惊喜级 rate", "惊喜级占比"),
    "kpi_compliance": ("Compliance", "合规率"),
    "kpi_violation_rate": ("Violation rate", "违规率"),
    "kpi_shift": ("Customer sentiment shift", "客户情绪变化"),
    "kpi_handle_time": ("Handle time (s)", "处理时长（秒）"),
    "categories_over_time": ("Complaint categories over time", "投诉类别趋势"),
    "category_alert": ("Sudden rise: {category} had {n} calls in the week of {week}, {ratio:.1f}× its recent average.",
                       "突增：{category} 在 {week} 这一周有 {n} 通，为近期平均的 {ratio:.1f} 倍。"),
    "drill_down": ("Drill down", "下钻"),
    # calibration
    "machine_vs_human": ("Machine vs human", "机器与人工一致性"),
    "criterion": ("Criterion", "评分项"),
    "pairs": ("Pairs", "样本数"),
    "agreement": ("Agreement", "一致率"),
    "kappa": ("Kappa", "Kappa"),
    "statistic": ("Statistic", "统计量"),
    "reviewer_vs_reviewer": ("Reviewer vs reviewer", "质检员之间一致性"),
    "leniency": ("Reviewer leniency (human − machine level)", "质检员宽严度（人工 − 机器解决力）"),
    "most_disputed": ("Calls where they disagree most", "分歧最大的通话"),
    "not_enough": ("Not enough reviewed calls yet.", "复核数据不足。"),
    "trust_hint": ("Kappa above 0.8 is strong agreement; below 0.4, check the machine's scores by hand.",
                   "Kappa 高于 0.8 表示高度一致；低于 0.4 时请人工核查机器评分。"),
    # admin
    "users": ("Users and roles", "用户与角色"),
    "add_user": ("Add or replace a user", "添加或替换用户"),
    "role": ("Role", "角色"),
    "teams": ("Teams (comma separated)", "团队（逗号分隔）"),
    "agent_id": ("Agent id", "客服工号"),
    "display_name": ("Name", "姓名"),
    "user_saved": ("User {name} saved.", "用户 {name} 已保存。"),
    "rubrics": ("Rubric versions", "评分标准版本"),
    "rescore_diff": ("Re-score difference between rubric versions", "不同评分标准版本的重评差异"),
    "from_version": ("From version", "原版本"),
    "to_version": ("To version", "新版本"),
    "processing": ("Processing status", "处理状态"),
    "failures": ("Failed files and reasons", "失败文件及原因"),
    "audit_log": ("Audit log", "审计日志"),
    "nothing_yet": ("Nothing yet.", "暂无数据。"),
}

RUBRIC_NAMES: dict[str, tuple[str, str]] = {
    "resolution_level": ("Resolution level", "解决力"),
    "level.0": ("0 Unresolved", "0 未解决"),
    "level.1": ("1 Logged", "1 已受理"),
    "level.2": ("2 Resolved", "2 已解决"),
    "level.3": ("3 Satisfied", "3 满意级"),
    "level.4": ("4 Surprise", "4 惊喜级"),
    "greeting": ("Greeting", "问候"),
    "self_intro": ("Self-introduction", "自我介绍"),
    "offer_help": ("Offer help", "询问需求"),
    "verification": ("Verification", "信息核对"),
    "empathy": ("Empathy", "致歉共情"),
    "solution": ("Solution", "解决方案"),
    "transfer_notice": ("Transfer notice", "转接告知"),
    "other_needs": ("Other needs", "其他需求"),
    "closing": ("Closing", "结束语"),
    "evasive": ("Evasive", "推诿"),
    "rude": ("Rude", "态度恶劣"),
    "long_silence": ("Long silence", "长时间静默"),
    "overtalk": ("Overtalk", "抢话"),
    "no_apology_on_complaint": ("No apology on complaint", "投诉未致歉"),
    "order_delay": ("Order delay", "订单延迟"),
    "food_quality": ("Food quality", "商品质量"),
    "refund_dispute": ("Refund dispute", "退款纠纷"),
    "service_attitude": ("Service attitude", "服务态度"),
    "rider_issue": ("Rider issue", "配送员问题"),
    "other": ("Other", "其他"),
    "ok": ("reliable", "可靠"),
    "review": ("needs review", "需人工复核"),
    "unusable": ("unusable", "不可用"),
}

STEPS = ("greeting", "self_intro", "offer_help", "verification", "empathy", "solution",
         "transfer_notice", "other_needs", "closing")
VIOLATIONS = ("evasive", "rude", "long_silence", "overtalk", "no_apology_on_complaint")
CATEGORIES = ("order_delay", "food_quality", "refund_dispute", "service_attitude", "rider_issue", "other")
VERDICTS = ("ok", "review", "unusable")


def t(key: str, lang: str, **values) -> str:
    """The UI text for ``key`` in ``lang`` ('en' or 'zh'), formatted with ``values``."""
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def name(code: str, lang: str) -> str:
    """A rubric code's display name (step, violation, category, verdict, ``level.N``); else the code."""
    pair = RUBRIC_NAMES.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "zh" else pair[0]


def level_name(level: float | int | None, lang: str) -> str:
    if level is None or level != level:  # None or NaN
        return "–"
    return name(f"level.{int(level)}", lang)
