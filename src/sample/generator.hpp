// tierlens — deterministic sample data: realistic provider exports for the demo, tests and benchmarks.
//
// Everything is generated from a seed with our own PRNG and integer arithmetic (never std::
// distributions or libm, which differ between standard libraries), so native and WebAssembly builds
// write identical bytes. Output goes to the sink in ~64 KiB pieces: 10M-row files never sit in memory.
// Each writer rebuilds the same world (merchants, bindings, volumes) from the Options, so files
// written separately with the same Options always agree.
// Invalid Options throw std::invalid_argument.
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
  bool spill_after = true;          // ~1.5 % of order rows fall in the month after the window (off: the
                                    // engine's default "latest N months" window is then exactly the window)
  // Providers [0, monthly_providers) report through monthly stats only: their monthly_merchants
  // merchants (0: a proportional share) never appear in order rows, and their window volumes total
  // about monthly_paid_orders.
  int monthly_providers = 0;
  int monthly_merchants = 0;
  uint64_t monthly_paid_orders = 0;
  // write_monthly also writes the per-shop monthly aggregate of the orders export: the paid main
  // orders attributed to each provider, i.e. what the engine counts from the order rows.
  bool monthly_aggregate = true;
  // Standards are calibrated so that about this share of each industry's merchants beat theirs in
  // their best month (so qualified merchants occur at any size).
  int standard_share_permille = 180;
};

// Orders export in Doudian's layout (Chinese headers, tab-guarded 19-digit ids, sub-order rows,
// quoted product names with commas and quotes, statuses incl. 未支付 and refunds, "-" for empty).
void write_orders(const Options& o, const Sink& sink);
// Bindings: merchant, provider, industry, bind start/end (mid-window starts/ends, re-bindings).
void write_bindings(const Options& o, const Sink& sink);
// Industry standards: industry, monthly order standard — all industries but one (珠宝饰品, so that
// "industry without standard" occurs). Replays the order rows to calibrate (about a second per 10M).
void write_standards(const Options& o, const Sink& sink);
// Monthly merchant stats (店铺ID, 月份, 支付订单量, 服务商ID): the monthly-reporting providers' rows,
// then (monthly_aggregate) the orders export aggregated per shop, month and attributed provider.
void write_monthly(const Options& o, const Sink& sink);

struct File {
  std::string name;   // e.g. "demo_orders.csv"
  std::string bytes;
};
// The built-in demo data set shown by "Try sample data" and `tierlens demo` (~2 MB, ~25 ms natively):
// demo_bindings.csv, demo_standards.csv, demo_monthly.csv, demo_orders.csv. SP1001 reports monthly
// stats: 1,060 merchants, ~8.7M paid orders in 2023-06..2023-08 (~300,000 short of silver), >= 1,000
// active, ~140 qualified. SP1002 / SP1003 come as a 6,000-row orders export with every quirk.
std::vector<File> demo_files();

}  // namespace tl::sample
