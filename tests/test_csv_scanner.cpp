// tierlens — tests of csv::Scanner: RFC 4180 quoting, Excel quirks, line numbers, separator
// sniffing, and chunk boundaries (every split of every small input must give the same records).
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/csv/decoder.hpp"
#include "core/csv/scanner.hpp"

using tl::csv::Record;
using tl::csv::Scanner;

namespace {

struct Row {
  uint64_t line;
  std::vector<std::string> fields;
  bool operator==(const Row& o) const { return line == o.line && fields == o.fields; }
};

struct Scan {
  std::vector<Row> rows;
  char sep = 0;
  uint64_t blank = 0, lines = 0;
  bool unterminated = false;
  uint64_t unterminated_line = 0;
  bool operator==(const Scan& o) const {
    return rows == o.rows && sep == o.sep && blank == o.blank && lines == o.lines && unterminated == o.unterminated &&
           unterminated_line == o.unterminated_line;
  }
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  os << "line " << r.line << ":";
  for (auto& f : r.fields) os << " [" << f << "]";
  return os;
}

std::ostream& operator<<(std::ostream& os, const Scan& s) {
  os << "sep " << int(s.sep) << " blank " << s.blank << " lines " << s.lines << " unterminated " << s.unterminated << "@"
     << s.unterminated_line;
  for (auto& r : s.rows) os << "\n  " << r;
  return os;
}

// Feeds `in` in chunks of the given sizes (the last one takes the rest).
Scan scan(const std::string& in, char sep = 0, std::vector<size_t> cuts = {}) {
  Scanner s(sep);
  Scan out;
  auto sink = [&](const Record& r) {
    Row row{r.line, {}};
    for (auto f : r.fields) row.fields.emplace_back(f);
    out.rows.push_back(row);
  };
  size_t pos = 0;
  for (size_t c : cuts) {
    c = std::min(c, in.size() - pos);
    s.feed(std::string_view(in).substr(pos, c), sink);
    pos += c;
  }
  s.feed(std::string_view(in).substr(pos), sink);
  s.finish(sink);
  out.sep = s.separator();
  out.blank = s.blank_lines();
  out.lines = s.lines();
  out.unterminated = s.unterminated_quote();
  out.unterminated_line = s.unterminated_quote_line();
  return out;
}

// Every 2-way and 3-way split and 1-byte chunks give the single-feed result, sniffed or not.
void check_splits(const std::string& in, char sep = 0) {
  const Scan whole = scan(in, sep);
  CAPTURE(in, whole);
  CHECK(scan(in, sep, std::vector<size_t>(in.size(), 1)) == whole);
  for (size_t i = 0; i <= in.size(); ++i) {
    CAPTURE(i);
    REQUIRE(scan(in, sep, {i}) == whole);
    if (in.size() <= 64)
      for (size_t j = i; j <= in.size(); ++j) {
        CAPTURE(j);
        REQUIRE(scan(in, sep, {i, j - i}) == whole);
      }
  }
}

using Rows = std::vector<Row>;

}  // namespace

TEST_CASE("simple records, line ends and the last line", "[csv][scanner]") {
  const Rows want = {{1, {"id", "name"}}, {2, {"1", "a"}}, {3, {"2", "b"}}};
  SECTION("LF") {
    Scan s = scan("id,name\n1,a\n2,b\n");
    CHECK(s.rows == want);
    CHECK(s.sep == ',');
    CHECK(s.lines == 3);
    CHECK(s.blank == 0);
    check_splits("id,name\n1,a\n2,b\n");
  }
  SECTION("CRLF") {
    CHECK(scan("id,name\r\n1,a\r\n2,b\r\n").rows == want);
    check_splits("id,name\r\n1,a\r\n2,b\r\n");
  }
  SECTION("lone CR (old Mac)") {
    CHECK(scan("id,name\r1,a\r2,b\r").rows == want);
    check_splits("id,name\r1,a\r2,b\r");
  }
  SECTION("mixed line ends") {
    CHECK(scan("id,name\r\n1,a\n2,b\r").rows == want);
  }
  SECTION("no final line end") {
    Scan s = scan("id,name\n1,a\n2,b");
    CHECK(s.rows == want);
    CHECK(s.lines == 3);
    check_splits("id,name\r\n1,a\r\n2,b");
  }
  SECTION("empty input") {
    Scan s = scan("");
    CHECK(s.rows.empty());
    CHECK(s.lines == 0);
    CHECK(s.sep == ',');
  }
}

TEST_CASE("empty fields", "[csv][scanner]") {
  CHECK(scan("a,b,c\n,,\n").rows == Rows{{1, {"a", "b", "c"}}, {2, {"", "", ""}}});
  CHECK(scan("a,b,c\n1,,\n").rows == Rows{{1, {"a", "b", "c"}}, {2, {"1", "", ""}}});
  CHECK(scan("a,b,c\n\"\",x,\"\"\n").rows == Rows{{1, {"a", "b", "c"}}, {2, {"", "x", ""}}});
  CHECK(scan("a,b,").rows == Rows{{1, {"a", "b", ""}}});  // trailing separator at end of input
  CHECK(scan("\"\"").rows == Rows{{1, {""}}});
  CHECK(scan(" \n").rows == Rows{{1, {" "}}});  // whitespace is content, not a blank line
  check_splits("a,b,c\n,,\n\"\",x,\"\"\n1,2,");
}

TEST_CASE("quoted fields", "[csv][scanner]") {
  SECTION("separators, doubled quotes, embedded line ends") {
    const std::string in = "id,note,x\n1,\"a,b\",2\n2,\"say \"\"hi\"\"\",3\n3,\"two\nlines\",4\n4,\"crlf\r\ninside\",5\n5,z,6\n";
    Scan s = scan(in);
    CHECK(s.rows == Rows{{1, {"id", "note", "x"}},
                         {2, {"1", "a,b", "2"}},
                         {3, {"2", "say \"hi\"", "3"}},
                         {4, {"3", "two\nlines", "4"}},
                         {6, {"4", "crlf\r\ninside", "5"}},
                         {8, {"5", "z", "6"}}});
    CHECK(s.lines == 8);
    check_splits(in);
  }
  SECTION("line numbers count CR, LF and CRLF inside quotes once each") {
    Scan s = scan("\"a\r\r\n\nb\"\nnext\n");
    CHECK(s.rows == Rows{{1, {"a\r\r\n\nb"}}, {5, {"next"}}});
    check_splits("\"a\r\r\n\nb\"\nnext\n\"\r\"\n\"\r\"\"\n\"\nx");
  }
  SECTION("a quote right at a chunk boundary") {
    const std::string in = "\"a\"\"b\",\"c\"\r\n\"\"\"\",\"\"\"x\"\"\"\r\n";
    CHECK(scan(in).rows == Rows{{1, {"a\"b", "c"}}, {2, {"\"", "\"x\""}}});
    check_splits(in);
  }
  SECTION("text after the closing quote is kept") {
    CHECK(scan("\"ab\"c,d\n").rows == Rows{{1, {"abc", "d"}}});
    CHECK(scan("\"ab\" ,d\n").rows == Rows{{1, {"ab ", "d"}}});
    CHECK(scan("\"a\"b\"c\",d\n").rows == Rows{{1, {"ab\"c\"", "d"}}});
    check_splits("\"ab\"c,d\n\"a\"b\"c\",\"e\" \n");
  }
  SECTION("a quote only opens a field at its start") {
    CHECK(scan(" \"a,b\"\n", ',').rows == Rows{{1, {" \"a", "b\""}}});
  }
  SECTION("a quoted field never closed") {
    Scan s = scan("id,v\n1,ok\n2,\"open,\nmore\nend");
    CHECK(s.rows == Rows{{1, {"id", "v"}}, {2, {"1", "ok"}}, {3, {"2", "open,\nmore\nend"}}});
    CHECK(s.unterminated);
    CHECK(s.unterminated_line == 3);
    CHECK(s.lines == 5);
    check_splits("id,v\n1,ok\n2,\"open,\nmore\nend");
    Scan closed = scan("a\n\"b\"");
    CHECK_FALSE(closed.unterminated);
    CHECK(closed.rows == Rows{{1, {"a"}}, {2, {"b"}}});
  }
}

TEST_CASE("Excel quirks: literal quotes inside unquoted fields", "[csv][scanner]") {
  const std::string in = "id,shop\n=\"123\",=\"0456\"\nab\"c,5\"\n'789,\t12\n";
  Scan s = scan(in, ',');
  CHECK(s.rows == Rows{{1, {"id", "shop"}}, {2, {"=\"123\"", "=\"0456\""}}, {3, {"ab\"c", "5\""}}, {4, {"'789", "\t12"}}});
  CHECK(s.rows[1].fields[0].size() == 6);
  check_splits(in, ',');
  check_splits(in);
}

TEST_CASE("blank lines are counted and skipped", "[csv][scanner]") {
  SECTION("LF") {
    Scan s = scan("\n\na,b\n\n1,2\n\n");
    CHECK(s.rows == Rows{{3, {"a", "b"}}, {5, {"1", "2"}}});
    CHECK(s.blank == 4);
    CHECK(s.lines == 6);
  }
  SECTION("CRLF, CR, and CR CR LF") {
    Scan s = scan("a\r\n\r\nb\r\rc\r\r\nd");
    CHECK(s.rows == Rows{{1, {"a"}}, {3, {"b"}}, {5, {"c"}}, {7, {"d"}}});
    CHECK(s.blank == 3);
    CHECK(s.lines == 7);
    check_splits("a\r\n\r\nb\r\rc\r\r\nd");
    check_splits("\r\n\r\n\n\r\ra\n");
  }
  SECTION("only blank lines") {
    Scan s = scan("\r\n\n");
    CHECK(s.rows.empty());
    CHECK(s.blank == 2);
    CHECK(s.lines == 2);
  }
  SECTION("a line of separators is not blank") {
    CHECK(scan("a,b\n,\n").rows == Rows{{1, {"a", "b"}}, {2, {"", ""}}});
  }
}

TEST_CASE("ragged rows are reported as they are", "[csv][scanner]") {
  const std::string in = "a,b,c\n1\n1,2,3,4,5\n1,2\n";
  CHECK(scan(in).rows == Rows{{1, {"a", "b", "c"}}, {2, {"1"}}, {3, {"1", "2", "3", "4", "5"}}, {4, {"1", "2"}}});
  check_splits(in);
}

TEST_CASE("UTF-8 text and chunk splits inside characters", "[csv][scanner]") {
  const std::string in = "订单号,商家\r\n\"中,文\",店铺🙂\r\n";
  CHECK(scan(in).rows == Rows{{1, {"订单号", "商家"}}, {2, {"中,文", "店铺🙂"}}});
  check_splits(in);
}

TEST_CASE("separator sniffing", "[csv][scanner]") {
  SECTION("comma") { CHECK(scan("a,b,c\n1,2,3\n").sep == ','); }
  SECTION("tab, with commas in the text") {
    const std::string in = "id\tname\tnote\n1\tA, B\tx\n2\tC\ty, z, w\n3\tD\t\n";
    Scan s = scan(in);
    CHECK(s.sep == '\t');
    CHECK(s.rows == Rows{{1, {"id", "name", "note"}}, {2, {"1", "A, B", "x"}}, {3, {"2", "C", "y, z, w"}}, {4, {"3", "D", ""}}});
    check_splits(in);
  }
  SECTION("semicolon, with decimal commas") {
    const std::string in = "id;amount;rate\n1;12,5;0,3\n2;7,25;1,0\n3;1;2\n";
    Scan s = scan(in);
    CHECK(s.sep == ';');
    CHECK(s.rows[1] == Row{2, {"1", "12,5", "0,3"}});
  }
  SECTION("separators inside quotes do not count") {
    Scan s = scan("\"a;b;c\",x\n\"d;e;f\",y\n");
    CHECK(s.sep == ',');
    CHECK(s.rows == Rows{{1, {"a;b;c", "x"}}, {2, {"d;e;f", "y"}}});
  }
  SECTION("commas inside quoted text of a semicolon file") {
    const std::string in = "id;text\n1;\"Hello, world\"\n2;\"a, b\"\n";
    Scan s = scan(in);
    CHECK(s.sep == ';');
    CHECK(s.rows == Rows{{1, {"id", "text"}}, {2, {"1", "Hello, world"}}, {3, {"2", "a, b"}}});
  }
  SECTION("a doubled quote does not end the quoted text for the count") {
    std::string in = "a;b\n";
    for (int i = 0; i < 10; ++i) in += "1;\"q\"\"x,y,z\"\n";
    Scan s = scan(in);
    CHECK(s.sep == ';');
    CHECK(s.rows[1] == Row{2, {"1", "q\"x,y,z"}});
  }
  SECTION("a quoted newline does not break the count") {
    CHECK(scan("a;b;c\n1;\"x\ny\";3\n4;5;6\n").sep == ';');
  }
  SECTION("one column: comma by default") {
    Scan s = scan("id\n1\n2\n");
    CHECK(s.sep == ',');
    CHECK(s.rows == Rows{{1, {"id"}}, {2, {"1"}}, {3, {"2"}}});
  }
  SECTION("header only, no line end") { CHECK(scan("a\tb\tc").sep == '\t'); }
  SECTION("only the first 64 KiB count, and a record cut there is ignored") {
    // in the first 64 KiB: 2 records with ';' x2 and ',' x1, then a long record with one ','
    std::string in = "a,b;c;d\n1,2;3;4\n5," + std::string(70000, 'x') + "\n";
    for (int i = 0; i < 20; ++i) in += "8,9\n";
    const Scan s = scan(in);
    CHECK(s.sep == ';');
    REQUIRE(s.rows.size() == 23);
    CHECK(s.rows[0] == Row{1, {"a,b", "c", "d"}});
    CHECK(s.rows[2].fields == std::vector<std::string>{"5," + std::string(70000, 'x')});
    CHECK(s.rows[22] == Row{23, {"8,9"}});
    CHECK(scan(in, 0, std::vector<size_t>(80, 1000)) == s);
    CHECK(scan(in, 0, {65536}) == s);
  }
  SECTION("a given separator is used as is") {
    Scan s = scan("a;b,c\n", ',');
    CHECK(s.sep == ',');
    CHECK(s.rows == Rows{{1, {"a;b", "c"}}});
    check_splits("a;b,c\n1;2,3", ';');
  }
}

TEST_CASE("large input: sniffing over the first 64 KiB and any chunking", "[csv][scanner]") {
  // tab-separated, quoted fields with tabs and newlines, ~150 KB: well past the sniff limit
  std::string in = "order\tshop\tnote\r\n";
  for (int i = 0; i < 3000; ++i) {
    in += std::to_string(1000000 + i) + "\t=\"" + std::to_string(i % 97) + "\"\t";
    in += (i % 7 == 0) ? "\"multi\r\nline \"\"q\"\"\tx\"" : (i % 11 == 0 ? "" : "plain, text");
    in += "\r\n";
    if (i % 500 == 0) in += "\r\n";
  }
  const Scan whole = scan(in);
  REQUIRE(whole.sep == '\t');
  REQUIRE(whole.rows.size() == 3001);
  CHECK(whole.blank == 6);
  CHECK(whole.rows[1] == Row{2, {"1000000", "=\"0\"", "multi\r\nline \"q\"\tx"}});
  CHECK(whole.rows[2].line == 5);  // the blank line after row 0, and 2 physical lines for the quoted field
  CHECK(whole.rows.back().fields[0] == "1002999");
  for (size_t chunk : {1, 2, 3, 7, 64, 4095, 65535, 65536, 65537, 100000}) {
    CAPTURE(chunk);
    CHECK(scan(in, 0, std::vector<size_t>(in.size() / chunk + 1, chunk)) == whole);
  }
  CHECK(scan(in, 0, {65535, 1, 1}) == whole);
  CHECK(scan(in, '\t') == whole);
}

TEST_CASE("decoder and scanner together: GBK file, any chunking", "[csv][scanner][decoder]") {
  const std::string gbk =
      "\xB6\xA9\xB5\xA5\xBA\xC5;\xC9\xCC\xBC\xD2ID;\xBD\xF0\xB6\xEE\r\n"
      "\"A;1\";=\"0012\";\"\xBA\xAC\r\n\xD6\xD0\"\r\n"
      "\r\n"
      "B2;\xD6\xD0\xCE\xC4;\x81\x30\x84\x36" "9";
  const Rows want = {{1, {"订单号", "商家ID", "金额"}}, {2, {"A;1", "=\"0012\"", "含\r\n中"}}, {5, {"B2", "中文", "¥9"}}};
  auto run = [&](size_t chunk) {
    tl::csv::Decoder d;
    Scanner s;
    Rows rows;
    auto sink = [&](const Record& r) {
      Row row{r.line, {}};
      for (auto f : r.fields) row.fields.emplace_back(f);
      rows.push_back(row);
    };
    std::string text;
    for (size_t pos = 0; pos < gbk.size(); pos += chunk) {
      text.clear();
      d.feed(reinterpret_cast<const uint8_t*>(gbk.data()) + pos, std::min(chunk, gbk.size() - pos), text);
      s.feed(text, sink);
    }
    text.clear();
    d.finish(text);
    s.feed(text, sink);
    s.finish(sink);
    CHECK(d.encoding() == tl::csv::Encoding::Gb18030);
    CHECK(s.separator() == ';');
    CHECK(s.blank_lines() == 1);
    return rows;
  };
  for (size_t chunk = 1; chunk <= gbk.size(); ++chunk) {
    CAPTURE(chunk);
    CHECK(run(chunk) == want);
  }
}

namespace {

// A plain whole-input reading of the same rules, written independently of the state machine.
Rows reference(const std::string& s, char sep, uint64_t& blank) {
  Rows rows;
  const size_t n = s.size();
  size_t i = 0;
  uint64_t line = 1;
  auto line_end = [&]() {  // at s[i] == CR or LF
    if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ++i;
    ++i;
    ++line;
  };
  while (i < n) {
    if (s[i] == '\n' || s[i] == '\r') {
      ++blank;
      line_end();
      continue;
    }
    Row r{line, {}};
    for (;;) {
      std::string f;
      if (i < n && s[i] == '"') {
        for (++i; i < n; ++i) {
          if (s[i] == '"') {
            if (i + 1 < n && s[i + 1] == '"') {
              f += '"';
              ++i;
              continue;
            }
            ++i;
            break;
          }
          if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n'))) ++line;
          f += s[i];
        }
      }
      while (i < n && s[i] != sep && s[i] != '\n' && s[i] != '\r') f += s[i++];
      r.fields.push_back(f);
      if (i < n && s[i] == sep) {
        ++i;
        if (i == n) r.fields.emplace_back();
        if (i < n) continue;
      }
      break;
    }
    rows.push_back(r);
    if (i < n) line_end();
  }
  return rows;
}

}  // namespace

TEST_CASE("random inputs: same records as a reference reader, for any chunking", "[csv][scanner]") {
  std::mt19937 rng(20230601);  // the engine's output is fully specified, so this is the same everywhere
  const char alphabet[] = {'a', 'b', ',', ',', '"', '"', '\r', '\n', '\n', ';', ' ', '\xE4', '\xB8', '\xAD'};
  for (int iter = 0; iter < 3000; ++iter) {
    std::string in;
    const size_t len = rng() % 40;
    for (size_t k = 0; k < len; ++k) in += alphabet[rng() % sizeof alphabet];
    CAPTURE(in);
    uint64_t blank = 0;
    const Rows want = reference(in, ',', blank);
    const Scan got = scan(in, ',');
    REQUIRE(got.rows == want);
    REQUIRE(got.blank == blank);
    std::vector<size_t> cuts;
    for (size_t pos = 0; pos < in.size();) {
      cuts.push_back(1 + rng() % 5);
      pos += cuts.back();
    }
    REQUIRE(scan(in, ',', cuts) == got);
    REQUIRE(scan(in, 0, cuts) == scan(in, 0));
  }
}

// Records longer than the 64-byte blocks go through the scanner's fast path (whole records cut from
// the block masks) until one is not simple; short inputs and 1-byte feeds never reach it. So long
// inputs of mostly ordinary records with every oddity mixed in are checked against the reference
// reader and against byte-by-byte feeding (the state machine alone).
TEST_CASE("long random records: fast path and state machine agree, for any chunking", "[csv][scanner]") {
  std::mt19937 rng(20231127);
  const std::vector<std::string> plain = {"", "a", "6920000838969975590", "\t6920000838969975591", "122.80", "2023-05-22 00:00:04",
                                          "已完成", "白沟好货特产工厂店", "=\"123\"", "x\"y", "a b", std::string(70, 'z')};
  const std::vector<std::string> quoted = {"\"\"", "\"q\"", "\"网红,挂耳\"", "\"a,b,c\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"",
                                           "\"cr\r\nlf\"", "\"lone\rcr\"", "\"ab\"c", "\"x\"\"\"", std::string("\"") + std::string(90, ',') + "\""};
  const std::vector<std::string> ends = {"\n", "\n", "\n", "\r\n", "\r\n", "\r"};
  for (int iter = 0; iter < 400; ++iter) {
    const char sep = ",;\t"[iter % 3];
    const int odd_per_mille = iter % 4 == 0 ? 0 : iter % 4 == 1 ? 10 : iter % 4 == 2 ? 100 : 600;
    std::string in;
    const int records = 1 + static_cast<int>(rng() % 40);
    for (int r = 0; r < records; ++r) {
      if (static_cast<int>(rng() % 1000) < odd_per_mille / 4) in += ends[rng() % ends.size()];  // a blank line
      const int fields = 1 + static_cast<int>(rng() % 20);
      for (int f = 0; f < fields; ++f) {
        if (f) in += sep;
        const bool odd = static_cast<int>(rng() % 1000) < odd_per_mille;
        std::string v = odd ? quoted[rng() % quoted.size()] : plain[rng() % plain.size()];
        for (char& c : v)
          if (c == ',') c = sep;
        in += v;
      }
      const bool odd_end = static_cast<int>(rng() % 1000) < odd_per_mille;
      if (r + 1 < records || rng() % 2) in += odd_end ? ends[rng() % ends.size()] : std::string("\n");
    }
    CAPTURE(iter, in);
    uint64_t blank = 0;
    const Rows want = reference(in, sep, blank);
    const Scan whole = scan(in, sep);
    REQUIRE(whole.rows == want);
    REQUIRE(whole.blank == blank);
    REQUIRE(scan(in, sep, std::vector<size_t>(in.size(), 1)) == whole);
    std::vector<size_t> cuts;
    for (size_t pos = 0; pos < in.size();) {
      cuts.push_back(1 + rng() % 300);
      pos += cuts.back();
    }
    REQUIRE(scan(in, sep, cuts) == whole);
    REQUIRE(scan(in, 0, cuts) == scan(in, 0));
  }
}
