// tierlens — preparing the store's order records for evaluation (eval/prepared.hpp says what and why).
// One walk over the records: attribution, cells, their classes, variants, sample lines, data months.
#include <algorithm>
#include <climits>
#include <unordered_map>

#include "eval/prepared.hpp"
#include "saturate.hpp"

namespace tl {

namespace {
constexpr uint8_t kNoWhy = 255;   // (a record's `why`: none, it is attributed)
}  // namespace

const Store::Prepared& prepare(const Store& s) {
  if (s.prepared && s.prepared->generation == s.generation) return *s.prepared;
  s.release_order_index();   // first: the walk's cells need not sit on top of it at the peak
  auto p = std::make_shared<Store::Prepared>();
  Store::Prepared& P = *p;
  for (auto& f : s.files)
    if (f && f->info.state == FileState::Done) P.tag_live[f->tag] = 1;
  P.attribution.build(s, P.tag_live);
  Attribution& A = P.attribution;
  const Attribution::By by = A.by();

  // cells are found through 64-bit keys: merchant 24 bits | provider 16 | month 12 | status 12
  struct Cell {
    uint64_t key;
    uint32_t provider, merchant;
    int32_t month;
    uint16_t status;
    uint8_t file;
    uint32_t line[3];    // first rows of the cell (sample lines)
    uint8_t nlines = 0;
    uint64_t orders = 0, rows = 0;
    int64_t amount_cents = 0;
  };
  std::vector<Cell> cells;
  KeyIndex cell_index, loose_index;
  auto cell_key_of = [&cells](uint32_t i) { return cells[i].key; };
  auto loose_key_of = [&P](uint32_t i) { return P.loose[i].key; };
  std::unordered_map<uint32_t, uint32_t> folded_cell;   // record -> cell, for the few folded samples
  std::vector<uint32_t> wanted;                          // the same records, sorted: walked with the loop
  for (auto& f : s.files)
    if (f && P.tag_live[f->tag])
      for (auto [rec, line] : f->folded_samples)
        if (folded_cell.emplace(rec, ~0u).second) wanted.push_back(rec);
  std::sort(wanted.begin(), wanted.end());
  size_t wi = 0;

  // Per merchant: the cell its latest record went to, with the sums of its records since then not yet
  // added to the cell (written back when the merchant moves to another cell), and the provider its
  // bindings give over a span of time. A record then touches its merchant's line and no other: with
  // ~200k cells against 20k merchants, reaching the cell (and the bindings) per record was a cache
  // miss per record, most of prepare's time.
  struct alignas(64) Walk {
    uint64_t key = ~0ull;       // of the current cell
    int64_t bound_lo = 1, bound_hi = 0;   // CST times for which `bound` holds (none at first)
    uint64_t rows = 0;
    int64_t amount_cents = 0;
    uint32_t cell = 0, provider = 0;
    uint32_t orders = 0;        // records not yet added to the cell
    uint32_t bound = 0;         // provider bound in [bound_lo, bound_hi), or kNoProvider and bound_why
    uint8_t bound_why = 0;      // a Reason
    uint8_t nlines = 3, file = 0;   // the cell's sample lines so far, and its file
  };
  std::vector<Walk> walk(s.merchants.count());
  auto write_back = [&cells](Walk& w) {
    if (w.key == ~0ull) return;
    Cell& c = cells[w.cell];
    c.orders += w.orders;
    c.rows += w.rows;
    add_sat(c.amount_cents, w.amount_cents);
    w.orders = 0;
    w.rows = 0;
    w.amount_cents = 0;
  };
  // records come in runs of the same month: the month of a pay time is computed once per run
  uint32_t month_lo = 1, month_hi = 0;
  int run_month = 0;
  int64_t* run_last = nullptr;   // the run month's latest pay time
  auto month_of = [&](uint32_t pay) {
    if (pay < month_lo || pay > month_hi) {
      run_month = month_of_store(pay);
      const int64_t b = norm::month_start_cst_seconds(run_month) - kStoreEpochCst;
      const int64_t e = norm::month_start_cst_seconds(run_month + 1) - kStoreEpochCst - 1;
      month_lo = static_cast<uint32_t>(std::max<int64_t>(0, b));
      month_hi = static_cast<uint32_t>(std::min<int64_t>(0xFFFFFFFFll, e));
      run_last = &P.month_last.emplace(run_month, INT64_MIN).first->second;
    }
    return run_month;
  };
  Store::LineWalk lines;
  const bool want_has_orders = !s.monthly.empty();
  constexpr uint32_t kAhead = 8;   // the merchant lines of records this far ahead are fetched early
  const uint32_t nrec = static_cast<uint32_t>(s.orders.size());
  for (uint32_t i = 0; i < nrec; ++i) {
    const OrderRec& r = s.orders[i];
    if (i + kAhead < nrec) __builtin_prefetch(&walk[s.orders[i + kAhead].merchant]);
    const uint32_t line = lines.next(s, i);
    const bool paid = !(r.flags & (kPayMissing | kPayBad));
    int month = 0;
    if (paid) {   // data months: of every record, counted or not
      month = month_of(r.pay);
      const int64_t t = static_cast<int64_t>(r.pay) + kStoreEpochCst;
      if (t > *run_last) *run_last = t;
    }
    if (!P.tag_live[r.file]) continue;
    if (want_has_orders && paid) P.has_orders.insert(static_cast<uint64_t>(r.merchant) << 32 | static_cast<uint32_t>(month));
    if (r.flags & kVariant) { P.variants.emplace_back(i, line); continue; }
    const bool wide = r.flags & kWide;
    const uint32_t status = std::min<uint32_t>(wide ? s.status_of(i) : r.status, 4095);
    const uint64_t rows = wide ? s.rows_of(i) : r.rows;
    uint8_t why = kNoWhy;  // a Reason when the record cannot be attributed
    uint32_t provider = kSingleProvider;
    Walk& w = walk[r.merchant];
    if (!paid) {
      why = static_cast<uint8_t>((r.flags & kPayMissing) ? Reason::MissingPayTime : Reason::BadPayTime);
    } else if (by == Attribution::By::Bindings) {   // the answer is kept per merchant over a span of time
      const int64_t t = static_cast<int64_t>(r.pay) + kStoreEpochCst;
      if (t < w.bound_lo || t >= w.bound_hi) {
        Reason lr = Reason::NotBoundAtPayTime;
        w.bound = A.of_order(r.merchant, t, kNoProvider, &lr, &w.bound_lo, &w.bound_hi);
        w.bound_why = static_cast<uint8_t>(lr);
      }
      provider = w.bound;
      if (provider == kNoProvider) why = w.bound_why;
    } else if (by == Attribution::By::ProviderColumn) {
      Reason lr = Reason::MissingProviderId;
      provider = A.of_order(r.merchant, 0, s.provider_of(i), &lr);
      if (provider == kNoProvider) why = static_cast<uint8_t>(lr);
    }
    const uint64_t mo = static_cast<uint64_t>(std::max(0, std::min(4095, month - 2000 * 12)));
    if (why != kNoWhy) {
      uint64_t key = static_cast<uint64_t>(why) << 24 | static_cast<uint64_t>(status) << 12 | mo;
      uint32_t li = loose_index.find(key, loose_key_of);
      if (li == KeyIndex::kNone) {
        li = static_cast<uint32_t>(P.loose.size());
        P.loose.push_back({key, why, static_cast<uint16_t>(status), month, r.file, {}, 0, 0});
        loose_index.insert(key, li, loose_key_of);
      }
      auto& lo = P.loose[li];
      lo.rows += rows;
      if (lo.nlines < 3 && lo.file == r.file) lo.line[lo.nlines++] = line;
      continue;
    }
    const uint64_t key = static_cast<uint64_t>(r.merchant & 0xFFFFFF) << 40 | static_cast<uint64_t>(provider & 0xFFFF) << 24 |
                         mo << 12 | status;
    if (key != w.key || provider != w.provider) {   // (a walk is one merchant's: no merchant collision)
      write_back(w);
      uint32_t ci = cell_index.find(key, cell_key_of);
      if (ci == KeyIndex::kNone || cells[ci].merchant != r.merchant || cells[ci].provider != provider) {
        // (merchant or provider ids beyond the packed widths would collide: give them their own cell)
        ci = static_cast<uint32_t>(cells.size());
        cells.push_back({key, provider, r.merchant, month, static_cast<uint16_t>(status), r.file, {}, 0});
        if (cell_index.find(key, cell_key_of) == KeyIndex::kNone) cell_index.insert(key, ci, cell_key_of);
      }
      w.key = key;
      w.cell = ci;
      w.provider = provider;
      w.nlines = cells[ci].nlines;
      w.file = cells[ci].file;
    }
    w.orders += 1;
    w.rows += rows;
    add_sat(w.amount_cents, wide ? s.amount_of(i) : r.amount_cents);
    if (w.nlines < 3 && w.file == r.file) {
      Cell& c = cells[w.cell];
      c.line[c.nlines++] = line;
      w.nlines = c.nlines;
    }
    while (wi < wanted.size() && wanted[wi] < i) ++wi;
    if (wi < wanted.size() && wanted[wi] == i) folded_cell[i] = w.cell;
  }
  for (Walk& w : walk) write_back(w);
  for (const MonthlyRec& r : s.monthly) P.month_last.emplace(r.month, INT64_MIN);
  // classes: (status, month) of the cells, with their rows, orders and first sample lines
  uint64_t tag_order[256] = {};   // sample lines are ordered by file (opening order) then line
  for (size_t i = 0; i < s.files.size(); ++i)
    if (s.files[i]) tag_order[s.files[i]->tag] = i;
  std::vector<uint32_t> cell_class(cells.size());
  {
    KeyIndex class_index;
    auto class_key = [](uint32_t status, int32_t month) { return static_cast<uint64_t>(status) << 32 | static_cast<uint32_t>(month); };
    auto class_key_of = [&](uint32_t k) { return class_key(P.classes[k].status, P.classes[k].month); };
    std::vector<std::vector<uint64_t>> keys;           // per class: (file order << 40 | line) << 8 | tag, best 5
    for (size_t i = 0; i < cells.size(); ++i) {
      const Cell& c = cells[i];
      uint32_t k = class_index.find(class_key(c.status, c.month), class_key_of);
      if (k == KeyIndex::kNone) {
        k = static_cast<uint32_t>(P.classes.size());
        P.classes.push_back({c.month, c.status});
        keys.emplace_back();
        class_index.insert(class_key(c.status, c.month), k, class_key_of);
      }
      cell_class[i] = k;
      Store::Prepared::Class& cl = P.classes[k];
      cl.orders += c.orders;
      cl.rows += c.rows;
      for (uint8_t j = 0; j < c.nlines; ++j) keys[k].push_back((tag_order[c.file] << 40 | c.line[j]) << 8 | c.file);
      if (keys[k].size() > 64) {   // keep the best 5 now and then
        std::nth_element(keys[k].begin(), keys[k].begin() + 5, keys[k].end());
        keys[k].resize(5);
      }
    }
    for (size_t k = 0; k < keys.size(); ++k) {
      std::sort(keys[k].begin(), keys[k].end());
      Store::Prepared::Class& cl = P.classes[k];
      for (size_t j = 0; j < keys[k].size() && j < 5; ++j) {
        cl.sample_file[j] = static_cast<uint8_t>(keys[k][j] & 0xFF);
        cl.sample_line[j] = static_cast<uint32_t>(keys[k][j] >> 8 & 0xFFFFFFFFFFull);
        cl.nsamples = static_cast<uint8_t>(j + 1);
      }
    }
  }
  // groups: cells by merchant (a counting sort), then provider, month and status
  {
    const size_t nm = s.merchants.count();
    std::vector<uint32_t> begin(nm + 1, 0), order(cells.size());
    for (const Cell& c : cells) ++begin[c.merchant + 1];
    for (size_t m = 1; m <= nm; ++m) begin[m] += begin[m - 1];
    std::vector<uint32_t> fill(begin.begin(), begin.end() - 1);
    for (uint32_t i = 0; i < cells.size(); ++i) order[fill[cells[i].merchant]++] = i;
    P.entries.reserve(cells.size());
    P.pair_begin.assign(nm + 1, 0);
    for (size_t m = 0; m < nm; ++m) {
      auto b = order.begin() + begin[m], e = order.begin() + begin[m + 1];
      std::sort(b, e, [&cells](uint32_t x, uint32_t y) {
        const Cell& a = cells[x];
        const Cell& c = cells[y];
        if (a.provider != c.provider) return a.provider < c.provider;
        return a.month != c.month ? a.month < c.month : a.status < c.status;
      });
      // pairs: the merchant's group providers, then its bindings' providers not among them
      const uint32_t first_pair = static_cast<uint32_t>(P.pairs.size());
      P.pair_begin[m] = first_pair;
      auto pair_of = [&](uint32_t provider) {
        for (uint32_t q = first_pair; q < P.pairs.size(); ++q)
          if (P.pairs[q].provider == provider) return q;
        P.pairs.push_back({provider, static_cast<uint32_t>(m)});
        return static_cast<uint32_t>(P.pairs.size() - 1);
      };
      for (auto it = b; it != e; ++it) {
        const Cell& c = cells[*it];
        if (it == b || c.provider != cells[*(it - 1)].provider)
          P.groups.push_back({pair_of(c.provider), static_cast<uint32_t>(P.entries.size())});
        P.entries.push_back({cell_class[*it], static_cast<uint32_t>(c.orders), c.amount_cents});
      }
      for (uint32_t j = A.bind_begin[m]; j < A.bind_begin[m + 1]; ++j) A.bind[j].pair = pair_of(A.bind[j].provider);
    }
    P.pair_begin[nm] = static_cast<uint32_t>(P.pairs.size());
    P.groups.push_back({0, static_cast<uint32_t>(P.entries.size())});
  }
  // merchant ranks (id byte order) and industries, for the merchant rows
  {
    const uint32_t nm = static_cast<uint32_t>(s.merchants.count());
    // sorted by the first 8 bytes as a big-endian number (zero padded), whole ids only on a tie
    std::vector<std::pair<uint64_t, uint32_t>> by_id(nm);
    for (uint32_t m = 0; m < nm; ++m) {
      const std::string_view id = s.merchants.view(m);
      uint64_t head = 0;
      for (size_t j = 0; j < 8; ++j) head = head << 8 | (j < id.size() ? static_cast<uint8_t>(id[j]) : 0);
      by_id[m] = {head, m};
    }
    std::sort(by_id.begin(), by_id.end(), [&s](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return s.merchants.view(a.second) < s.merchants.view(b.second);
    });
    P.merchant_rank.resize(nm);
    for (uint32_t r = 0; r < nm; ++r) P.merchant_rank[by_id[r].second] = r;
    P.industry_of.assign(nm, Store::Prepared::kNoIndustry);
    std::unordered_map<uint32_t, uint32_t> dense;
    for (uint32_t m = 0; m < nm && m < s.merchant_info.size(); ++m) {
      const uint32_t ind = s.merchant_info[m].industry;
      if (ind == Interner::kNone) continue;
      auto [it, fresh] = dense.emplace(ind, static_cast<uint32_t>(P.industries.size()));
      if (fresh) P.industries.push_back(ind);
      P.industry_of[m] = it->second;
    }
  }
  // variants grouped by main order id (record order within): evaluation dedupes a group at a time
  std::sort(P.variants.begin(), P.variants.end(), [&s](const auto& a, const auto& b) {
    const uint64_t ka = s.orders[a.first].key(), kb = s.orders[b.first].key();
    return ka != kb ? ka < kb : a.first < b.first;
  });
  std::unordered_map<uint32_t, uint32_t> variant_pos;   // record -> position, for the few folded samples
  for (auto& [rec, c] : folded_cell)
    if (s.orders[rec].flags & kVariant) variant_pos.emplace(rec, ~0u);
  if (!variant_pos.empty())
    for (uint32_t v = 0; v < P.variants.size(); ++v) {
      auto it = variant_pos.find(P.variants[v].first);
      if (it != variant_pos.end()) it->second = v;
    }
  for (auto& f : s.files)
    if (f && P.tag_live[f->tag])
      for (auto [rec, line] : f->folded_samples) {
        if (s.orders[rec].flags & kVariant) {
          if (variant_pos[rec] != ~0u) P.folded.push_back({true, variant_pos[rec], f->tag, line});
        } else if (folded_cell[rec] != ~0u) {
          P.folded.push_back({false, cell_class[folded_cell[rec]], f->tag, line});
        }
      }
  {
    auto dir = std::make_shared<MerchantDirectory>();
    for (uint32_t m = 0; m < s.merchants.count(); ++m) {
      const MerchantInfo mi = m < s.merchant_info.size() ? s.merchant_info[m] : MerchantInfo{};
      dir->add(s.merchants.view(m), mi.name != Interner::kNone ? s.names.view(mi.name) : std::string_view(),
               mi.industry != Interner::kNone ? s.names.view(mi.industry) : std::string_view());
    }
    P.directory = std::move(dir);
  }
  P.generation = s.generation;
  s.prepared = p;
  return *s.prepared;
}

}  // namespace tl
