// tierlens — the report to forward (docs/report-html.md): one self-contained HTML file with a provider's
// tier, each criterion against its bar, the gap plan, the monthly chart and the grade history as inline
// SVG, data quality and the rules used. No script, no font, no request: a CSP meta allows inline styles
// and data: images only, and it prints to A4 from any browser. It holds the evaluation's aggregates and
// the providers' merchant tables, never an order row; every figure is the Result's (nothing recomputed),
// every sentence the text report's (report/text.cpp, report/plan.cpp).
//
// [SECTION] small pieces
// [SECTION] charts (inline SVG)
// [SECTION] a provider's section
// [SECTION] data quality and rules
// [SECTION] the page
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "report/report.hpp"
#include "report/sections.hpp"

namespace tl::report {

namespace {

// [SECTION] small pieces -------------------------------------------------------------------------

constexpr size_t kMaxSections = 20;   // providers with a section of their own (all providers: the ranking lists every one)
constexpr size_t kPlanLines = 20;     // merchants per plan list (the merchant table lists them all)

// Text from the data or the rules, safe in element content and in quoted attribute values.
std::string esc(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

struct Words {
  bool zh;
  const char* operator()(const char* z, const char* e) const { return zh ? z : e; }
};

std::string count(int64_t v) { return group_digits(v); }
std::string count(uint64_t v) { return group_digits(static_cast<int64_t>(v)); }
std::string amount(int64_t cents) { return "¥" + format_number(static_cast<double>(cents) / 100.0); }
std::string metric_text(Metric m, Lang lang) { return metric_label(metric_name(m), lang); }

std::string provider_title(const ProviderResult& p, Words w) {
  return esc(p.id.empty() ? std::string(w("（全部数据）", "(all data)")) : p.id) + (p.name.empty() ? "" : " <span class=\"muted\">" + esc(p.name) + "</span>");
}

const char* tier_colour(const std::string& id) {
  if (id == "base") return "#7b8494";
  if (id == "silver") return "#8a9bb3";
  if (id == "gold") return "#c9950c";
  if (id == "diamond") return "#2f7fd8";
  return "#5a6acf";
}

std::string badge(const Result& r, size_t tier, Lang lang) {
  const Tier& t = r.rules.tiers[tier];
  return "<span class=\"badge\" style=\"border-color:" + std::string(tier_colour(t.id)) + "\"><i style=\"background:" + tier_colour(t.id) + "\"></i>" +
         esc(tier_name(t, lang)) + "</span>";
}

std::string condition_text(const Condition& c, Lang lang) {
  return esc(metric_text(c.metric, lang)) + " " + esc(op_name(c.op)) + " " + format_number(c.value);
}

std::string best_month(const Result& r, const MerchantRow& m, Lang lang) {
  if (m.best < 0 || m.best >= r.window.window.months()) return "—";
  return month_label(r.window.window.first_month + m.best, lang) + " · " + count(m.best_orders);
}

// [SECTION] charts (inline SVG) ------------------------------------------------------------------

// A step for the value axis: 1, 2 or 5 times a power of ten, about four steps to the top.
double nice_step(double top) {
  if (top <= 0) return 1;
  const double raw = top / 4, p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double k : {1.0, 2.0, 5.0, 10.0})
    if (raw <= k * p) return std::max(1.0, k * p);
  return std::max(1.0, 10 * p);
}

std::string num(double v) {   // an SVG coordinate
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// Paid orders per window month as bars, each with its value.
std::string month_chart(const ProviderResult& p, Lang lang) {
  const size_t n = p.months.size();
  if (!n) return "";
  int64_t top = 0;
  for (const MonthMetrics& m : p.months) top = std::max(top, m.metrics.paid_orders);
  const double step = nice_step(static_cast<double>(top)), axis = std::max(step, std::ceil(static_cast<double>(top) / step) * step);
  const double W = 640, H = 220, L = 56, R = 10, T = 16, B = 34, cw = (W - L - R) / static_cast<double>(n);
  const double fs = n > 12 ? 9 : 11;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 220\" width=\"640\" height=\"220\" role=\"img\" aria-label=\"" +
                  esc(metric_text(Metric::PaidOrders, lang)) + "\">";
  for (double v = 0; v <= axis + 0.5; v += step) {
    const double y = H - B - (H - T - B) * v / axis;
    s += "<line x1=\"" + num(L) + "\" x2=\"" + num(W - R) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) + "\" stroke=\"#e2e6ec\"/>";
    s += "<text x=\"" + num(L - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\" font-size=\"10\" fill=\"#5d6473\">" + format_number(v) + "</text>";
  }
  for (size_t i = 0; i < n; ++i) {
    const double v = static_cast<double>(p.months[i].metrics.paid_orders), h = (H - T - B) * v / axis;
    const double x = L + cw * static_cast<double>(i) + cw * 0.18, bw = cw * 0.64, y = H - B - h;
    s += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(bw) + "\" height=\"" + num(h) + "\" fill=\"#2f6feb\"/>";
    s += "<text x=\"" + num(x + bw / 2) + "\" y=\"" + num(y - 3) + "\" text-anchor=\"middle\" font-size=\"" + num(fs) + "\" fill=\"#1f2430\">" +
         count(p.months[i].metrics.paid_orders) + "</text>";
    s += "<text x=\"" + num(x + bw / 2) + "\" y=\"" + num(H - B + 15) + "\" text-anchor=\"middle\" font-size=\"" + num(fs) + "\" fill=\"#5d6473\">" +
         esc(n > 8 ? month_code(p.months[i].month) : month_short(p.months[i].month, lang)) + "</text>";
  }
  s += "<line x1=\"" + num(L) + "\" x2=\"" + num(W - R) + "\" y1=\"" + num(H - B) + "\" y2=\"" + num(H - B) + "\" stroke=\"#8a93a3\"/></svg>";
  return s;
}

// The provider's tier in each past grade: one row per tier, a dot per grade, joined in time order.
std::string history_chart(const Result& r, const std::vector<std::pair<const Grade*, const Grade::Provider*>>& grades, Lang lang) {
  const size_t n = grades.size(), tiers = r.rules.tiers.size();
  if (!n || !tiers) return "";
  const double L = 110, R = 16, T = 14, row = 28, B = 30, W = 640, H = T + row * static_cast<double>(tiers) + B;
  const double cw = (W - L - R) / static_cast<double>(n);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 " + num(H) + "\" width=\"640\" height=\"" + num(H) +
                  "\" role=\"img\" aria-label=\"" + esc(lang == Lang::Zh ? "历次评级" : "Past grades") + "\">";
  auto y_of = [&](size_t t) { return T + row * (static_cast<double>(tiers - 1 - t) + 0.5); };
  for (size_t t = 0; t < tiers; ++t) {
    s += "<line x1=\"" + num(L) + "\" x2=\"" + num(W - R) + "\" y1=\"" + num(y_of(t)) + "\" y2=\"" + num(y_of(t)) + "\" stroke=\"#e2e6ec\"/>";
    s += "<text x=\"" + num(L - 8) + "\" y=\"" + num(y_of(t) + 4) + "\" text-anchor=\"end\" font-size=\"11\" fill=\"#1f2430\">" +
         esc(tier_name(r.rules.tiers[t], lang)) + "</text>";
  }
  std::string path;
  for (size_t i = 0; i < n; ++i) {
    const double x = L + cw * (static_cast<double>(i) + 0.5), y = y_of(std::min(grades[i].second->tier, tiers - 1));
    path += (i ? " L" : "M") + num(x) + " " + num(y);
  }
  s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#8a93a3\" stroke-width=\"1.5\"/>";
  const double fs = n > 12 ? 9 : 11;
  for (size_t i = 0; i < n; ++i) {
    const size_t t = std::min(grades[i].second->tier, tiers - 1);
    const double x = L + cw * (static_cast<double>(i) + 0.5);
    s += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y_of(t)) + "\" r=\"5\" fill=\"" + tier_colour(r.rules.tiers[t].id) + "\"/>";
    s += "<text x=\"" + num(x) + "\" y=\"" + num(H - B + 16) + "\" text-anchor=\"middle\" font-size=\"" + num(fs) + "\" fill=\"#5d6473\">" +
         esc(n > 8 ? month_code(grades[i].first->month) : month_short(grades[i].first->month, lang)) + "</text>";
  }
  return s + "</svg>";
}

// [SECTION] a provider's section -----------------------------------------------------------------

void criteria(std::string& o, const Result& r, const ProviderResult& p, Lang lang, Words w) {
  o += "<h3>" + std::string(w("各等级条件", "Criteria by tier")) + "</h3>";
  for (const TierResult& tr : p.tiers) {
    if (tr.tier == 0 || tr.tier >= r.rules.tiers.size()) continue;
    const std::string name = esc(tier_name(r.rules.tiers[tr.tier], lang));
    if (!tr.configured) {
      o += "<p class=\"tier\"><b>" + name + "</b> <span class=\"muted\">" + w("标准未公布，未配置（可在规则中添加）", "criteria not published — add them in the rules") +
           "</span></p>";
      continue;
    }
    o += "<table class=\"criteria\"><caption><b>" + name + "</b> " +
         (tr.earned ? std::string("<span class=\"ok\">✓ ") + w("达成", "earned") + "</span>" : std::string("<span class=\"bad\">") + w("未达成", "not earned") + "</span>") +
         "</caption><thead><tr><th>" + w("条件", "Criterion") + "</th><th class=\"n\">" + w("标准", "Bar") + "</th><th class=\"n\">" + w("当前", "Value") +
         "</th><th>" + w("进度", "Progress") + "</th><th>" + w("结果", "Result") + "</th><th class=\"n\">" + w("还差", "Missing") + "</th></tr></thead><tbody>";
    bool any_said = false;
    for (const ConditionResult& c : tr.conditions) {
      if (c.any_group && !any_said) {
        any_said = true;
        o += "<tr><td colspan=\"6\" class=\"muted\">" + std::string(w("以下任一项满足即可：", "One of the following:")) + "</td></tr>";
      }
      const double frac = c.bar > 0 ? std::clamp(c.value / c.bar, 0.0, 1.0) : (c.pass ? 1.0 : 0.0);
      char pct[32];
      std::snprintf(pct, sizeof pct, "%.0f", frac * 100);
      o += "<tr><td>" + std::string(c.any_group ? "&#160;&#160;" : "") + esc(metric_text(c.metric, lang)) +
           (c.any_group ? "" : std::string(" <span class=\"muted\">") + w("（必须）", "(required)") + "</span>") + "</td><td class=\"n\">" + esc(op_name(c.op)) +
           " " + format_number(c.bar) + "</td><td class=\"n\">" + format_number(c.value) + "</td><td><div class=\"bar\"><i class=\"" +
           (c.pass ? "ok" : "") + "\" style=\"width:" + pct + "%\"></i></div></td><td>" +
           (c.pass ? std::string("<span class=\"ok\">✓ ") + w("满足", "pass") + "</span>" : std::string("<span class=\"bad\">✗ ") + w("未满足", "fail") + "</span>") +
           "</td><td class=\"n\">" + (c.pass ? std::string("—") : format_number(c.missing())) + "</td></tr>";
    }
    o += "</tbody></table>";
  }
}

void merchant_rows_table(std::string& o, const Result& r, const ProviderResult& p, const std::vector<uint32_t>& rows, bool candidates, Lang lang, Words w) {
  o += "<table><thead><tr><th>" + std::string(w("商家ID", "Merchant ID")) + "</th><th>" + w("商家名称", "Name") + "</th><th>" + w("行业", "Industry") + "</th>";
  if (candidates)
    o += "<th>" + std::string(w("最佳月份 · 订单", "Best month · orders")) + "</th><th class=\"n\">" + w("月度标准", "Standard") + "</th><th class=\"n\">" +
         w("差额（单）", "Short (orders)") + "</th>";
  o += "</tr></thead><tbody>";
  for (size_t k = 0; k < rows.size() && k < kPlanLines; ++k) {
    const MerchantRow& m = p.merchants[rows[k]];
    o += "<tr><td>" + esc(r.merchant_id(m)) + "</td><td>" + esc(r.merchant_name(m)) + "</td><td>" +
         (r.merchant_industry(m).empty() ? std::string(w("（无行业）", "(no industry)")) : esc(r.merchant_industry(m))) + "</td>";
    if (candidates)
      o += "<td>" + best_month(r, m, lang) + "</td><td class=\"n\">" + (m.standard ? count(*m.standard) : "—") + "</td><td class=\"n\">" +
           (m.shortfall ? count(*m.shortfall) : "—") + "</td>";
    o += "</tr>";
  }
  o += "</tbody></table>";
  if (rows.size() > kPlanLines)
    o += "<p class=\"muted\">" + (w.zh ? "… 另有 " + count(static_cast<int64_t>(rows.size() - kPlanLines)) + " 个，见下方商家表"
                                       : "… and " + count(static_cast<int64_t>(rows.size() - kPlanLines)) + " more: see the merchant table below") + "</p>";
}

void plan_part(std::string& o, const Result& r, const ProviderResult& p, const ProviderPlan& pp, Lang lang, Words w) {
  o += "<h3>" + std::string(w("行动计划", "Plan")) + "</h3>";
  const std::string tier = esc(tier_name(r.tier_of(p), lang));
  if (pp.state == ProviderPlan::State::Top) {
    o += "<p>" + tier + (w.zh ? " —— 已是最高等级" : " — already the highest tier") + "</p>";
    return;
  }
  if (pp.state == ProviderPlan::State::NoNext || !pp.target) {
    o += "<p>" + tier + (w.zh ? " —— 更高的等级没有配置标准（未公布，可在规则中添加）" : " — no tier above it has criteria (not published: add them in the rules)") + "</p>";
    return;
  }
  const std::string header = pace_header(r, lang);
  if (!header.empty()) o += "<p class=\"muted\">" + esc(header) + "</p>";
  o += "<p>" + std::string(w("下一等级：", "Next tier: ")) + badge(r, *pp.target, lang) + "</p><ul>";
  const std::string pace = esc(pace_sentence(r, pp, lang));
  bool orders_said = false;
  for (const ConditionResult& c : pp.failing) {
    if (c.any_group) continue;
    o += "<li>" + std::string(w("还差：", "Needed: ")) + esc(condition_gap(c, lang));
    if (c.metric == Metric::PaidOrders && !orders_said && !pace.empty()) o += "<br><span class=\"muted\">" + pace + "</span>";
    o += "</li>";
    orders_said = orders_said || c.metric == Metric::PaidOrders;
  }
  if (pp.orders_needed && !orders_said) {
    if (pp.orders_missing == 0) o += "<li>" + std::string(w("支付订单量本周期已达标", "Paid orders: met in this window")) + "</li>";
    if (!pace.empty()) o += "<li class=\"muted\">" + pace + "</li>";
  }
  if (!pp.alternatives.empty()) {
    o += "<li>" + std::string(w("以下任一项：", "One of:")) + "<ul>";
    size_t k = 0;
    for (const ConditionResult& c : pp.failing) {
      if (!c.any_group || k >= pp.alternatives.size()) continue;
      const bool cheapest = pp.cheapest && *pp.cheapest == k;
      o += "<li>" + esc(condition_gap(c, lang) + alternative_cost(pp.alternatives[k], pp, lang)) +
           (cheapest ? std::string(" <b class=\"ok\">← ") + w("最省", "cheapest") + "</b>" : "") + "</li>";
      ++k;
    }
    o += "</ul></li>";
  }
  o += "</ul>";
  if (pp.active_missing > 0 && !pp.not_sold.empty()) {
    o += "<h4>" + (w.zh ? "尚未动销的绑定商家（" + count(static_cast<int64_t>(pp.not_sold.size())) + "）"
                        : "Bound merchants that have not sold yet (" + count(static_cast<int64_t>(pp.not_sold.size())) + ")") + "</h4>";
    merchant_rows_table(o, r, p, pp.not_sold, false, lang, w);
  }
  if (pp.qualified_missing > 0 && !pp.candidates.empty()) {
    o += "<h4>" + (w.zh ? "最接近达标的商家（" + count(static_cast<int64_t>(pp.candidates.size())) + "）"
                        : "Closest to qualifying (" + count(static_cast<int64_t>(pp.candidates.size())) + ")") + "</h4>";
    merchant_rows_table(o, r, p, pp.candidates, true, lang, w);
  }
}

void months_part(std::string& o, const Result& r, const ProviderResult& p, Lang lang, Words w) {
  if (p.months.empty()) return;
  o += "<h3>" + std::string(w("月度走势", "Monthly trend")) + "</h3><figure>" + month_chart(p, lang) + "<figcaption class=\"muted\">" +
       esc(metric_text(Metric::PaidOrders, lang)) + " · " + esc(grade_label(r.window.window, lang)) + "</figcaption></figure>";
  o += "<table><thead><tr><th>" + std::string(w("月份", "Month")) + "</th>";
  for (Metric m : {Metric::PaidOrders, Metric::ActiveMerchants, Metric::QualifiedMerchants, Metric::PaidAmount})
    o += "<th class=\"n\">" + esc(metric_text(m, lang)) + "</th>";
  o += "</tr></thead><tbody>";
  for (const MonthMetrics& m : p.months)
    o += "<tr><td>" + esc(month_label(m.month, lang)) + "</td><td class=\"n\">" + count(m.metrics.paid_orders) + "</td><td class=\"n\">" +
         count(m.metrics.active_merchants) + "</td><td class=\"n\">" + count(m.metrics.qualified_merchants) + "</td><td class=\"n\">" +
         amount(m.metrics.paid_amount_cents) + "</td></tr>";
  o += "</tbody></table>";
}

void history_part(std::string& o, const Result& r, const ProviderResult& p, Lang lang, Words w) {
  std::vector<std::pair<const Grade*, const Grade::Provider*>> grades;
  for (const Grade& g : r.history)
    for (const Grade::Provider& gp : g.providers)
      if (gp.id == p.id) grades.emplace_back(&g, &gp);
  if (grades.empty()) return;
  std::stable_sort(grades.begin(), grades.end(), [](const auto& a, const auto& b) { return a.first->month < b.first->month; });
  o += "<h3>" + std::string(w("历次评级", "Past grades")) + "</h3><figure>" + history_chart(r, grades, lang) + "</figure>";
  o += "<table><thead><tr><th>" + std::string(w("评级", "Grade")) + "</th><th>" + w("等级", "Tier") + "</th>";
  for (Metric m : {Metric::PaidOrders, Metric::ActiveMerchants, Metric::QualifiedMerchants}) o += "<th class=\"n\">" + esc(metric_text(m, lang)) + "</th>";
  o += "</tr></thead><tbody>";
  for (const auto& [g, gp] : grades)
    o += "<tr><td>" + esc(grade_label(g->window, lang)) + "</td><td>" + esc(tier_name(r.rules.tiers[std::min(gp->tier, r.rules.tiers.size() - 1)], lang)) +
         esc(grade_eligibility_note(*gp, lang)) + "</td><td class=\"n\">" + count(gp->metrics.paid_orders) + "</td><td class=\"n\">" + count(gp->metrics.active_merchants) + "</td><td class=\"n\">" +
         count(gp->metrics.qualified_merchants) + "</td></tr>";
  o += "</tbody></table>";
}

void merchants_part(std::string& o, const Result& r, const ProviderResult& p, Lang lang, Words w) {
  o += "<h3>" + (w.zh ? "商家表（" + count(static_cast<int64_t>(p.merchants.size())) + "）" : "Merchants (" + count(static_cast<int64_t>(p.merchants.size())) + ")") +
       "</h3>";
  if (p.merchants.empty()) {
    o += "<p class=\"muted\">" + std::string(w("没有商家", "No merchants")) + "</p>";
    return;
  }
  o += "<table class=\"long merchants\"><thead><tr><th>" + std::string(w("商家ID", "Merchant ID")) + "</th><th>" + w("商家名称", "Name") + "</th><th>" + w("行业", "Industry") +
       "</th><th class=\"n\">" + esc(metric_text(Metric::PaidOrders, lang)) + "</th><th class=\"n\">" + esc(metric_text(Metric::PaidAmount, lang)) + "</th><th>" +
       w("动销", "Active") + "</th><th>" + w("达标", "Qualified") + "</th><th>" + w("最佳月份 · 订单", "Best month · orders") + "</th><th class=\"n\">" +
       w("月度标准", "Standard") + "</th><th class=\"n\">" + w("差额（单）", "Short (orders)") + "</th></tr></thead><tbody>";
  for (const MerchantRow& m : p.merchants)
    o += "<tr><td>" + esc(r.merchant_id(m)) + "</td><td>" + esc(r.merchant_name(m)) + "</td><td>" + esc(r.merchant_industry(m)) + "</td><td class=\"n\">" +
         count(m.total) + "</td><td class=\"n\">" + amount(m.amount_cents) + "</td><td>" + (m.active ? "<span class=\"ok\">✓</span>" : "") + "</td><td>" +
         (m.qualified ? "<span class=\"ok\">✓</span>" : "") + "</td><td class=\"nw\">" + best_month(r, m, lang) + "</td><td class=\"n\">" +
         (m.standard ? count(*m.standard) : "—") + "</td><td class=\"n\">" + (m.shortfall && !m.qualified ? count(*m.shortfall) : "—") + "</td></tr>";
  o += "</tbody></table>";
}

void provider_section(std::string& o, const Result& r, size_t i, bool page_break, Lang lang, Words w) {
  const ProviderResult& p = r.providers[i];
  o += "<section class=\"provider" + std::string(page_break ? " break" : "") + "\" id=\"provider-" + std::to_string(i + 1) + "\"><h2>" + provider_title(p, w) +
       " " + badge(r, p.tier, lang) + "</h2>";
  if (p.eligibility)   // whether the grade counts it, beside the tier its numbers earn
    o += "<p class=\"" + std::string(p.eligibility->status == Eligibility::Status::Eligible ? "ok" : "warn") + "\"><b>" +
         esc(eligibility_sentence(p, lang)) + "</b></p>";
  if (r.providers.size() > 1)
    o += "<p class=\"muted\">" + (w.zh ? "排名第 " + std::to_string(i + 1) + " / " + std::to_string(r.providers.size())
                                       : "Rank " + std::to_string(i + 1) + " of " + std::to_string(r.providers.size())) + "</p>";
  const Metrics& m = p.metrics;
  o += "<div class=\"cards\"><div class=\"card\"><span>" + esc(metric_text(Metric::PaidOrders, lang)) + "</span><b>" + count(m.paid_orders) +
       "</b></div><div class=\"card\"><span>" + esc(metric_text(Metric::ActiveMerchants, lang)) + "</span><b>" + count(m.active_merchants) + "</b><small>" +
       (w.zh ? "绑定商家 " + count(p.bound_merchants) : "of " + count(p.bound_merchants) + " bound") + "</small></div><div class=\"card\"><span>" +
       esc(metric_text(Metric::QualifiedMerchants, lang)) + "</span><b>" + count(m.qualified_merchants) + "</b>" +
       (p.without_standard > 0 ? "<small>" + (w.zh ? count(p.without_standard) + " 个无标准" : count(p.without_standard) + " without a standard") + "</small>" : "") +
       "</div><div class=\"card\"><span>" + esc(metric_text(Metric::PaidAmount, lang)) + "</span><b>" + amount(m.paid_amount_cents) + "</b></div></div>";
  const std::string gap = gap_sentence(r, p, lang);
  o += gap.empty() ? "<p class=\"gap top\">" + std::string(w("已达到最高的已配置等级", "The highest configured tier is reached")) + "</p>"
                   : "<p class=\"gap\">" + esc(gap) + "</p>";
  criteria(o, r, p, lang, w);
  if (r.plan && i < r.plan->providers.size()) {
    plan_part(o, r, p, r.plan->providers[i], lang, w);
  } else if (!p.near.empty()) {   // without a plan: the merchants closest to qualifying
    std::vector<uint32_t> near(p.near.begin(), p.near.end());
    o += "<h3>" + (w.zh ? "最接近达标的商家（" + count(static_cast<int64_t>(near.size())) + "）"
                        : "Closest to qualifying (" + count(static_cast<int64_t>(near.size())) + ")") + "</h3>";
    merchant_rows_table(o, r, p, near, true, lang, w);
  }
  months_part(o, r, p, lang, w);
  history_part(o, r, p, lang, w);
  merchants_part(o, r, p, lang, w);
  o += "</section>";
}

void ranking(std::string& o, const Result& r, Lang lang, Words w) {
  o += "<section><h2>" + std::string(w("服务商排名", "Providers ranked")) + "</h2><table class=\"long\"><thead><tr><th class=\"n\">#</th><th>" +
       w("服务商", "Provider") + "</th><th>" + w("等级", "Tier") + "</th>";
  for (Metric m : {Metric::PaidOrders, Metric::ActiveMerchants, Metric::QualifiedMerchants, Metric::PaidAmount}) o += "<th class=\"n\">" + esc(metric_text(m, lang)) + "</th>";
  o += "<th>" + std::string(w("距下一等级", "To the next tier")) + "</th>" +
       (r.eligibility_checked ? "<th>" + std::string(w("参评资格", "Eligibility")) + "</th>" : std::string()) + "</tr></thead><tbody>";
  for (size_t i = 0; i < r.providers.size(); ++i) {
    const ProviderResult& p = r.providers[i];
    const std::string title = i < kMaxSections ? "<a href=\"#provider-" + std::to_string(i + 1) + "\">" + provider_title(p, w) + "</a>" : provider_title(p, w);
    o += "<tr><td class=\"n\">" + std::to_string(i + 1) + "</td><td>" + title + "</td><td>" + esc(tier_name(r.tier_of(p), lang)) + "</td><td class=\"n\">" +
         count(p.metrics.paid_orders) + "</td><td class=\"n\">" + count(p.metrics.active_merchants) + "</td><td class=\"n\">" +
         count(p.metrics.qualified_merchants) + "</td><td class=\"n\">" + amount(p.metrics.paid_amount_cents) + "</td><td>" + esc(gap_sentence(r, p, lang)) +
         "</td>" + (r.eligibility_checked ? "<td>" + esc(eligibility_label(p, lang)) + "</td>" : std::string()) + "</tr>";
  }
  o += "</tbody></table>";
  if (r.providers.size() > kMaxSections)
    o += "<p class=\"note\">" + (w.zh ? "共 " + std::to_string(r.providers.size()) + " 个服务商：本文件只含排名前 " + std::to_string(kMaxSections) +
                                            " 的服务商的详细部分（用 --provider 可得任一服务商的汇报）。"
                                      : std::to_string(r.providers.size()) + " providers: this file has the detailed sections of the first " +
                                            std::to_string(kMaxSections) + " only (--provider makes any provider's report).") + "</p>";
  o += "</section>";
}

// [SECTION] data quality and rules ---------------------------------------------------------------

void quality_part(std::string& o, const Result& r, Lang lang, Words w) {
  const DataQuality& q = r.quality;
  o += "<section class=\"break\"><h2>" + std::string(w("数据质量", "Data quality")) + "</h2><p>" +
       (w.zh ? "读取 " + count(q.rows_read) + " 行，计入 " + count(q.rows_counted) + " 行" : "Rows read " + count(q.rows_read) + ", counted " + count(q.rows_counted)) +
       "</p>";
  bool any = false;
  for (const ReasonTally& rt : q.not_counted) {
    if (!rt.count) continue;
    if (!any)
      o += "<table><thead><tr><th>" + std::string(w("未计入原因", "Not counted: reason")) + "</th><th class=\"n\">" + w("行数", "Rows") + "</th><th>" +
           w("例如", "For example") + "</th></tr></thead><tbody>";
    any = true;
    std::string lines;
    for (const Sample& s : rt.samples) lines += (lines.empty() ? "" : ", ") + esc(s.file) + ":" + std::to_string(s.line);
    o += "<tr><td>" + esc(reason_label(rt.reason, lang)) + "</td><td class=\"n\">" + count(rt.count) + "</td><td>" + lines + "</td></tr>";
  }
  o += any ? "</tbody></table>" : "<p class=\"ok\">" + std::string(w("每一行都已计入", "Every row was counted")) + "</p>";
  if (!q.industries_without_standard.empty()) {
    o += "<p>" + std::string(w("缺少达标标准的行业：", "Industries without a standard: "));
    for (size_t i = 0; i < q.industries_without_standard.size(); ++i)
      o += (i ? (w.zh ? "、" : ", ") : "") + (q.industries_without_standard[i].empty() ? std::string(w("（无行业）", "(none)")) : esc(q.industries_without_standard[i]));
    o += "</p>";
  }
  if (!q.files.empty()) {
    o += "<h3>" + std::string(w("文件", "Files")) + "</h3><table><thead><tr><th>" + w("文件", "File") + "</th><th>" + w("类型", "Kind") + "</th><th class=\"n\">" +
         w("行数", "Rows") + "</th><th>" + w("状态", "State") + "</th></tr></thead><tbody>";
    for (const FileInfo& f : q.files) {
      std::string state = f.state == FileState::Failed ? std::string("<span class=\"bad\">✗ ") + w("无法使用", "not used") + "</span>"
                                                       : std::string("<span class=\"ok\">✓</span>");
      if (f.error) state += "<br>" + esc(render(*f.error, lang));
      for (const Message& m : f.warnings) state += "<br><span class=\"warn\">⚠ " + esc(render(m, lang)) + "</span>";
      o += "<tr><td>" + esc(f.name) + "</td><td>" + esc(kind_label(f.kind, lang)) + "</td><td class=\"n\">" + count(f.rows) + "</td><td>" + state + "</td></tr>";
    }
    o += "</tbody></table>";
  }
  o += "</section>";
}

void rules_part(std::string& o, const Result& r, Lang lang, Words w) {
  const RuleSet& rs = r.rules;
  o += "<section><h2>" + std::string(w("所用规则", "Rules used")) + "</h2><p>" + (rs.name.empty() ? std::string(w("（未命名）", "(unnamed)")) : esc(rs.name)) +
       " · " + (w.zh ? "评估周期 " + std::to_string(rs.window_months) + " 个月" : std::to_string(rs.window_months) + "-month window") + " · " +
       w("服务达标：月订单 ", "qualified: monthly orders ") + (rs.qualified_strict ? "&gt;" : "&gt;=") + w(" 行业标准", " the industry standard") + "</p>";
  if (!rs.excluded_statuses.empty()) {
    o += "<p>" + std::string(w("不计入的订单状态：", "Order statuses not counted: "));
    for (size_t i = 0; i < rs.excluded_statuses.size(); ++i) o += (i ? (w.zh ? "、" : ", ") : "") + esc(rs.excluded_statuses[i]);
    o += "</p>";
  }
  o += "<table><thead><tr><th>" + std::string(w("等级", "Tier")) + "</th><th>" + w("必须全部满足", "All of") + "</th><th>" + w("满足任一项", "One of") +
       "</th></tr></thead><tbody>";
  for (const Tier& t : rs.tiers) {
    auto list = [&](const std::vector<Condition>& cs, const char* joiner) {
      std::string s;
      for (size_t i = 0; i < cs.size(); ++i) s += (i ? joiner : "") + condition_text(cs[i], lang);
      return s.empty() ? std::string("—") : s;
    };
    o += "<tr><td>" + esc(tier_name(t, lang)) + "</td>";
    if (&t == &rs.tiers.front()) o += "<td colspan=\"2\" class=\"muted\">" + std::string(w("基础等级，始终达成", "the base tier, always earned")) + "</td></tr>";
    else if (!t.configured()) o += "<td colspan=\"2\" class=\"muted\">" + std::string(w("标准未公布，未配置", "criteria not published, not configured")) + "</td></tr>";
    else o += "<td>" + list(t.all, w("；并且 ", "; and ")) + "</td><td>" + list(t.any, w("；或 ", "; or ")) + "</td></tr>";
  }
  o += "</tbody></table>";
  if (!rs.industry_standards.empty() || rs.default_standard) {
    o += "<table><thead><tr><th>" + std::string(w("行业（规则中的标准）", "Industry (standards in the rules)")) + "</th><th class=\"n\">" +
         w("月度达标标准", "Monthly standard") + "</th></tr></thead><tbody>";
    for (const auto& [industry, v] : rs.industry_standards) o += "<tr><td>" + esc(industry) + "</td><td class=\"n\">" + count(v) + "</td></tr>";
    if (rs.default_standard) o += "<tr><td class=\"muted\">" + std::string(w("其他行业", "other industries")) + "</td><td class=\"n\">" + count(*rs.default_standard) + "</td></tr>";
    o += "</tbody></table>";
  }
  o += "</section>";
}

// [SECTION] the page -----------------------------------------------------------------------------

const char* const kStyle =
    ":root{--ink:#1f2430;--muted:#5d6473;--line:#d9dde5;--ok:#1f8a4c;--bad:#c0392b;--accent:#2f6feb}"
    "*{box-sizing:border-box}html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "body{margin:0 auto;max-width:200mm;padding:18px 22px 40px;color:var(--ink);background:#fff;font:13px/1.55 system-ui,-apple-system,"
    "\"Segoe UI\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",sans-serif}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:26px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--ink)}"
    "h3{font-size:14px;margin:18px 0 6px}h4{font-size:13px;margin:12px 0 4px}h2,h3,h4{break-after:avoid;page-break-after:avoid}"
    ".muted{color:var(--muted)}.ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:#a35a00}"
    "table{border-collapse:collapse;width:100%;margin:6px 0 12px;break-inside:avoid;page-break-inside:avoid}"
    "table.long{break-inside:auto;page-break-inside:auto}thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}"
    "caption{text-align:left;padding:2px 0 4px}th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#f1f3f7;font-weight:600}.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".badge{display:inline-block;vertical-align:middle;font-size:13px;font-weight:600;padding:1px 10px 1px 8px;border:1.5px solid;border-radius:12px}"
    ".badge i{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}"
    ".cards{display:flex;gap:8px;margin:10px 0;break-inside:avoid}.card{flex:1;border:1px solid var(--line);border-radius:6px;padding:6px 10px}"
    ".card span,.card small{display:block;color:var(--muted);font-size:11px}.card b{display:block;font-size:19px}"
    ".gap{border:1px solid #f0c882;background:#fff7e6;border-radius:6px;padding:6px 10px;font-weight:600}"
    ".gap.top{border-color:#aadcb9;background:#ecf8f0}.note{border-left:3px solid var(--accent);padding:4px 10px;background:#f2f6fe}"
    ".bar{height:8px;min-width:70px;background:#e6e9ef;border-radius:4px;overflow:hidden;margin-top:6px}.bar i{display:block;height:100%;background:var(--accent)}"
    ".bar i.ok{background:var(--ok)}figure{margin:6px 0;break-inside:avoid;page-break-inside:avoid}svg{display:block;max-width:100%;height:auto}"
    "figcaption{font-size:11px}ul{margin:4px 0;padding-left:20px}footer{margin-top:28px;font-size:11px;color:var(--muted)}"
    "a{color:inherit;text-decoration:none}table.merchants{font-size:11.5px}table.merchants th{font-size:11px}.nw{white-space:nowrap}"
    "@page{size:A4;margin:14mm 12mm}"
    "@media print{body{max-width:none;padding:0;font-size:11px}.break{break-before:page;page-break-before:always}h2{margin-top:0}}";

}  // namespace

std::string html(const Result& r, Lang lang, const std::string* provider) {
  const Words w{lang == Lang::Zh};
  const ProviderResult* only = provider ? r.provider(*provider) : nullptr;
  const Window& win = r.window.window;
  std::string title = w("服务商分层汇报", "Provider tier report");
  if (only) title = (only->id.empty() ? std::string(w("（全部数据）", "(all data)")) : only->id) + (only->name.empty() ? "" : " " + only->name) + " · " + title;
  if (win.months()) title += " · " + grade_label(win, lang);

  std::string o;
  o.reserve(64 * 1024);
  o += "<!DOCTYPE html>\n<html lang=\"" + std::string(w("zh-CN", "en")) + "\"><head><meta charset=\"utf-8\">\n"
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"tierlens\">\n<title>" +
       esc(title) + "</title>\n<style>" + kStyle + "</style></head>\n<body>\n<header><h1>" +
       esc(only ? (only->id.empty() ? std::string(w("（全部数据）", "(all data)")) : only->id) + (only->name.empty() ? "" : " " + only->name)
                : std::string(w("服务商分层汇报", "Provider tier report"))) + "</h1><p>";
  if (win.months()) {
    o += "<b>" + esc(grade_label(win, lang)) + "</b> · " +
         (w.zh ? "评估周期 " + month_code(win.first_month) + " .. " + month_code(win.last_month) + "（" + std::to_string(win.months()) + " 个月）"
               : "window " + month_code(win.first_month) + " .. " + month_code(win.last_month) + " (" + std::to_string(win.months()) + " months)");
  } else {
    o += w("评估周期：（没有数据）", "Window: (no data)");
  }
  o += " · " + std::string(w("规则：", "rules: ")) + (r.rules.name.empty() ? std::string(w("（未命名）", "(unnamed)")) : esc(r.rules.name)) + "</p>";
  if (r.window.last_month_incomplete) o += "<p class=\"warn\">⚠ " + std::string(w("最后一个月数据不完整", "the last month looks incomplete")) + "</p>";
  if (r.eligibility_checked && win.months()) o += "<p class=\"muted\">" + esc(eligibility_header(r, lang)) + "</p>";
  if (r.window.in_progress)
    o += "<p class=\"muted\">" + esc(w.zh ? month_short(*r.window.in_progress + 1, lang) + "评级进行中：" + month_short(*r.window.in_progress, lang) + "的数据未满月，不计入本次评级。"
                                          : "The " + month_short(*r.window.in_progress + 1, lang) + " grade is in progress: " +
                                                month_short(*r.window.in_progress, lang) + " is not a whole month in the data and is left out.") + "</p>";
  for (const FileInfo& f : r.quality.files)
    if (f.state == FileState::Failed)
      o += "<p class=\"bad\">✗ " + esc(f.error ? render(*f.error, lang) : f.name) + " " +
           w("（本汇报的数字未包含此文件）", "(the figures here are without this file)") + "</p>";
  o += "</header>\n";

  if (provider && !only) {
    o += "<p class=\"note\">" + (w.zh ? "没有这个服务商：" + esc(*provider) : "No such provider: " + esc(*provider)) + "</p>\n";
  } else if (only) {
    provider_section(o, r, static_cast<size_t>(only - r.providers.data()), false, lang, w);
  } else {
    if (r.providers.empty()) o += "<p class=\"note\">" + std::string(w("没有服务商", "No providers")) + "</p>";
    else ranking(o, r, lang, w);
    for (size_t i = 0; i < r.providers.size() && i < kMaxSections; ++i) {
      provider_section(o, r, i, true, lang, w);
      o += "\n";
    }
  }
  quality_part(o, r, lang, w);
  rules_part(o, r, lang, w);
  o += "\n<footer>" + std::string(w("由 tierlens 生成：评估的汇总数字与服务商的商家表，不含任何订单明细。",
                                    "Made by tierlens: the evaluation's aggregates and the providers' merchant tables, no order rows.")) +
       "</footer>\n</body></html>\n";
  return o;
}

std::string html_file_name(const Result& r, const std::string& provider) {
  std::string id;
  for (unsigned char c : provider)
    id += c >= 0x80 || std::isalnum(c) || c == '-' || c == '_' || c == '.' ? static_cast<char>(c) : '_';
  if (id.empty() || id.find_first_not_of('.') == std::string::npos) id = "all";
  const Window& w = r.window.window;
  return "tierlens-" + id + (w.months() ? "-" + month_code(r.window.grade_month()) : std::string()) + ".html";
}

}  // namespace tl::report
