// Fuzz target (d): encoding detection and decoding (csv/decoder.hpp) and the record scanner
// (csv/scanner.hpp). Input: 3 option bytes (encoding, separator, chunking seed), then the bytes.
//   decoder: the text (and a GB18030 file's UTF-8 lines) is the same for every chunking and through
//            feed() or feed_view(); checked
//            decoding gives valid UTF-8 (invalid bytes become U+FFFD and are counted); an unchecked
//            decoder differs from a checked one only in UTF-8 it does not check.
//   scanner: the fast path (whole records cut from 64-byte block masks, tried only where 64 bytes of
//            text remain) and the state machine (which alone reads text fed in chunks of < 64 bytes)
//            give the same records, blank lines, line count and unterminated-quote findings, also for
//            any other chunking and a sniffed separator.
#include <string>
#include <vector>

#include "csv/decoder.hpp"
#include "csv/scanner.hpp"
#include "fuzz_common.hpp"

namespace {

using tl::csv::Encoding;

struct Decoded {
  std::string text;
  Encoding enc = Encoding::Auto;
  uint64_t invalid = 0;
  uint64_t utf8_lines = 0, first_utf8_line = 0;   // a GB18030 file's UTF-8 lines
};

Decoded decode(const uint8_t* p, size_t n, Encoding forced, bool check, const std::vector<size_t>& chunks, bool view) {
  tl::csv::Decoder d(forced, check);
  Decoded out;
  std::string scratch;
  size_t at = 0;
  for (size_t k : chunks) {
    if (view) out.text += d.feed_view(k ? p + at : nullptr, k, scratch);
    else d.feed(k ? p + at : nullptr, k, out.text);
    at += k;
  }
  d.finish(out.text);
  out.enc = d.encoding();
  out.invalid = d.invalid_sequences();
  out.utf8_lines = d.utf8_lines();
  out.first_utf8_line = d.first_utf8_line();
  return out;
}

std::string show(std::string_view s) {
  std::string o;
  for (unsigned char c : s.substr(0, 400)) {
    if (c >= 0x20 && c < 0x7F && c != '\\') o += static_cast<char>(c);
    else { char b[8]; std::snprintf(b, sizeof b, "\\x%02X", c); o += b; }
  }
  return o;
}

struct Scanned {
  std::string records;   // every record: line, then its fields, framed by lengths
  uint64_t count = 0, blank = 0, lines = 0, quote_line = 0;
  bool unterminated = false;
  char sep = 0;
  bool operator==(const Scanned& o) const {
    return records == o.records && count == o.count && blank == o.blank && lines == o.lines && quote_line == o.quote_line &&
           unterminated == o.unterminated && sep == o.sep;
  }
  std::string describe() const {
    return "records " + std::to_string(count) + " blank " + std::to_string(blank) + " lines " + std::to_string(lines) + " unterminated " +
           std::to_string(unterminated) + "@" + std::to_string(quote_line) + " sep " + std::to_string(int(sep)) + "\n  " + show(records);
  }
};

Scanned scan(std::string_view text, char sep, const std::vector<size_t>& chunks) {
  tl::csv::Scanner s(sep);
  Scanned out;
  auto sink = [&out](const tl::csv::Record& r) {
    ++out.count;
    out.records += "L" + std::to_string(r.line) + "#" + std::to_string(r.fields.size());
    for (const std::string_view& f : r.fields) {
      out.records += "|" + std::to_string(f.size()) + ":";
      out.records.append(f.data(), f.size());
    }
    out.records += "\n";
  };
  size_t at = 0;
  for (size_t k : chunks) {
    s.feed(text.substr(at, k), sink);
    at += k;
  }
  s.finish(sink);
  out.blank = s.blank_lines();
  out.lines = s.lines();
  out.unterminated = s.unterminated_quote();
  out.quote_line = s.unterminated_quote_line();
  out.sep = s.separator();
  return out;
}

std::vector<size_t> fixed_chunks(size_t n, size_t k) {
  std::vector<size_t> out;
  for (size_t at = 0; at < n; at += k) out.push_back(std::min(k, n - at));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const Encoding forced = tlfuzz::pick_encoding(data[0]);
  const char sep_choice = tlfuzz::pick_separator(data[1]);
  const uint8_t seed = data[2];
  const uint8_t* p = data + 3;
  const size_t n = size - 3;

  // ---- decoding ----
  const std::vector<size_t> whole{n}, pieces = tlfuzz::chunking(n, seed | 1);
  const Decoded a = decode(p, n, forced, true, whole, false);
  TL_FUZZ_CHECK(tl::csv::utf8_valid_prefix(a.text) == a.text.size(), "checked decoding gave invalid UTF-8: " + show(a.text));
  TL_FUZZ_CHECK(a.enc != Encoding::Auto, "no encoding decided after finish()");
  if (forced != Encoding::Auto && forced != Encoding::Utf8 && forced != Encoding::Utf8Bom)
    TL_FUZZ_CHECK(a.enc == forced || a.enc == Encoding::Utf16Le || a.enc == Encoding::Utf16Be, tl::csv::encoding_name(a.enc));
  for (bool view : {false, true}) {
    const Decoded b = decode(p, n, forced, true, pieces, view);
    TL_FUZZ_CHECK(a.text == b.text && a.enc == b.enc && a.invalid == b.invalid && a.utf8_lines == b.utf8_lines &&
                      a.first_utf8_line == b.first_utf8_line,
                  std::string(view ? "feed_view" : "feed") + " in pieces: " + tl::csv::encoding_name(a.enc) + " " +
                      std::to_string(a.invalid) + " vs " + tl::csv::encoding_name(b.enc) + " " + std::to_string(b.invalid) + "\n  " +
                      show(a.text) + "\n  " + show(b.text));
  }
  const Decoded u = decode(p, n, forced, false, pieces, seed & 2);
  TL_FUZZ_CHECK(u.enc == a.enc, "unchecked decoding chose another encoding");
  if (a.enc == Encoding::Utf8 || a.enc == Encoding::Utf8Bom) {
    // unchecked UTF-8 passes through: repairing it must give what the checked decoder gave
    std::string repaired;
    const uint64_t bad = tl::csv::repair_utf8(u.text, repaired);
    TL_FUZZ_CHECK(repaired == a.text && bad == a.invalid, "repair_utf8(unchecked) != checked decoding\n  " + show(repaired) + "\n  " + show(a.text));
  } else {
    TL_FUZZ_CHECK(u.text == a.text && u.invalid == a.invalid, "unchecked decoding changed a non-UTF-8 decoding");
  }
  {
    std::string repaired;
    const std::string_view raw(reinterpret_cast<const char*>(p), n);
    const uint64_t bad = tl::csv::repair_utf8(raw, repaired);
    TL_FUZZ_CHECK(tl::csv::utf8_valid_prefix(repaired) == repaired.size(), "repair_utf8 gave invalid UTF-8");
    TL_FUZZ_CHECK((bad == 0) == (tl::csv::utf8_valid_prefix(raw) == n), "repair_utf8 count disagrees with utf8_valid_prefix");
    if (bad == 0) TL_FUZZ_CHECK(repaired == raw, "repair_utf8 changed valid UTF-8");
  }

  // ---- scanning the decoded text ----
  const std::string& text = a.text;
  if (sep_choice != 0) {
    const Scanned fast = scan(text, sep_choice, {text.size()});          // fast path wherever it can run
    const Scanned slow = scan(text, sep_choice, fixed_chunks(text.size(), 63));   // the state machine only
    TL_FUZZ_CHECK(fast == slow, "fast path != state machine\nfast: " + fast.describe() + "\nslow: " + slow.describe());
    const Scanned byte = scan(text, sep_choice, fixed_chunks(text.size(), 1));
    TL_FUZZ_CHECK(fast == byte, "one chunk != one byte at a time\nwhole: " + fast.describe() + "\nbytes: " + byte.describe());
    const Scanned any = scan(text, sep_choice, tlfuzz::chunking(text.size(), seed));
    TL_FUZZ_CHECK(fast == any, "one chunk != pieces\nwhole: " + fast.describe() + "\npieces: " + any.describe());
  } else {
    const Scanned whole_s = scan(text, 0, {text.size()});
    const Scanned any = scan(text, 0, tlfuzz::chunking(text.size(), seed));
    TL_FUZZ_CHECK(whole_s == any, "sniffed: one chunk != pieces\nwhole: " + whole_s.describe() + "\npieces: " + any.describe());
    const Scanned slow = scan(text, whole_s.sep, fixed_chunks(text.size(), 63));
    if (text.size() < tl::csv::Scanner::kSniffBytes)
      TL_FUZZ_CHECK(whole_s == slow, "sniffed != state machine with that separator\nsniffed: " + whole_s.describe() + "\nslow: " + slow.describe());
  }
  return 0;
}
