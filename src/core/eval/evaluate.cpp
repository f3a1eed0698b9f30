// tierlens — evaluation: the prepared data + rules + window -> tl::Result.
//
// The steps, each a method of Evaluation below (the rule-independent work is done once, in prepare):
//   1. window        explicit, or the rule's calendar                     (window.cpp)
//   2. attribution   which provider each record belongs to                (attribution.hpp, prepare.cpp)
//   3. cells         classes of cells decided once (unpaid, outside the window, month k), counted
//                    cells summed into merchant rows; records that cannot be attributed, variants
//                    (deduplicated by main order id), monthly-stats rows, ingest-time rejections
//   4. month sums    per merchant row and window month
//   5. metrics       per provider and merchant: paid orders, active, qualified (orders > or >= the
//                    industry standard in some window month), tables, the near-qualifying list
//   6. tiers, gap    all-of + any-of conditions, highest tier earned, the next tier's gap (tiers.cpp)
// Where "qualified merchants" is computed: Evaluation::merchant_rows (a merchant row qualifies) and
// Evaluation::tables (the provider's count).
#include <algorithm>
#include <climits>
#include <cstring>
#include <set>
#include <unordered_map>

#include "eval/evaluate.hpp"
#include "eval/prepared.hpp"
#include "saturate.hpp"

namespace tl {

namespace {

using Prepared = Store::Prepared;
constexpr uint32_t kNoSlot = 0xFFFFFFFFu;

// One (provider, merchant) of the evaluation; its orders per window month are Result::merchant_orders
// [index * nmonths ..), flat: one allocation per evaluation rather than one per merchant.
struct Agg {
  uint32_t provider_slot;
  uint32_t merchant;
  int64_t amount_cents = 0;
};

// Per reason: the rows not counted and the 5 sample lines that come first in file order.
struct Tally {
  uint64_t count[kReasonCount] = {};
  std::vector<std::pair<uint64_t, Sample>> best[kReasonCount];   // (file order << 40 | line) -> sample
  void sample(Reason r, uint64_t order_key, const std::string& file, uint64_t line) {
    auto& v = best[static_cast<size_t>(r)];
    if (v.size() == 5 && order_key >= v.back().first) return;
    auto it = std::upper_bound(v.begin(), v.end(), order_key, [](uint64_t k, const auto& x) { return k < x.first; });
    v.insert(it, {order_key, Sample{file, line}});
    if (v.size() > 5) v.pop_back();
  }
};

class Evaluation {
 public:
  Evaluation(const Store& s, const RuleSet& rules, const EvalOptions& opt)
      : s_(s), P_(prepare(s)), rules_(rules), opt_(opt) {
    for (size_t i = 0; i < s.files.size(); ++i)   // sample lines are ordered by file (opening order) then line
      if (s.files[i]) { tag_name_[s.files[i]->tag] = s.files[i]->info.name; tag_order_[s.files[i]->tag] = i; }
    for (auto& f : s.files)
      if (f && P_.tag_live[f->tag]) live_.push_back(f.get());
  }

  Result run() {
    r_.rules = rules_;
    r_.directory = P_.directory;
    choose_window();
    open_providers();
    count_cells();
    count_loose();
    count_variants();
    count_monthly();
    count_file_findings();
    merchant_rows();
    tables();
    finish_quality();
    decide_tiers(r_);
    rank_providers(r_);
    check_eligibility(r_, live_);
    return std::move(r_);
  }

 private:
  // ---- 1. window
  void choose_window() {
    bool incomplete = false;
    std::optional<int> running;
    const std::optional<Window> dw = default_window_of(s_, rules_, &incomplete, &running);
    WindowInfo& w = r_.window;
    if (opt_.window) {
      w.window = *opt_.window;
      w.explicit_window = true;
      // the data's running month, when the chosen window ends with it
      const std::optional<int> open = running ? running : (dw && incomplete ? std::optional<int>(dw->last_month) : std::nullopt);
      w.last_month_incomplete = open && *open == w.window.last_month;
      if (open && *open > w.window.last_month) w.in_progress = open;
    } else if (dw) {
      w.window = *dw;
      w.last_month_incomplete = incomplete;
      w.in_progress = running;
    } else {
      w.window = Window{0, -1};  // no data: an empty window
    }
    // the day the running month's data reaches (the gap planner's remaining days)
    const std::optional<int> runs = w.in_progress ? w.in_progress : w.last_month_incomplete ? std::optional<int>(w.window.last_month) : std::nullopt;
    if (auto it = runs ? P_.month_last.find(*runs) : P_.month_last.end(); it != P_.month_last.end() && it->second != INT64_MIN)
      w.running_day = static_cast<int>((it->second - norm::month_start_cst_seconds(*runs)) / 86400) + 1;
    w.data_months = data_months(s_);
    nmonths_ = w.window.months();
  }
  int month_slot(int month) const {
    const int k = month - r_.window.window.first_month;
    return k >= 0 && k < nmonths_ ? k : -1;
  }

  // ---- 2. providers: interned provider -> Result::providers index (by dense id: one lookup per cell)
  void open_providers() {
    provider_slot_.assign(s_.providers.count(), kNoSlot);
    if (P_.attribution.by() == Attribution::By::OneProvider) slot_of(kSingleProvider);
    aggs_.assign(P_.pairs.size(), Agg{kNoSlot, 0, 0});
    r_.merchant_orders.assign(aggs_.size() * nmonths_, 0);
    // merchants bound during the window belong in their provider's table even without orders
    const int64_t w0 = norm::month_start_cst_seconds(r_.window.window.first_month);
    const int64_t w1 = norm::month_start_cst_seconds(r_.window.window.last_month + 1);
    if (P_.attribution.by() == Attribution::By::Bindings && nmonths_ > 0)
      for (const Attribution::Bind& b : P_.attribution.bind)
        if (b.start < w1 && b.end > w0) use_pair(b.pair);
    excluded_.assign(s_.statuses.count(), 0);
    for (uint32_t i = 0; i < s_.statuses.count(); ++i) excluded_[i] = status_excluded(rules_, s_.statuses.view(i));
  }
  uint32_t slot_of(uint32_t p) {
    uint32_t& ref = p == kSingleProvider ? single_slot_ : provider_slot_[p];
    if (ref != kNoSlot) return ref;
    const uint32_t n = static_cast<uint32_t>(r_.providers.size());
    ref = n;
    ProviderResult pr;
    pr.months.resize(nmonths_);
    for (int k = 0; k < nmonths_; ++k) pr.months[k].month = r_.window.window.first_month + k;
    if (p != kSingleProvider) {
      pr.id = s_.providers.str(p);
      if (p < s_.provider_name.size() && s_.provider_name[p] != Interner::kNone) pr.name = s_.names.str(s_.provider_name[p]);
    }
    r_.providers.push_back(std::move(pr));
    return n;
  }
  // Agg i < pairs.size() is prepared pair i, in use once it has a provider slot; more (a variant's or a
  // monthly row's (provider, merchant) that no cell or binding has) are added after them
  uint32_t use_pair(uint32_t pair) {
    Agg& a = aggs_[pair];
    if (a.provider_slot == kNoSlot) {
      const Prepared::Pair& pr = P_.pairs[pair];
      a.merchant = pr.merchant;
      a.provider_slot = pr.provider == kSingleProvider ? 0 : slot_of(pr.provider);
    }
    return pair;
  }
  uint32_t agg_of(uint32_t provider, uint32_t merchant) {
    for (uint32_t q = P_.pair_begin[merchant]; q < P_.pair_begin[merchant + 1]; ++q)
      if (P_.pairs[q].provider == provider) return use_pair(q);
    auto [it, fresh] = more_aggs_.emplace(static_cast<uint64_t>(provider) << 32 | merchant, static_cast<uint32_t>(aggs_.size()));
    if (fresh) {
      aggs_.push_back(Agg{provider == kSingleProvider ? 0 : slot_of(provider), merchant, 0});
      r_.merchant_orders.resize(aggs_.size() * nmonths_, 0);
    }
    return it->second;
  }
  bool is_excluded(uint32_t status) const { return status < excluded_.size() && excluded_[status]; }

  void add_reason(Reason reason, uint64_t n, uint8_t tag, uint64_t line) {
    if (!n) return;
    tally_.count[static_cast<size_t>(reason)] += n;
    tally_.sample(reason, tag_order_[tag] << 40 | line, tag_name_[tag], line);
  }
  void add_reason_lines(Reason reason, uint64_t n, uint8_t tag, const uint32_t* lines, uint8_t nlines) {
    if (!n) return;
    tally_.count[static_cast<size_t>(reason)] += n;
    for (uint8_t j = 0; j < nlines; ++j) tally_.sample(reason, tag_order_[tag] << 40 | lines[j], tag_name_[tag], lines[j]);
  }

  // ---- 3. cells: attributed, deduplicated order records. A class of cells (status, month) is unpaid,
  // outside the window or counted in window month k: decided once, then the groups add their counted cells.
  void count_cells() {
    class_slot_.assign(P_.classes.size(), -1);
    for (size_t i = 0; i < P_.classes.size(); ++i) {
      const Prepared::Class& c = P_.classes[i];
      std::optional<Reason> reason;
      int k = -1;
      if (is_excluded(c.status)) reason = Reason::UnpaidStatus;
      else if ((k = month_slot(c.month)) < 0) reason = Reason::OutsideWindow;
      if (reason) {
        tally_.count[static_cast<size_t>(*reason)] += c.rows;
        for (uint8_t j = 0; j < c.nsamples; ++j)
          tally_.sample(*reason, tag_order_[c.sample_file[j]] << 40 | c.sample_line[j], tag_name_[c.sample_file[j]], c.sample_line[j]);
        continue;
      }
      class_slot_[i] = k;
      r_.quality.rows_counted += c.orders;
      if (c.rows > c.orders) tally_.count[static_cast<size_t>(Reason::DuplicateMainOrder)] += c.rows - c.orders;
    }
    // ---- 4. month sums, per merchant row
    std::vector<int64_t> orders(nmonths_), amounts(nmonths_);
    for (size_t g = 0; g + 1 < P_.groups.size(); ++g) {
      const Prepared::Group& gr = P_.groups[g];
      bool counted = false;
      for (uint32_t i = gr.begin; i < P_.groups[g + 1].begin; ++i) {
        const Prepared::Entry& en = P_.entries[i];
        const int k = class_slot_[en.cls];
        if (k < 0) continue;
        if (!counted) {
          std::fill(orders.begin(), orders.end(), 0);
          std::fill(amounts.begin(), amounts.end(), 0);
          counted = true;
        }
        orders[k] += en.orders;
        add_sat(amounts[k], en.amount_cents);
      }
      if (!counted) continue;
      const uint32_t a = use_pair(gr.pair);
      int64_t* ao = &r_.merchant_orders[static_cast<size_t>(a) * nmonths_];
      MonthMetrics* pm = r_.providers[aggs_[a].provider_slot].months.data();
      for (int k = 0; k < nmonths_; ++k) {
        ao[k] += orders[k];
        add_sat(aggs_[a].amount_cents, amounts[k]);
        add_sat(pm[k].metrics.paid_amount_cents, amounts[k]);
      }
    }
  }

  // records that cannot be attributed, or have no usable pay time
  void count_loose() {
    for (const Prepared::Loose& l : P_.loose) {
      const Reason why = static_cast<Reason>(l.reason);
      Reason reason;
      if (is_excluded(l.status)) reason = Reason::UnpaidStatus;
      else if (why == Reason::MissingPayTime || why == Reason::BadPayTime) reason = why;
      else if (month_slot(l.month) < 0) reason = Reason::OutsideWindow;
      else reason = why;
      add_reason_lines(reason, l.rows, l.file, l.line, l.nlines);
    }
  }

  // variants: records sharing a main order id with a different record, deduplicated here (sorted by
  // main order id: a main order counts once per provider, its first record in file order)
  void count_variants() {
    std::vector<uint8_t> variant_counted(P_.variants.size(), 0);
    std::vector<uint32_t> group_slots;   // provider slots the current main order already counts for
    const Attribution& A = P_.attribution;
    for (uint32_t vi = 0; vi < P_.variants.size(); ++vi) {
      const auto [idx, line] = P_.variants[vi];
      const OrderRec& r = s_.orders[idx];
      if (vi == 0 || r.key() != s_.orders[P_.variants[vi - 1].first].key()) group_slots.clear();
      const uint64_t rows = s_.rows_of(idx);
      const bool excl = is_excluded(s_.status_of(idx));
      std::optional<Reason> reason;
      uint32_t pslot = 0, provider = kSingleProvider;
      int k = -1;
      if (r.flags & (kPayMissing | kPayBad)) {
        reason = excl ? Reason::UnpaidStatus : (r.flags & kPayMissing) ? Reason::MissingPayTime : Reason::BadPayTime;
      } else if (excl) {
        reason = Reason::UnpaidStatus;
      } else if ((k = month_slot(month_of_store(r.pay))) < 0) {
        reason = Reason::OutsideWindow;
      } else {
        Reason why = Reason::NotBoundAtPayTime;
        provider = A.of_order(r.merchant, static_cast<int64_t>(r.pay) + kStoreEpochCst, s_.provider_of(idx), &why);
        if (provider == kNoProvider) reason = why;
        else pslot = slot_of(provider);
      }
      if (!reason) {
        if (std::find(group_slots.begin(), group_slots.end(), pslot) != group_slots.end()) reason = Reason::DuplicateMainOrder;
        else group_slots.push_back(pslot);
      }
      if (reason) {
        add_reason(*reason, rows, r.file, line);
        continue;
      }
      variant_counted[vi] = 1;
      r_.quality.rows_counted += 1;
      if (rows > 1) tally_.count[static_cast<size_t>(Reason::DuplicateMainOrder)] += rows - 1;
      const int64_t amount = s_.amount_of(idx);
      const uint32_t a = agg_of(provider, r.merchant);
      r_.merchant_orders[static_cast<size_t>(a) * nmonths_ + k] += 1;
      add_sat(aggs_[a].amount_cents, amount);
      add_sat(r_.providers[pslot].months[k].metrics.paid_amount_cents, amount);
    }
    // sample lines of folded duplicate rows, when their main order was counted
    for (const Prepared::Folded& f : P_.folded) {
      const bool counted = f.variant ? variant_counted[f.index] != 0 : class_slot_[f.index] >= 0;
      if (counted) tally_.sample(Reason::DuplicateMainOrder, tag_order_[f.file] << 40 | f.line, tag_name_[f.file], f.line);
    }
  }

  // monthly-stats rows (unless order rows exist for that merchant and month)
  void count_monthly() {
    for (const MonthlyRec& m : s_.monthly) {
      if (!P_.tag_live[m.file]) continue;
      std::optional<Reason> reason;
      uint32_t provider = kSingleProvider;
      const int k = month_slot(m.month);
      if (k < 0) {
        reason = Reason::OutsideWindow;
      } else if (P_.has_orders.count((static_cast<uint64_t>(m.merchant) << 32) | static_cast<uint32_t>(m.month))) {
        reason = Reason::SupersededByOrderRows;
      } else {
        Reason why = Reason::NotBoundAtPayTime;
        provider = P_.attribution.of_month(m.merchant, m.month, m.provider, &why);
        if (provider == kNoProvider) reason = why;
        else if (provider != kSingleProvider) slot_of(provider);
      }
      if (reason) {
        add_reason(*reason, 1, m.file, m.line);
        continue;
      }
      r_.quality.rows_counted += 1;
      add_sat(r_.merchant_orders[static_cast<size_t>(agg_of(provider, m.merchant)) * nmonths_ + k], m.count);
    }
  }

  // ingest-time rejections, rows read, statuses
  void count_file_findings() {
    std::map<std::string, uint64_t> statuses;
    for (const FileSlot* f : live_) {
      if (f->info.kind != FileKind::Orders && f->info.kind != FileKind::MonthlyStats) continue;
      r_.quality.rows_read += f->info.rows;
      for (size_t i = 0; i < kReasonCount; ++i) {
        const Reject& rj = f->rejected[i];
        if (!rj.count) continue;
        tally_.count[i] += rj.count;
        for (uint64_t line : rj.lines) tally_.sample(static_cast<Reason>(i), tag_order_[f->tag] << 40 | line, f->info.name, line);
      }
      for (auto& [st, n] : f->info.statuses) statuses[st] += n;
    }
    r_.quality.statuses.assign(statuses.begin(), statuses.end());
  }

  // ---- 5. metrics per merchant row: active, qualified (its orders in some window month against the
  // standard of its industry), best month, shortfall
  void merchant_rows() {
    std::map<std::string, int64_t> standards = rules_.industry_standards;
    for (const FileSlot* f : live_)
      for (auto& [ind, v] : f->standards) standards[ind] = v;
    // standards per industry in use (looked up once, not once per merchant)
    std::vector<std::optional<int64_t>> industry_standard(P_.industries.size());
    std::vector<uint8_t> industry_missing(P_.industries.size() + 1, 0);   // the last: merchants without an industry
    for (size_t i = 0; i < P_.industries.size(); ++i) {
      auto it = standards.find(s_.names.str(P_.industries[i]));
      if (it != standards.end()) industry_standard[i] = it->second;
      else if (rules_.default_standard) industry_standard[i] = rules_.default_standard;
    }
    const std::optional<int64_t> no_industry_standard = rules_.default_standard;
    {
      std::vector<uint32_t> per_provider(r_.providers.size(), 0);
      for (const Agg& a : aggs_)
        if (a.provider_slot != kNoSlot) ++per_provider[a.provider_slot];
      for (size_t p = 0; p < r_.providers.size(); ++p) r_.providers[p].merchants.reserve(per_provider[p]);
    }
    for (uint32_t ai = 0; ai < aggs_.size(); ++ai) {
      const Agg& a = aggs_[ai];
      if (a.provider_slot == kNoSlot) continue;   // a pair with no orders nor binding in this window
      ProviderResult& p = r_.providers[a.provider_slot];
      MerchantRow row;
      row.merchant = a.merchant;
      row.orders_at = ai;
      row.rank = P_.merchant_rank[a.merchant];
      row.amount_cents = a.amount_cents;
      const uint32_t ind = P_.industry_of[a.merchant];
      row.standard = ind != Prepared::kNoIndustry ? industry_standard[ind] : no_industry_standard;
      if (!row.standard) industry_missing[ind != Prepared::kNoIndustry ? ind : P_.industries.size()] = 1;
      const int64_t* orders = &r_.merchant_orders[static_cast<size_t>(ai) * nmonths_];
      for (int k = 0; k < nmonths_; ++k) {
        const int64_t n = orders[k];
        add_sat(row.total, n);
        if (n > row.best_orders || (row.best < 0 && n > 0)) { row.best_orders = n; row.best = k; }
        Metrics& mm = p.months[k].metrics;
        add_sat(mm.paid_orders, n);
        if (n > 0) ++mm.active_merchants;
        if (row.standard && (rules_.qualified_strict ? n > *row.standard : n >= *row.standard)) {
          ++mm.qualified_merchants;
          row.qualified = true;
        }
      }
      row.active = row.total > 0;
      if (row.standard) {
        const int64_t need = *row.standard + (rules_.qualified_strict ? 1 : 0);
        row.shortfall = std::max<int64_t>(0, need - row.best_orders);
      } else {
        ++p.without_standard;
      }
      add_sat(p.metrics.paid_orders, row.total);
      add_sat(p.metrics.paid_amount_cents, row.amount_cents);
      p.metrics.active_merchants += row.active;
      p.metrics.qualified_merchants += row.qualified;
      ++p.bound_merchants;
      p.merchants.push_back(row);
    }
    r_.merchant_orders.resize(aggs_.size() * nmonths_);
    std::set<std::string> no_standard;
    for (size_t i = 0; i < industry_missing.size(); ++i)
      if (industry_missing[i]) no_standard.insert(i < P_.industries.size() ? s_.names.str(P_.industries[i]) : std::string());
    r_.quality.industries_without_standard.assign(no_standard.begin(), no_standard.end());
  }

  // the merchant tables (total desc, then merchant id) and the near-qualifying lists
  void tables() {
    auto table_before = [](const MerchantRow& a, const MerchantRow& b) { return a.total != b.total ? a.total > b.total : a.rank < b.rank; };
    const size_t near_limit = static_cast<size_t>(std::max(0, opt_.near_limit));
    for (ProviderResult& p : r_.providers) {
      std::sort(p.merchants.begin(), p.merchants.end(), table_before);
      // near qualifying: not qualified, with a standard; smallest shortfall first, then table order
      for (size_t i = 0; i < p.merchants.size(); ++i)
        if (!p.merchants[i].qualified && p.merchants[i].shortfall) p.near.push_back(i);
      auto near_before = [&](size_t a, size_t b) {
        const MerchantRow& x = p.merchants[a];
        const MerchantRow& y = p.merchants[b];
        if (*x.shortfall != *y.shortfall) return *x.shortfall < *y.shortfall;
        return table_before(x, y);
      };
      if (p.near.size() > near_limit) {
        std::partial_sort(p.near.begin(), p.near.begin() + near_limit, p.near.end(), near_before);
        p.near.resize(near_limit);
      } else {
        std::sort(p.near.begin(), p.near.end(), near_before);
      }
    }
  }

  void finish_quality() {
    DataQuality& q = r_.quality;
    for (size_t i = 0; i < kReasonCount; ++i) {
      if (!tally_.count[i] && tally_.best[i].empty()) continue;
      ReasonTally t{static_cast<Reason>(i), tally_.count[i], {}};
      for (auto& [k, smp] : tally_.best[i]) t.samples.push_back(std::move(smp));
      q.not_counted.push_back(std::move(t));
    }
    std::sort(q.not_counted.begin(), q.not_counted.end(),
              [](const ReasonTally& a, const ReasonTally& b) { return std::strcmp(reason_code(a.reason), reason_code(b.reason)) < 0; });
    for (auto& f : s_.files)
      if (f) q.files.push_back(f->info);
  }

  const Store& s_;
  const Prepared& P_;
  const RuleSet& rules_;
  const EvalOptions& opt_;
  Result r_;
  int nmonths_ = 0;
  std::string tag_name_[256];
  uint64_t tag_order_[256] = {};
  std::vector<const FileSlot*> live_;
  std::vector<uint32_t> provider_slot_;
  uint32_t single_slot_ = kNoSlot;
  std::vector<Agg> aggs_;
  std::unordered_map<uint64_t, uint32_t> more_aggs_;   // (provider << 32 | merchant) -> Agg
  std::vector<uint8_t> excluded_;                      // status id -> in the rule's excluded list
  std::vector<int> class_slot_;                        // class -> window month, or -1: not counted
  Tally tally_;
};

}  // namespace

Result evaluate_store(const Store& s, const RuleSet& rules, const EvalOptions& opt) { return Evaluation(s, rules, opt).run(); }

}  // namespace tl
