// tierlens — attribution: which provider an order or a monthly-stats row belongs to. Decided here and
// nowhere else (internal header).
//
//   bindings file present      the provider the merchant was bound to at pay time:
//                              bind_start <= pay_time < bind_end (an empty end: still bound)
//   else a provider column     the provider the row names
//   else                       one provider for all data (id "")
//
// A monthly-stats row has no pay time: it goes to the binding in force at the end of its month, else
// to the last binding that started in it.
#pragma once
#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

#include "messages/catalog.hpp"
#include "normalize/normalize.hpp"
#include "store/store.hpp"

namespace tl {

constexpr uint32_t kSingleProvider = 0xFFFFFFFDu;   // the one provider when nothing names one (not kNoProvider: that means "none")

class Attribution {
 public:
  enum class By : uint8_t { Bindings, ProviderColumn, OneProvider };

  // Decides how attribution works for the live files (tag_live[tag] != 0) and indexes their bindings.
  void build(const Store& s, const uint8_t (&tag_live)[256]) {
    by_ = By::OneProvider;
    for (const Binding& b : s.bindings)
      if (tag_live[b.file]) { by_ = By::Bindings; break; }
    if (by_ != By::Bindings) {
      for (uint32_t i = 0; i < s.orders.size() && by_ == By::OneProvider; ++i)
        if (tag_live[s.orders[i].file] && s.provider_of(i) != kNoProvider) by_ = By::ProviderColumn;
      for (const MonthlyRec& r : s.monthly)
        if (tag_live[r.file] && r.provider != kNoProvider) { by_ = By::ProviderColumn; break; }
    }
    std::vector<const Binding*> live;
    for (const Binding& b : s.bindings)
      if (tag_live[b.file]) live.push_back(&b);
    std::stable_sort(live.begin(), live.end(), [](const Binding* a, const Binding* b) {
      return a->merchant != b->merchant ? a->merchant < b->merchant : a->start < b->start;
    });
    bind_begin.assign(s.merchants.count() + 1, 0);
    bind.clear();
    for (const Binding* b : live) {
      ++bind_begin[b->merchant + 1];
      bind.push_back({b->start, b->end, b->provider, 0});
    }
    for (size_t m = 1; m < bind_begin.size(); ++m) bind_begin[m] += bind_begin[m - 1];
  }
  By by() const { return by_; }

  // The provider of an order paid at CST time t by `merchant`, whose row names `row_provider` (its
  // provider column's value, kNoProvider / kEmptyProvider): a provider id, kSingleProvider, or
  // kNoProvider with *why set. With bindings, [*lo, *hi) are the times around t with the same
  // answer (the bindings that start by t are the same throughout, and none starts or ends inside),
  // so a walk over one merchant's orders can skip the lookup while t stays in it.
  uint32_t of_order(uint32_t merchant, int64_t t, uint32_t row_provider, Reason* why, int64_t* lo, int64_t* hi) const {
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    if (by_ != By::Bindings) return of_row(row_provider, why);
    const Bind* b = bind.data() + bind_begin[merchant];
    const Bind* const e = bind.data() + bind_begin[merchant + 1];
    const Bind* hit = nullptr;
    for (; b != e && b->start <= t; ++b) {
      *lo = std::max(*lo, b->start);
      if (t < b->end) { hit = b; *hi = std::min(*hi, b->end); }
      else *lo = std::max(*lo, b->end);
    }
    if (b != e) *hi = std::min(*hi, b->start);
    if (!hit) {
      *why = bind_begin[merchant] == bind_begin[merchant + 1] ? Reason::MerchantNotInBindings : Reason::NotBoundAtPayTime;
      return kNoProvider;
    }
    return hit->provider;
  }
  uint32_t of_order(uint32_t merchant, int64_t t, uint32_t row_provider, Reason* why) const {
    int64_t lo, hi;
    return of_order(merchant, t, row_provider, why, &lo, &hi);
  }

  // The provider of a monthly-stats row of `month` (norm::month_index).
  uint32_t of_month(uint32_t merchant, int month, uint32_t row_provider, Reason* why) const {
    if (by_ != By::Bindings) return of_row(row_provider, why);
    const int64_t m0 = norm::month_start_cst_seconds(month), m1 = norm::month_start_cst_seconds(month + 1);
    const uint32_t b0 = bind_begin[merchant], b1 = bind_begin[merchant + 1];
    const Bind* hit = nullptr;
    for (uint32_t j = b0; j < b1; ++j)
      if (bind[j].start < m1 && bind[j].end > m0) hit = &bind[j];
    if (b0 == b1) { *why = Reason::MerchantNotInBindings; return kNoProvider; }
    if (!hit) { *why = Reason::NotBoundAtPayTime; return kNoProvider; }
    return hit->provider;
  }

  // Bindings per merchant, by start (file order among equal starts): merchant m's are
  // bind[bind_begin[m] .. bind_begin[m + 1]), flat so that a lookup touches two cache lines.
  // `pair`: the (provider, merchant) pair of the prepared data the binding gives a merchant row.
  struct Bind {
    int64_t start, end;
    uint32_t provider, pair;
  };
  std::vector<uint32_t> bind_begin;
  std::vector<Bind> bind;

 private:
  // Without bindings the row alone decides: the one provider, or the provider its column names.
  uint32_t of_row(uint32_t row_provider, Reason* why) const {
    if (by_ == By::OneProvider) return kSingleProvider;
    if (row_provider == kNoProvider || row_provider == kEmptyProvider) {
      *why = Reason::MissingProviderId;
      return kNoProvider;
    }
    return row_provider;
  }
  By by_ = By::OneProvider;
};

}  // namespace tl
