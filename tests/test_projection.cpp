// The projection (tl::project, projection.hpp; docs/plan.md#3-the-projection) on the hand-made set of
// tests/test_plan.cpp (tests/fixtures/plan: January-April whole, May running through the 10th).
//
// The grade in progress is June's, on Mar-May; May has 31 days, 10 covered, 21 left. Orders per month:
//
//   provider merchant industry standard   Mar  Apr | May (so far)
//   SP1      M11      服饰     10           8    2 |   2
//            M12      食品      5           1    4 |   .
//            M13      服饰     10           .    . |   1
//   SP2      M21      服饰     10          15   15 |   2
//            M22      食品      5           2    1 |   .
//   SP3      M31      服饰     10          20   22 |   .
//            M32      食品      5           7    . |   .
//            M33      食品      5           .    6 |   .
//
// ("qualified_compare": ">": 服饰 needs 11 orders in a month, 食品 6.)
//   SP1: so far 9 + 6 + 3 = 18 orders, active 3 (M11, M12, M13), qualified 0.
//        Paid orders: 18 + 3 / 10 x 21 = 18 + 6.3 -> 24. Active: 3 (not projected).
//        Qualified: no whole month (M11 8, M12 4); on pace in May: M11 2 / 10 x 31 = 6.2 <= 10, M13 3.1 <= 10 -> 0.
//        Tier on 24 / 3 / 0: base (silver needs 40). Target silver (its tier in Feb-Apr is base): not on track;
//        keeps base.
//   SP2: so far 17 + 16 + 2 = 35, active 2 (M21, M22; M24 sold in February only), qualified 1 (M21 15 > 10).
//        Paid orders: 35 + 2 / 10 x 21 = 35 + 4.2 -> 39. Qualified: M21 (whole months) -> 1.
//        Tier on 39 / 2 / 1: base. Target gold (silver in Feb-Apr): not on track; does not keep silver.
//   SP3: so far 27 + 28 + 0 = 55, active 3, qualified 3 (M31 20, M32 7 > 5, M33 6 > 5).
//        Nothing in May: 55 / 3 / 3 -> silver (gold needs 60). No target (diamond has no criteria); below gold.
//
// With 服饰's standard 3 (a standards file of its own) and silver at 20 orders, SP1 qualifies M11 in March
// (8 > 3) and M13 on pace (1 / 10 x 31 = 3.1 > 3): qualified 2, one of them on pace; 24 >= 20 and 2 >= 2:
// on track for silver (in Feb-Apr: 19 orders, base).
#include <catch2/catch.hpp>

#include <sstream>

#include "engine_helpers.hpp"
#include "normalize/normalize.hpp"
#include "projection.hpp"

using tltest::load;
using json = nlohmann::json;

namespace {

std::string read_fixture(const std::string& name) { return tltest::fixture_bytes("plan/" + name); }

int month(const char* code) { return *tl::norm::parse_month(code); }

const tl::Projection::Provider& of(const tl::Result& r, const std::string& id) {
  REQUIRE(r.projection);
  for (size_t i = 0; i < r.providers.size(); ++i)
    if (r.providers[i].id == id) return r.projection->providers.at(i);
  FAIL("no provider " << id);
  return r.projection->providers.front();
}

}  // namespace

TEST_CASE("projection: every figure of the hand-made set") {
  tl::Workspace ws;
  for (const char* f : {"orders.csv", "bindings.csv", "standards.csv"}) load(ws, f, read_fixture(f));
  tl::Result r = ws.evaluate(tl::parse_rules(read_fixture("rules.json")));
  REQUIRE(r.window.window == (tl::Window{month("2024-02"), month("2024-04")}));
  r.projection = tl::project(ws, r);
  REQUIRE(r.projection);
  const tl::Projection& pj = *r.projection;
  CHECK(pj.grade_month == month("2024-06"));
  CHECK(pj.window == (tl::Window{month("2024-03"), month("2024-05")}));
  CHECK(pj.through_day == 10);
  CHECK(pj.days_in_month == 31);
  CHECK(pj.days_left == 21);
  CHECK_FALSE(pj.same_window);
  REQUIRE(pj.providers.size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(pj.providers[i].id == r.providers[i].id);   // Result::providers' order

  const tl::Projection::Provider& sp1 = of(r, "SP1");
  CHECK(sp1.so_far.paid_orders == 18);
  CHECK(sp1.so_far.active_merchants == 3);
  CHECK(sp1.so_far.qualified_merchants == 0);
  CHECK(sp1.running_orders == 3);
  CHECK(sp1.projected.paid_orders == 24);        // 18 + 6.3
  CHECK(sp1.projected.active_merchants == 3);
  CHECK(sp1.projected.qualified_merchants == 0);
  CHECK(sp1.qualified_on_pace == 0);
  CHECK(sp1.tier == 0);
  CHECK(sp1.target == size_t{1});
  CHECK_FALSE(sp1.on_track);
  CHECK(sp1.keeps);

  const tl::Projection::Provider& sp2 = of(r, "SP2");
  CHECK(sp2.so_far.paid_orders == 35);
  CHECK(sp2.so_far.active_merchants == 2);
  CHECK(sp2.so_far.qualified_merchants == 1);
  CHECK(sp2.running_orders == 2);
  CHECK(sp2.projected.paid_orders == 39);        // 35 + 4.2
  CHECK(sp2.projected.active_merchants == 2);
  CHECK(sp2.projected.qualified_merchants == 1);
  CHECK(sp2.tier == 0);
  CHECK(sp2.target == size_t{2});
  CHECK_FALSE(sp2.on_track);
  CHECK_FALSE(sp2.keeps);

  const tl::Projection::Provider& sp3 = of(r, "SP3");
  CHECK(sp3.so_far.paid_orders == 55);
  CHECK(sp3.running_orders == 0);
  CHECK(sp3.projected.paid_orders == 55);
  CHECK(sp3.projected.active_merchants == 3);
  CHECK(sp3.projected.qualified_merchants == 3);
  CHECK(sp3.tier == 1);
  CHECK_FALSE(sp3.target);
  CHECK_FALSE(sp3.on_track);
  CHECK_FALSE(sp3.keeps);

  SECTION("the report's \"projection\", only when asked") {
    const json j = json::parse(tl::report::json(r));
    const json& o = j.at("projection");
    CHECK(o["label"] == "projection at the current daily rate");
    CHECK(o["grade"] == "2024-06");
    CHECK(o["window"] == json{{"start", "2024-03"}, {"end", "2024-05"}});
    CHECK(o["through"] == "2024-05-10");
    CHECK(o["days_in_month"] == 31);
    CHECK(o["days_left"] == 21);
    const json& p = o["providers"][2];
    CHECK(p["id"] == "SP1");
    CHECK(p["so_far"] == json{{"paid_orders", 18}, {"active_merchants", 3}, {"qualified_merchants", 0}, {"paid_amount", 0}});
    CHECK(p["projected"]["paid_orders"] == 24);
    CHECK(p["running_month_orders"] == 3);
    CHECK(p["tier"] == "base");
    CHECK(p["target"] == "silver");
    CHECK(p["on_track"] == false);
    CHECK(o["providers"][0]["target"].is_null());
    tl::Result plain = r;
    plain.projection.reset();
    CHECK_FALSE(json::parse(tl::report::json(plain)).contains("projection"));
  }
  SECTION("always labelled a projection, in both languages") {
    const std::string zh = tl::report::projection_sentence(r, *r.projection, r.providers[2], tl::Lang::Zh);
    CHECK(zh == "预测（按当前日均推算） · 2024年6月评级：支付订单约 24 单，动销商家 3 个，达标商家约 0 个 —— 按此进度达不到产业带银牌服务商（预计：产业带服务商）");
    const std::string en = tl::report::projection_sentence(r, *r.projection, r.providers[0], tl::Lang::En);
    CHECK(en == "Projection (at the current daily rate) · Jun 2024 grade: about 55 paid orders, 3 active merchants, about 3 qualified merchants — projected Silver, below the current Gold");
    const std::string text = tl::report::text(r, tl::Lang::En);
    CHECK(text.find("\nProjection (at the current daily rate) · Jun 2024 grade · Mar–May, data through 2024-05-10, 21 days left in May 2024\n") != std::string::npos);
    CHECK(text.find("  SP2 (35 so far): about 39 paid orders, 2 active merchants, about 1 qualified merchants — not on track for Gold (projected: Service provider)\n") != std::string::npos);
    CHECK(tl::report::text(r, tl::Lang::Zh).find("预测（按当前日均推算） · 2024年6月评级") != std::string::npos);
  }
}

TEST_CASE("projection: on pace in the running month, on track for the next tier") {
  tl::Workspace ws;
  for (const char* f : {"orders.csv", "bindings.csv"}) load(ws, f, read_fixture(f));
  load(ws, "standards.csv", "行业,月度达标标准\n服饰,3\n食品,5\n");
  tl::RuleSet rules = tl::parse_rules(read_fixture("rules.json"));
  rules.tiers[1].all[0].value = 20;   // silver: paid orders >= 20
  tl::Result r = ws.evaluate(rules);
  REQUIRE(r.provider("SP1"));
  CHECK(r.provider("SP1")->tier == 0);   // Feb-Apr: 19 orders
  r.projection = tl::project(ws, r);
  const tl::Projection::Provider& sp1 = of(r, "SP1");
  CHECK(sp1.so_far.qualified_merchants == 1);        // M11: 8 > 3 in March
  CHECK(sp1.projected.paid_orders == 24);
  CHECK(sp1.projected.qualified_merchants == 2);     // and M13 on pace: 3.1 > 3
  CHECK(sp1.qualified_on_pace == 1);
  CHECK(sp1.tier == 1);
  CHECK(sp1.on_track);
  CHECK(tl::report::projection_sentence(r, *r.projection, *r.provider("SP1"), tl::Lang::Zh) ==
        "预测（按当前日均推算） · 2024年6月评级：支付订单约 24 单，动销商家 3 个，达标商家约 2 个 —— 有望达到产业带银牌服务商");
}

TEST_CASE("projection: the window's own running month; none when every month is whole") {
  tl::Workspace ws;
  for (const char* f : {"orders.csv", "bindings.csv", "standards.csv"}) load(ws, f, read_fixture(f));
  const tl::RuleSet rules = tl::parse_rules(read_fixture("rules.json"));
  tl::EvalOptions o;
  o.window = tl::parse_window("2024-03..2024-05");
  tl::Result r = ws.evaluate(rules, o);
  REQUIRE(r.window.last_month_incomplete);
  r.projection = tl::project(ws, r);
  REQUIRE(r.projection);
  CHECK(r.projection->same_window);
  CHECK(r.projection->grade_month == month("2024-06"));
  CHECK(of(r, "SP1").projected.paid_orders == 24);
  CHECK(of(r, "SP2").projected.paid_orders == 39);
  CHECK(of(r, "SP3").target == size_t{2});   // silver on Mar-May: gold is next, and 55 does not reach it
  CHECK_FALSE(of(r, "SP3").on_track);
  CHECK(of(r, "SP3").keeps);

  // the same data without May: April ends on its last day, no month runs
  std::string orders = read_fixture("orders.csv"), kept;
  std::istringstream in(orders);
  for (std::string line; std::getline(in, line);)
    if (line.find(",2024-05-") == std::string::npos) kept += line + "\n";
  tl::Workspace whole;
  load(whole, "orders.csv", kept);
  load(whole, "bindings.csv", read_fixture("bindings.csv"));
  const tl::Result w = whole.evaluate(rules);
  CHECK_FALSE(w.window.in_progress);
  CHECK_FALSE(tl::project(whole, w));
}
