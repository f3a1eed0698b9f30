// tierlens — writing a Result out: the JSON report's merchant tables are the Result's rows field for
// field, leaving the tables out changes nothing else, the text summary and merchants CSV speak the
// reader's language, and a message is written with its code, parameters and texts.
#include <catch2/catch.hpp>

#include <string>

#include "engine_helpers.hpp"
#include "report/report.hpp"
#include "sample/generator.hpp"

namespace {

void load_demo(tl::Workspace& ws) {
  for (const auto& f : tl::sample::demo_files()) tltest::load(ws, f.name, f.bytes);
}

tl::Result evaluate(const tl::Workspace& ws, const std::string& window = "") {
  tl::EvalOptions o;
  if (!window.empty()) o.window = tl::parse_window(window);
  return ws.evaluate(tl::default_rules(), o);
}

// Every row of every provider's table equals providers[i].merchants[j] of the JSON.
void check_tables_match(const tl::Result& r) {
  const auto j = tltest::report_of(r);
  const auto& ps = j["providers"];
  const auto& months = j["window"]["months"];
  REQUIRE(r.providers.size() == ps.size());
  for (size_t p = 0; p < ps.size(); ++p) {
    const auto& ms = ps[p]["merchants"];
    const tl::ProviderResult& t = r.providers[p];
    CHECK(t.id == ps[p]["id"].get<std::string>());
    REQUIRE(t.merchants.size() == ms.size());
    for (size_t i = 0; i < ms.size(); ++i) {
      const auto& m = ms[i];
      const tl::MerchantRow& l = t.merchants[i];
      CHECK(r.merchant_id(l) == m["id"].get<std::string>());
      CHECK(r.merchant_name(l) == m["name"].get<std::string>());
      CHECK(r.merchant_industry(l) == m["industry"].get<std::string>());
      const int64_t* o = r.orders_of(l);
      CHECK(std::vector<int64_t>(o, o + months.size()) == m["orders"].get<std::vector<int64_t>>());
      CHECK(l.total == m["total"].get<int64_t>());
      CHECK(l.active == m["active"].get<bool>());
      CHECK(l.qualified == m["qualified"].get<bool>());
      if (m["best_month"].is_null()) CHECK(l.best == -1);
      else CHECK(months.at(static_cast<size_t>(l.best)) == m["best_month"]);
      CHECK(l.best_orders == m["best_month_orders"].get<int64_t>());
      CHECK(l.standard.has_value() == !m["standard"].is_null());
      if (l.standard) CHECK(*l.standard == m["standard"].get<int64_t>());
      CHECK(l.shortfall.has_value() == !m["shortfall"].is_null());
      if (l.shortfall) CHECK(*l.shortfall == m["shortfall"].get<int64_t>());
    }
    const auto& near = ps[p]["near_qualifying"];
    REQUIRE(t.near.size() == near.size());
    for (size_t k = 0; k < near.size(); ++k) {
      REQUIRE(t.near[k] < t.merchants.size());
      CHECK(r.merchant_id(t.merchants[t.near[k]]) == near[k].get<std::string>());
    }
  }
}

}  // namespace

TEST_CASE("the Result's merchant rows equal the report JSON's tables, row for row") {
  tl::Workspace ws;
  load_demo(ws);
  const tl::Result full = evaluate(ws);
  size_t rows = 0;
  for (const auto& p : full.providers) rows += p.merchants.size();
  CHECK(rows > 0);
  check_tables_match(full);
  // another window: best_month indices follow the window's months
  REQUIRE(full.window.data_months.size() >= 2);
  check_tables_match(evaluate(ws, tl::report::month_code(full.window.data_months[0]) + ".." +
                                      tl::report::month_code(full.window.data_months[1])));
}

TEST_CASE("the report without merchant tables differs only in the tables") {
  tl::Workspace ws;
  load_demo(ws);
  const tl::Result r = evaluate(ws);
  const std::string plain = tl::report::json(r), light = tl::report::json(r, {tl::Lang::En, false});
  CHECK(light.size() < plain.size());
  auto expect = nlohmann::json::parse(plain);
  for (auto& p : expect["providers"]) p["merchants"] = nlohmann::json::array();
  CHECK(nlohmann::json::parse(light) == expect);
}

TEST_CASE("a Result stays valid after the workspace changes or is gone") {
  tl::Result r;
  std::string before;
  {
    tl::Workspace ws;
    load_demo(ws);
    r = evaluate(ws);
    before = tl::report::json(r);
    for (int k = 0; k < 3; ++k) tltest::load(ws, "more" + std::to_string(k) + ".csv", "主订单编号,店铺ID,支付完成时间\n9,NEW" + std::to_string(k) + ",2023-06-01 10:00:00\n");
    CHECK(tl::report::json(r) == before);
  }
  CHECK(tl::report::json(r) == before);
}

TEST_CASE("no data: one provider with an empty table") {
  tl::Workspace ws;
  const tl::Result r = evaluate(ws);
  REQUIRE(r.providers.size() == 1);
  CHECK(r.providers[0].merchants.empty());
  CHECK(r.providers[0].near.empty());
  CHECK(r.window.window.months() == 0);
}

TEST_CASE("text summary and merchants CSV in each language") {
  tl::Workspace ws;
  load_demo(ws);
  const tl::Result r = evaluate(ws);
  const std::string zh = tl::report::text(r, tl::Lang::Zh), en = tl::report::text(r, tl::Lang::En);
  CHECK(zh.find("评级 · ") != std::string::npos);
  CHECK(zh.find("（评估周期 ") != std::string::npos);
  CHECK(zh.find("支付订单量") != std::string::npos);
  CHECK(zh.find("Paid orders") == std::string::npos);
  CHECK(en.find(" grade · ") != std::string::npos);
  CHECK(en.find("(window ") != std::string::npos);
  CHECK(en.find("Paid orders") != std::string::npos);
  CHECK(en.find("评估周期") == std::string::npos);
  // every provider with a next tier has its gap sentence in the summary
  for (const tl::ProviderResult& p : r.providers)
    if (p.next) CHECK(zh.find(tl::report::gap_sentence(r, p, tl::Lang::Zh)) != std::string::npos);

  const std::string csv = tl::report::merchants_csv(r, tl::Lang::Zh);
  CHECK(csv.rfind("\xEF\xBB\xBF服务商ID,店铺ID,店铺名称,行业,", 0) == 0);
  size_t lines = 0;
  for (char c : csv) lines += c == '\n';
  size_t rows = 0;
  for (const auto& p : r.providers) rows += p.merchants.size();
  CHECK(lines == rows + 1);
  const std::string one = tl::report::merchants_csv(r, tl::Lang::En, &r.providers[0]);
  CHECK(one.rfind("\xEF\xBB\xBFProvider id,Shop id,", 0) == 0);
  lines = 0;
  for (char c : one) lines += c == '\n';
  CHECK(lines == r.providers[0].merchants.size() + 1);
}

TEST_CASE("csv cells: quoted when needed, long digit runs kept as text for Excel") {
  CHECK(tl::report::csv_cell("abc") == "abc");
  CHECK(tl::report::csv_cell("a,b") == "\"a,b\"");
  CHECK(tl::report::csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(tl::report::csv_cell("line\nbreak") == "\"line\nbreak\"");
  CHECK(tl::report::csv_cell("12345678901") == "12345678901");                 // 11 digits: a number is fine
  CHECK(tl::report::csv_cell("6920000000000000001") == "\"=\"\"6920000000000000001\"\"\"");
  CHECK(tl::report::csv_cell("") == "");
}

TEST_CASE("grades as the rule's calendar names them") {
  using tl::report::grade_label;
  const int jun23 = 2023 * 12 + 5;
  CHECK(grade_label(tl::Window{jun23, jun23 + 2}, tl::Lang::Zh) == "2023年9月评级 · 6–8月业绩");
  CHECK(grade_label(tl::Window{jun23, jun23 + 2}, tl::Lang::En) == "Sep 2023 grade · Jun–Aug");
  CHECK(grade_label(tl::Window{jun23 + 5, jun23 + 7}, tl::Lang::Zh) == "2024年2月评级 · 2023年11月–2024年1月业绩");
  CHECK(grade_label(tl::Window{jun23 + 4, jun23 + 6}, tl::Lang::En) == "Jan 2024 grade · Oct 2023–Dec 2023");
  CHECK(grade_label(tl::Window{jun23, jun23}, tl::Lang::En) == "Jul 2023 grade · Jun");
  CHECK(grade_label(tl::Window{0, -1}, tl::Lang::En).empty());
}

TEST_CASE("numbers, months and gap phrases as a person reads them") {
  using tl::report::format_number;
  CHECK(format_number(0) == "0");
  CHECK(format_number(1234567) == "1,234,567");
  CHECK(format_number(-1234) == "-1,234");
  CHECK(format_number(1234.5) == "1,234.50");
  CHECK(format_number(-0.25) == "-0.25");
  CHECK(tl::report::month_label(2023 * 12 + 5, tl::Lang::Zh) == "2023年6月");
  CHECK(tl::report::month_label(2023 * 12 + 5, tl::Lang::En) == "2023-06");
  CHECK(tl::report::gap_phrase(tl::Metric::PaidOrders, 540000, tl::Lang::Zh) == "540,000 单支付订单量");
  CHECK(tl::report::gap_phrase(tl::Metric::QualifiedMerchants, 41, tl::Lang::En) == "41 more qualified merchants");
}

TEST_CASE("the gap sentence names the next tier and what each failing condition needs") {
  tl::Workspace ws;
  tltest::load(ws, "orders.csv",
               "主订单编号,店铺ID,支付完成时间\n1,A,2023-06-01 10:00:00\n2,B,2023-06-02 10:00:00\n3,B,2023-07-02 10:00:00\n");
  tl::EvalOptions o;
  o.window = tl::parse_window("2023-06..2023-08");
  const tl::Result r = ws.evaluate(tltest::small_rules(5, 3, 1), o);   // silver: 5 orders and (3 active or 1 qualified)
  REQUIRE(r.providers.size() == 1);
  const tl::ProviderResult& p = r.providers[0];
  REQUIRE(p.next);
  CHECK(p.next->required.size() == 1);
  CHECK(p.next->required[0].missing == 2);
  CHECK(tl::report::gap_sentence(r, p, tl::Lang::En) ==
        "To reach Silver: 2 more paid orders; and one of: 1 more active merchants (easiest), or 1 more qualified merchants");
  CHECK(tl::report::gap_sentence(r, p, tl::Lang::Zh) ==
        "距「产业带银牌服务商」还差：2 单支付订单量；并且以下任一项：再有 1 个动销商家（最容易），或 再有 1 个服务达标商家");
}

TEST_CASE("a message in the report: code, parameters (lists as arrays), text and fixes") {
  tl::Message m(tl::Msg::FileMissingColumns);
  m.set("file", "o.csv").set("kind", "orders").list("fields", {"pay_time"}).list("headers", {"主订单编号", "店铺ID"}).set("first_field", "pay_time").set("example", "x");
  const auto j = nlohmann::json::parse(tl::report::message_json(m, tl::Lang::En));
  CHECK(j["code"] == "file.missing_columns");
  CHECK(j["severity"] == "error");
  CHECK(j["params"]["headers"] == nlohmann::json({"主订单编号", "店铺ID"}));
  CHECK(j["params"]["fields"] == nlohmann::json({"pay_time"}));
  CHECK(j["text"].get<std::string>().find("Pay time") != std::string::npos);
  CHECK(j["fix"]["cli"].get<std::string>().find("--column 'x=pay_time'") != std::string::npos);
  CHECK(j["fix"]["page"].get<std::string>().find("Files tab") != std::string::npos);
  const auto z = nlohmann::json::parse(tl::report::message_json(m, tl::Lang::Zh));
  CHECK(z["text"].get<std::string>().find("支付完成时间") != std::string::npos);
  CHECK(z["text"].get<std::string>().find("“主订单编号”、“店铺ID”") != std::string::npos);
}
