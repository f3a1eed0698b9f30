// tierlens — the result of one evaluation, before it is written out (internal header).
// eval/evaluate.cpp fills it from the store; report/report.cpp writes it as JSON and as text.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/rules.hpp"
#include "workspace.hpp"

namespace tl {

struct MerchantRow {
  uint32_t merchant = 0;
  uint32_t orders_at = 0;            // its orders per window month: Evaluation::orders_of(*this)
  uint32_t rank = 0;                 // position of the merchant id in byte order (table tie-break)
  int64_t total = 0;
  int64_t amount_cents = 0;
  bool active = false;
  bool qualified = false;
  int best = -1;                     // index into the window months, -1 when no orders
  int64_t best_orders = 0;
  std::optional<int64_t> standard;
  std::optional<int64_t> shortfall;
};

struct MonthRow {
  int month = 0;
  int64_t paid_orders = 0, active = 0, qualified = 0, amount_cents = 0;
};

struct ConditionResult {
  bool any_group = false;
  Condition cond;
  double value = 0;
  bool pass = false;
};

struct TierResult {
  size_t tier = 0;
  bool configured = false;
  bool earned = false;
  std::vector<ConditionResult> conditions;
};

struct ProviderResult {
  uint32_t provider = 0xFFFFFFFFu;   // interned provider id; 0xFFFFFFFF = the single unnamed provider
  std::string id, name;
  int64_t paid_orders = 0, active = 0, qualified = 0, amount_cents = 0;
  int64_t bound_merchants = 0, without_standard = 0;
  size_t tier = 0;
  std::vector<TierResult> tiers;
  std::vector<MonthRow> months;
  // total desc, id when merchants_sorted (the tables that are written or returned); else in no order
  std::vector<MerchantRow> merchants;
  bool merchants_sorted = false;
  std::vector<size_t> near;             // indices into merchants
};

struct Sample {
  std::string file;
  uint64_t line;
};

struct Evaluation {
  Window window;
  bool explicit_window = false;
  bool last_month_incomplete = false;
  std::vector<int> data_months;
  std::vector<ProviderResult> providers;   // ranked
  std::vector<int64_t> merchant_orders;    // the merchant rows' orders per window month, flat (one allocation)
  uint64_t rows_read = 0, rows_counted = 0;
  std::map<std::string, uint64_t> not_counted;
  std::map<std::string, std::vector<Sample>> samples;
  std::map<std::string, uint64_t> statuses;
  std::vector<std::string> industries_without_standard;

  int months() const { return std::max(0, window.last_month - window.first_month + 1); }
  const int64_t* orders_of(const MerchantRow& r) const { return merchant_orders.data() + static_cast<size_t>(r.orders_at) * months(); }
};

}  // namespace tl
