// tierlens — rule comparison (docs/plan.md): the same data evaluated under two rule sets; per provider
// the tier under each and, when they differ, the conditions that make the difference.
#include <algorithm>
#include <unordered_map>

#include "compare.hpp"
#include "eval/evaluate.hpp"

namespace tl {

namespace {

// A provider the other evaluation does not have (e.g. all its orders unpaid under one status list):
// its tiers under `rules` with every metric 0.
ProviderResult absent(const RuleSet& rules, const std::string& id) {
  Result tmp;
  tmp.rules = rules;
  tmp.providers.emplace_back();
  tmp.providers[0].id = id;
  decide_tiers(tmp);
  return std::move(tmp.providers[0]);
}

std::optional<size_t> tier_index(const RuleSet& rules, const std::string& id) {
  for (size_t t = 0; t < rules.tiers.size(); ++t)
    if (rules.tiers[t].id == id) return t;
  return std::nullopt;
}

// The conditions of one tier (by id) that hold under one rule set and not under the other. Conditions
// are paired by group, metric and their order among those; a condition one side does not have holds
// there when it would not constrain (an `all` one, or an `any` one when that side has no `any`). `any`
// conditions are listed only when the `any` group holds on one side only.
void differences(const std::string& id, const TierResult* a, const TierResult* b, std::vector<Comparison::Difference>& out) {
  const bool ca = a && a->configured, cb = b && b->configured;
  if (ca != cb) {
    Comparison::Difference d;
    d.kind = Comparison::Difference::Kind::Tier;
    d.tier = id;
    d.main.present = ca;
    d.other.present = cb;
    out.push_back(d);
    return;
  }
  if (!ca) return;
  auto group_holds = [](const TierResult& t, bool any) {
    bool has = false, holds = !any;
    for (const ConditionResult& c : t.conditions) {
      if (c.any_group != any) continue;
      has = true;
      holds = any ? holds || c.pass : holds && c.pass;
    }
    return !has || holds;
  };
  auto has_any = [](const TierResult& t) {
    return std::any_of(t.conditions.begin(), t.conditions.end(), [](const ConditionResult& c) { return c.any_group; });
  };
  for (bool any : {false, true}) {
    if (any && group_holds(*a, true) == group_holds(*b, true)) continue;
    std::vector<uint8_t> used(b->conditions.size(), 0);
    auto side = [](const ConditionResult& c) { return Comparison::Side{true, c.op, c.bar, c.value, c.pass}; };
    auto absent_side = [&](const TierResult& t) { Comparison::Side s; s.pass = !any || !has_any(t); return s; };
    for (const ConditionResult& c : a->conditions) {
      if (c.any_group != any) continue;
      Comparison::Difference d;
      d.tier = id;
      d.any_group = any;
      d.metric = c.metric;
      d.main = side(c);
      d.other = absent_side(*b);
      for (size_t j = 0; j < b->conditions.size(); ++j)
        if (!used[j] && b->conditions[j].any_group == any && b->conditions[j].metric == c.metric) {
          used[j] = 1;
          d.other = side(b->conditions[j]);
          break;
        }
      if (d.main.pass != d.other.pass) out.push_back(d);
    }
    for (size_t j = 0; j < b->conditions.size(); ++j) {
      const ConditionResult& c = b->conditions[j];
      if (used[j] || c.any_group != any) continue;
      Comparison::Difference d;
      d.tier = id;
      d.any_group = any;
      d.metric = c.metric;
      d.main = absent_side(*a);
      d.other = side(c);
      if (d.main.pass != d.other.pass) out.push_back(d);
    }
  }
}

Comparison::Provider compare_one(const RuleSet& ra, const ProviderResult& p, const RuleSet& rb, const ProviderResult& q) {
  Comparison::Provider cp;
  cp.id = p.id;
  cp.tier = p.tier;
  cp.other_tier = q.tier;
  cp.changed = ra.tiers[p.tier].id != rb.tiers[q.tier].id;
  if (!cp.changed) return cp;
  std::vector<std::string> ids;   // the main rule set's tiers, then the other's own
  for (const Tier& t : ra.tiers) ids.push_back(t.id);
  for (const Tier& t : rb.tiers)
    if (!tier_index(ra, t.id)) ids.push_back(t.id);
  for (const std::string& id : ids) {
    const std::optional<size_t> ta = tier_index(ra, id), tb = tier_index(rb, id);
    const TierResult* a = ta ? &p.tiers[*ta] : nullptr;
    const TierResult* b = tb ? &q.tiers[*tb] : nullptr;
    if ((a && a->earned) == (b && b->earned)) continue;
    differences(id, a, b, cp.changed_by);
  }
  return cp;
}

}  // namespace

Comparison compare(const Result& main, const Result& other) {
  Comparison out;
  out.other = other.rules;
  std::unordered_map<std::string, const ProviderResult*> in_other, in_main;
  for (const ProviderResult& q : other.providers) in_other.emplace(q.id, &q);
  for (const ProviderResult& p : main.providers) {
    in_main.emplace(p.id, &p);
    auto it = in_other.find(p.id);
    if (it != in_other.end()) out.providers.push_back(compare_one(main.rules, p, other.rules, *it->second));
    else out.providers.push_back(compare_one(main.rules, p, other.rules, absent(other.rules, p.id)));
  }
  std::vector<const ProviderResult*> only;   // providers the main evaluation does not have, by id
  for (const ProviderResult& q : other.providers)
    if (!in_main.count(q.id)) only.push_back(&q);
  std::sort(only.begin(), only.end(), [](const ProviderResult* x, const ProviderResult* y) { return x->id < y->id; });
  for (const ProviderResult* q : only) out.providers.push_back(compare_one(main.rules, absent(main.rules, q->id), other.rules, *q));
  return out;
}

}  // namespace tl
