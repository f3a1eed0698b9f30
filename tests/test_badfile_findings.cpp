// The bad-file corpus's former known gaps (tests/badfiles, issue #13), each said by a coded message:
// a header with no rows (file.no_rows), NUL bytes in cells (file.nul_bytes), rows with another number of
// fields than the header (file.ragged_rows), a file given as the wrong kind (file.wrong_kind), a header
// text naming two columns (file.duplicate_header), a shop bound to two providers at once
// (file.bindings_overlap). Each is checked for every chunking, and where a host cuts on another side
// (Cutter + take, serialized Cuts) as where it feeds.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "cutter.hpp"
#include "engine_helpers.hpp"

using namespace tltest;

namespace {

const std::string kHead = "主订单编号,店铺ID,支付完成时间,订单状态,订单应付金额\n";
const std::string kBindHead = "店铺ID,服务商ID,行业,绑定开始时间,绑定结束时间\n";

// The file's warnings with this code.
std::vector<tl::Message> warnings_of(const tl::Workspace& ws, int id, tl::Msg code) {
  std::vector<tl::Message> out;
  for (const tl::Message& m : ws.info(id).warnings)
    if (m.code == code) out.push_back(m);
  return out;
}

// The file read as a two-sided host reads it: cut in chunks of `chunk` bytes, each Cut serialized and
// loaded on the taking side (the columns handed over once the header is taken).
int cut_and_take(tl::Workspace& ws, const std::string& name, const std::string& text, size_t chunk,
                 tl::FileKind kind = tl::FileKind::Unknown) {
  tl::FileOptions o;
  o.kind = kind;
  tl::Cutter cutter(name, o);
  const int id = ws.open(name, o);
  tl::Cut c, in;
  bool handed = false;
  auto pass = [&] {
    const std::string_view bytes = c.serialize();
    std::memcpy(in.buffer(bytes.size()), bytes.data(), bytes.size());
    REQUIRE(in.load());
    tl::take(ws, id, in);
    if (!handed && tl::taken_columns(ws, id)) {
      cutter.use_columns(ws.info(id).kind, *tl::taken_columns(ws, id));
      handed = true;
    }
  };
  for (size_t i = 0; i < text.size(); i += chunk) {
    cutter.cut(reinterpret_cast<const uint8_t*>(text.data()) + i, std::min(chunk, text.size() - i), c);
    pass();
  }
  cutter.finish(c);
  pass();
  ws.close(id);
  return id;
}

}  // namespace

TEST_CASE("findings: a file with a header and no rows says so (file.no_rows)") {
  for (const std::string& text : {kHead, kHead + "\n\r\n\n", std::string("\xEF\xBB\xBF") + kHead}) {
    tl::Workspace ws;
    const int id = load(ws, "header_only.csv", text, tl::FileKind::Orders);
    CHECK(ws.info(id).state == tl::FileState::Done);
    const auto w = warnings_of(ws, id, tl::Msg::FileNoRows);
    REQUIRE(w.size() == 1);
    CHECK(tl::render(w[0], tl::Lang::En) == "“header_only.csv” (Orders) has a header but no data rows: it adds nothing to the result.");
    CHECK(tl::render_fix(w[0], tl::Lang::Zh, tl::Host::Page).find("「文件」页") != std::string::npos);
  }
  tl::Workspace ws;   // any kind, detected
  const int b = load(ws, "bindings.csv", kBindHead);
  CHECK(warnings_of(ws, b, tl::Msg::FileNoRows).size() == 1);
  const int o = load(ws, "orders.csv", kHead + "1,M1,2023-06-01 10:00:00,已完成,1.00\n");
  CHECK(warnings_of(ws, o, tl::Msg::FileNoRows).empty());
}

TEST_CASE("findings: NUL bytes are removed from cells and counted (file.nul_bytes), for every chunking") {
  std::string rows;
  std::string clean_rows;
  for (int i = 0; i < 40; ++i) {   // long enough for the scanner's 64-byte fast path; NULs in every kind of cell
    const std::string id = std::to_string(6921000000000000000ll + i);
    const bool nul = i % 10 == 3;
    const std::string shop = nul ? std::string("1000\0" "0002", 9) : "10000002";
    const std::string time = std::string("2023-06-05 10:00:00") + (nul ? std::string(1, '\0') : "");
    const std::string status = i == 7 ? std::string("\"已\0完成\"", 12) : "已完成";
    rows += id + "," + shop + "," + time + "," + status + ",1.00\r\n";
    clean_rows += id + ",10000002,2023-06-05 10:00:00,已完成,1.00\r\n";
  }
  tl::Workspace clean;
  load(clean, "orders.csv", kHead + clean_rows);
  const nlohmann::json want = eval(clean, small_rules());
  for (size_t chunk : {size_t(1), size_t(7), size_t(64), size_t(100000)}) {
    INFO("chunk " << chunk);
    tl::Workspace ws;
    const int id = load(ws, "orders.csv", kHead + rows, tl::FileKind::Unknown, chunk);
    const auto w = warnings_of(ws, id, tl::Msg::FileNulBytes);
    REQUIRE(w.size() == 1);
    CHECK(w[0].get("count") == "9");    // 4 rows x (shop + time) + 1 in a quoted status
    CHECK(w[0].get("rows") == "5");
    CHECK(w[0].get("line") == "5");     // the row of i = 3 (line 1 is the header)
    const nlohmann::json got = eval(ws, small_rules());
    CHECK(got["providers"] == want["providers"]);   // the shop is 10000002, the times are read, the status is 已完成
    CHECK(got["data_quality"]["not_counted"] == want["data_quality"]["not_counted"]);
    tl::Workspace cut;
    const int cid = cut_and_take(cut, "orders.csv", kHead + rows, chunk == 1 ? 3 : chunk);
    CHECK(cut.info(cid).warnings == ws.info(id).warnings);
  }
  tl::Workspace none;
  CHECK(warnings_of(none, load(none, "orders.csv", kHead + clean_rows), tl::Msg::FileNulBytes).empty());
}

TEST_CASE("findings: rows with another number of fields than the header are counted (file.ragged_rows)") {
  const std::string text = kHead +
                           "1,M1,2023-06-01 10:00:00,已完成,1.00\n"          // 5: as the header
                           "2,M1,2023-06-01 10:00:00\n"                      // 3: short, the needed columns are there
                           "3,M1,2023-06-01 10:00:00,已完成,1.00,x,y\n"      // 7: long
                           "4\n"                                             // 1: no shop id
                           "5,M1,2023-06-01 10:00:00,已完成,1.00\n";
  for (size_t chunk : {size_t(1), size_t(5), size_t(4096)}) {
    INFO("chunk " << chunk);
    tl::Workspace ws;
    const int id = load(ws, "orders.csv", text, tl::FileKind::Orders, chunk);
    const auto w = warnings_of(ws, id, tl::Msg::FileRaggedRows);
    REQUIRE(w.size() == 1);
    CHECK(w[0].get("count") == "3");
    CHECK(w[0].get("rows") == "5");
    CHECK(w[0].get("header_fields") == "5");
    CHECK(w[0].get("line") == "3");
    CHECK(w[0].get("width") == "3");
    CHECK(w[0].get("lines") == "3, 4, 5");
    const nlohmann::json r = eval(ws, small_rules());
    CHECK(r["data_quality"]["rows_counted"] == 4);   // rows 1, 2, 3, 5 still read; row 4 has no shop id
    CHECK(nc(r, "missing_merchant_id") == 1);
    CHECK(balanced(r));
    tl::Workspace cut;   // a compact Cut keeps only the used columns: the count travels with the record
    const int cid = cut_and_take(cut, "orders.csv", text, chunk == 1 ? 2 : chunk, tl::FileKind::Orders);
    CHECK(cut.info(cid).warnings == ws.info(id).warnings);
  }
  tl::Workspace ws;
  const int id = load(ws, "orders.csv", kHead + "1,M1,2023-06-01 10:00:00,已完成,1.00\n");
  CHECK(warnings_of(ws, id, tl::Msg::FileRaggedRows).empty());
}

TEST_CASE("findings: a file given as the wrong kind says what it looks like (file.wrong_kind)") {
  const std::string bindings = kBindHead + "M1,SP1,服饰,2023-01-01,\n";
  tl::Workspace ws;
  const int id = load(ws, "bindings_as_orders.csv", bindings, tl::FileKind::Orders);
  REQUIRE(ws.info(id).state == tl::FileState::Failed);
  REQUIRE(ws.info(id).error);
  const tl::Message& m = *ws.info(id).error;
  CHECK(m.code == tl::Msg::FileWrongKind);
  CHECK(m.get("kind") == "orders");
  CHECK(m.get("looks") == "bindings");
  CHECK(tl::render_fix(m, tl::Lang::En, tl::Host::Cli) ==
        "Give it with --bindings instead of --orders (or as a plain argument: its kind is then told from its header).");
  CHECK(tl::render_fix(m, tl::Lang::Zh, tl::Host::Page).find("「绑定商家」") != std::string::npos);
  // the other way round: an orders export given as bindings
  const int o = load(ws, "orders_as_bindings.csv", kHead + "1,M1,2023-06-01 10:00:00,已完成,1.00\n", tl::FileKind::Bindings);
  REQUIRE(ws.info(o).error);
  CHECK(ws.info(o).error->code == tl::Msg::FileWrongKind);
  CHECK(ws.info(o).error->get("looks") == "orders");
  // a header that is no kind at all, forced: still the columns to map
  const int u = load(ws, "odd.csv", "甲,乙,丙\n1,2,3\n", tl::FileKind::Orders);
  REQUIRE(ws.info(u).error);
  CHECK(ws.info(u).error->code == tl::Msg::FileMissingColumns);
  // the right kind given: no error
  const int r = load(ws, "bindings.csv", bindings, tl::FileKind::Bindings);
  CHECK(ws.info(r).state == tl::FileState::Done);
}

TEST_CASE("findings: a header text naming two columns says which was used (file.duplicate_header)") {
  const std::string text = "主订单编号,店铺ID,支付完成时间,订单状态,店铺ID\n"
                           "1,M1,2023-06-01 10:00:00,已完成,X9\n"
                           "2,M2,2023-06-02 10:00:00,已完成,X8\n";
  tl::Workspace ws;
  const int id = load(ws, "dup.csv", text, tl::FileKind::Orders);
  const auto w = warnings_of(ws, id, tl::Msg::FileDuplicateHeader);
  REQUIRE(w.size() == 1);
  CHECK(w[0].get("header") == "店铺ID");
  CHECK(w[0].get("field") == "merchant_id");
  CHECK(w[0].get("used") == "2");
  CHECK(w[0].get("other") == "5");
  CHECK(tl::render_fix(w[0], tl::Lang::En, tl::Host::Cli) == "If column 5 is the right one, run with --column '5=merchant_id' (columns counted from 1).");
  CHECK(warnings_of(ws, id, tl::Msg::FileColumnsCompete).empty());   // not also as two columns “店铺ID” and “店铺ID”
  // the fix works: column 5 used, no warning
  tl::FileOptions o;
  o.kind = tl::FileKind::Orders;
  o.column_names = {{tl::Field::MerchantId, "5"}};
  const int fixed = ws.open("dup_fixed.csv", o);
  ws.feed(fixed, reinterpret_cast<const uint8_t*>(text.data()), text.size());
  ws.close(fixed);
  CHECK(warnings_of(ws, fixed, tl::Msg::FileDuplicateHeader).empty());
  CHECK(ws.info(fixed).per_column[4] == tl::Field::MerchantId);
  // two unused columns with one name are nobody's concern
  const int notes = load(ws, "notes.csv", "主订单编号,店铺ID,支付完成时间,备注,备注\n1,M1,2023-06-01 10:00:00,a,b\n");
  CHECK(warnings_of(ws, notes, tl::Msg::FileDuplicateHeader).empty());
}

TEST_CASE("findings: a shop bound to two providers at once is said, with the binding that wins (file.bindings_overlap)") {
  const std::string bindings = kBindHead +
                               "M1,SP1,服饰,2022-01-01,\n"
                               "M2,SP1,服饰,2023-01-01,2023-06-01\n"        // M2: one after the other, no overlap
                               "M2,SP2,服饰,2023-06-01,\n"
                               "M3,SP1,服饰,2023-01-01,\n"                  // M3: the same provider twice
                               "M3,SP1,服饰,2023-03-01,2023-04-01\n"
                               "M1,SP2,服饰,2023-06-15,2023-09-01\n"        // M1: overlaps its SP1 binding
                               "M4,SP2,服饰,,\n"                            // M4: both open
                               "M4,SP1,服饰,,\n";
  tl::Workspace ws;
  const int b = load(ws, "bindings.csv", bindings);
  const auto w = warnings_of(ws, b, tl::Msg::FileBindingsOverlap);
  REQUIRE(w.size() == 1);
  CHECK(w[0].get("count") == "2");   // M1 and M4
  CHECK(w[0].get("merchant") == "M1");
  CHECK(w[0].get("first") == "SP1");
  CHECK(w[0].get("second") == "SP2");
  CHECK(tl::render(w[0], tl::Lang::En) ==
        "“bindings.csv”: 2 shop(s) are bound to two providers at the same time, e.g. shop M1: SP1 (from 2022-01-01) and SP2 "
        "(from 2023-06-15), overlapping from 2023-06-15 to 2023-09-01. Orders paid in the overlap count for the binding that "
        "started later: SP2.");
  // what the message says is what attribution does: M1's July order goes to SP2, M4's (equal starts) to the one read later
  load(ws, "orders.csv", kHead + "1,M1,2023-07-05 10:00:00,已完成,1.00\n2,M4,2023-07-05 10:00:00,已完成,1.00\n");
  const nlohmann::json r = eval(ws, small_rules());
  CHECK(provider(r, "SP2")["metrics"]["paid_orders"] == 1);
  CHECK(provider(r, "SP1")["metrics"]["paid_orders"] == 1);
  tl::Workspace one;
  const int ok = load(one, "bindings.csv", kBindHead + "M1,SP1,服饰,2022-01-01,2023-06-15\nM1,SP2,服饰,2023-06-15,\n");
  CHECK(warnings_of(one, ok, tl::Msg::FileBindingsOverlap).empty());
}

// One file, two encodings (csv/decoder.hpp): a UTF-8 export with GBK rows pasted after it reads its
// header and every name right, counts every row, and says where the GBK part starts
// (file.mixed_encoding); the same orders in one encoding give the same result.
TEST_CASE("a file pasted together from a UTF-8 and a GBK export: both parts read, said", "[badfiles][encoding]") {
  const std::string gbk_name = "\xD2\xE5\xCE\xDA\xBA\xC3\xBB\xF5\xB5\xEA", gbk_done = "\xD2\xD1\xCD\xEA\xB3\xC9";   // 义乌好货店, 已完成
  const std::string head = "主订单编号,店铺ID,支付完成时间,订单状态,订单应付金额,店铺名称\n";
  std::string mixed = head, plain = head;
  for (int i = 0; i < 300; ++i) {
    const std::string shop = i < 150 ? "M" + std::to_string(i % 7) : "N" + std::to_string(i % 3);   // N*: named in GBK only
    const std::string start = std::to_string(1000 + i) + "," + shop + ",2023-06-0" + std::to_string(1 + i % 9) + " 10:00:00,";
    plain += start + "已完成,1.00,义乌好货店\n";
    mixed += start + (i < 150 ? "已完成,1.00,义乌好货店\n" : gbk_done + ",1.00," + gbk_name + "\n");
  }
  tl::Workspace ref;
  load(ref, "plain.csv", plain);
  const nlohmann::json want = eval(ref, small_rules());
  for (size_t chunk : {size_t(0), size_t(7), size_t(4096)}) {
    CAPTURE(chunk);
    for (bool cut : {false, true}) {
      CAPTURE(cut);
      tl::Workspace ws;
      const int id = cut ? cut_and_take(ws, "mixed.csv", mixed, chunk ? chunk : mixed.size()) : load(ws, "mixed.csv", mixed, tl::FileKind::Unknown, chunk);
      REQUIRE(ws.info(id).state == tl::FileState::Done);
      CHECK(ws.info(id).encoding == tl::csv::Encoding::Utf8);
      CHECK(ws.info(id).invalid_chars == 0);
      const auto w = warnings_of(ws, id, tl::Msg::FileMixedEncoding);
      REQUIRE(w.size() == 1);
      CHECK(w[0].get("count") == "150");   // the GBK lines
      CHECK(w[0].get("line") == "152");    // header, 150 UTF-8 rows
      CHECK(w[0].get("other") == "gb18030");
      CHECK(warnings_of(ws, id, tl::Msg::FileInvalidBytes).empty());
      const nlohmann::json r = eval(ws, small_rules());
      CHECK(r["providers"] == want["providers"]);
      CHECK(r["data_quality"]["not_counted"] == want["data_quality"]["not_counted"]);
      int named = 0;   // the shops met only in the GBK part are named right
      for (const auto& m : r["providers"][0]["merchants"]) named += m["id"].get<std::string>()[0] == 'N' && m["name"] == "义乌好货店";
      CHECK(named == 3);
    }
  }
}
