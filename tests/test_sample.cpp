// tierlens — sample generator: determinism, layouts, quirks, the demo's figures.
// Files are read back with a small RFC 4180 reader of our own (quoted fields hold newlines, so
// counting lines would be wrong) — independent of the engine's scanner on purpose.
#include <catch2/catch.hpp>
#include <iconv.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sample/generator.hpp"

using namespace tl::sample;

namespace {

using Record = std::vector<std::string>;

const std::string kBom = "\xEF\xBB\xBF";
const std::string kOrdersHeader =
    "主订单编号,子订单编号,选购商品,商品规格,商品数量,商品ID,商家编码,订单应付金额,运费,收件人,收件人手机号,"
    "详细地址,订单提交时间,支付完成时间,订单完成时间,订单状态,售后状态,店铺ID,店铺名称";
const std::string kBindingsHeader = "店铺ID,店铺名称,服务商ID,服务商名称,行业,绑定开始时间,绑定结束时间";
const std::string kStandardsHeader = "行业,月度达标订单量标准";
const std::string kMonthlyHeader = "店铺ID,月份,支付订单量,服务商ID";
const std::set<std::string> kIndustries = {"服饰", "食品饮料", "美妆个护", "家居日用", "3C数码", "母婴", "珠宝饰品", "鞋靴箱包"};

// Strict RFC 4180 with CRLF record ends; throws on anything malformed (bare LF, stray quote).
std::vector<Record> read_csv(const std::string& s, size_t pos = 0) {
  std::vector<Record> out;
  Record rec;
  std::string field;
  const size_t n = s.size();
  while (pos < n) {
    if (s[pos] == '"') {
      ++pos;
      for (;;) {
        if (pos >= n) throw std::runtime_error("unterminated quote");
        if (s[pos] == '"') {
          if (pos + 1 < n && s[pos + 1] == '"') { field += '"'; pos += 2; continue; }
          ++pos;
          break;
        }
        field += s[pos++];
      }
      if (pos < n && s[pos] != ',' && s[pos] != '\r') throw std::runtime_error("text after closing quote");
    } else {
      while (pos < n && s[pos] != ',' && s[pos] != '\r' && s[pos] != '\n' && s[pos] != '"') field += s[pos++];
      if (pos < n && (s[pos] == '"' || s[pos] == '\n')) throw std::runtime_error("quote or bare LF in unquoted field");
    }
    rec.push_back(std::move(field));
    field.clear();
    if (pos >= n) throw std::runtime_error("last record without CRLF");
    if (s[pos] == ',') { ++pos; continue; }
    if (s.compare(pos, 2, "\r\n") != 0) throw std::runtime_error("CR without LF");
    pos += 2;
    out.push_back(std::move(rec));
    rec.clear();
  }
  return out;
}

using Writer = void (*)(const Options&, const Sink&);

std::string gen(Writer fn, const Options& o, size_t* pieces = nullptr, size_t* largest = nullptr) {
  std::string s;
  fn(o, [&](std::string_view v) {
    s.append(v.data(), v.size());
    if (pieces) ++*pieces;
    if (largest) *largest = std::max(*largest, v.size());
  });
  return s;
}

// UTF-8 files start with a BOM; returns the records after it.
std::vector<Record> parse_utf8(const std::string& s) {
  REQUIRE(s.compare(0, 3, kBom) == 0);
  return read_csv(s, 3);
}

std::string first_line(const std::string& s) {
  size_t start = s.compare(0, 3, kBom) == 0 ? 3 : 0;
  return s.substr(start, s.find("\r\n") - start);
}

bool valid_time(const std::string& t) {  // "YYYY-MM-DD HH:MM:SS", a real calendar date
  if (t.size() != 19 || t[4] != '-' || t[7] != '-' || t[10] != ' ' || t[13] != ':' || t[16] != ':') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (t[i] < '0' || t[i] > '9') return false;
  const int y = std::stoi(t.substr(0, 4)), m = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
  const int dim[] = {31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m >= 1 && m <= 12 && d >= 1 && d <= dim[m - 1] && std::stoi(t.substr(11, 2)) < 24 &&
         std::stoi(t.substr(14, 2)) < 60 && std::stoi(t.substr(17, 2)) < 60;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_unpaid(const std::string& status) { return status == "待支付" || status == "未支付"; }

// Bindings as (shop -> intervals); times compare as strings in this fixed format.
struct Bound {
  std::string provider, start, end;  // end "" = open
};
std::map<std::string, std::vector<Bound>> bindings_of(const std::vector<Record>& b) {
  std::map<std::string, std::vector<Bound>> out;
  for (size_t i = 1; i < b.size(); ++i) out[b[i][0]].push_back({b[i][2], b[i][5], b[i][6]});
  return out;
}
std::string provider_at(const std::map<std::string, std::vector<Bound>>& binds, const std::string& shop, const std::string& t) {
  auto it = binds.find(shop);
  if (it == binds.end()) return "";
  std::string hit;
  for (const Bound& b : it->second)
    if (b.start <= t && (b.end.empty() || t < b.end)) hit = b.provider;
  return hit;
}

// Paid main orders per (shop, month "YYYY-MM", provider at pay time), the way the spec counts them.
std::map<std::tuple<std::string, std::string, std::string>, int64_t> recount(
    const std::vector<Record>& orders, const std::map<std::string, std::vector<Bound>>& binds) {
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> c;
  std::string prev;
  for (size_t i = 1; i < orders.size(); ++i) {
    const Record& r = orders[i];
    if (r[0] == prev) continue;  // sub-order row of the same main order
    prev = r[0];
    if (is_unpaid(r[15]) || !valid_time(r[13]) || r[17] == "-" || r[0].find("E+") != std::string::npos) continue;
    const std::string p = provider_at(binds, r[17], r[13]);
    if (p.empty()) continue;
    ++c[{r[17], r[13].substr(0, 7), p}];
  }
  return c;
}

std::string iconv_to_utf8(const std::string& in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(in.size() * 2 + 16, '\0');
  char* ip = const_cast<char*>(in.data());
  size_t il = in.size();
  char* op = &out[0];
  size_t ol = out.size();
  const size_t r = iconv(cd, &ip, &il, &op, &ol);
  iconv_close(cd);
  REQUIRE(r != static_cast<size_t>(-1));
  REQUIRE(il == 0);
  out.resize(out.size() - ol);
  return out;
}

}  // namespace

TEST_CASE("sample: same seed gives the same bytes, another seed other bytes", "[sample]") {
  Options o;
  o.order_rows = 5000;
  for (Writer fn : {write_orders, write_bindings, write_standards, write_monthly}) {
    const std::string a = gen(fn, o), b = gen(fn, o);
    CHECK(a == b);
    Options o2 = o;
    o2.seed = o.seed + 1;
    CHECK(gen(fn, o2) != a);
  }
  const auto d1 = demo_files(), d2 = demo_files();
  REQUIRE(d1.size() == d2.size());
  for (size_t i = 0; i < d1.size(); ++i) CHECK(d1[i].bytes == d2[i].bytes);
}

TEST_CASE("sample: header lines, BOM, CRLF", "[sample]") {
  Options o;
  o.order_rows = 3000;
  const std::string orders = gen(write_orders, o), bindings = gen(write_bindings, o),
                    standards = gen(write_standards, o), monthly = gen(write_monthly, o);
  for (const std::string* s : {&orders, &bindings, &standards, &monthly}) {
    CHECK(s->compare(0, 3, kBom) == 0);
    CHECK(s->size() > 2);
    CHECK(s->compare(s->size() - 2, 2, "\r\n") == 0);
  }
  CHECK(first_line(orders) == kOrdersHeader);
  CHECK(first_line(bindings) == kBindingsHeader);
  CHECK(first_line(standards) == kStandardsHeader);
  CHECK(first_line(monthly) == kMonthlyHeader);
  // the strict reader accepts every file: only CRLF record ends, quoting per RFC 4180
  CHECK_NOTHROW(read_csv(orders, 3));
  CHECK_NOTHROW(read_csv(bindings, 3));
  CHECK_NOTHROW(read_csv(standards, 3));
  CHECK_NOTHROW(read_csv(monthly, 3));
}

TEST_CASE("sample: exact record counts, 19 fields, streamed in pieces", "[sample]") {
  for (uint64_t n : {0ull, 1ull, 7ull, 1999ull, 2000ull, 12345ull}) {
    Options o;
    o.order_rows = n;
    const auto rec = parse_utf8(gen(write_orders, o));
    CHECK(rec.size() == n + 1);
    for (const Record& r : rec) REQUIRE(r.size() == 19);
  }
  Options o;
  o.order_rows = 40000;
  size_t pieces = 0, largest = 0;
  const std::string s = gen(write_orders, o, &pieces, &largest);
  CHECK(s.size() > 8 * 1000 * 1000);
  CHECK(pieces >= s.size() / (96 * 1024));  // 64 KiB buffers, not one big string
  CHECK(largest <= 96 * 1024);
}

TEST_CASE("sample: order rows look like a Doudian export", "[sample]") {
  Options o;
  o.order_rows = 50000;
  const auto rec = parse_utf8(gen(write_orders, o));
  const auto binds = bindings_of(parse_utf8(gen(write_bindings, o)));
  REQUIRE(rec.size() == o.order_rows + 1);

  size_t sub = 0, quoted = 0, with_quote = 0, with_newline = 0, unpaid = 0, paid = 0, outside = 0,
         separators = 0, refunds = 0;
  std::set<std::string> mains, sku_as_shop;
  std::string prev_main;
  const Record* prev = nullptr;
  for (size_t i = 1; i < rec.size(); ++i) {
    const Record& r = rec[i];
    const bool sci = r[0].find("E+") != std::string::npos;
    if (!sci) {
      // tab-guarded 19-digit ids starting with 6 or 7
      REQUIRE(r[0].size() == 20);
      CHECK(r[0][0] == '\t');
      CHECK((r[0][1] == '6' || r[0][1] == '7'));
      CHECK(all_digits(r[0].substr(1)));
    }
    REQUIRE(r[1].size() == 20);
    CHECK(r[1][0] == '\t');
    CHECK(all_digits(r[1].substr(1)));
    CHECK(r[1] != r[0]);
    if (r[0] == prev_main) {  // sub-order row: same order, shop, pay time and status
      ++sub;
      CHECK(r[17] == (*prev)[17]);
      CHECK(r[13] == (*prev)[13]);
      CHECK(r[15] == (*prev)[15]);
      CHECK(r[1] != (*prev)[1]);
    } else if (!sci) {  // (Excel's 6.92000E+18 collapses many ids into one)
      CHECK(mains.insert(r[0]).second);  // a main order's rows are adjacent
    }
    prev_main = r[0];
    prev = &r;
    const std::string& name = r[2];
    if (name.find_first_of(",\"\n") != std::string::npos) ++quoted;
    if (name.find('"') != std::string::npos) ++with_quote;
    if (name.find('\n') != std::string::npos) ++with_newline;
    CHECK(r[6].compare(0, 4, "SKU-") == 0);  // 商家编码 is the seller's SKU code, not the shop
    if (r[7].find(',') != std::string::npos) ++separators;
    CHECK(r[9].find("**") != std::string::npos);
    CHECK(r[10].find("****") != std::string::npos);
    CHECK(valid_time(r[12]));
    if (is_unpaid(r[15])) {
      ++unpaid;
      CHECK(r[13] == "-");
    } else if (valid_time(r[13])) {
      ++paid;
      const std::string m = r[13].substr(0, 7);
      if (m < "2023-06" || m > "2023-08") ++outside;
    }
    if (r[14] != "-") {  // completed after payment, before the export ends (10 days after the window)
      CHECK(valid_time(r[14]));
      CHECK(r[14] > r[13]);
      CHECK(r[14] < "2023-09-11");
    }
    if (r[16] == "退款成功" || r[16] == "售后处理中") {
      ++refunds;
      CHECK(!is_unpaid(r[15]));
    }
    if (r[17] != "-") {
      CHECK(all_digits(r[17]));
      CHECK(r[17].size() == 8);
    }
  }
  const double n = static_cast<double>(o.order_rows);
  CHECK(sub / n == Approx(0.06).margin(0.006));
  CHECK(quoted / n == Approx(0.19).margin(0.03));
  CHECK(with_quote > 0);
  CHECK(with_newline >= 1);
  CHECK(with_newline < 40);
  CHECK(separators > 0);
  CHECK(refunds > 0);
  CHECK(unpaid / n == Approx(0.023).margin(0.008));
  CHECK(static_cast<double>(outside) / paid == Approx(0.03).margin(0.01));
  // every shop of a clean row is bound; the merchants are skewed (a few big shops)
  std::map<std::string, int64_t> per_shop;
  for (size_t i = 1; i < rec.size(); ++i) ++per_shop[rec[i][17]];
  std::vector<int64_t> sizes;
  for (auto& [shop, c] : per_shop) {
    if (shop != "-" && !binds.count(shop)) CHECK(c <= 5);  // only the deliberate "not in bindings" rows
    sizes.push_back(c);
  }
  std::sort(sizes.rbegin(), sizes.rend());
  int64_t top10 = 0;
  for (size_t i = 0; i < 10 && i < sizes.size(); ++i) top10 += sizes[i];
  CHECK(top10 > static_cast<int64_t>(o.order_rows / 5));
}

TEST_CASE("sample: dirty rows at fixed positions", "[sample]") {
  for (uint64_t n : {1999ull, 2000ull, 9999ull, 20000ull, 35000ull, 120000ull}) {
    Options o;
    o.order_rows = n;
    const auto rec = parse_utf8(gen(write_orders, o));
    const auto binds = bindings_of(parse_utf8(gen(write_bindings, o)));
    size_t bad_time = 0, empty_shop = 0, sci = 0, unbound = 0;
    for (size_t i = 1; i < rec.size(); ++i) {
      const Record& r = rec[i];
      if (r[13].find("-13-45 99:00:00") != std::string::npos) ++bad_time;
      if (r[17] == "-") ++empty_shop;
      if (r[0].find("E+18") != std::string::npos) {
        ++sci;
        CHECK(r[0].size() == 11);  // 6.92135E+18
      }
      if (r[17] != "-" && !binds.count(r[17])) ++unbound;
      const bool dirty = r[13].find("-13-45") != std::string::npos || r[17] == "-" ||
                         r[0].find("E+") != std::string::npos || (r[17] != "-" && !binds.count(r[17]));
      if (dirty) {  // inside the window, paid: the row's only fault is the deliberate one
        CHECK(r[12].substr(0, 7) >= "2023-06");
        CHECK(r[12].substr(0, 7) <= "2023-08");
        CHECK(r[15] == "已完成");
      }
    }
    const size_t want = n < 2000 ? 0 : std::max<size_t>(1, n / 10000);
    INFO("rows " << n);
    CHECK(bad_time == want);
    CHECK(empty_shop == want);
    CHECK(sci == want);
    CHECK(unbound == want);
  }
}

TEST_CASE("sample: bindings, standards and the qualified share", "[sample]") {
  Options o;  // default sizes
  const auto orders = parse_utf8(gen(write_orders, o));
  const auto b = parse_utf8(gen(write_bindings, o));
  const auto st = parse_utf8(gen(write_standards, o));
  const auto binds = bindings_of(b);

  CHECK(binds.size() == static_cast<size_t>(o.merchants));
  std::set<std::string> providers;
  size_t rebound = 0, mid_start = 0, mid_end = 0;
  for (size_t i = 1; i < b.size(); ++i) {
    const Record& r = b[i];
    REQUIRE(r.size() == 7);
    providers.insert(r[2]);
    CHECK(kIndustries.count(r[4]) == 1);
    CHECK(r[3].find("服务商") != std::string::npos);
    CHECK(valid_time(r[5]));
    CHECK((r[6].empty() || valid_time(r[6])));
    if (r[5] >= "2023-06-01" && r[5] < "2023-09-01") ++mid_start;
    if (!r[6].empty()) ++mid_end;
  }
  CHECK(providers == std::set<std::string>{"SP1001", "SP1002", "SP1003"});
  for (auto& [shop, v] : binds) {
    if (v.size() != 2) continue;
    ++rebound;
    CHECK(v[0].end == v[1].start);  // adjacent intervals, another provider
    CHECK(v[0].provider != v[1].provider);
  }
  CHECK(rebound > 0);
  CHECK(mid_start > 0);
  CHECK(mid_end > rebound);  // some end without re-binding

  // one row per industry but one
  std::map<std::string, int64_t> standard;
  for (size_t i = 1; i < st.size(); ++i) {
    REQUIRE(st[i].size() == 2);
    CHECK(kIndustries.count(st[i][0]) == 1);
    REQUIRE(all_digits(st[i][1]));
    standard[st[i][0]] = std::stoll(st[i][1]);
    CHECK(standard[st[i][0]] > 0);
  }
  CHECK(standard.size() == kIndustries.size() - 1);

  // 10-30 % of the merchants beat their industry's standard in some window month
  std::map<std::string, std::string> industry;
  for (size_t i = 1; i < b.size(); ++i) industry[b[i][0]] = b[i][4];
  std::set<std::string> qualified;
  for (auto& [k, n] : recount(orders, binds)) {
    const auto& [shop, month, p] = k;
    if (month < "2023-06" || month > "2023-08") continue;
    auto it = standard.find(industry[shop]);
    if (it != standard.end() && n > it->second) qualified.insert(shop);
  }
  const double share = static_cast<double>(qualified.size()) / o.merchants;
  INFO("qualified " << qualified.size() << " of " << o.merchants);
  CHECK(share >= 0.10);
  CHECK(share <= 0.30);
}

TEST_CASE("sample: monthly stats are the aggregate of the orders export", "[sample]") {
  Options o;
  o.order_rows = 30000;
  const auto orders = parse_utf8(gen(write_orders, o));
  const auto binds = bindings_of(parse_utf8(gen(write_bindings, o)));
  const auto monthly = parse_utf8(gen(write_monthly, o));
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> m;
  for (size_t i = 1; i < monthly.size(); ++i) {
    REQUIRE(monthly[i].size() == 4);
    REQUIRE(all_digits(monthly[i][2]));
    m[{monthly[i][0], monthly[i][1], monthly[i][3]}] += std::stoll(monthly[i][2]);
  }
  CHECK(m == recount(orders, binds));
}

TEST_CASE("sample: other windows give valid dates", "[sample]") {
  Options o;
  o.order_rows = 4000;
  o.first_month = 2024 * 12 + 1;  // 2024-02 (leap year), one month
  o.months = 1;
  const auto rec = parse_utf8(gen(write_orders, o));
  for (size_t i = 1; i < rec.size(); ++i) {
    CHECK(valid_time(rec[i][12]));
    if (valid_time(rec[i][13])) {
      CHECK(rec[i][13] >= "2024-01-22");
      CHECK(rec[i][13] < "2024-03-11");
    }
  }
  const auto b = parse_utf8(gen(write_bindings, o));
  for (size_t i = 1; i < b.size(); ++i) CHECK(valid_time(b[i][5]));
  const auto m = parse_utf8(gen(write_monthly, o));
  for (size_t i = 1; i < m.size(); ++i) CHECK((m[i][1] == "2024-01" || m[i][1] == "2024-02" || m[i][1] == "2024-03"));
}

TEST_CASE("sample: GB18030 output round-trips through iconv", "[sample]") {
  Options u;
  u.order_rows = 20000;
  Options g = u;
  g.gbk = true;
  for (Writer fn : {write_orders, write_bindings, write_standards, write_monthly}) {
    const std::string a = gen(fn, u), b = gen(fn, g);
    CHECK(b.compare(0, 3, kBom) != 0);
    CHECK(b.size() < a.size());
    CHECK(iconv_to_utf8(b) == a.substr(3));
  }
}

TEST_CASE("sample: invalid options are refused", "[sample]") {
  Options o;
  o.providers = 0;
  CHECK_THROWS_AS(gen(write_orders, o), std::invalid_argument);
  o = Options();
  o.merchants = 2;
  CHECK_THROWS_AS(gen(write_bindings, o), std::invalid_argument);
  o = Options();
  o.months = 0;
  CHECK_THROWS_AS(gen(write_monthly, o), std::invalid_argument);
  o = Options();
  o.monthly_providers = 4;
  CHECK_THROWS_AS(gen(write_standards, o), std::invalid_argument);
}

TEST_CASE("sample: the demo data set", "[sample]") {
  const auto files = demo_files();
  REQUIRE(files.size() == 4);
  std::map<std::string, std::vector<Record>> f;
  size_t total = 0;
  for (const File& file : files) {
    total += file.bytes.size();
    f[file.name] = parse_utf8(file.bytes);
  }
  CHECK(total < 2500 * 1000);  // built into the web app
  REQUIRE(f.count("demo_bindings.csv"));
  REQUIRE(f.count("demo_standards.csv"));
  REQUIRE(f.count("demo_monthly.csv"));
  REQUIRE(f.count("demo_orders.csv"));
  CHECK(first_line(files[0].bytes) == kBindingsHeader);

  const auto& b = f["demo_bindings.csv"];
  std::map<std::string, std::string> industry;
  std::map<std::string, std::set<std::string>> shops_of;
  for (size_t i = 1; i < b.size(); ++i) {
    industry[b[i][0]] = b[i][4];
    shops_of[b[i][2]].insert(b[i][0]);
  }
  CHECK(shops_of.size() == 3);
  CHECK(shops_of["SP1001"].size() >= 1000);
  CHECK(shops_of["SP1001"].size() <= 1100);
  std::map<std::string, int64_t> standard;
  for (size_t i = 1; i < f["demo_standards.csv"].size(); ++i)
    standard[f["demo_standards.csv"][i][0]] = std::stoll(f["demo_standards.csv"][i][1]);
  CHECK(standard.size() == 7);
  for (auto& [ind, v] : standard) {  // hundreds to low thousands
    CHECK(v >= 100);
    CHECK(v <= 5000);
  }

  // SP1001: monthly stats only, ~8.7M paid orders in 2023-06..08, >= 1000 active, ~140 qualified
  int64_t total_paid = 0;
  std::set<std::string> active, qualified;
  for (size_t i = 1; i < f["demo_monthly.csv"].size(); ++i) {
    const Record& r = f["demo_monthly.csv"][i];
    REQUIRE(r[3] == "SP1001");
    CHECK((r[1] == "2023-06" || r[1] == "2023-07" || r[1] == "2023-08"));
    const int64_t n = std::stoll(r[2]);
    total_paid += n;
    if (n > 0) active.insert(r[0]);
    auto it = standard.find(industry[r[0]]);
    if (it != standard.end() && n > it->second) qualified.insert(r[0]);
  }
  CHECK(total_paid >= 8500000);
  CHECK(total_paid <= 8950000);
  CHECK(active.size() >= 1000);
  CHECK(qualified.size() >= 120);
  CHECK(qualified.size() <= 149);  // below the silver bar of 150: the dashboard has a gap to show

  // SP1002 / SP1003: an orders export with all the quirks, and its window is the same
  const auto& o = f["demo_orders.csv"];
  CHECK(o.size() - 1 >= 5000);
  std::set<std::string> providers;
  size_t dirty = 0;
  for (size_t i = 1; i < o.size(); ++i) {
    const Record& r = o[i];
    if (industry.count(r[17])) {
      CHECK(shops_of["SP1001"].count(r[17]) == 0);
    } else {
      ++dirty;  // empty or unbound shop
    }
    if (valid_time(r[13])) CHECK(r[13] < "2023-09-01");  // nothing after the window
  }
  CHECK(dirty == 2);
}
