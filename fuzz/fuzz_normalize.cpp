// Fuzz target (e): the normalisers (normalize/normalize.hpp) on one cell: ids, free text, money,
// counts, date-times, months. Besides "no crash, no undefined behaviour", what must hold:
//   - the inline shapes (norm::fast) decide nothing on their own: a value read by one reads the same
//     through the general reader, which a leading or trailing space sends every value through;
//   - a value is read the same with surrounding whitespace (every reader trims first);
//   - what comes out is what it says: a digit id holds only digits, a cleaned id or text is a
//     trimmed sub-view of the cell and not a placeholder, an Ok id is not empty;
//   - numbers, months and times read back from their canonical writing.
#include <cinttypes>
#include <cstring>
#include <string>

#include "fuzz_common.hpp"
#include "normalize/normalize.hpp"

namespace {

namespace norm = tl::norm;

bool is_sub_view(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}
bool ascii_ws(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
std::string hex(std::string_view s) {
  std::string o;
  for (unsigned char c : s.substr(0, 200)) {
    char b[4];
    std::snprintf(b, sizeof b, "%02X", c);
    o += b;
  }
  return o;
}

void check_id(std::string_view cell) {
  const norm::IdResult r = norm::clean_id(cell);
  TL_FUZZ_CHECK(is_sub_view(r.value, cell), hex(cell));
  if (r.status == norm::IdStatus::Empty) TL_FUZZ_CHECK(r.value.empty(), hex(cell));
  else TL_FUZZ_CHECK(!r.value.empty(), "an id that is Ok or Scientific but empty: " + hex(cell));
  if (!r.value.empty()) TL_FUZZ_CHECK(!ascii_ws(r.value.front()) && !ascii_ws(r.value.back()), "an id not trimmed: " + hex(cell));
  // the digit shape: only digits, after the leading tabs it strips
  std::string_view fast;
  if (norm::fast::digit_id(cell, fast)) {
    for (char c : fast) TL_FUZZ_CHECK(c >= '0' && c <= '9', "a digit id with a non-digit: " + hex(cell));
    TL_FUZZ_CHECK(!fast.empty() && r.status == norm::IdStatus::Ok && r.value == fast, hex(cell));
  }
  // the general reader (a space in front: no shape matches) reads the same
  for (const std::string& s : {" " + std::string(cell), std::string(cell) + " ", "\t" + std::string(cell) + "\t"}) {
    const norm::IdResult g = norm::clean_id(s);
    TL_FUZZ_CHECK(g.status == r.status && g.value == r.value,
                  "clean_id(" + hex(cell) + ") = " + hex(r.value) + " [" + std::to_string(int(r.status)) + "] but with whitespace " +
                      hex(g.value) + " [" + std::to_string(int(g.status)) + "]");
  }
}

void check_text(std::string_view cell) {
  const std::string_view t = norm::clean_text(cell);
  TL_FUZZ_CHECK(is_sub_view(t, cell), hex(cell));
  if (!t.empty()) TL_FUZZ_CHECK(!ascii_ws(t.front()) && !ascii_ws(t.back()), "text not trimmed: " + hex(cell));
  for (const std::string& s : {" " + std::string(cell), std::string(cell) + " "}) {
    const std::string_view g = norm::clean_text(s);
    TL_FUZZ_CHECK(g == t, "clean_text(" + hex(cell) + ") = " + hex(t) + " but with a space " + hex(g));
  }
  if (norm::fast::plain_text(cell)) TL_FUZZ_CHECK(t == cell, hex(cell));
}

void check_money(std::string_view cell) {
  const std::optional<int64_t> m = norm::parse_money_cents(cell);
  const std::optional<int64_t> g = norm::parse_money_cents(" " + std::string(cell));
  TL_FUZZ_CHECK(m == g, "parse_money_cents differs with a leading space: " + hex(cell));
  int64_t plain = 0;
  if (norm::fast::plain_cents(cell, plain)) TL_FUZZ_CHECK(m && *m == plain, "plain_cents != parse_money_cents: " + hex(cell));
  if (m) {   // written back as yuan.cents, read again
    const uint64_t mag = *m < 0 ? 0 - static_cast<uint64_t>(*m) : static_cast<uint64_t>(*m);
    char b[48];
    std::snprintf(b, sizeof b, "%s%" PRIu64 ".%02" PRIu64, *m < 0 ? "-" : "", mag / 100, mag % 100);
    const std::optional<int64_t> again = norm::parse_money_cents(b);
    TL_FUZZ_CHECK(again == m, std::string("money does not read back: ") + b + " from " + hex(cell));
  }
}

void check_count(std::string_view cell) {
  const std::optional<int64_t> c = norm::parse_count(cell);
  TL_FUZZ_CHECK(c == norm::parse_count(" " + std::string(cell) + " "), hex(cell));
  if (c) TL_FUZZ_CHECK(norm::parse_count(std::to_string(*c)) == c, "count does not read back: " + hex(cell));
}

void check_time(std::string_view cell) {
  int64_t t = 0, g = 0;
  const norm::TimeStatus s = norm::parse_datetime(cell, t);
  const norm::TimeStatus gs = norm::parse_datetime(" " + std::string(cell), g);
  TL_FUZZ_CHECK(s == gs && (s != norm::TimeStatus::Ok || t == g),
                "parse_datetime differs with a leading space (the fixed-position shape against the general reader): " + hex(cell));
  if (s == norm::TimeStatus::Ok) {
    const int m = norm::month_of_cst_seconds(t);
    TL_FUZZ_CHECK(norm::month_start_cst_seconds(m) <= t && t < norm::month_start_cst_seconds(m + 1), hex(cell));
    if (m >= norm::month_index(1, 1) && m <= norm::month_index(9999, 12)) {
      char b[20];
      norm::format_cst(t, b);
      int64_t back = 0;
      TL_FUZZ_CHECK(norm::parse_datetime(b, back) == norm::TimeStatus::Ok && back == t,
                    std::string("time does not read back: ") + b + " from " + hex(cell));
    }
  }
}

void check_month(std::string_view cell) {
  const std::optional<int> m = norm::parse_month(cell);
  TL_FUZZ_CHECK(m == norm::parse_month(" " + std::string(cell)), hex(cell));
  if (m) {
    TL_FUZZ_CHECK(norm::month_month(*m) >= 1 && norm::month_month(*m) <= 12, hex(cell));
    if (*m >= norm::month_index(1, 1) && *m <= norm::month_index(9999, 12)) {
      char b[8];
      norm::format_month(*m, b);
      TL_FUZZ_CHECK(norm::parse_month(b) == m, std::string("month does not read back: ") + b + " from " + hex(cell));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256) return 0;   // a cell; longer ones add nothing
  const std::string cell(reinterpret_cast<const char*>(data), size);   // exactly `size` bytes: ASan sees overreads
  // the 8-at-a-time digit test against one at a time, at every alignment
  for (size_t off = 0; off < std::min<size_t>(size, 8); ++off) {
    bool naive = true;
    for (size_t i = off; i < size; ++i) naive = naive && cell[i] >= '0' && cell[i] <= '9';
    TL_FUZZ_CHECK(norm::fast::all_digits(cell.data() + off, size - off) == naive, "all_digits: " + hex(cell.substr(off)));
  }
  check_id(cell);
  check_text(cell);
  check_money(cell);
  check_count(cell);
  check_time(cell);
  check_month(cell);
  return 0;
}
