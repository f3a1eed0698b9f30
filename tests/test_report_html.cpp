// The report to forward (report::html, docs/report-html.md) on the hand-made plan set (tests/fixtures/plan,
// every figure worked out in tests/test_plan.cpp): the tier, each bar, the orders still missing, the
// merchants, inline SVG, no script, the CSP, balanced tags, escaped user data, zh and en, and never an
// order id.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "engine_helpers.hpp"
#include "plan.hpp"

using tltest::load;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream f(std::string(TIERLENS_SOURCE_DIR) + "/tests/fixtures/plan/" + name, std::ios::binary);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

// The plan set, evaluated with its plan and its history; M11's name made hostile when asked.
tl::Result planned(tl::Workspace& ws, bool hostile_name = false) {
  for (const char* f : {"orders.csv", "bindings.csv", "standards.csv"}) {
    std::string text = fixture(f);
    if (hostile_name) replace_all(text, "童装一号店", "\"童装<b>&\"\"一号店'\"");   // a CSV field: 童装<b>&"一号店'
    load(ws, f, text);
  }
  tl::EvalOptions o;
  o.history = true;
  tl::Result r = ws.evaluate(tl::parse_rules(fixture("rules.json")), o);
  r.plan = tl::plan(ws, r);
  return r;
}

// Every element opened is closed in order (void elements aside); the text between tags has no stray '<'.
std::string tag_balance(const std::string& html) {
  static const std::vector<std::string> kVoid = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"};
  std::vector<std::string> open;
  size_t i = html.find("<html");
  if (i == std::string::npos) return "no <html>";
  while ((i = html.find('<', i)) != std::string::npos) {
    const size_t end = html.find('>', i);
    if (end == std::string::npos) return "a tag never ends";
    std::string tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    const bool closing = !tag.empty() && tag[0] == '/', self = !tag.empty() && tag.back() == '/';
    std::string name;
    for (char c : tag.substr(closing ? 1 : 0))
      if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else break;
    if (name.empty()) return "a '<' that opens no tag: <" + tag + ">";
    if (name == "style") {   // the style sheet: skip to its end
      const size_t close = html.find("</style>", i);
      if (close == std::string::npos) return "<style> never closed";
      i = close + 8;
      continue;
    }
    if (self || std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end()) continue;
    if (!closing) {
      open.push_back(name);
    } else {
      if (open.empty() || open.back() != name) return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">";
      open.pop_back();
    }
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

size_t occurrences(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// The orders file's order ids (its first column).
std::vector<std::string> order_ids() {
  std::vector<std::string> ids;
  std::istringstream in(fixture("orders.csv"));
  std::string line;
  std::getline(in, line);   // header
  while (std::getline(in, line))
    if (!line.empty()) ids.push_back(line.substr(0, line.find(',')));
  return ids;
}

}  // namespace

TEST_CASE("html: one provider's report on the hand-made plan set, zh and en") {
  tl::Workspace ws;
  const tl::Result r = planned(ws);
  const std::string sp1 = "SP1";
  for (const tl::Lang lang : {tl::Lang::En, tl::Lang::Zh}) {
    const bool zh = lang == tl::Lang::Zh;
    INFO((zh ? "zh" : "en"));
    const std::string h = tl::report::html(r, lang, &sp1);
    CHECK(h.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(h.find(zh ? "<html lang=\"zh-CN\">" : "<html lang=\"en\">") != std::string::npos);
    CHECK(h.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">") != std::string::npos);
    CHECK(h.find("<script") == std::string::npos);
    CHECK(h.find("@media print") != std::string::npos);
    CHECK(h.find("size:A4") != std::string::npos);
    CHECK(h.find("http://") == h.find("http://www.w3.org/2000/svg"));   // no link out but the SVG namespace
    CHECK(h.find("https://") == std::string::npos);
    CHECK(h.find("url(") == std::string::npos);
    CHECK(tag_balance(h) == "");
    CHECK(occurrences(h, "<table") == occurrences(h, "</table>"));
    // SP1's tier (base) and the next one, each bar of silver and gold, the values
    const std::string base = zh ? "基础" : "Base";
    CHECK(h.find(tl::report::tier_name(r.rules.tiers[0], lang)) != std::string::npos);
    CHECK(h.find(tl::report::tier_name(r.rules.tiers[1], lang)) != std::string::npos);
    CHECK(h.find("&gt;= 40</td>") != std::string::npos);   // silver: paid orders >= 40
    CHECK(h.find("&gt;= 4</td>") != std::string::npos);    // silver: active merchants >= 4
    CHECK(h.find("&gt;= 2</td>") != std::string::npos);    // silver: qualified merchants >= 2
    CHECK(h.find("&gt;= 60</td>") != std::string::npos);   // gold: paid orders >= 60
    CHECK(h.find("&gt; 2</td>") != std::string::npos);     // gold: qualified merchants > 2
    CHECK(h.find(">19</td>") != std::string::npos);        // SP1's paid orders in Feb-Apr
    // the plan: 21 orders missing, 2 a day for June's grade, the cheapest alternative, the merchants
    CHECK(h.find(zh ? "21 单支付订单量" : "21 more paid orders") != std::string::npos);
    CHECK(h.find(zh ? "每天 2 单" : "2 a day over the 21 days left") != std::string::npos);
    CHECK(h.find(zh ? "最省" : "cheapest") != std::string::npos);
    CHECK(h.find("童装一号店") != std::string::npos);   // M11, a candidate and a merchant row
    CHECK(h.find("零食二号店") != std::string::npos);
    CHECK(h.find("<svg") != std::string::npos);
    CHECK(occurrences(h, "<svg") == 2);                  // the monthly chart and the grade history
    CHECK(h.find(zh ? "历次评级" : "Past grades") != std::string::npos);
    CHECK(h.find(zh ? "数据质量" : "Data quality") != std::string::npos);
    CHECK(h.find(zh ? "所用规则" : "Rules used") != std::string::npos);
    CHECK(h.find("plan test rules") != std::string::npos);
    // one provider only
    CHECK(h.find("SP2") == std::string::npos);
    CHECK(h.find("SP3") == std::string::npos);
    (void)base;
    // never an order id
    for (const std::string& id : order_ids()) {
      INFO("order id " << id);
      CHECK(h.find(id) == std::string::npos);
    }
  }
}

TEST_CASE("html: every provider, the ranking first") {
  tl::Workspace ws;
  const tl::Result r = planned(ws);
  const std::string h = tl::report::html(r, tl::Lang::En);
  CHECK(tag_balance(h) == "");
  const size_t ranking = h.find("Providers ranked"), s1 = h.find("id=\"provider-1\""), s3 = h.find("id=\"provider-3\"");
  REQUIRE(ranking != std::string::npos);
  REQUIRE(s1 != std::string::npos);
  REQUIRE(s3 != std::string::npos);
  CHECK(ranking < s1);
  CHECK(s1 < s3);
  CHECK(h.find("SP2") != std::string::npos);
  CHECK(h.find("SP3") != std::string::npos);
  CHECK(h.find("already the highest tier") == std::string::npos);   // SP3: gold, and diamond has no criteria
  CHECK(h.find("no tier above it has criteria") != std::string::npos);
  CHECK(h.find("detailed sections of the first") == std::string::npos);   // 3 providers: every section
  for (const std::string& id : order_ids()) CHECK(h.find(id) == std::string::npos);
  // an unknown provider: said, no section
  const std::string none = "SP9";
  const std::string n = tl::report::html(r, tl::Lang::En, &none);
  CHECK(n.find("No such provider: SP9") != std::string::npos);
  CHECK(n.find("id=\"provider-") == std::string::npos);
  CHECK(tag_balance(n) == "");
}

TEST_CASE("html: a merchant name is escaped") {
  tl::Workspace ws;
  const tl::Result r = planned(ws, true);
  const std::string sp1 = "SP1";
  for (const tl::Lang lang : {tl::Lang::En, tl::Lang::Zh}) {
    const std::string h = tl::report::html(r, lang, &sp1);
    CHECK(h.find("童装&lt;b&gt;&amp;&quot;一号店&#39;") != std::string::npos);
    CHECK(h.find("<b>&\"") == std::string::npos);
    CHECK(h.find("童装<b>") == std::string::npos);
    CHECK(tag_balance(h) == "");
  }
  const std::string all = tl::report::html(r, tl::Lang::En);
  CHECK(all.find("童装&lt;b&gt;&amp;&quot;一号店&#39;") != std::string::npos);
  CHECK(tag_balance(all) == "");
}

TEST_CASE("html: more than 20 providers: the ranking and the first 20 sections, said") {
  tl::Workspace ws;
  std::string bindings = "店铺ID,店铺名称,服务商ID,服务商名称,行业,绑定开始时间,绑定结束时间\n";
  std::string orders = "主订单编号,店铺ID,店铺名称,支付完成时间\n";
  for (int p = 1; p <= 23; ++p) {
    const std::string m = "M" + std::to_string(p), sp = "P" + std::to_string(100 + p);
    bindings += m + ",店" + std::to_string(p) + "," + sp + ",服务商" + std::to_string(p) + ",服饰,2024-01-01 00:00:00,\n";
    for (int k = 0; k < p; ++k) orders += "X" + std::to_string(p * 100 + k) + "," + m + ",店,2024-0" + std::to_string(1 + k % 3) + "-05 10:00:00\n";
  }
  load(ws, "bindings.csv", bindings);
  load(ws, "orders.csv", orders);
  tl::Result r = ws.evaluate(tl::default_rules());
  r.plan = tl::plan(ws, r);
  REQUIRE(r.providers.size() == 23);
  const std::string h = tl::report::html(r, tl::Lang::En);
  CHECK(tag_balance(h) == "");
  CHECK(h.find("23 providers: this file has the detailed sections of the first 20 only") != std::string::npos);
  CHECK(h.find("id=\"provider-20\"") != std::string::npos);
  CHECK(h.find("id=\"provider-21\"") == std::string::npos);
  CHECK(occurrences(h, "<section class=\"provider") == 20);
  CHECK(h.find(r.providers[22].id) != std::string::npos);   // in the ranking
  CHECK(h.find("X2300") == std::string::npos);
}

TEST_CASE("html: the file name the page saves") {
  tl::Workspace ws;
  const tl::Result r = planned(ws);
  CHECK(tl::report::html_file_name(r, "SP1") == "tierlens-SP1-2024-05.html");
  CHECK(tl::report::html_file_name(r, "") == "tierlens-all-2024-05.html");
  CHECK(tl::report::html_file_name(r, "a/b:c") == "tierlens-a_b_c-2024-05.html");
  CHECK(tl::report::html_file_name(r, "山河") == "tierlens-山河-2024-05.html");
}
