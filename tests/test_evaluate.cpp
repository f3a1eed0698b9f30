// Engine end to end: CSV text -> Workspace -> report JSON. Attribution, dedupe, qualified
// merchants, tiers and every not-counted reason, with hand-computed expectations.
#include <catch2/catch.hpp>

#include "engine_helpers.hpp"

using namespace tltest;
using nlohmann::json;

// Line numbers matter for the samples: the header is line 1.
static const std::string kOrdersA =
    "主订单编号,子订单编号,店铺ID,店铺名称,支付完成时间,订单状态,订单应付金额\n"
    "1001,1001-1,M1,店一,2023-06-05 10:00:00,已完成,10.00\n"          // 2 counted (June)
    "1001,1001-2,M1,店一,2023-06-05 10:00:00,已完成,5.00\n"           // 3 duplicate sub-order row
    "1002,1002-1,M1,店一,2023-07-01 00:00:00,已发货,20\n"             // 4 counted (July)
    "1003,1003-1,M2,店二,2023-08-31 23:59:59,已完成,\"1,000.00\"\n"   // 5 counted (August)
    "1004,1004-1,M2,店二,,待支付,30\n"                                // 6 unpaid (no pay time)
    "1005,1005-1,M2,店二,2023-06-10 12:00:00, UNPAID ,30\n"           // 7 unpaid (status, any case)
    "1006,1006-1,M3,店三,2023-05-31 23:59:59,已完成,30\n"             // 8 outside window
    "1007,1007-1,M3,店三,2023-09-01 00:00:00,已完成,30\n"             // 9 outside window
    "1008,1008-1,,店?,2023-06-10 12:00:00,已完成,30\n"                // 10 missing merchant
    "1009,1009-1,M3,店三,2023-06-31 12:00:00,已完成,30\n"             // 11 bad pay time
    "1010,1010-1,M3,店三,,已完成,30\n"                                // 12 missing pay time
    "6.92135E+18,x,M3,店三,2023-06-10 12:00:00,已完成,1\n"            // 13 id in scientific notation
    ",1011-1,M3,店三,2023-06-20 12:00:00,已完成,2.50\n";              // 14 counted via order id (June)

TEST_CASE("orders without provider information: one unnamed provider, every row accounted for") {
  tl::Workspace ws;
  load(ws, "orders.csv", kOrdersA);
  json r = eval(ws, tl::default_rules(), "2023-06..2023-08");
  REQUIRE(r["schema"] == "tierlens.report/1");
  REQUIRE(r["window"]["start"] == "2023-06");
  REQUIRE(r["window"]["end"] == "2023-08");
  REQUIRE(r["window"]["source"] == "explicit");
  REQUIRE(r["providers"].size() == 1);
  const json& p = r["providers"][0];
  CHECK(p["id"] == "");
  CHECK(p["metrics"]["paid_orders"] == 4);
  CHECK(p["metrics"]["active_merchants"] == 3);
  CHECK(p["metrics"]["qualified_merchants"] == 0);
  CHECK(p["paid_amount"].get<double>() == Approx(1037.5));
  CHECK(p["tier"] == "base");
  REQUIRE(p["months"].size() == 3);
  CHECK(p["months"][0]["paid_orders"] == 2);
  CHECK(p["months"][0]["active_merchants"] == 2);
  CHECK(p["months"][1]["paid_orders"] == 1);
  CHECK(p["months"][2]["paid_orders"] == 1);
  CHECK(p["months"][2]["paid_amount"].get<double>() == Approx(1000.0));

  const json& dq = r["data_quality"];
  CHECK(dq["rows_read"] == 13);
  CHECK(dq["rows_counted"] == 4);
  CHECK(nc(r, "duplicate_main_order") == 1);
  CHECK(nc(r, "unpaid_status") == 2);
  CHECK(nc(r, "outside_window") == 2);
  CHECK(nc(r, "missing_merchant_id") == 1);
  CHECK(nc(r, "bad_pay_time") == 1);
  CHECK(nc(r, "missing_pay_time") == 1);
  CHECK(nc(r, "id_scientific_notation") == 1);
  CHECK(balanced(r));
  CHECK(dq["samples"]["unpaid_status"] == json::parse(R"([{"file":"orders.csv","line":6},{"file":"orders.csv","line":7}])"));
  CHECK(dq["samples"]["duplicate_main_order"][0]["line"] == 3);
  CHECK(dq["samples"]["missing_merchant_id"][0]["line"] == 10);
  CHECK(dq["samples"]["id_scientific_notation"][0]["line"] == 13);
  CHECK(dq["statuses"]["已完成"] == 10);  // every row, counted or not
  // no standards anywhere: nobody can qualify, and the report says so
  CHECK(p["merchants_without_standard"] == 3);
  CHECK(dq["industries_without_standard"] == json::array({""}));
}

TEST_CASE("the rule's calendar: the default is the latest grade the data covers whole; a running month is the next grade") {
  tl::Workspace ws;
  load(ws, "orders.csv", kOrdersA);
  json r = eval(ws);
  // September has data only on the 1st: it is still running, so the current grade is September's, made
  // on June-August, and September belongs to October's grade, in progress
  CHECK(r["window"]["start"] == "2023-06");
  CHECK(r["window"]["end"] == "2023-08");
  CHECK(r["evaluation_month"] == "2023-09");
  CHECK(r["window"]["source"] == "default");
  CHECK(r["window"]["last_month_incomplete"] == false);
  CHECK(r["window"]["in_progress_month"] == "2023-09");
  CHECK(r["window"]["data_months"] == json::parse(R"(["2023-05","2023-06","2023-07","2023-08","2023-09"])"));
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 4);  // 1001 and 1011 (Jun), 1002 (Jul), 1003 (Aug)
  CHECK(balanced(r));
  // asked for explicitly, the window may end with the running month: then it is flagged
  json e = eval(ws, tl::default_rules(), "2023-07..2023-09");
  CHECK(e["window"]["source"] == "explicit");
  CHECK(e["window"]["last_month_incomplete"] == true);
  CHECK(e["window"]["in_progress_month"].is_null());
  CHECK(e["evaluation_month"] == "2023-10");
  CHECK(e["providers"][0]["metrics"]["paid_orders"] == 3);  // 1002 (Jul), 1003 (Aug), 1007 (Sep)
  // a last month that ends on its last day is whole: it is the window's end
  tl::Workspace whole;
  load(whole, "orders.csv", "主订单编号,店铺ID,支付完成时间\n1,M1,2023-07-02 10:00:00\n2,M1,2023-08-31 09:00:00\n");
  json w = eval(whole);
  CHECK(w["window"]["end"] == "2023-08");
  CHECK(w["window"]["in_progress_month"].is_null());
  CHECK(w["evaluation_month"] == "2023-09");
  // data in one running month only: nothing whole to grade, so that month, flagged
  tl::Workspace one;
  load(one, "orders.csv", "主订单编号,店铺ID,支付完成时间\n1,M1,2023-07-02 10:00:00\n");
  json o = eval(one);
  CHECK(o["window"]["end"] == "2023-07");
  CHECK(o["window"]["last_month_incomplete"] == true);
  CHECK(o["window"]["in_progress_month"].is_null());
  // no data: no window, no grade
  tl::Workspace none;
  json n = eval(none);
  CHECK(n["window"]["start"].is_null());
  CHECK(n["evaluation_month"].is_null());
}

TEST_CASE("the same bytes fed in any chunk size give the identical report") {
  tl::Workspace whole;
  load(whole, "orders.csv", kOrdersA);
  std::string expected = tl::report::json(whole.evaluate(tl::default_rules()));
  for (size_t chunk : {1, 2, 3, 7, 64}) {
    tl::Workspace ws;
    load(ws, "orders.csv", kOrdersA, tl::FileKind::Unknown, chunk);
    INFO("chunk " << chunk);
    CHECK(tl::report::json(ws.evaluate(tl::default_rules())) == expected);
  }
}

TEST_CASE("qualified merchants: standard per industry, default standard, > versus >=") {
  tl::Workspace ws;
  load(ws, "orders.csv", kOrdersA);
  tl::RuleSet rules = tl::default_rules();
  rules.default_standard = 1;
  json strict = eval(ws, rules, "2023-06..2023-08");
  CHECK(strict["providers"][0]["metrics"]["qualified_merchants"] == 0);  // best month has 1 order: 1 > 1 is false
  rules.qualified_strict = false;
  json ge = eval(ws, rules, "2023-06..2023-08");
  CHECK(ge["providers"][0]["metrics"]["qualified_merchants"] == 3);
  CHECK(ge["rules"]["qualified_compare"] == ">=");
  rules.qualified_strict = true;
  rules.default_standard = 0;
  json zero = eval(ws, rules, "2023-06..2023-08");
  CHECK(zero["providers"][0]["metrics"]["qualified_merchants"] == 3);
  CHECK(zero["data_quality"]["industries_without_standard"].empty());
}

TEST_CASE("re-evaluating with another status list needs no re-reading") {
  tl::Workspace ws;
  load(ws, "orders.csv", kOrdersA);
  tl::RuleSet rules = tl::default_rules();
  rules.excluded_statuses.clear();
  json r = eval(ws, rules, "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 5);  // 1005 now counts
  CHECK(nc(r, "unpaid_status") == 0);
  CHECK(nc(r, "missing_pay_time") == 2);                   // 1004 has no pay time at all
  CHECK(balanced(r));
}

static const std::string kBindingsB =
    "店铺ID,服务商ID,服务商名称,行业,绑定开始时间,绑定结束时间\n"
    "M1,P1,甲服务商,服饰,2023-01-01 00:00:00,2023-07-15 00:00:00\n"
    "M1,P2,乙服务商,服饰,2023-07-15 00:00:00,\n"
    "M2,P1,甲服务商,美妆,2023-06-10 00:00:00,-\n";
static const std::string kOrdersB =
    "主订单编号,店铺ID,支付完成时间,订单状态\n"
    "1,M1,2023-06-01 08:00:00,已完成\n"   // P1
    "2,M1,2023-07-14 23:59:59,已完成\n"   // P1, last second of the first binding
    "3,M1,2023-07-15 00:00:00,已完成\n"   // P2: the end is exclusive
    "4,M2,2023-06-09 23:59:59,已完成\n"   // bound from the 10th only
    "5,M2,2023-06-10 00:00:00,已完成\n"   // P1
    "6,M9,2023-06-10 00:00:00,已完成\n"   // not in the bindings file
    "7,M2,2023-08-02 00:00:00,已完成\n"   // P1
    "8,M2,2023-08-03 00:00:00,已完成\n";  // P1
static const std::string kStandardsB = "行业,月度达标订单量标准\n服饰,1\n美妆,1\n";

TEST_CASE("attribution follows the binding in force at pay time") {
  tl::Workspace ws;
  load(ws, "bindings.csv", kBindingsB);
  load(ws, "orders.csv", kOrdersB);
  load(ws, "standards.csv", kStandardsB);
  json r = eval(ws, small_rules(5, 3, 1), "2023-06..2023-08");
  REQUIRE(r["providers"].size() == 2);
  const json& p1 = r["providers"][0];
  const json& p2 = r["providers"][1];
  CHECK(p1["id"] == "P1");
  CHECK(p1["name"] == "甲服务商");
  CHECK(p1["rank"] == 1);
  CHECK(p1["metrics"]["paid_orders"] == 5);
  CHECK(p1["metrics"]["active_merchants"] == 2);
  CHECK(p1["metrics"]["qualified_merchants"] == 1);  // M2: 2 orders in August > 1
  CHECK(p1["bound_merchants"] == 2);
  CHECK(p1["tier"] == "silver");
  CHECK(p2["id"] == "P2");
  CHECK(p2["metrics"]["paid_orders"] == 1);
  CHECK(p2["metrics"]["active_merchants"] == 1);
  CHECK(p2["metrics"]["qualified_merchants"] == 0);
  CHECK(p2["tier"] == "base");
  CHECK(nc(r, "not_bound_at_pay_time") == 1);
  CHECK(nc(r, "merchant_not_in_bindings") == 1);
  CHECK(r["data_quality"]["samples"]["merchant_not_in_bindings"][0]["line"] == 7);
  CHECK(balanced(r));

  // the merchant table of P2 shows M1's July order only
  REQUIRE(p2["merchants"].size() == 1);
  CHECK(p2["merchants"][0]["id"] == "M1");
  CHECK(p2["merchants"][0]["orders"] == json::parse("[0,1,0]"));
  CHECK(p2["merchants"][0]["industry"] == "服饰");
  CHECK(p2["merchants"][0]["standard"] == 1);
  CHECK(p2["merchants"][0]["best_month"] == "2023-07");
  CHECK(p2["merchants"][0]["shortfall"] == 1);  // needs 2 (> 1) in its best month

  // P1: M1 is the closest to qualifying
  CHECK(p1["near_qualifying"] == json::array({"M1"}));
  const json& m2 = p1["merchants"][0];
  CHECK(m2["id"] == "M2");
  CHECK(m2["qualified"] == true);
  CHECK(m2["shortfall"] == 0);

  // gap to silver for P2: 4 more orders, and one of: 2 active merchants or 1 qualified merchant
  const json& next = p2["next_tier"];
  REQUIRE(next.is_object());
  CHECK(next["id"] == "silver");
  CHECK(next["required"] == json::parse(R"([{"metric":"paid_orders","missing":4}])"));
  CHECK(next["any_satisfied"] == false);
  CHECK(next["any_of"] == json::parse(R"([{"metric":"active_merchants","missing":2},{"metric":"qualified_merchants","missing":1}])"));
  CHECK(next["cheapest"] == "active_merchants");  // 2/3 of its bar against 1/1
  // silver earned, gold and diamond not configured: no next tier to show
  CHECK(p1["next_tier"].is_null());
}

TEST_CASE("tier logic: required and any-of, not-configured tiers are never earned") {
  tl::Workspace ws;
  load(ws, "bindings.csv", kBindingsB);
  load(ws, "orders.csv", kOrdersB);
  load(ws, "standards.csv", kStandardsB);
  // required holds, neither optional holds -> not earned
  json r = eval(ws, small_rules(5, 3, 2), "2023-06..2023-08");
  const json& p1 = provider(r, "P1");
  CHECK(p1["tier"] == "base");
  CHECK(p1["tiers"][1]["earned"] == false);
  CHECK(p1["tiers"][1]["conditions"][0] == json::parse(
      R"({"group":"all","metric":"paid_orders","op":">=","bar":5,"value":5,"pass":true,"margin":0})"));
  CHECK(p1["tiers"][2]["configured"] == false);
  CHECK(p1["tiers"][2]["earned"] == false);
  CHECK(r["tiers"][2]["configured"] == false);
  // required fails even though both optional hold -> not earned
  json r2 = eval(ws, small_rules(6, 1, 1), "2023-06..2023-08");
  CHECK(provider(r2, "P1")["tier"] == "base");
  CHECK(provider(r2, "P1")["next_tier"]["required"][0]["missing"] == 1);
  CHECK(provider(r2, "P1")["next_tier"]["any_satisfied"] == true);
  // a configured gold tier above silver is earned on its own conditions
  tl::RuleSet rules = small_rules(5, 3, 1);
  rules.tiers[2].all = {{tl::Metric::PaidOrders, tl::Op::Gt, 4}};
  json r3 = eval(ws, rules, "2023-06..2023-08");
  CHECK(provider(r3, "P1")["tier"] == "gold");
  CHECK(provider(r3, "P2")["next_tier"]["id"] == "silver");
}

TEST_CASE("'>=' comparison counts merchants that exactly meet the standard") {
  tl::Workspace ws;
  load(ws, "bindings.csv", kBindingsB);
  load(ws, "orders.csv", kOrdersB);
  load(ws, "standards.csv", kStandardsB);
  tl::RuleSet rules = small_rules();
  rules.qualified_strict = false;
  json r = eval(ws, rules, "2023-06..2023-08");
  CHECK(provider(r, "P1")["metrics"]["qualified_merchants"] == 2);
  CHECK(provider(r, "P2")["metrics"]["qualified_merchants"] == 1);
}

TEST_CASE("standards files override the rule set; a rule-set standard applies otherwise") {
  tl::Workspace ws;
  load(ws, "bindings.csv", kBindingsB);
  load(ws, "orders.csv", kOrdersB);
  tl::RuleSet rules = small_rules();
  rules.industry_standards["美妆"] = 5;
  rules.industry_standards["服饰"] = 0;
  json r = eval(ws, rules, "2023-06..2023-08");
  CHECK(provider(r, "P1")["metrics"]["qualified_merchants"] == 1);  // M1 (服饰, 1 > 0), not M2 (2 > 5 is false)
  load(ws, "standards.csv", kStandardsB);                            // 服饰 1, 美妆 1
  json r2 = eval(ws, rules, "2023-06..2023-08");
  CHECK(provider(r2, "P1")["metrics"]["qualified_merchants"] == 1);  // now M2 and not M1
  CHECK(provider(r2, "P1")["near_qualifying"] == json::array({"M1"}));
}

TEST_CASE("removing the bindings file falls back to one provider, without re-reading orders") {
  tl::Workspace ws;
  int b = load(ws, "bindings.csv", kBindingsB);
  load(ws, "orders.csv", kOrdersB);
  ws.remove(b);
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  REQUIRE(r["providers"].size() == 1);
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 8);
  CHECK(balanced(r));
}

TEST_CASE("a provider column in the orders decides without a bindings file") {
  tl::Workspace ws;
  load(ws, "orders.csv",
       "订单编号,店铺ID,服务商ID,支付时间\n"
       "a1,S1,SPX,2023-06-01\n"
       "a2,S1,,2023-06-02\n"
       "a3,S2,SPY,2023-06-03\n"
       "a4,S3,SPY,2023/6/4 10:00\n");
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  REQUIRE(r["providers"].size() == 2);
  CHECK(r["providers"][0]["id"] == "SPY");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 2);
  CHECK(r["providers"][1]["id"] == "SPX");
  CHECK(r["providers"][1]["metrics"]["paid_orders"] == 1);
  CHECK(nc(r, "missing_provider_id") == 1);
  CHECK(balanced(r));
}

TEST_CASE("monthly stats: counted, superseded by order rows, and their own reasons") {
  tl::Workspace ws;
  load(ws, "bindings.csv", "店铺ID,服务商ID,绑定开始时间\nM1,P1,2023-01-01\nM2,P1,2023-01-01\n");
  load(ws, "monthly.csv",
       "店铺ID,月份,支付订单量\n"
       "M1,2023-06,100\n"
       "M1,2023-07,\"1,200\"\n"
       "M2,2023-06,50\n"
       "M2,2023-05,10\n"
       "M3,2023-06,5\n"
       "M1,2023-13,5\n"
       "M1,2023-08,abc\n");
  load(ws, "orders.csv", "主订单编号,店铺ID,支付完成时间\n900,M2,2023-06-15 10:00:00\n");
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  const json& p = provider(r, "P1");
  CHECK(p["metrics"]["paid_orders"] == 1301);
  CHECK(p["metrics"]["active_merchants"] == 2);
  CHECK(r["data_quality"]["rows_read"] == 8);
  CHECK(r["data_quality"]["rows_counted"] == 3);
  CHECK(nc(r, "outside_window") == 1);
  CHECK(nc(r, "superseded_by_order_rows") == 1);
  CHECK(nc(r, "merchant_not_in_bindings") == 1);
  CHECK(nc(r, "bad_month") == 1);
  CHECK(nc(r, "bad_order_count") == 1);
  CHECK(r["data_quality"]["samples"]["bad_month"][0] == json::parse(R"({"file":"monthly.csv","line":7})"));
  CHECK(balanced(r));
}

TEST_CASE("dedupe: a main order counts once across differing rows and across files") {
  tl::Workspace ws;
  load(ws, "orders1.csv",
       "主订单编号,子订单编号,店铺ID,支付完成时间,订单状态\n"
       "77,77-1,M1,,待支付\n"                       // an unpaid sub-order row
       "77,77-2,M1,2023-06-02 10:00:00,已完成\n"     // the paid one counts
       "77,77-3,M1,2023-06-02 10:00:00,已退款\n"     // refunded after payment: paid, but a duplicate
       "78,78-1,M1,2023-06-03 10:00:00,已完成\n");
  load(ws, "orders2.csv",
       "主订单编号,店铺ID,支付完成时间,订单状态\n"
       "78,M1,2023-06-03 10:00:00,已完成\n"          // the same order exported twice
       "79,M1,2023-06-04 10:00:00,已完成\n");
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 3);
  CHECK(nc(r, "duplicate_main_order") == 2);
  CHECK(nc(r, "unpaid_status") == 1);
  CHECK(r["data_quality"]["rows_read"] == 6);
  CHECK(balanced(r));
}

TEST_CASE("an unrecognised file fails with a clear message and the other files are kept") {
  tl::Workspace ws;
  int bad = load(ws, "notes.csv", "foo,bar\n1,2\n");
  load(ws, "orders.csv", kOrdersB);
  const tl::FileInfo& f = ws.info(bad);
  CHECK(f.state == tl::FileState::Failed);
  REQUIRE(f.error);
  CHECK(f.error->code == tl::Msg::FileUnknownKind);
  CHECK(text_of(f.error).find("notes.csv") != std::string::npos);
  CHECK(text_of(f.error).find("could not tell") != std::string::npos);
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 8);
  CHECK(r["data_quality"]["files"][0]["state"] == "failed");

  // a recognised kind with a required column missing names the column
  tl::Workspace ws2;
  int o = load(ws2, "o.csv", "主订单编号,支付完成时间\n1,2023-06-01\n", tl::FileKind::Orders);
  CHECK(ws2.info(o).state == tl::FileState::Failed);
  CHECK(ws2.info(o).error->code == tl::Msg::FileMissingColumns);
  CHECK(ws2.info(o).error->get("fields") == "merchant_id");
}

TEST_CASE("column overrides map a column the header did not reveal") {
  tl::Workspace ws;
  tl::FileOptions o;
  o.kind = tl::FileKind::Orders;
  o.columns = {{tl::Field::MerchantId, 1}, {tl::Field::PayTime, 2}, {tl::Field::MainOrderId, 0}};
  int id = ws.open("odd.csv", o);
  std::string text = "单号,店,时间\n1,A,2023-06-01 10:00\n2,B,2023-06-02 10:00\n";
  ws.feed(id, reinterpret_cast<const uint8_t*>(text.data()), text.size());
  ws.close(id);
  REQUIRE(ws.info(id).state == tl::FileState::Done);
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 2);
  CHECK(r["providers"][0]["metrics"]["active_merchants"] == 2);
}

TEST_CASE("a rules file is recognised as JSON and kept as text") {
  tl::Workspace ws;
  std::string rules = tl::rules_to_json(tl::default_rules());
  int id = load(ws, "rules.json", rules);
  CHECK(ws.info(id).kind == tl::FileKind::Rules);
  CHECK(ws.rules_text(id) == rules);
}

TEST_CASE("no data at all: an empty window and one provider with zeros") {
  tl::Workspace ws;
  json r = eval(ws);
  CHECK(r["window"]["start"].is_null());
  REQUIRE(r["providers"].size() == 1);
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 0);
  CHECK(r["providers"][0]["tier"] == "base");
}

TEST_CASE("merchant names with quotes, backslashes and tabs survive the report JSON") {
  tl::Workspace ws;
  load(ws, "orders.csv",
       "主订单编号,店铺ID,店铺名称,支付完成时间\n"
       "1,M1,\"店\"\"引号\"\"\\反斜杠\",2023-06-01\n"
       "2,M2,\"a\tb\",2023-06-02\n");
  json r = eval(ws, small_rules(), "2023-06..2023-06");
  const json& ms = r["providers"][0]["merchants"];
  REQUIRE(ms.size() == 2);
  CHECK(ms[0]["name"] == "店\"引号\"\\反斜杠");
  CHECK(ms[1]["name"] == "a\tb");
  CHECK(ms[0]["orders"] == json::array({1}));
}

TEST_CASE("history: every grade the data covers whole, worked out by hand") {
  // orders: January 1, February 2, March 3, April 4 (whole months, each ending on its last day), and May
  // still running (one order on the 3rd); a 3-month window
  std::string csv = "主订单编号,店铺ID,支付完成时间\n";
  int id = 0;
  auto add = [&](const char* day, int n) {
    for (int i = 0; i < n; ++i) csv += std::to_string(++id) + ",M1," + day + " 10:00:00\n";
  };
  add("2024-01-31", 1);
  add("2024-02-29", 2);
  add("2024-03-31", 3);
  add("2024-04-30", 4);
  add("2024-05-03", 1);
  tl::Workspace ws;
  load(ws, "orders.csv", csv);
  tl::RuleSet rules = small_rules();
  rules.default_standard = 1;                              // a month with more than 1 order qualifies M1
  tl::EvalOptions o;
  o.history = true;
  const json r = report_of(ws.evaluate(rules, o));
  CHECK(r["evaluation_month"] == "2024-05");              // the current grade: May's, made on Feb-Apr
  CHECK(r["window"]["in_progress_month"] == "2024-05");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 9);
  const json& h = r["history"];
  REQUIRE(h.size() == 2);                                  // April's grade (Jan-Mar) and May's (Feb-Apr); June's would need May whole
  CHECK(h[0]["month"] == "2024-04");
  CHECK(h[0]["window"] == json::parse(R"({"start":"2024-01","end":"2024-03"})"));
  CHECK(h[0]["providers"][0]["metrics"]["paid_orders"] == 6);
  CHECK(h[0]["providers"][0]["tier"] == "silver");         // 6 >= 5 orders, and M1 qualified (2 orders in February)
  CHECK(h[1]["month"] == "2024-05");
  CHECK(h[1]["providers"][0]["metrics"]["paid_orders"] == 9);
  CHECK(h[1]["providers"][0]["metrics"] == r["providers"][0]["metrics"]);   // the latest past grade is the current one
  // without asking, the report has no history
  CHECK_FALSE(report_of(ws.evaluate(rules)).contains("history"));
  CHECK(ws.history(rules).size() == 2);
}
