// The platform view's ranking CSV (report::providers_csv; tierlens evaluate --format providers-csv; the
// page's providers panel "导出 CSV / Export CSV"): on the hand-made set of tests/test_plan.cpp and on a
// generated set of 20 providers.
#include <catch2/catch.hpp>


#include "engine_helpers.hpp"
#include "sample/generator.hpp"

using tltest::load;

namespace {

std::string plan_fixture(const std::string& name) { return tltest::fixture_bytes("plan/" + name); }

std::vector<std::string> lines_of(const std::string& csv) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t e; (e = csv.find("\r\n", at)) != std::string::npos; at = e + 2) out.push_back(csv.substr(at, e - at));
  CHECK(at == csv.size());   // every line ends with CRLF
  return out;
}

}  // namespace

TEST_CASE("providers CSV: the ranking of the hand-made set, in both languages") {
  tl::Workspace ws;
  for (const char* f : {"orders.csv", "bindings.csv", "standards.csv"}) load(ws, f, plan_fixture(f));
  const tl::Result r = ws.evaluate(tl::parse_rules(plan_fixture("rules.json")));
  // Feb-Apr (tests/test_plan.cpp): SP3 gold 75 / 3 / 3, SP2 silver 57 / 3 / 2, SP1 base 19 / 2 / 0
  const std::string en = tl::report::providers_csv(r, tl::Lang::En);
  REQUIRE(en.rfind("\xEF\xBB\xBF", 0) == 0);
  const std::vector<std::string> l = lines_of(en.substr(3));
  REQUIRE(l.size() == 4);
  CHECK(l[0] == "Rank,Provider id,Provider name,Tier,Tier id,Paid orders,Active merchants,Qualified merchants,Paid amount (yuan),Next tier,Gap to the next tier");
  CHECK(l[1] == "1,SP3,湖畔产业带服务商,Gold,gold,75,3,3,0.00,,");
  CHECK(l[2] == "2,SP2,江南产业带服务商,Silver,silver,57,3,2,0.00,Gold," + tl::report::csv_cell(tl::report::gap_sentence(r, r.providers[1], tl::Lang::En)));
  CHECK(l[3] == "3,SP1,山河产业带服务商,Service provider,base,19,2,0,0.00,Silver," + tl::report::csv_cell(tl::report::gap_sentence(r, r.providers[2], tl::Lang::En)));
  CHECK(tl::report::gap_sentence(r, r.providers[2], tl::Lang::En).find("21") != std::string::npos);   // 40 - 19 paid orders

  const std::vector<std::string> z = lines_of(tl::report::providers_csv(r, tl::Lang::Zh).substr(3));
  REQUIRE(z.size() == 4);
  CHECK(z[0] == "排名,服务商ID,服务商名称,等级,等级ID,支付订单量,动销商家数,达标商家数,支付金额（元）,下一等级,距下一等级");
  CHECK(z[3].rfind("3,SP1,山河产业带服务商,产业带服务商,base,19,2,0,0.00,产业带银牌服务商,", 0) == 0);
}

TEST_CASE("providers CSV: 20 generated providers, one row each, ranked as Result::providers") {
  tl::sample::Options o;
  o.order_rows = 30000;
  o.providers = 20;
  o.merchants = 1200;
  tl::Workspace ws;
  auto gen = [&](void (*fn)(const tl::sample::Options&, const tl::sample::Sink&)) {
    std::string s;
    fn(o, [&](std::string_view v) { s.append(v.data(), v.size()); });
    return s;
  };
  load(ws, "orders.csv", gen(tl::sample::write_orders));
  load(ws, "bindings.csv", gen(tl::sample::write_bindings));
  load(ws, "standards.csv", gen(tl::sample::write_standards));
  const tl::Result r = ws.evaluate(tl::default_rules());
  REQUIRE(r.providers.size() == 20);
  const std::vector<std::string> l = lines_of(tl::report::providers_csv(r, tl::Lang::En).substr(3));
  REQUIRE(l.size() == 21);
  for (size_t i = 0; i < 20; ++i) {
    const tl::ProviderResult& p = r.providers[i];
    const std::string head = std::to_string(i + 1) + "," + p.id + "," + tl::report::csv_cell(p.name) + ",";
    CHECK(l[i + 1].rfind(head, 0) == 0);
    CHECK(l[i + 1].find("," + std::to_string(p.metrics.paid_orders) + "," + std::to_string(p.metrics.active_merchants) + "," +
                        std::to_string(p.metrics.qualified_merchants) + ",") != std::string::npos);
  }
}
