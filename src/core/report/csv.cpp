// tierlens — the merchants CSV and the providers' ranking CSV: every provider's merchant table (or one), and one row per provider, the same for the CLI and the
// page. UTF-8 with a BOM and CRLF (Excel on Windows opens it as UTF-8), long digit runs written as
// ="…" so Excel keeps ids as text instead of turning them into 1.23457E+18.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "normalize/normalize.hpp"
#include "report/report.hpp"

namespace tl::report {

std::string csv_cell(std::string_view v) {
  const bool digits = v.size() > 11 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return "\"=\"\"" + std::string(v) + "\"\"\"";
  if (v.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(v);
  std::string o = "\"";
  for (char c : v) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string merchants_csv(const Result& r, Lang lang, const ProviderResult* only) {
  const bool zh = lang == Lang::Zh;
  const std::vector<int> months = r.window.months();
  std::vector<std::string> head = {zh ? "服务商ID" : "Provider id", zh ? "店铺ID" : "Shop id", zh ? "店铺名称" : "Shop name",
                                   zh ? "行业" : "Industry"};
  for (int m : months) head.push_back(zh ? month_code(m) + " 订单量" : "Orders " + month_code(m));
  for (const char* h : zh ? std::vector<const char*>{"周期合计", "动销", "达标", "最佳月份", "最佳月订单量", "行业标准", "还差（单）"}
                          : std::vector<const char*>{"Total", "Active", "Qualified", "Best month", "Best month orders", "Standard", "Shortfall"})
    head.push_back(h);
  std::string out = "\xEF\xBB\xBF";
  auto put_row = [&out](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_cell(row[i]);
    out += "\r\n";
  };
  put_row(head);
  for (const ProviderResult& p : r.providers) {
    if (only && &p != only) continue;
    for (const MerchantRow& m : p.merchants) {
      std::vector<std::string> row = {p.id, std::string(r.merchant_id(m)), std::string(r.merchant_name(m)),
                                      std::string(r.merchant_industry(m))};
      const int64_t* orders = r.orders_of(m);
      for (size_t k = 0; k < months.size(); ++k) row.push_back(std::to_string(orders[k]));
      row.push_back(std::to_string(m.total));
      row.push_back(m.active ? "1" : "0");
      row.push_back(m.qualified ? "1" : "0");
      row.push_back(m.best >= 0 && static_cast<size_t>(m.best) < months.size() ? month_code(months[m.best]) : "");
      row.push_back(std::to_string(m.best_orders));
      row.push_back(m.standard ? std::to_string(*m.standard) : "");
      row.push_back(m.shortfall ? std::to_string(*m.shortfall) : "");
      put_row(row);
    }
  }
  return out;
}

std::string providers_csv(const Result& r, Lang lang) {
  const bool zh = lang == Lang::Zh;
  std::vector<const char*> head =
      zh ? std::vector<const char*>{"排名", "服务商ID", "服务商名称", "等级", "等级ID", "支付订单量", "动销商家数", "达标商家数", "支付金额（元）",
                                    "下一等级", "距下一等级"}
         : std::vector<const char*>{"Rank", "Provider id", "Provider name", "Tier", "Tier id", "Paid orders", "Active merchants",
                                    "Qualified merchants", "Paid amount (yuan)", "Next tier", "Gap to the next tier"};
  if (r.eligibility_checked)   // with a providers file: whether each provider takes part in the grade
    for (const char* h : zh ? std::vector<const char*>{"参评资格", "认证时间"} : std::vector<const char*>{"Eligibility", "Certified since"}) head.push_back(h);
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < head.size(); ++i) out += (i ? "," : "") + csv_cell(head[i]);
  out += "\r\n";
  for (size_t i = 0; i < r.providers.size(); ++i) {
    const ProviderResult& p = r.providers[i];
    const int64_t cents = p.metrics.paid_amount_cents;
    char amount[40];
    std::snprintf(amount, sizeof amount, "%s%lld.%02lld", cents < 0 ? "-" : "", static_cast<long long>(std::llabs(cents) / 100),
                  static_cast<long long>(std::llabs(cents) % 100));
    std::vector<std::string> row = {std::to_string(i + 1), p.id, p.name, tier_name(r.tier_of(p), lang), r.tier_of(p).id,
                                          std::to_string(p.metrics.paid_orders), std::to_string(p.metrics.active_merchants),
                                          std::to_string(p.metrics.qualified_merchants), amount,
                                          p.next ? tier_name(r.rules.tiers[p.next->tier], lang) : std::string(), gap_sentence(r, p, lang)};
    if (r.eligibility_checked) {
      row.push_back(eligibility_label(p, lang));
      row.push_back(p.eligibility && p.eligibility->certified_since ? norm::format_day(*p.eligibility->certified_since) : std::string());
    }
    for (size_t k = 0; k < row.size(); ++k) out += (k ? "," : "") + csv_cell(row[k]);
    out += "\r\n";
  }
  return out;
}

}  // namespace tl::report
