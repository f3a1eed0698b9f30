// Writes the seed corpora of the fuzz targets, small and generated (nothing large is committed):
//   make_seeds ROOT OUT   ->  OUT/<target>/<seed>   from ROOT/tests/fixtures/*.csv and
//                             ROOT/tests/golden/default_rules.json (plus ROOT/fuzz/seeds/<target>/*,
//                             which scripts/fuzz.sh copies in as they are)
// Each target's input format is in its source; the option bytes here pick "auto" unless said.
#include <iconv.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "../tests/zip_builder.hpp"   // ZIPs and workbooks written in memory (zlib)
#include "csv/scanner.hpp"
#include "cutter.hpp"
#include "fuzz_common.hpp"
#include "workspace.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write(const fs::path& dir, const std::string& name, const std::string& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string convert(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return utf8;
  std::string out(utf8.size() * 4 + 16, '\0');
  char* ip = const_cast<char*>(utf8.data());
  char* op = out.data();
  size_t il = utf8.size(), ol = out.size();
  const size_t r = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) return utf8;
  out.resize(out.size() - ol);
  return out;
}

std::string opts(uint8_t kind, uint8_t enc, uint8_t sep, uint8_t chunk) { return std::string{char(kind), char(enc), char(sep), char(chunk)}; }

// The Cuts a Cutter makes of `text` (chunks of `chunk` bytes), taken by a Workspace that hands the
// columns back after the header: the first Cuts keep every field, the later ones are compact.
std::string cut_sequence(const std::string& text, size_t chunk) {
  std::string out = opts(0, 0, 0, 0);
  tl::Cutter cutter("seed.csv", {});
  tl::Workspace ws;
  const int id = ws.open("seed.csv");
  tl::Cut c;
  bool handed = false;
  auto add = [&]() {
    const std::string_view b = c.serialize();
    const uint32_t n = static_cast<uint32_t>(b.size());
    out.append(reinterpret_cast<const char*>(&n), 4);
    out.append(b.data(), b.size());
    tl::take(ws, id, c);
    if (!handed && tl::taken_columns(ws, id)) {
      cutter.use_columns(ws.info(id).kind, *tl::taken_columns(ws, id));
      handed = true;
    }
  };
  for (size_t at = 0; at < text.size(); at += chunk) {
    cutter.cut(reinterpret_cast<const uint8_t*>(text.data()) + at, std::min(chunk, text.size() - at), c);
    add();
  }
  cutter.finish(c);
  add();
  return out;
}

// Every distinct field of a CSV text (the normaliser's seeds).
void fields_of(const std::string& text, std::set<std::string>& out) {
  tl::csv::Scanner s;
  auto sink = [&out](const tl::csv::Record& r) {
    for (const std::string_view& f : r.fields) out.emplace(f);
  };
  s.feed(text, sink);
  s.finish(sink);
}

std::string first_line_cells(const std::string& text) {
  tl::csv::Scanner s;
  std::string cells;
  bool first = true;
  auto sink = [&](const tl::csv::Record& r) {
    if (!first) return;
    first = false;
    for (size_t i = 0; i < r.fields.size(); ++i) cells += (i ? "\n" : "") + std::string(r.fields[i]);
  };
  s.feed(text, sink);
  s.finish(sink);
  return cells;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_seeds ROOT OUT\n");
    return 2;
  }
  const fs::path root = argv[1], out = argv[2];
  std::vector<std::pair<std::string, std::string>> csv;   // name, text
  for (const auto& e : fs::directory_iterator(root / "tests" / "fixtures"))
    if (e.path().extension() == ".csv") csv.emplace_back(e.path().stem().string(), read(e.path()));
  std::sort(csv.begin(), csv.end());
  const std::string rules = read(root / "tests" / "golden" / "default_rules.json");
  const std::string sep(tlfuzz::kFileSep);

  // files: each fixture as it is, in GB18030 and UTF-16LE with a BOM, fed in pieces; all three together
  std::string together;
  for (const auto& [name, text] : csv) {
    const std::string gb = convert(text, "GB18030"), u16 = "\xFF\xFE" + convert(text, "UTF-16LE");
    for (const char* t : {"fuzz_workspace", "fuzz_cut_roundtrip"}) {
      write(out / t, name, opts(0, 0, 0, 0) + text);
      write(out / t, name + "_pieces", opts(0, 0, 0, 7) + text);
      write(out / t, name + "_gbk", opts(0, 4, 0, 3) + gb);
      write(out / t, name + "_utf16", opts(0, 0, 0, 5) + u16);
    }
    write(out / "fuzz_decode_scan", name, std::string{0, 0, 9} + text);
    write(out / "fuzz_decode_scan", name + "_sep", std::string{0, 2, 9} + text);
    write(out / "fuzz_decode_scan", name + "_gbk", std::string{0, 0, 3} + gb);
    write(out / "fuzz_decode_scan", name + "_utf16", std::string{5, 3, 1} + u16);
    write(out / "fuzz_cut_load", name, cut_sequence(text, 256));
    write(out / "fuzz_header", name, std::string(1, 0) + first_line_cells(text));
    together += (together.empty() ? "" : sep) + opts(0, 0, 0, 11) + text;
    std::set<std::string> cells;
    fields_of(text, cells);
    size_t k = 0;
    for (const std::string& c : cells) write(out / "fuzz_normalize", name + "_" + std::to_string(k++), c);
  }
  for (const char* t : {"fuzz_workspace", "fuzz_cut_roundtrip"}) {
    write(out / t, "all", together);
    write(out / t, "all_rules", together + sep + opts(0, 0, 0, 2) + rules);
  }
  write(out / "fuzz_rules", "default_rules", rules);

  // archives: the fixtures zipped (deflated, stored, with data descriptors), gzipped, and as a workbook
  tltest::ZipBuilder z;
  bool stored = false;
  for (const auto& [name, text] : csv) {
    z.add("dir/" + name + ".csv", text, {!stored, true, stored});
    write(out / "fuzz_archive", name + "_gz", tltest::ZipBuilder::gzip(text));
    stored = !stored;
  }
  write(out / "fuzz_archive", "fixtures_zip", z.finish());
  const std::string rows =
      "<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c></row>"
      "<row r=\"2\"><c t=\"inlineStr\"><is><t>6921000000000000001</t></is></c><c t=\"s\"><v>3</v></c><c s=\"1\"><v>45078.5</v></c></row>"
      "<row r=\"4\"><c t=\"inlineStr\"><is><t>6921000000000000002</t></is></c><c t=\"s\"><v>3</v></c><c s=\"2\"><v>45079.25</v></c></row>";
  const std::string styles = "<numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm\"/></numFmts>"
                             "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/><xf numFmtId=\"164\"/></cellXfs>";
  const std::vector<std::string> shared = {"<t>主订单编号</t>", "<t>店铺ID</t>", "<t>支付完成时间</t>", "<r><t>m</t></r><r><t>1</t></r>"};
  const std::string book = tltest::make_xlsx({{"订单", rows}, {"说明", "<row r=\"1\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>"}}, shared, styles);
  write(out / "fuzz_archive", "workbook", book);
  tltest::ZipBuilder outer;
  outer.add("book.xlsx", book);
  outer.add("inner.zip", z.finish(), {false});
  write(out / "fuzz_archive", "nested", outer.finish());
  return 0;
}
