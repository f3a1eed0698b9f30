// tierlens — tiers: every tier's conditions against a provider's metrics, the tier earned (the highest
// whose `all` conditions hold and, if it has `any` conditions, one of them), the gap to the next
// configured tier, and the ranking of providers.
#include <algorithm>
#include <cmath>

#include "eval/evaluate.hpp"

namespace tl {

double Metrics::value(Metric m) const {
  switch (m) {
    case Metric::PaidOrders: return static_cast<double>(paid_orders);
    case Metric::ActiveMerchants: return static_cast<double>(active_merchants);
    case Metric::QualifiedMerchants: return static_cast<double>(qualified_merchants);
    case Metric::PaidAmount: return static_cast<double>(paid_amount_cents) / 100.0;
  }
  return 0;
}

double ConditionResult::missing() const {
  if (pass) return 0;
  const double step = metric == Metric::PaidAmount ? 0.01 : 1;   // the smallest step that can pass `>`
  switch (op) {
    case Op::Ge: return bar - value;
    case Op::Gt: return bar + step - value;
    case Op::Le: return value - bar;
    case Op::Lt: return value - bar + step;
    case Op::Eq: return std::fabs(value - bar);
  }
  return 0;
}

const ProviderResult* Result::provider(std::string_view id) const {
  for (const ProviderResult& p : providers)
    if (p.id == id) return &p;
  return nullptr;
}

// The next configured tier above the earned one, and what each failing condition still needs; the
// cheapest of the any-of gaps is the one smallest relative to its bar.
static std::optional<NextTier> next_tier_of(const ProviderResult& p, const RuleSet& rules) {
  for (size_t t = p.tier + 1; t < p.tiers.size(); ++t) {
    const TierResult& tr = p.tiers[t];
    if (!tr.configured) continue;
    NextTier next;
    next.tier = t;
    bool any_ok = rules.tiers[t].any.empty();
    for (const ConditionResult& c : tr.conditions)
      if (c.any_group && c.pass) any_ok = true;
    double best_ratio = 0;
    for (const ConditionResult& c : tr.conditions) {
      if (c.pass) continue;
      if (!c.any_group) {
        next.required.push_back({c.metric, c.missing()});
      } else if (!any_ok) {
        next.any_of.push_back({c.metric, c.missing()});
        const double ratio = c.missing() / std::max(1.0, std::fabs(c.bar));
        if (!next.cheapest || ratio < best_ratio) { next.cheapest = c.metric; best_ratio = ratio; }
      }
    }
    next.any_satisfied = any_ok;
    return next;
  }
  return std::nullopt;
}

void decide_tiers(Result& r) {
  const RuleSet& rules = r.rules;
  for (ProviderResult& p : r.providers) {
    p.tiers.clear();
    p.tier = 0;
    for (size_t t = 0; t < rules.tiers.size(); ++t) {
      const Tier& tier = rules.tiers[t];
      TierResult tr;
      tr.tier = t;
      tr.configured = t == 0 || tier.configured();
      bool all_ok = true, any_ok = tier.any.empty();
      for (const Condition& c : tier.all) {
        const double v = p.metrics.value(c.metric);
        const bool pass = op_holds(c.op, v, c.value);
        all_ok = all_ok && pass;
        tr.conditions.push_back({false, c.metric, c.op, c.value, v, pass});
      }
      for (const Condition& c : tier.any) {
        const double v = p.metrics.value(c.metric);
        const bool pass = op_holds(c.op, v, c.value);
        any_ok = any_ok || pass;
        tr.conditions.push_back({true, c.metric, c.op, c.value, v, pass});
      }
      tr.earned = t == 0 || (tier.configured() && all_ok && any_ok);
      if (tr.earned) p.tier = t;
      p.tiers.push_back(std::move(tr));
    }
    p.next = next_tier_of(p, rules);
  }
}

void rank_providers(Result& r) {
  std::sort(r.providers.begin(), r.providers.end(), [](const ProviderResult& a, const ProviderResult& b) {
    if (a.tier != b.tier) return a.tier > b.tier;
    if (a.metrics.paid_orders != b.metrics.paid_orders) return a.metrics.paid_orders > b.metrics.paid_orders;
    return a.id < b.id;
  });
}

}  // namespace tl
