// tierlens — the readable side of a Result: the summary (CLI --format text, the page's "copy summary"),
// the gap sentence, and the number, month and tier labels every client shows.
//
// [SECTION] labels and numbers
// [SECTION] the gap sentence
// [SECTION] the summary
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "normalize/normalize.hpp"
#include "report/report.hpp"

namespace tl::report {

// [SECTION] labels and numbers -------------------------------------------------------------------

std::string format_number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9e15) return group_digits(static_cast<int64_t>(v));
  const int64_t cents = static_cast<int64_t>(std::llround(v * 100.0));
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02d", static_cast<int>(std::llabs(cents) % 100));
  return (cents < 0 && cents > -100 ? "-" : "") + group_digits(cents / 100) + "." + frac;
}

std::string tier_name(const Tier& t, Lang lang) {
  if (lang == Lang::En && !t.name_en.empty()) return t.name_en;
  return t.name.empty() ? t.id : t.name;
}

std::string month_label(int month, Lang lang) {
  const std::string code = month_code(month);
  if (lang == Lang::En || code.size() != 7) return code;
  return code.substr(0, 4) + "年" + std::to_string(std::atoi(code.c_str() + 5)) + "月";
}

static const char* const kMonthEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string month_short(int month, Lang lang) {
  const int y = month / 12, m = month % 12;
  if (lang == Lang::Zh) return std::to_string(y) + "年" + std::to_string(m + 1) + "月";
  return std::string(kMonthEn[m]) + " " + std::to_string(y);
}

std::string grade_label(const Window& w, Lang lang) {
  if (w.months() <= 0) return "";
  const int g = w.last_month + 1, a = w.first_month, b = w.last_month;
  const bool same_year = a / 12 == b / 12;
  if (lang == Lang::Zh) {
    const std::string span = same_year && a / 12 == g / 12
                                 ? (a == b ? std::to_string(a % 12 + 1) : std::to_string(a % 12 + 1) + "–" + std::to_string(b % 12 + 1)) + "月"
                                 : month_short(a, lang) + (a == b ? "" : "–" + month_short(b, lang));
    return month_short(g, lang) + "评级 · " + span + "业绩";
  }
  const std::string span = same_year && a / 12 == g / 12 ? (a == b ? std::string(kMonthEn[a % 12]) : std::string(kMonthEn[a % 12]) + "–" + kMonthEn[b % 12])
                                                         : month_short(a, lang) + (a == b ? "" : "–" + month_short(b, lang));
  return month_short(g, lang) + " grade · " + span;
}

std::string gap_phrase(Metric m, double missing, Lang lang) {
  const std::string n = format_number(missing);
  const bool zh = lang == Lang::Zh;
  switch (m) {
    case Metric::PaidOrders: return zh ? n + " 单支付订单量" : n + " more paid orders";
    case Metric::ActiveMerchants: return zh ? "再有 " + n + " 个动销商家" : n + " more active merchants";
    case Metric::QualifiedMerchants: return zh ? "再有 " + n + " 个服务达标商家" : n + " more qualified merchants";
    case Metric::PaidAmount: return zh ? "¥" + n + " 支付金额" : "¥" + n + " more paid amount";
  }
  return n;
}

// [SECTION] eligibility ------------------------------------------------------------------------

// The last day of month M-1, the day a provider must be certified by for M's grade: "2023年8月31日" / "31 Aug 2023".
static std::string deadline_day(int grade_month, Lang lang) {
  const int prev = grade_month - 1, y = prev / 12, m = prev % 12;
  const int d = static_cast<int>((norm::month_start_cst_seconds(grade_month) - norm::month_start_cst_seconds(prev)) / 86400);
  if (lang == Lang::Zh) return std::to_string(y) + "年" + std::to_string(m + 1) + "月" + std::to_string(d) + "日";
  return std::to_string(d) + " " + kMonthEn[m] + " " + std::to_string(y);
}

std::string eligibility_sentence(const ProviderResult& p, Lang lang) {
  if (!p.eligibility) return "";
  const Eligibility& e = *p.eligibility;
  const bool zh = lang == Lang::Zh;
  const std::string grade = month_short(e.grade_month, lang), by = deadline_day(e.grade_month, lang);
  const std::string since = e.certified_since ? norm::format_day(*e.certified_since) : std::string();
  switch (e.status) {
    case Eligibility::Status::Eligible:
      return zh ? "参评" + grade + "评级：认证于 " + since + "，不晚于" + by : "Eligible for the " + grade + " grade: certified " + since + ", by " + by;
    case Eligibility::Status::NotEligible:
      return zh ? "不参评" + grade + "评级：认证于 " + since + "，晚于" + by + "（等级按数据计算，仅供参考）"
                : "Not eligible for the " + grade + " grade: certified " + since + ", after " + by + " (the tier is what the numbers earn, for reference)";
    case Eligibility::Status::Unknown: break;
  }
  return zh ? grade + "评级参评资格未知：服务商名单中没有该服务商" : "Eligibility for the " + grade + " grade unknown: not in the providers file";
}

std::string eligibility_label(const ProviderResult& p, Lang lang) {
  if (!p.eligibility) return "";
  const bool zh = lang == Lang::Zh;
  switch (p.eligibility->status) {
    case Eligibility::Status::Eligible: return zh ? "参评" : "Eligible";
    case Eligibility::Status::NotEligible: return zh ? "不参评" : "Not eligible";
    case Eligibility::Status::Unknown: break;
  }
  return zh ? "参评未知" : "Unknown";
}

std::string grade_eligibility_note(const Grade::Provider& p, Lang lang) {
  if (!p.eligibility || *p.eligibility == Eligibility::Status::Eligible) return "";
  const bool zh = lang == Lang::Zh, no = *p.eligibility == Eligibility::Status::NotEligible;
  return zh ? (no ? "（不参评）" : "（参评未知）") : (no ? " (not eligible)" : " (eligibility unknown)");
}

std::string eligibility_header(const Result& r, Lang lang) {
  const bool zh = lang == Lang::Zh;
  if (!r.eligibility_checked) return zh ? "参评资格：未检查（没有服务商名单）" : "Eligibility: not checked (no providers file)";
  const int g = r.window.grade_month();
  return zh ? "参评资格：按服务商名单，" + month_short(g, lang) + "评级只计 " + deadline_day(g, lang) + "（含）前认证的服务商"
            : "Eligibility: from the providers file, the " + month_short(g, lang) + " grade counts providers certified by " + deadline_day(g, lang) + " (inclusive)";
}

// [SECTION] the gap sentence ---------------------------------------------------------------------

std::string gap_sentence(const Result& r, const ProviderResult& p, Lang lang) {
  if (!p.next) return "";
  const NextTier& n = *p.next;
  const bool zh = lang == Lang::Zh;
  const std::string name = tier_name(r.rules.tiers[n.tier], lang);
  if (n.required.empty() && n.any_of.empty()) return zh ? "「" + name + "」的条件都已满足" : "All conditions of " + name + " hold";
  std::string out = zh ? "距「" + name + "」还差：" : "To reach " + name + ": ";
  for (size_t i = 0; i < n.required.size(); ++i)
    out += (i ? (zh ? "；并且 " : "; and ") : "") + gap_phrase(n.required[i].metric, n.required[i].missing, lang);
  if (!n.any_of.empty()) {
    if (!n.required.empty()) out += zh ? "；并且以下任一项：" : "; and one of: ";
    else out += zh ? "以下任一项：" : "one of: ";
    for (size_t i = 0; i < n.any_of.size(); ++i) {
      out += (i ? (zh ? "，或 " : ", or ") : "") + gap_phrase(n.any_of[i].metric, n.any_of[i].missing, lang);
      if (n.cheapest && *n.cheapest == n.any_of[i].metric) out += zh ? "（最容易）" : " (easiest)";
    }
  }
  return out;
}

// [SECTION] the summary --------------------------------------------------------------------------

static const char* op_text(Op o) { return op_name(o); }

std::string text(const Result& r, Lang lang, Host host) {
  const bool zh = lang == Lang::Zh;
  std::string t;
  const Window& w = r.window.window;
  if (w.months()) {
    t += grade_label(w, lang) + (zh ? "（评估周期 " : " (window ") + month_code(w.first_month) + " .. " + month_code(w.last_month) +
         (zh ? "，" + std::to_string(w.months()) + " 个月）" : ", " + std::to_string(w.months()) + " months)");
    if (r.window.last_month_incomplete) t += zh ? "  ⚠ 最后一个月数据不完整" : "  ⚠ the last month looks incomplete";
    t += "\n";
    if (r.window.in_progress)
      t += zh ? "  " + month_short(*r.window.in_progress + 1, lang) + "评级进行中：" + month_short(*r.window.in_progress, lang) + "的数据未满月，不计入本次评级。\n"
              : "  The " + month_short(*r.window.in_progress + 1, lang) + " grade is in progress: " + month_short(*r.window.in_progress, lang) +
                    " is not a whole month in the data and is left out.\n";
  } else {
    t += zh ? "评估周期：（没有数据）\n" : "Window: (no data)\n";
  }
  if (w.months()) t += eligibility_header(r, lang) + "\n";
  for (const ProviderResult& p : r.providers) {
    t += "\n";
    t += (zh ? "服务商：" : "Provider: ") + (p.id.empty() ? std::string(zh ? "（全部数据）" : "(all data)") : p.id) +
         (p.name.empty() ? "" : "  " + p.name) + "\n";
    t += (zh ? "  等级：" : "  Tier: ") + tier_name(r.tier_of(p), lang) + "\n";
    if (p.eligibility)   // what the grade counts, beside what the numbers earn
      t += (p.eligibility->status == Eligibility::Status::Eligible ? "  " : "  ⚠ ") + eligibility_sentence(p, lang) + "\n";
    t += "  " + std::string(metric_label("paid_orders", lang)) + " " + group_digits(p.metrics.paid_orders) + " · " +
         metric_label("active_merchants", lang) + " " + group_digits(p.metrics.active_merchants) + " · " +
         metric_label("qualified_merchants", lang) + " " + group_digits(p.metrics.qualified_merchants) + " · " +
         metric_label("paid_amount", lang) + " " + format_number(static_cast<double>(p.metrics.paid_amount_cents) / 100.0) + "\n";
    for (const TierResult& tr : p.tiers) {
      if (tr.tier == 0) continue;
      const std::string name = tier_name(r.rules.tiers[tr.tier], lang);
      if (!tr.configured) {
        t += "  [" + name + "] " + (zh ? "标准未公布，未配置（可在规则中添加）\n" : "criteria not published — add them in the rules\n");
        continue;
      }
      t += "  [" + name + "] " + (tr.earned ? (zh ? "达成" : "earned") : (zh ? "未达成" : "not earned")) + "\n";
      for (const ConditionResult& c : tr.conditions) {
        char buf[512];
        std::snprintf(buf, sizeof buf, "    %s %s %s %s · %s %s %s\n", c.any_group ? (zh ? "任一" : "any") : (zh ? "必须" : "all"),
                      metric_label(metric_name(c.metric), lang), op_text(c.op), format_number(c.bar).c_str(),
                      zh ? "当前" : "value", format_number(c.value).c_str(), c.pass ? "✓" : "✗");
        t += buf;
      }
    }
    const std::string gap = gap_sentence(r, p, lang);
    if (!gap.empty()) t += "  " + gap + "\n";
  }
  if (!r.history.empty()) {   // asked for: every past grade, one line per grade and provider
    t += zh ? "\n历次评级：\n" : "\nPast grades:\n";
    for (const Grade& g : r.history)
      for (const Grade::Provider& p : g.providers)
        t += "  " + grade_label(g.window, lang) + "  " + (p.id.empty() ? std::string(zh ? "（全部数据）" : "(all data)") : p.id) + "  " +
             tier_name(r.rules.tiers[p.tier], lang) + grade_eligibility_note(p, lang) + "  " + metric_label("paid_orders", lang) + " " + group_digits(p.metrics.paid_orders) +
             " · " + metric_label("active_merchants", lang) + " " + group_digits(p.metrics.active_merchants) + " · " +
             metric_label("qualified_merchants", lang) + " " + group_digits(p.metrics.qualified_merchants) + "\n";
  }
  if (r.comparison) t += comparison_text(r, lang);   // asked for: report/plan.cpp
  if (r.plan) t += "\n" + plan_text(r, lang);
  if (r.projection) t += projection_text(r, lang);   // asked for: report/projection.cpp
  const DataQuality& q = r.quality;
  t += zh ? "\n数据质量：读取 " + group_digits(static_cast<int64_t>(q.rows_read)) + " 行，计入 " +
                group_digits(static_cast<int64_t>(q.rows_counted)) + " 行\n"
          : "\nData quality: rows read " + group_digits(static_cast<int64_t>(q.rows_read)) + ", counted " +
                group_digits(static_cast<int64_t>(q.rows_counted)) + "\n";
  for (const ReasonTally& rt : q.not_counted) {
    if (!rt.count) continue;
    std::string lines;
    for (const Sample& smp : rt.samples)
      lines += (lines.empty() ? (zh ? "，例如 " : ", e.g. ") : ", ") + smp.file + ":" + std::to_string(smp.line);
    t += (zh ? "  未计入 · " : "  not counted · ") + std::string(reason_label(rt.reason, lang)) + (zh ? "：" : ": ") +
         group_digits(static_cast<int64_t>(rt.count)) + lines + "\n";
  }
  if (!q.industries_without_standard.empty()) {
    t += zh ? "  缺少达标标准的行业：" : "  industries without a standard:";
    for (auto& i : q.industries_without_standard) t += " " + (i.empty() ? std::string(zh ? "（无行业）" : "(none)") : i);
    t += "\n";
  }
  for (const FileInfo& f : q.files) {
    if (f.error) t += "  ✗ " + render_full(*f.error, lang, host) + "\n";
    for (const Message& m : f.warnings) t += "  ⚠ " + render_full(m, lang, host) + "\n";
  }
  return t;
}

}  // namespace tl::report
