// tierlens — the gap planner and the rule comparison written out (docs/plan.md): the plan in words
// (tierlens plan, the summary's plan section), the plan's JSON (the report's "plan", tierlens plan
// --format json), the comparison's JSON ("comparison") and the summary's section on it.
//
// [SECTION] small pieces
// [SECTION] the plan as JSON
// [SECTION] the plan in words
// [SECTION] the comparison
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "report/report.hpp"
#include "report/sections.hpp"

namespace tl::report {

using ojson = nlohmann::ordered_json;

// [SECTION] small pieces -------------------------------------------------------------------------

static const char* state_code(ProviderPlan::State s) {
  switch (s) {
    case ProviderPlan::State::Next: return "next";
    case ProviderPlan::State::Top: return "top";
    case ProviderPlan::State::NoNext: return "no_next";
  }
  return "";
}

static std::string day_code(int month, int day) {
  char b[4];
  std::snprintf(b, sizeof b, "%02d", day);
  return month_code(month) + "-" + b;
}

// A bar or value in a language-independent string: digits, at most 2 decimals, no grouping.
static std::string plain_number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9e15) return std::to_string(static_cast<int64_t>(v));
  const int64_t cents = static_cast<int64_t>(std::llround(v * 100.0));
  char b[40];
  std::snprintf(b, sizeof b, "%s%lld.%02lld", cents < 0 ? "-" : "", static_cast<long long>(std::llabs(cents) / 100),
                static_cast<long long>(std::llabs(cents) % 100));
  return b;
}

static bool wanted(const ProviderResult& p, const std::string* only) { return !only || p.id == *only; }

// [SECTION] the plan as JSON ---------------------------------------------------------------------

static ojson merchant_dom(const Result& r, const MerchantRow& m) {
  return ojson{{"id", r.merchant_id(m)}, {"name", r.merchant_name(m)}, {"industry", r.merchant_industry(m)}};
}

static ojson provider_plan_dom(const Result& r, const ProviderResult& p, const ProviderPlan& pp) {
  const RuleSet& rules = r.rules;
  ojson o;
  o["id"] = p.id;
  o["tier"] = rules.tiers[p.tier].id;
  o["state"] = state_code(pp.state);
  o["target"] = pp.target ? ojson(rules.tiers[*pp.target].id) : ojson(nullptr);
  o["failing"] = ojson::array();
  for (const ConditionResult& c : pp.failing)
    o["failing"].push_back({{"group", c.any_group ? "any" : "all"}, {"metric", metric_name(c.metric)}, {"op", op_name(c.op)},
                            {"bar", number_json(c.bar)}, {"value", number_json(c.value)}, {"missing", number_json(c.missing())}});
  if (pp.orders_needed) {
    ojson po{{"missing", pp.orders_missing}};
    po["pace"] = pp.pace ? ojson{{"value", pp.pace->value}, {"missing", pp.pace->missing}, {"per_day", pp.pace->per_day}} : ojson(nullptr);
    o["paid_orders"] = std::move(po);
  } else {
    o["paid_orders"] = nullptr;
  }
  if (pp.active_missing > 0) {
    ojson list = ojson::array();
    for (uint32_t i : pp.not_sold) list.push_back(merchant_dom(r, p.merchants[i]));
    o["active_merchants"] = {{"missing", pp.active_missing}, {"not_sold", std::move(list)}};
  } else {
    o["active_merchants"] = nullptr;
  }
  if (pp.qualified_missing > 0) {
    ojson list = ojson::array();
    for (uint32_t i : pp.candidates) {
      const MerchantRow& m = p.merchants[i];
      ojson c = merchant_dom(r, m);
      c["best_month"] = m.best >= 0 ? ojson(month_code(r.window.window.first_month + m.best)) : ojson(nullptr);
      c["best_month_orders"] = m.best_orders;
      c["standard"] = *m.standard;
      c["shortfall"] = *m.shortfall;
      list.push_back(std::move(c));
    }
    o["qualified_merchants"] = {{"missing", pp.qualified_missing}, {"candidates", std::move(list)}};
  } else {
    o["qualified_merchants"] = nullptr;
  }
  o["any_of"] = ojson::array();
  for (const ProviderPlan::Alternative& a : pp.alternatives)
    o["any_of"].push_back({{"metric", metric_name(a.metric)},
                           {"missing", a.metric == Metric::PaidAmount ? number_json(static_cast<double>(a.missing) / 100.0) : ojson(a.missing)},
                           {"merchants", a.merchants},
                           {"new_merchants", a.new_merchants},
                           {"orders", a.orders ? ojson(*a.orders) : ojson(nullptr)}});
  o["cheapest"] = pp.cheapest ? ojson(metric_name(pp.alternatives[*pp.cheapest].metric)) : ojson(nullptr);
  return o;
}

ojson plan_dom(const Result& r, const std::string* only) {
  ojson o;
  if (!r.plan) return o;
  const Plan& plan = *r.plan;
  if (plan.pace) {
    const PlanPace& pc = *plan.pace;
    o["pace"] = {{"grade", month_code(pc.grade_month)},
                 {"window", {{"start", month_code(pc.window.first_month)}, {"end", month_code(pc.window.last_month)}}},
                 {"through", day_code(pc.window.last_month, pc.through_day)},
                 {"days_in_month", pc.days_in_month},
                 {"remaining_days", pc.remaining_days}};
  } else {
    o["pace"] = nullptr;
  }
  o["providers"] = ojson::array();
  for (size_t i = 0; i < r.providers.size() && i < plan.providers.size(); ++i)
    if (wanted(r.providers[i], only)) o["providers"].push_back(provider_plan_dom(r, r.providers[i], plan.providers[i]));
  return o;
}

std::string plan_json(const Result& r, const std::string* only) {
  const Window& w = r.window.window;
  ojson j;
  j["schema"] = "tierlens.plan/1";
  j["rules"] = r.rules.name;
  j["evaluation_month"] = w.months() ? ojson(month_code(r.window.grade_month())) : ojson(nullptr);
  j["window"] = {{"start", w.months() ? ojson(month_code(w.first_month)) : ojson(nullptr)},
                 {"end", w.months() ? ojson(month_code(w.last_month)) : ojson(nullptr)}};
  j["plan"] = plan_dom(r, only);
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

// [SECTION] the plan in words --------------------------------------------------------------------

static std::string provider_label(const ProviderResult& p, bool zh) {
  return (p.id.empty() ? std::string(zh ? "（全部数据）" : "(all data)") : p.id) + (p.name.empty() ? "" : "  " + p.name);
}

// "9 more paid orders (now 31, bar >= 40)" / "9 单支付订单量（当前 31，标准 >= 40）"
std::string condition_gap(const ConditionResult& c, Lang lang) {
  const bool zh = lang == Lang::Zh;
  return gap_phrase(c.metric, c.missing(), lang) + (zh ? "（当前 " : " (now ") + format_number(c.value) + (zh ? "，标准 " : ", bar ") +
         op_name(c.op) + " " + format_number(c.bar) + (zh ? "）" : ")");
}

// what an `any` alternative takes from the merchants there are
std::string alternative_cost(const ProviderPlan::Alternative& a, const ProviderPlan& pp, Lang lang) {
  if (!a.orders) return "";
  const bool zh = lang == Lang::Zh;
  const std::string n = group_digits(*a.orders), k = group_digits(a.merchants);
  std::string s = zh ? "——" + n + " 单" : " — " + n + (*a.orders == 1 ? " order" : " orders");
  if (a.metric == Metric::ActiveMerchants && a.merchants > 0)
    s += zh ? "：尚未动销的 " + group_digits(static_cast<int64_t>(pp.not_sold.size())) + " 个绑定商家中 " + k + " 个各 1 单"
            : ": one each from " + k + " of the " + group_digits(static_cast<int64_t>(pp.not_sold.size())) + " bound merchants that have not sold yet";
  if (a.metric == Metric::QualifiedMerchants && a.merchants > 0)
    s += zh ? "：最接近达标的 " + k + " 个商家补足差额" : ": the shortfalls of the " + k + " merchants closest to qualifying";
  if (a.new_merchants > 0)
    s += zh ? "，另需 " + group_digits(a.new_merchants) + " 个新商家" : ", and " + group_digits(a.new_merchants) + " new merchants";
  return s;
}

constexpr size_t kListLines = 10;   // merchants per list in words (the JSON lists them all)

static void merchant_list(std::string& t, const Result& r, const ProviderResult& p, const std::vector<uint32_t>& list, bool candidates,
                          Lang lang) {
  const bool zh = lang == Lang::Zh;
  for (size_t k = 0; k < list.size() && k < kListLines; ++k) {
    const MerchantRow& m = p.merchants[list[k]];
    std::string line = "    " + std::string(r.merchant_id(m));
    if (!r.merchant_name(m).empty()) line += "  " + std::string(r.merchant_name(m));
    line += "  " + (r.merchant_industry(m).empty() ? std::string(zh ? "（无行业）" : "(no industry)") : std::string(r.merchant_industry(m)));
    if (candidates) {
      const std::string best = m.best >= 0 ? (zh ? " · 最佳月份 " + month_label(r.window.window.first_month + m.best, lang) + "：" + group_digits(m.best_orders) + " 单"
                                                 : " · best month " + month_label(r.window.window.first_month + m.best, lang) + ": " + group_digits(m.best_orders) + " orders")
                                            : std::string(zh ? " · 本周期没有订单" : " · no orders in the window");
      line += best + (zh ? "，标准 " + group_digits(*m.standard) + "，差 " + group_digits(*m.shortfall) + " 单"
                         : ", standard " + group_digits(*m.standard) + ", " + group_digits(*m.shortfall) + " short");
    }
    t += line + "\n";
  }
  if (list.size() > kListLines) {
    const std::string more = group_digits(static_cast<int64_t>(list.size() - kListLines));
    t += zh ? "    … 另有 " + more + " 个（--format json 列出全部）\n" : "    … and " + more + " more (--format json lists them all)\n";
  }
}

std::string pace_sentence(const Result& r, const ProviderPlan& pp, Lang lang) {
  if (!pp.pace || !r.plan || !r.plan->pace) return "";
  const PlanPace* pace = &*r.plan->pace;
  const bool zh = lang == Lang::Zh;
  const std::string grade = pace->same_window ? std::string(zh ? "本次评级" : "This grade") : month_short(pace->grade_month, lang) + (zh ? "评级" : " grade");
  const std::string n = group_digits(pp.pace->missing);
  return zh ? grade + "进行中：已有 " + group_digits(pp.pace->value) + " 单支付订单，" +
                  (pp.pace->missing ? "还差 " + n + " 单：剩余 " + std::to_string(pace->remaining_days) + " 天，每天 " + group_digits(pp.pace->per_day) + " 单"
                                    : std::string("已达标"))
            : grade + " in progress: " + group_digits(pp.pace->value) + " paid orders so far, " +
                  (pp.pace->missing ? n + " to go: " + group_digits(pp.pace->per_day) + " a day over the " + std::to_string(pace->remaining_days) + " days left"
                                    : std::string("the bar is met"));
}

static void provider_plan_text(std::string& t, const Result& r, const ProviderResult& p, const ProviderPlan& pp, Lang lang) {
  const bool zh = lang == Lang::Zh;
  t += "\n" + std::string(zh ? "服务商：" : "Provider: ") + provider_label(p, zh) + "\n";
  const std::string tier = tier_name(r.tier_of(p), lang);
  if (pp.state == ProviderPlan::State::Top) {
    t += zh ? "  等级：" + tier + " —— 已是最高等级\n" : "  Tier: " + tier + " — already the highest tier\n";
    return;
  }
  if (pp.state == ProviderPlan::State::NoNext) {
    t += zh ? "  等级：" + tier + " —— 更高的等级没有配置标准（未公布，可在规则中添加）\n"
            : "  Tier: " + tier + " — no tier above it has criteria (not published: add them in the rules)\n";
    return;
  }
  t += zh ? "  等级：" + tier + " · 下一等级：" + tier_name(r.rules.tiers[*pp.target], lang) + "\n"
          : "  Tier: " + tier + " · next: " + tier_name(r.rules.tiers[*pp.target], lang) + "\n";
  // the grade in progress, after the paid orders
  auto pace_line = [&] {
    const std::string line = pace_sentence(r, pp, lang);
    if (!line.empty()) t += "    " + line + "\n";
  };
  bool orders_said = false;
  for (const ConditionResult& c : pp.failing) {
    if (c.any_group) continue;
    t += (zh ? "  还差：" : "  Needed: ") + condition_gap(c, lang) + "\n";
    if (c.metric == Metric::PaidOrders && !orders_said) pace_line();
    orders_said = orders_said || c.metric == Metric::PaidOrders;
  }
  if (pp.orders_needed && !orders_said) {
    if (pp.orders_missing == 0) t += zh ? "  支付订单量本周期已达标\n" : "  Paid orders: met in this window\n";
    pace_line();   // (a paid-orders alternative: said with the alternatives, its pace here)
  }
  if (!pp.alternatives.empty()) {
    t += zh ? "  以下任一项：\n" : "  One of:\n";
    size_t k = 0;
    for (const ConditionResult& c : pp.failing) {
      if (!c.any_group) continue;
      const ProviderPlan::Alternative& a = pp.alternatives[k];
      t += "    " + condition_gap(c, lang) + alternative_cost(a, pp, lang) + (pp.cheapest && *pp.cheapest == k ? (zh ? "  ← 最省" : "  ← cheapest") : "") + "\n";
      ++k;
    }
  }
  if (pp.active_missing > 0) {
    t += zh ? "  尚未动销的绑定商家（" + group_digits(static_cast<int64_t>(pp.not_sold.size())) + "）：\n"
            : "  Bound merchants that have not sold yet (" + group_digits(static_cast<int64_t>(pp.not_sold.size())) + "):\n";
    merchant_list(t, r, p, pp.not_sold, false, lang);
  }
  if (pp.qualified_missing > 0) {
    t += zh ? "  最接近达标的商家（" + group_digits(static_cast<int64_t>(pp.candidates.size())) + "）：\n"
            : "  Closest to qualifying (" + group_digits(static_cast<int64_t>(pp.candidates.size())) + "):\n";
    merchant_list(t, r, p, pp.candidates, true, lang);
  }
}

std::string pace_header(const Result& r, Lang lang) {
  if (!r.plan || !r.plan->pace) return "";
  const PlanPace& pc = *r.plan->pace;
  const bool zh = lang == Lang::Zh;
  const std::string through = day_code(pc.window.last_month, pc.through_day), left = std::to_string(pc.remaining_days);
  if (pc.same_window)
    return zh ? "本次评级进行中：数据截至 " + through + "，" + month_short(pc.window.last_month, lang) + "还剩 " + left + " 天"
              : "This grade is in progress: data through " + through + ", " + left + " days left in " + month_short(pc.window.last_month, lang);
  return zh ? "进行中的评级：" + grade_label(pc.window, lang) + "，数据截至 " + through + "，" + month_short(pc.window.last_month, lang) + "还剩 " + left + " 天"
            : "Grade in progress: " + grade_label(pc.window, lang) + ", data through " + through + ", " + left + " days left in " +
                  month_short(pc.window.last_month, lang);
}

std::string plan_text(const Result& r, Lang lang, const std::string* only) {
  if (!r.plan) return "";
  const bool zh = lang == Lang::Zh;
  const Window& w = r.window.window;
  std::string t = w.months() ? (zh ? "计划 · " : "Plan · ") + grade_label(w, lang) + "\n" : std::string(zh ? "计划：（没有数据）\n" : "Plan: (no data)\n");
  const std::string progress = pace_header(r, lang);
  if (!progress.empty()) t += "  " + progress + "\n";
  for (size_t i = 0; i < r.providers.size() && i < r.plan->providers.size(); ++i)
    if (wanted(r.providers[i], only)) provider_plan_text(t, r, r.providers[i], r.plan->providers[i], lang);
  return t;
}

// [SECTION] the comparison -----------------------------------------------------------------------

// "silver.all paid_orders: 31 >= 30 holds | 31 >= 40 fails" (language-independent; "-": no such condition)
static std::string difference_code(const Comparison::Difference& d) {
  if (d.kind == Comparison::Difference::Kind::Tier)
    return d.tier + ": " + (d.main.present ? "configured" : "not configured") + " | " + (d.other.present ? "configured" : "not configured");
  auto side = [](const Comparison::Side& s) {
    if (!s.present) return std::string("-");
    return plain_number(s.value) + " " + op_name(s.op) + " " + plain_number(s.bar) + (s.pass ? " holds" : " fails");
  };
  return d.tier + (d.any_group ? ".any " : ".all ") + metric_name(d.metric) + ": " + side(d.main) + " | " + side(d.other);
}

ojson comparison_dom(const Result& r) {
  ojson o;
  if (!r.comparison) return o;
  const Comparison& c = *r.comparison;
  o["rules"] = {r.rules.name, c.other.name};
  o["providers"] = ojson::array();
  for (const Comparison::Provider& p : c.providers) {
    ojson by = ojson::array();
    for (const Comparison::Difference& d : p.changed_by) by.push_back(difference_code(d));
    o["providers"].push_back({{"id", p.id}, {"tier", r.rules.tiers[p.tier].id}, {"other_tier", c.other.tiers[p.other_tier].id}, {"changed_by", std::move(by)}});
  }
  return o;
}

std::string comparison_text(const Result& r, Lang lang) {
  if (!r.comparison) return "";
  const bool zh = lang == Lang::Zh;
  const Comparison& c = *r.comparison;
  auto name = [&](const std::string& n) { return n.empty() ? std::string(zh ? "（未命名）" : "(unnamed)") : n; };
  std::string t = (zh ? "\n规则对比：" : "\nRule comparison: ") + name(r.rules.name) + " → " + name(c.other.name) + "\n";
  size_t changed = 0;
  for (const Comparison::Provider& p : c.providers) {
    if (!p.changed) continue;
    ++changed;
    std::string line = "  " + (p.id.empty() ? std::string(zh ? "（全部数据）" : "(all data)") : p.id) + (zh ? "：" : ": ") +
                       tier_name(r.rules.tiers[p.tier], lang) + " → " + tier_name(c.other.tiers[p.other_tier], lang);
    for (size_t i = 0; i < p.changed_by.size(); ++i) {
      const Comparison::Difference& d = p.changed_by[i];
      line += i ? "; " : (zh ? " · " : " · ");
      if (d.kind == Comparison::Difference::Kind::Tier) {
        auto conf = [&](bool b) { return std::string(b ? (zh ? "已配置" : "configured") : (zh ? "未配置" : "not configured")); };
        line += d.tier + (zh ? "：" : ": ") + conf(d.main.present) + " → " + conf(d.other.present);
        continue;
      }
      auto side = [&](const Comparison::Side& s) {
        if (!s.present) return std::string(zh ? "（无此条件）" : "(no such condition)");
        return format_number(s.value) + " " + op_name(s.op) + " " + format_number(s.bar) + (s.pass ? " ✓" : " ✗");
      };
      line += d.tier + " " + metric_label(metric_name(d.metric), lang) + (zh ? "：" : ": ") + side(d.main) + " → " + side(d.other);
    }
    t += line + "\n";
  }
  if (!changed) t += zh ? "  没有服务商的等级发生变化\n" : "  No provider changes tier\n";
  return t;
}

}  // namespace tl::report
