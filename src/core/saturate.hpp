// tierlens — 64-bit sums that stop at the ends of the range instead of wrapping (internal header).
//
// Amounts and counts are bounded where they are read (an amount below 10^16 cents, a monthly count at
// most 10^10), but a sum over millions of rows of absurd values can still pass 2^63: such a total
// is shown as the largest (or smallest) 64-bit value, never as a wrapped, negative one.
#pragma once
#include <cstdint>

namespace tl {

inline void add_sat(int64_t& total, int64_t v) {
  if (__builtin_add_overflow(total, v, &total)) [[unlikely]] total = v < 0 ? INT64_MIN : INT64_MAX;
}

}  // namespace tl
