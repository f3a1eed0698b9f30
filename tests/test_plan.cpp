// The gap planner and the rule comparison, on a hand-made data set whose every figure is worked out
// below (tests/fixtures/plan: orders, bindings, standards, rules.json; plan_rules_r2.json).
//
// The data. Standards: 服饰 10, 食品 5, 美妆 none; "qualified_compare": ">" (服饰 needs 11 orders in a
// month, 食品 6). Every binding starts 2023-12-01 and never ends, except M23's (2024-03-15). Orders per
// month (January to April whole — the last April order is on the 30th — and May running: its latest
// pay time is 2024-05-10 15:00):
//
//   provider merchant industry   Jan  Feb  Mar  Apr | May
//   SP1      M11      服饰          .    3    8    2 |   2   (May 3rd)
//            M12      食品          .    1    1    4 |   .
//            M13      服饰          .    .    .    . |   1   (May 10th: the data's last day)
//            M14      食品          .    .    .    . |   .
//            M15      美妆          .    .    .    . |   .
//            M16      食品          5    .    .    . |   .
//   SP2      M21      服饰          .   15   15   15 |   2
//            M22      食品          .    2    2    1 |   .
//            M23      服饰          .    .    .    . |   .   (bound from March 15th)
//            M24      食品          .    7    .    . |   .
//   SP3      M31      服饰          .   20   20   22 |   .
//            M32      食品          .    .    7    . |   .
//            M33      食品          .    .    .    6 |   .
//
// Rules (rules.json): silver = paid_orders >= 40 AND (active_merchants >= 4 OR qualified_merchants >= 2);
// gold = paid_orders >= 60 AND qualified_merchants > 2; diamond not configured; 3-month windows.
//
// The calendar: May is running, so the default window is Feb-Apr (May's grade) and June's grade
// (Mar-May) is in progress, its data through May 10th: May has 31 days, 31 - 10 = 21 remain.
//
// In Feb-Apr:
//   SP1: orders 13 + 6 = 19; active 2 (M11, M12); qualified 0 (M11 best 8 in Mar <= 10; M12 best 4 in
//        Apr <= 5) -> base. Silver: 40 - 19 = 21 orders missing; neither `any` holds: active 4 - 2 = 2,
//        qualified 2 - 0 = 2.
//        Not sold yet (total 0): M13, M14, M15, M16 (M16 sold in January only, outside the window).
//        Candidates (not qualified, with a standard; shortfall = standard + 1 - best month):
//          M12 6-4 = 2, M11 11-8 = 3, M14 6-0 = 6, M16 6-0 = 6 (tie: by id), M13 11-0 = 11; M15 has no
//          standard (美妆), so it is no candidate.
//        Alternatives: active 2 -> 2 of the 4 not-sold merchants, 1 order each = 2 orders;
//          qualified 2 -> M12 and M11: 2 + 3 = 5 orders. Cheapest: active (no new merchant, 2 < 5).
//        June's grade (Mar-May): M11 8+2+2 = 12, M12 1+4 = 5, M13 1 -> 18; 40 - 18 = 22 missing;
//          22 / 21 days = 1.05 -> 2 a day (rounded up).
//   SP2: orders 45 + 5 + 7 = 57; active 3 (M21, M22, M24); qualified 2 (M21 15 > 10, M24 7 > 5) -> silver
//        (qualified 2 >= 2). Gold: 60 - 57 = 3 orders; qualified > 2: 2 + 1 - 2 = 1 missing (both `all`).
//        Candidates: M22 (best Feb: 2, the first of the months with 2; 6 - 2 = 4), M23 (no orders; 11).
//        June's grade: M21 15+15+2 = 32, M22 2+1 = 3 -> 35; 60 - 35 = 25 missing; 25 / 21 -> 2 a day.
//   SP3: orders 62 + 7 + 6 = 75; qualified 3 -> gold; diamond has no criteria: no next tier.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "compare.hpp"
#include "engine_helpers.hpp"
#include "normalize/normalize.hpp"
#include "plan.hpp"

using tltest::load;
using json = nlohmann::json;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream f(std::string(TIERLENS_SOURCE_DIR) + "/tests/fixtures/" + name, std::ios::binary);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void load_plan_data(tl::Workspace& ws) {
  for (const char* f : {"orders.csv", "bindings.csv", "standards.csv"}) load(ws, f, fixture(std::string("plan/") + f));
}

tl::RuleSet plan_rules() { return tl::parse_rules(fixture("plan/rules.json")); }

size_t index_of(const tl::Result& r, const std::string& id) {
  for (size_t i = 0; i < r.providers.size(); ++i)
    if (r.providers[i].id == id) return i;
  FAIL("no provider " << id);
  return 0;
}

std::vector<std::string> ids(const tl::Result& r, const tl::ProviderResult& p, const std::vector<uint32_t>& rows) {
  std::vector<std::string> out;
  for (uint32_t i : rows) out.emplace_back(r.merchant_id(p.merchants[i]));
  return out;
}

int month(const char* code) { return *tl::norm::parse_month(code); }

}  // namespace

TEST_CASE("plan: every figure of the hand-made set") {
  tl::Workspace ws;
  load_plan_data(ws);
  tl::Result r = ws.evaluate(plan_rules());
  // the calendar: May's grade on Feb-Apr, June's in progress with data through May 10th
  REQUIRE(r.window.window == (tl::Window{month("2024-02"), month("2024-04")}));
  CHECK(r.window.in_progress == month("2024-05"));
  CHECK(r.window.running_day == 10);
  r.plan = tl::plan(ws, r);
  const tl::Plan& plan = *r.plan;
  REQUIRE(plan.pace);
  CHECK(plan.pace->grade_month == month("2024-06"));
  CHECK(plan.pace->window == (tl::Window{month("2024-03"), month("2024-05")}));
  CHECK(plan.pace->through_day == 10);
  CHECK(plan.pace->days_in_month == 31);
  CHECK(plan.pace->remaining_days == 21);
  CHECK_FALSE(plan.pace->same_window);
  REQUIRE(plan.providers.size() == 3);

  SECTION("SP1: base, next silver; orders, per day, not-sold merchants, candidates, the cheapest alternative") {
    const size_t i = index_of(r, "SP1");
    const tl::ProviderResult& p = r.providers[i];
    const tl::ProviderPlan& pp = plan.providers[i];
    CHECK(p.tier == 0);
    CHECK(pp.state == tl::ProviderPlan::State::Next);
    REQUIRE(pp.target == size_t{1});
    // failing: the `all` orders condition, then both `any` conditions (none holds)
    REQUIRE(pp.failing.size() == 3);
    CHECK((pp.failing[0].metric == tl::Metric::PaidOrders && !pp.failing[0].any_group && pp.failing[0].value == 19 && pp.failing[0].missing() == 21));
    CHECK((pp.failing[1].metric == tl::Metric::ActiveMerchants && pp.failing[1].any_group && pp.failing[1].value == 2 && pp.failing[1].missing() == 2));
    CHECK((pp.failing[2].metric == tl::Metric::QualifiedMerchants && pp.failing[2].value == 0 && pp.failing[2].missing() == 2));
    // paid orders: 40 - 19; June's grade: 18 so far, 22 missing, 2 a day over 21 days
    CHECK(pp.orders_needed);
    CHECK(pp.orders_missing == 21);
    REQUIRE(pp.pace);
    CHECK(pp.pace->value == 18);
    CHECK(pp.pace->missing == 22);
    CHECK(pp.pace->per_day == 2);
    // active merchants: 2 missing; the bound merchants without orders in Feb-Apr, by id
    CHECK(pp.active_missing == 2);
    CHECK(ids(r, p, pp.not_sold) == std::vector<std::string>{"M13", "M14", "M15", "M16"});
    // qualified merchants: 2 missing; every candidate, by shortfall then id (M15 has no standard)
    CHECK(pp.qualified_missing == 2);
    CHECK(ids(r, p, pp.candidates) == std::vector<std::string>{"M12", "M11", "M14", "M16", "M13"});
    std::vector<int64_t> shortfalls, best_orders;
    for (uint32_t k : pp.candidates) {
      shortfalls.push_back(*p.merchants[k].shortfall);
      best_orders.push_back(p.merchants[k].best_orders);
    }
    CHECK(shortfalls == std::vector<int64_t>{2, 3, 6, 6, 11});
    CHECK(best_orders == std::vector<int64_t>{4, 8, 0, 0, 0});
    CHECK(r.window.window.first_month + p.merchants[pp.candidates[0]].best == month("2024-04"));
    CHECK(r.window.window.first_month + p.merchants[pp.candidates[1]].best == month("2024-03"));
    CHECK(p.merchants[pp.candidates[2]].best == -1);
    CHECK(*p.merchants[pp.candidates[0]].standard == 5);
    CHECK(*p.merchants[pp.candidates[1]].standard == 10);
    // the alternatives: active = 2 orders from 2 not-sold merchants; qualified = 2 + 3 orders; active is cheapest
    REQUIRE(pp.alternatives.size() == 2);
    const auto& act = pp.alternatives[0];
    const auto& qual = pp.alternatives[1];
    CHECK((act.metric == tl::Metric::ActiveMerchants && act.missing == 2 && act.merchants == 2 && act.new_merchants == 0 && act.orders == int64_t{2}));
    CHECK((qual.metric == tl::Metric::QualifiedMerchants && qual.missing == 2 && qual.merchants == 2 && qual.new_merchants == 0 &&
           qual.orders == int64_t{5}));
    CHECK(pp.cheapest == size_t{0});
  }

  SECTION("SP2: silver, next gold; two `all` gaps, one of them `>`") {
    const size_t i = index_of(r, "SP2");
    const tl::ProviderResult& p = r.providers[i];
    const tl::ProviderPlan& pp = plan.providers[i];
    CHECK(p.tier == 1);
    REQUIRE(pp.target == size_t{2});
    REQUIRE(pp.failing.size() == 2);
    CHECK((pp.failing[0].metric == tl::Metric::PaidOrders && pp.failing[0].missing() == 3));
    CHECK((pp.failing[1].metric == tl::Metric::QualifiedMerchants && pp.failing[1].op == tl::Op::Gt && pp.failing[1].missing() == 1));
    CHECK(pp.orders_missing == 3);
    REQUIRE(pp.pace);
    CHECK(pp.pace->value == 35);
    CHECK(pp.pace->missing == 25);
    CHECK(pp.pace->per_day == 2);
    CHECK(pp.active_missing == 0);
    CHECK(pp.not_sold.empty());
    CHECK(pp.qualified_missing == 1);
    CHECK(ids(r, p, pp.candidates) == std::vector<std::string>{"M22", "M23"});
    CHECK(*p.merchants[pp.candidates[0]].shortfall == 4);
    CHECK(r.window.window.first_month + p.merchants[pp.candidates[0]].best == month("2024-02"));   // 2, 2, 1: the first
    CHECK(*p.merchants[pp.candidates[1]].shortfall == 11);
    CHECK(pp.alternatives.empty());
    CHECK_FALSE(pp.cheapest);
  }

  SECTION("SP3: gold, and diamond has no criteria: no next configured tier") {
    const tl::ProviderPlan& pp = plan.providers[index_of(r, "SP3")];
    CHECK(r.providers[index_of(r, "SP3")].tier == 2);
    CHECK(pp.state == tl::ProviderPlan::State::NoNext);
    CHECK_FALSE(pp.target);
    CHECK(pp.failing.empty());
    CHECK_FALSE(pp.pace);
  }

  SECTION("the report's plan: the same figures, every candidate") {
    const json j = tltest::report_of(r);
    const json& pj = j["plan"];
    CHECK(pj["pace"] == json::parse(R"({"grade":"2024-06","window":{"start":"2024-03","end":"2024-05"},"through":"2024-05-10",
                                         "days_in_month":31,"remaining_days":21})"));
    const json& sp1 = pj["providers"][2];
    CHECK(sp1["id"] == "SP1");
    CHECK(sp1["state"] == "next");
    CHECK(sp1["target"] == "silver");
    CHECK(sp1["paid_orders"] == json::parse(R"({"missing":21,"pace":{"value":18,"missing":22,"per_day":2}})"));
    CHECK(sp1["active_merchants"]["missing"] == 2);
    CHECK(sp1["active_merchants"]["not_sold"][2] == json::parse(R"({"id":"M15","name":"美妆五号店","industry":"美妆"})"));
    REQUIRE(sp1["qualified_merchants"]["candidates"].size() == 5);
    CHECK(sp1["qualified_merchants"]["candidates"][0] ==
          json::parse(R"({"id":"M12","name":"零食二号店","industry":"食品","best_month":"2024-04","best_month_orders":4,"standard":5,"shortfall":2})"));
    CHECK(sp1["qualified_merchants"]["candidates"][4]["best_month"].is_null());
    CHECK(sp1["any_of"] == json::parse(R"([{"metric":"active_merchants","missing":2,"merchants":2,"new_merchants":0,"orders":2},
                                           {"metric":"qualified_merchants","missing":2,"merchants":2,"new_merchants":0,"orders":5}])"));
    CHECK(sp1["cheapest"] == "active_merchants");
    CHECK(pj["providers"][0]["state"] == "no_next");
    CHECK(pj["providers"][1]["active_merchants"].is_null());
    // only when asked: a report without a plan has no "plan"
    r.plan.reset();
    CHECK_FALSE(tltest::report_of(r).contains("plan"));
  }

  SECTION("the plan in words: the numbers, in zh and en") {
    const std::string en = tl::report::plan_text(r, tl::Lang::En);
    CHECK(en.find("Grade in progress: Jun 2024 grade · Mar–May, data through 2024-05-10, 21 days left in May 2024") != std::string::npos);
    CHECK(en.find("Needed: 21 more paid orders (now 19, bar >= 40)") != std::string::npos);
    CHECK(en.find("Jun 2024 grade in progress: 18 paid orders so far, 22 to go: 2 a day over the 21 days left") != std::string::npos);
    CHECK(en.find("2 more active merchants (now 2, bar >= 4) — 2 orders: one each from 2 of the 4 bound merchants that have not sold yet  ← cheapest") !=
          std::string::npos);
    CHECK(en.find("M12  零食二号店  食品 · best month 2024-04: 4 orders, standard 5, 2 short") != std::string::npos);
    CHECK(en.find("Tier: Gold — no tier above it has criteria") != std::string::npos);
    const std::string zh = tl::report::plan_text(r, tl::Lang::Zh);
    CHECK(zh.find("还差：21 单支付订单量（当前 19，标准 >= 40）") != std::string::npos);
    CHECK(zh.find("2024年6月评级进行中：已有 18 单支付订单，还差 22 单：剩余 21 天，每天 2 单") != std::string::npos);
    CHECK(zh.find("← 最省") != std::string::npos);
    const std::string one = "SP2";
    const std::string sp2 = tl::report::plan_text(r, tl::Lang::En, &one);
    CHECK(sp2.find("SP1") == std::string::npos);
    CHECK(sp2.find("Needed: 1 more qualified merchants (now 2, bar > 2)") != std::string::npos);
  }
}

TEST_CASE("plan: the cheapest alternative counts merchants to find before orders") {
  // silver's active bar 7: 7 - 2 = 5 active merchants missing, but SP1 has only 4 not-sold merchants ->
  // 4 orders and 1 new merchant; qualified still 2 + 3 = 5 orders and no new merchant: qualified is the
  // cheaper one (the report's next_tier.cheapest, relative to the bar, says active: 5/7 < 2/2)
  tl::Workspace ws;
  load_plan_data(ws);
  tl::RuleSet rules = plan_rules();
  rules.tiers[1].any[0].value = 7;
  tl::Result r = ws.evaluate(rules);
  r.plan = tl::plan(ws, r);
  const size_t i = index_of(r, "SP1");
  const tl::ProviderPlan& pp = r.plan->providers[i];
  REQUIRE(pp.alternatives.size() == 2);
  CHECK((pp.alternatives[0].missing == 5 && pp.alternatives[0].merchants == 4 && pp.alternatives[0].new_merchants == 1 &&
         pp.alternatives[0].orders == int64_t{4}));
  CHECK(pp.alternatives[1].orders == int64_t{5});
  CHECK(pp.cheapest == size_t{1});
  CHECK(r.providers[i].next->cheapest == tl::Metric::ActiveMerchants);
  CHECK(tl::report::plan_text(r, tl::Lang::En).find(", and 1 new merchants") != std::string::npos);
}

TEST_CASE("plan: the top tier; a window whose last month runs is its own grade in progress") {
  tl::Workspace ws;
  load_plan_data(ws);
  tl::RuleSet rules = plan_rules();
  rules.tiers.pop_back();   // no diamond: gold is the top tier
  {
    tl::Result r = ws.evaluate(rules);
    r.plan = tl::plan(ws, r);
    CHECK(r.plan->providers[index_of(r, "SP3")].state == tl::ProviderPlan::State::Top);
    CHECK(tl::report::plan_text(r, tl::Lang::En).find("Tier: Gold — already the highest tier") != std::string::npos);
  }
  // the window Mar-May asked for: May runs in it, so the per-day figures are this window's own
  tl::EvalOptions o;
  o.window = tl::parse_window("2024-03..2024-05");
  tl::Result r = ws.evaluate(rules, o);
  CHECK(r.window.last_month_incomplete);
  CHECK(r.window.running_day == 10);
  r.plan = tl::plan(ws, r);
  REQUIRE(r.plan->pace);
  CHECK(r.plan->pace->same_window);
  CHECK(r.plan->pace->remaining_days == 21);
  const tl::ProviderPlan& pp = r.plan->providers[index_of(r, "SP1")];
  CHECK(pp.orders_missing == 22);     // 40 - 18
  REQUIRE(pp.pace);
  CHECK((pp.pace->value == 18 && pp.pace->missing == 22 && pp.pace->per_day == 2));
  // M13 sold on May 10th: in this window it is active, and no longer among the not-sold
  CHECK(ids(r, r.providers[index_of(r, "SP1")], pp.not_sold) == std::vector<std::string>{"M14", "M15", "M16"});
}

TEST_CASE("plan: no month running, no pace; no data, no plan lines") {
  tl::Workspace ws;
  load_plan_data(ws);
  tl::EvalOptions o;
  o.window = tl::parse_window("2024-01..2024-03");   // April whole after it, May running: June's grade is in progress
  tl::Result r = ws.evaluate(plan_rules(), o);
  CHECK(r.window.in_progress == month("2024-05"));
  r.plan = tl::plan(ws, r);
  REQUIRE(r.plan->pace);
  CHECK(r.plan->pace->window == (tl::Window{month("2024-03"), month("2024-05")}));   // a window of the same length
  // a set whose last month is whole: nothing runs
  tl::Workspace whole;
  load(whole, "orders.csv", "主订单编号,店铺ID,支付完成时间\n1,M1,2024-04-30 10:00:00\n");
  tl::Result w = whole.evaluate(tltest::small_rules());
  CHECK(w.window.running_day == 0);
  w.plan = tl::plan(whole, w);
  CHECK_FALSE(w.plan->pace);
  REQUIRE(w.plan->providers.size() == 1);
  CHECK(w.plan->providers[0].orders_missing == 4);   // small_rules: 5 orders
  CHECK_FALSE(w.plan->providers[0].pace);
  tl::Workspace empty;
  tl::Result e = empty.evaluate(tl::default_rules());
  e.plan = tl::plan(empty, e);
  CHECK_FALSE(e.plan->pace);
  CHECK(tl::report::plan_text(e, tl::Lang::En).rfind("Plan: (no data)", 0) == 0);
}

TEST_CASE("compare: a provider changes tier under a second rule set, named by its conditions") {
  // plan_rules_r2.json: silver = paid_orders >= 15 AND (active_merchants >= 2 OR qualified_merchants >= 2).
  // SP1 (19 orders, 2 active, 0 qualified) becomes silver: its orders condition (19 >= 40 fails, 19 >= 15
  // holds) and its active condition (2 >= 4 fails, 2 >= 2 holds) make the difference; qualified fails
  // under both and is not named. SP2 stays silver (gold unchanged), SP3 gold.
  tl::Workspace ws;
  load_plan_data(ws);
  tl::Result a = ws.evaluate(plan_rules());
  const tl::Result b = ws.evaluate(tl::parse_rules(fixture("plan_rules_r2.json")));
  a.comparison = tl::compare(a, b);
  const tl::Comparison& c = *a.comparison;
  REQUIRE(c.providers.size() == 3);
  CHECK(c.providers[0].id == "SP3");
  CHECK_FALSE(c.providers[0].changed);
  CHECK_FALSE(c.providers[1].changed);
  const tl::Comparison::Provider& sp1 = c.providers[2];
  CHECK(sp1.id == "SP1");
  CHECK(sp1.changed);
  CHECK(a.rules.tiers[sp1.tier].id == "base");
  CHECK(c.other.tiers[sp1.other_tier].id == "silver");
  REQUIRE(sp1.changed_by.size() == 2);
  CHECK((sp1.changed_by[0].tier == "silver" && !sp1.changed_by[0].any_group && sp1.changed_by[0].metric == tl::Metric::PaidOrders));
  CHECK((sp1.changed_by[0].main.bar == 40 && !sp1.changed_by[0].main.pass && sp1.changed_by[0].other.bar == 15 && sp1.changed_by[0].other.pass));
  CHECK((sp1.changed_by[1].any_group && sp1.changed_by[1].metric == tl::Metric::ActiveMerchants && sp1.changed_by[1].main.bar == 4 &&
         sp1.changed_by[1].other.bar == 2));
  const json j = tltest::report_of(a);
  CHECK(j["comparison"]["rules"] == json::parse(R"(["plan test rules", "plan test rules, lower silver bars"])"));
  CHECK(j["comparison"]["providers"][2] == json::parse(R"({"id":"SP1","tier":"base","other_tier":"silver","changed_by":[
      "silver.all paid_orders: 19 >= 40 fails | 19 >= 15 holds", "silver.any active_merchants: 2 >= 4 fails | 2 >= 2 holds"]})"));
  CHECK(j["comparison"]["providers"][0] == json::parse(R"({"id":"SP3","tier":"gold","other_tier":"gold","changed_by":[]})"));
  const std::string text = tl::report::text(a, tl::Lang::En);
  CHECK(text.find("Rule comparison: plan test rules → plan test rules, lower silver bars\n"
                  "  SP1: Service provider → Silver · silver Paid orders: 19 >= 40 ✗ → 19 >= 15 ✓; silver Active merchants: 2 >= 4 ✗ → 2 >= 2 ✓\n") !=
        std::string::npos);
  CHECK(text.find("SP2:") == std::string::npos);
}

TEST_CASE("compare: identical rules change nothing; a tier configured under one rule set only") {
  tl::Workspace ws;
  load_plan_data(ws);
  const tl::Result a = ws.evaluate(plan_rules());
  const tl::Comparison same = tl::compare(a, ws.evaluate(plan_rules()));
  REQUIRE(same.providers.size() == 3);
  for (const auto& p : same.providers) {
    CHECK_FALSE(p.changed);
    CHECK(p.changed_by.empty());
    CHECK(p.tier == p.other_tier);
  }
  tl::Result with = a;
  with.comparison = same;
  CHECK(tl::report::comparison_text(with, tl::Lang::En).find("No provider changes tier") != std::string::npos);
  // diamond given criteria SP3 meets (paid orders >= 70): SP3 becomes diamond, and the difference is the
  // tier being configured at all
  tl::RuleSet d = plan_rules();
  d.tiers[3].all = {{tl::Metric::PaidOrders, tl::Op::Ge, 70}};
  const tl::Comparison c = tl::compare(a, ws.evaluate(d));
  const tl::Comparison::Provider& sp3 = c.providers[0];
  CHECK(sp3.id == "SP3");
  CHECK(sp3.changed);
  REQUIRE(sp3.changed_by.size() == 1);
  CHECK(sp3.changed_by[0].kind == tl::Comparison::Difference::Kind::Tier);
  CHECK(sp3.changed_by[0].tier == "diamond");
  CHECK((!sp3.changed_by[0].main.present && sp3.changed_by[0].other.present));
  with.comparison = c;
  CHECK(tltest::report_of(with)["comparison"]["providers"][0]["changed_by"] == json::parse(R"(["diamond: not configured | configured"])"));
}
