// Hostile input: one regression test per finding of the fuzz targets (fuzz/, scripts/fuzz.sh,
// docs/fuzzing.md) and per issue an earlier outside fuzzing pass reported. Each case says what was
// wrong. The sanitizer build (scripts/sanitize.sh) runs them too: some only fail there (undefined
// behaviour that gives the right answer by luck).
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "cutter.hpp"
#include "engine_helpers.hpp"
#include "normalize/normalize.hpp"
#include "store/cut_data.hpp"

using namespace tltest;

namespace {

const std::string kOrdersHead = "主订单编号,店铺ID,支付完成时间,订单状态,订单应付金额\n";

// The header of a serialized Cut: 64-bit numbers in this order (store/cutter.cpp).
enum Head : size_t { kMagic, kFlags, kEncoding, kSeparator, kBytes, kBlank, kInvalid, kQuoteLine, kRecords, kFields, kCells,
                     kStatuses, kMerchants, kStringBytes, kSpill, kText, kKept, kHeadCount };
constexpr size_t kHeadBytes = kHeadCount * 8;

uint64_t head(const std::string& wire, Head h) {
  uint64_t v;
  std::memcpy(&v, wire.data() + h * 8, 8);
  return v;
}
void set_head(std::string& wire, Head h, uint64_t v) { std::memcpy(&wire[h * 8], &v, 8); }

bool loads(tl::Cut& in, const std::string& bytes) {
  uint8_t* room = in.buffer(bytes.size());
  if (!bytes.empty()) std::memcpy(room, bytes.data(), bytes.size());
  return in.load();
}

const uint8_t* bytes_of(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// An orders file cut as the page's reader worker cuts it: the header's Cut, then (the columns handed
// over) the compact Cut of `rows` with each row's cells read, then the file's end. Returns the three
// serialized Cuts.
std::vector<std::string> orders_cuts(const std::string& rows, const tl::FileOptions& options = {}) {
  tl::Cutter cutter("orders.csv", options);
  tl::Workspace taker;
  const int id = taker.open("orders.csv", options);
  std::vector<std::string> out;
  tl::Cut c;
  cutter.cut(bytes_of(kOrdersHead), kOrdersHead.size(), c);
  out.emplace_back(c.serialize());
  tl::take(taker, id, c);
  REQUIRE(tl::taken_columns(taker, id));
  cutter.use_columns(taker.info(id).kind, *tl::taken_columns(taker, id));
  cutter.cut(bytes_of(rows), rows.size(), c);
  out.emplace_back(c.serialize());
  cutter.finish(c);
  out.emplace_back(c.serialize());
  return out;
}

// Takes serialized Cuts into a fresh file of `ws`; false as soon as one is refused.
bool take_all(tl::Workspace& ws, int id, const std::vector<std::string>& cuts) {
  tl::Cut in;
  for (const std::string& b : cuts) {
    if (!loads(in, b)) return false;
    tl::take(ws, id, in);
  }
  ws.close(id);
  return true;
}

// Where the first record's cells start in a compact Cut's bytes.
size_t cells_at(const std::string& wire) { return kHeadBytes + head(wire, kRecords) * 16 + head(wire, kFields) * 4; }

}  // namespace

// ---- normalisers ---------------------------------------------------------------------------------

TEST_CASE("hostile: the 8-at-a-time digit test accepts digits only") {
  // Finding (outside pass, fuzz_normalize): the SWAR test OR-ed "high nibble is 3" with "adding 6 gives
  // high nibble 3", so * + , - . / (0x2A-0x2F) and 0x1A-0x1F passed as digits: eight dashes were an id.
  for (int b = 0; b < 256; ++b) {
    for (size_t at = 0; at < 8; ++at) {
      std::string s = "12345678";
      s[at] = static_cast<char>(b);
      CAPTURE(b, at);
      CHECK(tl::norm::fast::all_digits(s.data(), s.size()) == (b >= '0' && b <= '9'));
    }
  }
  const auto dashes = tl::norm::clean_id("--------");
  CHECK(dashes.status == tl::norm::IdStatus::Empty);
  CHECK(dashes.value.empty());
  CHECK(tl::norm::clean_id("\t----------------").status == tl::norm::IdStatus::Empty);
  std::string_view id;
  CHECK_FALSE(tl::norm::fast::digit_id("1234567/", id));
  CHECK_FALSE(tl::norm::fast::digit_id("\x1A\x1B\x1C\x1D\x1E\x1F\x1A\x1B", id));
  CHECK(tl::norm::fast::digit_id("\t6921000000000000001", id));
  CHECK(id == "6921000000000000001");
  CHECK(tl::norm::clean_id("**************").value == "**************");   // not digits, but an id as written

  // in a file: a main order id of dashes is a missing id, as "-" is
  tl::Workspace ws;
  load(ws, "orders.csv", kOrdersHead + "--------,M1,2023-06-05 10:00:00,已完成,1\n1,M1,2023-06-05 10:00:00,已完成,1\n");
  const auto r = eval(ws);
  CHECK(nc(r, "missing_order_id") == 1);
  CHECK(r["data_quality"]["rows_counted"] == 1);
}

// ---- the scanner ---------------------------------------------------------------------------------

TEST_CASE("hostile: a separator that cannot separate is sniffed instead") {
  // Finding (fuzz_decode_scan): a forced separator '"' (the page's console API takes any one character)
  // made the fast path and the state machine cut the same text differently; CR, LF and bytes of UTF-8
  // characters cannot separate fields either.
  const std::string text = "a,\"b\",c\nd,\"e\",f\n" + std::string(80, 'x') + ",y,z\n";
  auto records = [&](char sep, size_t chunk) {
    tl::csv::Scanner s(sep);
    std::string out;
    auto sink = [&out](const tl::csv::Record& r) {
      for (auto f : r.fields) out += std::string(f) + "|";
      out += "\n";
    };
    for (size_t at = 0; at < text.size(); at += chunk) s.feed(std::string_view(text).substr(at, chunk), sink);
    s.finish(sink);
    return out + "sep " + std::string(1, s.separator());
  };
  const std::string expect = records(0, text.size());
  CHECK(expect.find("a|b|c|") == 0);
  for (char sep : {'"', '\n', '\r', '\xE5', '\x80'}) {
    CAPTURE(int(sep));
    CHECK_FALSE(tl::csv::Scanner::usable_separator(sep));
    CHECK(records(sep, text.size()) == expect);   // the fast path runs on one chunk ...
    CHECK(records(sep, 1) == expect);             // ... the state machine alone on single bytes
  }
  for (char sep : {',', ';', '\t', '|', ' '}) CHECK(tl::csv::Scanner::usable_separator(sep));

  tl::Workspace ws;
  tl::FileOptions o;
  o.separator = '"';
  const int id = ws.open("orders.csv", o);
  const std::string file = kOrdersHead + "1,M1,2023-06-05 10:00:00,已完成,\"1,000.50\"\n";
  ws.feed(id, bytes_of(file), file.size());
  ws.close(id);
  CHECK(ws.info(id).state == tl::FileState::Done);
  CHECK(ws.info(id).separator == ',');
  CHECK(report_of(ws.evaluate(tl::default_rules()))["data_quality"]["rows_counted"] == 1);
}

// ---- a Cut as bytes --------------------------------------------------------------------------------

TEST_CASE("hostile: a loaded Cut serializes back to the bytes it was loaded from") {
  // Finding (fuzz_cut_load): serialize() of a loaded Cut rewrote the buffer its text was a view of,
  // so the text it wrote was read from bytes being overwritten (or freed).
  const std::vector<std::string> cuts = orders_cuts("1,M1,2023-06-05 10:00:00,已完成,1.00\n\"2\",M2,2023-06-06 10:00:00,已发货,2.00\n");
  tl::Cut in;
  for (const std::string& b : cuts) {
    REQUIRE(loads(in, b));
    CHECK(in.serialize() == b);
    CHECK(in.serialize() == b);   // and again, from the Cut serialize() left
  }
  // still takes as the original: the same report as the Cuts taken straight away
  tl::Workspace a, b;
  const int ia = a.open("orders.csv"), ib = b.open("orders.csv");
  REQUIRE(take_all(a, ia, cuts));
  for (const std::string& bytes : cuts) {
    REQUIRE(loads(in, bytes));
    const std::string again(in.serialize());
    REQUIRE(loads(in, again));
    tl::take(b, ib, in);
  }
  b.close(ib);
  CHECK(tl::report::json(a.evaluate(small_rules())) == tl::report::json(b.evaluate(small_rules())));
}

TEST_CASE("hostile: load() refuses what no Cutter writes") {
  // Finding (fuzz_cut_load): flags, the encoding, the separator and the cells' enumerations were taken
  // as they came: unknown flag bits were ignored, an encoding or status past the enumeration was used.
  const std::vector<std::string> cuts = orders_cuts("1,M1,2023-06-05 10:00:00,已完成,1.00\n2,M2,2023-06-06 10:00:00,已发货,2.00\n");
  const std::string& compact = cuts[1];
  REQUIRE(head(compact, kCells) == 2);
  tl::Cut in;
  REQUIRE(loads(in, compact));
  for (uint64_t flags : {16ull, 32ull, 1ull << 40}) {
    std::string w = compact;
    set_head(w, kFlags, head(w, kFlags) | flags);
    CHECK_FALSE(loads(in, w));
  }
  for (uint64_t enc : {6ull, 255ull, 1ull << 33}) {
    std::string w = compact;
    set_head(w, kEncoding, enc);
    CHECK_FALSE(loads(in, w));
  }
  for (uint64_t sep : {uint64_t('"'), uint64_t('\n'), uint64_t('\r'), 0xE5ull, 0x100ull + ','}) {
    std::string w = compact;
    set_head(w, kSeparator, sep);
    CAPTURE(sep);
    CHECK_FALSE(loads(in, w));
  }
  for (uint64_t sep : {0ull, uint64_t(';'), uint64_t('\t')}) {
    std::string w = compact;
    set_head(w, kSeparator, sep);
    CHECK(loads(in, w));
  }
  const size_t at = cells_at(compact);
  for (size_t field : {offsetof(tl::OrderCells, id), offsetof(tl::OrderCells, merchant), offsetof(tl::OrderCells, pay)}) {
    std::string w = compact;
    w[at + sizeof(tl::OrderCells) + field] = 3;   // the second row's: one past the last value
    CAPTURE(field);
    CHECK_FALSE(loads(in, w));
    w[at + sizeof(tl::OrderCells) + field] = 2;   // the last value
    CHECK(loads(in, w));
  }
}

TEST_CASE("hostile: a Cut of a GB18030 file whose text is not valid UTF-8 is refused") {
  // Outside pass: a Cut labelled GB18030 passed load() with text that is not UTF-8. The taking side
  // checks only text that was UTF-8 to begin with, so those bytes reached the store and the report.
  tl::FileOptions gbk;
  gbk.encoding = tl::csv::Encoding::Gb18030;
  const std::string rows = "1,M1,2023-06-05 10:00:00,\xD2\xD1\xCD\xEA\xB3\xC9,1.00\n";   // 已完成 in GB18030
  tl::Cutter cutter("orders.csv", gbk);
  tl::Cut c, in;
  const std::string file = kOrdersHead + rows;   // (the header is ASCII-free UTF-8: GB18030 decodes it as other text)
  cutter.cut(bytes_of(file), file.size(), c);
  const std::string good(c.serialize());
  REQUIRE(head(good, kEncoding) == uint64_t(tl::csv::Encoding::Gb18030));
  REQUIRE(head(good, kText) > 0);
  REQUIRE(loads(in, good));
  std::string bad = good;
  bad[bad.size() - 3] = '\xFF';   // a byte of the text (last in the bytes)
  CHECK_FALSE(loads(in, bad));
  // the same bytes labelled UTF-8 load: the taking side checks UTF-8 text and repairs what it keeps
  std::string utf8 = bad;
  set_head(utf8, kEncoding, uint64_t(tl::csv::Encoding::Utf8));
  CHECK(loads(in, utf8));
  // a dictionary entry (a status or merchant id handed over) that is not UTF-8, whatever the encoding
  const std::vector<std::string> cuts = orders_cuts("1,M1,2023-06-05 10:00:00,已完成,1.00\n");
  REQUIRE(head(cuts[1], kStatuses) == 1);
  std::string dict = cuts[1];
  const size_t strings = cells_at(dict) + head(dict, kCells) * sizeof(tl::OrderCells);
  dict[strings + 4] = '\xC3';   // the first byte of the status 已完成 (after its 32-bit length)
  CHECK_FALSE(loads(in, dict));
}

TEST_CASE("hostile: a compact record's field count is not an allocation") {
  // Finding (fuzz_cut_load): take() made room for as many fields as a compact record said the row had
  // (up to 2^32 - 1 from bytes sent: 64 GB) although it reads only the mapped columns.
  const std::string rows = "1,M1,2023-06-05 10:00:00,已完成,1.00\n2,M2,2023-06-06 10:00:00,已完成,2.00\n";
  const std::vector<std::string> cuts = orders_cuts(rows);
  std::vector<std::string> wide = cuts;
  const uint32_t huge = 0xFFFFFFF0u;
  std::memcpy(&wide[1][kHeadBytes + 12], &huge, 4);   // the first record's count
  tl::Workspace a, b;
  const int ia = a.open("orders.csv"), ib = b.open("orders.csv");
  REQUIRE(take_all(a, ia, cuts));
  REQUIRE(take_all(b, ib, wide));
  CHECK(b.info(ib).state == tl::FileState::Done);
  CHECK(b.info(ib).rows == 2);
  CHECK(tl::report::json(a.evaluate(small_rules())) == tl::report::json(b.evaluate(small_rules())));
}

TEST_CASE("hostile: empty Cuts and empty statuses (no memcpy from a null pointer)") {
  // Outside pass (UBSan, nonnull-attribute): loading a Cut with no records, fields or cells, and
  // remembering an empty status, called memcpy with a null pointer and length 0. The sanitizer build
  // (scripts/sanitize.sh) fails on it; natively this checks the results.
  tl::Cut fresh, in;
  const std::string nothing(fresh.serialize());
  CHECK(nothing.size() == kHeadBytes);
  REQUIRE(loads(in, nothing));
  CHECK(in.serialize() == nothing);
  tl::Workspace ws;
  const int id = ws.open("empty.csv");
  tl::take(ws, id, in);
  ws.close(id);
  CHECK(ws.info(id).state == tl::FileState::Failed);   // an empty file

  tl::StatusMemo memo[4];
  CHECK(tl::memo_find(memo, "") == tl::Interner::kNone);
  tl::memo_put(memo, "", 7);
  CHECK(tl::memo_find(memo, "") == 7);
  CHECK(tl::memo_find(memo, "x") == tl::Interner::kNone);

  // rows with an empty status, fed and cut elsewhere: the same statuses
  const std::string rows = "1,M1,2023-06-05 10:00:00,,1.00\n2,M1,2023-06-05 10:00:00,  ,1.00\n3,M1,2023-06-05 10:00:00,已完成,1\n";
  tl::Workspace fed, cut;
  load(fed, "orders.csv", kOrdersHead + rows);
  const int cid = cut.open("orders.csv");
  REQUIRE(take_all(cut, cid, orders_cuts(rows)));
  CHECK(cut.info(cid).statuses == fed.info(0).statuses);
  CHECK(tl::report::json(cut.evaluate(small_rules())) == tl::report::json(fed.evaluate(small_rules())));
}

// ---- reading a file ------------------------------------------------------------------------------

TEST_CASE("hostile: a file that fails on its last records ends the same fed or cut elsewhere") {
  // Finding (fuzz_cut_roundtrip): with the separator sniffed, a short file's header is read only when the
  // file ends. When that header failed the file, feed() went on closing it (invalid bytes counted, a
  // warning added) while a host that had taken the last Cut got the failed file as it was: the CLI and
  // the page said less than feed(). Both now end a failed file alike.
  tl::FileOptions gbk;
  gbk.encoding = tl::csv::Encoding::Gb18030;
  const std::string text = "\xD0\xD0\x3B\xFF\xFE\x0A\x31\x3B\x32\x0A";   // 2 rows, an invalid byte pair, no known header
  tl::Workspace fed, cut;
  const int f = fed.open("x.csv", gbk), c = cut.open("x.csv", gbk);
  fed.feed(f, bytes_of(text), text.size());
  fed.close(f);
  tl::Cutter cutter("x.csv", gbk);
  tl::Cut out, in;
  cutter.cut(bytes_of(text), text.size(), out);
  REQUIRE(loads(in, std::string(out.serialize())));
  tl::take(cut, c, in);
  cutter.finish(out);
  REQUIRE(loads(in, std::string(out.serialize())));
  tl::take(cut, c, in);
  cut.close(c);
  const tl::FileInfo &a = fed.info(f), &b = cut.info(c);
  CHECK(a.state == tl::FileState::Failed);
  CHECK(b.state == tl::FileState::Failed);
  CHECK(text_of(a.error) == text_of(b.error));
  CHECK(a.invalid_chars == b.invalid_chars);
  CHECK(a.warnings.size() == b.warnings.size());
  CHECK(tl::report::json(fed.evaluate(tl::default_rules())) == tl::report::json(cut.evaluate(tl::default_rules())));
}
