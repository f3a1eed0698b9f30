// tierlens — normalisation of single field values as real exports carry them.
//
// Every function is pure and allocation-free (results point into the input or are numbers), so the
// ingest loop can call them for millions of rows.
//
// Time: all date-times become "CST seconds": seconds since 1970-01-01 00:00:00 in China Standard
// Time (UTC+8, no DST), i.e. UTC epoch seconds + 28800. A value without an explicit zone is CST
// wall-clock time; a value with a zone (Z, +08:00, +0800, -05:00) is converted; epoch seconds
// (10 digits) and milliseconds (13 digits) are UTC-based and converted; Excel serial numbers (days
// since 1899-12-30, optional fraction) are wall-clock CST.
#pragma once
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace tl::norm {

constexpr int64_t kCstOffsetSeconds = 8 * 3600;

// ---- ids ------------------------------------------------------------------------------
enum class IdStatus : uint8_t {
  Ok,
  Empty,       // nothing left after cleaning ("", "-", "--", "null", "NULL", "N/A", whitespace)
  Scientific,  // Excel already turned it into 1.23457E+18: digits are lost, cannot be recovered
};
struct IdResult {
  std::string_view value;  // cleaned id, a sub-view of the input
  IdStatus status = IdStatus::Ok;
};
// Strips surrounding whitespace (incl. full-width space U+3000 and NBSP), Excel text guards
// (="123", a leading ' or tab, a trailing tab), then surrounding whitespace again. "-" alone means empty.
IdResult clean_id(std::string_view raw);

// Same cleaning for free text (names, industries, statuses): trims whitespace and guards; "-" -> empty.
std::string_view clean_text(std::string_view raw);

// ---- the shapes nearly every cell has, recognised inline before the general readers -----------
// Each returns true only for text the general reader would return unchanged (or read the same), so
// they decide nothing on their own; tests/test_normalize.cpp checks them against the general ones.
namespace fast {
// n bytes at p are all ASCII digits (8 at a time)
inline bool all_digits(const char* p, size_t n) {
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    // every byte in '0'..'9': its high nibble is 3, and adding 6 leaves it 3 (no byte above '9'). Both
    // must hold: OR-ing the two tests let '*'..'/' and 0x1A..0x1F through (+6 carries them to 3)
    if ((w & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull ||
        ((w + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) != 0x3030303030303030ull)
      return false;
  }
  for (; n; ++p, --n)
    if (static_cast<unsigned>(*p - '0') > 9) return false;
  return true;
}
// Digits after leading tabs (the export's text guard): the id is those digits.
inline bool digit_id(std::string_view raw, std::string_view& id) {
  size_t b = 0;
  while (b < raw.size() && raw[b] == '\t') ++b;
  if (b == raw.size() || !all_digits(raw.data() + b, raw.size() - b)) return false;
  id = raw.substr(b);
  return true;
}
// Text that starts and ends with a character that is neither whitespace, an Excel guard nor the
// start of an empty placeholder: the general cleaning would return it as it is.
inline bool plain_text(std::string_view s) {
  if (s.empty()) return false;
  const unsigned char a = static_cast<unsigned char>(s[0]), z = static_cast<unsigned char>(s.back());
  const bool first = a < 0x80 ? (a > ' ' && a != 0x7F && a != '=' && a != '\'' && a != '-' && a != 'n' && a != 'N' && a != '#')
                              : (a != 0xC2 && a != 0xE2 && a != 0xE3 && a != 0xEF);
  const bool last = z < 0x80 ? z > ' ' : (z > 0xBF || (z >= 0x90 && z != 0xA0 && z != 0xAF && z != 0xBF));
  return first && last;
}
// "123", "123.4", "123.45" (at most 14 integer digits, as parse_money_cents): the amount in cents.
inline bool plain_cents(std::string_view s, int64_t& cents) {
  const size_t dot = s.size() >= 3 && s[s.size() - 2] == '.' ? s.size() - 2 : s.size() >= 4 && s[s.size() - 3] == '.' ? s.size() - 3 : s.size();
  if (dot == 0 || dot > 14) return false;
  int64_t v = 0;
  for (size_t i = 0; i < dot; ++i) {
    const unsigned d = static_cast<unsigned>(s[i] - '0');
    if (d > 9) return false;
    v = v * 10 + d;
  }
  int64_t frac = 0;
  if (dot < s.size()) {
    for (size_t i = dot + 1; i < s.size(); ++i) {
      const unsigned d = static_cast<unsigned>(s[i] - '0');
      if (d > 9) return false;
      frac = frac * 10 + d;
    }
    if (s.size() - dot == 2) frac *= 10;
  }
  cents = v * 100 + frac;
  return true;
}
}  // namespace fast

// ---- numbers --------------------------------------------------------------------------
// Non-negative or negative decimal amounts with optional currency sign (¥ ￥ $ RMB CNY 元),
// thousands separators (1,234,567.89), surrounding spaces/guards. Returns the value in cents
// (rounded half away from zero at the 3rd decimal). nullopt if not a number; empty -> nullopt.
// At most kMaxMoneyYuan in magnitude: more is no order's amount, and near 2^63 cents two rows summed
// would overflow (a file of nothing but maximal amounts still sums ~900 rows within 64 bits).
constexpr uint64_t kMaxMoneyYuan = 99'999'999'999'999;   // < 10^14
std::optional<int64_t> parse_money_cents(std::string_view raw);
// Integer counts: "1,234", "1234.0", " 12 ", "1 234". nullopt for fractions (12.5), text, empty.
std::optional<int64_t> parse_count(std::string_view raw);

// ---- date-times -----------------------------------------------------------------------
enum class TimeStatus : uint8_t { Ok, Empty, Bad };
// Accepted forms (date part): 2023-06-01, 2023/6/1, 2023.06.01, 2023年6月1日, 20230601;
// time part after a space or 'T': 12:00, 12:00:00, 12:00:00.123, optional zone Z / ±hh:mm / ±hhmm;
// a date alone means 00:00:00. Also epoch seconds (10 digits), epoch milliseconds (13 digits),
// Excel serial numbers (e.g. 45078 or 45078.5). Validates ranges (month 1-12, day within month,
// hour < 24, ...). Empty, "-" -> Empty.
TimeStatus parse_datetime(std::string_view raw, int64_t& cst_seconds);

// ---- calendar helpers (proleptic Gregorian) --------------------------------------------
// Month index = year * 12 + (month - 1). 2023-06 -> 2023*12+5.
inline int month_index(int year, int month) { return year * 12 + (month - 1); }
inline int month_year(int mi) { return mi / 12; }
inline int month_month(int mi) { return mi % 12 + 1; }
int64_t days_from_civil(int y, unsigned m, unsigned d);   // days since 1970-01-01
int month_of_cst_seconds(int64_t cst_seconds);             // month index of a CST-seconds time
int64_t month_start_cst_seconds(int month_index);          // first second of that month
// Months as written in monthly stats exports: "2023-06", "2023/6", "2023年6月", "202306",
// "2023-06-01" (a date: its month), "Jun 2023" is NOT accepted. nullopt when not a month.
std::optional<int> parse_month(std::string_view raw);
// "2023-06"
void format_month(int month_index, char out[8]);
// "2023-06-01 12:00:00"
void format_cst(int64_t cst_seconds, char out[20]);
// "2023-06-01", with the time only when it is not midnight ("2023-06-01 12:00:00"): a date as a person wrote it
std::string format_day(int64_t cst_seconds);

}  // namespace tl::norm
