// tierlens — the rule set (schema "tierlens.rules/1"): tiers, their conditions, the window length,
// the excluded statuses, the qualified-merchant comparison and the per-industry standards.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "messages/catalog.hpp"

namespace tl {

enum class Metric : uint8_t { PaidOrders, ActiveMerchants, QualifiedMerchants, PaidAmount };
const char* metric_name(Metric m);   // "paid_orders", "active_merchants", "qualified_merchants", "paid_amount"
enum class Op : uint8_t { Ge, Gt, Le, Lt, Eq };
const char* op_name(Op o);            // ">=", ">", "<=", "<", "=="
bool op_holds(Op o, double value, double bar);

struct Condition {
  Metric metric = Metric::PaidOrders;
  Op op = Op::Ge;
  double value = 0;                   // the bar (paid_amount in yuan; counts are integral)
};

struct Tier {
  std::string id;                     // "base", "silver", ...
  std::string name;                   // Chinese name
  std::string name_en;
  std::vector<Condition> all;         // every one must hold
  std::vector<Condition> any;         // if non-empty, at least one must hold
  bool configured() const { return !all.empty() || !any.empty(); }
};

constexpr int kMinWindowMonths = 1, kMaxWindowMonths = 24;   // what the loader accepts
constexpr size_t kMaxRulesBytes = 16u << 20;                  // a rule set is a few KB: more is another file

struct RuleSet {
  std::string name;
  int window_months = 3;              // kMinWindowMonths..kMaxWindowMonths
  std::vector<std::string> excluded_statuses;
  bool qualified_strict = true;       // true: orders > standard ("高于"); false: >=
  std::optional<int64_t> default_standard;
  std::map<std::string, int64_t> industry_standards;   // industry -> monthly order standard
  std::vector<Tier> tiers;            // low to high; tiers[0] is always earned
};

// What parse_rules throws: a coded message naming the offending key (messages/catalog.hpp), e.g.
// rules.unknown_metric {path: "tiers[1].all[0].metric", value: "orders", allowed: [...]}.
struct RuleError : MessageError {
  using MessageError::MessageError;
};

// The built-in rule set: the published silver rule (Sept 2023 draft); gold and diamond present
// without conditions (criteria not published).
RuleSet default_rules();
// Parses and validates; throws RuleError (and nothing else) for anything wrong with the text.
RuleSet parse_rules(const std::string& json_text);
// The same for a parsed document (the page's share link and rules editor hold one already).
RuleSet parse_rules_dom(const nlohmann::ordered_json& j);
// Canonical JSON (stable key order, 2-space indent).
std::string rules_to_json(const RuleSet& r);

// Whether a status (as written in the data) is excluded: compares ignoring surrounding whitespace
// and ASCII letter case.
bool status_excluded(const RuleSet& r, std::string_view status);

}  // namespace tl
