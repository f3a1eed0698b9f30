// tierlens — evaluation: store + rules + window -> per-provider metrics, tiers, tables.
//
// One pass over the order records, one over the monthly-stats rows; nothing is re-read.
//   1. window     explicit, or the latest N months of data
//   2. providers  bindings (attribution at pay time) > provider column > one unnamed provider
//   3. orders     reason for every record (first failing check wins), dedupe by main order id
//   4. monthly    stats rows, unless order rows exist for that merchant and month
//   5. metrics    per provider and merchant: active, qualified (orders > or >= industry standard)
//   6. tiers      all-of + any-of conditions; highest earned tier; the next configured tier
#include <algorithm>
#include <climits>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "eval/evaluation.hpp"
#include "normalize/normalize.hpp"
#include "store/store.hpp"

namespace tl {

Report build_report(const Evaluation& e, const RuleSet& rules, const Workspace::Store& s, const EvalOptions& opt);

// [SECTION] window ---------------------------------------------------------------------------

std::optional<Window> parse_window(const std::string& s) {
  size_t dots = s.find("..");
  std::string a = dots == std::string::npos ? s : s.substr(0, dots);
  std::string b = dots == std::string::npos ? s : s.substr(dots + 2);
  auto m0 = norm::parse_month(a), m1 = norm::parse_month(b);
  if (!m0 || !m1 || *m1 < *m0 || *m1 - *m0 > 35) return std::nullopt;
  return Window{*m0, *m1};
}

static const std::map<int, int64_t>& data_months(const Workspace::Store& s) {
  if (s.months_generation == s.generation) return s.month_last;
  s.month_last.clear();
  int last_month = INT_MIN;
  int64_t month_end = 0, month_begin = 0;
  int64_t* slot = nullptr;
  for (const OrderRec& r : s.orders) {
    if (r.flags & (kPayMissing | kPayBad)) continue;
    int64_t t = static_cast<int64_t>(r.pay) + kStoreEpochCst;
    if (!slot || t < month_begin || t >= month_end) {  // records come in runs of the same month
      last_month = norm::month_of_cst_seconds(t);
      month_begin = norm::month_start_cst_seconds(last_month);
      month_end = norm::month_start_cst_seconds(last_month + 1);
      auto it = s.month_last.emplace(last_month, INT64_MIN).first;
      slot = &it->second;
    }
    if (t > *slot) *slot = t;
  }
  for (const MonthlyRec& r : s.monthly) s.month_last.emplace(r.month, INT64_MIN);
  s.months_generation = s.generation;
  return s.month_last;
}

std::vector<int> Workspace::months() const {
  std::vector<int> out;
  for (auto& [m, t] : data_months(*store_)) out.push_back(m);
  return out;
}

std::optional<Window> Workspace::default_window(const RuleSet& rules, bool* incomplete) const {
  const auto& dm = data_months(*store_);
  if (incomplete) *incomplete = false;
  if (dm.empty()) return std::nullopt;
  auto last = std::prev(dm.end());
  int L = last->first;
  if (incomplete && last->second != INT64_MIN) {
    // incomplete: the data stops before the last day of its last month
    int64_t last_day = norm::month_start_cst_seconds(L + 1) - 86400;
    *incomplete = last->second < last_day;
  }
  return Window{L - std::max(1, rules.window_months) + 1, L};
}

// [SECTION] evaluation -----------------------------------------------------------------------

namespace {

struct Agg {
  uint32_t provider_slot;
  uint32_t merchant;
  std::vector<int64_t> orders;
  int64_t amount_cents = 0;
};

struct Counter {
  Evaluation& e;
  const Workspace::Store& s;
  void add(const char* reason, uint64_t n, uint8_t file_tag, uint64_t line) {
    if (!n) return;
    e.not_counted[reason] += n;
    auto& v = e.samples[reason];
    if (v.size() < 5) v.push_back({name_of(file_tag), line});
  }
  std::string name_of(uint8_t tag) const {
    for (auto& f : s.files)
      if (f && f->tag == tag && f->alive) return f->info.name;
    return "?";
  }
};

const char* const kReasonNotInBindings = "merchant_not_in_bindings";
const char* const kReasonNotBound = "not_bound_at_pay_time";

}  // namespace

Report Workspace::evaluate(const RuleSet& rules, const EvalOptions& opt) const {
  const Store& s = *store_;
  Evaluation e;
  Counter counter{e, s};

  // 1. window
  bool incomplete = false;
  std::optional<Window> dw = default_window(rules, &incomplete);
  if (opt.window) {
    e.window = *opt.window;
    e.explicit_window = true;
    e.last_month_incomplete = dw && incomplete && dw->last_month == e.window.last_month;
  } else if (dw) {
    e.window = *dw;
    e.last_month_incomplete = incomplete;
  } else {
    e.window = Window{0, -1};  // no data: an empty window
  }
  for (auto& [m, t] : data_months(s)) e.data_months.push_back(m);
  const int nmonths = std::max(0, e.window.last_month - e.window.first_month + 1);
  std::vector<int64_t> bounds;  // store seconds of each month start, nmonths + 1 entries
  for (int i = 0; i <= nmonths; ++i) bounds.push_back(norm::month_start_cst_seconds(e.window.first_month + i) - kStoreEpochCst);
  auto month_slot = [&](int64_t t) -> int {
    if (nmonths == 0 || t < bounds.front() || t >= bounds.back()) return -1;
    int k = 0;
    while (t >= bounds[k + 1]) ++k;
    return k;
  };

  // 2. providers
  // only files read to the end take part (one still streaming in is shown when it is done)
  std::vector<const FileSlot*> live;
  uint8_t tag_live[256] = {};
  for (auto& f : s.files)
    if (f && f->info.state == FileState::Done) {
      live.push_back(f.get());
      tag_live[f->tag] = 1;
    }
  bool by_bindings = false;
  for (const Binding& b : s.bindings) by_bindings = by_bindings || tag_live[b.file];
  bool by_column = false;
  if (!by_bindings) {
    for (const OrderRec& r : s.orders) if (tag_live[r.file] && r.provider != kNoProvider) { by_column = true; break; }
    for (const MonthlyRec& r : s.monthly) if (tag_live[r.file] && r.provider != kNoProvider) { by_column = true; break; }
  }
  std::vector<std::vector<const Binding*>> binds(s.merchants.count());
  for (const Binding& b : s.bindings)
    if (tag_live[b.file]) binds[b.merchant].push_back(&b);
  for (auto& v : binds) std::sort(v.begin(), v.end(), [](const Binding* a, const Binding* b) { return a->start < b->start; });

  std::unordered_map<uint32_t, uint32_t> provider_slot;   // interned provider -> e.providers index
  auto slot_of = [&](uint32_t p) -> uint32_t {
    auto it = provider_slot.find(p);
    if (it != provider_slot.end()) return it->second;
    uint32_t n = static_cast<uint32_t>(e.providers.size());
    provider_slot.emplace(p, n);
    ProviderResult pr;
    pr.provider = p;
    pr.months.resize(nmonths);
    if (p != 0xFFFFFFFFu) {
      pr.id = s.providers.str(p);
      if (p < s.provider_name.size() && s.provider_name[p] != Interner::kNone) pr.name = s.names.str(s.provider_name[p]);
    }
    e.providers.push_back(std::move(pr));
    return n;
  };
  if (!by_bindings && !by_column) slot_of(0xFFFFFFFFu);

  std::vector<Agg> aggs;
  std::unordered_map<uint64_t, uint32_t> agg_index;
  auto agg_of = [&](uint32_t pslot, uint32_t merchant) -> Agg& {
    uint64_t k = (static_cast<uint64_t>(pslot) << 32) | merchant;
    auto it = agg_index.find(k);
    if (it != agg_index.end()) return aggs[it->second];
    agg_index.emplace(k, static_cast<uint32_t>(aggs.size()));
    aggs.push_back(Agg{pslot, merchant, std::vector<int64_t>(nmonths, 0), 0});
    return aggs.back();
  };
  // merchants bound during the window belong in their provider's table even without orders
  const int64_t w0 = bounds.empty() ? 0 : bounds.front() + kStoreEpochCst;
  const int64_t w1 = bounds.empty() ? 0 : bounds.back() + kStoreEpochCst;
  if (by_bindings && nmonths > 0)
    for (const Binding& b : s.bindings)
      if (tag_live[b.file] && b.start < w1 && b.end > w0) agg_of(slot_of(b.provider), b.merchant);

  // binding active at CST time t: the latest-starting interval containing it
  auto bound_at = [&](uint32_t merchant, int64_t t, const char** reason) -> uint32_t {
    const auto& v = binds[merchant];
    if (v.empty()) { *reason = kReasonNotInBindings; return kNoProvider; }
    const Binding* hit = nullptr;
    for (const Binding* b : v) {
      if (b->start > t) break;
      if (t < b->end) hit = b;
    }
    if (!hit) { *reason = kReasonNotBound; return kNoProvider; }
    return hit->provider;
  };

  // 3. order records
  std::vector<uint8_t> excluded(s.statuses.count(), 0);
  for (uint32_t i = 0; i < s.statuses.count(); ++i) excluded[i] = status_excluded(rules, s.statuses.view(i));
  std::set<std::pair<uint64_t, uint32_t>> variant_counted;   // (main order, provider slot), variants only
  std::vector<uint8_t> record_counted(s.orders.size(), 0);
  uint32_t last_pslot = 0xFFFFFFFFu, last_merchant = 0xFFFFFFFFu;
  Agg* last_agg = nullptr;
  for (size_t i = 0; i < s.orders.size(); ++i) {
    const OrderRec& r = s.orders[i];
    if (!tag_live[r.file]) continue;
    const bool is_excluded = r.status < excluded.size() && excluded[r.status];
    const char* reason = nullptr;
    uint32_t pslot = 0;
    int k = -1;
    if (r.flags & (kPayMissing | kPayBad)) {
      reason = is_excluded ? "unpaid_status" : (r.flags & kPayMissing) ? "missing_pay_time" : "bad_pay_time";
    } else if (is_excluded) {
      reason = "unpaid_status";
    } else if ((k = month_slot(r.pay)) < 0) {
      reason = "outside_window";
    } else if (by_bindings) {
      uint32_t p = bound_at(r.merchant, static_cast<int64_t>(r.pay) + kStoreEpochCst, &reason);
      if (!reason) pslot = slot_of(p);
    } else if (by_column) {
      if (r.provider == kNoProvider || r.provider == kEmptyProvider) reason = "missing_provider_id";
      else pslot = slot_of(r.provider);
    }
    if (!reason && (r.flags & kVariant) && !variant_counted.emplace(r.key, pslot).second) reason = "duplicate_main_order";
    if (reason) {
      counter.add(reason, r.rows, r.file, r.line);
      continue;
    }
    record_counted[i] = 1;
    e.rows_counted += 1;
    if (r.rows > 1) e.not_counted["duplicate_main_order"] += r.rows - 1;
    if (pslot != last_pslot || r.merchant != last_merchant) {  // sub-orders and shops come in runs
      last_agg = &agg_of(pslot, r.merchant);
      last_pslot = pslot;
      last_merchant = r.merchant;
    }
    last_agg->orders[k] += 1;
    last_agg->amount_cents += r.amount_cents;
    e.providers[pslot].months[k].amount_cents += r.amount_cents;
  }
  // sample lines of folded duplicates, when their main order was counted
  for (const FileSlot* f : live)
    for (auto [rec, line] : f->folded_samples) {
      auto& v = e.samples["duplicate_main_order"];
      if (rec < record_counted.size() && record_counted[rec] && v.size() < 5) v.push_back({f->info.name, line});
    }

  // 4. monthly stats rows
  if (!s.monthly.empty()) {
    std::unordered_set<uint64_t> has_orders;   // (merchant, month) with order rows
    for (const OrderRec& r : s.orders)
      if (!(r.flags & (kPayMissing | kPayBad)))
        has_orders.insert((static_cast<uint64_t>(r.merchant) << 32) |
                          static_cast<uint32_t>(norm::month_of_cst_seconds(static_cast<int64_t>(r.pay) + kStoreEpochCst)));
    last_agg = nullptr;
    for (const MonthlyRec& r : s.monthly) {
      if (!tag_live[r.file]) continue;
      const char* reason = nullptr;
      uint32_t pslot = 0;
      int k = r.month - e.window.first_month;
      if (k < 0 || k >= nmonths) {
        reason = "outside_window";
      } else if (has_orders.count((static_cast<uint64_t>(r.merchant) << 32) | static_cast<uint32_t>(r.month))) {
        reason = "superseded_by_order_rows";
      } else if (by_bindings) {
        // the binding in force at the end of the month, else the last one that started in it
        int64_t m0 = norm::month_start_cst_seconds(r.month), m1 = norm::month_start_cst_seconds(r.month + 1);
        const auto& v = binds[r.merchant];
        const Binding* hit = nullptr;
        for (const Binding* b : v)
          if (b->start < m1 && b->end > m0) hit = b;
        if (v.empty()) reason = kReasonNotInBindings;
        else if (!hit) reason = kReasonNotBound;
        else pslot = slot_of(hit->provider);
      } else if (by_column) {
        if (r.provider == kNoProvider || r.provider == kEmptyProvider) reason = "missing_provider_id";
        else pslot = slot_of(r.provider);
      }
      if (reason) {
        counter.add(reason, 1, r.file, r.line);
        continue;
      }
      e.rows_counted += 1;
      agg_of(pslot, r.merchant).orders[k] += r.count;
    }
  }

  // ingest-time rejections, rows read, statuses
  for (const FileSlot* f : live) {
    if (f->info.kind != FileKind::Orders && f->info.kind != FileKind::MonthlyStats) continue;
    e.rows_read += f->info.rows;
    for (auto& [reason, rj] : f->rejected) {
      e.not_counted[reason] += rj.count;
      auto& v = e.samples[reason];
      for (uint64_t line : rj.lines)
        if (v.size() < 5) v.push_back({f->info.name, line});
    }
    for (auto& [st, n] : f->info.statuses) e.statuses[st] += n;
  }

  // 5. metrics per provider and merchant
  std::map<std::string, int64_t> standards = rules.industry_standards;
  for (const FileSlot* f : live)
    for (auto& [ind, v] : f->standards) standards[ind] = v;
  std::set<std::string> no_standard;
  for (Agg& a : aggs) {
    ProviderResult& p = e.providers[a.provider_slot];
    MerchantRow row;
    row.merchant = a.merchant;
    row.orders = a.orders;
    row.amount_cents = a.amount_cents;
    uint32_t ind = s.merchant_info[a.merchant].industry;
    if (ind != Interner::kNone) {
      auto it = standards.find(s.names.str(ind));
      if (it != standards.end()) row.standard = it->second;
    }
    if (!row.standard && rules.default_standard) row.standard = rules.default_standard;
    if (!row.standard) no_standard.insert(ind != Interner::kNone ? s.names.str(ind) : std::string());
    for (int k = 0; k < nmonths; ++k) {
      int64_t n = a.orders[k];
      row.total += n;
      if (n > row.best_orders || (row.best < 0 && n > 0)) { row.best_orders = n; row.best = k; }
      MonthRow& mr = p.months[k];
      mr.paid_orders += n;
      if (n > 0) ++mr.active;
      if (row.standard && (rules.qualified_strict ? n > *row.standard : n >= *row.standard)) {
        ++mr.qualified;
        row.qualified = true;
      }
    }
    row.active = row.total > 0;
    if (row.standard) {
      int64_t need = *row.standard + (rules.qualified_strict ? 1 : 0);
      row.shortfall = std::max<int64_t>(0, need - row.best_orders);
    } else {
      ++p.without_standard;
    }
    p.paid_orders += row.total;
    p.amount_cents += row.amount_cents;
    p.active += row.active;
    p.qualified += row.qualified;
    ++p.bound_merchants;
    p.merchants.push_back(std::move(row));
  }
  for (ProviderResult& p : e.providers) {
    for (int k = 0; k < nmonths; ++k) p.months[k].month = e.window.first_month + k;
    std::sort(p.merchants.begin(), p.merchants.end(), [&](const MerchantRow& a, const MerchantRow& b) {
      if (a.total != b.total) return a.total > b.total;
      return s.merchants.view(a.merchant) < s.merchants.view(b.merchant);
    });
    for (size_t i = 0; i < p.merchants.size(); ++i)
      if (!p.merchants[i].qualified && p.merchants[i].shortfall) p.near.push_back(i);
    std::stable_sort(p.near.begin(), p.near.end(), [&](size_t a, size_t b) {
      const MerchantRow& x = p.merchants[a];
      const MerchantRow& y = p.merchants[b];
      if (*x.shortfall != *y.shortfall) return *x.shortfall < *y.shortfall;
      return a < b;
    });
    if (p.near.size() > static_cast<size_t>(std::max(0, opt.near_limit))) p.near.resize(std::max(0, opt.near_limit));
  }
  e.industries_without_standard.assign(no_standard.begin(), no_standard.end());

  // 6. tiers
  for (ProviderResult& p : e.providers) {
    auto value_of = [&](Metric m) -> double {
      switch (m) {
        case Metric::PaidOrders: return static_cast<double>(p.paid_orders);
        case Metric::ActiveMerchants: return static_cast<double>(p.active);
        case Metric::QualifiedMerchants: return static_cast<double>(p.qualified);
        case Metric::PaidAmount: return static_cast<double>(p.amount_cents) / 100.0;
      }
      return 0;
    };
    for (size_t t = 0; t < rules.tiers.size(); ++t) {
      const Tier& tier = rules.tiers[t];
      TierResult tr;
      tr.tier = t;
      tr.configured = t == 0 || tier.configured();
      bool all_ok = true, any_ok = tier.any.empty();
      for (const Condition& c : tier.all) {
        double v = value_of(c.metric);
        bool pass = op_holds(c.op, v, c.value);
        all_ok = all_ok && pass;
        tr.conditions.push_back({false, c, v, pass});
      }
      for (const Condition& c : tier.any) {
        double v = value_of(c.metric);
        bool pass = op_holds(c.op, v, c.value);
        any_ok = any_ok || pass;
        tr.conditions.push_back({true, c, v, pass});
      }
      tr.earned = t == 0 || (tier.configured() && all_ok && any_ok);
      if (tr.earned) p.tier = t;
      p.tiers.push_back(std::move(tr));
    }
  }
  // ranking: tier high first, then paid orders, then id
  std::sort(e.providers.begin(), e.providers.end(), [](const ProviderResult& a, const ProviderResult& b) {
    if (a.tier != b.tier) return a.tier > b.tier;
    if (a.paid_orders != b.paid_orders) return a.paid_orders > b.paid_orders;
    return a.id < b.id;
  });
  return build_report(e, rules, s, opt);
}

}  // namespace tl
