// tierlens — rule set: built-in default, strict JSON parsing with key-naming errors, canonical JSON.
#include "rules/rules.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

namespace tl {

using ojson = nlohmann::ordered_json;

// [SECTION] names ------------------------------------------------------------------------

const char* metric_name(Metric m) {
  switch (m) {
    case Metric::PaidOrders: return "paid_orders";
    case Metric::ActiveMerchants: return "active_merchants";
    case Metric::QualifiedMerchants: return "qualified_merchants";
    case Metric::PaidAmount: return "paid_amount";
  }
  return "?";
}

const char* op_name(Op o) {
  switch (o) {
    case Op::Ge: return ">=";
    case Op::Gt: return ">";
    case Op::Le: return "<=";
    case Op::Lt: return "<";
    case Op::Eq: return "==";
  }
  return "?";
}

bool op_holds(Op o, double v, double bar) {
  switch (o) {
    case Op::Ge: return v >= bar;
    case Op::Gt: return v > bar;
    case Op::Le: return v <= bar;
    case Op::Lt: return v < bar;
    case Op::Eq: return v == bar;
  }
  return false;
}

// [SECTION] default ----------------------------------------------------------------------

RuleSet default_rules() {
  RuleSet r;
  r.name = "抖音电商产业带服务商分层（2023年9月征求意见稿）";
  r.window_months = 3;
  r.excluded_statuses = {"未支付", "待支付", "待付款", "unpaid", "pending payment"};
  r.qualified_strict = true;
  Tier base{"base", "产业带服务商", "Service provider", {}, {}};
  Tier silver{"silver", "产业带银牌服务商", "Silver", {}, {}};
  silver.all.push_back({Metric::PaidOrders, Op::Ge, 9000000});
  silver.any.push_back({Metric::ActiveMerchants, Op::Ge, 1000});
  silver.any.push_back({Metric::QualifiedMerchants, Op::Ge, 150});
  Tier gold{"gold", "产业带金牌服务商", "Gold", {}, {}};
  Tier diamond{"diamond", "产业带钻石服务商", "Diamond", {}, {}};
  r.tiers = {base, silver, gold, diamond};
  return r;
}

// [SECTION] parsing ----------------------------------------------------------------------

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw RuleError(path + ": " + what); }

const char* type_of(const ojson& j) { return j.type_name(); }

void check_keys(const ojson& obj, const std::string& path, std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      fail(path.empty() ? it.key() : path + "." + it.key(), "unknown key; allowed keys are " + list);
    }
  }
}

std::string get_string(const ojson& j, const std::string& path) {
  if (!j.is_string()) fail(path, std::string("expected a string, got ") + type_of(j));
  return j.get<std::string>();
}

double get_number(const ojson& j, const std::string& path) {
  if (!j.is_number()) fail(path, std::string("expected a number, got ") + type_of(j));
  double v = j.get<double>();
  if (!std::isfinite(v)) fail(path, "expected a finite number");
  return v;
}

int64_t get_count(const ojson& j, const std::string& path) {
  if (!j.is_number_integer() && !(j.is_number_float() && std::floor(j.get<double>()) == j.get<double>()))
    fail(path, std::string("expected a whole number, got ") + (j.is_number() ? j.dump() : type_of(j)));
  double v = j.get<double>();
  if (v < 0) fail(path, "must not be negative");
  return static_cast<int64_t>(v);
}

Metric parse_metric(const ojson& j, const std::string& path) {
  std::string s = get_string(j, path);
  for (Metric m : {Metric::PaidOrders, Metric::ActiveMerchants, Metric::QualifiedMerchants, Metric::PaidAmount})
    if (s == metric_name(m)) return m;
  fail(path, "unknown metric \"" + s + "\"; expected one of paid_orders, active_merchants, qualified_merchants, paid_amount");
}

Op parse_op(const ojson& j, const std::string& path) {
  std::string s = get_string(j, path);
  for (Op o : {Op::Ge, Op::Gt, Op::Le, Op::Lt, Op::Eq})
    if (s == op_name(o)) return o;
  if (s == "=") return Op::Eq;
  fail(path, "unknown operator \"" + s + "\"; expected one of >=, >, <=, <, ==");
}

std::vector<Condition> parse_conditions(const ojson& j, const std::string& path) {
  if (!j.is_array()) fail(path, std::string("expected an array of conditions, got ") + type_of(j));
  std::vector<Condition> out;
  for (size_t i = 0; i < j.size(); ++i) {
    std::string p = path + "[" + std::to_string(i) + "]";
    const ojson& c = j[i];
    if (!c.is_object()) fail(p, std::string("expected an object, got ") + type_of(c));
    check_keys(c, p, {"metric", "op", "value"});
    for (const char* k : {"metric", "value"})
      if (!c.contains(k)) fail(p + "." + k, "missing");
    Condition cond;
    cond.metric = parse_metric(c["metric"], p + ".metric");
    cond.op = c.contains("op") ? parse_op(c["op"], p + ".op") : Op::Ge;
    cond.value = get_number(c["value"], p + ".value");
    out.push_back(cond);
  }
  return out;
}

}  // namespace

RuleSet parse_rules(const std::string& text) {
  ojson j;
  try {
    j = ojson::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw RuleError(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw RuleError("the rule set must be a JSON object");
  check_keys(j, "", {"schema", "name", "window_months", "excluded_statuses", "qualified_compare",
                     "default_standard", "industry_standards", "tiers"});
  RuleSet r;
  if (!j.contains("schema")) fail("schema", "missing; expected \"tierlens.rules/1\"");
  if (get_string(j["schema"], "schema") != "tierlens.rules/1")
    fail("schema", "unsupported schema \"" + j["schema"].get<std::string>() + "\"; expected \"tierlens.rules/1\"");
  if (j.contains("name")) r.name = get_string(j["name"], "name");
  if (j.contains("window_months")) {
    int64_t n = get_count(j["window_months"], "window_months");
    if (n < 1 || n > 24) fail("window_months", "must be between 1 and 24");
    r.window_months = static_cast<int>(n);
  }
  if (j.contains("excluded_statuses")) {
    const ojson& a = j["excluded_statuses"];
    if (!a.is_array()) fail("excluded_statuses", std::string("expected an array of strings, got ") + type_of(a));
    for (size_t i = 0; i < a.size(); ++i)
      r.excluded_statuses.push_back(get_string(a[i], "excluded_statuses[" + std::to_string(i) + "]"));
  } else {
    r.excluded_statuses = default_rules().excluded_statuses;
  }
  if (j.contains("qualified_compare")) {
    std::string c = get_string(j["qualified_compare"], "qualified_compare");
    if (c == ">") r.qualified_strict = true;
    else if (c == ">=") r.qualified_strict = false;
    else fail("qualified_compare", "expected \">\" or \">=\", got \"" + c + "\"");
  }
  if (j.contains("default_standard") && !j["default_standard"].is_null())
    r.default_standard = get_count(j["default_standard"], "default_standard");
  if (j.contains("industry_standards")) {
    const ojson& s = j["industry_standards"];
    if (!s.is_object()) fail("industry_standards", std::string("expected an object {industry: standard}, got ") + type_of(s));
    for (auto it = s.begin(); it != s.end(); ++it)
      r.industry_standards[it.key()] = get_count(it.value(), "industry_standards." + it.key());
  }
  if (!j.contains("tiers")) fail("tiers", "missing; expected an array of tiers, lowest first");
  const ojson& t = j["tiers"];
  if (!t.is_array() || t.empty()) fail("tiers", "expected a non-empty array of tiers, lowest first");
  std::set<std::string> ids;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string p = "tiers[" + std::to_string(i) + "]";
    const ojson& o = t[i];
    if (!o.is_object()) fail(p, std::string("expected an object, got ") + type_of(o));
    check_keys(o, p, {"id", "name", "name_en", "all", "any"});
    Tier tier;
    if (!o.contains("id")) fail(p + ".id", "missing");
    tier.id = get_string(o["id"], p + ".id");
    if (tier.id.empty()) fail(p + ".id", "must not be empty");
    if (!ids.insert(tier.id).second) fail(p + ".id", "duplicate tier id \"" + tier.id + "\"");
    tier.name = o.contains("name") ? get_string(o["name"], p + ".name") : tier.id;
    tier.name_en = o.contains("name_en") ? get_string(o["name_en"], p + ".name_en") : tier.name;
    if (o.contains("all")) tier.all = parse_conditions(o["all"], p + ".all");
    if (o.contains("any")) tier.any = parse_conditions(o["any"], p + ".any");
    r.tiers.push_back(std::move(tier));
  }
  return r;
}

// [SECTION] canonical JSON ---------------------------------------------------------------

static ojson number_json(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
  return v;
}

std::string rules_to_json(const RuleSet& r) {
  ojson j;
  j["schema"] = "tierlens.rules/1";
  j["name"] = r.name;
  j["window_months"] = r.window_months;
  j["excluded_statuses"] = r.excluded_statuses;
  j["qualified_compare"] = r.qualified_strict ? ">" : ">=";
  j["default_standard"] = r.default_standard ? ojson(*r.default_standard) : ojson(nullptr);
  j["industry_standards"] = ojson::object();
  for (const auto& [k, v] : r.industry_standards) j["industry_standards"][k] = v;
  j["tiers"] = ojson::array();
  for (const Tier& t : r.tiers) {
    ojson o;
    o["id"] = t.id;
    o["name"] = t.name;
    o["name_en"] = t.name_en;
    auto conds = [](const std::vector<Condition>& cs) {
      ojson a = ojson::array();
      for (const Condition& c : cs) a.push_back({{"metric", metric_name(c.metric)}, {"op", op_name(c.op)}, {"value", number_json(c.value)}});
      return a;
    };
    if (!t.all.empty()) o["all"] = conds(t.all);
    if (!t.any.empty()) o["any"] = conds(t.any);
    j["tiers"].push_back(o);
  }
  return j.dump(2) + "\n";
}

static std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

static bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool status_excluded(const RuleSet& r, std::string_view status) {
  status = trim(status);
  for (const std::string& s : r.excluded_statuses)
    if (iequals(trim(s), status)) return true;
  return false;
}

}  // namespace tl
