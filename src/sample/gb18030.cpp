// tierlens — UTF-8 -> GB18030 for the sample generator's own text.
//
// Not iconv: Emscripten's musl iconv decodes GB18030 but cannot encode it, and a table of exactly the
// characters we write keeps native and wasm output identical. gen_gb18030_table.py builds the table.
#include <stdexcept>
#include <vector>

#include "sample/internal.hpp"

namespace tl::sample::detail {
namespace {

struct Gb {
  uint32_t cp, bytes;
  uint8_t len;
};
const Gb kTable[] = {
#include "sample/gb18030_table.inc"
};

const Gb* find(uint32_t cp) {
  size_t lo = 0, hi = sizeof kTable / sizeof kTable[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kTable[mid].cp < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < sizeof kTable / sizeof kTable[0] && kTable[lo].cp == cp ? &kTable[lo] : nullptr;
}

// Direct lookup for U+3000..U+9FFF (CJK and its punctuation, two GB18030 bytes each): most of the
// text, so a 1.6 GB file does not pay a binary search per character. 0 = not in the table.
constexpr uint32_t kDirectLo = 0x3000, kDirectHi = 0xA000;
const std::vector<uint16_t>& direct() {
  static const std::vector<uint16_t> t = [] {
    std::vector<uint16_t> v(kDirectHi - kDirectLo, 0);
    for (const Gb& g : kTable)
      if (g.cp >= kDirectLo && g.cp < kDirectHi && g.len == 2) v[g.cp - kDirectLo] = static_cast<uint16_t>(g.bytes);
    return v;
  }();
  return t;
}

}  // namespace

void utf8_to_gb18030(std::string_view in, std::string& out) {
  const std::vector<uint16_t>& fast = direct();
  out.clear();
  out.reserve(in.size());
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  size_t i = 0, n = in.size();
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {  // ASCII runs dominate: copy them in one go
      size_t j = i + 1;
      while (j < n && s[j] < 0x80) ++j;
      out.append(in.data() + i, j - i);
      i = j;
      continue;
    }
    uint32_t cp;
    size_t len;
    if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
    else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
    else { cp = c & 0x07; len = 4; }
    if (i + len > n) throw std::logic_error("sample: truncated UTF-8 in generated text");
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    i += len;
    if (cp >= kDirectLo && cp < kDirectHi) {
      if (const uint16_t b = fast[cp - kDirectLo]) {
        out.push_back(static_cast<char>(b >> 8));
        out.push_back(static_cast<char>(b & 0xFF));
        continue;
      }
    }
    const Gb* g = find(cp);
    if (!g) throw std::logic_error("sample: character U+" + std::to_string(cp) +
                                   " missing from gb18030_table.inc (run gen_gb18030_table.py)");
    for (int k = g->len - 1; k >= 0; --k) out.push_back(static_cast<char>((g->bytes >> (8 * k)) & 0xFF));
  }
}

}  // namespace tl::sample::detail
