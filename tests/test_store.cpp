// The compact order store: records are 28 bytes with narrow fields (32-bit amounts, 8-bit status,
// 16-bit provider and row count, lines as 8-bit gaps). Data beyond those widths must give exactly
// the answer narrow data gives — these cases push every field past its width.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "cutter.hpp"
#include "engine_helpers.hpp"
#include "sample/generator.hpp"
#include "store/store.hpp"

using namespace tltest;
using nlohmann::json;

static const std::string kHead = "主订单编号,店铺ID,支付完成时间,订单状态,订单应付金额\n";
static const std::string kEmpty;

static json samples(const json& r, const std::string& reason) { return r["data_quality"]["samples"][reason]; }

TEST_CASE("amounts beyond 32-bit cents, alone and summed over sub-order rows") {
  tl::Workspace ws;
  load(ws, "orders.csv",
       kHead +
           "1,M1,2023-06-05 10:00:00,已完成,30000000.00\n"   // 3e9 cents: wide from the start
           "1,M1,2023-06-05 10:00:00,已完成,1.25\n"          // folds into the wide record
           "2,M1,2023-06-06 10:00:00,已完成,15000000.00\n"   // narrow ...
           "2,M1,2023-06-06 10:00:00,已完成,15000000.00\n"   // ... the sum no longer fits: turns wide
           "2,M1,2023-06-06 10:00:00,已完成,0.50\n"          // folds into the now-wide record
           "3,M2,2023-07-01 10:00:00,已完成,-25000000.00\n"); // negative beyond 32 bits
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  const json& p = r["providers"][0];
  CHECK(p["metrics"]["paid_orders"] == 3);
  CHECK(p["paid_amount"].get<double>() == Approx(30000001.25 + 30000000.50 - 25000000.0));
  CHECK(p["months"][0]["paid_amount"].get<double>() == Approx(60000001.75));
  CHECK(nc(r, "duplicate_main_order") == 3);
  CHECK(samples(r, "duplicate_main_order") == json::parse(R"([{"file":"orders.csv","line":3},{"file":"orders.csv","line":5},
                                                               {"file":"orders.csv","line":6}])"));
  CHECK(balanced(r));
}

TEST_CASE("sample lines stay exact across long runs of rejected rows (line gaps past 255)") {
  std::string text = kHead + "1,M1,2023-06-05 10:00:00,已完成,1\n";   // line 2
  for (int i = 0; i < 300; ++i) text += std::to_string(100 + i) + ",,2023-06-05 10:00:00,已完成,1\n";  // 3..302
  text += "2,M1,2023-05-05 10:00:00,已完成,1\n";                       // 303 outside the window
  text += "3,M1,2023-06-06 10:00:00,已完成,1\n";                       // 304 counted
  for (int i = 0; i < 1000; ++i) text += std::to_string(500 + i) + ",,2023-06-05 10:00:00,已完成,1\n";  // 305..1304
  text += "4,M2,2023-09-01 10:00:00,已完成,1\n";                       // 1305 outside the window
  text += "4,M2,2023-09-01 10:00:00,已完成,1\n";                       // 1306 folded into it
  tl::Workspace ws;
  load(ws, "gaps.csv", text, tl::FileKind::Unknown, 4096);
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 2);
  CHECK(nc(r, "missing_merchant_id") == 1300);
  CHECK(nc(r, "outside_window") == 3);
  CHECK(samples(r, "outside_window") == json::parse(R"([{"file":"gaps.csv","line":303},{"file":"gaps.csv","line":1305}])"));
  CHECK(balanced(r));
}

TEST_CASE("more than 65535 identical rows of one order fold into one record") {
  std::string text = kHead;
  for (int i = 0; i < 70000; ++i) text += "9,M1,2023-06-05 10:00:00,已完成,0.01\n";
  tl::Workspace ws;
  load(ws, "many.csv", text);
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 1);
  CHECK(r["providers"][0]["paid_amount"].get<double>() == Approx(700.0));
  CHECK(nc(r, "duplicate_main_order") == 69999);
  CHECK(r["data_quality"]["rows_read"] == 70000);
  CHECK(balanced(r));
}

TEST_CASE("statuses past the 255th still count, and are still excluded when unpaid") {
  std::string text = kHead;
  for (int i = 0; i < 300; ++i) text += std::to_string(1000 + i) + ",M1,2023-06-05 10:00:00,状态" + std::to_string(i) + ",1\n";
  text += "2000,M1,2023-06-05 10:00:00,待支付,1\n";   // line 302: status id 300
  text += "2000,M1,2023-06-05 10:00:00,待支付,1\n";   // folded
  text += "2001,M2,2023-06-05 10:00:00,已完成,1\n";   // line 304: status id 301, counted
  tl::Workspace ws;
  load(ws, "statuses.csv", text);
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 301);
  CHECK(r["providers"][0]["metrics"]["active_merchants"] == 2);
  CHECK(nc(r, "unpaid_status") == 2);
  CHECK(samples(r, "unpaid_status") == json::parse(R"([{"file":"statuses.csv","line":302}])"));   // a record's first row
  CHECK(r["data_quality"]["statuses"]["待支付"] == 2);
  CHECK(balanced(r));
}

TEST_CASE("wide records of a variant order, and after removing another file") {
  tl::Workspace ws;
  int a = load(ws, "a.csv", kHead + "5,M1,2023-06-05 10:00:00,已完成,1\n6,M1,2023-06-05 10:00:00,已完成,1\n");
  load(ws, "b.csv",
       kHead +
           "7,M2,2023-06-07 10:00:00,已完成,40000000.00\n"   // line 2, wide
           "7,M2,2023-06-07 10:00:00,待支付,40000000.00\n"   // line 3: a variant of 7 (other status), wide
           "8,M2,2023-07-07 10:00:00,已完成,2\n"             // line 4
           "8,M2,2023-07-07 10:00:00,已完成,3\n");           // line 5, folded
  json before = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(before["providers"][0]["metrics"]["paid_orders"] == 4);
  CHECK(before["providers"][0]["paid_amount"].get<double>() == Approx(40000007.0));
  CHECK(nc(before, "unpaid_status") == 1);
  ws.remove(a);
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  const json& p = r["providers"][0];
  CHECK(p["metrics"]["paid_orders"] == 2);
  CHECK(p["paid_amount"].get<double>() == Approx(40000005.0));
  CHECK(nc(r, "unpaid_status") == 1);
  CHECK(samples(r, "unpaid_status") == json::parse(R"([{"file":"b.csv","line":3}])"));
  CHECK(nc(r, "duplicate_main_order") == 1);
  CHECK(r["data_quality"]["rows_read"] == 4);
  CHECK(balanced(r));
}

TEST_CASE("an evaluation releases the main order index; the next orders file rebuilds it and still dedupes") {
  tl::Workspace ws;
  load(ws, "first.csv", kHead + "11,M1,2023-06-05 10:00:00,已完成,1\n12,M1,2023-06-05 10:00:00,已完成,1\n");
  CHECK(ws.memory().order_index > 0);
  json r1 = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r1["providers"][0]["metrics"]["paid_orders"] == 2);
  CHECK(ws.memory().order_index == 0);   // released: only records remain
  load(ws, "second.csv",
       kHead + "12,M1,2023-06-05 10:00:00,已完成,1\n"     // exported again: a duplicate of first.csv's row
               "11,M1,2023-06-05 10:00:00,待支付,1\n"     // a variant of 11 (other status)
               "13,M2,2023-06-05 10:00:00,已完成,1\n");
  json r2 = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r2["providers"][0]["metrics"]["paid_orders"] == 3);
  CHECK(nc(r2, "duplicate_main_order") == 1);
  CHECK(nc(r2, "unpaid_status") == 1);
  CHECK(balanced(r2));
}

TEST_CASE("a file that would need more memory than the limit fails early and clearly; other files stay") {
  tl::Workspace ws;
  int keep = load(ws, "small.csv", kHead + "1,M1,2023-06-05 10:00:00,已完成,1\n");
  std::string chunk = kHead;
  for (int i = 0; chunk.size() < (5u << 20); ++i)
    chunk += std::to_string(100000 + i) + ",M" + std::to_string(i % 50) + ",2023-06-05 10:00:00,已完成,12.50\n";
  tl::FileOptions o;
  o.size_hint = 1ull << 40;        // claims 1 TB: about 19 billion rows of this shape
  o.memory_limit = 3400ull << 20;
  int big = ws.open("huge.csv", o);
  const auto* p = reinterpret_cast<const uint8_t*>(chunk.data());
  for (size_t i = 0; i < chunk.size() && ws.info(big).state == tl::FileState::Reading; i += 65536)
    ws.feed(big, p + i, std::min<size_t>(65536, chunk.size() - i));
  ws.close(big);
  const tl::FileInfo& fi = ws.info(big);
  CHECK(fi.state == tl::FileState::Failed);
  REQUIRE(fi.error);
  CHECK(fi.error->code == tl::Msg::FileTooBigForPage);
  CHECK(text_of(fi.error).find("huge.csv") != std::string::npos);
  CHECK(tl::render_fix(*fi.error, tl::Lang::En, tl::Host::Page).find("command-line") != std::string::npos);
  CHECK(fi.projected_memory > o.memory_limit);
  CHECK(fi.bytes < (5u << 20));    // it stopped early, not at the end
  json r = eval(ws, small_rules(), "2023-06..2023-08");
  CHECK(r["providers"][0]["metrics"]["paid_orders"] == 1);   // only small.csv counts
  CHECK(ws.info(keep).state == tl::FileState::Done);

  // within the limit: the same data reads to the end, with a projection close to what it holds
  tl::Workspace ws2;
  tl::FileOptions o2;
  o2.size_hint = chunk.size();
  o2.memory_limit = 3400ull << 20;
  int ok = ws2.open("fits.csv", o2);
  for (size_t i = 0; i < chunk.size(); i += 1u << 20) ws2.feed(ok, p + i, std::min<size_t>(1u << 20, chunk.size() - i));
  ws2.close(ok);
  CHECK(ws2.info(ok).state == tl::FileState::Done);
  CHECK(ws2.info(ok).projected_memory > 0);
  CHECK(ws2.info(ok).projected_memory >= ws2.memory().orders);
}

TEST_CASE("UTF-8 past the header: only the columns read are checked, with the same report for every chunking") {
  // 100 KB of valid rows (past the decoder's 64 KB sniffing window), then invalid bytes in a column
  // that is read (the shop name) and in one that is not (the product name)
  std::string text = "主订单编号,店铺ID,店铺名称,商品名称,支付完成时间,订单状态\n";
  int id = 1;
  for (; text.size() < 100000; ++id)
    text += std::to_string(id) + ",M" + std::to_string(id % 7) + ",店铺" + std::to_string(id % 7) + ",\"长长的商品名称，含逗号\",2023-06-05 10:00:00,已完成\n";
  text += std::to_string(id++) + ",M100,坏\xFF名,好商品,2023-06-05 10:00:00,已完成\n";          // read: replaced, counted
  text += std::to_string(id++) + ",M101,好名,坏\xE4\xB8商品\xC3,2023-06-05 10:00:00,已完成\n";   // not read: untouched
  text += std::to_string(id++) + ",M102,半个\xE4\xB8,x,2023-06-05 10:00:00,已完成\n";            // truncated character, read
  std::string first;
  for (size_t chunk : {size_t(0), size_t(4096), size_t(65537), size_t(7)}) {
    CAPTURE(chunk);
    tl::Workspace ws;
    int f = load(ws, "utf8.csv", text, tl::FileKind::Unknown, chunk);
    CHECK(ws.info(f).encoding == tl::csv::Encoding::Utf8);
    CHECK(ws.info(f).invalid_chars == 2);
    tl::EvalOptions o;
    o.window = tl::parse_window("2023-06..2023-08");
    std::string report = tl::report::json(ws.evaluate(small_rules(), o));
    if (first.empty()) first = report;
    CHECK(report == first);
    json r = json::parse(report);
    CHECK(r["providers"][0]["metrics"]["paid_orders"] == id - 1);
    bool saw_bad = false, saw_half = false;
    for (const json& m : r["providers"][0]["merchants"]) {
      if (m["id"] == "M100") saw_bad = m["name"] == "坏\xEF\xBF\xBD名";
      if (m["id"] == "M102") saw_half = m["name"] == "半个\xEF\xBF\xBD";
    }
    CHECK(saw_bad);
    CHECK(saw_half);
  }
}

#if !defined(__EMSCRIPTEN__)
#include <thread>
#endif

namespace {

// Loads `text` by cut() and take(): the cut of chunk k+1 runs on a second thread (natively) while
// chunk k is taken here, as in the CLI. read_cells follows the pattern (the CLI switches it by load).
int load_two_stage(tl::Workspace& ws, const std::string& name, const std::string& text, size_t chunk, const std::vector<bool>& pattern) {
  const int id = ws.open(name);
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  std::vector<std::pair<size_t, size_t>> pieces;
  for (size_t i = 0; i < text.size(); i += chunk) pieces.emplace_back(i, std::min(chunk, text.size() - i));
  tl::Cut cuts[2];
  tl::Cutter cutter(name, {});
  bool handed = false;
  auto cut = [&](size_t k) { cutter.cut(p + pieces[k].first, pieces[k].second, cuts[k % 2], pattern[k % pattern.size()]); };
  auto take = [&](tl::Cut& c) {
    tl::take(ws, id, c);
    if (!handed && tl::taken_columns(ws, id)) {   // from the taking thread, while the next cut runs
      cutter.use_columns(ws.info(id).kind, *tl::taken_columns(ws, id));
      handed = true;
    }
  };
  if (!pieces.empty()) cut(0);
  for (size_t k = 0; k < pieces.size(); ++k) {
#if !defined(__EMSCRIPTEN__)
    if (chunk >= 1000) {  // (a thread per 7-byte chunk would take long)
      std::thread next;
      if (k + 1 < pieces.size()) next = std::thread(cut, k + 1);
      take(cuts[k % 2]);
      if (next.joinable()) next.join();
      continue;
    }
#endif
    take(cuts[k % 2]);
    if (k + 1 < pieces.size()) cut(k + 1);
  }
  tl::Cut last;
  cutter.finish(last);
  take(last);
  ws.close(id);
  return id;
}

// Loads `text` cut by another Workspace, as the page does with a Web Worker: each Cut travels as bytes,
// the columns reach the cutting side two chunks after the header was taken (a message later), and
// finish() brings the file's end.
int load_remote(tl::Workspace& ws, const std::string& name, const std::string& text, size_t chunk, const std::vector<bool>& pattern) {
  tl::Cutter cutter(name, {});
  const int id = ws.open(name);
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  tl::Cut out, in;
  int columns_in = -1;   // chunks until the cutting side gets the columns
  auto carry = [&]() {
    const std::string_view bytes = out.serialize();
    std::memcpy(in.buffer(bytes.size()), bytes.data(), bytes.size());
    REQUIRE(in.load());
    tl::take(ws, id, in);
    if (columns_in < 0 && tl::taken_columns(ws, id)) columns_in = 2;
    if (columns_in > 0 && --columns_in == 0) cutter.use_columns(ws.info(id).kind, *tl::taken_columns(ws, id));
  };
  size_t k = 0;
  for (size_t i = 0; i < text.size(); i += chunk, ++k) {
    cutter.cut(p + i, std::min(chunk, text.size() - i), out, pattern[k % pattern.size()]);
    carry();
  }
  cutter.finish(out);
  carry();
  ws.close(id);
  return id;
}

std::string describe(const tl::FileInfo& i) {
  std::string s = std::string(tl::file_state_name(i.state)) + " kind " + std::to_string(int(i.kind)) + " rows " + std::to_string(i.rows) +
                  " bytes " + std::to_string(i.bytes) + " enc " + std::to_string(int(i.encoding)) + " sep " + std::to_string(int(i.separator)) +
                  " blank " + std::to_string(i.blank_lines) + " invalid " + std::to_string(i.invalid_chars) + " error " + text_of(i.error);
  for (auto& r : i.rejected) {
    s += " | " + std::string(tl::reason_code(r.reason)) + " " + std::to_string(r.count) + " @";
    for (auto l : r.sample_lines) s += " " + std::to_string(l);
  }
  for (auto& [st, n] : i.statuses) s += " | " + st + " " + std::to_string(n);
  for (auto& w : i.warnings) s += " | " + tl::render(w, tl::Lang::En);
  return s;
}

}  // namespace

TEST_CASE("two-stage feeding (cut on a second thread, take here) gives exactly what feed gives") {
  tl::sample::Options o;
  o.order_rows = 3000;
  o.merchants = 120;
  std::string orders, bindings, standards, gbk;
  tl::sample::write_orders(o, [&](std::string_view s) { orders.append(s); });
  tl::sample::write_bindings(o, [&](std::string_view s) { bindings.append(s); });
  tl::sample::write_standards(o, [&](std::string_view s) { standards.append(s); });
  o.gbk = true;
  o.order_rows = 800;
  tl::sample::write_orders(o, [&](std::string_view s) { gbk.append(s); });
  // rows every stage must treat alike: quoted with "" (assembled by the scanner), rejected ids,
  // a text main id, a bad pay time, CRLF, a blank line
  const std::string header = orders.substr(0, orders.find('\n') + 1);
  std::string odd = orders;
  odd += "\r\n";
  std::string line = orders.substr(header.size(), orders.find('\n', header.size()) + 1 - header.size());
  for (int k = 0; k < 40; ++k) {
    std::string l = line;
    if (k % 4 == 0) l.replace(0, l.find(','), "\"AB\"\"" + std::to_string(k) + "\"");   // quoted text id with ""
    if (k % 4 == 1) l.replace(0, l.find(','), "6.92E+18");                              // scientific: rejected
    if (k % 4 == 2) l.replace(0, l.find(','), "");                                      // missing id
    if (k % 4 == 3) l.insert(l.size() - 1, "\r");                                       // CRLF
    odd += l;
  }
  // statuses and merchant ids with invalid UTF-8 (repaired and counted each time they are kept),
  // empty and scientific merchant ids, among ordinary ones
  // (past the decoder's 64 KB sniffing window, so the file is taken as UTF-8 and fields are checked)
  std::string odd2 = kHead;
  for (int k = 0; k < 4600; ++k) {
    const bool late = k >= 4000;
    const std::string merchant = late && k % 37 == 0 ? "M\xFE" + std::to_string(k % 3) : k % 41 == 0 ? "" : k % 43 == 0 ? "1.2E+10" : "M" + std::to_string(k % 50);
    const std::string status = late && k % 29 == 0 ? "坏\xFF" : k % 3 == 0 ? "已发货" : "已完成";
    odd2 += std::to_string(7000000 + k / 2) + "," + merchant + ",2023-06-0" + std::to_string(1 + k % 9) + " 10:00:00," + status + "," +
            std::to_string(k % 100) + ".5\n";
  }
  const std::string rules = tl::rules_to_json(small_rules());
  // the end of a file: a last row without a line end; a quote opened and never closed; nothing at all
  const std::string tail = odd2.substr(0, odd2.size() - 1);
  const std::string open_quote = odd2 + "9000001,M1,2023-06-01 10:00:00,\"已完成,1.5\n9000002,M2\n";
  for (size_t chunk : {size_t(7), size_t(1000), size_t(65536 + 3), size_t(1) << 24}) {
    for (const std::vector<bool>& pattern : {std::vector<bool>{true}, std::vector<bool>{false}, std::vector<bool>{true, false, false}}) {
      CAPTURE(chunk, pattern.size(), pattern[0]);
      tl::Workspace a, b;
      std::vector<int> fa = {load(a, "orders.csv", odd, tl::FileKind::Unknown, chunk), load(a, "gbk.csv", gbk, tl::FileKind::Unknown, chunk),
                             load(a, "bindings.csv", bindings, tl::FileKind::Unknown, chunk),
                             load(a, "standards.csv", standards, tl::FileKind::Unknown, chunk),
                             load(a, "rules.json", rules, tl::FileKind::Unknown, chunk), load(a, "odd2.csv", odd2, tl::FileKind::Unknown, chunk)};
      std::vector<int> fb = {load_two_stage(b, "orders.csv", odd, chunk, pattern), load_two_stage(b, "gbk.csv", gbk, chunk, pattern),
                             load_two_stage(b, "bindings.csv", bindings, chunk, pattern),
                             load_two_stage(b, "standards.csv", standards, chunk, pattern),
                             load_two_stage(b, "rules.json", rules, chunk, pattern), load_two_stage(b, "odd2.csv", odd2, chunk, pattern)};
      // cut by another Workspace, as bytes (the page's reader worker)
      tl::Workspace c;
      std::vector<int> fc = {load_remote(c, "orders.csv", odd, chunk, pattern), load_remote(c, "gbk.csv", gbk, chunk, pattern),
                             load_remote(c, "bindings.csv", bindings, chunk, pattern),
                             load_remote(c, "standards.csv", standards, chunk, pattern),
                             load_remote(c, "rules.json", rules, chunk, pattern), load_remote(c, "odd2.csv", odd2, chunk, pattern)};
      for (const std::string* extra : {&tail, &open_quote, &kEmpty}) {
        fa.push_back(load(a, "extra.csv", *extra, tl::FileKind::Unknown, chunk));
        fb.push_back(load_two_stage(b, "extra.csv", *extra, chunk, pattern));
        fc.push_back(load_remote(c, "extra.csv", *extra, chunk, pattern));
      }
      for (size_t i = 0; i < fa.size(); ++i) {
        CHECK(describe(b.info(fb[i])) == describe(a.info(fa[i])));
        CHECK(describe(c.info(fc[i])) == describe(a.info(fa[i])));
      }
      CHECK(b.rules_text(fb[4]) == a.rules_text(fa[4]));
      CHECK(c.rules_text(fc[4]) == a.rules_text(fa[4]));
      CHECK(a.info(fa[6]).rows == a.info(fa[5]).rows);                        // the last row, without its line end
      const auto& warned = a.info(fa[7]).warnings;                            // the quote never closed
      CHECK(std::count_if(warned.begin(), warned.end(), [](const tl::Message& w) { return w.code == tl::Msg::FileUnterminatedQuote; }) == 1);
      CHECK(a.info(fa[8]).state == tl::FileState::Failed);                    // empty
      CHECK(a.info(fa[0]).rejected.size() == 2);   // the odd rows were there to be read
      CHECK(a.info(fa[1]).encoding == tl::csv::Encoding::Gb18030);
      CHECK(a.info(fa[5]).encoding == tl::csv::Encoding::Utf8);
      CHECK(a.info(fa[5]).invalid_chars > 20);   // every row with a bad status or merchant id counts
      CHECK(a.info(fa[5]).rejected.size() == 2);  // missing and scientific merchant ids
      tl::EvalOptions opt;
      const std::string expect = tl::report::json(a.evaluate(tl::default_rules(), opt));
      CHECK(tl::report::json(b.evaluate(tl::default_rules(), opt)) == expect);
      CHECK(tl::report::json(c.evaluate(tl::default_rules(), opt)) == expect);
    }
  }
}

TEST_CASE("a Cut's bytes are checked before they are taken") {
  tl::Cutter cutter("orders.csv", {});
  std::string text = kHead;   // past the decoder's 64 KB sniffing window, so this chunk gives text at once
  for (int k = 0; k < 2000; ++k) text += std::to_string(5000 + k) + ",M" + std::to_string(k % 11) + ",2023-06-05 10:00:00,已完成,1.00\n";
  text += "\"quoted \"\"id\"\"\",M2,2023-06-05 10:00:00,已完成,2.00\n";
  tl::Cut out, in;
  cutter.cut(reinterpret_cast<const uint8_t*>(text.data()), text.size(), out);
  const std::string bytes(out.serialize());
  auto loads = [&](const std::string& b) {
    std::memcpy(in.buffer(b.size()), b.data(), b.size());
    return in.load();
  };
  CHECK(loads(bytes));
  CHECK_FALSE(loads(""));
  CHECK_FALSE(loads(bytes.substr(0, bytes.size() - 1)));   // cut short
  CHECK_FALSE(loads(bytes + "x"));                          // something after it
  std::string wrong = bytes;
  wrong[0] ^= 1;                                            // not a Cut of this build
  CHECK_FALSE(loads(wrong));
  for (size_t at = 8 * 8; at < 17 * 8; at += 8) {           // any count in the header (after 8 other numbers) made larger
    std::string more = bytes;
    more[at + 5] = '\x7f';
    CAPTURE(at);
    CHECK_FALSE(loads(more));
  }

  // A compact Cut (the columns handed over): a record whose fields would lie past those sent is refused;
  // dictionary numbers beyond the entries handed over are not used (the row is read from its cells).
  tl::Workspace taker, plain;
  const int tid = taker.open("orders.csv"), pid = plain.open("orders.csv");
  REQUIRE(loads(bytes));
  tl::take(taker, tid, in);
  REQUIRE(loads(bytes));
  tl::take(plain, pid, in);
  REQUIRE(tl::taken_columns(taker, tid));
  cutter.use_columns(taker.info(tid).kind, *tl::taken_columns(taker, tid));
  std::string rows;
  for (int k = 0; k < 50; ++k) rows += std::to_string(100 + k) + ",M" + std::to_string(k % 7) + ",2023-06-05 10:00:00," + (k % 3 ? "已完成" : "已发货") + ",1.50\n";
  cutter.cut(reinterpret_cast<const uint8_t*>(rows.data()), rows.size(), out);
  const std::string compact(out.serialize());
  const size_t head = 22 * 8, rec = 16;   // 22 numbers in the header (store/cutter.cpp CutHead)
  uint64_t n_rec, fields_used, flags;
  std::memcpy(&flags, compact.data() + 1 * 8, 8);
  std::memcpy(&n_rec, compact.data() + 8 * 8, 8);
  std::memcpy(&fields_used, compact.data() + 9 * 8, 8);
  CHECK((flags & 2) != 0);   // compact
  REQUIRE(n_rec >= 40);
  std::string past = compact;
  const uint32_t first = static_cast<uint32_t>(fields_used / 2);   // the last record's fields start at the end
  std::memcpy(&past[head + (n_rec - 1) * rec + 8], &first, 4);
  CHECK_FALSE(loads(past));
  std::string far = compact;   // every cell's status and merchant numbers far beyond the dictionaries
  const size_t cells_at = head + n_rec * rec + fields_used * 4;
  for (size_t k = 0; k < n_rec; ++k) {
    const uint32_t big = 100000 + static_cast<uint32_t>(k);
    std::memcpy(&far[cells_at + k * sizeof(tl::OrderCells) + offsetof(tl::OrderCells, status_local)], &big, 4);
    std::memcpy(&far[cells_at + k * sizeof(tl::OrderCells) + offsetof(tl::OrderCells, merchant_local)], &big, 4);
  }
  REQUIRE(loads(far));
  tl::take(taker, tid, in);
  REQUIRE(loads(compact));
  tl::take(plain, pid, in);
  cutter.finish(out);
  const std::string end(out.serialize());
  REQUIRE(loads(end));
  tl::take(taker, tid, in);
  REQUIRE(loads(end));
  tl::take(plain, pid, in);
  taker.close(tid);
  plain.close(pid);
  CHECK(taker.info(tid).rows == 2051);
  CHECK(describe(taker.info(tid)) == describe(plain.info(pid)));
  CHECK(tl::report::json(taker.evaluate(small_rules(), {})) == tl::report::json(plain.evaluate(small_rules(), {})));
}

// Ids and statuses look alike (numbers, leading zeros, signs, spaces): each string keeps exactly one id.
TEST_CASE("the interner gives one id per string, dense in insertion order, past the table's growth") {
  tl::Interner in;
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i) {
    texts.push_back(std::to_string(39618607 + i * 7919));   // shop ids: numbers
    texts.push_back("S" + std::to_string(i));               // text
    texts.push_back("0" + std::to_string(i));               // leading zero: another id
  }
  for (const char* edge : {"9223372036854775807", "9223372036854775808", "18446744073709551616",
                           "0", "7", "-5", "+5", "5 ", " 5", "1.0", "", "已完成", "1234567890123456789"})   // "07" is in
    texts.emplace_back(edge);
  for (size_t i = 0; i < texts.size(); ++i) {
    CHECK(in.find(texts[i]) == tl::Interner::kNone);
    CHECK(in.intern(texts[i]) == i);   // dense ids in insertion order
  }
  REQUIRE(in.count() == texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    CHECK(in.find(texts[i]) == i);
    CHECK(in.intern(texts[i]) == i);
    CHECK(in.view(static_cast<uint32_t>(i)) == texts[i]);
  }
  CHECK(in.count() == texts.size());
  CHECK(in.find("5") == tl::Interner::kNone);   // "05" and " 5" are there, not 5
  CHECK(in.find("39618608") == tl::Interner::kNone);
}

TEST_CASE("a file that is not text is said for what it is, by its first bytes, on every reading path") {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), xls("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", 10);
  const std::string xlsx = std::string("PK\x03\x04\x14\0\0\0", 8) + "[Content_Types].xml..." + std::string("PK\x03\x04", 4) + "xl/workbook.xml";
  const std::string zip = std::string("PK\x03\x04\x14\0\0\0", 8) + "orders.csv...";
  for (const auto& [bytes, format] : std::vector<std::pair<std::string, std::string>>{
           {png, "png"}, {xls, "xls"}, {xlsx, "xlsx"}, {zip, "zip"}, {"%PDF-1.4\n%...", "pdf"}, {std::string("\x1f\x8b\x08\0", 4), "gzip"}}) {
    tl::Workspace ws;
    const int id = ws.open("upload.csv");                                  // whatever its name says
    ws.feed(id, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ws.close(id);
    const tl::FileInfo& f = ws.info(id);
    CHECK(f.state == tl::FileState::Failed);
    REQUIRE(f.error);
    CHECK(f.error->code == tl::Msg::FileNotText);
    CHECK(f.error->get("format") == format);
    // through a Cutter and a Cut's bytes (a worker, the CLI's second thread): the same
    tl::Workspace two;
    tl::FileOptions forced;
    forced.kind = tl::FileKind::Orders;                                    // given as orders: still not text
    const int id2 = two.open("upload.csv", forced);
    tl::Cutter cutter("upload.csv", forced);
    tl::Cut made, got;
    cutter.cut(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), made);
    const std::string_view wire = made.serialize();
    std::memcpy(got.buffer(wire.size()), wire.data(), wire.size());
    REQUIRE(got.load());
    tl::take(two, id2, got);
    cutter.finish(made);
    tl::take(two, id2, made);
    two.close(id2);
    REQUIRE(two.info(id2).error);
    CHECK(two.info(id2).error->code == tl::Msg::FileNotText);
    CHECK(tl::render(*two.info(id2).error, tl::Lang::En).rfind("“upload.csv” is ", 0) == 0);
  }
  // a text export is still text, and a forced UTF-16 encoding reads any bytes as the text it was said to be
  tl::Workspace ws;
  CHECK(load(ws, "o.csv", "主订单编号,店铺ID,支付完成时间\n1,M1,2023-06-01 10:00:00\n") >= 0);
  CHECK(ws.info(0).state == tl::FileState::Done);
  tl::FileOptions u16;
  u16.encoding = tl::csv::Encoding::Utf16Le;
  const int id = ws.open("u.csv", u16);
  ws.feed(id, reinterpret_cast<const uint8_t*>(png.data()), png.size());
  ws.close(id);
  CHECK((!ws.info(id).error || ws.info(id).error->code != tl::Msg::FileNotText));
}
