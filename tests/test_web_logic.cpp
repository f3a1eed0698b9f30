// The page's pure text logic (web/text_layout.hpp), natively: wrapping of Chinese and mixed text, and
// short numbers on chart axes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "text_layout.hpp"

namespace {
// the lines of `text` wrapped at `width`, every code point one unit wide
std::vector<std::string> wrap(const std::string& text, float width) {
  std::vector<std::string> out;
  for (const tlw::LineSpan& l : tlw::wrap_lines(text, width, [](uint32_t) { return 1.0f; }))
    out.push_back(text.substr(l.begin, l.end - l.begin));
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("Chinese wraps between characters, never before closing punctuation") {
  CHECK(wrap("一二三四五六", 4) == V{"一二三四", "五六"});
  CHECK(wrap("一二三，四", 3) == V{"一二", "三，四"});
  CHECK(wrap("距「银牌」还差：5 单", 6) == V{"距「银牌」还", "差：5 单"});
  CHECK(wrap("一二三", 10) == V{"一二三"});
}

TEST_CASE("English wraps at spaces, which are dropped at the break") {
  CHECK(wrap("hello world foo", 11) == V{"hello world", "foo"});
  CHECK(wrap("hello world foo", 5) == V{"hello", "world", "foo"});
  CHECK(wrap("a  b", 1) == V{"a", "b"});
}

TEST_CASE("mixed text, hard line breaks, and runs with no break opportunity") {
  CHECK(wrap("店铺 M1 的订单", 5) == V{"店铺 M1", "的订单"});
  CHECK(wrap("a\nb\n\nc", 10) == V{"a", "b", "", "c"});
  CHECK(wrap("abcdefgh", 3) == V{"abc", "def", "gh"});   // a long id is cut, not left overflowing
  CHECK(wrap("", 3).empty());
  CHECK(wrap("x", 0) == V{"x"});                          // always progress, even narrower than one character
}

TEST_CASE("invalid UTF-8 is decoded one replacement per byte and never stalls the wrapping") {
  const std::string bad = "\xff\xfe\xe4\xb8";   // two stray bytes, then a truncated 3-byte sequence
  const char* p = bad.data();
  const char* end = p + bad.size();
  std::vector<uint32_t> cps;
  while (p < end) cps.push_back(tlw::utf8_next(p, end));
  CHECK(cps == std::vector<uint32_t>{0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD});
  CHECK(wrap(bad, 1).size() == 4);
  const std::string ok = "é中𝄞";
  p = ok.data();
  end = p + ok.size();
  cps.clear();
  while (p < end) cps.push_back(tlw::utf8_next(p, end));
  CHECK(cps == std::vector<uint32_t>{0xE9, 0x4E2D, 0x1D11E});
}

TEST_CASE("short numbers on chart axes and sizes") {
  CHECK(tlw::short_number(12345, true) == "1.23万");
  CHECK(tlw::short_number(12345, false) == "12.35k");
  CHECK(tlw::short_number(3e8, true) == "3亿");
  CHECK(tlw::short_number(3e8, false) == "300M");
  CHECK(tlw::short_number(500, true) == "500");
  CHECK(tlw::short_number(0, false) == "0");
  CHECK(tlw::format_bytes(1234567) == "1.2 MB");
  CHECK(tlw::format_bytes(2.5e9) == "2.50 GB");
  CHECK(tlw::format_bytes(999) == "999 B");
}
