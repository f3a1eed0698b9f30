// tierlens — the projection (docs/plan.md#3-the-projection): the grade in progress carried to its
// window's end at the running month's daily rate. Paid orders and amount: so far + the running month's
// so far / days covered * days left; active merchants: so far; qualified merchants: qualified in a whole
// month of the window, or on pace in the running month. The tier is decided by the rules' own code
// (decide_tiers) on the projected metrics.
#include <algorithm>

#include "eval/evaluate.hpp"
#include "normalize/normalize.hpp"
#include "plan.hpp"
#include "projection.hpp"

namespace tl {

namespace {

// v / d * left, rounded half up (v, d, left >= 0; d > 0)
int64_t at_rate(int64_t v, int64_t d, int64_t left) { return (v * left * 2 + d) / (2 * d); }

// Metrics carried to the window's end; `qualified_on_pace` gets the merchants qualified only by their pace.
Metrics projected_metrics(const Result& ip, const ProviderResult& q, int d, int days, int64_t& qualified_on_pace) {
  const int n = ip.window.window.months();
  const int left = days - d;
  Metrics m = q.metrics;
  const Metrics& running = q.months[static_cast<size_t>(n - 1)].metrics;
  m.paid_orders += at_rate(running.paid_orders, d, left);
  m.paid_amount_cents += at_rate(running.paid_amount_cents, d, left);
  m.qualified_merchants = 0;
  qualified_on_pace = 0;
  const bool strict = ip.rules.qualified_strict;
  for (const MerchantRow& row : q.merchants) {
    if (!row.standard) continue;
    const int64_t* orders = ip.orders_of(row);
    bool whole = false;
    for (int k = 0; k + 1 < n && !whole; ++k) whole = strict ? orders[k] > *row.standard : orders[k] >= *row.standard;
    // the running month's pace, orders / d * days, against the standard: compared as orders * days vs standard * d
    const int64_t pace = orders[n - 1] * days, bar = *row.standard * d;
    const bool on_pace = strict ? pace > bar : pace >= bar;
    if (whole || on_pace) ++m.qualified_merchants;
    if (!whole && on_pace) ++qualified_on_pace;
  }
  return m;
}

}  // namespace

std::optional<Projection> project_of(const Result& r, const Result& ip) {
  const Window w = ip.window.window;
  if (ip.window.running_day <= 0 || w.months() <= 0) return std::nullopt;
  Projection out;
  out.window = w;
  out.grade_month = w.last_month + 1;
  out.through_day = ip.window.running_day;
  out.days_in_month = static_cast<int>((norm::month_start_cst_seconds(w.last_month + 1) - norm::month_start_cst_seconds(w.last_month)) / 86400);
  out.days_left = std::max(0, out.days_in_month - out.through_day);
  out.same_window = w == r.window.window;

  // the projected metrics of every provider, then the rules' tiers on them
  Result tiers;
  tiers.rules = r.rules;
  for (const ProviderResult& p : r.providers) {
    Projection::Provider pp;
    pp.id = p.id;
    ProviderResult t;
    if (const ProviderResult* q = &ip == &r ? &p : ip.provider(p.id)) {
      pp.so_far = q->metrics;
      pp.running_orders = q->months.back().metrics.paid_orders;
      t.metrics = projected_metrics(ip, *q, out.through_day, out.days_in_month, pp.qualified_on_pace);
    }
    pp.projected = t.metrics;
    if (p.next) pp.target = p.next->tier;
    out.providers.push_back(std::move(pp));
    tiers.providers.push_back(std::move(t));
  }
  decide_tiers(tiers);
  for (size_t i = 0; i < out.providers.size(); ++i) {
    Projection::Provider& pp = out.providers[i];
    pp.tier = tiers.providers[i].tier;
    pp.on_track = pp.target && pp.tier >= *pp.target;
    pp.keeps = pp.tier >= r.providers[i].tier;
  }
  return out;
}

std::optional<Projection> project(const Workspace& ws, const Result& r) {
  const std::optional<Window> win = in_progress_window(r);
  if (!win) return std::nullopt;
  if (*win == r.window.window) return project_of(r, r);
  EvalOptions o;
  o.window = *win;
  o.near_limit = 0;
  const Result ip = ws.evaluate(r.rules, o);
  return project_of(r, ip);
}

}  // namespace tl
