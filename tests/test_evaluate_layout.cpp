// Evaluation over the prepared layout: cells grouped by (provider, merchant) with a (status, month) class,
// merchant rows found by prepared pair, tables ordered by a precomputed id rank and only sorted when
// returned. The edge cases of that layout, checked against hand-computed expectations.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <map>
#include <random>

#include "engine_helpers.hpp"

using namespace tltest;
using nlohmann::json;

static std::vector<std::string> ids_of(const json& merchants) {
  std::vector<std::string> out;
  for (const json& m : merchants) out.push_back(m["id"].get<std::string>());
  return out;
}

static tl::Result evaluate(const tl::Workspace& ws, const tl::RuleSet& rules, const std::string& window, int near_limit = 20) {
  tl::EvalOptions o;
  o.window = tl::parse_window(window);
  o.near_limit = near_limit;
  return ws.evaluate(rules, o);
}
static json evaluate_json(const tl::Workspace& ws, const tl::RuleSet& rules, const std::string& window, int near_limit = 20) {
  return report_of(evaluate(ws, rules, window, near_limit));
}

TEST_CASE("merchant tables: total descending, then the id's bytes, also for ids that share their first 8 bytes") {
  tl::Workspace ws;
  load(ws, "orders.csv",
       "主订单编号,店铺ID,支付完成时间\n"
       "1,123456789,2023-06-01 10:00:00\n"
       "2,123456789,2023-06-02 10:00:00\n"
       "3,店铺甲,2023-06-01 10:00:00\n"
       "4,店铺甲,2023-07-01 10:00:00\n"
       "5,12345678,2023-06-01 10:00:00\n"
       "6,12345678,2023-06-03 10:00:00\n"
       "7,1234567,2023-08-01 10:00:00\n"
       "8,1234567,2023-08-02 10:00:00\n"
       "9,12345678a,2023-06-01 10:00:00\n"
       "10,12345678a,2023-06-01 11:00:00\n"
       "11,ABC,2023-06-01 10:00:00\n"
       "12,ABC,2023-06-01 12:00:00\n"
       "13,0999,2023-06-01 10:00:00\n"
       "14,Z,2023-06-01 10:00:00\n"
       "15,Z,2023-06-01 11:00:00\n"
       "16,Z,2023-06-01 12:00:00\n");
  tl::RuleSet rules = small_rules();
  rules.default_standard = 5;
  const std::vector<std::string> order = {"Z", "1234567", "12345678", "123456789", "12345678a", "ABC", "店铺甲", "0999"};
  json r = evaluate_json(ws, rules, "2023-06..2023-08");
  REQUIRE(r["providers"].size() == 1);
  CHECK(ids_of(r["providers"][0]["merchants"]) == order);
  // near qualifying: smallest shortfall first (Z needs 3 more), then table order
  CHECK(r["providers"][0]["near_qualifying"] == json(order));

  const tl::Result t = evaluate(ws, rules, "2023-06..2023-08");
  REQUIRE(t.providers.size() == 1);
  std::vector<std::string> struct_ids;
  for (const tl::MerchantRow& l : t.providers[0].merchants) struct_ids.push_back(std::string(t.merchant_id(l)));
  CHECK(struct_ids == order);
  CHECK(t.providers[0].near == std::vector<size_t>{0, 1, 2, 3, 4, 5, 6, 7});
  const int64_t* jia = t.orders_of(t.providers[0].merchants[6]);   // 店铺甲: June, July
  CHECK(std::vector<int64_t>(jia, jia + 3) == std::vector<int64_t>{1, 1, 0});
}

static const std::string kBindings =
    "店铺ID,服务商ID,绑定开始时间,绑定结束时间\n"
    "A1,P1,2023-01-01,\n"
    "A2,P1,2023-01-01,\n"
    "A3,P1,2023-01-01,\n"
    "A4,P1,2023-01-01,\n"
    "A5,P1,2023-01-01,\n"
    "B1,P2,2023-01-01,2023-07-01\n"
    "B1,P1,2023-07-01,\n"          // B1 moves to P1 in July: a row in both providers' tables
    "B2,P2,2020-01-01,2020-03-01\n";  // bound only long before the window

static std::string orders_for_bindings() {
  std::string o = "主订单编号,店铺ID,支付完成时间,订单状态\n";
  int id = 1;
  auto add = [&](const std::string& m, const std::string& day, int n, const std::string& status = "已完成") {
    for (int i = 0; i < n; ++i) o += std::to_string(id++) + "," + m + "," + day + " 10:00:00," + status + "\n";
  };
  add("A1", "2023-06-01", 3);
  add("A2", "2023-06-01", 1);
  add("A2", "2023-07-01", 1);
  add("A3", "2023-06-01", 4, "待支付");   // unpaid: A3 still has a (zero) row, bound in the window
  add("A4", "2023-08-01", 2);
  add("B1", "2023-06-01", 2);   // P2
  add("B1", "2023-07-05", 5);   // P1
  return o;
}

TEST_CASE("near qualifying: limited, smallest shortfall first, and the Result's rows are the report's") {
  tl::Workspace ws;
  load(ws, "bindings.csv", kBindings);
  load(ws, "orders.csv", orders_for_bindings());
  tl::RuleSet rules = small_rules();
  rules.default_standard = 6;
  for (int limit : {20, 2, 0}) {
    const tl::Result own = evaluate(ws, rules, "2023-06..2023-08", limit);
    const json all = report_of(own);
    const json& p1 = provider(all, "P1");
    CHECK(p1["near_qualifying"].size() == static_cast<size_t>(std::min(limit, 6)));
    // the Result's near list points at the same merchants, in its table's (report) order
    const tl::ProviderResult* t = own.provider("P1");
    REQUIRE(t);
    REQUIRE(t->near.size() == p1["near_qualifying"].size());
    for (size_t k = 0; k < t->near.size(); ++k) CHECK(own.merchant_id(t->merchants[t->near[k]]) == p1["near_qualifying"][k].get<std::string>());
  }
  json all = evaluate_json(ws, rules, "2023-06..2023-08");
  const json& p1 = provider(all, "P1");
  // bound in the window: A5 and A3 without paid orders, B1 for its July orders; B2 (bound in 2020) is not
  CHECK(ids_of(p1["merchants"]) == std::vector<std::string>{"B1", "A1", "A2", "A4", "A3", "A5"});
  // shortfalls to 7 orders in a month: B1 2, A1 4, A4 5, A2 6, A3 7, A5 7 (ties in table order)
  CHECK(p1["near_qualifying"] == json({"B1", "A1", "A4", "A2", "A3", "A5"}));
  CHECK(p1["bound_merchants"] == 6);
  CHECK(ids_of(provider(all, "P2")["merchants"]) == std::vector<std::string>{"B1"});
  CHECK(provider(all, "P2")["metrics"]["paid_orders"] == 2);
  // a window of 2020 brings B2 back, with nothing else of P2's
  json old = evaluate_json(ws, rules, "2020-01..2020-03");
  CHECK(ids_of(provider(old, "P2")["merchants"]) == std::vector<std::string>{"B2"});
  CHECK(old["providers"].size() == 1);
}

TEST_CASE("uncounted cells: counts and the first sample lines per reason, across cells, classes and files") {
  tl::Workspace ws;
  // file 1 is opened first: its lines come before file 2's, whatever their numbers
  load(ws, "one.csv",
       "主订单编号,店铺ID,支付完成时间,订单状态\n"
       "1,M1,2023-06-01 10:00:00,已完成\n"     // 2
       "2,M1,2023-06-02 10:00:00,待支付\n"     // 3  M1 June unpaid: lines 3, 4, 5, 6 (a cell keeps its first 3)
       "3,M1,2023-06-03 10:00:00,待支付\n"     // 4
       "4,M1,2023-06-04 10:00:00,待支付\n"     // 5
       "5,M1,2023-06-05 10:00:00,待支付\n"     // 6
       "6,M2,2023-07-01 10:00:00,待支付\n"     // 7  M2 July unpaid (another class)
       "7,M2,2023-05-01 10:00:00,已完成\n"     // 8  outside the window
       "8,M2,2023-05-02 10:00:00,已关闭\n");   // 9  outside the window (another status)
  load(ws, "two.csv",
       "主订单编号,店铺ID,支付完成时间,订单状态\n"
       "9,M3,2023-06-01 10:00:00,待支付\n"     // 2
       "10,M1,2023-06-09 10:00:00,待支付\n"    // 3  M1 June unpaid again, but from the second file
       "11,M3,2023-05-01 10:00:00,待支付\n");  // 4  unpaid and outside: the status decides
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(nc(r, "unpaid_status") == 8);
  CHECK(nc(r, "outside_window") == 2);
  CHECK(r["data_quality"]["rows_counted"] == 1);
  CHECK(balanced(r));
  CHECK(r["data_quality"]["samples"]["unpaid_status"] == json::parse(R"([
    {"file":"one.csv","line":3},{"file":"one.csv","line":4},{"file":"one.csv","line":5},
    {"file":"one.csv","line":7},{"file":"two.csv","line":2}])"));
  CHECK(r["data_quality"]["samples"]["outside_window"] == json::parse(R"([{"file":"one.csv","line":8},{"file":"one.csv","line":9}])"));

  // another status list and window: the same cells, classified anew
  tl::RuleSet none = small_rules();
  none.excluded_statuses.clear();
  json all = eval(ws, none, "2023-05..2023-07");
  CHECK(nc(all, "unpaid_status") == 0);
  CHECK(nc(all, "outside_window") == 0);
  CHECK(all["data_quality"]["rows_counted"] == 11);
  const json& p = all["providers"][0];
  CHECK(p["metrics"]["paid_orders"] == 11);
  CHECK(p["months"][0]["paid_orders"] == 3);   // May: lines 8, 9 of one.csv, line 4 of two.csv
  CHECK(p["months"][1]["paid_orders"] == 7);
  CHECK(p["months"][2]["paid_orders"] == 1);
  CHECK(balanced(all));
}

TEST_CASE("variants and monthly rows of a (provider, merchant) that has no order cell get their own row") {
  tl::Workspace ws;
  load(ws, "orders.csv",
       "主订单编号,店铺ID,服务商ID,支付完成时间,订单状态\n"
       "500,S9,SPZ,2023-06-01 10:00:00,已完成\n"
       "500,S9,SPZ,2023-06-01 10:00:00,已退款\n"   // the same main order, another status: variants
       "501,S1,SPZ,2023-06-02 10:00:00,已完成\n"
       "502,S1,SPY,2023-07-02 10:00:00,已完成\n");
  load(ws, "monthly.csv", "店铺ID,服务商ID,月份,支付订单量\nS8,SPZ,2023-07,40\nS1,SPY,2023-08,3\nS1,SPZ,2023-06,9\n",
       tl::FileKind::MonthlyStats);
  tl::RuleSet rules = small_rules();
  rules.default_standard = 10;
  json r = eval(ws, rules, "2023-06..2023-08");
  const json& z = provider(r, "SPZ");
  CHECK(ids_of(z["merchants"]) == std::vector<std::string>{"S8", "S1", "S9"});
  CHECK(z["merchants"][0]["orders"] == json({0, 40, 0}));
  CHECK(z["merchants"][1]["orders"] == json({1, 0, 0}));   // its June monthly row is superseded by order rows
  CHECK(z["merchants"][2]["orders"] == json({1, 0, 0}));
  CHECK(z["metrics"]["paid_orders"] == 42);
  CHECK(z["metrics"]["qualified_merchants"] == 1);
  const json& y = provider(r, "SPY");
  CHECK(ids_of(y["merchants"]) == std::vector<std::string>{"S1"});
  CHECK(y["merchants"][0]["orders"] == json({0, 1, 3}));
  CHECK(nc(r, "duplicate_main_order") == 1);
  CHECK(nc(r, "superseded_by_order_rows") == 1);
  CHECK(balanced(r));
}

// Prepare remembers, per merchant, the provider its bindings give over a span of time, and the cell its
// latest order went to with sums not yet added. Many overlapping bindings per merchant (equal starts,
// open ends, gaps) and orders whose times jump back and forth must still be attributed order by order
// exactly as the binding in force says: the latest-starting binding that covers the pay time, the later
// in the file among equal starts.
TEST_CASE("attribution over many overlapping bindings, orders out of time order: as a lookup per order") {
  std::mt19937 rng(20231);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto stamp = [](int day, int sec) {   // day 0 = 2023-04-01; 183 days to 2023-09-30
    static const int kMonthDays[] = {30, 31, 30, 31, 31, 30};
    int m = 0;
    while (day >= kMonthDays[m]) day -= kMonthDays[m++];
    char buf[32];
    std::snprintf(buf, sizeof buf, "2023-%02d-%02d %02d:%02d:%02d", 4 + m, day + 1, sec / 3600, sec / 60 % 60, sec % 60);
    return std::string(buf);
  };
  struct Bind { int merchant, provider; int64_t start, end; };   // times as day * 86400 + second
  const int kMerchants = 8;
  std::vector<Bind> binds;
  std::string bindings = "店铺ID,服务商ID,行业,绑定开始时间,绑定结束时间\n";
  for (int m = 0; m < kMerchants - 1; ++m) {   // the last merchant is in no binding
    const int n = pick(6);
    int64_t prev_start = 0;
    for (int k = 0; k < n; ++k) {
      Bind b{m, pick(3), 0, 0};
      const bool same_start = k > 0 && pick(4) == 0;
      b.start = same_start ? prev_start : static_cast<int64_t>(pick(183)) * 86400 + pick(86400);
      const bool open = pick(4) == 0;
      b.end = open ? INT64_MAX : b.start + 1 + static_cast<int64_t>(pick(60)) * 86400 + pick(86400);
      if (b.end != INT64_MAX && b.end >= 183 * 86400) b.end = INT64_MAX;
      prev_start = b.start;
      binds.push_back(b);
      bindings += "M" + std::to_string(m) + ",P" + std::to_string(b.provider) + ",服饰," +
                  stamp(static_cast<int>(b.start / 86400), static_cast<int>(b.start % 86400)) + "," +
                  (b.end == INT64_MAX ? std::string() : stamp(static_cast<int>(b.end / 86400), static_cast<int>(b.end % 86400))) + "\n";
    }
  }
  // expected per (provider, merchant) orders per window month (June..August), and the unattributed
  std::map<std::pair<int, int>, std::array<int64_t, 3>> expect;
  uint64_t not_bound = 0, not_in = 0;
  std::string orders = "主订单编号,店铺ID,支付完成时间,订单状态\n";
  int64_t t = 61 * 86400;   // 2023-06-01
  for (int i = 0; i < 4000; ++i) {
    // mostly forward in small steps, sometimes a jump anywhere in the window
    t = pick(10) == 0 ? 61 * 86400 + static_cast<int64_t>(pick(92)) * 86400 + pick(86400) : t + pick(3 * 3600);
    if (t >= 153 * 86400) t = 61 * 86400 + pick(86400);
    const int m = pick(kMerchants);
    orders += std::to_string(100000 + i) + ",M" + std::to_string(m) + "," + stamp(static_cast<int>(t / 86400), static_cast<int>(t % 86400)) + ",已完成\n";
    const Bind* hit = nullptr;
    bool any = false;
    std::vector<const Bind*> mine;
    for (const Bind& b : binds) if (b.merchant == m) mine.push_back(&b);
    std::stable_sort(mine.begin(), mine.end(), [](const Bind* a, const Bind* b) { return a->start < b->start; });
    for (const Bind* b : mine) {
      any = true;
      if (b->start <= t && t < b->end) hit = b;
    }
    if (!any) ++not_in;
    else if (!hit) ++not_bound;
    else ++expect[{hit->provider, m}][t < 91 * 86400 ? 0 : t < 122 * 86400 ? 1 : 2];
  }
  tl::Workspace ws;
  load(ws, "bindings.csv", bindings);
  load(ws, "orders.csv", orders, tl::FileKind::Unknown, 977);
  const json r = evaluate_json(ws, tl::default_rules(), "2023-06..2023-08");
  CHECK(nc(r, "not_bound_at_pay_time") == not_bound);
  CHECK(nc(r, "merchant_not_in_bindings") == not_in);
  CHECK(balanced(r));
  std::map<std::pair<int, int>, std::array<int64_t, 3>> got;
  for (const json& p : r["providers"])
    for (const json& m : p["merchants"]) {
      const auto o = m["orders"].get<std::vector<int64_t>>();
      REQUIRE(o.size() == 3);
      if (o[0] + o[1] + o[2] == 0) continue;   // bound, but no orders
      got[{std::stoi(p["id"].get<std::string>().substr(1)), std::stoi(m["id"].get<std::string>().substr(1))}] = {o[0], o[1], o[2]};
    }
  CHECK(got == expect);
  CHECK(not_bound > 0);   // the data does reach every case
  CHECK(not_in > 0);
  CHECK(expect.size() > 8);
}
