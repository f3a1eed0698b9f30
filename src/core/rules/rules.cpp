// tierlens — rule set: built-in default, strict JSON parsing with key-naming errors, canonical JSON.
#include "rules/rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <cmath>
#include <cstdlib>
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

static std::string format_plain(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.0f", v);
  return b;
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
// Every problem is a RuleError carrying a coded message (messages/catalog.hpp) that names the key path.
// Nothing nlohmann or std:: throws on user input gets out of parse_rules: syntax errors, numbers too
// large for a double (1e400), nesting too deep, type mismatches — each becomes its message.

namespace {

constexpr int kMaxDepth = 64;                 // a rule set nests 5 levels; deeper is not a rule set
constexpr double kMaxCount = 1e12;            // bars and standards: far above any real count, exact in a double
constexpr double kMaxAmount = 1e13;           // yuan

[[noreturn]] void fail(Message m) { throw RuleError(std::move(m)); }
[[noreturn]] void fail(Msg code, const std::string& path) { fail(Message(code).set("path", path)); }

// nlohmann's type names are ours: "string", "number", "array", "object", "boolean", "null"
const char* type_of(const ojson& j) { return j.type_name(); }

std::string allowed_list(std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) list += std::string(list.empty() ? "" : "\x1f") + a;
  return list;
}

void check_keys(const ojson& obj, const std::string& path, std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) fail(Message(Msg::RulesUnknownKey).set("path", path.empty() ? it.key() : path + "." + it.key()).set("allowed", allowed_list(allowed)));
  }
}

[[noreturn]] void wrong_type(const std::string& path, const char* expected, const ojson& got) {
  fail(Message(Msg::RulesWrongType).set("path", path).set("expected", expected).set("got", type_of(got)));
}

std::string get_string(const ojson& j, const std::string& path) {
  if (!j.is_string()) wrong_type(path, "string", j);
  return j.get<std::string>();
}

// A finite number in [min, max] (checked before any conversion to an integer).
double get_number(const ojson& j, const std::string& path, double max, double min = 0) {
  if (!j.is_number()) wrong_type(path, "number", j);
  const double v = j.get<double>();
  if (!std::isfinite(v)) fail(Msg::RulesNotFinite, path);
  if (v < 0 && min == 0) fail(Msg::RulesNegative, path);
  if (v < min || v > max)
    fail(Message(Msg::RulesOutOfRange).set("path", path).set("min", format_plain(min)).set("max", format_plain(max)).set("value", j.dump()));
  return v;
}

int64_t get_count(const ojson& j, const std::string& path, double max = kMaxCount, double min = 0) {
  if (!j.is_number()) wrong_type(path, "whole", j);
  const double v = get_number(j, path, max, min);
  if (std::floor(v) != v) fail(Message(Msg::RulesNotWhole).set("path", path).set("value", j.dump()));
  return static_cast<int64_t>(v);   // exact: 0 <= v <= max < 2^53
}

Metric parse_metric(const ojson& j, const std::string& path) {
  const std::string s = get_string(j, path);
  for (Metric m : {Metric::PaidOrders, Metric::ActiveMerchants, Metric::QualifiedMerchants, Metric::PaidAmount})
    if (s == metric_name(m)) return m;
  fail(Message(Msg::RulesUnknownMetric).set("path", path).set("value", s)
           .set("allowed", allowed_list({"paid_orders", "active_merchants", "qualified_merchants", "paid_amount"})));
}

Op parse_op(const ojson& j, const std::string& path) {
  const std::string s = get_string(j, path);
  for (Op o : {Op::Ge, Op::Gt, Op::Le, Op::Lt, Op::Eq})
    if (s == op_name(o)) return o;
  if (s == "=") return Op::Eq;
  fail(Message(Msg::RulesUnknownOp).set("path", path).set("value", s).set("allowed", allowed_list({">=", ">", "<=", "<", "=="})));
}

std::vector<Condition> parse_conditions(const ojson& j, const std::string& path) {
  if (!j.is_array()) wrong_type(path, "conditions", j);
  std::vector<Condition> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    const ojson& c = j[i];
    if (!c.is_object()) wrong_type(p, "object", c);
    check_keys(c, p, {"metric", "op", "value"});
    for (const char* k : {"metric", "value"})
      if (!c.contains(k)) fail(Msg::RulesMissingKey, p + "." + k);
    Condition cond;
    cond.metric = parse_metric(c["metric"], p + ".metric");
    cond.op = c.contains("op") ? parse_op(c["op"], p + ".op") : Op::Ge;
    // counts are whole numbers; an amount (yuan) may have cents
    cond.value = cond.metric == Metric::PaidAmount ? get_number(c["value"], p + ".value", kMaxAmount)
                                                   : static_cast<double>(get_count(c["value"], p + ".value"));
    out.push_back(cond);
  }
  return out;
}

// Line and column (1-based) of byte `at` of the text.
void position_of(const std::string& text, size_t at, Message& m) {
  uint64_t line = 1, col = 1;
  for (size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') { ++line; col = 1; }
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;   // count characters, not bytes
  }
  m.set("line", line).set("column", col);
}

// Before parsing: nesting deeper than kMaxDepth, and numbers a double cannot hold (nlohmann throws
// out_of_range on them, without saying where). Strings are skipped.
void prescan(const std::string& text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) fail(Message(Msg::RulesTooDeep).set("limit", kMaxDepth));
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t e = i + 1;
      while (e < text.size() && (std::isdigit(static_cast<unsigned char>(text[e])) || text[e] == '.' || text[e] == 'e' ||
                                 text[e] == 'E' || text[e] == '+' || text[e] == '-'))
        ++e;
      const std::string num = text.substr(i, std::min<size_t>(e - i, 64));
      if (!std::isfinite(std::strtod(num.c_str(), nullptr))) {
        Message m(Msg::RulesNumberTooLarge);
        m.set("value", num.size() > 24 ? num.substr(0, 24) + "…" : num);
        position_of(text, i, m);
        fail(std::move(m));
      }
      i = e - 1;
    }
  }
}

}  // namespace

RuleSet parse_rules(const std::string& text) {
  if (text.size() > kMaxRulesBytes) fail(Message(Msg::RulesTooBig).set("limit_mb", static_cast<int64_t>(kMaxRulesBytes >> 20)));
  ojson j;
  prescan(text);
  try {
    j = ojson::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    Message m(Msg::RulesNotJson);
    position_of(text, e.byte > 0 ? static_cast<size_t>(e.byte - 1) : 0, m);
    fail(std::move(m));
  } catch (const nlohmann::json::exception&) {   // (out_of_range and the like: prescan catches what we know of)
    Message m(Msg::RulesNotJson);
    position_of(text, 0, m);
    fail(std::move(m));
  }
  try {
    return parse_rules_dom(j);
  } catch (const RuleError&) {
    throw;
  } catch (const std::exception&) {   // a conversion this code did not foresee: still the user's input
    fail(Message(Msg::RulesWrongType).set("path", "(rules)").set("expected", "object").set("got", "?"));
  }
}

RuleSet parse_rules_dom(const nlohmann::ordered_json& j) {
  if (!j.is_object()) fail(Message(Msg::RulesNotObject));
  check_keys(j, "", {"schema", "name", "window_months", "excluded_statuses", "qualified_compare",
                     "default_standard", "industry_standards", "tiers"});
  RuleSet r;
  if (!j.contains("schema")) fail(Msg::RulesMissingKey, "schema");
  if (get_string(j["schema"], "schema") != "tierlens.rules/1")
    fail(Message(Msg::RulesBadSchema).set("value", j["schema"].get<std::string>()));
  if (j.contains("name")) r.name = get_string(j["name"], "name");
  if (j.contains("window_months")) {
    r.window_months = static_cast<int>(get_count(j["window_months"], "window_months", kMaxWindowMonths, kMinWindowMonths));
  }
  if (j.contains("excluded_statuses")) {
    const ojson& a = j["excluded_statuses"];
    if (!a.is_array()) wrong_type("excluded_statuses", "strings", a);
    for (size_t i = 0; i < a.size(); ++i)
      r.excluded_statuses.push_back(get_string(a[i], "excluded_statuses[" + std::to_string(i) + "]"));
  } else {
    r.excluded_statuses = default_rules().excluded_statuses;
  }
  if (j.contains("qualified_compare")) {
    const std::string c = get_string(j["qualified_compare"], "qualified_compare");
    if (c == ">") r.qualified_strict = true;
    else if (c == ">=") r.qualified_strict = false;
    else fail(Message(Msg::RulesBadCompare).set("path", "qualified_compare").set("value", c));
  }
  if (j.contains("default_standard") && !j["default_standard"].is_null())
    r.default_standard = get_count(j["default_standard"], "default_standard");
  if (j.contains("industry_standards")) {
    const ojson& s = j["industry_standards"];
    if (!s.is_object()) wrong_type("industry_standards", "standards", s);
    for (auto it = s.begin(); it != s.end(); ++it)
      r.industry_standards[it.key()] = get_count(it.value(), "industry_standards." + it.key());
  }
  if (!j.contains("tiers")) fail(Msg::RulesMissingKey, "tiers");
  const ojson& t = j["tiers"];
  if (!t.is_array() || t.empty()) fail(Message(Msg::RulesNoTiers));
  std::set<std::string> ids;
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string p = "tiers[" + std::to_string(i) + "]";
    const ojson& o = t[i];
    if (!o.is_object()) wrong_type(p, "object", o);
    check_keys(o, p, {"id", "name", "name_en", "all", "any"});
    Tier tier;
    if (!o.contains("id")) fail(Msg::RulesMissingKey, p + ".id");
    tier.id = get_string(o["id"], p + ".id");
    if (tier.id.empty()) fail(Msg::RulesEmptyId, p + ".id");
    if (!ids.insert(tier.id).second) fail(Message(Msg::RulesDuplicateId).set("path", p + ".id").set("value", tier.id));
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
