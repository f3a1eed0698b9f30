// Fuzz target (g): the rule-set loader (rules/rules.hpp), which reads JSON a person wrote or a share
// link carried. parse_rules throws tl::RuleError and nothing else (any other exception escapes and
// stops the run); its message renders in every language and host. A rule set it accepts round-trips:
// rules_to_json of it parses again, to the same JSON. An accepted rule set also evaluates a small
// data set and every report is written (bars, windows and statuses are the input's).
#include "fuzz_common.hpp"
#include "support.hpp"
#include "normalize/normalize.hpp"
#include "report/report.hpp"
#include "workspace.hpp"

namespace {

const tl::Workspace& small_data() {
  static tl::Workspace* ws = [] {
    auto* w = new tl::Workspace;
    auto load = [w](const char* name, const std::string& text) {
      const int id = w->open(name);
      w->feed(id, reinterpret_cast<const uint8_t*>(text.data()), text.size());
      w->close(id);
    };
    load("orders.csv",
         "主订单编号,店铺ID,支付完成时间,订单状态,订单应付金额,服务商ID\n"
         "1001,M1,2023-06-01 10:00:00,已完成,10.00,SP1\n"
         "1002,M1,2023-07-02 10:00:00,待付款,20.00,SP1\n"
         "1003,M2,2023-08-03 10:00:00,已完成,30.50,SP1\n"
         "1004,M3,2023-08-04 10:00:00,unpaid,1.00,SP2\n"
         "1005,M3,2023-09-05 10:00:00,已完成,99999.99,SP2\n");
    load("bindings.csv", "店铺ID,服务商ID,行业,绑定开始时间\nM1,SP1,服饰,2023-01-01\nM2,SP1,食品,2023-01-01\nM3,SP2,,2023-01-01\n");
    return w;
  }();
  return *ws;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  tl::RuleSet r;
  try {
    r = tl::parse_rules(text);
  } catch (const tl::RuleError& e) {
    for (tl::Lang l : {tl::Lang::Zh, tl::Lang::En})
      for (tl::Host h : {tl::Host::Cli, tl::Host::Page}) (void)tl::render_full(e.msg, l, h);
    (void)tl::report::message_json(e.msg, tl::Lang::En);
    return 0;
  }
  const std::string once = tl::rules_to_json(r);
  tl::RuleSet again;
  try {
    again = tl::parse_rules(once);
  } catch (const tl::RuleError& e) {
    tlfuzz::fail("rules_to_json wrote a rule set parse_rules refuses", tl::render(e.msg, tl::Lang::En) + "\n" + once);
  }
  const std::string twice = tl::rules_to_json(again);
  TL_FUZZ_CHECK(once == twice, "rules do not round-trip:\n" + once + "\n---\n" + twice);
  // the parsed document the page holds reads the same
  TL_FUZZ_CHECK(tlfuzz::rules_through_dom(once) == once, once);

  const tl::Workspace& ws = small_data();
  tl::EvalOptions o;
  if (size & 1) o.window = tl::Window{tl::norm::month_index(2023, 6), tl::norm::month_index(2023, 6) + r.window_months - 1};
  const tl::Result res = ws.evaluate(r, o);
  std::string error;
  TL_FUZZ_CHECK(tlfuzz::report_holds_together(tl::report::json(res), error), error);
  (void)tl::report::text(res, tl::Lang::Zh, tl::Host::Page);
  (void)tl::report::text(res, tl::Lang::En, tl::Host::Cli);
  (void)tl::report::merchants_csv(res, tl::Lang::Zh);
  for (const tl::ProviderResult& p : res.providers)
    for (tl::Lang l : {tl::Lang::Zh, tl::Lang::En}) (void)tl::report::gap_sentence(res, p, l);
  return 0;
}
