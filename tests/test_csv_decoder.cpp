// tierlens — tests of csv::Decoder: encodings, detection, invalid bytes, and chunk boundaries
// (every split of every small input must decode exactly like a single feed).
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/csv/decoder.hpp"

using tl::csv::Decoder;
using tl::csv::Encoding;

namespace {

struct Decoded {
  std::string text;
  Encoding enc;
  uint64_t invalid;
  bool operator==(const Decoded& o) const { return text == o.text && enc == o.enc && invalid == o.invalid; }
};

std::ostream& operator<<(std::ostream& os, const Decoded& d) {
  os << "{enc " << tl::csv::encoding_name(d.enc) << ", invalid " << d.invalid << ", text";
  for (unsigned char c : d.text) {
    static const char hex[] = "0123456789ABCDEF";
    os << ' ' << hex[c >> 4] << hex[c & 15];
  }
  return os << '}';
}

// Feeds `in` in chunks of the given sizes (the last one takes the rest), through feed() or through
// feed_view() (which hands out views of valid UTF-8 input instead of copying it).
Decoded decode(const std::string& in, Encoding forced = Encoding::Auto, std::vector<size_t> cuts = {}, bool views = false) {
  Decoder d(forced);
  std::string out, scratch;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  auto feed = [&](size_t pos, size_t n) {
    if (views) out += d.feed_view(p + pos, n, scratch);
    else d.feed(p + pos, n, out);
  };
  size_t pos = 0;
  for (size_t c : cuts) {
    c = std::min(c, in.size() - pos);
    feed(pos, c);
    pos += c;
  }
  feed(pos, in.size() - pos);
  d.finish(out);
  return {out, d.encoding(), d.invalid_sequences()};
}

Decoded decode_bytewise(const std::string& in, Encoding forced = Encoding::Auto) {
  return decode(in, forced, std::vector<size_t>(in.size(), 1));
}

// Every 2-way and 3-way split and 1-byte chunks give the single-feed result.
void check_splits(const std::string& in, Encoding forced = Encoding::Auto) {
  const Decoded whole = decode(in, forced);
  CAPTURE(whole);
  CHECK(decode_bytewise(in, forced) == whole);
  CHECK(decode(in, forced, std::vector<size_t>(in.size(), 1), true) == whole);
  for (size_t i = 0; i <= in.size(); ++i) {
    CAPTURE(i);
    REQUIRE(decode(in, forced, {i}) == whole);
    REQUIRE(decode(in, forced, {i}, true) == whole);
    if (in.size() <= 48)
      for (size_t j = i; j <= in.size(); ++j) {
        CAPTURE(j);
        REQUIRE(decode(in, forced, {i, j - i}) == whole);
        REQUIRE(decode(in, forced, {i, j - i}, true) == whole);
      }
  }
}

const std::string kFffd = "\xEF\xBF\xBD";

// GBK as Excel on Chinese Windows writes it: a header, an Excel text guard, a quoted field with
// doubled quotes and a line break, full-width currency sign.
const std::string kGbkCsv =
    "\xB6\xA9\xB5\xA5\xBA\xC5,\xC9\xCC\xBC\xD2ID,\xD6\xA7\xB8\xB6\xCA\xB1\xBC\xE4,\xBD\xF0\xB6\xEE,\xB1\xB8\xD7\xA2\r\n"
    "\"20230601001\",=\"4403001\",2023/6/1 12:00,\"1,234.50\",\"\xBA\xAC\"\"\xD2\xFD\xBA\xC5\"\"\n\xBA\xCD\xBB\xBB\xD0\xD0\"\r\n"
    "20230601002,4403002,2023-06-01 12:30:00,\xA3\xA4"
    "99,\xD6\xD0\xCE\xC4\xB5\xEA\xC6\xCC\xA1\xA4\xC6\xEC\xBD\xA2\xB5\xEA\r\n";
const std::string kGbkCsvUtf8 =
    "订单号,商家ID,支付时间,金额,备注\r\n"
    "\"20230601001\",=\"4403001\",2023/6/1 12:00,\"1,234.50\",\"含\"\"引号\"\"\n和换行\"\r\n"
    "20230601002,4403002,2023-06-01 12:30:00,￥99,中文店铺·旗舰店\r\n";

// FNV-1a over the UTF-8 output: pins the whole GB18030 table, so native and WebAssembly builds
// (glibc and musl iconv underneath) are checked against the same value.
uint64_t fnv(const std::string& s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

TEST_CASE("encoding names and aliases", "[csv][decoder]") {
  CHECK(std::string(tl::csv::encoding_name(Encoding::Auto)) == "auto");
  CHECK(std::string(tl::csv::encoding_name(Encoding::Utf8)) == "utf-8");
  CHECK(std::string(tl::csv::encoding_name(Encoding::Utf8Bom)) == "utf-8-bom");
  CHECK(std::string(tl::csv::encoding_name(Encoding::Gb18030)) == "gb18030");
  CHECK(std::string(tl::csv::encoding_name(Encoding::Utf16Le)) == "utf-16le");
  CHECK(std::string(tl::csv::encoding_name(Encoding::Utf16Be)) == "utf-16be");
  for (Encoding e : {Encoding::Auto, Encoding::Utf8, Encoding::Utf8Bom, Encoding::Gb18030, Encoding::Utf16Le, Encoding::Utf16Be})
    CHECK(tl::csv::parse_encoding(tl::csv::encoding_name(e)) == e);
  CHECK(tl::csv::parse_encoding("UTF8") == Encoding::Utf8);
  CHECK(tl::csv::parse_encoding("GBK") == Encoding::Gb18030);
  CHECK(tl::csv::parse_encoding("gb2312") == Encoding::Gb18030);
  CHECK(tl::csv::parse_encoding("CP936") == Encoding::Gb18030);
  CHECK(tl::csv::parse_encoding("utf-16") == Encoding::Utf16Le);
  CHECK(tl::csv::parse_encoding("UTF16LE") == Encoding::Utf16Le);
  CHECK(tl::csv::parse_encoding("utf_16_be") == Encoding::Utf16Be);
  CHECK(tl::csv::parse_encoding("utf-8-sig") == Encoding::Utf8Bom);
  CHECK_FALSE(tl::csv::parse_encoding("latin1").has_value());
  CHECK_FALSE(tl::csv::parse_encoding("").has_value());
  CHECK_FALSE(tl::csv::parse_encoding("utf-8!").has_value());
}

TEST_CASE("UTF-8 passes through, BOM is dropped", "[csv][decoder]") {
  SECTION("plain") {
    const std::string in = "id,名称\n1,中文🙂\n";
    CHECK(decode(in) == Decoded{in, Encoding::Utf8, 0});
    check_splits(in);
  }
  SECTION("with BOM") {
    CHECK(decode("\xEF\xBB\xBFid,名\r\n") == Decoded{"id,名\r\n", Encoding::Utf8Bom, 0});
    check_splits("\xEF\xBB\xBFid,名\r\n");
    CHECK(decode("\xEF\xBB\xBF") == Decoded{"", Encoding::Utf8Bom, 0});
  }
  SECTION("forced UTF-8 still drops a BOM, and only a leading one") {
    CHECK(decode("\xEF\xBB\xBF" "a", Encoding::Utf8) == Decoded{"a", Encoding::Utf8Bom, 0});
    CHECK(decode("a\xEF\xBB\xBF", Encoding::Utf8) == Decoded{"a\xEF\xBB\xBF", Encoding::Utf8, 0});
    check_splits("\xEF\xBB\xBF" "ab", Encoding::Utf8);
  }
  SECTION("empty and ASCII-only input") {
    CHECK(decode("") == Decoded{"", Encoding::Utf8, 0});
    CHECK(decode("a,b\r\n1,2") == Decoded{"a,b\r\n1,2", Encoding::Utf8, 0});
  }
}

TEST_CASE("UTF-8: invalid bytes become U+FFFD and are counted", "[csv][decoder]") {
  // one U+FFFD per maximal ill-formed subpart, as browsers decode
  CHECK(decode("a\xFF" "b", Encoding::Utf8) == Decoded{"a" + kFffd + "b", Encoding::Utf8, 1});
  CHECK(decode("\xE4\xB8" "A", Encoding::Utf8) == Decoded{kFffd + "A", Encoding::Utf8, 1});
  CHECK(decode("\xC0\xAF", Encoding::Utf8) == Decoded{kFffd + kFffd, Encoding::Utf8, 2});          // overlong
  CHECK(decode("\xED\xA0\x80", Encoding::Utf8) == Decoded{kFffd + kFffd + kFffd, Encoding::Utf8, 3});  // surrogate
  CHECK(decode("\xF4\x90\x80\x80", Encoding::Utf8).invalid == 4);                                    // > U+10FFFF
  CHECK(decode("\xF0\x9F\x99" "x", Encoding::Utf8) == Decoded{kFffd + "x", Encoding::Utf8, 1});
  SECTION("an incomplete character at the very end is one U+FFFD") {
    CHECK(decode("ab\xE4\xB8", Encoding::Utf8) == Decoded{"ab" + kFffd, Encoding::Utf8, 1});
    CHECK(decode("ab\xF0", Encoding::Utf8) == Decoded{"ab" + kFffd, Encoding::Utf8, 1});
  }
  SECTION("splits inside and around invalid sequences") {
    check_splits("a\xE4\xB8" "b\xF0\x9F\x99\x82" "c\xED\xA0\x80" "d\xC3", Encoding::Utf8);
    check_splits("\xE4\xB8\xAD\xF0\x9F\x99\x82\xC3\xA9\xFF\xE4", Encoding::Utf8);
  }
  SECTION("auto: a few stray bytes in clearly UTF-8 text keep UTF-8") {
    std::string in;
    for (int i = 0; i < 20; ++i) in += "中文,";
    in += "\xFF\n";
    CHECK(decode(in) == Decoded{in.substr(0, in.size() - 2) + kFffd + "\n", Encoding::Utf8, 1});
  }
}

TEST_CASE("UTF-8 with long ASCII runs and multi-byte characters at every alignment", "[csv][decoder]") {
  std::string in;
  for (int i = 0; i < 40; ++i) {
    in += std::string(static_cast<size_t>(i % 17), 'x');
    in += (i % 3 == 0) ? "é" : (i % 3 == 1) ? "中" : "🙂";
  }
  CHECK(decode(in) == Decoded{in, Encoding::Utf8, 0});
  for (size_t cut = 1; cut < 40; ++cut) {
    CAPTURE(cut);
    CHECK(decode(in, Encoding::Auto, std::vector<size_t>(in.size() / cut + 1, cut)) == Decoded{in, Encoding::Utf8, 0});
  }
}

TEST_CASE("GB18030 / GBK", "[csv][decoder]") {
  SECTION("2-byte characters") {
    CHECK(decode("\xD6\xD0\xCE\xC4") == Decoded{"中文", Encoding::Gb18030, 0});
    CHECK(decode("\xD6\xD0\xCE\xC4", Encoding::Gb18030) == Decoded{"中文", Encoding::Gb18030, 0});
    check_splits("a\xD6\xD0" "b\xCE\xC4" "c");
  }
  SECTION("4-byte characters") {
    CHECK(decode("\x81\x30\x81\x30", Encoding::Gb18030) == Decoded{"\xC2\x80", Encoding::Gb18030, 0});    // U+0080
    CHECK(decode("\x81\x30\x84\x36", Encoding::Gb18030) == Decoded{"¥", Encoding::Gb18030, 0});           // U+00A5
    CHECK(decode("\x84\x31\xA4\x39", Encoding::Gb18030) == Decoded{"\xEF\xBF\xBF", Encoding::Gb18030, 0}); // U+FFFF
    CHECK(decode("\x95\x32\x82\x36", Encoding::Gb18030) == Decoded{"𠀀", Encoding::Gb18030, 0});           // U+20000
    CHECK(decode("\xE3\x32\x9A\x35", Encoding::Gb18030) == Decoded{"\xF4\x8F\xBF\xBF", Encoding::Gb18030, 0});  // U+10FFFF
    check_splits("x\x81\x30\x81\x30" "y\x95\x32\x82\x36" "z\xD6\xD0");
  }
  SECTION("codes that changed between versions decode as GB18030-2022 on every platform") {
    CHECK(decode("\xA8\xBC", Encoding::Gb18030).text == "ḿ");                  // U+1E3F
    CHECK(decode("\x81\x35\xF4\x37", Encoding::Gb18030).text == "\xEE\x9F\x87");  // U+E7C7
    CHECK(decode("\xA6\xD9", Encoding::Gb18030).text == "\xEF\xB8\x90");          // U+FE10
    CHECK(decode("\xFE\x51", Encoding::Gb18030).text == "\xF0\xA0\x82\x87");      // U+20087
    CHECK(decode("\xFE\x59", Encoding::Gb18030).text == "\xE9\xBE\xB4");          // U+9FB4
    // the old 4-byte code of U+9FB4 no longer decodes: one U+FFFD, then the bytes re-read
    CHECK(decode("\x82\x35\x90\x37" "x", Encoding::Gb18030) == Decoded{kFffd + "5" + kFffd + "7x", Encoding::Gb18030, 2});
  }
  SECTION("CP936's euro sign 0x80 is accepted") {
    CHECK(decode("\x80" "5", Encoding::Gb18030) == Decoded{"€5", Encoding::Gb18030, 0});
  }
  SECTION("invalid bytes: U+FFFD, skip one byte, go on") {
    CHECK(decode("\x81\x20" "a", Encoding::Gb18030) == Decoded{kFffd + " a", Encoding::Gb18030, 1});
    CHECK(decode("\xFF" "a", Encoding::Gb18030) == Decoded{kFffd + "a", Encoding::Gb18030, 1});
    CHECK(decode("\x81\x7F", Encoding::Gb18030) == Decoded{kFffd + "\x7F", Encoding::Gb18030, 1});
    CHECK(decode("\x81\x30\x20\x30", Encoding::Gb18030) == Decoded{kFffd + "0 0", Encoding::Gb18030, 1});
    CHECK(decode("\x81\x30\x81\x20", Encoding::Gb18030) == Decoded{kFffd + "0" + kFffd + " ", Encoding::Gb18030, 2});
    CHECK(decode("\x85\x30\x81\x30", Encoding::Gb18030).invalid >= 1);  // unassigned 4-byte range
    check_splits("\x81\x20" "a\xFF\x81\x30\x20\x30\x81\x30\x81\x20", Encoding::Gb18030);
  }
  SECTION("an incomplete character at the end is one U+FFFD") {
    CHECK(decode("a\xD6", Encoding::Gb18030) == Decoded{"a" + kFffd, Encoding::Gb18030, 1});
    CHECK(decode("a\x81\x30", Encoding::Gb18030) == Decoded{"a" + kFffd, Encoding::Gb18030, 1});
    CHECK(decode("a\x81\x30\x81", Encoding::Gb18030) == Decoded{"a" + kFffd, Encoding::Gb18030, 1});
    check_splits("a\x81\x30\x81", Encoding::Gb18030);
  }
  SECTION("the GB18030 BOM is dropped") {
    CHECK(decode("\x84\x31\x95\x33" "a", Encoding::Gb18030) == Decoded{"a", Encoding::Gb18030, 0});
  }
}

TEST_CASE("GBK CSV fixture (Excel on Chinese Windows)", "[csv][decoder]") {
  CHECK(decode(kGbkCsv) == Decoded{kGbkCsvUtf8, Encoding::Gb18030, 0});
  check_splits(kGbkCsv);
  const std::string gb18030 = "\xC9\xCC\xBC\xD2,\xBD\xF0\xB6\xEE\n\x81" "0\x84" "6\xB5\xEA,\xA2\xE3" "5\n";
  CHECK(decode(gb18030) == Decoded{"商家,金额\n¥店,€5\n", Encoding::Gb18030, 0});
  check_splits(gb18030);
}

TEST_CASE("GB18030 tables are the same on every platform", "[csv][decoder]") {
  // all 2-byte codes, then all BMP 4-byte codes, each followed by a newline
  std::string two, four;
  for (int a = 0x81; a <= 0xFE; ++a)
    for (int b = 0x40; b <= 0xFE; ++b) {
      if (b == 0x7F) continue;
      two += static_cast<char>(a);
      two += static_cast<char>(b);
      two += '\n';
    }
  for (int a = 0x81; a <= 0x84; ++a)
    for (int b = 0x30; b <= 0x39; ++b)
      for (int c = 0x81; c <= 0xFE; ++c)
        for (int d = 0x30; d <= 0x39; ++d) {
          four += static_cast<char>(a);
          four += static_cast<char>(b);
          four += static_cast<char>(c);
          four += static_cast<char>(d);
          four += '\n';
        }
  const Decoded d2 = decode(two, Encoding::Gb18030);
  const Decoded d4 = decode(four, Encoding::Gb18030);
  CHECK(d2.invalid == 0);
  // 18 codes dropped by GB18030-2022 and the 10980 codes past U+FFFF (84 31 A5 30 on): two U+FFFD each
  CHECK(d4.invalid == 2 * (18 + 10980));
  CHECK(fnv(d2.text) == 0x6d36c6d9fe5e2576u);
  CHECK(fnv(d4.text) == 0xb7cb405430216172u);
}

TEST_CASE("encoding detection", "[csv][decoder]") {
  SECTION("GBK whose first 64 KiB are ASCII is still found") {
    std::string in(70000, 'a');
    in += "\n\xD6\xD0\xCE\xC4\n";
    CHECK(decode(in) == Decoded{std::string(70000, 'a') + "\n中文\n", Encoding::Gb18030, 0});
    CHECK(decode(in, Encoding::Auto, {65536}).text == std::string(70000, 'a') + "\n中文\n");
    CHECK(decode(in, Encoding::Auto, {1000, 65000, 4000}).enc == Encoding::Gb18030);
  }
  SECTION("a UTF-8 character cut by the 64 KiB sniff limit is not an error") {
    std::string in;
    while (in.size() < 70000) in += "中";  // 65536 = 3 * 21845 + 1: the limit cuts a character
    CHECK(decode(in) == Decoded{in, Encoding::Utf8, 0});
    CHECK(decode(in, Encoding::Auto, {65535, 2}) == Decoded{in, Encoding::Utf8, 0});
    const std::string shifted = "id,name\n" + in;
    CHECK(decode(shifted, Encoding::Auto, {3, 65537}) == Decoded{shifted, Encoding::Utf8, 0});
  }
  SECTION("the cut character is the only doubt: still UTF-8") {
    // 中 at 0, ASCII, then 中 at 65535: the 64 KiB window holds one whole and one cut character
    const std::string in = "中" + std::string(65532, 'a') + "中\n";
    CHECK(decode(in) == Decoded{in, Encoding::Utf8, 0});
    CHECK(decode(in, Encoding::Auto, {65536}) == Decoded{in, Encoding::Utf8, 0});
  }
  SECTION("a short GBK file is decided at finish") {
    CHECK(decode("\xC9\xCC\xBC\xD2ID\n1\n") == Decoded{"商家ID\n1\n", Encoding::Gb18030, 0});
  }
  SECTION("the same bytes, forced the other way") {
    CHECK(decode("\xD6\xD0", Encoding::Utf8) == Decoded{kFffd + kFffd, Encoding::Utf8, 2});
    CHECK(decode("中", Encoding::Gb18030).text == "涓" + kFffd);
  }
}

TEST_CASE("UTF-16", "[csv][decoder]") {
  // "a,中🙂\n" in both byte orders
  const std::string le = std::string("a\0,\0\x2D\x4E\x3D\xD8\x42\xDE\n\0", 12);
  const std::string be = std::string("\0a\0,\x4E\x2D\xD8\x3D\xDE\x42\0\n", 12);
  const std::string text = "a,中🙂\n";
  SECTION("with BOM") {
    CHECK(decode("\xFF\xFE" + le) == Decoded{text, Encoding::Utf16Le, 0});
    CHECK(decode("\xFE\xFF" + be) == Decoded{text, Encoding::Utf16Be, 0});
    check_splits("\xFF\xFE" + le);
    check_splits("\xFE\xFF" + be);
  }
  SECTION("without BOM, from the zero bytes") {
    CHECK(decode(le) == Decoded{text, Encoding::Utf16Le, 0});
    CHECK(decode(be) == Decoded{text, Encoding::Utf16Be, 0});
    check_splits(le);
  }
  SECTION("forced, and a BOM of the other byte order wins") {
    CHECK(decode(le, Encoding::Utf16Le) == Decoded{text, Encoding::Utf16Le, 0});
    CHECK(decode("\xFE\xFF" + be, Encoding::Utf16Le) == Decoded{text, Encoding::Utf16Be, 0});
    CHECK(decode("\xFF\xFE" + le, Encoding::Utf16Be) == Decoded{text, Encoding::Utf16Le, 0});
  }
  SECTION("unpaired surrogates and an odd last byte") {
    CHECK(decode(std::string("\x3D\xD8" "a\0", 4), Encoding::Utf16Le) == Decoded{kFffd + "a", Encoding::Utf16Le, 1});
    CHECK(decode(std::string("\x42\xDE" "a\0", 4), Encoding::Utf16Le) == Decoded{kFffd + "a", Encoding::Utf16Le, 1});
    CHECK(decode(std::string("\x3D\xD8\x3D\xD8\x42\xDE", 6), Encoding::Utf16Le) == Decoded{kFffd + "🙂", Encoding::Utf16Le, 1});
    CHECK(decode(std::string("a\0\x3D\xD8", 4), Encoding::Utf16Le) == Decoded{"a" + kFffd, Encoding::Utf16Le, 1});
    CHECK(decode(std::string("a\0b", 3), Encoding::Utf16Le) == Decoded{"a" + kFffd, Encoding::Utf16Le, 1});
    check_splits(std::string("\x3D\xD8" "a\0\x42\xDE\x3D\xD8\x42\xDE" "b", 11), Encoding::Utf16Le);
  }
  SECTION("longer text") {
    std::string in = "\xFF\xFE", want;
    for (int i = 0; i < 300; ++i) {
      in += std::string("x\0\xE7\x65\x3D\xD8\x00\xDE", 8);  // x 旧 😀
      want += "x旧😀";
    }
    CHECK(decode(in) == Decoded{want, Encoding::Utf16Le, 0});
    CHECK(decode(in, Encoding::Auto, std::vector<size_t>(800, 3)) == Decoded{want, Encoding::Utf16Le, 0});
  }
}

namespace {

// Strict UTF-8 check (no overlongs, surrogates or values past U+10FFFF).
bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (!len || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? b : b & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

}  // namespace

TEST_CASE("random bytes: valid UTF-8 out, the same for any chunking", "[csv][decoder]") {
  std::mt19937 rng(18030);  // the engine's output is fully specified, so this is the same everywhere
  const unsigned char alphabet[] = {'a', ',', '\n', '0', '5', 0x00, 0x80, 0x81, 0x30, 0x84, 0x95, 0x32, 0xD6, 0xD0,
                                    0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0xFE, 0xFF, 0xEF, 0xBB, 0xBF, 0xD8, 0xDC, 0x3D};
  const Encoding encodings[] = {Encoding::Auto, Encoding::Utf8, Encoding::Gb18030, Encoding::Utf16Le, Encoding::Utf16Be};
  for (int iter = 0; iter < 4000; ++iter) {
    std::string in;
    const size_t len = rng() % 24;
    for (size_t k = 0; k < len; ++k) in += static_cast<char>(alphabet[rng() % sizeof alphabet]);
    const Encoding e = encodings[iter % 5];
    CAPTURE(iter, in.size());
    const Decoded whole = decode(in, e);
    REQUIRE(valid_utf8(whole.text));
    std::vector<size_t> cuts;
    for (size_t pos = 0; pos < in.size();) {
      cuts.push_back(1 + rng() % 4);
      pos += cuts.back();
    }
    REQUIRE(decode(in, e, cuts) == whole);
  }
}

TEST_CASE("unchecked UTF-8 passes through byte for byte at every split; other encodings still decode") {
  auto run = [](const std::string& in, std::vector<size_t> cuts) {
    Decoder d(Encoding::Auto, false);
    std::string out, scratch;
    const auto* p = reinterpret_cast<const uint8_t*>(in.data());
    size_t pos = 0;
    for (size_t c : cuts) {
      c = std::min(c, in.size() - pos);
      out += d.feed_view(p + pos, c, scratch);
      pos += c;
    }
    out += d.feed_view(p + pos, in.size() - pos, scratch);
    d.finish(out);
    return std::make_pair(out, d.encoding());
  };
  // UTF-8 with a BOM (dropped), CJK and invalid bytes (kept as they are, not replaced)
  const std::string utf8 = "\xEF\xBB\xBF" "id,名\n1,坏\xFF\xE4\xB8,好\n";
  const std::string expect = utf8.substr(3);
  for (size_t i = 0; i <= utf8.size(); ++i) {
    CAPTURE(i);
    auto [out, enc] = run(utf8, {i});
    CHECK(out == expect);
    CHECK(enc == Encoding::Utf8Bom);
  }
  // GBK: decoded exactly as with checking
  for (size_t i = 0; i <= kGbkCsv.size(); i += 7) {
    CAPTURE(i);
    auto [out, enc] = run(kGbkCsv, {i});
    CHECK(out == kGbkCsvUtf8);
    CHECK(enc == Encoding::Gb18030);
  }
}

// Files pasted together from a UTF-8 and a GBK export (decoder.hpp): a GB18030 file's later UTF-8
// lines are read as UTF-8 and counted, the same for every chunking; GBK that happens to be valid
// UTF-8 (联通) is never taken for it.
TEST_CASE("one file, two encodings: UTF-8 lines in a GB18030 file", "[csv][decoder]") {
  const std::string gbk_line = "1,\xD2\xE5\xCE\xDA\xBA\xC3\xBB\xF5\xB5\xEA,\xD2\xD1\xCD\xEA\xB3\xC9\n";   // 1,义乌好货店,已完成
  const std::string utf8_line = "2,义乌好货店,已完成\n";
  std::string in = "id,shop,status\n", want = in;   // (an ASCII line before the first character: counted too)
  for (int i = 0; i < 4000; ++i) {   // 80 KB of GBK: GB18030 is chosen from the first 64 KiB
    in += gbk_line;
    want += "1,义乌好货店,已完成\n";
  }
  for (int i = 0; i < 5; ++i) {
    in += utf8_line + gbk_line;
    want += utf8_line + "1,义乌好货店,已完成\n";
  }
  for (size_t chunk : {size_t(0), size_t(1), size_t(7), size_t(4096)}) {
    CAPTURE(chunk);
    Decoder d;
    std::string out;
    const auto* p = reinterpret_cast<const uint8_t*>(in.data());
    const size_t step = chunk ? chunk : in.size();
    for (size_t i = 0; i < in.size(); i += step) d.feed(p + i, std::min(step, in.size() - i), out);
    d.finish(out);
    CHECK(d.encoding() == Encoding::Gb18030);
    CHECK(out == want);
    CHECK(d.invalid_sequences() == 0);
    CHECK(d.utf8_lines() == 5);
    CHECK(d.first_utf8_line() == 4002);
  }
  // forced GB18030 is never mixed: the UTF-8 lines come out as GB18030 reads them
  Decoder forced(Encoding::Gb18030);
  std::string out;
  forced.feed(reinterpret_cast<const uint8_t*>(in.data()), in.size(), out);
  forced.finish(out);
  CHECK(forced.utf8_lines() == 0);
  CHECK(out != want);
}

TEST_CASE("one file, two encodings: a sample with UTF-8 and GBK lines is UTF-8", "[csv][decoder]") {
  const std::string mixed = "店铺名称,订单状态\n义乌好货店,已完成\n\xD2\xE5\xCE\xDA\xBA\xC3\xBB\xF5\xB5\xEA,\xD2\xD1\xCD\xEA\xB3\xC9\n";
  CHECK(decode(mixed).enc == Encoding::Utf8);
  std::string cell;
  CHECK(tl::csv::gb18030_text("\xD2\xE5\xCE\xDA\xBA\xC3\xBB\xF5\xB5\xEA", cell));
  CHECK(cell == "义乌好货店");
  CHECK_FALSE(tl::csv::gb18030_text("\xD2\xE5\xFF", cell));   // not GB18030 either
  // GBK only: UTF-8 by accident or not, it stays GB18030, without a line read as UTF-8
  std::mt19937 rng(7);
  std::string gbk = "\xC1\xAA\xCD\xA8\n";   // 联通: valid UTF-8 as bytes
  for (int i = 0; i < 20000; ++i) {
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) {   // GB2312 hanzi (B0-F7, A1-FE) and GBK extension codes (81-A0, 40-FE)
      const bool ext = rng() % 8 == 0;
      gbk += static_cast<char>(ext ? 0x81 + rng() % 32 : 0xB0 + rng() % 72);
      uint8_t t = static_cast<uint8_t>(ext ? 0x40 + rng() % 191 : 0xA1 + rng() % 94);
      if (t == 0x7F) t = 0x80;
      gbk += static_cast<char>(t);
    }
    gbk += i % 3 ? ",1\n" : "\n";
  }
  Decoder d;
  std::string out;
  d.feed(reinterpret_cast<const uint8_t*>(gbk.data()), gbk.size(), out);
  d.finish(out);
  CHECK(d.encoding() == Encoding::Gb18030);
  CHECK(d.utf8_lines() == 0);
  CHECK(out == decode(gbk, Encoding::Gb18030).text);
}

TEST_CASE("one file, two encodings: long lines are judged the same however they are cut", "[csv][decoder]") {
  const std::string gbk = "\xD2\xE5\xCE\xDA\xBA\xC3\xBB\xF5\xB5\xEA";   // 义乌好货店
  std::string in;
  for (int i = 0; i < 8000; ++i) in += "1," + gbk + "\n";   // GB18030 from the first 64 KiB
  in += std::string(70000, 'x') + "义乌好货店,已完成\n";      // UTF-8 after a long ASCII start
  in += "2," + std::string(100000, 'y') + "," + gbk + "\n";   // a long GBK line
  in += "3,义乌好货店" + std::string(90000, 'z') + gbk + "\n";   // UTF-8 first, then GBK bytes in the same line
  const Decoded whole = decode(in);
  REQUIRE(whole.enc == Encoding::Gb18030);
  CHECK(whole.text.find(std::string(70000, 'x') + "义乌好货店,已完成\n") != std::string::npos);
  CHECK(whole.text.find(std::string(100000, 'y') + ",义乌好货店\n") != std::string::npos);
  for (size_t chunk : {size_t(1000), size_t(4095), size_t(65536), size_t(65537), size_t(100003)}) {
    CAPTURE(chunk);
    std::vector<size_t> cuts(in.size() / chunk, chunk);
    CHECK(decode(in, Encoding::Auto, cuts) == whole);
    Decoder d;
    std::string out;
    for (size_t i = 0; i < in.size(); i += chunk) d.feed(reinterpret_cast<const uint8_t*>(in.data()) + i, std::min(chunk, in.size() - i), out);
    d.finish(out);
    CHECK(d.utf8_lines() == 2);
    CHECK(d.first_utf8_line() == 8001);
  }
}
