// tierlens — sample generator internals: PRNG, calendar, buffered CSV output, the generated world.
//
// Only integer arithmetic: the same seed must give the same bytes from g++/libstdc++ and
// em++/libc++, so nothing here may depend on a standard library's distributions or libm.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sample/generator.hpp"

namespace tl::sample::detail {

// [SECTION] PRNG ---------------------------------------------------------------------------

inline uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
// Independent stream seeds from (seed, purpose tag, index).
inline uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t x = a ^ (b * 0xD1B54A32D192ED03ull);
  splitmix64(x);
  return splitmix64(x);
}

// xoshiro256**
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& v : s_) v = splitmix64(seed);
  }
  uint64_t next() {
    const uint64_t r = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  // [0, n) by multiply-shift (Lemire without the rejection step: bias < n / 2^32, irrelevant here)
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next() >> 32) * n) >> 32); }
  // [lo, hi] inclusive, for spans that may exceed 32 bits (times)
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool per_mille(uint32_t p) { return below(1000) < p; }
  bool per_myriad(uint32_t p) { return below(10000) < p; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

inline uint64_t isqrt(uint64_t v) {  // floor(sqrt(v)), exact
  uint64_t r = 0, bit = uint64_t{1} << 62;
  while (bit > v) bit >>= 2;
  while (bit) {
    if (v >= r + bit) { v -= r + bit; r = (r >> 1) + bit; }
    else r >>= 1;
    bit >>= 2;
  }
  return r;
}

// [SECTION] calendar (CST wall-clock seconds since 1970-01-01 00:00:00) ---------------------

constexpr int64_t kDay = 86400;
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d);
inline int64_t month_start(int month_index) {  // month index = year * 12 + month - 1
  return days_from_civil(month_index / 12, static_cast<unsigned>(month_index % 12 + 1), 1) * kDay;
}
void format_time(int64_t t, char out[19]);     // "2023-06-01 12:00:00"
void format_month(int month_index, char out[7]);  // "2023-06"

// [SECTION] output -------------------------------------------------------------------------

// Rows are built into a 64 KiB buffer and handed to the sink whole (GB18030 conversion, when on,
// happens per flush, always at a row boundary so no character is split).
class Out {
 public:
  static constexpr size_t kFlushAt = 64 * 1024;
  static constexpr size_t kMaxRow = 32 * 1024;  // far above any generated row
  Out(const Sink& sink, bool gbk);
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;

  void bom() { if (!gbk_) put("\xEF\xBB\xBF"); }
  void put(char c) { buf_[n_++] = c; }
  void put(std::string_view s) { std::memcpy(buf_.get() + n_, s.data(), s.size()); n_ += s.size(); }
  void put_uint(uint64_t v);
  void put_fixed(uint64_t v, int width);          // zero-padded to width digits
  void put_time(int64_t t) { format_time(t, buf_.get() + n_); n_ += 19; }
  void put_cents(int64_t cents);                  // 89.90, or "1,299.00" (quoted, separators) from 1000
  void put_field(std::string_view s);             // RFC 4180 quoting when needed
  void comma() { buf_[n_++] = ','; }
  void end_row() {
    buf_[n_++] = '\r';
    buf_[n_++] = '\n';
    if (n_ >= kFlushAt) flush();
  }
  void finish() { if (n_) flush(); }

 private:
  void flush();
  const Sink& sink_;
  bool gbk_;
  std::unique_ptr<char[]> buf_;
  size_t n_ = 0;
  std::string enc_;
};

// UTF-8 -> GB18030 for the characters the generator writes (throws on any other character).
void utf8_to_gb18030(std::string_view in, std::string& out);

// [SECTION] word lists (text.cpp) ----------------------------------------------------------

constexpr int kIndustries = 8;
constexpr int kOmittedIndustry = 6;  // 珠宝饰品 gets no standard: "industry without standard" occurs

struct IndustryText {
  std::string_view name;
  std::vector<std::string_view> items, modifiers, shop_words;
  std::string_view spec1_label; std::vector<std::string_view> spec1;
  std::string_view spec2_label; std::vector<std::string_view> spec2;  // label empty: one dimension
  int64_t price_lo, price_hi;   // cents
  uint32_t volume;              // relative order volume per merchant, 256 = 1
};
const IndustryText& industry(int i);

struct ProviderText {
  std::string_view name;
  int industry;                 // the belt's main industry
};
const std::vector<ProviderText>& provider_texts();

struct Words {
  std::vector<std::string_view> tags, quote_words, suffixes, surnames, addresses,
      shop_places, shop_cores, shop_suffixes, shop_comma_words;
};
const Words& words();

// [SECTION] the world: providers, merchants, bindings, volumes ------------------------------

constexpr int64_t kOpen = INT64_MAX;  // binding without end

struct Bind {
  int provider = 0;
  int64_t start = 0, end = kOpen;  // [start, end), end kOpen when still bound
};

struct Merchant {
  uint32_t shop_id = 0;
  uint8_t industry = 0;
  uint8_t nbind = 0;
  bool monthly = false;   // its provider reports through monthly stats, not order rows
  Bind bind[2];
  uint32_t weight = 0;    // relative order volume, 0 = no sales at all
  uint32_t catalog = 0;   // number of products
  std::string name;
};

struct World {
  Options o;
  int nslots = 0;                      // months + 2: slot 0 = month before, last = month after
  std::vector<int64_t> slot_start;     // nslots + 1 boundaries
  std::vector<std::string> provider_ids, provider_names;
  std::vector<Merchant> merchants;
  std::vector<uint16_t> factor;        // [merchant * nslots + slot], month activity in 1/256
  std::vector<int64_t> monthly_count;  // [merchant * months + k]: monthly-stats value, -1 = no row
  uint64_t seed_products = 0, seed_orders = 0;
  Merchant unbound;                    // the shop of the "not in bindings" dirty rows
  // orders world: row counts per slot and merchant sampling tables
  std::vector<uint64_t> slot_rows;
  std::vector<int> order_merchants;                 // merchants that appear in order rows
  std::vector<std::vector<uint64_t>> cumulative;    // per slot, over order_merchants
};

World build_world(const Options& o);
// Provider bound to merchant m at time t, -1 if none; *which = index in m.bind
int bound_provider(const Merchant& m, int64_t t, int* which = nullptr);

// Per-(merchant, slot, binding) paid main orders of the orders export, as the engine counts them.
std::vector<uint64_t> aggregate_orders(const World& w);
void write_orders_world(const World& w, const Sink& sink);
// Monthly order standard per industry, -1 for the one left out (replays the orders: not free).
std::array<int64_t, kIndustries> compute_standards(const World& w);

}  // namespace tl::sample::detail
