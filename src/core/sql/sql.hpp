// tierlens — the rule as SQL: one query that computes, in a warehouse, the engine's metrics and tiers
// per provider from three tables (docs/sql.md says which, and what was verified how):
//
//   orders(main_order_id, order_id, merchant_id, pay_time, status, provider_id)
//   bindings(merchant_id, provider_id, industry, bind_start, bind_end)
//   standards(industry, standard)
//   -> provider_id, paid_orders, active_merchants, qualified_merchants, tier
//
//   std::string q = tl::sql::query(rules, tl::sql::Dialect::DuckDB, std::nullopt);   // the rule's default window
//
// The same semantics as the engine (docs/metrics.md): dedupe by main order id per provider, paid =
// pay time and a status not excluded, half-open bindings, qualified = a window month above the
// standard, the highest tier whose conditions hold. Where the tables cannot say what the engine knows
// (the order rows were read in, an orders file's 行业 column, amounts) the query's choice is in
// docs/sql.md. The dialect differences (string literals, month arithmetic, trimming) are helpers of
// sql.cpp. No I/O.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "result.hpp"
#include "rules/rules.hpp"

namespace tl::sql {

enum class Dialect { DuckDB, Spark, Trino };
const char* dialect_name(Dialect d);                          // "duckdb", "spark", "trino"
std::optional<Dialect> parse_dialect(std::string_view name);  // the names above

// The query, ending with ';'. window: an explicit window (as --window gives it), else the rule's
// default (window.cpp, default_window_of): the latest rules.window_months calendar months ending with
// the last month with a pay time, or with the month before it when that month is still running (its
// latest pay time is before its last day) and other months have pay times.
std::string query(const RuleSet& rules, Dialect dialect, std::optional<Window> window);

}  // namespace tl::sql
