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
#include <optional>
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

// ---- numbers --------------------------------------------------------------------------
// Non-negative or negative decimal amounts with optional currency sign (¥ ￥ $ RMB CNY 元),
// thousands separators (1,234,567.89), surrounding spaces/guards. Returns the value in cents
// (rounded half away from zero at the 3rd decimal). nullopt if not a number; empty -> nullopt.
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

}  // namespace tl::norm
