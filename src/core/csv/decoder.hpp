// tierlens — text decoding: bytes of any supported encoding -> UTF-8, chunk by chunk.
//
// Supported: UTF-8 (with or without BOM), GB18030 (and its subsets GBK / GB2312, as Excel on
// Chinese Windows writes them), UTF-16 LE/BE (with BOM; without BOM when the zero-byte pattern is
// unambiguous). Chunk boundaries may fall anywhere, including inside a multi-byte character:
// incomplete sequences are held back until the next chunk.
//
// Auto detection: a BOM decides at once. Otherwise the decoder buffers up to kSniffBytes (or until
// finish()), looks for UTF-16 by its zero bytes, and picks UTF-8 when those bytes are valid UTF-8,
// else GB18030. Refinements: a leading all-ASCII stretch is passed through undecided and the
// UTF-8/GB18030 test runs on up to kSniffBytes from the first non-ASCII byte; a few invalid bytes
// among 16x as many valid multi-byte characters still count as UTF-8. Bytes that are invalid in the
// chosen encoding become U+FFFD and are counted (invalid_sequences()), never dropped silently.
//
// Files pasted together from a UTF-8 and a GBK export (one file, two encodings): when the sample
// holds lines that are UTF-8 beyond doubt beside lines that are not UTF-8 at all, UTF-8 is chosen
// and the callers decode the cells that are not UTF-8 as GB18030 (gb18030_text). When GB18030 was
// chosen and a later line is UTF-8 beyond doubt, that line is read as UTF-8 and counted
// (utf8_lines(), first_utf8_line()). "Beyond doubt": valid UTF-8 with a character of 3 or more
// bytes, whose reading as GBK would need a code outside GB2312 — GBK text that happens to be valid
// UTF-8 (联通) is GB2312 throughout.
// GB18030 follows GB18030-2022 on every platform, plus CP936's 0x80 = U+20AC.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tl::csv {

enum class Encoding : uint8_t { Auto, Utf8, Utf8Bom, Gb18030, Utf16Le, Utf16Be };

// Stable lower-case names used in reports and the UI: "auto", "utf-8", "utf-8-bom", "gb18030",
// "utf-16le", "utf-16be".
const char* encoding_name(Encoding e);
// Accepts the names above and common aliases, case-insensitively: utf8, gbk, gb2312, cp936,
// gb18030, utf-16, utf16le, ... Returns nullopt for anything else.
std::optional<Encoding> parse_encoding(std::string_view name);

// Length of the longest prefix of text that is complete, valid UTF-8.
size_t utf8_valid_prefix(std::string_view text);
// text with every invalid sequence replaced by U+FFFD (into out); returns how many were replaced.
uint64_t repair_utf8(std::string_view text, std::string& out);
// text decoded as GB18030 into out (cleared first); false when some bytes are not GB18030.
bool gb18030_text(std::string_view text, std::string& out);
// text that is not UTF-8 reads rather as GBK than as damaged UTF-8: fewer than two valid multi-byte
// UTF-8 characters per invalid sequence (GBK breaks UTF-8 on almost every character; a UTF-8 cell cut
// inside its last character does not).
bool gbk_rather_than_utf8(std::string_view text);

class Decoder {
 public:
  static constexpr size_t kSniffBytes = 64 * 1024;

  // check_utf8 = false: input found (or forced) to be UTF-8 passes through unchecked, from its first
  // byte on — invalid bytes are neither replaced nor counted, and chunks may end inside a character.
  // For callers that check only the text they use (utf8_valid_prefix, repair_utf8). Other encodings
  // are decoded as always.
  explicit Decoder(Encoding forced = Encoding::Auto, bool check_utf8 = true);
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Decodes n bytes, APPENDING the UTF-8 text produced so far to `out` (the caller clears it).
  // A BOM is consumed, never emitted.
  void feed(const uint8_t* data, size_t n, std::string& out);
  // The same, returning the text: a view of `data` itself when it is valid UTF-8 (no copy), else of
  // `scratch` (cleared first). The view is valid until the next call or until data/scratch change.
  std::string_view feed_view(const uint8_t* data, size_t n, std::string& scratch);
  // End of input: flushes held-back bytes (an incomplete trailing sequence becomes U+FFFD).
  void finish(std::string& out);

  // Encoding in use; Auto until decided. Utf8Bom means UTF-8 introduced by a BOM.
  Encoding encoding() const { return enc_; }
  // Number of invalid byte sequences replaced by U+FFFD so far.
  uint64_t invalid_sequences() const { return invalid_; }
  // GB18030 chosen: lines read as UTF-8 instead (see above), and the first one's number (1-based,
  // counting line feeds), 0 when none.
  uint64_t utf8_lines() const;
  uint64_t first_utf8_line() const;

 private:
  struct Impl;
  Impl* impl_ = nullptr;
  Encoding enc_ = Encoding::Auto;
  uint64_t invalid_ = 0;
};

}  // namespace tl::csv
