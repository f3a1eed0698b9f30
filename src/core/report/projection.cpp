// tierlens — the projection written out (Result::projection, projection.hpp; docs/plan.md#3-the-projection):
// the report's "projection", the summary's section and the dashboard's line. Always labelled a
// projection: "预测（按当前日均推算）" / "Projection (at the current daily rate)".
#include <cstdio>

#include "report/report.hpp"
#include "report/sections.hpp"

namespace tl::report {

using ojson = nlohmann::ordered_json;

static std::string through_code(const Projection& pj) {
  char b[4];
  std::snprintf(b, sizeof b, "%02d", pj.through_day);
  return month_code(pj.window.last_month) + "-" + b;
}

static ojson metrics_dom(const Metrics& m) {
  return ojson{{"paid_orders", m.paid_orders},
               {"active_merchants", m.active_merchants},
               {"qualified_merchants", m.qualified_merchants},
               {"paid_amount", number_json(m.value(Metric::PaidAmount))}};
}

ojson projection_dom(const Result& r) {
  ojson o;
  if (!r.projection) return o;
  const Projection& pj = *r.projection;
  o["label"] = "projection at the current daily rate";
  o["grade"] = month_code(pj.grade_month);
  o["window"] = {{"start", month_code(pj.window.first_month)}, {"end", month_code(pj.window.last_month)}};
  o["through"] = through_code(pj);
  o["days_in_month"] = pj.days_in_month;
  o["days_left"] = pj.days_left;
  o["providers"] = ojson::array();
  for (const Projection::Provider& p : pj.providers) {
    o["providers"].push_back({{"id", p.id},
                              {"so_far", metrics_dom(p.so_far)},
                              {"running_month_orders", p.running_orders},
                              {"projected", metrics_dom(p.projected)},
                              {"qualified_on_pace", p.qualified_on_pace},
                              {"tier", r.rules.tiers[p.tier].id},
                              {"target", p.target ? ojson(r.rules.tiers[*p.target].id) : ojson(nullptr)},
                              {"on_track", p.on_track},
                              {"keeps_tier", p.keeps}});
  }
  return o;
}

const char* projection_label(Lang lang) { return lang == Lang::Zh ? "预测（按当前日均推算）" : "Projection (at the current daily rate)"; }

// "about 24 paid orders, 3 active merchants, about 0 qualified merchants — not on track for Silver (projected: Service provider)"
static std::string projection_body(const Result& r, const ProviderResult& p, const Projection::Provider& pp, Lang lang) {
  const bool zh = lang == Lang::Zh;
  const Metrics& m = pp.projected;
  std::string s = zh ? "支付订单约 " + group_digits(m.paid_orders) + " 单，动销商家 " + group_digits(m.active_merchants) + " 个，达标商家约 " +
                           group_digits(m.qualified_merchants) + " 个"
                     : "about " + group_digits(m.paid_orders) + " paid orders, " + group_digits(m.active_merchants) + " active merchants, about " +
                           group_digits(m.qualified_merchants) + " qualified merchants";
  const std::string tier = tier_name(r.rules.tiers[pp.tier], lang);
  if (pp.target) {
    const std::string target = tier_name(r.rules.tiers[*pp.target], lang);
    if (pp.on_track) s += zh ? " —— 有望达到" + target : " — on track for " + target;
    else s += zh ? " —— 按此进度达不到" + target + "（预计：" + tier + "）" : " — not on track for " + target + " (projected: " + tier + ")";
  } else if (pp.keeps) {
    s += zh ? " —— 预计保持" + tier : " — keeps " + tier;
  } else {
    s += zh ? " —— 预计为" + tier + "，低于当前的" + tier_name(r.tier_of(p), lang)
            : " — projected " + tier + ", below the current " + tier_name(r.tier_of(p), lang);
  }
  return s;
}

std::string projection_sentence(const Result& r, const Projection& pj, const ProviderResult& p, Lang lang) {
  if (r.providers.empty() || &p < r.providers.data() || &p >= r.providers.data() + r.providers.size()) return "";
  const size_t i = static_cast<size_t>(&p - r.providers.data());
  if (i >= pj.providers.size() || pj.providers[i].id != p.id) return "";
  const bool zh = lang == Lang::Zh;
  const std::string grade = month_short(pj.grade_month, lang) + (zh ? "评级" : " grade");
  return std::string(projection_label(lang)) + " · " + grade + (zh ? "：" : ": ") + projection_body(r, p, pj.providers[i], lang);
}

std::string projection_text(const Result& r, Lang lang) {
  if (!r.projection) return "";
  const Projection& pj = *r.projection;
  const bool zh = lang == Lang::Zh;
  const std::string left = std::to_string(pj.days_left), month = month_short(pj.window.last_month, lang);
  std::string t = "\n" + std::string(projection_label(lang)) + " · " + grade_label(pj.window, lang) +
                  (zh ? "，数据截至 " + through_code(pj) + "，" + month + "还剩 " + left + " 天\n"
                      : ", data through " + through_code(pj) + ", " + left + " days left in " + month + "\n");
  t += zh ? "  方法：支付订单 = 已有 + 本月至今 ÷ 已过天数 × 剩余天数；动销商家不推算；达标商家 = 整月已达标 + 本月按日均达标\n"
          : "  Method: paid orders = so far + this month so far / days covered x days left; active merchants not projected; "
            "qualified = qualified in a whole month + on pace this month\n";
  for (size_t i = 0; i < r.providers.size() && i < pj.providers.size(); ++i) {
    const ProviderResult& p = r.providers[i];
    const Projection::Provider& pp = pj.providers[i];
    t += "  " + (p.id.empty() ? std::string(zh ? "（全部数据）" : "(all data)") : p.id) +
         (zh ? "（已有 " + group_digits(pp.so_far.paid_orders) + " 单）：" : " (" + group_digits(pp.so_far.paid_orders) + " so far): ") +
         projection_body(r, p, pp, lang) + "\n";
  }
  return t;
}

}  // namespace tl::report
