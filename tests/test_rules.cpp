// Rule set JSON: the built-in default, round trips, and errors that name the offending key.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "rules/rules.hpp"

using nlohmann::json;

TEST_CASE("the built-in rule set is the published silver rule, gold and diamond not configured") {
  tl::RuleSet r = tl::default_rules();
  REQUIRE(r.tiers.size() == 4);
  CHECK(r.tiers[0].id == "base");
  CHECK(r.tiers[1].id == "silver");
  REQUIRE(r.tiers[1].all.size() == 1);
  CHECK(r.tiers[1].all[0].metric == tl::Metric::PaidOrders);
  CHECK(r.tiers[1].all[0].value == 9000000);
  REQUIRE(r.tiers[1].any.size() == 2);
  CHECK(r.tiers[1].any[0].value == 1000);
  CHECK(r.tiers[1].any[1].value == 150);
  CHECK_FALSE(r.tiers[2].configured());
  CHECK_FALSE(r.tiers[3].configured());
  CHECK(r.window_months == 3);
  CHECK(r.qualified_strict);
  CHECK_FALSE(r.default_standard.has_value());
  CHECK(r.excluded_statuses == std::vector<std::string>{"未支付", "待支付", "待付款", "unpaid", "pending payment"});
}

TEST_CASE("rules JSON round-trips through the canonical form") {
  std::string text = tl::rules_to_json(tl::default_rules());
  json j = json::parse(text);
  CHECK(j["schema"] == "tierlens.rules/1");
  CHECK(j["tiers"][1]["all"][0] == json::parse(R"({"metric":"paid_orders","op":">=","value":9000000})"));
  CHECK_FALSE(j["tiers"][2].contains("all"));
  CHECK(tl::rules_to_json(tl::parse_rules(text)) == text);
}

TEST_CASE("the issue's example rule set parses") {
  tl::RuleSet r = tl::parse_rules(R"({ "schema": "tierlens.rules/1", "name": "x", "window_months": 3,
    "excluded_statuses": ["未支付"], "qualified_compare": ">=", "default_standard": 300,
    "industry_standards": { "服饰": 1200 },
    "tiers": [ { "id": "base", "name": "产业带服务商", "name_en": "Service provider" },
      { "id": "silver", "name": "银", "name_en": "Silver",
        "all": [ { "metric": "paid_orders", "op": ">=", "value": 9000000 } ],
        "any": [ { "metric": "active_merchants", "op": ">=", "value": 1000 },
                 { "metric": "qualified_merchants", "op": ">", "value": 150 } ] },
      { "id": "gold", "name": "金", "name_en": "Gold" } ] })");
  CHECK(r.name == "x");
  CHECK_FALSE(r.qualified_strict);
  CHECK(r.default_standard == 300);
  CHECK(r.industry_standards.at("服饰") == 1200);
  CHECK(r.tiers.size() == 3);
  CHECK(r.tiers[1].any[1].op == tl::Op::Gt);
  CHECK(r.excluded_statuses == std::vector<std::string>{"未支付"});
}

// The code and the offending key of the error parse_rules throws ("(no error)" when none).
static std::pair<std::string, std::string> error_of(const std::string& text) {
  try {
    tl::parse_rules(text);
  } catch (const tl::RuleError& e) {
    return {tl::msg_code(e.msg.code), std::string(e.msg.get("path"))};
  }
  return {"(no error)", ""};
}
using E = std::pair<std::string, std::string>;

TEST_CASE("rule errors are coded and name the key") {
  const std::string head = R"({"schema":"tierlens.rules/1","tiers":[{"id":"base"},)";
  CHECK(error_of("{").first == "rules.not_json");
  CHECK(error_of(R"({"tiers":[{"id":"base"}]})") == E{"rules.missing_key", "schema"});
  CHECK(error_of(R"({"schema":"tierlens.rules/9","tiers":[{"id":"base"}]})").first == "rules.bad_schema");
  CHECK(error_of(R"({"schema":"tierlens.rules/1","tiers":[{"id":"base"}],"colour":1})") == E{"rules.unknown_key", "colour"});
  CHECK(error_of(head + R"({"id":"s","all":[{"metric":"orders","value":1}]}]})") == E{"rules.unknown_metric", "tiers[1].all[0].metric"});
  CHECK(error_of(head + R"({"id":"s","all":[{"metric":"paid_orders","value":"9000000"}]}]})") == E{"rules.wrong_type", "tiers[1].all[0].value"});
  CHECK(error_of(head + R"({"id":"s","any":[{"metric":"paid_orders","op":"=>","value":1}]}]})") == E{"rules.unknown_op", "tiers[1].any[0].op"});
  CHECK(error_of(head + R"({"id":"base"}]})") == E{"rules.duplicate_id", "tiers[1].id"});
  CHECK(error_of(R"({"schema":"tierlens.rules/1","window_months":"3","tiers":[{"id":"base"}]})") == E{"rules.wrong_type", "window_months"});
  CHECK(error_of(R"({"schema":"tierlens.rules/1","qualified_compare":"<","tiers":[{"id":"base"}]})") == E{"rules.bad_compare", "qualified_compare"});
  CHECK(error_of(R"({"schema":"tierlens.rules/1","industry_standards":{"服饰":-1},"tiers":[{"id":"base"}]})") == E{"rules.negative", "industry_standards.服饰"});
  CHECK(error_of(R"({"schema":"tierlens.rules/1","tiers":[]})").first == "rules.no_tiers");
  CHECK(error_of(head + R"({"id":"s","all":[{"metric":"paid_orders","value":1,"extra":2}]}]})") == E{"rules.unknown_key", "tiers[1].all[0].extra"});
}

TEST_CASE("hostile rule sets are refused with a coded message, never another exception") {
  const std::string head = R"({"schema":"tierlens.rules/1","tiers":[{"id":"base"},)";
  // numbers a dependency cannot hold or a count cannot be
  CHECK(error_of(head + R"({"id":"s","all":[{"metric":"paid_orders","value":1e400}]}]})").first == "rules.number_too_large");
  CHECK(error_of(R"({"schema":"tierlens.rules/1","window_months":1e19,"tiers":[{"id":"base"}]})").first == "rules.out_of_range");
  CHECK(error_of(R"({"schema":"tierlens.rules/1","default_standard":1e20,"tiers":[{"id":"base"}]})").first == "rules.out_of_range");
  CHECK(error_of(R"({"schema":"tierlens.rules/1","window_months":2.5,"tiers":[{"id":"base"}]})").first == "rules.not_whole");
  CHECK(error_of(R"({"schema":"tierlens.rules/1","window_months":0,"tiers":[{"id":"base"}]})").first == "rules.out_of_range");
  // nesting far deeper than any rule set: refused before the parser recurses
  CHECK(error_of(std::string(100000, '[') + std::string(100000, ']')).first == "rules.too_deep");
  CHECK(error_of(R"({"a":)" + std::string(5000, '{') + std::string(5000, '}') + "}").first == "rules.too_deep");
  // not an object, invalid UTF-8, trailing garbage, empty
  CHECK(error_of("[1,2]").first == "rules.not_object");
  CHECK(error_of("").first == "rules.not_json");
  CHECK(error_of("{\"schema\":\"\xff\"}").first == "rules.not_json");
  CHECK(error_of(R"({"schema":"tierlens.rules/1","tiers":[{"id":"base"}]} x)").first == "rules.not_json");
  // a rule set the loader accepts writes back to one it accepts again
  const std::string ok = R"({"schema":"tierlens.rules/1","window_months":12,"default_standard":1000000000000,"tiers":[{"id":"base"}]})";
  CHECK(error_of(ok).first == "(no error)");
  CHECK(error_of(tl::rules_to_json(tl::parse_rules(ok))).first == "(no error)");
}

TEST_CASE("excluded statuses match ignoring surrounding spaces and letter case") {
  tl::RuleSet r = tl::default_rules();
  CHECK(tl::status_excluded(r, "未支付"));
  CHECK(tl::status_excluded(r, "  待付款 "));
  CHECK(tl::status_excluded(r, "UNPAID"));
  CHECK(tl::status_excluded(r, "Pending Payment"));
  CHECK_FALSE(tl::status_excluded(r, "已完成"));
  CHECK_FALSE(tl::status_excluded(r, "pending"));
  CHECK_FALSE(tl::status_excluded(r, "已退款"));
}

TEST_CASE("conditions compare as their operator says") {
  CHECK(tl::op_holds(tl::Op::Ge, 5, 5));
  CHECK_FALSE(tl::op_holds(tl::Op::Gt, 5, 5));
  CHECK(tl::op_holds(tl::Op::Le, 5, 5));
  CHECK_FALSE(tl::op_holds(tl::Op::Lt, 5, 5));
  CHECK(tl::op_holds(tl::Op::Eq, 5, 5));
}
