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

static std::string error_of(const std::string& text) {
  try {
    tl::parse_rules(text);
  } catch (const tl::RuleError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("rule errors name the key") {
  const std::string head = R"({"schema":"tierlens.rules/1","tiers":[{"id":"base"},)";
  CHECK(error_of("{") .find("not valid JSON") != std::string::npos);
  CHECK(error_of(R"({"tiers":[{"id":"base"}]})").find("schema: missing") == 0);
  CHECK(error_of(R"({"schema":"tierlens.rules/9","tiers":[{"id":"base"}]})").find("schema: unsupported") == 0);
  CHECK(error_of(R"({"schema":"tierlens.rules/1","tiers":[{"id":"base"}],"colour":1})").find("colour: unknown key") == 0);
  CHECK(error_of(head + R"({"id":"s","all":[{"metric":"orders","value":1}]}]})").find("tiers[1].all[0].metric: unknown metric \"orders\"") == 0);
  CHECK(error_of(head + R"({"id":"s","all":[{"metric":"paid_orders","value":"9000000"}]}]})").find("tiers[1].all[0].value: expected a number") == 0);
  CHECK(error_of(head + R"({"id":"s","any":[{"metric":"paid_orders","op":"=>","value":1}]}]})").find("tiers[1].any[0].op: unknown operator") == 0);
  CHECK(error_of(head + R"({"id":"base"}]})").find("tiers[1].id: duplicate") == 0);
  CHECK(error_of(R"({"schema":"tierlens.rules/1","window_months":"3","tiers":[{"id":"base"}]})").find("window_months: expected a whole number") == 0);
  CHECK(error_of(R"({"schema":"tierlens.rules/1","qualified_compare":"<","tiers":[{"id":"base"}]})").find("qualified_compare") == 0);
  CHECK(error_of(R"({"schema":"tierlens.rules/1","industry_standards":{"服饰":-1},"tiers":[{"id":"base"}]})").find("industry_standards.服饰: must not be negative") == 0);
  CHECK(error_of(R"({"schema":"tierlens.rules/1","tiers":[]})").find("tiers:") == 0);
  CHECK(error_of(head + R"({"id":"s","all":[{"metric":"paid_orders","value":1,"extra":2}]}]})").find("tiers[1].all[0].extra: unknown key") == 0);
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
