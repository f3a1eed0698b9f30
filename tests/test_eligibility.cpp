// Eligibility (docs/rule.md): month M's grade counts a provider certified by the last day of M-1, inclusive
// (CST). tests/fixtures/eligibility, worked out by hand:
//   orders (provider column), Apr-Aug 2023, the data ends 2023-08-31 20:00 so August is whole:
//     SP1 Apr 10, Jun 5, Jul 5, Aug 5 · SP2 Jun 10, Aug 31 · SP3 Jun 11, Jul 11, Aug 11 · SP4 Jul 20 · SP5 May 3, Jul 16
//   providers: SP1 2022-01-10 (listed again as 2023-05-01: the earliest counts, with a warning),
//     SP2 2023年8月31日 23:59:59 (the last second of August), SP3 2023-09-01 (00:00, the first of September),
//     SP5 2023/7/15; SP4 is not listed; a row without id or name; SP6 with the date 不详.
//   rules: silver = paid orders >= 3 over 3 months.
// Default window Jun-Aug = the Sep 2023 grade (certified by 2023-08-31):
//   SP1 eligible (3 orders, silver) · SP3 not eligible (3 orders: silver earned, kept in `tier`) ·
//   SP2 eligible (23:59:59 on the 31st is in time) · SP5 eligible · SP4 unknown.
// History: Jul grade (Apr-Jun, by Jun 30): SP1 E, SP2 NE, SP3 NE, SP5 NE (SP4 has no order then);
//   Aug grade (May-Jul, by Jul 31): SP1 E, SP2 NE, SP3 NE, SP4 U, SP5 E (certified Jul 15); Sep grade as above.
#include <catch2/catch.hpp>

#include <map>

#include "engine_helpers.hpp"
#include "rules/rules.hpp"

using nlohmann::json;

namespace {

tl::RuleSet fixture_rules() { return tl::parse_rules(tltest::fixture_bytes("eligibility/rules.json")); }

void load_fixture(tl::Workspace& ws, bool with_providers = true) {
  tltest::load(ws, "orders.csv", tltest::fixture_bytes("eligibility/orders.csv"));
  if (with_providers) tltest::load(ws, "providers.csv", tltest::fixture_bytes("eligibility/providers.csv"));
}

std::map<std::string, std::string> statuses(const json& providers, const char* key = nullptr) {
  std::map<std::string, std::string> out;
  for (const auto& p : providers) {
    const json& e = p["eligibility"];
    out[p["id"]] = e.is_null() ? "null" : key ? e[key].get<std::string>() : e.get<std::string>();
  }
  return out;
}

}  // namespace

TEST_CASE("eligibility: certified by the last day of the month before the grade, inclusive", "[eligibility]") {
  tl::Workspace ws;
  load_fixture(ws);
  tl::EvalOptions o;
  o.history = true;
  const tl::Result r = ws.evaluate(fixture_rules(), o);
  const json j = tltest::report_of(r);
  CHECK(j["evaluation_month"] == "2023-09");
  CHECK(j["eligibility"] == json{{"checked", true}, {"grade_month", "2023-09"}, {"certified_by", "2023-08-31"},
                                 {"eligible", 3}, {"not_eligible", 1}, {"unknown", 1}});
  CHECK(statuses(j["providers"], "status") ==
        std::map<std::string, std::string>{{"SP1", "eligible"}, {"SP2", "eligible"}, {"SP3", "not_eligible"}, {"SP4", "unknown"}, {"SP5", "eligible"}});
  const json& sp3 = tltest::provider(j, "SP3");
  CHECK(sp3["tier"] == "silver");   // what its numbers earn, kept; the status says the grade does not count it
  CHECK(sp3["eligibility"] == json{{"status", "not_eligible"}, {"certified_since", "2023-09-01"}, {"grade_month", "2023-09"}});
  CHECK(tltest::provider(j, "SP2")["eligibility"]["certified_since"] == "2023-08-31 23:59:59");
  CHECK(tltest::provider(j, "SP1")["eligibility"]["certified_since"] == "2022-01-10");   // the earlier of its two dates
  CHECK(tltest::provider(j, "SP4")["eligibility"]["certified_since"].is_null());
  CHECK(tltest::provider(j, "SP1")["name"] == "甲服务商");   // the providers file names them
  // history: a provider certified mid-history is not eligible for the earlier grades, eligible for the later
  REQUIRE(j["history"].size() == 3);
  CHECK(j["history"][0]["month"] == "2023-07");
  CHECK(statuses(j["history"][0]["providers"]) ==
        std::map<std::string, std::string>{{"SP1", "eligible"}, {"SP2", "not_eligible"}, {"SP3", "not_eligible"}, {"SP5", "not_eligible"}});
  CHECK(statuses(j["history"][1]["providers"]) ==
        std::map<std::string, std::string>{{"SP1", "eligible"}, {"SP2", "not_eligible"}, {"SP3", "not_eligible"}, {"SP4", "unknown"}, {"SP5", "eligible"}});
  CHECK(statuses(j["history"][2]["providers"]) ==
        std::map<std::string, std::string>{{"SP1", "eligible"}, {"SP2", "eligible"}, {"SP3", "not_eligible"}, {"SP4", "unknown"}, {"SP5", "eligible"}});
  // ... and the past grades' tables say it: SP5's July grade did not count it (the page shows the same note)
  const std::string sp5 = "SP5", html = tl::report::html(r, tl::Lang::En, &sp5);
  CHECK(html.find("<td>Jul 2023 grade · Apr–Jun</td><td>Service provider (not eligible)</td>") != std::string::npos);
  CHECK(html.find("<td>Aug 2023 grade · May–Jul</td><td>Service provider</td>") != std::string::npos);
  for (const tl::Grade::Provider& gp : r.history[0].providers) {   // July's grade: SP1 eligible, SP2 not
    if (gp.id == "SP1") CHECK(tl::report::grade_eligibility_note(gp, tl::Lang::Zh).empty());
    if (gp.id == "SP2") CHECK(tl::report::grade_eligibility_note(gp, tl::Lang::Zh) == "（不参评）");
  }
  // the providers file: kind, bad rows by reason, the differing dates said
  const json& f = j["data_quality"]["files"][1];
  CHECK(f["kind"] == "providers");
  CHECK(f["columns"] == json{{"provider_id", "服务商ID"}, {"provider_name", "服务商名称"}, {"certified_since", "认证时间"}});
  CHECK(f["rejected"] == json{{"bad_certified_since", {{"count", 1}, {"lines", {8}}}}, {"missing_provider_id", {{"count", 1}, {"lines", {7}}}}});
  REQUIRE(f["warnings"].size() == 1);
  CHECK(f["warnings"][0]["code"] == "file.provider_dates_differ");
  CHECK(f["warnings"][0]["text"] ==
        "“providers.csv”: 1 provider(s) are listed with different certification dates, e.g. SP1: 2022-01-10 and 2023-05-01. "
        "The earliest, 2022-01-10, decides eligibility.");
  CHECK(tltest::balanced(j));   // the providers file adds no order rows
  CHECK(j["data_quality"]["rows_read"] == 12);
}

TEST_CASE("eligibility: the grade an explicit window makes, the sentences and tables", "[eligibility]") {
  tl::Workspace ws;
  load_fixture(ws);
  tl::EvalOptions o;
  o.window = tl::parse_window("2023-05..2023-07");   // the Aug grade: by 2023-07-31
  const tl::Result r = ws.evaluate(fixture_rules(), o);
  const json j = tltest::report_of(r);
  CHECK(j["eligibility"]["grade_month"] == "2023-08");
  CHECK(j["eligibility"]["certified_by"] == "2023-07-31");
  CHECK(statuses(j["providers"], "status") ==
        std::map<std::string, std::string>{{"SP1", "eligible"}, {"SP2", "not_eligible"}, {"SP3", "not_eligible"}, {"SP4", "unknown"}, {"SP5", "eligible"}});
  const tl::ProviderResult* sp2 = r.provider("SP2");
  REQUIRE(sp2);
  CHECK(tl::report::eligibility_sentence(*sp2, tl::Lang::En) ==
        "Not eligible for the Aug 2023 grade: certified 2023-08-31 23:59:59, after 31 Jul 2023 (the tier is what the numbers earn, for reference)");
  CHECK(tl::report::eligibility_sentence(*sp2, tl::Lang::Zh) == "不参评2023年8月评级：认证于 2023-08-31 23:59:59，晚于2023年7月31日（等级按数据计算，仅供参考）");
  CHECK(tl::report::eligibility_label(*r.provider("SP4"), tl::Lang::Zh) == "参评未知");
  const std::string text = tl::report::text(r, tl::Lang::En);
  CHECK(text.find("Eligibility: from the providers file, the Aug 2023 grade counts providers certified by 31 Jul 2023 (inclusive)") != std::string::npos);
  CHECK(text.find("  ⚠ Eligibility for the Aug 2023 grade unknown: not in the providers file") != std::string::npos);
  const std::string csv = tl::report::providers_csv(r, tl::Lang::En);
  CHECK(csv.find(",Eligibility,Certified since\r\n") != std::string::npos);
  CHECK(csv.find(",Not eligible,2023-08-31 23:59:59\r\n") != std::string::npos);
  const std::string html = tl::report::html(r, tl::Lang::Zh);
  CHECK(html.find("不参评2023年8月评级") != std::string::npos);
  CHECK(html.find("<th>参评资格</th>") != std::string::npos);
}

TEST_CASE("eligibility: without a providers file nothing is checked", "[eligibility]") {
  tl::Workspace ws;
  load_fixture(ws, false);
  const tl::Result r = ws.evaluate(fixture_rules());
  const json j = tltest::report_of(r);
  CHECK(!r.eligibility_checked);
  CHECK(j["eligibility"] == json{{"checked", false}});
  for (const auto& p : j["providers"]) CHECK(p["eligibility"].is_null());
  CHECK(tl::report::text(r, tl::Lang::Zh).find("参评资格：未检查（没有服务商名单）") != std::string::npos);
  CHECK(tl::report::providers_csv(r, tl::Lang::En).find("Eligibility") == std::string::npos);
}

TEST_CASE("eligibility: two providers files, the earliest date, the later file warned; removal forgets", "[eligibility]") {
  tl::Workspace ws;
  load_fixture(ws);
  // SP3 earlier in a second file (so eligible); SP2 the same date (no warning); SP4 newly listed, late
  const int extra = tltest::load(ws, "more.csv", "provider_id,certified_since\nSP3,2023-08-01\nSP2,2023-08-31 23:59:59\nSP4,2023-09-15\n");
  CHECK(ws.info(extra).kind == tl::FileKind::Providers);
  const json j = tltest::eval(ws, fixture_rules());
  CHECK(statuses(j["providers"], "status") ==
        std::map<std::string, std::string>{{"SP1", "eligible"}, {"SP2", "eligible"}, {"SP3", "eligible"}, {"SP4", "not_eligible"}, {"SP5", "eligible"}});
  const json& w = j["data_quality"]["files"][2]["warnings"];
  REQUIRE(w.size() == 1);
  CHECK(w[0]["params"] == json{{"file", "more.csv"}, {"count", "1"}, {"provider", "SP3"}, {"first", "2023-08-01"}, {"second", "2023-09-01"},
                               {"other_file", "providers.csv"}});
  ws.remove(extra);
  {   // a providers file alone: checked, but no data, no window, no grade for the one (all-data) provider to take part in
    tl::Workspace only;
    tltest::load(only, "providers.csv", tltest::fixture_bytes("eligibility/providers.csv"));
    const json j = tltest::eval(only);
    CHECK(j["providers"].size() == 1);
    CHECK(j["providers"][0]["id"] == "");
    CHECK(j["eligibility"] == json{{"checked", true}, {"grade_month", nullptr}, {"certified_by", nullptr}, {"eligible", 0}, {"not_eligible", 0}, {"unknown", 0}});
    CHECK(j["providers"][0]["eligibility"].is_null());
  }
  CHECK(tltest::provider(tltest::eval(ws, fixture_rules()), "SP3")["eligibility"]["status"] == "not_eligible");
}
