// tierlens — writing an Evaluation out: the versioned JSON report (docs/report-schema.md) and a
// readable terminal summary. Key order is fixed (ordered_json) so builds compare byte for byte.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "eval/evaluation.hpp"
#include "normalize/normalize.hpp"
#include "store/store.hpp"

namespace tl {

using ojson = nlohmann::ordered_json;

static std::string month_str(int m) {
  char b[8];
  norm::format_month(m, b);
  return b;
}

static ojson amount_json(int64_t cents) {
  if (cents % 100 == 0) return cents / 100;
  return static_cast<double>(cents) / 100.0;
}

static ojson number_json(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
  return std::round(v * 100.0) / 100.0;
}

// How much a failing condition still needs (0 when it holds).
static double missing_of(const ConditionResult& c) {
  if (c.pass) return 0;
  bool money = c.cond.metric == Metric::PaidAmount;
  double step = money ? 0.01 : 1;
  switch (c.cond.op) {
    case Op::Ge: return c.cond.value - c.value;
    case Op::Gt: return c.cond.value + step - c.value;
    case Op::Le: return c.value - c.cond.value;
    case Op::Lt: return c.value - c.cond.value + step;
    case Op::Eq: return std::fabs(c.value - c.cond.value);
  }
  return 0;
}

static std::string group_digits(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (v < 0 ? "-" : "") + out;
}

static std::string fmt_value(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9e15) return group_digits(static_cast<int64_t>(v));
  int64_t cents = static_cast<int64_t>(std::llround(v * 100.0));
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02d", static_cast<int>(std::llabs(cents) % 100));
  return (cents < 0 && cents > -100 ? "-" : "") + group_digits(cents / 100) + "." + frac;
}

// [SECTION] merchant tables as text --------------------------------------------------------------

// JSON string escaping as nlohmann's dump does it (UTF-8 kept, control characters escaped).
static void put_string(std::string& out, std::string_view v) {
  out += '"';
  for (unsigned char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          out += b;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

static void put_merchants(std::string& out, const ProviderResult& p, const Evaluation& e, const Workspace::Store& s) {
  const std::string in1(8, ' '), in2(10, ' '), in3(12, ' ');   // depth of providers[i].merchants[j]
  out += "[\n";
  for (size_t i = 0; i < p.merchants.size(); ++i) {
    const MerchantRow& r = p.merchants[i];
    const MerchantInfo& mi = s.merchant_info[r.merchant];
    out += in1 + "{\n";
    out += in2 + "\"id\": "; put_string(out, s.merchants.view(r.merchant)); out += ",\n";
    out += in2 + "\"name\": "; put_string(out, mi.name != Interner::kNone ? s.names.view(mi.name) : std::string_view()); out += ",\n";
    out += in2 + "\"industry\": "; put_string(out, mi.industry != Interner::kNone ? s.names.view(mi.industry) : std::string_view()); out += ",\n";
    out += in2 + "\"standard\": " + (r.standard ? std::to_string(*r.standard) : std::string("null")) + ",\n";
    const int64_t* orders = e.orders_of(r);
    const size_t nmonths = static_cast<size_t>(e.months());
    if (!nmonths) {
      out += in2 + "\"orders\": [],\n";
    } else {
      out += in2 + "\"orders\": [\n";
      for (size_t k = 0; k < nmonths; ++k) out += in3 + std::to_string(orders[k]) + (k + 1 < nmonths ? ",\n" : "\n");
      out += in2 + "],\n";
    }
    out += in2 + "\"total\": " + std::to_string(r.total) + ",\n";
    out += in2 + "\"active\": " + (r.active ? "true" : "false") + ",\n";
    out += in2 + "\"qualified\": " + (r.qualified ? "true" : "false") + ",\n";
    out += in2 + "\"best_month\": " + (r.best >= 0 ? "\"" + month_str(e.window.first_month + r.best) + "\"" : std::string("null")) + ",\n";
    out += in2 + "\"best_month_orders\": " + std::to_string(r.best_orders) + ",\n";
    out += in2 + "\"shortfall\": " + (r.shortfall ? std::to_string(*r.shortfall) : std::string("null")) + "\n";
    out += in1 + (i + 1 < p.merchants.size() ? "},\n" : "}\n");
  }
  out += std::string(6, ' ') + "]";
}

// Replaces each "\u0001merchants:N" placeholder of the dumped report with provider N's table.
static std::string splice_merchants(const std::string& dumped, const std::vector<const ProviderResult*>& blocks,
                                    const Evaluation& e, const Workspace::Store& s) {
  std::string out;
  out.reserve(dumped.size() + blocks.size() * 4096);
  size_t pos = 0;
  for (size_t n = 0; n < blocks.size(); ++n) {
    const std::string marker = "\"\\u0001merchants:" + std::to_string(n) + "\"";
    size_t at = dumped.find(marker, pos);
    if (at == std::string::npos) break;  // cannot happen: every block left its marker
    out.append(dumped, pos, at - pos);
    put_merchants(out, *blocks[n], e, s);
    pos = at + marker.size();
  }
  out.append(dumped, pos, std::string::npos);
  return out;
}

// The merchant tables as structs (EvalOptions::merchant_tables), the same rows put_merchants writes.
static std::vector<MerchantTable> merchant_tables(const Evaluation& e, const Workspace::Store& s, const EvalOptions& opt) {
  std::vector<MerchantTable> out(e.providers.size());
  for (size_t p = 0; p < e.providers.size(); ++p) {
    const ProviderResult& pr = e.providers[p];
    if (opt.merchant_tables_of && pr.id != *opt.merchant_tables_of) continue;
    MerchantTable& t = out[p];
    t.rows.resize(pr.merchants.size());
    for (size_t i = 0; i < pr.merchants.size(); ++i) {
      const MerchantRow& r = pr.merchants[i];
      const MerchantInfo& mi = s.merchant_info[r.merchant];
      MerchantLine& l = t.rows[i];
      l.id = s.merchants.view(r.merchant);
      if (mi.name != Interner::kNone) l.name = s.names.view(mi.name);
      if (mi.industry != Interner::kNone) l.industry = s.names.view(mi.industry);
      l.orders.assign(e.orders_of(r), e.orders_of(r) + e.months());
      l.total = r.total;
      l.active = r.active;
      l.qualified = r.qualified;
      l.best_month = r.best;
      l.best_month_orders = r.best_orders;
      l.standard = r.standard;
      l.shortfall = r.shortfall;
    }
    t.near = pr.near;
  }
  return out;
}

Report build_report(const Evaluation& e, const RuleSet& rules, const Workspace::Store& s, const EvalOptions& opt) {
  ojson j;
  j["schema"] = "tierlens.report/1";
  j["rules"] = {{"name", rules.name},
                {"window_months", rules.window_months},
                {"qualified_compare", rules.qualified_strict ? ">" : ">="},
                {"default_standard", rules.default_standard ? ojson(*rules.default_standard) : ojson(nullptr)}};
  const int nmonths = std::max(0, e.window.last_month - e.window.first_month + 1);
  ojson w;
  w["start"] = nmonths ? ojson(month_str(e.window.first_month)) : ojson(nullptr);
  w["end"] = nmonths ? ojson(month_str(e.window.last_month)) : ojson(nullptr);
  w["months"] = ojson::array();
  for (int k = 0; k < nmonths; ++k) w["months"].push_back(month_str(e.window.first_month + k));
  w["source"] = e.explicit_window ? "explicit" : "default";
  w["last_month_incomplete"] = e.last_month_incomplete;
  w["data_months"] = ojson::array();
  for (int m : e.data_months) w["data_months"].push_back(month_str(m));
  j["window"] = std::move(w);
  j["tiers"] = ojson::array();
  for (size_t t = 0; t < rules.tiers.size(); ++t)
    j["tiers"].push_back({{"id", rules.tiers[t].id}, {"name", rules.tiers[t].name}, {"name_en", rules.tiers[t].name_en},
                          {"configured", t == 0 || rules.tiers[t].configured()}});

  j["providers"] = ojson::array();
  std::vector<const ProviderResult*> merchant_blocks;
  int rank = 0;
  for (const ProviderResult& p : e.providers) {
    ojson o;
    const Tier& tier = rules.tiers[p.tier];
    o["id"] = p.id;
    o["name"] = p.name;
    o["rank"] = ++rank;
    o["tier"] = tier.id;
    o["tier_name"] = tier.name;
    o["tier_name_en"] = tier.name_en;
    o["metrics"] = {{"paid_orders", p.paid_orders}, {"active_merchants", p.active}, {"qualified_merchants", p.qualified}};
    o["paid_amount"] = amount_json(p.amount_cents);
    o["bound_merchants"] = p.bound_merchants;
    o["merchants_without_standard"] = p.without_standard;
    o["tiers"] = ojson::array();
    for (const TierResult& tr : p.tiers) {
      ojson t;
      t["id"] = rules.tiers[tr.tier].id;
      t["configured"] = tr.configured;
      t["earned"] = tr.earned;
      t["conditions"] = ojson::array();
      for (const ConditionResult& c : tr.conditions)
        t["conditions"].push_back({{"group", c.any_group ? "any" : "all"},
                                   {"metric", metric_name(c.cond.metric)},
                                   {"op", op_name(c.cond.op)},
                                   {"bar", number_json(c.cond.value)},
                                   {"value", number_json(c.value)},
                                   {"pass", c.pass},
                                   {"margin", number_json(c.value - c.cond.value)}});
      o["tiers"].push_back(std::move(t));
    }
    // the next configured tier above the earned one
    ojson next = nullptr;
    for (size_t t = p.tier + 1; t < p.tiers.size(); ++t) {
      const TierResult& tr = p.tiers[t];
      if (!tr.configured) continue;
      const Tier& nt = rules.tiers[t];
      next = ojson::object();
      next["id"] = nt.id;
      next["name"] = nt.name;
      next["name_en"] = nt.name_en;
      next["configured"] = true;
      next["required"] = ojson::array();
      next["any_of"] = ojson::array();
      bool any_ok = nt.any.empty();
      for (const ConditionResult& c : tr.conditions)
        if (c.any_group && c.pass) any_ok = true;
      std::string cheapest;
      double best_ratio = 0;
      for (const ConditionResult& c : tr.conditions) {
        if (c.pass) continue;
        ojson m = {{"metric", metric_name(c.cond.metric)}, {"missing", number_json(missing_of(c))}};
        if (!c.any_group) {
          next["required"].push_back(std::move(m));
        } else if (!any_ok) {
          next["any_of"].push_back(std::move(m));
          double ratio = missing_of(c) / std::max(1.0, std::fabs(c.cond.value));
          if (cheapest.empty() || ratio < best_ratio) { cheapest = metric_name(c.cond.metric); best_ratio = ratio; }
        }
      }
      next["any_satisfied"] = any_ok;
      next["cheapest"] = cheapest.empty() ? ojson(nullptr) : ojson(cheapest);
      break;
    }
    o["next_tier"] = std::move(next);
    o["months"] = ojson::array();
    for (const MonthRow& m : p.months)
      o["months"].push_back({{"month", month_str(m.month)}, {"paid_orders", m.paid_orders}, {"active_merchants", m.active},
                             {"qualified_merchants", m.qualified}, {"paid_amount", amount_json(m.amount_cents)}});
    // The merchant tables are the bulk of a report (tens of thousands of rows): they are written
    // straight to text below, in exactly the layout dump(2) would give, instead of through the DOM.
    if (opt.include_merchants && !p.merchants.empty()) {
      o["merchants"] = "\x01merchants:" + std::to_string(merchant_blocks.size());
      merchant_blocks.push_back(&p);
    } else {
      o["merchants"] = ojson::array();
    }
    o["near_qualifying"] = ojson::array();
    for (size_t i : p.near) o["near_qualifying"].push_back(s.merchants.str(p.merchants[i].merchant));
    j["providers"].push_back(std::move(o));
  }

  ojson dq;
  dq["rows_read"] = e.rows_read;
  dq["rows_counted"] = e.rows_counted;
  dq["not_counted"] = ojson::object();
  for (auto& [r, n] : e.not_counted)
    if (n) dq["not_counted"][r] = n;
  dq["samples"] = ojson::object();
  for (auto& [r, v] : e.samples) {
    if (v.empty()) continue;
    ojson a = ojson::array();
    for (const Sample& smp : v) a.push_back({{"file", smp.file}, {"line", smp.line}});
    dq["samples"][r] = std::move(a);
  }
  dq["statuses"] = ojson::object();
  for (auto& [st, n] : e.statuses) dq["statuses"][st] = n;
  dq["industries_without_standard"] = e.industries_without_standard;
  dq["files"] = ojson::array();
  for (auto& fp : s.files) {
    if (!fp) continue;
    const FileInfo& f = fp->info;
    ojson o;
    o["name"] = f.name;
    o["kind"] = kind_name(f.kind);
    o["encoding"] = csv::encoding_name(f.encoding);
    o["separator"] = f.separator ? std::string(1, f.separator) : std::string();
    o["state"] = file_state_name(f.state);
    o["rows"] = f.rows;
    o["blank_lines"] = f.blank_lines;
    o["invalid_chars"] = f.invalid_chars;
    ojson cols = ojson::object();
    for (size_t c = 0; c < f.per_column.size() && c < f.header.size(); ++c)
      if (f.per_column[c] != Field::None) cols[field_name(f.per_column[c])] = f.header[c];
    o["columns"] = std::move(cols);
    ojson rej = ojson::object();
    for (const ReasonCount& rc : f.rejected) rej[rc.reason] = {{"count", rc.count}, {"lines", rc.sample_lines}};
    o["rejected"] = std::move(rej);
    o["error"] = f.error;
    o["warnings"] = f.warnings;
    dq["files"].push_back(std::move(o));
  }
  j["data_quality"] = std::move(dq);

  Report rep;
  rep.json = j.dump(2) + "\n";
  if (!merchant_blocks.empty()) rep.json = splice_merchants(rep.json, merchant_blocks, e, s);
  if (opt.merchant_tables) rep.merchant_tables = merchant_tables(e, s, opt);

  // ---- terminal summary ----
  std::string t;
  char buf[512];
  if (nmonths)
    std::snprintf(buf, sizeof buf, "评估周期 Window: %s .. %s (%d 个月)%s\n", month_str(e.window.first_month).c_str(),
                  month_str(e.window.last_month).c_str(), nmonths,
                  e.last_month_incomplete ? "  ⚠ 最后一个月数据不完整 / last month looks incomplete" : "");
  else
    std::snprintf(buf, sizeof buf, "评估周期 Window: (no data)\n");
  t += buf;
  for (const ProviderResult& p : e.providers) {
    const Tier& tier = rules.tiers[p.tier];
    t += "\n";
    t += "服务商 Provider: " + (p.id.empty() ? std::string("(all data)") : p.id) + (p.name.empty() ? "" : "  " + p.name) + "\n";
    t += "  等级 Tier: " + tier.name + " (" + tier.name_en + ")\n";
    t += "  支付订单量 paid orders: " + group_digits(p.paid_orders) + "   动销商家数 active: " + group_digits(p.active) +
         "   服务达标商家数 qualified: " + group_digits(p.qualified) + "   支付金额 amount: " + fmt_value(p.amount_cents / 100.0) + "\n";
    for (const TierResult& tr : p.tiers) {
      if (tr.tier == 0) continue;
      const Tier& ti = rules.tiers[tr.tier];
      if (!tr.configured) {
        t += "  [" + ti.name_en + "] 标准未公布，未配置 / criteria not published — add them in the rules\n";
        continue;
      }
      t += "  [" + ti.name_en + "] " + (tr.earned ? "达成 earned" : "未达成 not earned") + "\n";
      for (const ConditionResult& c : tr.conditions) {
        std::snprintf(buf, sizeof buf, "    %-4s %-20s %s %-12s value %-12s %s\n", c.any_group ? "any" : "all",
                      metric_name(c.cond.metric), op_name(c.cond.op), fmt_value(c.cond.value).c_str(), fmt_value(c.value).c_str(),
                      c.pass ? "✓" : "✗");
        t += buf;
      }
    }
    const ojson& next = j["providers"][static_cast<size_t>(&p - &e.providers[0])]["next_tier"];
    if (!next.is_null()) {
      t += "  距 " + next["name"].get<std::string>() + " 还差 gap:";
      bool first = true;
      for (auto& m : next["required"]) {
        t += std::string(first ? " " : "; ") + m["metric"].get<std::string>() + " +" + fmt_value(m["missing"].get<double>());
        first = false;
      }
      if (!next["any_of"].empty()) {
        t += std::string(first ? " " : "; and ") + "one of:";
        for (auto& m : next["any_of"]) t += " " + m["metric"].get<std::string>() + " +" + fmt_value(m["missing"].get<double>());
      }
      t += "\n";
    }
  }
  t += "\n数据质量 Data quality: rows read " + group_digits(static_cast<int64_t>(e.rows_read)) + ", counted " +
       group_digits(static_cast<int64_t>(e.rows_counted)) + "\n";
  for (auto& [r, n] : e.not_counted) {
    if (!n) continue;
    std::string lines;
    auto it = e.samples.find(r);
    if (it != e.samples.end())
      for (const Sample& smp : it->second) lines += (lines.empty() ? " e.g. " : ", ") + smp.file + ":" + std::to_string(smp.line);
    t += "  not counted " + r + ": " + group_digits(static_cast<int64_t>(n)) + lines + "\n";
  }
  if (!e.industries_without_standard.empty()) {
    t += "  industries without a standard:";
    for (auto& i : e.industries_without_standard) t += " " + (i.empty() ? std::string("(none)") : i);
    t += "\n";
  }
  for (auto& fp : s.files) {
    if (!fp) continue;
    if (!fp->info.error.empty()) t += "  ✗ " + fp->info.error + "\n";
    for (auto& wmsg : fp->info.warnings) t += "  ⚠ " + fp->info.name + ": " + wmsg + "\n";
  }
  rep.text = t;
  return rep;
}

}  // namespace tl
