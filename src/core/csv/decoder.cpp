// tierlens — text decoding: bytes of any supported encoding -> UTF-8, chunk by chunk.
//
// UTF-8 is validated in place (ASCII runs 8 bytes at a time) and UTF-16 is decoded by hand.
// GB18030 is table-driven too: the 2-byte table is read once from the libc's iconv, the 4-byte
// codes are computed as the standard defines them. Calling iconv on the data is not an option:
// musl's iconv (Emscripten) decodes 4-byte codes wrongly, takes ~10^5 steps for each, and aborts the
// program on some (e.g. 83 36 C7 39); and glibc and musl disagree on 25 two-byte codes. Fixing
// those codes here makes native and WebAssembly output byte-identical (GB18030-2022, as glibc 2.36).
//
// Every decoder works on a block and returns how many bytes it consumed; the rest (< 4 bytes, a
// valid but incomplete sequence) is carried into the next feed. Invalid bytes become U+FFFD.
#include "decoder.hpp"

#include <iconv.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace tl::csv {

namespace {

constexpr const char kFffd[3] = {'\xEF', '\xBF', '\xBD'};

inline bool all_ascii8(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return (w & 0x8080808080808080ull) == 0;
}

// Index of the first byte >= 0x80 in [p, p+n), or n.
inline size_t ascii_prefix(const uint8_t* p, size_t n) {
  size_t i = 0;
  while (i + 16 <= n) {
    uint64_t a, b;
    std::memcpy(&a, p + i, 8);
    std::memcpy(&b, p + i + 8, 8);
    if ((a | b) & 0x8080808080808080ull) break;
    i += 16;
  }
  while (i + 8 <= n && all_ascii8(p + i)) i += 8;
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

// Output buffer for the char-by-char decoders: std::string::push_back is too slow per byte.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  ~Writer() { flush(); }
  void flush() {
    out_.append(buf_, len_);
    len_ = 0;
  }
  void ensure(size_t k) {
    if (len_ + k > sizeof buf_) flush();
  }
  void bytes(const uint8_t* p, size_t n) {
    if (n > 256) {
      flush();
      out_.append(reinterpret_cast<const char*>(p), n);
      return;
    }
    ensure(n);
    std::memcpy(buf_ + len_, p, n);
    len_ += n;
  }
  // Code point as UTF-8; the caller never passes a surrogate.
  void cp(uint32_t c) {
    ensure(4);
    char* o = buf_ + len_;
    if (c < 0x80) {
      o[0] = static_cast<char>(c);
      len_ += 1;
    } else if (c < 0x800) {
      o[0] = static_cast<char>(0xC0 | (c >> 6));
      o[1] = static_cast<char>(0x80 | (c & 0x3F));
      len_ += 2;
    } else if (c < 0x10000) {
      o[0] = static_cast<char>(0xE0 | (c >> 12));
      o[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      o[2] = static_cast<char>(0x80 | (c & 0x3F));
      len_ += 3;
    } else {
      o[0] = static_cast<char>(0xF0 | (c >> 18));
      o[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      o[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      o[3] = static_cast<char>(0x80 | (c & 0x3F));
      len_ += 4;
    }
  }

 private:
  std::string& out_;
  char buf_[16384];
  size_t len_ = 0;
};

// ---- UTF-8 ----------------------------------------------------------------------------------

enum class Seq : uint8_t { Valid, Invalid, Incomplete };

// One multi-byte sequence at p (p[0] >= 0x80), per Unicode table 3-7. Sets len to the sequence
// length (Valid), to the length of the maximal ill-formed subpart (Invalid, >= 1: one U+FFFD each,
// as the WHATWG decoder does), or to the bytes available (Incomplete).
inline Seq utf8_seq(const uint8_t* p, const uint8_t* end, size_t& len) {
  const uint8_t b = p[0];
  size_t need;
  uint8_t lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    need = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    len = 1;
    return Seq::Invalid;
  }
  for (size_t k = 1; k < need; ++k) {
    if (p + k >= end) {
      len = k;
      return Seq::Incomplete;
    }
    const uint8_t c = p[k];
    if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) {
      len = k;
      return Seq::Invalid;
    }
  }
  len = need;
  return Seq::Valid;
}

// Length of the longest prefix of p[0, n) that is complete, valid UTF-8.
size_t utf8_valid_prefix(const uint8_t* p, size_t n) {
  const uint8_t* end = p + n;
  size_t i = 0;
  while (i < n) {
    i += ascii_prefix(p + i, n - i);
    if (i >= n) break;
    // common CJK (3 bytes, not E0/ED/F*) and 2-byte characters without the full table check
    const uint8_t b = p[i];
    if (((b >= 0xE1 && b <= 0xEC) || b >= 0xEE) && b <= 0xEF && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
        (p[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    size_t len;
    if (utf8_seq(p + i, end, len) != Seq::Valid) return i;
    i += len;
  }
  return n;
}

size_t decode_utf8(const uint8_t* p, size_t n, bool final, std::string& out, uint64_t& invalid) {
  const uint8_t* end = p + n;
  size_t i = 0, start = 0;  // [start, i) is valid and not yet appended
  for (;;) {
    i += utf8_valid_prefix(p + i, n - i);
    if (i >= n) break;
    size_t len;
    const Seq s = utf8_seq(p + i, end, len);
    out.append(reinterpret_cast<const char*>(p + start), i - start);
    if (s == Seq::Incomplete && !final) return i;
    out.append(kFffd, 3);
    ++invalid;
    i += len;
    start = i;
  }
  out.append(reinterpret_cast<const char*>(p + start), n - start);
  return n;
}

// ---- UTF-16 ---------------------------------------------------------------------------------

size_t decode_utf16(const uint8_t* p, size_t n, bool be, bool final, std::string& out, uint64_t& invalid) {
  Writer w(out);
  size_t i = 0;
  auto unit = [&](size_t k) -> uint32_t { return be ? (p[k] << 8 | p[k + 1]) : (p[k + 1] << 8 | p[k]); };
  while (i < n) {
    if (i + 1 >= n) {  // odd trailing byte
      if (!final) return i;
      w.bytes(reinterpret_cast<const uint8_t*>(kFffd), 3);
      ++invalid;
      return n;
    }
    uint32_t u = unit(i);
    if (u < 0xD800 || u > 0xDFFF) {
      w.cp(u);
      i += 2;
    } else if (u <= 0xDBFF) {  // high surrogate: needs a low one next
      if (i + 3 >= n && !final) return i;
      uint32_t v = i + 3 < n ? unit(i + 2) : 0;
      if (v >= 0xDC00 && v <= 0xDFFF) {
        w.cp(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        i += 4;
      } else {
        w.bytes(reinterpret_cast<const uint8_t*>(kFffd), 3);
        ++invalid;
        i += 2;
      }
    } else {  // lone low surrogate
      w.bytes(reinterpret_cast<const uint8_t*>(kFffd), 3);
      ++invalid;
      i += 2;
    }
  }
  return n;
}

// ---- GB18030 --------------------------------------------------------------------------------

// The 25 two-byte codes whose mapping changed over the standard's versions. glibc 2.36 decodes them
// as GB18030-2022 (`now`); musl still as GB18030-2000 (`pua`, private-use code points). The 4-byte
// ranges are defined over the 2000 table, so both columns are needed.
struct Changed {
  uint16_t code;
  uint16_t pua;
  uint32_t now;
};
constexpr Changed kChanged[] = {
    {0xA6D9, 0xE78D, 0xFE10},  {0xA6DA, 0xE78E, 0xFE12},  {0xA6DB, 0xE78F, 0xFE11},  {0xA6DC, 0xE790, 0xFE13},
    {0xA6DD, 0xE791, 0xFE14},  {0xA6DE, 0xE792, 0xFE15},  {0xA6DF, 0xE793, 0xFE16},  {0xA6EC, 0xE794, 0xFE17},
    {0xA6ED, 0xE795, 0xFE18},  {0xA6F3, 0xE796, 0xFE19},  {0xA8BC, 0xE7C7, 0x1E3F},  {0xFE51, 0xE816, 0x20087},
    {0xFE52, 0xE817, 0x20089}, {0xFE53, 0xE818, 0x200CC}, {0xFE59, 0xE81E, 0x9FB4},  {0xFE61, 0xE826, 0x9FB5},
    {0xFE66, 0xE82B, 0x9FB6},  {0xFE67, 0xE82C, 0x9FB7},  {0xFE6C, 0xE831, 0x215D7}, {0xFE6D, 0xE832, 0x9FB8},
    {0xFE76, 0xE83B, 0x2298F}, {0xFE7E, 0xE843, 0x9FB9},  {0xFE90, 0xE854, 0x9FBA},  {0xFE91, 0xE855, 0x241FE},
    {0xFEA0, 0xE864, 0x9FBB},
};
constexpr size_t kTrails = 190;             // 0x40..0x7E, 0x80..0xFE
constexpr uint32_t kBmpFourByte = 39420;    // 81 30 81 30 .. 84 31 A4 39 -> U+0080..U+FFFF
constexpr uint32_t kSuppStart = 189000;     // linear index of 90 30 81 30 (U+10000)

struct GbTables {
  std::vector<uint32_t> two;   // (lead-0x81)*190 + trail index -> code point (0 = invalid)
  std::vector<uint16_t> four;  // BMP 4-byte linear index -> code point (0 = invalid)
};

uint32_t utf8_to_cp(const char* s, size_t n) {
  const auto* u = reinterpret_cast<const uint8_t*>(s);
  if (n == 1) return u[0];
  if (n == 2) return (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu);
  if (n == 3) return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
  if (n == 4) return (u[0] & 0x07u) << 18 | (u[1] & 0x3Fu) << 12 | (u[2] & 0x3Fu) << 6 | (u[3] & 0x3Fu);
  return 0;
}

GbTables build_gb_tables() {
  GbTables t;
  t.two.assign(126 * kTrails, 0);
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("GB18030 decoding is not available (iconv)");
  // 1. the 2-byte table, one iconv call per code (only 2-byte codes: musl's 4-byte path is broken)
  for (unsigned lead = 0x81; lead <= 0xFE; ++lead) {
    for (size_t k = 0; k < kTrails; ++k) {
      unsigned trail = 0x40 + static_cast<unsigned>(k) + (k >= 0x3F ? 1 : 0);
      char in[2] = {static_cast<char>(lead), static_cast<char>(trail)};
      char out[8];
      char* ip = in;
      char* op = out;
      size_t il = 2, ol = sizeof out;
      size_t r = iconv(cd, &ip, &il, &op, &ol);
      if (r != static_cast<size_t>(-1) && il == 0) t.two[(lead - 0x81) * kTrails + k] = utf8_to_cp(out, op - out);
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  iconv_close(cd);
  // 2. the 4-byte BMP codes enumerate, in order, the code points U+0080..U+FFFF that no 1- or
  //    2-byte code of GB18030-2000 takes (surrogates excluded)
  std::vector<bool> taken(0x10000, false);
  auto idx = [](unsigned code) { unsigned tr = code & 0xFF; return ((code >> 8) - 0x81) * kTrails + tr - 0x40 - (tr > 0x7F ? 1 : 0); };
  std::vector<uint32_t> base = t.two;
  for (const Changed& c : kChanged) base[idx(c.code)] = c.pua;
  for (uint32_t cp : base)
    if (cp && cp < 0x10000) taken[cp] = true;
  t.four.reserve(kBmpFourByte);
  for (uint32_t cp = 0x80; cp <= 0xFFFF; ++cp)
    if (!taken[cp] && (cp < 0xD800 || cp > 0xDFFF)) t.four.push_back(static_cast<uint16_t>(cp));
  if (t.four.size() != kBmpFourByte) throw std::runtime_error("GB18030 table from iconv is not the standard one");
  // 3. later versions: code points now taken by a 2-byte code lose their 4-byte code, except that
  //    GB18030-2005 moved U+E7C7 to 81 35 F4 37 (U+1E3F went to A8 BC)
  for (const Changed& c : kChanged) t.two[idx(c.code)] = c.now;
  std::vector<bool> now_taken(0x10000, false);
  for (uint32_t cp : t.two)
    if (cp && cp < 0x10000) now_taken[cp] = true;
  for (auto& cp : t.four)
    if (now_taken[cp]) cp = 0;
  t.four[7457] = 0xE7C7;
  return t;
}

const GbTables& gb_tables() {
  static const GbTables t = build_gb_tables();
  return t;
}

// p[0, n) (a line, or as much of it as there is) is UTF-8 beyond doubt (decoder.hpp): valid UTF-8
// (a character cut at n is fine) with two or more CJK ideographs, every other non-ASCII character
// common in Chinese text (Latin-1, general or CJK punctuation, full-width forms), and not GB2312
// throughout when read as GBK. GBK bytes that form such a line by accident need runs of a multiple
// of three characters, each lead and trail in narrow ranges: rarer than one line in 10^6.
bool utf8_beyond_doubt(const uint8_t* p, size_t n) {
  const uint8_t* end = p + n;
  int cjk = 0;
  for (size_t i = 0; i < n;) {
    i += ascii_prefix(p + i, n - i);
    if (i >= n) break;
    size_t len;
    const Seq s = utf8_seq(p + i, end, len);
    if (s == Seq::Invalid) return false;
    if (s == Seq::Incomplete) break;
    if (len == 2 && p[i] > 0xC3) return false;                    // beyond Latin-1
    if (len == 4) return false;
    if (len == 3) {
      const uint32_t c = (p[i] & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
      if (c >= 0x4E00 && c <= 0x9FFF) ++cjk;
      else if (!((c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF))) return false;
    }
    i += len;
  }
  if (cjk < 2) return false;
  for (size_t i = 0; i + 1 < n;) {   // the same bytes as GBK pairs; GB2312 is A1-F7 then A1-FE
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    if (p[i] < 0xA1 || p[i] > 0xF7 || p[i + 1] < 0xA1 || p[i + 1] == 0xFF) return true;
    i += 2;
  }
  return false;
}

// The GB18030 decoder's view of lines (Impl::decode_lines): a line that is UTF-8 beyond doubt is
// read as UTF-8 (decoder.hpp).
struct GbLines {
  bool decided = false;   // the current line's encoding is known
  bool utf8 = false;
  uint64_t feeds = 0;     // line feeds passed
  uint64_t utf8_lines = 0, first_utf8_line = 0;

  // At the line's first non-ASCII byte p[0]; `end` is the line's end, or as far as the decoder holds.
  void decide(const uint8_t* p, const uint8_t* end) {
    decided = true;
    size_t len;
    utf8 = utf8_seq(p, end, len) != Seq::Invalid &&   // (most GBK lines: their first character says no)
           utf8_beyond_doubt(p, static_cast<size_t>(end - p));
    if (utf8 && utf8_lines++ == 0) first_utf8_line = feeds + 1;
  }
};

size_t decode_gb18030(const uint8_t* p, size_t n, bool final, std::string& out, uint64_t& invalid) {
  const GbTables& t = gb_tables();
  Writer w(out);
  size_t i = 0;
  auto bad = [&](size_t skip) {
    w.bytes(reinterpret_cast<const uint8_t*>(kFffd), 3);
    ++invalid;
    i += skip;
  };
  while (i < n) {
    size_t a = ascii_prefix(p + i, n - i);
    if (a) {
      w.bytes(p + i, a);
      i += a;
      if (i >= n) break;
    }
    const uint8_t b = p[i];
    if (b == 0x80) {  // CP936 (Excel) euro sign; invalid in GB18030 proper
      w.cp(0x20AC);
      i += 1;
      continue;
    }
    if (b == 0xFF) {
      bad(1);
      continue;
    }
    // 1. lead byte 81..FE: a second byte is needed to know the length
    if (i + 1 >= n) {
      if (!final) return i;
      bad(1);
      continue;
    }
    const uint8_t c = p[i + 1];
    if (c >= 0x40 && c <= 0xFE && c != 0x7F) {  // 2. two-byte code
      uint32_t cp = t.two[(b - 0x81) * kTrails + c - 0x40 - (c > 0x7F ? 1 : 0)];
      if (cp) {
        w.cp(cp);
        i += 2;
      } else {
        bad(1);
      }
      continue;
    }
    if (c < 0x30 || c > 0x39) {
      bad(1);
      continue;
    }
    // 3. four-byte code: lead, digit, 81..FE, digit; hold back only while it can still be valid
    if (i + 2 < n && (p[i + 2] < 0x81 || p[i + 2] > 0xFE)) {
      bad(1);
      continue;
    }
    if (i + 3 >= n) {
      if (!final) return i;
      // an incomplete trailing sequence is one error
      bad(n - i);
      continue;
    }
    const uint8_t d = p[i + 3];
    if (d < 0x30 || d > 0x39) {
      bad(1);
      continue;
    }
    uint32_t lin = ((b - 0x81u) * 10 + (c - 0x30u)) * 1260 + (p[i + 2] - 0x81u) * 10 + (d - 0x30u);
    uint32_t cp = 0;
    if (lin < kBmpFourByte) cp = t.four[lin];
    else if (lin >= kSuppStart && lin - kSuppStart <= 0xFFFFF) cp = 0x10000 + (lin - kSuppStart);
    if (cp) {
      w.cp(cp);
      i += 4;
    } else {
      bad(1);
    }
  }
  return n;
}

// ---- detection ------------------------------------------------------------------------------

// UTF-16 without BOM: CSV text is mostly ASCII, so one byte of almost every code unit is zero.
// Real UTF-8 or GBK text has no zero bytes at all.
Encoding sniff_utf16(const uint8_t* p, size_t n) {
  size_t pairs = n / 2, even = 0, odd = 0;
  for (size_t k = 0; k < pairs * 2; k += 2) {
    even += p[k] == 0;
    odd += p[k + 1] == 0;
  }
  if (odd > 4 * even && odd * 32 >= pairs && odd) return Encoding::Utf16Le;
  if (even > 4 * odd && even * 32 >= pairs && even) return Encoding::Utf16Be;
  return Encoding::Auto;
}

// UTF-8 unless the sample has invalid sequences that are more than a few stray bytes among many
// valid multi-byte characters (GBK text breaks UTF-8 rules on most of its characters).
bool looks_utf8(const uint8_t* p, size_t n, bool cut) {
  const uint8_t* end = p + n;
  size_t i = 0;
  uint64_t valid = 0, bad = 0;
  while (i < n) {
    i += ascii_prefix(p + i, n - i);
    if (i >= n) break;
    size_t len;
    Seq s = utf8_seq(p + i, end, len);
    if (s == Seq::Valid) ++valid;
    else if (s == Seq::Invalid || !cut) ++bad;
    i += len;
  }
  return bad == 0 || valid >= 16 * bad;
}

// Some line of the sample is UTF-8 beyond doubt (the sample may start inside a line).
bool has_utf8_line(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n;) {
    const void* nl = std::memchr(p + i, '\n', n - i);
    const size_t e = nl ? static_cast<size_t>(static_cast<const uint8_t*>(nl) - p) : n;
    if (utf8_beyond_doubt(p + i, e - i)) return true;
    i = e + 1;
  }
  return false;
}

inline std::string lower_alnum(std::string_view s) {
  std::string r;
  for (char ch : s) {
    if (ch >= 'A' && ch <= 'Z') r += static_cast<char>(ch - 'A' + 'a');
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) r += ch;
  }
  return r;
}

}  // namespace

size_t utf8_valid_prefix(std::string_view text) {
  return utf8_valid_prefix(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

bool gbk_rather_than_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  uint64_t valid = 0, bad = 0;
  for (size_t i = 0; i < n;) {
    i += ascii_prefix(p + i, n - i);
    if (i >= n) break;
    size_t len;
    if (utf8_seq(p + i, p + n, len) == Seq::Valid) ++valid;
    else ++bad;
    i += len;
  }
  return valid < 2 * bad;
}

bool gb18030_text(std::string_view text, std::string& out) {
  uint64_t invalid = 0;
  out.clear();
  decode_gb18030(reinterpret_cast<const uint8_t*>(text.data()), text.size(), true, out, invalid);
  return invalid == 0;
}

uint64_t repair_utf8(std::string_view text, std::string& out) {
  uint64_t invalid = 0;
  out.clear();
  decode_utf8(reinterpret_cast<const uint8_t*>(text.data()), text.size(), true, out, invalid);
  return invalid;
}

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Auto: return "auto";
    case Encoding::Utf8: return "utf-8";
    case Encoding::Utf8Bom: return "utf-8-bom";
    case Encoding::Gb18030: return "gb18030";
    case Encoding::Utf16Le: return "utf-16le";
    case Encoding::Utf16Be: return "utf-16be";
  }
  return "auto";
}

std::optional<Encoding> parse_encoding(std::string_view name) {
  // separators and case are ignored: "UTF_8", "utf8", "Utf-8" are all the same
  for (char ch : name)
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == ' '))
      return std::nullopt;
  const std::string n = lower_alnum(name);
  if (n == "auto") return Encoding::Auto;
  if (n == "utf8" || n == "ascii" || n == "usascii") return Encoding::Utf8;
  if (n == "utf8bom" || n == "utf8sig") return Encoding::Utf8Bom;
  if (n == "gb18030" || n == "gbk" || n == "gb2312" || n == "cp936" || n == "ms936" || n == "windows936" || n == "euccn")
    return Encoding::Gb18030;
  if (n == "utf16le" || n == "utf16" || n == "ucs2" || n == "ucs2le" || n == "unicode") return Encoding::Utf16Le;
  if (n == "utf16be" || n == "ucs2be") return Encoding::Utf16Be;
  return std::nullopt;
}

namespace {

size_t decode_block(Encoding e, const uint8_t* p, size_t n, bool final, std::string& out, uint64_t& invalid) {
  switch (e) {
    case Encoding::Gb18030: return decode_gb18030(p, n, final, out, invalid);
    case Encoding::Utf16Le: return decode_utf16(p, n, false, final, out, invalid);
    case Encoding::Utf16Be: return decode_utf16(p, n, true, final, out, invalid);
    default: return decode_utf8(p, n, final, out, invalid);
  }
}

bool starts_with(const std::string& s, const char* prefix) {
  size_t k = std::strlen(prefix);
  return s.size() >= k && std::memcmp(s.data(), prefix, k) == 0;
}

// True while the bytes so far may still grow into a BOM.
bool bom_prefix(const std::string& s) {
  static const char* const boms[] = {"\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF"};
  for (const char* b : boms)
    if (s.size() < std::strlen(b) && std::memcmp(s.data(), b, s.size()) == 0) return true;
  return false;
}

}  // namespace

struct Decoder::Impl {
  Encoding enc;
  uint64_t invalid = 0;
  // Sniffing. Phase 1 holds the first bytes of the stream (BOM, UTF-16 check); phase 2 holds the
  // bytes from the first non-ASCII one on: ASCII reads the same in UTF-8 and GB18030, so a file
  // whose first 64 KiB are ASCII is still judged by its first real characters.
  bool sniffing;
  bool phase2 = false;
  std::string sniff;
  uint8_t carry[4];  // incomplete sequence held back from the previous chunk
  size_t carry_len = 0;
  bool first_out = true;  // a leading U+FEFF (a BOM in any encoding) is dropped

  bool check_utf8;   // false: UTF-8 passes through unchecked (see Decoder's constructor)
  GbLines gb_lines;  // GB18030 found, not forced: its UTF-8 lines
  bool found = false;
  std::string pending;   // ... decoded a line at a time: the line not complete yet
  static constexpr size_t kHold = 64 * 1024;    // a longer line is decoded in pieces
  static constexpr size_t kDecide = 4096;       // a line is judged on this much from its first character

  bool by_lines() const { return found && enc == Encoding::Gb18030; }

  explicit Impl(Encoding forced, bool check)
      : enc(forced),
        // UTF-16 waits for 2 bytes: a BOM of the other byte order wins over the one chosen
        sniffing(forced == Encoding::Auto || forced == Encoding::Utf16Le || forced == Encoding::Utf16Be),
        check_utf8(check) {}

  void pass_ascii(const char* p, size_t n, std::string& out) {
    if (!n) return;
    for (const char* e = p + n, *q = p; (q = static_cast<const char*>(std::memchr(q, '\n', static_cast<size_t>(e - q)))); ++q)
      ++gb_lines.feeds;   // (lines before the first non-ASCII byte, for first_utf8_line)
    out.append(p, n);
    first_out = false;
  }

  void strip_bom(size_t base, std::string& out) {
    if (!first_out || out.size() == base) return;
    first_out = false;
    if (out.compare(base, 3, "\xEF\xBB\xBF") == 0) {
      out.erase(base, 3);
      if (enc == Encoding::Utf8) enc = Encoding::Utf8Bom;
    }
  }

  void feed(const uint8_t* data, size_t n, std::string& out) {
    if (n == 0) return;
    if (!sniffing) return decode(data, n, out);
    if (phase2 && sniff.empty()) {  // ASCII before the first non-ASCII byte goes straight through
      size_t a = ascii_prefix(data, n);
      pass_ascii(reinterpret_cast<const char*>(data), a, out);
      data += a;
      n -= a;
      if (!n) return;
    }
    sniff.append(reinterpret_cast<const char*>(data), n);
    decide(false, out);
  }

  // UTF-8 input that is valid needs no decoding: hand out a view of the caller's bytes (holding back
  // an incomplete last character, as decode() would); anything else goes through feed().
  std::string_view feed_view(const uint8_t* data, size_t n, std::string& scratch) {
    if (unchecked() && !sniffing && !first_out && carry_len == 0) return std::string_view(reinterpret_cast<const char*>(data), n);
    if (!sniffing && carry_len == 0 && !first_out && (enc == Encoding::Utf8 || enc == Encoding::Utf8Bom)) {
      const size_t ok = utf8_valid_prefix(data, n);
      size_t len;
      if (ok == n) return std::string_view(reinterpret_cast<const char*>(data), n);
      if (utf8_seq(data + ok, data + n, len) == Seq::Incomplete) {
        carry_len = n - ok;
        std::memcpy(carry, data + ok, carry_len);
        return std::string_view(reinterpret_cast<const char*>(data), ok);
      }
    }
    scratch.clear();
    feed(data, n, scratch);
    return scratch;
  }

  void finish(std::string& out) {
    if (sniffing) decide(true, out);
    if (sniffing) {  // only ASCII, or nothing at all
      sniffing = false;
      enc = Encoding::Utf8;
    }
    if (!pending.empty()) {
      const size_t base = out.size();
      lines_of(reinterpret_cast<const uint8_t*>(pending.data()), pending.size(), true, out);
      pending.clear();
      strip_bom(base, out);
    }
    if (carry_len) {
      const size_t base = out.size();
      if (unchecked()) out.append(reinterpret_cast<const char*>(carry), carry_len);   // (the start of a BOM, cut short)
      else decode_block(enc, carry, carry_len, true, out, invalid);
      carry_len = 0;
      strip_bom(base, out);
    }
  }

  // Decides the encoding once enough bytes are buffered; every decision depends only on the
  // first kSniffBytes of the stream (or of phase 2), never on how the input was chunked.
  void decide(bool at_end, std::string& out) {
    if (enc != Encoding::Auto) {  // forced UTF-16: look for a BOM only
      if (sniff.size() < 2 && !at_end) return;
      if (starts_with(sniff, "\xFF\xFE")) enc = Encoding::Utf16Le;
      else if (starts_with(sniff, "\xFE\xFF")) enc = Encoding::Utf16Be;
      return decided(out);
    }
    const size_t kSniff = Decoder::kSniffBytes;
    if (!phase2) {
      // 1. a BOM decides at once (the decoder then drops the U+FEFF it decodes to)
      Encoding e = starts_with(sniff, "\xEF\xBB\xBF") ? Encoding::Utf8
                   : starts_with(sniff, "\xFF\xFE")     ? Encoding::Utf16Le
                   : starts_with(sniff, "\xFE\xFF")     ? Encoding::Utf16Be
                                                         : Encoding::Auto;
      if (e == Encoding::Auto && !at_end && (bom_prefix(sniff) || sniff.size() < kSniff)) return;
      // 2. UTF-16 without BOM, from the zero bytes
      const auto* p = reinterpret_cast<const uint8_t*>(sniff.data());
      if (e == Encoding::Auto) e = sniff_utf16(p, std::min(sniff.size(), kSniff));
      if (e != Encoding::Auto) {
        enc = e;
        return decided(out);
      }
      // 3. pass the leading ASCII through; judge from the first non-ASCII byte on
      size_t a = ascii_prefix(p, sniff.size());
      pass_ascii(sniff.data(), a, out);
      sniff.erase(0, a);
      phase2 = true;
      if (sniff.empty()) {
        if (at_end) {
          enc = Encoding::Utf8;
          decided(out);
        }
        return;
      }
    }
    // 4. UTF-8 or GB18030, from up to kSniffBytes starting at the first non-ASCII byte; a character
    //    cut at the end of a full window is not held against UTF-8
    if (!at_end && sniff.size() < kSniff) return;
    const bool cut = sniff.size() >= kSniff;
    // a sample with UTF-8 lines beside GBK ones is UTF-8 with GBK cells (decoder.hpp)
    const auto* sp = reinterpret_cast<const uint8_t*>(sniff.data());
    const size_t sn = std::min(sniff.size(), kSniff);
    enc = looks_utf8(sp, sn, cut) || has_utf8_line(sp, sn) ? Encoding::Utf8 : Encoding::Gb18030;
    found = true;
    decided(out);
  }

  void decided(std::string& out) {
    sniffing = false;
    std::string s;
    s.swap(sniff);
    decode(reinterpret_cast<const uint8_t*>(s.data()), s.size(), out);
  }

  bool unchecked() const { return !check_utf8 && (enc == Encoding::Utf8 || enc == Encoding::Utf8Bom); }

  // GB18030 found, not forced: whole lines at a time, each judged by GbLines on its first kDecide
  // bytes from its first character; the line not complete yet waits in `pending` (a line longer than
  // kHold is decoded in pieces).
  void decode_lines(const uint8_t* data, size_t n, std::string& out) {
    const size_t base = out.size();
    const uint8_t* end = data + n;
    if (!pending.empty()) {
      const void* nl = std::memchr(data, '\n', n);
      const uint8_t* upto = nl ? static_cast<const uint8_t*>(nl) + 1 : end;
      pending.append(reinterpret_cast<const char*>(data), static_cast<size_t>(upto - data));
      data = upto;
      if (nl || pending.size() >= kHold) pending.erase(0, lines_of(reinterpret_cast<const uint8_t*>(pending.data()), pending.size(), false, out));
    }
    if (data < end && pending.empty()) {
      const uint8_t* stop = end;
      while (stop > data && stop[-1] != '\n') --stop;   // after the last line feed
      data += lines_of(data, static_cast<size_t>(stop - data), false, out);
    }
    pending.append(reinterpret_cast<const char*>(data), static_cast<size_t>(end - data));
    if (pending.size() >= kHold) pending.erase(0, lines_of(reinterpret_cast<const uint8_t*>(pending.data()), pending.size(), false, out));
    strip_bom(base, out);
  }

  // p[0, n): whole lines, the start of a long line, or (final) the rest. Returns the bytes used: all
  // but an incomplete character at the end.
  size_t lines_of(const uint8_t* p, size_t n, bool final, std::string& out) {
    size_t i = 0;
    while (i < n) {
      const void* nl = std::memchr(p + i, '\n', n - i);
      const size_t e = nl ? static_cast<size_t>(static_cast<const uint8_t*>(nl) - p) + 1 : n;
      if (!gb_lines.decided) {   // on the line's first kDecide bytes from its first character: the
        const size_t a = ascii_prefix(p + i, e - i);   // same bytes however the input is chunked
        if (i + a < e) {
          if (!nl && !final && e - (i + a) < kDecide) return decode_gb18030(p + i, a, false, out, invalid) + i;   // (ASCII)
          gb_lines.decide(p + i + a, p + std::min(e, i + a + kDecide));
        }
      }
      const bool whole = nl || final;
      i += gb_lines.utf8 ? decode_utf8(p + i, e - i, whole, out, invalid) : decode_gb18030(p + i, e - i, whole, out, invalid);
      if (!nl) break;
      ++gb_lines.feeds;
      gb_lines.decided = gb_lines.utf8 = false;
    }
    return i;
  }

  void decode(const uint8_t* data, size_t n, std::string& out) {
    if (by_lines()) return decode_lines(data, n, out);
    const size_t base = out.size();
    if (unchecked()) {  // UTF-8 passes through as it is; the caller checks what it uses
      if (first_out) {  // a BOM split over the first chunks is held back until it is whole (or cannot be one)
        const size_t k = std::min<size_t>(n, 3 - carry_len);
        std::memcpy(carry + carry_len, data, k);
        carry_len += k;
        data += k;
        n -= k;
        if (carry_len < 3 && std::memcmp(carry, "\xEF\xBB\xBF", carry_len) == 0) return;
        out.append(reinterpret_cast<const char*>(carry), carry_len);
        carry_len = 0;
      }
      out.append(reinterpret_cast<const char*>(data), n);
      return strip_bom(base, out);
    }
    if (carry_len) {
      // 1. complete the held-back sequence with the first bytes of this chunk
      uint8_t tmp[12];
      const size_t k = std::min<size_t>(n, 8);
      std::memcpy(tmp, carry, carry_len);
      std::memcpy(tmp + carry_len, data, k);
      const size_t tl = carry_len + k;
      const size_t used = decode_block(enc, tmp, tl, false, out, invalid);
      if (used < carry_len) {  // still incomplete, so all of data is in tmp
        carry_len = tl - used;
        std::memmove(carry, tmp + used, carry_len);
        return strip_bom(base, out);
      }
      data += used - carry_len;
      n -= used - carry_len;
      carry_len = 0;
    }
    // 2. the chunk itself; an incomplete tail (< 4 bytes) waits for the next one
    const size_t used = decode_block(enc, data, n, false, out, invalid);
    carry_len = n - used;
    std::memcpy(carry, data + used, carry_len);
    strip_bom(base, out);
  }
};

Decoder::Decoder(Encoding forced, bool check_utf8) : impl_(new Impl(forced, check_utf8)), enc_(forced) {}

Decoder::~Decoder() { delete impl_; }

void Decoder::feed(const uint8_t* data, size_t n, std::string& out) {
  impl_->feed(data, n, out);
  enc_ = impl_->enc;
  invalid_ = impl_->invalid;
}

std::string_view Decoder::feed_view(const uint8_t* data, size_t n, std::string& scratch) {
  std::string_view v = impl_->feed_view(data, n, scratch);
  enc_ = impl_->enc;
  invalid_ = impl_->invalid;
  return v;
}

uint64_t Decoder::utf8_lines() const { return impl_->gb_lines.utf8_lines; }
uint64_t Decoder::first_utf8_line() const { return impl_->gb_lines.first_utf8_line; }

void Decoder::finish(std::string& out) {
  impl_->finish(out);
  enc_ = impl_->enc;
  invalid_ = impl_->invalid;
}

}  // namespace tl::csv
