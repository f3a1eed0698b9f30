// tierlens — report options: the merchant tables as structs (EvalOptions::merchant_tables, what the web
// UI shows) are the report JSON's tables field for field, and leaving the tables out of the JSON
// changes nothing else in it.
#include <catch2/catch.hpp>

#include <string>

#include "engine_helpers.hpp"
#include "sample/generator.hpp"

namespace {

tl::Report evaluate(const tl::Workspace& ws, bool json_tables, bool struct_tables, const std::string& window = "") {
  tl::EvalOptions o;
  if (!window.empty()) o.window = tl::parse_window(window);
  o.include_merchants = json_tables;
  o.merchant_tables = struct_tables;
  return ws.evaluate(tl::default_rules(), o);
}

void load_demo(tl::Workspace& ws) {
  for (const auto& f : tl::sample::demo_files()) tltest::load(ws, f.name, f.bytes);
}

// Every row of every provider's struct table equals providers[i].merchants[j] of the JSON.
void check_tables_match(const tl::Report& r) {
  const auto j = nlohmann::json::parse(r.json);
  const auto& ps = j["providers"];
  const auto& months = j["window"]["months"];
  REQUIRE(r.merchant_tables.size() == ps.size());
  for (size_t p = 0; p < ps.size(); ++p) {
    const auto& ms = ps[p]["merchants"];
    const tl::MerchantTable& t = r.merchant_tables[p];
    REQUIRE(t.rows.size() == ms.size());
    for (size_t i = 0; i < ms.size(); ++i) {
      const auto& m = ms[i];
      const tl::MerchantLine& l = t.rows[i];
      CHECK(l.id == m["id"].get<std::string>());
      CHECK(l.name == m["name"].get<std::string>());
      CHECK(l.industry == m["industry"].get<std::string>());
      CHECK(l.orders == m["orders"].get<std::vector<int64_t>>());
      CHECK(l.total == m["total"].get<int64_t>());
      CHECK(l.active == m["active"].get<bool>());
      CHECK(l.qualified == m["qualified"].get<bool>());
      if (m["best_month"].is_null()) CHECK(l.best_month == -1);
      else CHECK(months.at(static_cast<size_t>(l.best_month)) == m["best_month"]);
      CHECK(l.best_month_orders == m["best_month_orders"].get<int64_t>());
      CHECK(l.standard.has_value() == !m["standard"].is_null());
      if (l.standard) CHECK(*l.standard == m["standard"].get<int64_t>());
      CHECK(l.shortfall.has_value() == !m["shortfall"].is_null());
      if (l.shortfall) CHECK(*l.shortfall == m["shortfall"].get<int64_t>());
    }
    const auto& near = ps[p]["near_qualifying"];
    REQUIRE(t.near.size() == near.size());
    for (size_t k = 0; k < near.size(); ++k) {
      REQUIRE(t.near[k] < t.rows.size());
      CHECK(t.rows[t.near[k]].id == near[k].get<std::string>());
    }
  }
}

}  // namespace

TEST_CASE("merchant tables as structs equal the report JSON's tables, row for row") {
  tl::Workspace ws;
  load_demo(ws);
  const tl::Report full = evaluate(ws, true, true);
  size_t rows = 0;
  for (const auto& t : full.merchant_tables) rows += t.rows.size();
  CHECK(rows > 0);
  check_tables_match(full);
  // another window: best_month indices follow the window's months
  const auto months = nlohmann::json::parse(full.json)["window"]["data_months"];
  REQUIRE(months.size() >= 2);
  check_tables_match(evaluate(ws, true, true, months[0].get<std::string>() + ".." + months[1].get<std::string>()));
}

TEST_CASE("the struct tables option leaves the JSON as it is; without JSON tables only the tables are empty") {
  tl::Workspace ws;
  load_demo(ws);
  const tl::Report plain = evaluate(ws, true, false);
  const tl::Report both = evaluate(ws, true, true);
  CHECK(plain.merchant_tables.empty());
  CHECK(both.json == plain.json);
  CHECK(both.text == plain.text);

  const tl::Report light = evaluate(ws, false, true);
  CHECK(light.json.size() < plain.json.size());
  auto expect = nlohmann::json::parse(plain.json);
  for (auto& p : expect["providers"]) p["merchants"] = nlohmann::json::array();
  CHECK(nlohmann::json::parse(light.json) == expect);
  CHECK(light.text == plain.text);
  REQUIRE(light.merchant_tables.size() == both.merchant_tables.size());
  for (size_t p = 0; p < light.merchant_tables.size(); ++p) {
    CHECK(light.merchant_tables[p].rows.size() == both.merchant_tables[p].rows.size());
    CHECK(light.merchant_tables[p].near == both.merchant_tables[p].near);
  }
}

TEST_CASE("merchant_tables_of fills only that provider's table") {
  tl::Workspace ws;
  load_demo(ws);
  const tl::Report all = evaluate(ws, false, true);
  const auto ps = nlohmann::json::parse(all.json)["providers"];
  REQUIRE(ps.size() >= 2);
  const std::string pid = ps[1]["id"].get<std::string>();
  tl::EvalOptions o;
  o.include_merchants = false;
  o.merchant_tables = true;
  o.merchant_tables_of = pid;
  const tl::Report one = ws.evaluate(tl::default_rules(), o);
  CHECK(one.json == all.json);
  REQUIRE(one.merchant_tables.size() == ps.size());
  for (size_t p = 0; p < ps.size(); ++p) {
    if (ps[p]["id"] == pid) {
      CHECK(!one.merchant_tables[p].rows.empty());
      CHECK(one.merchant_tables[p].rows.size() == all.merchant_tables[p].rows.size());
      CHECK(one.merchant_tables[p].near == all.merchant_tables[p].near);
    } else {
      CHECK(one.merchant_tables[p].rows.empty());
    }
  }
  o.merchant_tables_of = "no such provider";
  for (const auto& t : ws.evaluate(tl::default_rules(), o).merchant_tables) CHECK(t.rows.empty());
}

TEST_CASE("no data: one provider with an empty struct table") {
  tl::Workspace ws;
  const tl::Report r = evaluate(ws, false, true);
  REQUIRE(r.merchant_tables.size() == 1);
  CHECK(r.merchant_tables[0].rows.empty());
  CHECK(r.merchant_tables[0].near.empty());
}
