// tierlens — archives and workbooks (src/core/archive): ZIP directories and entries, gzip, .xlsx sheets as
// CSV, and the whole path into a Workspace giving the same answer as the files on their own.
#include <catch2/catch.hpp>

#include "archive/archive.hpp"
#include "archive/xlsx.hpp"
#include "archive/xml.hpp"
#include "archive/zip.hpp"
#include "engine_helpers.hpp"
#include "sample/generator.hpp"
#include "zip_builder.hpp"

using namespace tl::archive;
using tltest::ZipBuilder;

namespace {

std::string drain(Stream& s, size_t chunk = 7) {
  std::string out;
  std::string buf(chunk, '\0');
  for (;;) {
    const size_t n = s.read(reinterpret_cast<uint8_t*>(&buf[0]), chunk);
    if (n == 0) break;
    out.append(buf, 0, n);
  }
  return out;
}

const char* kStyles =
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/mm/dd\\ hh:mm:ss\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"   // not cell formats: must not shift the indices
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"4\"/></cellXfs>";

}  // namespace

TEST_CASE("Excel dates: serials in the 1900 and 1904 systems, and which formats are dates", "[archive]") {
  CHECK(excel_date(45078, false, false) == "2023-06-01");
  CHECK(excel_date(45078.5, false, false) == "2023-06-01 12:00:00");
  CHECK(excel_date(45078, false, true) == "2023-06-01 00:00:00");
  CHECK(excel_date(45107.999988426, false, true) == "2023-06-30 23:59:59");
  CHECK(excel_date(45107.9999999, false, true) == "2023-07-01 00:00:00");   // rounds to the second
  CHECK(excel_date(0, true, false) == "1904-01-01");
  CHECK(excel_date(43616, true, false) == "2023-06-01");                   // 1462 days later than 1900's
  CHECK(excel_date(-1, false, false).empty());
  CHECK(excel_date(1e300, false, false).empty());
  CHECK(is_date_format(14, ""));
  CHECK(is_date_format(22, ""));
  CHECK(is_date_format(31, ""));    // yyyy"年"m"月"d"日" in Chinese locales
  CHECK_FALSE(is_date_format(0, ""));
  CHECK_FALSE(is_date_format(4, ""));
  CHECK_FALSE(is_date_format(49, ""));
  CHECK(is_date_format(164, "yyyy-mm-dd hh:mm:ss"));
  CHECK(is_date_format(165, "[$-804]yyyy\"年\"m\"月\"d\"日\""));
  CHECK(is_date_format(166, "[h]:mm"));
  CHECK_FALSE(is_date_format(167, "0.00"));
  CHECK_FALSE(is_date_format(168, "[Red]#,##0.00"));
  CHECK_FALSE(is_date_format(169, "\"day \"0"));
  CHECK_FALSE(is_date_format(170, "0_);[Red](0)"));
  CHECK_FALSE(is_date_format(171, "@"));
}

TEST_CASE("XML text: entities and character references, nothing expanded beyond them", "[archive]") {
  std::string out;
  xml_unescape("&lt;a&gt; &amp; &quot;&apos; &#x4E2D;&#25991; &unknown; & alone &#xD800;", out);
  CHECK(out == "<a> & \"' 中文 &unknown; & alone \xEF\xBF\xBD");
}

TEST_CASE("ZIP: names in UTF-8 and GB18030, stored and deflated entries, data descriptors", "[archive]") {
  ZipBuilder z;
  z.add("订单/六月.csv", "a,b\n1,2\n", {.deflate = true, .utf8_flag = true});
  z.add(std::string("\xB6\xA9\xB5\xA5.csv"), "stored\n", {.deflate = false});   // "订单" in GBK, no UTF-8 flag
  z.add("streamed.csv", std::string(300000, 'x'), {.deflate = true, .descriptor = true});
  MemorySource src(z.finish());
  std::vector<ZipEntry> entries;
  std::string problem;
  REQUIRE(read_directory(src, entries, problem));
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].name == "订单/六月.csv");
  CHECK(entries[1].name == "订单.csv");
  CHECK(drain(*open_entry(src, entries[0])) == "a,b\n1,2\n");
  CHECK(drain(*open_entry(src, entries[1])) == "stored\n");
  auto big = open_entry(src, entries[2]);
  CHECK(drain(*big, 65536) == std::string(300000, 'x'));
  CHECK_FALSE(big->failed());
}

TEST_CASE("ZIP: a damaged entry, a cut-off archive and bytes that are no ZIP are named, never read short", "[archive]") {
  ZipBuilder z;
  z.add("ok.csv", "x,y\n1,2\n");
  z.add("bad.csv", "x,y\n3,4\n", {.bad_crc = true});
  const std::string bytes = z.finish();
  MemorySource src(bytes);
  std::vector<ZipEntry> entries;
  std::string problem;
  REQUIRE(read_directory(src, entries, problem));
  auto bad = open_entry(src, entries[1]);
  drain(*bad);
  CHECK(bad->problem() == "crc");

  MemorySource cut(bytes.substr(0, bytes.size() - 30));   // the end record lost
  CHECK_FALSE(read_directory(cut, entries, problem));
  CHECK(problem == "truncated");

  std::string flipped = bytes;   // damage inside the deflated data of the first entry
  flipped[40] = static_cast<char>(flipped[40] ^ 0xFF);
  MemorySource dam(flipped);
  REQUIRE(read_directory(dam, entries, problem));
  auto s = open_entry(dam, entries[0]);
  drain(*s);
  CHECK(s->failed());

  MemorySource none(std::string("just text, not a zip at all, longer than twenty-two bytes"));
  CHECK_FALSE(read_directory(none, entries, problem));
}

TEST_CASE("xlsx: a sheet as CSV, with strings shared after it, rich text, inline strings, dates, gaps", "[archive]") {
  const std::vector<std::string> shared = {
      "<t>主订单编号</t>", "<t>店铺ID</t>", "<t>支付完成时间</t>", "<t>订单状态</t>", "<t>6921000000000000001</t>",
      "<r><t>已</t></r><r><t xml:space=\"preserve\">完成</t></r><rPh sb=\"0\" eb=\"1\"><t>ヤ</t></rPh>",
      "<t>店铺,\"好\"</t>", "<t>a_x000D_b</t>"};
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>4</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>10000001</t></is></c>"
      "<c r=\"C2\" s=\"2\"><v>45078.5</v></c><c r=\"D2\" t=\"s\"><v>5</v></c></row>"
      "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>6</v></c><c r=\"C4\" s=\"1\"><v>45079</v></c><c r=\"E4\" t=\"b\"><v>1</v></c></row>"
      "<row><c t=\"s\"><v>7</v></c><c s=\"3\"><v>1234.5</v></c><c t=\"e\"><v>#N/A</v></c><c t=\"str\"><f>A1</f><v>f&amp;v</v></c></row>";
  MemorySource src(tltest::make_xlsx({{"订单", rows}}, shared, kStyles));
  Workbook wb;
  std::string problem;
  REQUIRE(wb.open(src, problem));
  REQUIRE(wb.sheets().size() == 1);
  CHECK(wb.sheets()[0].name == "订单");
  const std::string expect =
      "主订单编号,店铺ID,支付完成时间,订单状态\n"
      "6921000000000000001,10000001,2023/06/01 12:00:00,已完成\n"
      "\n"
      ",\"店铺,\"\"好\"\"\",2023-06-02,,TRUE\n"
      "\"a\rb\",1234.5,#N/A,f&v\n";
  // the date format "yyyy/mm/dd hh:mm:ss" is the workbook's; the text written is the engine's own form
  std::string got = drain(*wb.csv(0), 5);
  CHECK(got == "主订单编号,店铺ID,支付完成时间,订单状态\n"
               "6921000000000000001,10000001,2023-06-01 12:00:00,已完成\n"
               "\n"
               ",\"店铺,\"\"好\"\"\",2023-06-02,,TRUE\n"
               "\"a\rb\",1234.5,#N/A,f&v\n");
  (void)expect;
  CHECK(wb.first_row(0) == std::vector<std::string>{"主订单编号", "店铺ID", "支付完成时间", "订单状态"});
}

TEST_CASE("xlsx: the 1904 date system, and a damaged workbook is a coded message", "[archive]") {
  const std::string rows = "<row r=\"1\"><c t=\"inlineStr\"><is><t>d</t></is></c></row><row r=\"2\"><c s=\"1\"><v>43616</v></c></row>";
  MemorySource src(tltest::make_xlsx({{"S", rows}}, {}, kStyles, true));
  Workbook wb;
  std::string problem;
  REQUIRE(wb.open(src, problem));
  CHECK(drain(*wb.csv(0)) == "d\n2023-06-01\n");

  MemorySource broken(tltest::make_xlsx({{"S", "<row r=\"1\"><c t=\"inlineStr\"><is><t>d</t></is></c></row><row r=\"2\"><c"}}, {}, kStyles));
  Workbook wb2;
  REQUIRE(wb2.open(broken, problem));
  auto s = wb2.csv(0);
  drain(*s);
  CHECK(s->problem() == "xml");
}

TEST_CASE("Archive items: folders, system files, nested ZIPs and workbooks, gzip, what cannot be read", "[archive]") {
  ZipBuilder inner;
  inner.add("inner.csv", "k\n1\n");
  const std::string inner_zip = inner.finish();
  const std::string book = tltest::make_xlsx(
      {{"订单", "<row r=\"1\"><c t=\"inlineStr\"><is><t>主订单编号</t></is></c><c t=\"inlineStr\"><is><t>店铺ID</t></is></c>"
                "<c t=\"inlineStr\"><is><t>支付完成时间</t></is></c></row>"},
       {"说明", "<row r=\"1\"><c t=\"inlineStr\"><is><t>本表说明</t></is></c></row>"},
       {"隐藏", "<row r=\"1\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>", true},
       {"空", ""},
       {"绑定", "<row r=\"1\"><c t=\"inlineStr\"><is><t>店铺ID</t></is></c><c t=\"inlineStr\"><is><t>服务商ID</t></is></c></row>"}},
      {}, kStyles);
  ZipBuilder z;
  z.add("exports/", "", {.deflate = false});
  z.add("exports/a.csv", "a\n1\n");
  z.add("__MACOSX/exports/._a.csv", "junk");
  z.add("exports/.DS_Store", "junk");
  z.add("exports/b.csv.gz", ZipBuilder::gzip("b\n2\n"), {.deflate = false});
  z.add("exports/inner.zip", inner_zip);
  z.add("exports/book.xlsx", book);
  z.add("exports/secret.csv", "s\n", {.extra_flags = 1});
  z.add("exports/bz.csv", "s\n", {.method = 12});
  MemorySource src(z.finish());
  std::optional<tl::Message> error;
  auto a = Archive::open(src, "all.zip", error);
  REQUIRE(a);
  CHECK_FALSE(error);
  std::vector<std::string> names;
  for (const Item& it : a->items()) names.push_back(it.name);
  CHECK(names == std::vector<std::string>{"all.zip/exports/a.csv", "all.zip/exports/b.csv", "all.zip/exports/inner.zip/inner.csv",
                                          "all.zip/exports/book.xlsx › 订单", "all.zip/exports/book.xlsx › 绑定",
                                          "all.zip/exports/book.xlsx › 说明", "all.zip/exports/book.xlsx › 隐藏",
                                          "all.zip/exports/book.xlsx › 空", "all.zip/exports/secret.csv", "all.zip/exports/bz.csv"});
  CHECK(drain(*a->stream(1)) == "b\n2\n");
  CHECK(drain(*a->stream(2)) == "k\n1\n");
  CHECK(a->items()[3].sheet);
  CHECK(a->options(3, {}).encoding == tl::csv::Encoding::Utf8);
  CHECK(a->items()[5].note->get("why") == "unknown_kind");
  CHECK(a->items()[6].note->get("why") == "hidden");
  CHECK(a->items()[7].note->get("why") == "empty");
  CHECK(a->items()[8].error->code == tl::Msg::ArchiveEncrypted);
  CHECK(a->items()[9].error->code == tl::Msg::ArchiveMethod);
  CHECK(tl::render(*a->items()[9].error, tl::Lang::En).find("method 12") != std::string::npos);

  ZipBuilder empty;
  empty.add("folder/", "", {.deflate = false});
  MemorySource esrc(empty.finish());
  CHECK_FALSE(Archive::open(esrc, "e.zip", error));
  REQUIRE(error);
  CHECK(error->code == tl::Msg::ArchiveEmpty);

  MemorySource plain(std::string("a,b\n1,2\n"));
  CHECK_FALSE(Archive::open(plain, "p.csv", error));
  CHECK_FALSE(error);   // not an archive: the host reads it as a file
}

TEST_CASE("The same exports zipped, gzipped or as workbook sheets give the same evaluation", "[archive]") {
  const auto files = tl::sample::demo_files();
  tl::Workspace plain;
  for (const auto& f : files) tltest::load(plain, f.name, f.bytes);
  const auto want = tltest::eval(plain)["providers"];
  REQUIRE(want.size() > 0);

  ZipBuilder z;
  bool stored = false;
  for (const auto& f : files) {
    z.add("导出/" + f.name, f.bytes, {.deflate = !stored, .utf8_flag = true, .descriptor = stored});
    stored = !stored;
  }
  MemorySource src(z.finish());
  std::optional<tl::Message> error;
  auto a = Archive::open(src, "demo.zip", error);
  REQUIRE(a);
  tl::Workspace zipped;
  for (size_t i = 0; i < a->items().size(); ++i) {
    const int id = read_item(zipped, *a, i, {});
    INFO(a->items()[i].name);
    CHECK(zipped.info(id).state == tl::FileState::Done);
  }
  CHECK(tltest::eval(zipped)["providers"] == want);

  tl::Workspace gz;
  for (const auto& f : files) {
    MemorySource g(ZipBuilder::gzip(f.bytes));
    auto ga = Archive::open(g, f.name + ".gz", error);
    REQUIRE(ga);
    REQUIRE(ga->items().size() == 1);
    CHECK(ga->items()[0].name == f.name);
    read_item(gz, *ga, 0, {});
  }
  CHECK(tltest::eval(gz)["providers"] == want);
}

TEST_CASE("A damaged entry fails its file with a message; the archive's other files are kept", "[archive]") {
  ZipBuilder z;
  z.add("orders.csv", "主订单编号,店铺ID,支付完成时间\n1,m1,2023-06-01 10:00:00\n2,m1,2023-06-02 10:00:00\n");
  z.add("more.csv", "主订单编号,店铺ID,支付完成时间\n3,m2,2023-06-03 10:00:00\n", {.bad_crc = true});
  MemorySource src(z.finish());
  std::optional<tl::Message> error;
  auto a = Archive::open(src, "x.zip", error);
  REQUIRE(a);
  tl::Workspace ws;
  const int ok = read_item(ws, *a, 0, {});
  const int bad = read_item(ws, *a, 1, {});
  CHECK(ws.info(ok).state == tl::FileState::Done);
  CHECK(ws.info(bad).state == tl::FileState::Failed);
  REQUIRE(ws.info(bad).error);
  CHECK(ws.info(bad).error->code == tl::Msg::ArchiveDamaged);
  CHECK(tl::render(*ws.info(bad).error, tl::Lang::Zh).find("校验和不符") != std::string::npos);
  const auto r = tltest::eval(ws, tltest::small_rules(), "2023-06");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 2);   // the damaged file's order is not counted
}

TEST_CASE("Overlapping exports: each file says how many of its rows repeat orders of another file", "[archive]") {
  const std::string head = "主订单编号,店铺ID,支付完成时间\n";
  tl::Workspace ws;
  const int a = tltest::load(ws, "六月上.csv", head + "1,m1,2023-06-01 10:00:00\n2,m1,2023-06-02 10:00:00\n3,m2,2023-06-03 10:00:00\n");
  const int b = tltest::load(ws, "六月下.csv", head + "3,m2,2023-06-03 10:00:00\n4,m2,2023-06-20 10:00:00\n2,m1,2023-06-02 10:00:00\n", tl::FileKind::Unknown, 5);
  CHECK(ws.info(a).repeated_orders == 0);
  CHECK(ws.info(b).repeated_orders == 2);
  const auto r = tltest::eval(ws, tltest::small_rules(), "2023-06");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 4);   // each order once
  CHECK(r["data_quality"]["files"][1]["repeated_orders_from_other_files"] == 2);
  CHECK_FALSE(r["data_quality"]["files"][0].contains("repeated_orders_from_other_files"));
}
