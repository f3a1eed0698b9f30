// tierlens — the evaluation window: a month range as typed, the data's months, and the window the
// rule's calendar gives by default.
#include <algorithm>
#include <climits>

#include "eval/evaluate.hpp"
#include "eval/prepared.hpp"

namespace tl {

std::optional<Window> parse_window(const std::string& s) {
  const size_t dots = s.find("..");
  const std::string a = dots == std::string::npos ? s : s.substr(0, dots);
  const std::string b = dots == std::string::npos ? s : s.substr(dots + 2);
  auto m0 = norm::parse_month(a), m1 = norm::parse_month(b);
  if (!m0 || !m1 || *m1 < *m0 || *m1 - *m0 > 35) return std::nullopt;
  return Window{*m0, *m1};
}

std::vector<int> WindowInfo::months() const {
  std::vector<int> out;
  for (int m = window.first_month; m <= window.last_month; ++m) out.push_back(m);
  return out;
}

std::vector<Window> WindowInfo::choices(int n) const {
  std::vector<Window> out;
  for (auto it = data_months.rbegin(); it != data_months.rend(); ++it) out.push_back(Window{*it - std::max(1, n) + 1, *it});
  return out;
}

// month -> latest pay time (CST s; INT64_MIN: monthly stats only), of every record, counted or not:
// gathered by prepare()'s walk, which an evaluation needs anyway
std::vector<int> data_months(const Store& s) {
  std::vector<int> out;
  for (auto& [m, t] : prepare(s).month_last) out.push_back(m);
  return out;
}

// The latest grade whose window the data covers whole (WindowInfo). *incomplete: the data's last month
// stops before its last day; *in_progress: that month, when the window leaves it out (it does unless
// it is the only month with data).
std::optional<Window> default_window_of(const Store& s, const RuleSet& rules, bool* incomplete, std::optional<int>* in_progress) {
  const auto& dm = prepare(s).month_last;
  if (incomplete) *incomplete = false;
  if (in_progress) in_progress->reset();
  if (dm.empty()) return std::nullopt;
  auto last = std::prev(dm.end());
  int L = last->first;
  bool running = false;
  if (last->second != INT64_MIN) {   // (monthly stats only: no pay times, a month is whole)
    const int64_t last_day = norm::month_start_cst_seconds(L + 1) - 86400;
    running = last->second < last_day;
  }
  if (running && dm.size() > 1) {
    if (in_progress) *in_progress = L;
    L -= 1;
    running = false;
  }
  if (incomplete) *incomplete = running;
  return Window{L - std::max(1, rules.window_months) + 1, L};
}

}  // namespace tl
