// tierlens — deterministic sample data: realistic provider exports for the demo, tests and benchmarks.
//
// Everything is generated from a seed with our own PRNG (never std:: distributions, whose output
// differs between standard libraries), so native and WebAssembly builds write identical bytes.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tl::sample {

using Sink = std::function<void(std::string_view)>;

struct Options {
  uint64_t seed = 20230901;
  uint64_t order_rows = 20000;      // rows of the orders export (sub-order rows included)
  int providers = 3;                // provider ids "SP1001", "SP1002", ...
  int merchants = 600;              // bound merchants over all providers
  int first_month = 2023 * 12 + 5;  // norm::month_index of the window's first month (2023-06)
  int months = 3;                   // window length; a few rows spill outside on both sides
  bool gbk = false;                 // write GB18030 instead of UTF-8 with BOM
};

// Orders export in Doudian's layout (Chinese headers, tab-guarded 19-digit ids, sub-order rows,
// quoted product names with commas and quotes, statuses incl. 未支付 and refunds, "-" for empty).
void write_orders(const Options& o, const Sink& sink);
// Bindings: merchant, provider, industry, bind start/end (mid-window starts/ends, re-bindings).
void write_bindings(const Options& o, const Sink& sink);
// Industry standards: industry, monthly order standard.
void write_standards(const Options& o, const Sink& sink);
// Monthly merchant stats (pre-aggregated alternative to order rows).
void write_monthly(const Options& o, const Sink& sink);

struct File {
  std::string name;   // e.g. "demo_orders.csv"
  std::string bytes;
};
// The built-in demo data set shown by "Try sample data" and `tierlens demo`: several providers,
// one of them close to the silver bar so the dashboard has something to say.
std::vector<File> demo_files();

}  // namespace tl::sample
