// tierlens — the typed result of one evaluation: what every client shows, writes or exports.
//
//   tl::Result r = ws.evaluate(rules);
//   for (const tl::ProviderResult& p : r.providers)          // ranked: tier, then paid orders
//     p.metrics.qualified_merchants, p.tier, p.tiers[t].conditions, p.next, p.months, p.merchants
//   r.quality.not_counted                                    // every row not counted, by reason
//   tl::report::json(r, lang)                                // the versioned report (report/report.hpp)
//
// A Result owns everything it names (ids, names, industries, file findings), so it stays valid when
// the Workspace reads more files or is gone. Merchant strings sit in a directory shared by every
// evaluation of the same data (no copy per evaluation); the per-month orders of all merchant rows
// are one flat array.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "file_info.hpp"
#include "messages/catalog.hpp"
#include "rules/rules.hpp"

namespace tl {

struct Window {
  int first_month = 0;   // norm::month_index
  int last_month = 0;    // inclusive
  int months() const { return last_month >= first_month ? last_month - first_month + 1 : 0; }
  bool operator==(const Window& o) const { return first_month == o.first_month && last_month == o.last_month; }
};

struct Metrics {
  int64_t paid_orders = 0, active_merchants = 0, qualified_merchants = 0;
  int64_t paid_amount_cents = 0;   // informational
  double value(Metric m) const;    // as a tier condition compares it (paid_amount in yuan)
};

struct ConditionResult {
  bool any_group = false;          // false: one of the tier's `all` conditions
  Metric metric = Metric::PaidOrders;
  Op op = Op::Ge;
  double bar = 0;
  double value = 0;
  bool pass = false;
  double margin() const { return value - bar; }
  double missing() const;          // how much more the metric needs to pass (0 when it passes)
};

struct TierResult {
  size_t tier = 0;                 // index into Result::rules.tiers
  bool configured = false;         // the base tier and tiers with conditions
  bool earned = false;
  std::vector<ConditionResult> conditions;   // `all` first, then `any`, in rule order
};

// The next configured tier above the earned one and what each failing condition still needs.
struct NextTier {
  size_t tier = 0;                 // index into Result::rules.tiers
  struct Gap {
    Metric metric;
    double missing;
  };
  std::vector<Gap> required;       // failing `all` conditions
  std::vector<Gap> any_of;         // failing `any` conditions, when none of them holds
  bool any_satisfied = false;
  std::optional<Metric> cheapest;  // of any_of: the smallest gap relative to its bar
};

struct MonthMetrics {
  int month = 0;                   // norm::month_index
  Metrics metrics;
};

// One row of a provider's merchant table.
struct MerchantRow {
  uint32_t merchant = 0;           // in Result::directory
  uint32_t orders_at = 0;          // its orders per window month: Result::orders_of(row)
  uint32_t rank = 0;               // position of the merchant id in byte order (the table's tie-break)
  int64_t total = 0;
  int64_t amount_cents = 0;
  bool active = false;
  bool qualified = false;
  int best = -1;                   // index into the window months; -1 when no orders
  int64_t best_orders = 0;
  std::optional<int64_t> standard; // none: no known standard for the merchant's industry
  std::optional<int64_t> shortfall;
};

// Whether a provider takes part in the grade a window makes (docs/rule.md, "Eligibility"): month M's grade
// counts providers certified by the last day of M-1, inclusive. Checked only when a providers file is read;
// a provider not eligible keeps the tier its numbers earn (ProviderResult::tier) and is marked so.
struct Eligibility {
  enum class Status : uint8_t { Eligible, NotEligible, Unknown };   // Unknown: not in the providers file(s)
  Status status = Status::Unknown;
  std::optional<int64_t> certified_since;   // CST seconds, the earliest listed; none when not listed
  int grade_month = 0;                      // norm::month_index: the grade checked (WindowInfo::grade_month())
};
const char* eligibility_name(Eligibility::Status s);   // "eligible", "not_eligible", "unknown"

struct ProviderResult {
  std::string id, name;            // id "" = all data (no provider column, no bindings)
  Metrics metrics;
  int64_t bound_merchants = 0;     // merchant rows (bound in the window, or with orders)
  int64_t without_standard = 0;
  size_t tier = 0;                 // index into Result::rules.tiers (0 = base, always earned)
  std::vector<TierResult> tiers;   // one per rule tier
  std::optional<NextTier> next;
  std::vector<MonthMetrics> months;   // one per window month
  std::vector<MerchantRow> merchants; // total desc, then merchant id
  std::vector<size_t> near;        // indices into merchants: not qualified, smallest shortfall first
  std::optional<Eligibility> eligibility;   // none: no providers file was read (not checked)
};

struct Sample {
  std::string file;
  uint64_t line = 0;
};

struct ReasonTally {
  Reason reason;
  uint64_t count = 0;
  std::vector<Sample> samples;     // the first lines in file order (up to 5)
};

struct DataQuality {
  uint64_t rows_read = 0, rows_counted = 0;
  std::vector<ReasonTally> not_counted;                     // reasons with rows, by code
  std::vector<std::pair<std::string, uint64_t>> statuses;   // status as written -> rows, by text
  std::vector<std::string> industries_without_standard;     // sorted; "" = merchants without an industry
  std::vector<FileInfo> files;                              // every file, in opening order
};

// Merchant ids, names and industries, by merchant number (a snapshot of the store's strings).
class MerchantDirectory {
 public:
  std::string_view id(uint32_t m) const { return at(ids_, m); }
  std::string_view name(uint32_t m) const { return at(names_, m); }
  std::string_view industry(uint32_t m) const { return at(industries_, m); }
  size_t size() const { return ids_.offsets.empty() ? 0 : ids_.offsets.size() - 1; }
  void add(std::string_view id, std::string_view name, std::string_view industry) {
    put(ids_, id);
    put(names_, name);
    put(industries_, industry);
  }

 private:
  struct Table {
    std::string bytes;
    std::vector<uint32_t> offsets{0};
  };
  static void put(Table& t, std::string_view s) {
    t.bytes.append(s.data(), s.size());
    t.offsets.push_back(static_cast<uint32_t>(t.bytes.size()));
  }
  static std::string_view at(const Table& t, uint32_t m) {
    if (m + 1 >= t.offsets.size()) return {};
    return std::string_view(t.bytes.data() + t.offsets[m], t.offsets[m + 1] - t.offsets[m]);
  }
  Table ids_, names_, industries_;
};

// The rule's calendar: the grade of month M is made on the N whole months before it (M-N .. M-1). By
// default the window is the latest grade whose months the data covers whole: a last month that is still
// running (the data stops before its last day) is left out, as the next grade in progress.
struct WindowInfo {
  Window window{0, -1};            // empty when there is no data
  bool explicit_window = false;    // asked for; else the rule's calendar chose it
  bool last_month_incomplete = false;   // the data stops before the window's last day
  std::optional<int> in_progress;  // the data's running last month, left out of the default window
  int running_day = 0;             // the day (1..31) of the data's latest pay time in its running month (in_progress,
                                   // or the window's last month when last_month_incomplete); 0 when no month runs
  int grade_month() const { return window.last_month + 1; }   // the grade this window makes
  std::vector<int> data_months;    // months with at least one row with a valid pay time (or monthly stats)
  std::vector<int> months() const; // the window's months, in order
  // The windows of n months a person can choose: one ending at each data month, latest first.
  std::vector<Window> choices(int n) const;
};

// One past grade (EvalOptions::history): month M's grade, made on M-N .. M-1, per provider.
struct Grade {
  int month = 0;                   // the graded month (norm::month_index)
  Window window;
  struct Provider {
    std::string id;
    size_t tier = 0;               // index into Result::rules.tiers
    Metrics metrics;
    std::optional<Eligibility::Status> eligibility;   // for this grade month; none: not checked
  };
  std::vector<Provider> providers; // ranked as Result::providers
};

// [SECTION] the gap planner (tl::plan, plan.hpp; docs/plan.md) ------------------------------------
// What each provider still needs for its next configured tier, in the Result's window; and, for the
// grade in progress (a window whose last month is still running), how many paid orders a remaining day.
struct PlanPace {
  int grade_month = 0;             // the grade in progress (norm::month_index)
  Window window;                   // its window: the last month is the data's running month
  int through_day = 0;             // the day of the data's latest pay time in that month (counted as gone)
  int days_in_month = 0;
  int remaining_days = 0;          // days_in_month - through_day, at least 1
  bool same_window = false;        // the Result's own window is the grade in progress
};

struct ProviderPlan {
  enum class State : uint8_t { Next, Top, NoNext };   // a next tier; already the highest tier; none above configured
  State state = State::Top;
  std::optional<size_t> target;    // index into Result::rules.tiers: ProviderResult::next->tier
  std::vector<ConditionResult> failing;   // the target's failing conditions: `all`, then `any` when none holds
  // paid orders (when the target has a `>=` / `>` paid-orders condition in `all`, or in `any` while none holds)
  bool orders_needed = false;
  int64_t orders_missing = 0;      // in the Result's window (0: met there)
  struct Pace {
    int64_t value = 0;             // paid orders so far in Plan::pace's window
    int64_t missing = 0;           // still missing there for the same condition
    int64_t per_day = 0;           // missing / remaining days, rounded up
  };
  std::optional<Pace> pace;        // when Plan::pace is set
  // active merchants (a failing `>=` / `>` condition): the bound merchants with no orders in the window
  int64_t active_missing = 0;
  std::vector<uint32_t> not_sold;  // indices into ProviderResult::merchants, by merchant id
  // qualified merchants (a failing `>=` / `>` condition): every merchant row not qualified that has a standard
  int64_t qualified_missing = 0;
  std::vector<uint32_t> candidates;   // indices into ProviderResult::merchants: shortfall, then merchant id
  // the target's `any` conditions when none holds: what each would take from the merchants there are
  struct Alternative {
    Metric metric = Metric::PaidOrders;
    int64_t missing = 0;           // how much the metric still needs (cents for paid_amount)
    int64_t merchants = 0;         // existing merchant rows that would close it (not-sold ones, candidates)
    int64_t new_merchants = 0;     // what the existing merchant rows cannot give
    std::optional<int64_t> orders; // paid orders it takes from those merchants; none: not counted in orders
  };
  std::vector<Alternative> alternatives;   // rule order
  std::optional<size_t> cheapest;  // index into alternatives: fewest new merchants, then fewest orders, then rule order
};

struct Plan {
  std::optional<PlanPace> pace;    // the grade in progress, when a month is running
  std::vector<ProviderPlan> providers;   // one per Result::providers, in the same order
};

// [SECTION] the projection (tl::project, projection.hpp; docs/plan.md#3-the-projection) --------------
// While a month is running: each metric of the grade in progress carried to its window's end at the
// running month's daily rate, and the tier those figures would earn. A projection, never a fact: every
// client labels it so ("预测（按当前日均推算）" / "Projection (at the current daily rate)").
struct Projection {
  int grade_month = 0;             // the grade in progress (norm::month_index)
  Window window;                   // its window: the last month is the data's running month
  int through_day = 0;             // days of the running month covered (through the data's latest pay time)
  int days_in_month = 0;
  int days_left = 0;               // days_in_month - through_day
  bool same_window = false;        // the Result's own window is the grade in progress
  struct Provider {
    std::string id;
    Metrics so_far;                // in the window, the running month through through_day
    int64_t running_orders = 0;    // of so_far.paid_orders, in the running month
    // paid orders / amount: so far + the running month's so far / through_day * days_left (rounded half up);
    // active merchants: so far (none projected); qualified merchants: qualified in a whole month of the
    // window, or on pace in the running month (its orders so far / through_day * days_in_month vs the standard)
    Metrics projected;
    int64_t qualified_on_pace = 0; // of projected.qualified_merchants, merchants qualified only by their pace
    size_t tier = 0;               // index into Result::rules.tiers: what the projected metrics would earn
    std::optional<size_t> target;  // the next configured tier above the provider's tier (ProviderResult::next)
    bool on_track = false;         // the projected tier reaches target (false without a target)
    bool keeps = false;            // the projected tier is at least the provider's tier in the Result
  };
  std::vector<Provider> providers; // one per Result::providers, in the same order
};

// [SECTION] rule comparison (tl::compare, compare.hpp) ---------------------------------------------
// The same data under a second rule set: each provider's tier under both, and the conditions that
// make the difference.
struct Comparison {
  RuleSet other;                   // the second rule set (other_tier indexes its tiers)
  struct Side {
    bool present = false;          // the condition (Kind::Condition) or the configured tier (Kind::Tier) exists
    Op op = Op::Ge;
    double bar = 0, value = 0;
    bool pass = false;
  };
  struct Difference {
    enum class Kind : uint8_t { Condition, Tier };    // Tier: configured under one rule set only
    Kind kind = Kind::Condition;
    std::string tier;              // the tier id
    bool any_group = false;
    Metric metric = Metric::PaidOrders;
    Side main, other;
  };
  struct Provider {
    std::string id;
    size_t tier = 0;               // index into Result::rules.tiers
    size_t other_tier = 0;         // index into other.tiers
    bool changed = false;          // the tier ids differ
    std::vector<Difference> changed_by;   // of the tiers earned under one rule set only, the conditions that differ
  };
  std::vector<Provider> providers; // Result::providers' order, then providers only the other evaluation has (by id)
};

struct Result {
  RuleSet rules;                   // the rule set evaluated
  WindowInfo window;
  std::vector<Grade> history;      // when asked: every grade whose window lies within the data's whole months
  std::optional<Plan> plan;        // when asked: tl::plan(workspace, result)
  std::optional<Comparison> comparison;   // when asked: tl::compare(result, result under other rules)
  std::optional<Projection> projection;   // when asked and a month is running: tl::project(workspace, result)
  std::vector<ProviderResult> providers;   // ranked: tier high first, then paid orders, then id
  bool eligibility_checked = false;        // a providers file was read: every provider has its Eligibility
  DataQuality quality;
  std::vector<int64_t> merchant_orders;    // every merchant row's orders per window month, flat
  std::shared_ptr<const MerchantDirectory> directory;

  const int64_t* orders_of(const MerchantRow& r) const {
    return merchant_orders.data() + static_cast<size_t>(r.orders_at) * static_cast<size_t>(window.window.months());
  }
  std::string_view merchant_id(const MerchantRow& r) const { return directory ? directory->id(r.merchant) : std::string_view(); }
  std::string_view merchant_name(const MerchantRow& r) const { return directory ? directory->name(r.merchant) : std::string_view(); }
  std::string_view merchant_industry(const MerchantRow& r) const { return directory ? directory->industry(r.merchant) : std::string_view(); }
  const ProviderResult* provider(std::string_view id) const;
  const Tier& tier_of(const ProviderResult& p) const { return rules.tiers[p.tier]; }
};

}  // namespace tl
