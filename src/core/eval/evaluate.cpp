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

// month -> latest pay time (CST s; INT64_MIN: monthly stats only), of every record: gathered by
// prepare()'s walk over the records, which an evaluation needs anyway
static const std::map<int, int64_t>& data_months(const Workspace::Store& s);

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

// One (provider, merchant) of the evaluation; its orders per window month are Evaluation::merchant_orders
// [index * nmonths ..), flat: one allocation per evaluation rather than one per merchant.
struct Agg {
  uint32_t provider_slot;
  uint32_t merchant;
  int64_t amount_cents = 0;
};

enum LooseReason : uint8_t { kPayMissingR, kPayBadR, kNotInBindingsR, kNotBoundR, kMissingProviderR };
const char* const kLooseName[] = {"missing_pay_time", "bad_pay_time", "merchant_not_in_bindings", "not_bound_at_pay_time",
                                  "missing_provider_id"};
constexpr uint32_t kSingleProvider = 0xFFFFFFFFu;

// Keeps, per reason, the 5 sample lines that come first in file order.
// Reasons are looked up by their address first: hundreds of thousands of cells name a few dozen reasons,
// and a std::string built per lookup showed in the profile (most of all in WebAssembly).
struct Samples {
  using Best = std::vector<std::pair<uint64_t, Sample>>;
  std::map<std::string, Best> best;   // (file order << 32 | line) -> sample
  std::vector<std::pair<const char*, Best*>> seen;
  Best& of(const char* reason) {
    for (auto& [k, v] : seen)
      if (k == reason) return *v;
    Best* v = &best[reason];
    seen.emplace_back(reason, v);
    return *v;
  }
  void add(const char* reason, uint64_t order_key, const std::string& file, uint64_t line) {
    Best& v = of(reason);
    if (v.size() == 5 && order_key >= v.back().first) return;
    auto it = std::upper_bound(v.begin(), v.end(), order_key, [](uint64_t k, const auto& x) { return k < x.first; });
    v.insert(it, {order_key, Sample{file, line}});
    if (v.size() > 5) v.pop_back();
  }
};

}  // namespace

// [SECTION] prepared data ----------------------------------------------------------------------
// Everything about the order records that does not depend on the rule set or the window: which
// provider each record is attributed to (bindings at pay time, provider column, or one provider)
// or why it cannot be, grouped into cells of (provider, merchant, month, status). An evaluation
// then walks cells (hundreds of thousands), not records (millions): a change of rules or window only
// re-runs the walk. Records that share a main order id with a different record ("variants") are kept
// apart and deduplicated at evaluation time, because whether they count depends on the status list.
//
// How a cell counts depends only on its (status, month), its "class": unpaid status, outside the
// window, or counted in window month k. So what the reasons need (rows, orders, sample lines) is summed
// per class, and a cell keeps just its class, orders and amount, grouped by (provider, merchant): an
// evaluation decides each class once, and adds a group's counted cells into its merchant row directly.

struct Workspace::Store::Prepared {
  uint64_t generation = ~0ull;
  bool by_bindings = false, by_column = false;
  uint8_t tag_live[256] = {};
  // bindings per merchant, by start (file order among equal starts): merchant m's are
  // bind[bind_begin[m] .. bind_begin[m + 1]), flat so that a lookup touches two cache lines
  struct Bind { int64_t start, end; uint32_t provider, pair; };
  std::vector<uint32_t> bind_begin;
  std::vector<Bind> bind;
  struct Class {
    int32_t month;
    uint16_t status;
    uint8_t nsamples = 0;
    uint8_t sample_file[5] = {};
    uint32_t sample_line[5] = {};   // the class's first sample lines in file order (of its cells' first rows)
    uint64_t orders = 0, rows = 0;
  };
  std::vector<Class> classes;
  struct Entry {               // one cell
    uint32_t cls;
    uint32_t orders;           // records: fewer than 2^32
    int64_t amount_cents;
  };
  struct Group {               // the cells of one (provider, merchant): entries [begin, next group's begin)
    uint32_t pair, begin;
  };
  std::vector<Group> groups;   // by merchant, then provider; one more at the end closes the last group
  // the (provider, merchant) pairs of the groups and live bindings: an evaluation's merchant rows, found
  // by index. By merchant: merchant m's are pairs[pair_begin[m] .. pair_begin[m + 1])
  struct Pair { uint32_t provider, merchant; };
  std::vector<Pair> pairs;
  std::vector<uint32_t> pair_begin;
  std::vector<Entry> entries;
  // merchant -> position of its id in byte order: the merchant tables' tie-break without string compares
  std::vector<uint32_t> merchant_rank;
  // merchant -> index into industries (names ids of the industries in use), or kNoIndustry
  static constexpr uint32_t kNoIndustry = 0xFFFFFFFFu;
  std::vector<uint32_t> industry_of;
  std::vector<uint32_t> industries;
  struct Loose {
    uint64_t key;
    uint8_t reason;
    uint16_t status;
    int32_t month;
    uint8_t file;
    uint32_t line[3];
    uint8_t nlines = 0;
    uint64_t rows = 0;
  };
  std::vector<Loose> loose;
  std::map<int, int64_t> month_last;                // data_months()
  std::vector<std::pair<uint32_t, uint32_t>> variants;   // (record, line), by main order id, then record order
  std::unordered_set<uint64_t> has_orders;          // (merchant << 32 | month) with order rows
  struct Folded {
    bool variant;
    uint32_t index;      // class of the cell, or position in `variants`
    uint8_t file;
    uint32_t line;
  };
  std::vector<Folded> folded;

  // The provider bound to the merchant at CST time t, or kNoProvider and why not; and the span
  // [*lo, *hi) of times around t with the same answer: the bindings that start by t are the same
  // throughout, and none of them starts or ends inside.
  uint32_t bound_span(uint32_t merchant, int64_t t, LooseReason* why, int64_t* lo, int64_t* hi) const {
    const Bind* b = bind.data() + bind_begin[merchant];
    const Bind* const e = bind.data() + bind_begin[merchant + 1];
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    const Bind* hit = nullptr;
    for (; b != e && b->start <= t; ++b) {
      *lo = std::max(*lo, b->start);
      if (t < b->end) { hit = b; *hi = std::min(*hi, b->end); }
      else *lo = std::max(*lo, b->end);
    }
    if (b != e) *hi = std::min(*hi, b->start);
    if (!hit) { *why = bind_begin[merchant] == bind_begin[merchant + 1] ? kNotInBindingsR : kNotBoundR; return kNoProvider; }
    return hit->provider;
  }
  uint32_t bound_at(uint32_t merchant, int64_t t, LooseReason* why) const {
    int64_t lo, hi;
    return bound_span(merchant, t, why, &lo, &hi);
  }
};

static int month_of_store(uint32_t pay) {
  return norm::month_of_cst_seconds(static_cast<int64_t>(pay) + kStoreEpochCst);
}

static const Workspace::Store::Prepared& prepare(const Workspace::Store& s) {
  if (s.prepared && s.prepared->generation == s.generation) return *s.prepared;
  s.release_order_index();   // first: the walk's cells need not sit on top of it at the peak
  auto p = std::make_shared<Workspace::Store::Prepared>();
  Workspace::Store::Prepared& P = *p;
  for (auto& f : s.files)
    if (f && f->info.state == FileState::Done) P.tag_live[f->tag] = 1;
  for (const Binding& b : s.bindings) P.by_bindings = P.by_bindings || P.tag_live[b.file];
  if (!P.by_bindings) {
    for (uint32_t i = 0; i < s.orders.size(); ++i)
      if (P.tag_live[s.orders[i].file] && s.provider_of(i) != kNoProvider) { P.by_column = true; break; }
    for (const MonthlyRec& r : s.monthly) if (P.tag_live[r.file] && r.provider != kNoProvider) { P.by_column = true; break; }
  }
  {
    std::vector<const Binding*> live;
    for (const Binding& b : s.bindings)
      if (P.tag_live[b.file]) live.push_back(&b);
    std::stable_sort(live.begin(), live.end(), [](const Binding* a, const Binding* b) {
      return a->merchant != b->merchant ? a->merchant < b->merchant : a->start < b->start;
    });
    P.bind_begin.assign(s.merchants.count() + 1, 0);
    for (const Binding* b : live) {
      ++P.bind_begin[b->merchant + 1];
      P.bind.push_back({b->start, b->end, b->provider, 0});
    }
    for (size_t m = 1; m < P.bind_begin.size(); ++m) P.bind_begin[m] += P.bind_begin[m - 1];
  }

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
    uint8_t bound_why = 0;
    uint8_t nlines = 3, file = 0;   // the cell's sample lines so far, and its file
  };
  std::vector<Walk> walk(s.merchants.count());
  auto write_back = [&cells](Walk& w) {
    if (w.key == ~0ull) return;
    Cell& c = cells[w.cell];
    c.orders += w.orders;
    c.rows += w.rows;
    c.amount_cents += w.amount_cents;
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
  Workspace::Store::LineWalk lines;
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
    uint8_t why = 255;  // LooseReason when the record cannot be attributed
    uint32_t provider = kSingleProvider;
    Walk& w = walk[r.merchant];
    if (!paid) {
      why = (r.flags & kPayMissing) ? kPayMissingR : kPayBadR;
    } else if (P.by_bindings) {
      const int64_t t = static_cast<int64_t>(r.pay) + kStoreEpochCst;
      if (t < w.bound_lo || t >= w.bound_hi) {
        LooseReason lr = kNotBoundR;
        w.bound = P.bound_span(r.merchant, t, &lr, &w.bound_lo, &w.bound_hi);
        w.bound_why = lr;
      }
      provider = w.bound;
      if (provider == kNoProvider) why = w.bound_why;
    } else if (P.by_column) {
      const uint32_t rp = s.provider_of(i);
      if (rp == kNoProvider || rp == kEmptyProvider) why = kMissingProviderR;
      else provider = rp;
    }
    const uint64_t mo = static_cast<uint64_t>(std::max(0, std::min(4095, month - 2000 * 12)));
    if (why != 255) {
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
    w.amount_cents += wide ? s.amount_of(i) : r.amount_cents;
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
      Workspace::Store::Prepared::Class& cl = P.classes[k];
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
      Workspace::Store::Prepared::Class& cl = P.classes[k];
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
      for (uint32_t j = P.bind_begin[m]; j < P.bind_begin[m + 1]; ++j) P.bind[j].pair = pair_of(P.bind[j].provider);
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
    P.industry_of.assign(nm, Workspace::Store::Prepared::kNoIndustry);
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
  P.generation = s.generation;
  s.prepared = p;
  return *s.prepared;
}

static const std::map<int, int64_t>& data_months(const Workspace::Store& s) { return prepare(s).month_last; }

Report Workspace::evaluate(const RuleSet& rules, const EvalOptions& opt) const {
  const Store& s = *store_;
  Evaluation e;
  const Store::Prepared& P = prepare(s);
  Samples samples;
  // sample lines are ordered by file (opening order) then line
  std::string tag_name[256];
  uint64_t tag_order[256] = {};
  for (size_t i = 0; i < s.files.size(); ++i)
    if (s.files[i]) { tag_name[s.files[i]->tag] = s.files[i]->info.name; tag_order[s.files[i]->tag] = i; }
  std::vector<std::pair<const char*, uint64_t*>> counts_seen;   // as Samples::of
  auto count_of = [&](const char* reason) -> uint64_t& {
    for (auto& [k, v] : counts_seen)
      if (k == reason) return *v;
    uint64_t* v = &e.not_counted[reason];
    counts_seen.emplace_back(reason, v);
    return *v;
  };
  auto add_reason = [&](const char* reason, uint64_t n, uint8_t tag, uint64_t line) {
    if (!n) return;
    count_of(reason) += n;
    samples.add(reason, tag_order[tag] << 40 | line, tag_name[tag], line);
  };
  auto add_reason_lines = [&](const char* reason, uint64_t n, uint8_t tag, const uint32_t* lines, uint8_t nlines) {
    if (!n) return;
    count_of(reason) += n;
    for (uint8_t j = 0; j < nlines; ++j) samples.add(reason, tag_order[tag] << 40 | lines[j], tag_name[tag], lines[j]);
  };

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
  auto month_slot = [&](int month) -> int {
    int k = month - e.window.first_month;
    return k >= 0 && k < nmonths ? k : -1;
  };

  // 2. providers
  std::vector<const FileSlot*> live;
  for (auto& f : s.files)
    if (f && P.tag_live[f->tag]) live.push_back(f.get());
  // interned provider -> e.providers index (arrays by dense id: looked up once per cell)
  constexpr uint32_t kNoSlot = 0xFFFFFFFFu;
  std::vector<uint32_t> provider_slot(s.providers.count(), kNoSlot);
  uint32_t single_slot = kNoSlot;
  auto slot_of = [&](uint32_t p) -> uint32_t {
    uint32_t& ref = p == kSingleProvider ? single_slot : provider_slot[p];
    if (ref != kNoSlot) return ref;
    uint32_t n = static_cast<uint32_t>(e.providers.size());
    ref = n;
    ProviderResult pr;
    pr.provider = p;
    pr.months.resize(nmonths);
    if (p != kSingleProvider) {
      pr.id = s.providers.str(p);
      if (p < s.provider_name.size() && s.provider_name[p] != Interner::kNone) pr.name = s.names.str(s.provider_name[p]);
    }
    e.providers.push_back(std::move(pr));
    return n;
  };
  if (!P.by_bindings && !P.by_column) slot_of(kSingleProvider);

  // Agg i < pairs.size() is prepared pair i, in use once it has a provider slot; more (a variant's or a
  // monthly row's (provider, merchant) that no cell or binding has) are added after them
  std::vector<Agg> aggs(P.pairs.size(), Agg{kNoSlot, 0, 0});
  std::vector<int64_t>& agg_orders = e.merchant_orders;            // nmonths per Agg
  agg_orders.assign(aggs.size() * nmonths, 0);
  auto use_pair = [&](uint32_t pair) -> uint32_t {
    Agg& a = aggs[pair];
    if (a.provider_slot == kNoSlot) {
      const Store::Prepared::Pair& pr = P.pairs[pair];
      a.merchant = pr.merchant;
      a.provider_slot = pr.provider == kSingleProvider ? 0 : slot_of(pr.provider);
    }
    return pair;
  };
  std::unordered_map<uint64_t, uint32_t> more_aggs;   // (provider << 32 | merchant) -> Agg
  auto agg_of = [&](uint32_t provider, uint32_t merchant) -> uint32_t {
    for (uint32_t q = P.pair_begin[merchant]; q < P.pair_begin[merchant + 1]; ++q)
      if (P.pairs[q].provider == provider) return use_pair(q);
    auto [it, fresh] = more_aggs.emplace(static_cast<uint64_t>(provider) << 32 | merchant, static_cast<uint32_t>(aggs.size()));
    if (fresh) {
      aggs.push_back(Agg{provider == kSingleProvider ? 0 : slot_of(provider), merchant, 0});
      agg_orders.resize(aggs.size() * nmonths, 0);
    }
    return it->second;
  };
  // merchants bound during the window belong in their provider's table even without orders
  const int64_t w0 = norm::month_start_cst_seconds(e.window.first_month);
  const int64_t w1 = norm::month_start_cst_seconds(e.window.last_month + 1);
  if (P.by_bindings && nmonths > 0)
    for (const Store::Prepared::Bind& b : P.bind)
      if (b.start < w1 && b.end > w0) use_pair(b.pair);

  std::vector<uint8_t> excluded(s.statuses.count(), 0);
  for (uint32_t i = 0; i < s.statuses.count(); ++i) excluded[i] = status_excluded(rules, s.statuses.view(i));
  auto is_excluded = [&](uint32_t status) { return status < excluded.size() && excluded[status]; };

  // 3a. cells: attributed, deduplicated order records. A class of cells (status, month) is unpaid,
  // outside the window or counted in window month k: decided once, then the groups add their counted cells.
  std::vector<int> class_slot(P.classes.size(), -1);
  for (size_t i = 0; i < P.classes.size(); ++i) {
    const Store::Prepared::Class& c = P.classes[i];
    const char* reason = nullptr;
    int k = -1;
    if (is_excluded(c.status)) reason = "unpaid_status";
    else if ((k = month_slot(c.month)) < 0) reason = "outside_window";
    if (reason) {
      count_of(reason) += c.rows;
      for (uint8_t j = 0; j < c.nsamples; ++j)
        samples.add(reason, tag_order[c.sample_file[j]] << 40 | c.sample_line[j], tag_name[c.sample_file[j]], c.sample_line[j]);
      continue;
    }
    class_slot[i] = k;
    e.rows_counted += c.orders;
    if (c.rows > c.orders) count_of("duplicate_main_order") += c.rows - c.orders;
  }
  {
    std::vector<int64_t> orders(nmonths), amounts(nmonths);
    for (size_t g = 0; g + 1 < P.groups.size(); ++g) {
      const Store::Prepared::Group& gr = P.groups[g];
      bool counted = false;
      for (uint32_t i = gr.begin; i < P.groups[g + 1].begin; ++i) {
        const Store::Prepared::Entry& en = P.entries[i];
        const int k = class_slot[en.cls];
        if (k < 0) continue;
        if (!counted) {
          std::fill(orders.begin(), orders.end(), 0);
          std::fill(amounts.begin(), amounts.end(), 0);
          counted = true;
        }
        orders[k] += en.orders;
        amounts[k] += en.amount_cents;
      }
      if (!counted) continue;
      const uint32_t a = use_pair(gr.pair);
      int64_t* ao = &agg_orders[static_cast<size_t>(a) * nmonths];
      MonthRow* pm = e.providers[aggs[a].provider_slot].months.data();
      for (int k = 0; k < nmonths; ++k) {
        ao[k] += orders[k];
        aggs[a].amount_cents += amounts[k];
        pm[k].amount_cents += amounts[k];
      }
    }
  }
  // 3b. records that cannot be attributed, or have no usable pay time
  for (const Store::Prepared::Loose& l : P.loose) {
    const char* reason;
    if (is_excluded(l.status)) reason = "unpaid_status";
    else if (l.reason == kPayMissingR || l.reason == kPayBadR) reason = kLooseName[l.reason];
    else if (month_slot(l.month) < 0) reason = "outside_window";
    else reason = kLooseName[l.reason];
    add_reason_lines(reason, l.rows, l.file, l.line, l.nlines);
  }
  // 3c. variants: records sharing a main order id with a different record, deduplicated here
  // (sorted by main order id: a main order counts once per provider slot, its first record in file order)
  std::vector<uint8_t> variant_counted(P.variants.size(), 0);
  std::vector<uint32_t> group_slots;   // provider slots the current main order already counts for
  for (uint32_t vi = 0; vi < P.variants.size(); ++vi) {
    const auto [idx, line] = P.variants[vi];
    const OrderRec& r = s.orders[idx];
    if (vi == 0 || r.key() != s.orders[P.variants[vi - 1].first].key()) group_slots.clear();
    const uint32_t rp = s.provider_of(idx);
    const uint64_t rows = s.rows_of(idx);
    const bool excl = is_excluded(s.status_of(idx));
    const char* reason = nullptr;
    uint32_t pslot = 0, provider = kSingleProvider;
    int k = -1;
    if (r.flags & (kPayMissing | kPayBad)) {
      reason = excl ? "unpaid_status" : (r.flags & kPayMissing) ? "missing_pay_time" : "bad_pay_time";
    } else if (excl) {
      reason = "unpaid_status";
    } else if ((k = month_slot(month_of_store(r.pay))) < 0) {
      reason = "outside_window";
    } else if (P.by_bindings) {
      LooseReason why = kNotBoundR;
      uint32_t p = P.bound_at(r.merchant, static_cast<int64_t>(r.pay) + kStoreEpochCst, &why);
      if (p == kNoProvider) reason = kLooseName[why];
      else pslot = slot_of(provider = p);
    } else if (P.by_column) {
      if (rp == kNoProvider || rp == kEmptyProvider) reason = "missing_provider_id";
      else pslot = slot_of(provider = rp);
    }
    if (!reason) {
      if (std::find(group_slots.begin(), group_slots.end(), pslot) != group_slots.end()) reason = "duplicate_main_order";
      else group_slots.push_back(pslot);
    }
    if (reason) { add_reason(reason, rows, r.file, line); continue; }
    variant_counted[vi] = 1;
    e.rows_counted += 1;
    if (rows > 1) count_of("duplicate_main_order") += rows - 1;
    const int64_t amount = s.amount_of(idx);
    const uint32_t a = agg_of(provider, r.merchant);
    agg_orders[static_cast<size_t>(a) * nmonths + k] += 1;
    aggs[a].amount_cents += amount;
    e.providers[pslot].months[k].amount_cents += amount;
  }
  // sample lines of folded duplicate rows, when their main order was counted
  for (const Store::Prepared::Folded& f : P.folded) {
    bool counted = f.variant ? variant_counted[f.index] != 0 : class_slot[f.index] >= 0;
    if (counted) samples.add("duplicate_main_order", tag_order[f.file] << 40 | f.line, tag_name[f.file], f.line);
  }

  // 4. monthly stats rows
  if (!s.monthly.empty()) {
    for (const MonthlyRec& r : s.monthly) {
      if (!P.tag_live[r.file]) continue;
      const char* reason = nullptr;
      uint32_t provider = kSingleProvider;
      int k = r.month - e.window.first_month;
      if (k < 0 || k >= nmonths) {
        reason = "outside_window";
      } else if (P.has_orders.count((static_cast<uint64_t>(r.merchant) << 32) | static_cast<uint32_t>(r.month))) {
        reason = "superseded_by_order_rows";
      } else if (P.by_bindings) {
        // the binding in force at the end of the month, else the last one that started in it
        int64_t m0 = norm::month_start_cst_seconds(r.month), m1 = norm::month_start_cst_seconds(r.month + 1);
        const Store::Prepared::Bind* hit = nullptr;
        const uint32_t b0 = P.bind_begin[r.merchant], b1 = P.bind_begin[r.merchant + 1];
        for (uint32_t j = b0; j < b1; ++j)
          if (P.bind[j].start < m1 && P.bind[j].end > m0) hit = &P.bind[j];
        if (b0 == b1) reason = kLooseName[kNotInBindingsR];
        else if (!hit) reason = kLooseName[kNotBoundR];
        else slot_of(provider = hit->provider);
      } else if (P.by_column) {
        if (r.provider == kNoProvider || r.provider == kEmptyProvider) reason = "missing_provider_id";
        else slot_of(provider = r.provider);
      }
      if (reason) {
        add_reason(reason, 1, r.file, r.line);
        continue;
      }
      e.rows_counted += 1;
      agg_orders[static_cast<size_t>(agg_of(provider, r.merchant)) * nmonths + k] += r.count;
    }
  }

  // ingest-time rejections, rows read, statuses
  for (const FileSlot* f : live) {
    if (f->info.kind != FileKind::Orders && f->info.kind != FileKind::MonthlyStats) continue;
    e.rows_read += f->info.rows;
    for (auto& [reason, rj] : f->rejected) {
      e.not_counted[reason] += rj.count;
      for (uint64_t line : rj.lines) samples.add(reason.c_str(), tag_order[f->tag] << 40 | line, f->info.name, line);
    }
    for (auto& [st, n] : f->info.statuses) e.statuses[st] += n;
  }

  // 5. metrics per provider and merchant
  std::map<std::string, int64_t> standards = rules.industry_standards;
  for (const FileSlot* f : live)
    for (auto& [ind, v] : f->standards) standards[ind] = v;
  // standards per industry in use (looked up once, not once per merchant)
  std::vector<std::optional<int64_t>> industry_standard(P.industries.size());
  std::vector<uint8_t> industry_missing(P.industries.size() + 1, 0);   // the last: merchants without an industry
  for (size_t i = 0; i < P.industries.size(); ++i) {
    auto it = standards.find(s.names.str(P.industries[i]));
    if (it != standards.end()) industry_standard[i] = it->second;
    else if (rules.default_standard) industry_standard[i] = rules.default_standard;
  }
  const std::optional<int64_t> no_industry_standard =
      rules.default_standard ? std::optional<int64_t>(rules.default_standard) : std::nullopt;
  {
    std::vector<uint32_t> per_provider(e.providers.size(), 0);
    for (const Agg& a : aggs)
      if (a.provider_slot != kNoSlot) ++per_provider[a.provider_slot];
    for (size_t p = 0; p < e.providers.size(); ++p) e.providers[p].merchants.reserve(per_provider[p]);
  }
  for (uint32_t ai = 0; ai < aggs.size(); ++ai) {
    const Agg& a = aggs[ai];
    if (a.provider_slot == kNoSlot) continue;   // a pair with no orders nor binding in this window
    ProviderResult& p = e.providers[a.provider_slot];
    MerchantRow row;
    row.merchant = a.merchant;
    row.orders_at = ai;
    row.rank = P.merchant_rank[a.merchant];
    row.amount_cents = a.amount_cents;
    const uint32_t ind = P.industry_of[a.merchant];
    row.standard = ind != Store::Prepared::kNoIndustry ? industry_standard[ind] : no_industry_standard;
    if (!row.standard) industry_missing[ind != Store::Prepared::kNoIndustry ? ind : P.industries.size()] = 1;
    const int64_t* orders = &agg_orders[static_cast<size_t>(ai) * nmonths];
    for (int k = 0; k < nmonths; ++k) {
      int64_t n = orders[k];
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
    p.merchants.push_back(row);
  }
  agg_orders.resize(aggs.size() * nmonths);
  std::set<std::string> no_standard;
  for (size_t i = 0; i < industry_missing.size(); ++i)
    if (industry_missing[i]) no_standard.insert(i < P.industries.size() ? s.names.str(P.industries[i]) : std::string());
  // table order: total desc, then merchant id (its rank). Only the tables that will be written or
  // returned are sorted; the others keep aggregation order, and their near list is picked by the same key.
  auto table_before = [](const MerchantRow& a, const MerchantRow& b) {
    return a.total != b.total ? a.total > b.total : a.rank < b.rank;
  };
  const size_t near_limit = static_cast<size_t>(std::max(0, opt.near_limit));
  for (ProviderResult& p : e.providers) {
    for (int k = 0; k < nmonths; ++k) p.months[k].month = e.window.first_month + k;
    p.merchants_sorted = opt.include_merchants ||
                         (opt.merchant_tables && (!opt.merchant_tables_of || p.id == *opt.merchant_tables_of));
    if (p.merchants_sorted) std::sort(p.merchants.begin(), p.merchants.end(), table_before);
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
  e.industries_without_standard.assign(no_standard.begin(), no_standard.end());
  for (auto& [reason, v] : samples.best)
    for (auto& [k, smp] : v) e.samples[reason].push_back(smp);

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
