// tierlens web — wrapping and short numbers (text_layout.hpp).
#include "text_layout.hpp"

#include <cmath>
#include <cstdio>

namespace tlw {

uint32_t utf8_next(const char*& p, const char* end) {
  const auto b = [&](int i) { return static_cast<uint8_t>(p[i]); };
  const uint8_t c = b(0);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || p + n > end) { ++p; return 0xFFFD; }
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) { ++p; return 0xFFFD; }
    cp = cp << 6 | (b(i) & 0x3F);
  }
  p += n;
  return cp;
}

static bool is_cjk(uint32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x3000 && c <= 0x303F);
}
static bool no_break_before(uint32_t c) {
  static const char32_t kClose[] = U"，。、；：！？）》」』”’】〉…·,.;:!?)]}%";
  for (char32_t k : kClose)
    if (k && k == c) return true;
  return false;
}

std::vector<LineSpan> wrap_lines(std::string_view text, float width, const std::function<float(uint32_t)>& advance) {
  std::vector<LineSpan> out;
  const char* const base = text.data();
  const char* const end = base + text.size();
  const char* p = base;
  while (p < end) {
    const char* line = p;
    const char* brk = nullptr;    // the last break opportunity: the line ends here if it breaks there
    const char* next = nullptr;   // and the next line starts here
    float w = 0;
    uint32_t prev = 0;
    const char* q = p;
    bool done = false;
    while (q < end) {
      const char* cstart = q;
      const uint32_t c = utf8_next(q, end);
      if (c == '\n') { brk = cstart; next = q; done = true; break; }
      if (cstart > line && (c == ' ' || ((is_cjk(c) || is_cjk(prev)) && !no_break_before(c)))) { brk = cstart; next = cstart; }
      w += advance(c);
      if (w > width && cstart > line) {   // overflow: break at the last opportunity, else right here
        if (!brk) { brk = cstart; next = cstart; }
        done = true;
        break;
      }
      prev = c;
    }
    if (!done) { brk = end; next = end; }
    out.push_back({static_cast<size_t>(line - base), static_cast<size_t>(brk - base)});
    p = next;
    while (p < end && *p == ' ') ++p;   // a space that broke the line is not carried over
  }
  return out;
}

std::string short_number(double v, bool zh) {
  char b[32];
  if (zh) {
    if (v >= 1e8) std::snprintf(b, sizeof b, "%g亿", std::round(v / 1e6) / 100);
    else if (v >= 1e4) std::snprintf(b, sizeof b, "%g万", std::round(v / 1e2) / 100);
    else std::snprintf(b, sizeof b, "%g", v);
  } else {
    if (v >= 1e6) std::snprintf(b, sizeof b, "%gM", std::round(v / 1e4) / 100);
    else if (v >= 1e3) std::snprintf(b, sizeof b, "%gk", std::round(v / 10) / 100);
    else std::snprintf(b, sizeof b, "%g", v);
  }
  return b;
}

std::string format_bytes(double b) {
  char buf[32];
  if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
  else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b >= 1e3) std::snprintf(buf, sizeof buf, "%.0f KB", b / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

}  // namespace tlw
