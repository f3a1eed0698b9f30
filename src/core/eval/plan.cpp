// tierlens — the gap planner (docs/plan.md): from a Result, what each provider's next configured tier
// still needs — the paid orders (and, for the grade in progress, per remaining day), the bound merchants
// that have not sold yet, the merchants closest to qualifying, and which `any` alternative is cheapest.
#include <algorithm>
#include <cmath>

#include "normalize/normalize.hpp"
#include "plan.hpp"
#include "workspace.hpp"

namespace tl {

namespace {

int64_t whole(double v) { return static_cast<int64_t>(std::llround(v)); }
bool raises(Op o) { return o == Op::Ge || o == Op::Gt; }   // a condition more orders or merchants can meet

// Of the conditions a tier still needs (`all`, or `any` while none holds), the one on `m` that asks the
// most: an `all` condition before an `any` one. Only `>=` / `>` conditions: more of the metric meets them.
const ConditionResult* needed(const std::vector<const ConditionResult*>& failing, const std::vector<const ConditionResult*>& orders_too,
                              Metric m) {
  const ConditionResult* best = nullptr;
  for (const auto* list : {&failing, &orders_too})
    for (const ConditionResult* c : *list)
      if (c->metric == m && raises(c->op) && (!best || (best->any_group && !c->any_group) ||
                                              (best->any_group == c->any_group && c->missing() > best->missing())))
        best = c;
  return best;
}

ProviderPlan provider_plan(const Result& r, const ProviderResult& p, const Result* ip, const std::optional<PlanPace>& pace) {
  ProviderPlan pp;
  if (!p.next) {
    pp.state = p.tier + 1 >= r.rules.tiers.size() ? ProviderPlan::State::Top : ProviderPlan::State::NoNext;
    return pp;
  }
  pp.state = ProviderPlan::State::Next;
  const size_t t = p.next->tier;
  pp.target = t;
  const bool any_ok = p.next->any_satisfied;
  std::vector<const ConditionResult*> failing, orders_met;   // orders_met: paid-orders conditions needed and met
  for (const ConditionResult& c : p.tiers[t].conditions) {
    if (c.any_group && any_ok) continue;
    if (!c.pass) {
      failing.push_back(&c);
      pp.failing.push_back(c);
    } else if (c.metric == Metric::PaidOrders) {
      orders_met.push_back(&c);
    }
  }

  // paid orders: missing in the window; in the grade in progress, so far and per remaining day
  if (const ConditionResult* c = needed(failing, orders_met, Metric::PaidOrders)) {
    pp.orders_needed = true;
    pp.orders_missing = whole(c->missing());
    if (ip && pace) {
      const ProviderResult* q = ip == &r ? &p : ip->provider(p.id);
      ConditionResult now = *c;
      now.value = q ? static_cast<double>(q->metrics.paid_orders) : 0.0;
      now.pass = op_holds(now.op, now.value, now.bar);
      ProviderPlan::Pace pc;
      pc.value = whole(now.value);
      pc.missing = whole(now.missing());
      pc.per_day = (pc.missing + pace->remaining_days - 1) / pace->remaining_days;
      pp.pace = pc;
    }
  }
  // active merchants: the bound merchant rows without orders in the window, by merchant id
  auto by_id = [&](uint32_t a, uint32_t b) { return p.merchants[a].rank < p.merchants[b].rank; };
  if (const ConditionResult* c = needed(failing, {}, Metric::ActiveMerchants)) {
    pp.active_missing = whole(c->missing());
    for (uint32_t i = 0; i < p.merchants.size(); ++i)
      if (!p.merchants[i].active) pp.not_sold.push_back(i);
    std::sort(pp.not_sold.begin(), pp.not_sold.end(), by_id);
  }
  // qualified merchants: every row not qualified that has a standard, smallest shortfall first
  if (const ConditionResult* c = needed(failing, {}, Metric::QualifiedMerchants)) {
    pp.qualified_missing = whole(c->missing());
    for (uint32_t i = 0; i < p.merchants.size(); ++i)
      if (!p.merchants[i].qualified && p.merchants[i].shortfall) pp.candidates.push_back(i);
    std::sort(pp.candidates.begin(), pp.candidates.end(), [&](uint32_t a, uint32_t b) {
      const int64_t x = *p.merchants[a].shortfall, y = *p.merchants[b].shortfall;
      return x != y ? x < y : by_id(a, b);
    });
  }

  // the `any` alternatives, when none holds: what each takes from the merchants there are
  for (const ConditionResult* c : failing) {
    if (!c->any_group) continue;
    ProviderPlan::Alternative a;
    a.metric = c->metric;
    a.missing = c->metric == Metric::PaidAmount ? whole(c->missing() * 100.0) : whole(c->missing());
    if (raises(c->op)) {
      switch (c->metric) {
        case Metric::PaidOrders: a.orders = a.missing; break;
        case Metric::ActiveMerchants:   // one order from each of that many bound merchants that have not sold
          a.merchants = std::min<int64_t>(a.missing, static_cast<int64_t>(pp.not_sold.size()));
          a.orders = a.merchants;
          break;
        case Metric::QualifiedMerchants: {   // the smallest shortfalls
          a.merchants = std::min<int64_t>(a.missing, static_cast<int64_t>(pp.candidates.size()));
          int64_t sum = 0;
          for (int64_t k = 0; k < a.merchants; ++k) sum += *p.merchants[pp.candidates[static_cast<size_t>(k)]].shortfall;
          a.orders = sum;
          break;
        }
        case Metric::PaidAmount: break;   // yuan, not orders
      }
      if (c->metric == Metric::ActiveMerchants || c->metric == Metric::QualifiedMerchants) a.new_merchants = a.missing - a.merchants;
    }
    pp.alternatives.push_back(a);
  }
  for (size_t i = 0; i < pp.alternatives.size(); ++i) {
    const ProviderPlan::Alternative& a = pp.alternatives[i];
    if (!a.orders) continue;
    if (!pp.cheapest) { pp.cheapest = i; continue; }
    const ProviderPlan::Alternative& b = pp.alternatives[*pp.cheapest];
    if (a.new_merchants < b.new_merchants || (a.new_merchants == b.new_merchants && *a.orders < *b.orders)) pp.cheapest = i;
  }
  return pp;
}

}  // namespace

std::optional<Window> in_progress_window(const Result& r) {
  const WindowInfo& w = r.window;
  const int n = w.window.months();
  if (n <= 0 || w.running_day <= 0) return std::nullopt;
  if (w.last_month_incomplete) return w.window;
  if (w.in_progress) return Window{*w.in_progress - n + 1, *w.in_progress};
  return std::nullopt;
}

Plan plan_of(const Result& r, const Result* ip) {
  Plan out;
  if (ip && ip->window.running_day > 0 && ip->window.window.months() > 0) {
    PlanPace pc;
    pc.window = ip->window.window;
    pc.grade_month = pc.window.last_month + 1;
    pc.through_day = ip->window.running_day;
    const int last = pc.window.last_month;
    pc.days_in_month = static_cast<int>((norm::month_start_cst_seconds(last + 1) - norm::month_start_cst_seconds(last)) / 86400);
    pc.remaining_days = std::max(1, pc.days_in_month - pc.through_day);
    pc.same_window = pc.window == r.window.window;
    out.pace = pc;
  }
  out.providers.reserve(r.providers.size());
  for (const ProviderResult& p : r.providers) out.providers.push_back(provider_plan(r, p, out.pace ? ip : nullptr, out.pace));
  return out;
}

Plan plan(const Workspace& ws, const Result& r) {
  const std::optional<Window> win = in_progress_window(r);
  if (!win) return plan_of(r, nullptr);
  if (*win == r.window.window) return plan_of(r, &r);
  EvalOptions o;
  o.window = *win;
  o.near_limit = 0;
  const Result ip = ws.evaluate(r.rules, o);
  return plan_of(r, &ip);
}

}  // namespace tl
