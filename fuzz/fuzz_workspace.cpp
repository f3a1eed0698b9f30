// Fuzz target (a): the Workspace façade, as every client uses it. Up to 4 files (fuzz_common.hpp),
// each opened with a kind / encoding / separator / column override chosen by its first bytes and fed in
// a chunking the input chooses; then evaluate with the built-in rules and write every report.
// Nothing may throw or crash; the JSON report must be valid JSON (and valid UTF-8) whatever the
// bytes, and every row read is either counted or has a reason.
#include "fuzz_common.hpp"
#include "support.hpp"
#include "report/report.hpp"
#include "workspace.hpp"

namespace {

void check_report(const tl::Workspace& ws, const tl::RuleSet& rules, const tl::EvalOptions& o) {
  const tl::Result r = ws.evaluate(rules, o);
  std::string error;
  TL_FUZZ_CHECK(tlfuzz::report_holds_together(tl::report::json(r), error), error);
  (void)tl::report::json(r, {tl::Lang::Zh, false});
  (void)tl::report::text(r, tl::Lang::Zh, tl::Host::Page);
  (void)tl::report::text(r, tl::Lang::En, tl::Host::Cli);
  (void)tl::report::merchants_csv(r, tl::Lang::Zh);
  for (const tl::ProviderResult& p : r.providers) (void)tl::report::gap_sentence(r, p, tl::Lang::En);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<tlfuzz::FuzzFile> files = tlfuzz::split_files(data, size);
  tl::Workspace ws;
  std::vector<int> ids;
  for (const tlfuzz::FuzzFile& f : files) {
    const int id = ws.open("f" + std::to_string(ids.size()) + ".csv", f.options);
    ids.push_back(id);
    const auto* p = reinterpret_cast<const uint8_t*>(f.bytes.data());
    size_t at = 0;
    for (size_t k : tlfuzz::chunking(f.bytes.size(), f.chunk_seed)) {
      ws.feed(id, k ? p + at : nullptr, k);   // (an empty feed may come with no pointer at all)
      at += k;
    }
    ws.close(id);
    const tl::FileInfo& info = ws.info(id);
    TL_FUZZ_CHECK(info.state == tl::FileState::Done || info.state == tl::FileState::Failed, tl::file_state_name(info.state));
    // (a file that failed is read no further)
    TL_FUZZ_CHECK(info.state == tl::FileState::Failed ? info.bytes <= f.bytes.size() : info.bytes == f.bytes.size(),
                  std::to_string(info.bytes) + " bytes of " + std::to_string(f.bytes.size()));
    if (info.kind == tl::FileKind::Rules && info.state == tl::FileState::Done) {
      try {
        (void)tl::parse_rules(ws.rules_text(id));
      } catch (const tl::RuleError& e) {
        (void)tl::render_full(e.msg, tl::Lang::Zh, tl::Host::Page);
      }
    }
  }
  tl::RuleSet rules = tl::default_rules();
  check_report(ws, rules, {});
  const std::vector<int> months = ws.months();
  if (!months.empty() && (files.empty() || files[0].chunk_seed & 1)) {
    // another window (the data's first months), and a rule set with bars the data can reach
    tl::EvalOptions o;
    o.window = tl::Window{months.front(), months.front() + 1};
    rules.tiers[1].all = {{tl::Metric::PaidOrders, tl::Op::Ge, 1}};
    rules.tiers[1].any = {{tl::Metric::ActiveMerchants, tl::Op::Ge, 1}, {tl::Metric::QualifiedMerchants, tl::Op::Gt, 0}};
    rules.tiers[2].all = {{tl::Metric::PaidAmount, tl::Op::Ge, 0.5}};
    check_report(ws, rules, o);
  }
  if (ids.size() > 1) {   // a file removed: what it contributed goes, the rest stays
    ws.remove(ids[0]);
    check_report(ws, rules, {});
  }
  return 0;
}
