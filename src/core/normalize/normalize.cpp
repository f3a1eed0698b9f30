// tierlens — field normalisation. Hand-written scanners: no locale, no allocation, no floating
// point, so native and wasm builds produce identical values for every input.
#include "normalize.hpp"

namespace tl::norm {

namespace {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline int dval(char c) { return c - '0'; }
inline bool byte_is(const char* p, unsigned char b) { return static_cast<unsigned char>(*p) == b; }
// The UTF-8 sequence a..(len) at p, bounds-checked against e.
inline bool seq_at(const char* p, const char* e, const char* seq, int len) {
  if (e - p < len) return false;
  for (int i = 0; i < len; ++i)
    if (p[i] != seq[i]) return false;
  return true;
}

// UTF-8 byte sequences we recognise.
constexpr char kNian[] = "\xE5\xB9\xB4";     // 年
constexpr char kYue[] = "\xE6\x9C\x88";      // 月
constexpr char kRi[] = "\xE6\x97\xA5";       // 日
constexpr char kHao[] = "\xE5\x8F\xB7";      // 号 (colloquial 日)
constexpr char kFwColon[] = "\xEF\xBC\x9A";  // ：
constexpr char kYuan[] = "\xE5\x85\x83";     // 元
constexpr char kYen[] = "\xC2\xA5";          // ¥
constexpr char kFwYen[] = "\xEF\xBF\xA5";    // ￥
constexpr char kMinus[] = "\xE2\x88\x92";    // − U+2212
constexpr char kFwMinus[] = "\xEF\xBC\x8D";  // －
constexpr char kEmDash[] = "\xE2\x80\x94";   // —

// Length of the whitespace character starting at p (0 if none). Besides ASCII: NBSP, U+2000-U+200B
// (typographic and zero-width spaces), U+202F, U+3000 (full-width) and U+FEFF (stray BOM).
inline int ws_fwd(const char* p, const char* e) {
  unsigned char c = static_cast<unsigned char>(*p);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c < 0xC2) return 0;
  if (c == 0xC2) return (e - p >= 2 && byte_is(p + 1, 0xA0)) ? 2 : 0;
  if (e - p < 3) return 0;
  unsigned char c1 = static_cast<unsigned char>(p[1]), c2 = static_cast<unsigned char>(p[2]);
  if (c == 0xE2 && c1 == 0x80 && c2 >= 0x80 && (c2 <= 0x8B || c2 == 0xAF)) return 3;
  if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) return 3;
  if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;
  return 0;
}
// Length of the whitespace character ending at e (0 if none).
inline int ws_back(const char* b, const char* e) {
  unsigned char c = static_cast<unsigned char>(e[-1]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c < 0x80) return 0;
  if (e - b >= 2 && c == 0xA0 && byte_is(e - 2, 0xC2)) return 2;
  if (e - b >= 3 && ws_fwd(e - 3, e) == 3) return 3;
  return 0;
}
inline const char* skip_ws(const char* p, const char* e) {
  int n;
  while (p < e && (n = ws_fwd(p, e)) > 0) p += n;
  return p;
}

inline std::string_view trim(std::string_view s) {
  const char* b = s.data();
  const char* e = b + s.size();
  b = skip_ws(b, e);
  int n;
  while (e > b && (n = ws_back(b, e)) > 0) e -= n;
  return std::string_view(b, static_cast<size_t>(e - b));
}

// Trim, then remove one Excel text guard: ="..." or a leading '. (Tabs are whitespace, so a
// leading or trailing tab guard is already gone.)
std::string_view strip_guards(std::string_view s) {
  s = trim(s);
  if (s.size() >= 3 && s[0] == '=' && s[1] == '"' && s.back() == '"') return trim(s.substr(2, s.size() - 3));
  if (!s.empty() && s[0] == '\'') return trim(s.substr(1));
  return s;
}

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
bool iequals(std::string_view s, const char* lit) {
  size_t i = 0;
  for (; lit[i]; ++i)
    if (i >= s.size() || lower(s[i]) != lit[i]) return false;
  return i == s.size();
}
bool istarts(const char* p, const char* e, const char* lit, int len) {
  if (e - p < len) return false;
  for (int i = 0; i < len; ++i)
    if (lower(p[i]) != lit[i]) return false;
  return true;
}

// Placeholders that exports write for "no value": dashes (-, --, —, －), null, N/A, #N/A.
bool is_placeholder(std::string_view s) {
  if (s.empty()) return true;
  const char c0 = s[0];  // fast exit for the usual digit/letter values
  if (c0 != '-' && c0 != 'n' && c0 != 'N' && c0 != '#' && c0 != '\xE2' && c0 != '\xEF') return false;
  const char* p = s.data();
  const char* e = p + s.size();
  const char* q = p;
  while (q < e) {
    if (*q == '-') ++q;
    else if (seq_at(q, e, kEmDash, 3) || seq_at(q, e, kFwMinus, 3)) q += 3;
    else break;
  }
  if (q == e) return true;
  return iequals(s, "null") || iequals(s, "n/a") || iequals(s, "#n/a");
}

// Excel's rendering of a large number: [sign] digits [. digits] E [sign] digits. Alphanumeric ids
// like E12345 or 12E4AB do not match.
bool is_scientific(std::string_view s) {
  const char* p = s.data();
  const char* e = p + s.size();
  if (p < e && (*p == '+' || *p == '-')) ++p;
  const char* d = p;
  while (p < e && is_digit(*p)) ++p;
  if (p == d) return false;
  if (p < e && *p == '.') {
    ++p;
    while (p < e && is_digit(*p)) ++p;
  }
  if (p == e || (*p != 'E' && *p != 'e')) return false;
  ++p;
  if (p < e && (*p == '+' || *p == '-')) ++p;
  d = p;
  while (p < e && is_digit(*p)) ++p;
  return p != d && p == e;
}

// Thousands separators: , ， space NBSP U+2009 U+202F. Returns its byte length (0 if none) and
// an identity so a number must use one separator consistently.
inline int group_sep(const char* p, const char* e, int& id) {
  unsigned char c = static_cast<unsigned char>(*p);
  if (c == ',' || c == ' ') { id = c; return 1; }
  if (c == 0xC2 && e - p >= 2 && byte_is(p + 1, 0xA0)) { id = 0xA0; return 2; }
  if (seq_at(p, e, "\xEF\xBC\x8C", 3)) { id = 0xFF0C; return 3; }
  if (seq_at(p, e, "\xE2\x80\x89", 3)) { id = 0x2009; return 3; }
  if (seq_at(p, e, "\xE2\x80\xAF", 3)) { id = 0x202F; return 3; }
  return 0;
}

struct Decimal {
  uint64_t int_part = 0;
  unsigned frac3 = 0;         // first three fraction digits as 0..999
  bool frac_nonzero = false;  // any non-zero fraction digit
};
// Unsigned decimal with optional strictly-3-digit grouping ("1,234,567.89", "1 234"); grouping
// that is not 3-digit ("12,34") is rejected rather than guessed (could be a decimal comma).
// Returns the end of the number or nullptr; int_part must stay <= limit.
const char* parse_decimal(const char* p, const char* e, uint64_t limit, Decimal& out) {
  int group = 0, sep_id = -1, int_digits = 0;
  for (;;) {
    while (p < e && is_digit(*p)) {
      unsigned d = static_cast<unsigned>(dval(*p));
      if (out.int_part > (limit - d) / 10) return nullptr;
      out.int_part = out.int_part * 10 + d;
      ++group;
      ++int_digits;
      ++p;
    }
    int id = 0, n = (p < e && group > 0) ? group_sep(p, e, id) : 0;
    if (n == 0 || p + n >= e || !is_digit(p[n])) break;
    if (sep_id < 0) {
      if (group > 3) return nullptr;
      sep_id = id;
    } else if (id != sep_id || group != 3) {
      return nullptr;
    }
    group = 0;
    p += n;
  }
  if (sep_id >= 0 && group != 3) return nullptr;
  int frac_digits = 0;
  if (p < e && *p == '.') {
    ++p;
    while (p < e && is_digit(*p)) {
      int d = dval(*p);
      if (frac_digits < 3) out.frac3 = out.frac3 * 10 + static_cast<unsigned>(d);
      if (d) out.frac_nonzero = true;
      ++frac_digits;
      ++p;
    }
    for (int i = frac_digits; i < 3; ++i) out.frac3 *= 10;
  }
  if (int_digits == 0 && frac_digits == 0) return nullptr;
  return p;
}

// Sign characters: + - − (U+2212) － (full-width). Returns the length consumed (0 if none).
inline int parse_sign(const char* p, const char* e, bool& neg) {
  if (p >= e) return 0;
  if (*p == '-') { neg = true; return 1; }
  if (*p == '+') { neg = false; return 1; }
  if (seq_at(p, e, kMinus, 3) || seq_at(p, e, kFwMinus, 3)) { neg = true; return 3; }
  return 0;
}

// Currency marker at p (¥ ￥ $ RMB CNY 元); returns its length or 0.
inline int currency(const char* p, const char* e, bool prefix) {
  if (p >= e) return 0;
  if (istarts(p, e, "rmb", 3) || istarts(p, e, "cny", 3)) return 3;
  if (prefix) {
    if (*p == '$') return 1;
    if (seq_at(p, e, kYen, 2)) return 2;
    if (seq_at(p, e, kFwYen, 3)) return 3;
  } else if (seq_at(p, e, kYuan, 3)) {
    return 3;
  }
  return 0;
}

// ---- time ----------------------------------------------------------------------------------
inline bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
inline int days_in_month(int y, int m) {
  static const unsigned char kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap(y)) ? 29 : kDays[m - 1];
}
inline bool valid_date(int y, int m, int d) { return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m); }

inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct Civil {
  int64_t y;
  unsigned m, d;
};
// Howard Hinnant's civil_from_days.
Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

// A run of digits: value (of the first 18) and count.
inline const char* digit_run(const char* p, const char* e, uint64_t& v, int& n) {
  v = 0;
  n = 0;
  while (p < e && is_digit(*p)) {
    if (n < 18) v = v * 10 + static_cast<unsigned>(dval(*p));
    ++n;
    ++p;
  }
  return p;
}

inline int time_colon(const char* p, const char* e) {
  if (p < e && *p == ':') return 1;
  return seq_at(p, e, kFwColon, 3) ? 3 : 0;
}

// Zone suffix: Z | UTC/GMT [±h[h][[:]mm]] | ±hh[[:]mm]. Offset in seconds east of UTC.
bool parse_zone(const char* p, const char* e, int64_t& offset) {
  bool named = false;
  if (*p == 'Z' || *p == 'z') {
    offset = 0;
    return p + 1 == e;
  }
  if (istarts(p, e, "utc", 3) || istarts(p, e, "gmt", 3)) {
    named = true;
    p += 3;
    offset = 0;
    if (p == e) return true;
  }
  if (*p != '+' && *p != '-') return false;
  const bool neg = *p == '-';
  ++p;
  uint64_t v;
  int n;
  p = digit_run(p, e, v, n);
  uint64_t hh, mm = 0;
  if (n == 4) {
    hh = v / 100;
    mm = v % 100;
  } else if (n == 2 || (named && n == 1)) {
    hh = v;
    if (p < e && *p == ':') {
      p = digit_run(p + 1, e, mm, n);
      if (n != 2) return false;
    }
  } else {
    return false;
  }
  if (p != e || hh > 14 || mm > 59) return false;
  offset = static_cast<int64_t>(hh * 3600 + mm * 60);
  if (neg) offset = -offset;
  return true;
}

// Calendar date with optional time and zone (everything except the pure epoch/serial numbers).
bool parse_calendar(const char* p, const char* e, int64_t& out) {
  uint64_t v;
  int n;
  p = digit_run(p, e, v, n);
  int y, mo, d, hh = 0, mi = 0, ss = 0;
  bool cjk_day = false;  // ended with 日/号: a time may follow without a space
  if (n == 8) {  // 20230601
    y = static_cast<int>(v / 10000);
    mo = static_cast<int>(v / 100 % 100);
    d = static_cast<int>(v % 100);
  } else if (n == 14) {  // 20230601120000
    if (p != e) return false;
    y = static_cast<int>(v / 10000000000ull);
    mo = static_cast<int>(v / 100000000 % 100);
    d = static_cast<int>(v / 1000000 % 100);
    hh = static_cast<int>(v / 10000 % 100);
    mi = static_cast<int>(v / 100 % 100);
    ss = static_cast<int>(v % 100);
    if (!valid_date(y, mo, d) || hh > 23 || mi > 59 || ss > 59) return false;
    out = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + hh * 3600 + mi * 60 + ss;
    return true;
  } else if (n == 4) {
    y = static_cast<int>(v);
    if (p >= e) return false;
    bool cjk = false;
    char sep = *p;
    if (sep == '-' || sep == '/' || sep == '.') ++p;
    else if (seq_at(p, e, kNian, 3)) { cjk = true; p += 3; }
    else return false;
    p = digit_run(p, e, v, n);
    if (n < 1 || n > 2) return false;
    mo = static_cast<int>(v);
    if (cjk) {
      if (!seq_at(p, e, kYue, 3)) return false;
      p += 3;
    } else {
      if (p >= e || *p != sep) return false;
      ++p;
    }
    p = digit_run(p, e, v, n);
    if (n < 1 || n > 2) return false;
    d = static_cast<int>(v);
    if (cjk && (seq_at(p, e, kRi, 3) || seq_at(p, e, kHao, 3))) {
      p += 3;
      cjk_day = true;
    }
  } else {
    return false;
  }
  if (!valid_date(y, mo, d)) return false;
  int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  if (p == e) {
    out = days * 86400;
    return true;
  }
  // date/time separator: 'T', whitespace, or nothing right after 日
  if (*p == 'T' || *p == 't') {
    ++p;
  } else {
    const char* q = skip_ws(p, e);
    if (q == p && !(cjk_day && is_digit(*p))) return false;
    p = q;
  }
  p = digit_run(p, e, v, n);
  if (n < 1 || n > 2) return false;
  hh = static_cast<int>(v);
  int c = time_colon(p, e);
  if (!c) return false;
  p = digit_run(p + c, e, v, n);
  if (n < 1 || n > 2) return false;
  mi = static_cast<int>(v);
  if ((c = time_colon(p, e)) != 0) {
    p = digit_run(p + c, e, v, n);
    if (n < 1 || n > 2) return false;
    ss = static_cast<int>(v);
    if (p < e && (*p == '.' || *p == ',')) {  // fractional seconds: truncated, never rounded up
      p = digit_run(p + 1, e, v, n);
      if (n < 1) return false;
    }
  }
  if (hh > 23 || mi > 59 || ss > 59) return false;
  int64_t wall = days * 86400 + hh * 3600 + mi * 60 + ss;
  p = skip_ws(p, e);
  if (p == e) {
    out = wall;
    return true;
  }
  int64_t offset;
  if (!parse_zone(p, e, offset)) return false;
  out = wall - offset + kCstOffsetSeconds;
  return true;
}

// Excel serial: days since 1899-12-30, with Excel's fictitious 1900-02-29 (serial 60) rejected and
// serials 1..59 shifted by its 1900 leap-year bug. Fraction digits -> seconds rounded half up,
// integer arithmetic only (14 digits kept: 10^14 * 86400 fits in uint64).
bool excel_serial(uint64_t days, const char* frac, const char* frac_end, int64_t& out) {
  if (days < 1 || days > 2958465 || days == 60) return false;
  uint64_t num = 0, den = 1;
  for (int k = 0; frac < frac_end && k < 14; ++frac, ++k) {
    num = num * 10 + static_cast<unsigned>(dval(*frac));
    den *= 10;
  }
  const int64_t secs = static_cast<int64_t>((num * 86400 + den / 2) / den);
  const int64_t epoch_day = -25569 + static_cast<int64_t>(days) + (days < 60 ? 1 : 0);
  out = epoch_day * 86400 + secs;
  return true;
}

}  // namespace

// ---- ids and text ----------------------------------------------------------------------------

IdResult clean_id(std::string_view raw) {
  std::string_view s;
  if (fast::digit_id(raw, s)) return IdResult{s, IdStatus::Ok};
  s = strip_guards(raw);
  if (is_placeholder(s)) return IdResult{std::string_view(), IdStatus::Empty};
  if (is_scientific(s)) return IdResult{s, IdStatus::Scientific};
  return IdResult{s, IdStatus::Ok};
}

std::string_view clean_text(std::string_view raw) {
  if (fast::plain_text(raw)) return raw;
  std::string_view s = strip_guards(raw);
  return is_placeholder(s) ? std::string_view() : s;
}

// ---- numbers ---------------------------------------------------------------------------------

std::optional<int64_t> parse_money_cents(std::string_view raw) {
  int64_t plain;
  if (fast::plain_cents(raw, plain)) return plain;
  std::string_view s = strip_guards(raw);
  if (is_placeholder(s)) return std::nullopt;
  const char* p = s.data();
  const char* e = p + s.size();
  bool neg = false, paren = false, has_sign = false, has_cur = false;
  if (*p == '(' && e[-1] == ')' && e - p > 2) {  // accounting negative (1,234.50)
    paren = true;
    p = skip_ws(p + 1, e);
    --e;
    while (e > p && ws_back(p, e)) e -= ws_back(p, e);
  }
  int n = parse_sign(p, e, neg);
  if (n) { has_sign = true; p = skip_ws(p + n, e); }
  if ((n = currency(p, e, true)) != 0) { has_cur = true; p = skip_ws(p + n, e); }
  if (!has_sign && (n = parse_sign(p, e, neg)) != 0) { has_sign = true; p = skip_ws(p + n, e); }
  if (paren && has_sign) return std::nullopt;
  Decimal dec;
  p = parse_decimal(p, e, kMaxMoneyYuan, dec);
  if (!p) return std::nullopt;
  p = skip_ws(p, e);
  if (!has_cur && (n = currency(p, e, false)) != 0) p = skip_ws(p + n, e);
  if (p != e) return std::nullopt;
  // half away from zero at the 3rd decimal: round the magnitude, then apply the sign
  int64_t cents = static_cast<int64_t>(dec.int_part) * 100 + dec.frac3 / 10 + (dec.frac3 % 10 >= 5 ? 1 : 0);
  return (neg || paren) ? -cents : cents;
}

std::optional<int64_t> parse_count(std::string_view raw) {
  std::string_view s = strip_guards(raw);
  if (is_placeholder(s)) return std::nullopt;
  const char* p = s.data();
  const char* e = p + s.size();
  bool neg = false;
  p += parse_sign(p, e, neg);
  Decimal dec;
  p = parse_decimal(p, e, static_cast<uint64_t>(INT64_MAX), dec);
  if (!p || p != e || dec.frac_nonzero) return std::nullopt;
  return neg ? -static_cast<int64_t>(dec.int_part) : static_cast<int64_t>(dec.int_part);
}

// ---- date-times ------------------------------------------------------------------------------

// "2023-06-05 10:00:00", the shape nearly every export uses, read straight from its fixed positions;
// anything else (or an impossible date) goes the general way, which reads this shape the same.
static bool fast_datetime(std::string_view s, int64_t& out) {
  if (s.size() != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') return false;
  static constexpr uint8_t kPos[14] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  int d[14];
  for (int k = 0; k < 14; ++k) {
    const unsigned c = static_cast<unsigned char>(s[kPos[k]]) - '0';
    if (c > 9) return false;
    d[k] = static_cast<int>(c);
  }
  const int y = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], mo = d[4] * 10 + d[5], dd = d[6] * 10 + d[7];
  const int hh = d[8] * 10 + d[9], mi = d[10] * 10 + d[11], ss = d[12] * 10 + d[13];
  if (!valid_date(y, mo, dd) || hh > 23 || mi > 59 || ss > 59) return false;
  out = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(dd)) * 86400 + hh * 3600 + mi * 60 + ss;
  return true;
}

TimeStatus parse_datetime(std::string_view raw, int64_t& cst_seconds) {
  if (fast_datetime(raw, cst_seconds)) return TimeStatus::Ok;
  std::string_view s = strip_guards(raw);
  if (is_placeholder(s)) return TimeStatus::Empty;
  const char* p = s.data();
  const char* e = p + s.size();
  uint64_t v;
  int n;
  const char* q = digit_run(p, e, v, n);
  if (q == e) {  // all digits
    switch (n) {
      case 10: cst_seconds = static_cast<int64_t>(v) + kCstOffsetSeconds; return TimeStatus::Ok;
      case 13: cst_seconds = static_cast<int64_t>(v / 1000) + kCstOffsetSeconds; return TimeStatus::Ok;
      case 8:
      case 14: break;  // compact calendar forms
      default:
        if (n <= 5 && excel_serial(v, q, q, cst_seconds)) return TimeStatus::Ok;
        return TimeStatus::Bad;
    }
  } else if (n > 0 && *q == '.') {  // digits.digits: serial or epoch seconds with a fraction
    const char* f = q + 1;
    const char* fe = f;
    while (fe < e && is_digit(*fe)) ++fe;
    if (fe == e) {
      if (fe == f) return TimeStatus::Bad;
      if (n == 10) {  // fraction of a second: truncated
        cst_seconds = static_cast<int64_t>(v) + kCstOffsetSeconds;
        return TimeStatus::Ok;
      }
      if (n <= 5 && excel_serial(v, f, fe, cst_seconds)) return TimeStatus::Ok;
      return TimeStatus::Bad;
    }
  }
  return parse_calendar(p, e, cst_seconds) ? TimeStatus::Ok : TimeStatus::Bad;
}

// ---- calendar --------------------------------------------------------------------------------

// Howard Hinnant's days_from_civil.
int64_t days_from_civil(int y, unsigned m, unsigned d) {
  const int64_t yy = static_cast<int64_t>(y) - (m <= 2);
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int month_of_cst_seconds(int64_t cst_seconds) {
  Civil c = civil_from_days(floor_div(cst_seconds, 86400));
  return static_cast<int>(c.y * 12 + (c.m - 1));
}

int64_t month_start_cst_seconds(int mi) {
  const int64_t y = floor_div(mi, 12);
  const unsigned m = static_cast<unsigned>(mi - y * 12 + 1);
  return days_from_civil(static_cast<int>(y), m, 1) * 86400;
}

std::optional<int> parse_month(std::string_view raw) {
  std::string_view s = strip_guards(raw);
  if (is_placeholder(s)) return std::nullopt;
  const char* p = s.data();
  const char* e = p + s.size();
  uint64_t v;
  int n;
  const char* q = digit_run(p, e, v, n);
  int y = 0, m = 0;
  if (n == 6 && q == e) {  // 202306
    y = static_cast<int>(v / 100);
    m = static_cast<int>(v % 100);
  } else if (n == 4 && q < e) {  // 2023-06, 2023/6, 2023.06, 2023年6月
    y = static_cast<int>(v);
    bool cjk = false;
    if (*q == '-' || *q == '/' || *q == '.') ++q;
    else if (seq_at(q, e, kNian, 3)) { cjk = true; q += 3; }
    else return std::nullopt;
    int mn;
    q = digit_run(q, e, v, mn);
    if (mn >= 1 && mn <= 2) {
      m = static_cast<int>(v);
      if (cjk && seq_at(q, e, kYue, 3)) q += 3;
    }
    if (q != e) m = 0;  // not a bare month: maybe a full date below
  }
  if (m >= 1 && m <= 12 && y >= 1) return month_index(y, m);
  if (n == 6) return std::nullopt;
  int64_t t;
  if (parse_calendar(p, e, t)) return month_of_cst_seconds(t);  // a date: its month
  return std::nullopt;
}

// Years outside 0..9999 are clamped so the fixed-size outputs never overflow.
static void put_digits(char* out, int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}
static int64_t clamp_year(int64_t y) { return y < 0 ? 0 : (y > 9999 ? 9999 : y); }

void format_month(int mi, char out[8]) {
  const int64_t y = floor_div(mi, 12);
  put_digits(out, clamp_year(y), 4);
  out[4] = '-';
  put_digits(out + 5, mi - y * 12 + 1, 2);
  out[7] = '\0';
}

void format_cst(int64_t cst_seconds, char out[20]) {
  const int64_t days = floor_div(cst_seconds, 86400);
  const int64_t sod = cst_seconds - days * 86400;
  Civil c = civil_from_days(days);
  put_digits(out, clamp_year(c.y), 4);
  out[4] = '-';
  put_digits(out + 5, c.m, 2);
  out[7] = '-';
  put_digits(out + 8, c.d, 2);
  out[10] = ' ';
  put_digits(out + 11, sod / 3600, 2);
  out[13] = ':';
  put_digits(out + 14, sod / 60 % 60, 2);
  out[16] = ':';
  put_digits(out + 17, sod % 60, 2);
  out[19] = '\0';
}

std::string format_day(int64_t cst_seconds) {
  char buf[20];
  format_cst(cst_seconds, buf);
  std::string out(buf, 19);
  if (out.compare(10, 9, " 00:00:00") == 0) out.resize(10);
  return out;
}

}  // namespace tl::norm
