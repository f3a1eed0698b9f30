// tierlens — the sample world: providers, merchants (ids, names, industries), bindings over time,
// skewed order volumes, synthetic monthly stats and the industry standards calibrated on them.
// Every writer rebuilds the same world from the Options, so the four files always agree.
#include <algorithm>
#include <stdexcept>

#include "normalize/normalize.hpp"
#include "sample/internal.hpp"

namespace tl::sample::detail {

// [SECTION] calendar -----------------------------------------------------------------------

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {  // the engine's calendar, so both agree
  return norm::days_from_civil(static_cast<int>(y), m, d);
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

static void two(char* p, unsigned v) { p[0] = static_cast<char>('0' + v / 10); p[1] = static_cast<char>('0' + v % 10); }

void format_time(int64_t t, char out[19]) {
  int64_t days = t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
  int64_t sec = t - days * kDay;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  two(out, static_cast<unsigned>(y / 100));
  two(out + 2, static_cast<unsigned>(y % 100));
  out[4] = '-';
  two(out + 5, m);
  out[7] = '-';
  two(out + 8, d);
  out[10] = ' ';
  two(out + 11, static_cast<unsigned>(sec / 3600));
  out[13] = ':';
  two(out + 14, static_cast<unsigned>(sec / 60 % 60));
  out[16] = ':';
  two(out + 17, static_cast<unsigned>(sec % 60));
}

void format_month(int mi, char out[7]) {
  two(out, static_cast<unsigned>(mi / 12 / 100));
  two(out + 2, static_cast<unsigned>(mi / 12 % 100));
  out[4] = '-';
  two(out + 5, static_cast<unsigned>(mi % 12 + 1));
}

// [SECTION] output -------------------------------------------------------------------------

Out::Out(const Sink& sink, bool gbk) : sink_(sink), gbk_(gbk), buf_(new char[kFlushAt + kMaxRow]) {}

void Out::put_uint(uint64_t v) {  // two digits per division: 19-digit ids are on every row
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char tmp[20];
  int k = 20;
  while (v >= 100) {
    const unsigned r = static_cast<unsigned>(v % 100);
    v /= 100;
    tmp[--k] = kPairs[2 * r + 1];
    tmp[--k] = kPairs[2 * r];
  }
  if (v >= 10) {
    tmp[--k] = kPairs[2 * v + 1];
    tmp[--k] = kPairs[2 * v];
  } else {
    tmp[--k] = static_cast<char>('0' + v);
  }
  std::memcpy(buf_.get() + n_, tmp + k, 20 - k);
  n_ += 20 - k;
}

void Out::put_fixed(uint64_t v, int width) {
  for (int k = width - 1; k >= 0; --k) { buf_[n_ + k] = static_cast<char>('0' + v % 10); v /= 10; }
  n_ += width;
}

void Out::put_cents(int64_t cents) {
  const uint64_t yuan = static_cast<uint64_t>(cents / 100);
  if (yuan >= 1000) {  // Excel-style thousands separators: the field then needs quotes
    put('"');
    const uint64_t hi = yuan / 1000;
    if (hi >= 1000) { put_uint(hi / 1000); put(','); put_fixed(hi % 1000, 3); }
    else put_uint(hi);
    put(',');
    put_fixed(yuan % 1000, 3);
  } else {
    put_uint(yuan);
  }
  put('.');
  put_fixed(static_cast<uint64_t>(cents % 100), 2);
  if (yuan >= 1000) put('"');
}

void Out::put_field(std::string_view s) {
  bool quote = false;
  for (char c : s)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') { quote = true; break; }
  if (!quote) { put(s); return; }
  put('"');
  for (char c : s) {
    if (c == '"') put('"');
    put(c);
  }
  put('"');
}

void Out::flush() {
  std::string_view data(buf_.get(), n_);
  if (gbk_) {
    utf8_to_gb18030(data, enc_);
    sink_(enc_);
  } else {
    sink_(data);
  }
  n_ = 0;
}

// [SECTION] world --------------------------------------------------------------------------

namespace {

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {  // Fisher-Yates with our own PRNG (std::shuffle varies)
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(static_cast<uint32_t>(i))]);
}

// a^1.5 in 1/1024 units, integer only
uint64_t pow15(uint64_t a) { return a * isqrt(a << 20); }

// Round to two significant digits (1,437 -> 1,400; 87 -> 87), never below 1.
int64_t nice(int64_t v) {
  if (v < 1) return 1;
  int64_t scale = 1;
  while (v / scale >= 100) scale *= 10;
  return std::max<int64_t>(1, (v + scale / 2) / scale * scale);
}

std::string merchant_name(Rng& rng, int ind) {
  const Words& w = words();
  const IndustryText& it = industry(ind);
  std::string s;
  s += w.shop_places[rng.below(static_cast<uint32_t>(w.shop_places.size()))];
  s += w.shop_cores[rng.below(static_cast<uint32_t>(w.shop_cores.size()))];
  const bool comma = rng.per_mille(30);  // "a few with commas"
  if (comma) {
    s += ',';
    s += w.shop_comma_words[rng.below(static_cast<uint32_t>(w.shop_comma_words.size()))];
  } else {
    s += it.shop_words[rng.below(static_cast<uint32_t>(it.shop_words.size()))];
  }
  s += w.shop_suffixes[rng.below(static_cast<uint32_t>(w.shop_suffixes.size()))];
  return s;
}

}  // namespace

int bound_provider(const Merchant& m, int64_t t, int* which) {
  int hit = -1;
  for (int b = 0; b < m.nbind; ++b)
    if (m.bind[b].start <= t && t < m.bind[b].end) hit = b;
  if (which) *which = hit;
  return hit < 0 ? -1 : m.bind[hit].provider;
}

World build_world(const Options& o) {
  if (o.providers < 1 || o.providers > 9000) throw std::invalid_argument("sample: providers must be 1..9000");
  if (o.months < 1 || o.months > 36) throw std::invalid_argument("sample: months must be 1..36");
  if (o.first_month < 1971 * 12 || o.first_month > 9000 * 12) throw std::invalid_argument("sample: first_month out of range");
  if (o.monthly_providers < 0 || o.monthly_providers > o.providers)
    throw std::invalid_argument("sample: monthly_providers must be 0..providers");
  if (o.merchants < o.providers || o.merchants > 1000000)
    throw std::invalid_argument("sample: need one merchant per provider at least (and at most 1,000,000)");
  if (o.order_rows > 100000000000ull) throw std::invalid_argument("sample: order_rows must be at most 10^11");
  if (o.standard_share_permille < 0 || o.standard_share_permille > 1000)
    throw std::invalid_argument("sample: standard_share_permille must be 0..1000");

  World w;
  w.o = o;
  Rng rng(mix(o.seed, 1));
  w.seed_products = mix(o.seed, 2);
  w.seed_orders = mix(o.seed, 3);
  w.nslots = o.months + 2;
  for (int s = 0; s <= w.nslots; ++s) w.slot_start.push_back(month_start(o.first_month - 1 + s));
  const int64_t W0 = w.slot_start[1], W1 = w.slot_start[o.months + 1];

  // providers: [0, mp) report monthly stats, the rest order rows
  const int P = o.providers, mp = o.monthly_providers;
  const auto& pt = provider_texts();
  for (int p = 0; p < P; ++p) {
    w.provider_ids.push_back("SP" + std::to_string(1001 + p));
    std::string name(pt[p % pt.size()].name);
    if (p >= static_cast<int>(pt.size())) name += std::to_string(p / pt.size() + 1);
    w.provider_names.push_back(std::move(name));
  }

  // merchant counts per group; every provider gets one at least
  int n_monthly = 0;
  if (mp == P) n_monthly = o.merchants;
  else if (mp > 0) n_monthly = o.monthly_merchants > 0 ? o.monthly_merchants : static_cast<int>(int64_t{o.merchants} * mp / P);
  n_monthly = std::max(n_monthly, mp);
  if (o.merchants - n_monthly < P - mp) throw std::invalid_argument("sample: too few merchants for the order providers");
  const int M = o.merchants;
  w.merchants.resize(M);

  auto assign = [&](int first, int count, int p0, int np) {  // merchants [first, first+count) to providers [p0, p0+np)
    std::vector<uint32_t> pw(np);
    uint64_t total = 0;
    for (int p = 0; p < np; ++p) total += pw[p] = 2 + rng.below(7);  // uneven provider sizes
    for (int i = 0; i < count; ++i) {
      int p = i;
      if (i >= np) {
        uint64_t r = rng.next() % total;
        for (p = 0; r >= pw[p]; ++p) r -= pw[p];
      }
      w.merchants[first + i].bind[0].provider = p0 + p;
      w.merchants[first + i].monthly = p0 < mp;
    }
  };
  if (n_monthly > 0) assign(0, n_monthly, 0, mp);
  if (M > n_monthly) assign(n_monthly, M - n_monthly, mp, P - mp);

  // shop ids: unique 8-digit numbers, in random order
  std::vector<uint32_t> ids(M);
  const uint32_t gap = static_cast<uint32_t>(std::max<int64_t>(1, std::min<int64_t>(40000, 60000000 / M)));
  uint32_t id = 20000000 + rng.below(1000000);
  for (auto& v : ids) v = id += 1 + rng.below(gap);
  shuffle(ids, rng);
  w.unbound.shop_id = 90000000 + rng.below(9999999);  // outside the range above: never bound
  w.unbound.industry = 3;
  w.unbound.name = merchant_name(rng, 3);
  w.unbound.catalog = 6;
  w.unbound.weight = 1;

  // identity, industry, bindings
  for (int i = 0; i < M; ++i) {
    Merchant& m = w.merchants[i];
    m.shop_id = ids[i];
    const int p = m.bind[0].provider;
    m.industry = static_cast<uint8_t>(rng.per_mille(450) ? pt[p % pt.size()].industry : static_cast<int>(rng.below(kIndustries)));
    m.name = merchant_name(rng, m.industry);
    m.nbind = 1;
    // most bound long before the window, 8 % during it
    if (rng.per_mille(80)) m.bind[0].start = rng.between(W0, W1 - kDay);
    else m.bind[0].start = rng.between(W0 - 900 * kDay, W0 - 45 * kDay);
    m.bind[0].end = kOpen;
    const int64_t lo = std::max(m.bind[0].start, W0) + kDay, hi = W1 - kDay;
    const int group_first = m.monthly ? 0 : mp, group_size = m.monthly ? mp : P - mp;
    const uint32_t u = rng.below(1000);
    if (lo < hi && u < 40) {
      m.bind[0].end = rng.between(lo, hi);  // unbound during the window
    } else if (lo < hi && u < 70 && group_size > 1) {  // re-bound to another provider of its group
      const int64_t t = rng.between(lo, hi);
      int q = group_first + static_cast<int>(rng.below(static_cast<uint32_t>(group_size - 1)));
      if (q >= p) ++q;
      m.bind[0].end = t;
      m.bind[1] = Bind{q, t, kOpen};
      m.nbind = 2;
    }
  }

  // volumes: Zipf-like over a random rank within the group, times noise and the industry's typical
  // volume; a few merchants sell nothing; rank 0 always sells. The monthly group (a provider near
  // 9M orders) is steeper (exponent 1.5): a handful of huge shops and a long tail, as at that scale;
  // the order group uses exponent 1 so that small exports still have a spread of shops.
  auto volumes = [&](int first, int count, bool steep) {
    std::vector<int> order(count);
    for (int i = 0; i < count; ++i) order[i] = first + i;
    shuffle(order, rng);
    const uint64_t q = steep ? 3 : 5;
    for (int r = 0; r < count; ++r) {
      Merchant& m = w.merchants[order[r]];
      const uint64_t z = steep ? (uint64_t{1} << 20) * pow15(q) / pow15(r + q) : (uint64_t{1} << 20) * q / (r + q);
      const uint64_t noise = 128 + rng.below(257);
      m.weight = static_cast<uint32_t>(std::max<uint64_t>(1, z * noise / 256 * industry(m.industry).volume / 256));
      if (r > 0 && rng.per_mille(30)) m.weight = 0;
      m.catalog = 3 + rng.below(12) + std::min<uint32_t>(40, m.weight >> 15);
    }
  };
  if (n_monthly > 0) volumes(0, n_monthly, true);
  if (M > n_monthly) volumes(n_monthly, M - n_monthly, false);

  // month activity: a trend plus noise; 3 % pause for one window month
  w.factor.resize(static_cast<size_t>(M) * w.nslots);
  for (int i = 0; i < M; ++i) {
    const int64_t trend = rng.between(-30, 30);
    const int paused = rng.per_mille(30) && w.merchants[i].weight ? 1 + static_cast<int>(rng.below(o.months)) : -1;
    for (int s = 0; s < w.nslots; ++s) {
      int64_t f = 256 + trend * (2 * s - w.nslots) / 2 + rng.between(-40, 40);
      if (s == paused) f = 0;
      w.factor[static_cast<size_t>(i) * w.nslots + s] = static_cast<uint16_t>(std::clamp<int64_t>(f, s == paused ? 0 : 24, 511));
    }
  }

  // monthly stats of the monthly group: ~monthly_paid_orders split by weight x month factor, one
  // row per merchant and window month in which it is bound (0 for merchants without sales)
  w.monthly_count.assign(static_cast<size_t>(M) * o.months, -1);
  {
    uint64_t S = 0;
    auto wf = [&](int i, int k) {
      return uint64_t{w.merchants[i].weight} * w.factor[static_cast<size_t>(i) * w.nslots + k + 1];
    };
    auto bound_in = [&](const Merchant& m, int k) {
      for (int b = 0; b < m.nbind; ++b)
        if (m.bind[b].start < w.slot_start[k + 2] && m.bind[b].end > w.slot_start[k + 1]) return true;
      return false;
    };
    for (int i = 0; i < n_monthly; ++i)
      for (int k = 0; k < o.months; ++k)
        if (bound_in(w.merchants[i], k)) S += wf(i, k);
    const uint64_t T = std::min<uint64_t>(o.monthly_paid_orders, uint64_t{1} << 32);
    for (int i = 0; i < n_monthly; ++i)
      for (int k = 0; k < o.months; ++k)
        if (bound_in(w.merchants[i], k))
          w.monthly_count[static_cast<size_t>(i) * o.months + k] = S ? static_cast<int64_t>(T * wf(i, k) / S) : 0;
  }

  // orders world: rows per slot (1.5 % before the window, 1.5 % after unless spill_after is off,
  // the rest by month length) and the per-slot sampling tables
  {
    const uint64_t N = o.order_rows;
    w.slot_rows.assign(w.nslots, 0);
    w.slot_rows[0] = N * 15 / 1000;
    w.slot_rows[w.nslots - 1] = o.spill_after ? N * 15 / 1000 : 0;
    uint64_t left = N - w.slot_rows[0] - w.slot_rows[w.nslots - 1];
    const uint64_t span = static_cast<uint64_t>(W1 - W0);
    for (int k = 1; k <= o.months; ++k) {
      uint64_t n = k == o.months ? left : (N - w.slot_rows[0] - w.slot_rows[w.nslots - 1]) *
                                               static_cast<uint64_t>(w.slot_start[k + 1] - w.slot_start[k]) / span;
      n = std::min(n, left);
      w.slot_rows[k] = n;
      left -= n;
    }
    for (int i = n_monthly; i < M; ++i) w.order_merchants.push_back(i);
    w.cumulative.assign(w.nslots, {});
    for (int s = 0; s < w.nslots; ++s) {
      uint64_t c = 0;
      for (int i : w.order_merchants) {
        c += uint64_t{w.merchants[i].weight} * w.factor[static_cast<size_t>(i) * w.nslots + s];
        w.cumulative[s].push_back(c);
      }
    }
  }

  return w;
}

std::array<int64_t, kIndustries> compute_standards(const World& w) {
  const int months = w.o.months;
  std::vector<std::vector<int64_t>> best(kIndustries);
  // realised best months: monthly stats as written, order merchants as the engine counts their rows
  const std::vector<uint64_t> agg = w.order_merchants.empty() ? std::vector<uint64_t>() : aggregate_orders(w);
  for (size_t i = 0; i < w.merchants.size(); ++i) {
    const Merchant& m = w.merchants[i];
    int64_t b = 0;
    for (int k = 0; k < months; ++k) {
      if (m.monthly) b = std::max(b, w.monthly_count[i * months + k]);
      else
        for (int j = 0; j < 2; ++j) b = std::max<int64_t>(b, static_cast<int64_t>(agg[(i * w.nslots + k + 1) * 2 + j]));
    }
    best[m.industry].push_back(b);
  }
  // per industry, the threshold that about standard_share_permille of its merchants beat (strictly),
  // rounded to two significant digits; one industry deliberately has none
  std::array<int64_t, kIndustries> out{};
  for (int ind = 0; ind < kIndustries; ++ind) {
    auto& v = best[ind];
    if (ind == kOmittedIndustry) { out[ind] = -1; continue; }
    if (v.empty()) { out[ind] = 100; continue; }
    std::sort(v.begin(), v.end());
    const int64_t n = static_cast<int64_t>(v.size()), target = n * w.o.standard_share_permille / 1000;
    int64_t pick = v.back(), err = INT64_MAX;
    for (int64_t i = 0; i < n; ++i) {  // counts tie at small volumes: take the closest achievable share
      if (i + 1 < n && v[i + 1] == v[i]) continue;
      const int64_t above = n - 1 - i, e = above > target ? above - target : target - above;
      if (e <= err) { err = e; pick = v[i]; }
    }
    out[ind] = nice(pick);
  }
  return out;
}

}  // namespace tl::sample::detail
