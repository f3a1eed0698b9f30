// tierlens — the JSON report (schema tierlens.report/1, docs/report-schema.md). Key order is fixed
// (ordered_json) so builds compare byte for byte.
//
// [SECTION] numbers and strings
// [SECTION] a dump(2)-compatible writer   (the providers and their merchant tables, the bulk)
// [SECTION] messages
// [SECTION] providers
// [SECTION] the report
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "normalize/normalize.hpp"
#include "report/report.hpp"
#include "report/sections.hpp"

namespace tl::report {

using ojson = nlohmann::ordered_json;

// [SECTION] numbers and strings ------------------------------------------------------------------

std::string month_code(int m) {
  char b[8];
  norm::format_month(m, b);
  return b;
}

static ojson amount_json(int64_t cents) {
  if (cents % 100 == 0) return cents / 100;
  return static_cast<double>(cents) / 100.0;
}

ojson number_json(double v) {   // (report/sections.hpp)
  if (std::floor(v) == v && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
  return std::round(v * 100.0) / 100.0;
}

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

// [SECTION] a dump(2)-compatible writer ----------------------------------------------------------
// Pretty-prints as ordered_json::dump(2): "[]" / "{}" when empty, else one member a line, indented 2
// per level. Writing the providers straight to text saves building them as a DOM (20k merchant rows).
class JsonOut {
 public:
  JsonOut(std::string& out, int depth) : out_(out), base_(static_cast<size_t>(depth)) {}
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
  // a value the caller lays out itself at this depth (already indented)
  void raw(std::string_view text) { item(); out_ += text; }
  size_t depth() const { return base_ + counts_.size(); }

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

// [SECTION] messages -----------------------------------------------------------------------------

static ojson message_dom(const Message& m, Lang lang) {
  ojson o;
  o["code"] = msg_code(m.code);
  o["severity"] = severity_name(msg_severity(m.code));
  ojson params = ojson::object();
  for (auto& [k, v] : m.params) {
    if (v.find('\x1f') == std::string::npos && !(k == "headers" || k == "fields" || k == "allowed")) {
      params[k] = v;
      continue;
    }
    ojson items = ojson::array();   // a list parameter
    size_t b = 0;
    while (!v.empty()) {
      const size_t e = v.find('\x1f', b);
      items.push_back(v.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    params[k] = std::move(items);
  }
  o["params"] = std::move(params);
  o["text"] = render(m, lang);
  ojson fix = ojson::object();
  const std::string cli = render_fix(m, lang, Host::Cli), page = render_fix(m, lang, Host::Page);
  if (!cli.empty()) fix["cli"] = cli;
  if (!page.empty()) fix["page"] = page;
  o["fix"] = std::move(fix);
  return o;
}

std::string message_json(const Message& m, Lang lang, int indent_depth) {
  std::string s = message_dom(m, lang).dump(2, ' ', false, ojson::error_handler_t::replace);
  if (indent_depth <= 0) return s;
  std::string out, pad(static_cast<size_t>(2 * indent_depth), ' ');
  for (char c : s) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

// [SECTION] providers ----------------------------------------------------------------------------

static void put_merchants(JsonOut& w, const ProviderResult& p, const Result& r) {
  const std::vector<int> months = r.window.months();
  w.begin_array();
  for (const MerchantRow& m : p.merchants) {
    w.begin_object();
    w.key("id").str(r.merchant_id(m));
    w.key("name").str(r.merchant_name(m));
    w.key("industry").str(r.merchant_industry(m));
    if (m.standard) w.key("standard").num(*m.standard);
    else w.key("standard").null();
    w.key("orders").begin_array();
    const int64_t* orders = r.orders_of(m);
    for (size_t k = 0; k < months.size(); ++k) w.num(orders[k]);
    w.end_array();
    w.key("total").num(m.total);
    w.key("active").boolean(m.active);
    w.key("qualified").boolean(m.qualified);
    if (m.best >= 0) w.key("best_month").str(month_code(r.window.window.first_month + m.best));
    else w.key("best_month").null();
    w.key("best_month_orders").num(m.best_orders);
    if (m.shortfall) w.key("shortfall").num(*m.shortfall);
    else w.key("shortfall").null();
    w.end_object();
  }
  w.end_array();
}

static void put_providers(std::string& out, const Result& r, const JsonOptions& opt) {
  const RuleSet& rules = r.rules;
  JsonOut w(out, 1);   // the value of the top-level "providers"
  w.begin_array();
  int rank = 0;
  for (const ProviderResult& p : r.providers) {
    const Tier& tier = rules.tiers[p.tier];
    w.begin_object();
    w.key("id").str(p.id);
    w.key("name").str(p.name);
    w.key("rank").num(++rank);
    w.key("tier").str(tier.id);
    w.key("tier_name").str(tier.name);
    w.key("tier_name_en").str(tier.name_en);
    if (!p.eligibility) {   // not checked: no providers file
      w.key("eligibility").null();
    } else {
      w.key("eligibility").begin_object();
      w.key("status").str(eligibility_name(p.eligibility->status));
      if (p.eligibility->certified_since) w.key("certified_since").str(norm::format_day(*p.eligibility->certified_since));
      else w.key("certified_since").null();
      w.key("grade_month").str(month_code(p.eligibility->grade_month));
      w.end_object();
    }
    w.key("metrics").begin_object();
    w.key("paid_orders").num(p.metrics.paid_orders);
    w.key("active_merchants").num(p.metrics.active_merchants);
    w.key("qualified_merchants").num(p.metrics.qualified_merchants);
    w.end_object();
    w.key("paid_amount").number(amount_json(p.metrics.paid_amount_cents));
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
        w.key("metric").str(metric_name(c.metric));
        w.key("op").str(op_name(c.op));
        w.key("bar").number(number_json(c.bar));
        w.key("value").number(number_json(c.value));
        w.key("pass").boolean(c.pass);
        w.key("margin").number(number_json(c.margin()));
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    if (!p.next) {
      w.key("next_tier").null();
    } else {
      const NextTier& next = *p.next;
      const Tier& nt = rules.tiers[next.tier];
      w.key("next_tier").begin_object();
      w.key("id").str(nt.id);
      w.key("name").str(nt.name);
      w.key("name_en").str(nt.name_en);
      w.key("configured").boolean(true);
      for (const auto* list : {&next.required, &next.any_of}) {
        w.key(list == &next.required ? "required" : "any_of").begin_array();
        for (const NextTier::Gap& g : *list) {
          w.begin_object();
          w.key("metric").str(metric_name(g.metric));
          w.key("missing").number(number_json(g.missing));
          w.end_object();
        }
        w.end_array();
      }
      w.key("any_satisfied").boolean(next.any_satisfied);
      if (next.cheapest) w.key("cheapest").str(metric_name(*next.cheapest));
      else w.key("cheapest").null();
      w.end_object();
    }
    w.key("months").begin_array();
    for (const MonthMetrics& m : p.months) {
      w.begin_object();
      w.key("month").str(month_code(m.month));
      w.key("paid_orders").num(m.metrics.paid_orders);
      w.key("active_merchants").num(m.metrics.active_merchants);
      w.key("qualified_merchants").num(m.metrics.qualified_merchants);
      w.key("paid_amount").number(amount_json(m.metrics.paid_amount_cents));
      w.end_object();
    }
    w.end_array();
    w.key("merchants");
    if (opt.merchants) {
      put_merchants(w, p, r);
    } else {
      w.begin_array();
      w.end_array();
    }
    w.key("near_qualifying").begin_array();
    for (size_t i : p.near) w.str(r.merchant_id(p.merchants[i]));
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

// [SECTION] the report ---------------------------------------------------------------------------

std::string json(const Result& r, const JsonOptions& opt) {
  const RuleSet& rules = r.rules;
  ojson j;
  j["schema"] = "tierlens.report/1";
  j["lang"] = lang_code(opt.lang);
  j["rules"] = {{"name", rules.name},
                {"window_months", rules.window_months},
                {"qualified_compare", rules.qualified_strict ? ">" : ">="},
                {"default_standard", rules.default_standard ? ojson(*rules.default_standard) : ojson(nullptr)}};
  const Window& win = r.window.window;
  const int nmonths = win.months();
  ojson w;
  w["start"] = nmonths ? ojson(month_code(win.first_month)) : ojson(nullptr);
  w["end"] = nmonths ? ojson(month_code(win.last_month)) : ojson(nullptr);
  w["months"] = ojson::array();
  for (int k = 0; k < nmonths; ++k) w["months"].push_back(month_code(win.first_month + k));
  w["source"] = r.window.explicit_window ? "explicit" : "default";
  w["last_month_incomplete"] = r.window.last_month_incomplete;
  w["in_progress_month"] = r.window.in_progress ? ojson(month_code(*r.window.in_progress)) : ojson(nullptr);
  w["data_months"] = ojson::array();
  for (int m : r.window.data_months) w["data_months"].push_back(month_code(m));
  j["window"] = std::move(w);
  // the grade this window makes (the rule's calendar: month M is graded on the months before it)
  j["evaluation_month"] = nmonths ? ojson(month_code(r.window.grade_month())) : ojson(nullptr);
  ojson el;   // whether the grade's eligibility was checked (a providers file), and its counts
  el["checked"] = r.eligibility_checked;
  if (r.eligibility_checked) {
    int64_t n[3] = {0, 0, 0};
    for (const ProviderResult& p : r.providers)
      if (p.eligibility) ++n[static_cast<int>(p.eligibility->status)];
    el["grade_month"] = nmonths ? ojson(month_code(r.window.grade_month())) : ojson(nullptr);   // (no data: no grade)
    el["certified_by"] = nmonths ? ojson(norm::format_day(norm::month_start_cst_seconds(r.window.grade_month()) - 86400)) : ojson(nullptr);
    el["eligible"] = n[0];
    el["not_eligible"] = n[1];
    el["unknown"] = n[2];
  }
  j["eligibility"] = std::move(el);
  j["tiers"] = ojson::array();
  for (size_t t = 0; t < rules.tiers.size(); ++t)
    j["tiers"].push_back({{"id", rules.tiers[t].id}, {"name", rules.tiers[t].name}, {"name_en", rules.tiers[t].name_en},
                          {"configured", t == 0 || rules.tiers[t].configured()}});
  // The providers are written straight to text in exactly the layout dump(2) gives: a placeholder here
  j["providers"] = "\x01providers";

  const DataQuality& q = r.quality;
  ojson dq;
  dq["rows_read"] = q.rows_read;
  dq["rows_counted"] = q.rows_counted;
  dq["not_counted"] = ojson::object();
  for (const ReasonTally& t : q.not_counted)
    if (t.count) dq["not_counted"][reason_code(t.reason)] = t.count;
  dq["samples"] = ojson::object();
  for (const ReasonTally& t : q.not_counted) {
    if (t.samples.empty()) continue;
    ojson a = ojson::array();
    for (const Sample& smp : t.samples) a.push_back({{"file", smp.file}, {"line", smp.line}});
    dq["samples"][reason_code(t.reason)] = std::move(a);
  }
  dq["statuses"] = ojson::object();
  for (auto& [st, n] : q.statuses) dq["statuses"][st] = n;
  dq["industries_without_standard"] = q.industries_without_standard;
  dq["files"] = ojson::array();
  for (const FileInfo& f : q.files) {
    ojson o;
    o["name"] = f.name;
    o["kind"] = kind_name(f.kind);
    o["encoding"] = csv::encoding_name(f.encoding);
    o["separator"] = f.separator ? std::string(1, f.separator) : std::string();
    o["state"] = file_state_name(f.state);
    o["rows"] = f.rows;
    o["blank_lines"] = f.blank_lines;
    o["invalid_chars"] = f.invalid_chars;
    if (f.repeated_orders) o["repeated_orders_from_other_files"] = f.repeated_orders;
    ojson cols = ojson::object();
    for (size_t c = 0; c < f.per_column.size() && c < f.header.size(); ++c)
      if (f.per_column[c] != Field::None) cols[field_name(f.per_column[c])] = f.header[c];
    o["columns"] = std::move(cols);
    ojson srcs = ojson::object();   // where each used column's meaning came from: "name", "values" or "user"
    for (size_t c = 0; c < f.per_column.size() && c < f.column_source.size(); ++c)
      if (f.per_column[c] != Field::None) srcs[field_name(f.per_column[c])] = column_source_name(f.column_source[c]);
    o["column_sources"] = std::move(srcs);
    ojson rej = ojson::object();
    for (const ReasonCount& rc : f.rejected) rej[reason_code(rc.reason)] = {{"count", rc.count}, {"lines", rc.sample_lines}};
    o["rejected"] = std::move(rej);
    o["error"] = f.error ? message_dom(*f.error, opt.lang) : ojson(nullptr);
    o["warnings"] = ojson::array();
    for (const Message& m : f.warnings) o["warnings"].push_back(message_dom(m, opt.lang));
    dq["files"].push_back(std::move(o));
  }
  j["data_quality"] = std::move(dq);
  if (!r.history.empty()) {   // asked for (EvalOptions::history): every past grade, oldest first
    ojson h = ojson::array();
    for (const Grade& g : r.history) {
      ojson ps = ojson::array();
      for (const Grade::Provider& p : g.providers)
        ps.push_back({{"id", p.id}, {"tier", rules.tiers[p.tier].id},
                      {"eligibility", p.eligibility ? ojson(eligibility_name(*p.eligibility)) : ojson(nullptr)},
                      {"metrics", {{"paid_orders", p.metrics.paid_orders}, {"active_merchants", p.metrics.active_merchants},
                                   {"qualified_merchants", p.metrics.qualified_merchants}}}});
      h.push_back({{"month", month_code(g.month)},
                   {"window", {{"start", month_code(g.window.first_month)}, {"end", month_code(g.window.last_month)}}},
                   {"providers", std::move(ps)}});
    }
    j["history"] = std::move(h);
  }
  if (r.plan) j["plan"] = plan_dom(r);                     // asked for (tl::plan): report/plan.cpp
  if (r.comparison) j["comparison"] = comparison_dom(r);   // asked for (tl::compare)
  if (r.projection) j["projection"] = projection_dom(r);   // asked for (tl::project): report/projection.cpp

  const std::string dumped = j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  const std::string marker = "\"providers\": \"\\u0001providers\"";
  const size_t at = dumped.find(marker);   // always there: the placeholder above
  std::string out;
  out.reserve(dumped.size() + r.providers.size() * 4096);   // the merchant tables grow it
  out.append(dumped, 0, at);
  out += "\"providers\": ";
  put_providers(out, r, opt);
  out.append(dumped, at + marker.size(), std::string::npos);
  return out;
}

}  // namespace tl::report
