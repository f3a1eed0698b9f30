// tierlens web — the page's pure text logic: where Chinese and mixed text wraps, and how numbers are
// shortened on chart axes and sizes shown. No ImGui, no Emscripten: tested natively (tests/test_web_logic.cpp).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tlw {

// One decoded code point of UTF-8 at p (< end), advancing p; invalid bytes give U+FFFD one byte at a time.
uint32_t utf8_next(const char*& p, const char* end);

struct LineSpan {
  size_t begin, end;   // byte offsets into the text: the line is text[begin, end)
};
// Word-wraps like a person reading Chinese expects: a line may break between CJK characters (never
// before closing punctuation such as ，。）) and at spaces (the space is dropped), and always at '\n'.
// A run with no break opportunity wider than `width` is cut where it overflows. advance(c) is the
// width of code point c.
std::vector<LineSpan> wrap_lines(std::string_view text, float width, const std::function<float(uint32_t)>& advance);

// Chart axis labels: 12345 -> "1.23万" (zh) / "12.35k" (en); 3e8 -> "3亿" / "300M".
std::string short_number(double v, bool zh);
// 1234567 -> "1.2 MB"
std::string format_bytes(double b);

}  // namespace tlw
