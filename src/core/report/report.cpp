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

// The next configured tier above the earned one, and what each failing condition still needs.
struct NextTier {
  const Tier* tier = nullptr;   // none: no configured tier above
  struct Missing {
    const char* metric;
    ojson missing;              // number_json of the amount
  };
  std::vector<Missing> required, any_of;
  bool any_satisfied = false;
  const char* cheapest = nullptr;
};

static NextTier next_tier_of(const ProviderResult& p, const RuleSet& rules) {
  NextTier next;
  for (size_t t = p.tier + 1; t < p.tiers.size(); ++t) {
    const TierResult& tr = p.tiers[t];
    if (!tr.configured) continue;
    const Tier& nt = rules.tiers[t];
    next.tier = &nt;
    bool any_ok = nt.any.empty();
    for (const ConditionResult& c : tr.conditions)
      if (c.any_group && c.pass) any_ok = true;
    double best_ratio = 0;
    for (const ConditionResult& c : tr.conditions) {
      if (c.pass) continue;
      NextTier::Missing m{metric_name(c.cond.metric), number_json(missing_of(c))};
      if (!c.any_group) {
        next.required.push_back(std::move(m));
      } else if (!any_ok) {
        next.any_of.push_back(std::move(m));
        double ratio = missing_of(c) / std::max(1.0, std::fabs(c.cond.value));
        if (!next.cheapest || ratio < best_ratio) { next.cheapest = metric_name(c.cond.metric); best_ratio = ratio; }
      }
    }
    next.any_satisfied = any_ok;
    break;
  }
  return next;
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

// [SECTION] providers as text ---------------------------------------------------------------------
// The providers array is written as text, byte for byte what ordered_json::dump(2) would give; the rest
// of the report (small) still goes through the DOM.

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

// Pretty-prints as dump(2): "[]" / "{}" when empty, else one member a line, indented 2 per level.
class JsonOut {
 public:
  JsonOut(std::string& out, int depth) : out_(out), base_(depth) {}
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  JsonOut& key(std::string_view k) {
    item();
    put_string(out_, k);
    out_ += ": ";
    after_key_ = true;
    return *this;
  }
  void str(std::string_view v) { item(); put_string(out_, v); }
  void num(int64_t v) { item(); out_ += std::to_string(v); }
  void boolean(bool v) { item(); out_ += v ? "true" : "false"; }
  void null() { item(); out_ += "null"; }
  void number(const ojson& v) {   // a number as number_json / amount_json make it
    item();
    if (v.is_number_integer()) out_ += std::to_string(v.get<int64_t>());
    else out_ += v.dump();
  }
  // for a value the caller writes itself, already laid out for this depth (the merchant tables)
  std::string& raw() { item(); return out_; }

 private:
  void item() {
    if (after_key_) { after_key_ = false; return; }
    if (counts_.empty()) return;
    out_ += counts_.back()++ ? ",\n" : "\n";
    out_.append(2 * (base_ + counts_.size()), ' ');
  }
  void open(char c) {
    item();
    out_ += c;
    counts_.push_back(0);
  }
  void close(char c) {
    const size_t n = counts_.back();
    counts_.pop_back();
    if (n) {
      out_ += '\n';
      out_.append(2 * (base_ + counts_.size()), ' ');
    }
    out_ += c;
  }
  std::string& out_;
  size_t base_;
  std::vector<size_t> counts_;
  bool after_key_ = false;
};

static double number_value(const ojson& v) { return v.get<double>(); }

static void put_providers(std::string& out, const Evaluation& e, const std::vector<NextTier>& nexts, const RuleSet& rules,
                          const Workspace::Store& s, const EvalOptions& opt) {
  JsonOut w(out, 1);   // the value of the top-level "providers"
  w.begin_array();
  int rank = 0;
  for (size_t pi = 0; pi < e.providers.size(); ++pi) {
    const ProviderResult& p = e.providers[pi];
    const Tier& tier = rules.tiers[p.tier];
    w.begin_object();
    w.key("id").str(p.id);
    w.key("name").str(p.name);
    w.key("rank").num(++rank);
    w.key("tier").str(tier.id);
    w.key("tier_name").str(tier.name);
    w.key("tier_name_en").str(tier.name_en);
    w.key("metrics").begin_object();
    w.key("paid_orders").num(p.paid_orders);
    w.key("active_merchants").num(p.active);
    w.key("qualified_merchants").num(p.qualified);
    w.end_object();
    w.key("paid_amount").number(amount_json(p.amount_cents));
    w.key("bound_merchants").num(p.bound_merchants);
    w.key("merchants_without_standard").num(p.without_standard);
    w.key("tiers").begin_array();
    for (const TierResult& tr : p.tiers) {
      w.begin_object();
      w.key("id").str(rules.tiers[tr.tier].id);
      w.key("configured").boolean(tr.configured);
      w.key("earned").boolean(tr.earned);
      w.key("conditions").begin_array();
      for (const ConditionResult& c : tr.conditions) {
        w.begin_object();
        w.key("group").str(c.any_group ? "any" : "all");
        w.key("metric").str(metric_name(c.cond.metric));
        w.key("op").str(op_name(c.cond.op));
        w.key("bar").number(number_json(c.cond.value));
        w.key("value").number(number_json(c.value));
        w.key("pass").boolean(c.pass);
        w.key("margin").number(number_json(c.value - c.cond.value));
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    const NextTier& next = nexts[pi];
    if (!next.tier) {
      w.key("next_tier").null();
    } else {
      w.key("next_tier").begin_object();
      w.key("id").str(next.tier->id);
      w.key("name").str(next.tier->name);
      w.key("name_en").str(next.tier->name_en);
      w.key("configured").boolean(true);
      for (const auto* list : {&next.required, &next.any_of}) {
        w.key(list == &next.required ? "required" : "any_of").begin_array();
        for (const NextTier::Missing& m : *list) {
          w.begin_object();
          w.key("metric").str(m.metric);
          w.key("missing").number(m.missing);
          w.end_object();
        }
        w.end_array();
      }
      w.key("any_satisfied").boolean(next.any_satisfied);
      if (next.cheapest) w.key("cheapest").str(next.cheapest);
      else w.key("cheapest").null();
      w.end_object();
    }
    w.key("months").begin_array();
    for (const MonthRow& m : p.months) {
      w.begin_object();
      w.key("month").str(month_str(m.month));
      w.key("paid_orders").num(m.paid_orders);
      w.key("active_merchants").num(m.active);
      w.key("qualified_merchants").num(m.qualified);
      w.key("paid_amount").number(amount_json(m.amount_cents));
      w.end_object();
    }
    w.end_array();
    if (opt.include_merchants && !p.merchants.empty()) {
      put_merchants(w.key("merchants").raw(), p, e, s);
    } else {
      w.key("merchants").begin_array();
      w.end_array();
    }
    w.key("near_qualifying").begin_array();
    for (size_t i : p.near) w.str(s.merchants.view(p.merchants[i].merchant));
    w.end_array();
    w.end_object();
  }
  w.end_array();
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

  // The providers (with their merchant tables, the bulk of a report) are written straight to text in
  // exactly the layout dump(2) gives, without building them as a DOM: the placeholder is replaced below.
  j["providers"] = "\x01providers";
  std::vector<NextTier> nexts(e.providers.size());
  for (size_t i = 0; i < e.providers.size(); ++i) nexts[i] = next_tier_of(e.providers[i], rules);

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
  {
    const std::string dumped = j.dump(2) + "\n";
    const std::string marker = "\"providers\": \"\\u0001providers\"";
    const size_t at = dumped.find(marker);   // always there: the placeholder above
    rep.json.reserve(dumped.size() + e.providers.size() * 4096);   // the merchant tables grow it
    rep.json.append(dumped, 0, at);
    rep.json += "\"providers\": ";
    put_providers(rep.json, e, nexts, rules, s, opt);
    rep.json.append(dumped, at + marker.size(), std::string::npos);
  }
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
    const NextTier& next = nexts[static_cast<size_t>(&p - &e.providers[0])];
    if (next.tier) {
      t += "  距 " + next.tier->name + " 还差 gap:";
      bool first = true;
      for (auto& m : next.required) {
        t += std::string(first ? " " : "; ") + m.metric + " +" + fmt_value(number_value(m.missing));
        first = false;
      }
      if (!next.any_of.empty()) {
        t += std::string(first ? " " : "; and ") + "one of:";
        for (auto& m : next.any_of) t += " " + std::string(m.metric) + " +" + fmt_value(number_value(m.missing));
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
