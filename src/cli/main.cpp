// tierlens — the command-line tool: a thin client of the engine (src/core) for big files and automation.
//
//   tierlens evaluate --orders F [--orders F2 …] [--bindings F] [--standards F] [--monthly F] [--file F]
//                     [--rules R.json] [--window 2023-06..2023-08] [--format json|text] [--out F]
//   tierlens inspect F [--rows N|all] [--encoding E] [--sep C]
//   tierlens rules
//   tierlens demo [--format json|text]
//   tierlens sample --out DIR [--rows N] [--encoding gbk] [--seed S] [--providers N] [--merchants N] [--monthly]
//
// Exit codes: 0 evaluated (data-quality findings are in the report), 2 usage error,
// 3 unreadable or unusable input.
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "csv/decoder.hpp"
#include "csv/scanner.hpp"
#include "sample/generator.hpp"
#include "workspace.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#else
#include <sys/auxv.h>
#include <sys/resource.h>
#include <unistd.h>
#endif
#include <sys/stat.h>

namespace {

constexpr int kExitOk = 0, kExitUsage = 2, kExitInput = 3;

struct UsageError : std::runtime_error { using std::runtime_error::runtime_error; };
struct InputError : std::runtime_error { using std::runtime_error::runtime_error; };

const char* kUsage =
    "tierlens — 产业带服务商分层评估 / Douyin industrial-belt service provider tier evaluation\n"
    "\n"
    "usage:\n"
    "  tierlens evaluate --orders F [--orders F2 ...] [--bindings F] [--standards F] [--monthly F]\n"
    "                    [--file F (kind detected)] [--rules R.json] [--window 2023-06..2023-08]\n"
    "                    [--encoding utf-8|gbk|utf-16] [--format json|text] [--out F]\n"
    "  tierlens inspect F [--rows N|all] [--encoding E] [--sep ,|tab|;]\n"
    "  tierlens rules                       print the built-in rule set\n"
    "  tierlens demo [--format json|text]   evaluate the built-in demo data set\n"
    "  tierlens sample --out DIR [--rows N] [--encoding gbk] [--seed S] [--providers N] [--merchants N] [--monthly]\n"
    "\n"
    "exit codes: 0 evaluated, 2 usage error, 3 unreadable or unusable input\n";

std::string basename_of(const std::string& path) {
  size_t s = path.find_last_of("/\\");
  return s == std::string::npos ? path : path.substr(s + 1);
}

bool stderr_is_tty() {
#ifdef __EMSCRIPTEN__
  return false;
#else
  return isatty(2) != 0;
#endif
}

// Streams a file into the workspace in 1 MiB chunks; progress on stderr for big files on a terminal.
// Reads a file into the workspace in 1 MiB chunks. Natively, a second thread reads, decodes and
// splits the next chunks into records (Workspace::cut) while this one ingests (Workspace::take);
// in WebAssembly (no threads in the node build) it is one feed() per chunk. Same result either way.
void read_into(tl::Workspace& ws, int id, const std::string& path) {
  FILE* fp = std::fopen(path.c_str(), "rb");
  if (!fp) throw InputError("cannot open “" + path + "”: " + std::strerror(errno) + ". Check the path and permissions.");
  constexpr size_t kChunk = 1 << 20;
  const bool progress = stderr_is_tty();
  auto t0 = std::chrono::steady_clock::now();
  uint64_t total = 0, next_report = 64u << 20;
  auto report = [&](size_t n) {
    total += n;
    if (progress && total >= next_report) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "\r%s: %.0f MB, %llu rows, %.0f MB/s   ", basename_of(path).c_str(), total / 1e6,
                   static_cast<unsigned long long>(ws.info(id).rows), s > 0 ? total / 1e6 / s : 0.0);
      next_report += 64u << 20;
    }
  };
  bool err = false;
#if defined(__EMSCRIPTEN__)
  std::vector<uint8_t> buf(kChunk);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), fp)) > 0) {
    ws.feed(id, buf.data(), n);
    report(n);
  }
  err = std::ferror(fp);
#else
  // A ring of chunks: the reader fills and cuts slot k while this thread takes slot k-1 ... k-3.
  constexpr size_t kSlots = 4;
  struct Slot {
    std::vector<uint8_t> buf;
    size_t n = 0;
    tl::Workspace::Cut cut;
  };
  std::vector<Slot> slots(kSlots);
  std::mutex m;
  std::condition_variable cv;
  size_t cut_count = 0, taken = 0;  // chunks cut by the reader, chunks taken here
  bool eof = false, stop = false;
  // Whichever thread last waited for the other has time to spare: the reader also parses the rows'
  // cells (Workspace::cut's read_cells) while it had to wait for a free slot, not while this one
  // waited for chunks. The result is the same either way.
  bool reader_ahead = true;
  uint64_t bytes_cut = 0;           // the reader's
  std::exception_ptr reader_failure;
  std::thread reader([&] {
    for (;;) {
      bool cells;
      {
        std::unique_lock<std::mutex> lock(m);
        if (!stop && cut_count - taken == kSlots) reader_ahead = true;
        cv.wait(lock, [&] { return stop || cut_count - taken < kSlots; });
        if (stop) return;
        cells = reader_ahead;
      }
      Slot& s = slots[cut_count % kSlots];
      s.buf.resize(kChunk);
      s.n = std::fread(s.buf.data(), 1, kChunk, fp);
      std::exception_ptr failure;
      try {
        if (s.n > 0) ws.cut(id, s.buf.data(), s.n, s.cut, cells);
        bytes_cut += s.n;
        ws.prepare_memory(id, bytes_cut);
      } catch (...) {  // e.g. out of memory: handed to this function's thread, which reports it
        failure = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(m);
      if (failure) {
        reader_failure = failure;
        eof = true;
      } else if (s.n == 0) {
        eof = true;
        err = std::ferror(fp);
      } else {
        ++cut_count;
      }
      cv.notify_all();
      if (eof) return;
    }
  });
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(m);
      if (taken == cut_count && !eof) reader_ahead = false;
      cv.wait(lock, [&] { return taken < cut_count || eof; });
      if (taken == cut_count) break;  // eof and everything taken
    }
    Slot& s = slots[taken % kSlots];
    try {
      ws.take(id, s.cut);
    } catch (...) {  // let the reader finish before the error leaves (a running std::thread may not be destroyed)
      {
        std::lock_guard<std::mutex> lock(m);
        stop = true;
        cv.notify_all();
      }
      reader.join();
      std::fclose(fp);
      throw;
    }
    report(s.n);
    std::lock_guard<std::mutex> lock(m);
    ++taken;
    if (ws.info(id).state != tl::FileState::Reading) stop = true;  // failed: the rest is not needed
    cv.notify_all();
    if (stop) break;
  }
  reader.join();
  if (reader_failure) {
    std::fclose(fp);
    std::rethrow_exception(reader_failure);
  }
#endif
  std::fclose(fp);
  if (progress && total >= (64u << 20)) std::fprintf(stderr, "\n");
  if (err) throw InputError("error while reading “" + path + "”: " + std::strerror(errno));
  ws.close(id);
}

uint64_t file_size(const std::string& path) {
  struct stat st {};   // not ftell: its long is 32 bits in WebAssembly, and files pass 2 GB
  if (::stat(path.c_str(), &st) != 0 || st.st_size < 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

std::string need_value(int& i, int argc, char** argv) {
  if (i + 1 >= argc) throw UsageError(std::string(argv[i]) + " needs a value");
  return argv[++i];
}

void write_output(const std::string& text, const std::string& out) {
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  std::ofstream f(out, std::ios::binary);
  if (!f) throw InputError("cannot write “" + out + "”");
  f << text;
}

tl::csv::Encoding encoding_arg(const std::string& v) {
  auto e = tl::csv::parse_encoding(v);
  if (!e) throw UsageError("unknown encoding “" + v + "”; use utf-8, gbk (gb18030), utf-16le or utf-16be");
  return *e;
}

char separator_arg(const std::string& v) {
  if (v == "tab" || v == "\\t" || v == "\t") return '\t';
  if (v == "," || v == ";" || v == "|") return v[0];
  if (v == "comma") return ',';
  if (v == "semicolon") return ';';
  throw UsageError("unknown separator “" + v + "”; use , ; or tab");
}

// Reports files that could not be used and returns whether any failed.
bool report_file_errors(const tl::Workspace& ws) {
  bool failed = false;
  for (int id : ws.files()) {
    const tl::FileInfo& f = ws.info(id);
    if (f.state == tl::FileState::Failed) {
      std::fprintf(stderr, "tierlens: %s\n", f.error.c_str());
      failed = true;
    }
  }
  return failed;
}

// [SECTION] evaluate ---------------------------------------------------------------------

// Peak memory so far (for --timing): the process's peak RSS natively; in WebAssembly the size of the
// linear memory, which only grows, so it is its peak.
double peak_rss_bytes() {
#if defined(__EMSCRIPTEN__)
  return static_cast<double>(emscripten_get_heap_size());
#else
  struct rusage ru {};
  if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
  return static_cast<double>(ru.ru_maxrss) * 1024.0;   // Linux reports KiB
#endif
}

int cmd_evaluate(int argc, char** argv) {
  struct In { std::string path; tl::FileKind kind; };
  std::vector<In> inputs;
  std::string rules_path, window, format = "json", out;
  tl::csv::Encoding enc = tl::csv::Encoding::Auto;
  bool timing = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--orders") inputs.push_back({need_value(i, argc, argv), tl::FileKind::Orders});
    else if (a == "--bindings") inputs.push_back({need_value(i, argc, argv), tl::FileKind::Bindings});
    else if (a == "--standards") inputs.push_back({need_value(i, argc, argv), tl::FileKind::Standards});
    else if (a == "--monthly") inputs.push_back({need_value(i, argc, argv), tl::FileKind::MonthlyStats});
    else if (a == "--file") inputs.push_back({need_value(i, argc, argv), tl::FileKind::Unknown});
    else if (a == "--rules") rules_path = need_value(i, argc, argv);
    else if (a == "--window") window = need_value(i, argc, argv);
    else if (a == "--format") format = need_value(i, argc, argv);
    else if (a == "--out") out = need_value(i, argc, argv);
    else if (a == "--encoding") enc = encoding_arg(need_value(i, argc, argv));
    else if (a == "--timing") timing = true;
    else throw UsageError("unknown option “" + a + "” for evaluate");
  }
  if (inputs.empty()) throw UsageError("evaluate needs at least one input file (--orders F, --monthly F or --file F)");
  if (format != "json" && format != "text") throw UsageError("--format must be json or text");
  tl::RuleSet rules = tl::default_rules();
  if (!rules_path.empty()) {
    std::ifstream f(rules_path, std::ios::binary);
    if (!f) throw InputError("cannot open rules file “" + rules_path + "”");
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    try {
      rules = tl::parse_rules(text);
    } catch (const tl::RuleError& e) {
      throw InputError("rules file “" + rules_path + "”: " + e.what());
    }
  }
  tl::EvalOptions opt;
  if (!window.empty()) {
    opt.window = tl::parse_window(window);
    if (!opt.window) throw UsageError("--window “" + window + "” is not a month range like 2023-06..2023-08");
  }
  tl::Workspace ws;
  auto t0 = std::chrono::steady_clock::now();
  for (const In& in : inputs) {
    tl::FileOptions fo;
    fo.kind = in.kind;
    fo.encoding = enc;
    fo.size_hint = file_size(in.path);
    int id = ws.open(basename_of(in.path), fo);
    read_into(ws, id, in.path);
    if (ws.info(id).kind == tl::FileKind::Rules) {
      try {
        rules = tl::parse_rules(ws.rules_text(id));
      } catch (const tl::RuleError& e) {
        throw InputError("rules file “" + in.path + "”: " + e.what());
      }
    }
  }
  if (report_file_errors(ws)) return kExitInput;
  auto t1 = std::chrono::steady_clock::now();
  const double rss_after_read = timing ? peak_rss_bytes() : 0;
  tl::Report r = ws.evaluate(rules, opt);
  auto t2 = std::chrono::steady_clock::now();
  if (timing) {
    // what a rule change costs once the data is in: re-evaluate with another comparison and status list
    tl::RuleSet other = rules;
    other.qualified_strict = !other.qualified_strict;
    other.excluded_statuses.push_back("已关闭");
    ws.evaluate(other, opt);
    auto t3 = std::chrono::steady_clock::now();
    ws.evaluate(rules, opt);
    auto t4 = std::chrono::steady_clock::now();
    tl::EvalOptions summary = opt;   // what the page asks for on a change: no per-merchant tables
    summary.include_merchants = false;
    auto t5 = t4;   // best of 5 (the figure the ≤ 50 ms bar is about; one run is noisy on a busy machine)
    for (int k = 0; k < 5; ++k) {
      auto a = std::chrono::steady_clock::now();
      ws.evaluate(k % 2 ? rules : other, summary);
      auto b = std::chrono::steady_clock::now();
      if (k == 0 || b - a < t5 - t4) t5 = t4 + (b - a);
    }
    // what the page does on a change: no merchant JSON, the selected provider's table as structs
    // (here the provider with the most merchants), best of 5
    tl::EvalOptions one = summary;
    one.merchant_tables = true;
    {
      tl::Report all = ws.evaluate(rules, one);
      size_t most = 0, best = 0;
      for (size_t i = 0; i < all.merchant_tables.size(); ++i)
        if (all.merchant_tables[i].rows.size() > most) { most = all.merchant_tables[i].rows.size(); best = i; }
      const nlohmann::json providers = nlohmann::json::parse(all.json)["providers"];
      if (best < providers.size()) one.merchant_tables_of = providers[best]["id"].get<std::string>();
    }
    double t6 = 0;
    for (int k = 0; k < 5; ++k) {
      auto a = std::chrono::steady_clock::now();
      ws.evaluate(k % 2 ? rules : other, one);
      auto b = std::chrono::steady_clock::now();
      const double d = std::chrono::duration<double, std::milli>(b - a).count();
      if (k == 0 || d < t6) t6 = d;
    }
    auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    std::fprintf(stderr, "timing: read %.1f ms, first evaluation %.1f ms, re-evaluation %.1f ms and %.1f ms, "
                 "without merchant tables %.1f ms (best of 5), with one provider's table as structs %.1f ms (best of 5)\n",
                 ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5), t6);
    const tl::Workspace::Memory m = ws.memory();
    std::fprintf(stderr, "memory: store %.1f MB (order records %.1f, main order index %.1f, strings %.1f, other %.1f); peak %s %.1f MB after reading\n",
                 m.total() / 1e6, m.orders / 1e6, m.order_index / 1e6, m.strings / 1e6, m.other / 1e6,
#ifdef __EMSCRIPTEN__
                 "wasm heap",
#else
                 "RSS",
#endif
                 rss_after_read / 1e6);
  }
  write_output(format == "json" ? r.json : r.text, out);
  return kExitOk;
}

// [SECTION] inspect ----------------------------------------------------------------------

void json_string(std::string& out, std::string_view s) {
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int cmd_inspect(int argc, char** argv) {
  std::string path, rows_arg;
  tl::csv::Encoding enc = tl::csv::Encoding::Auto;
  char sep = 0;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows") rows_arg = need_value(i, argc, argv);
    else if (a == "--encoding") enc = encoding_arg(need_value(i, argc, argv));
    else if (a == "--sep") sep = separator_arg(need_value(i, argc, argv));
    else if (!a.empty() && a[0] == '-') throw UsageError("unknown option “" + a + "” for inspect");
    else if (path.empty()) path = a;
    else throw UsageError("inspect takes one file");
  }
  if (path.empty()) throw UsageError("inspect needs a file");
  if (!rows_arg.empty()) {
    // the parsed records as JSON arrays of strings, header first: checks the CSV reader alone
    uint64_t limit = UINT64_MAX;
    if (rows_arg != "all") {
      char* end = nullptr;
      limit = std::strtoull(rows_arg.c_str(), &end, 10);
      if (!end || *end) throw UsageError("--rows takes a number or “all”");
    }
    FILE* fp = std::fopen(path.c_str(), "rb");
    if (!fp) throw InputError("cannot open “" + path + "”: " + std::strerror(errno));
    tl::csv::Decoder dec(enc);
    tl::csv::Scanner scan(sep);
    std::string text, out = "[";
    uint64_t emitted = 0;
    auto sink = [&](const tl::csv::Record& r) {
      if (emitted > limit) return;  // limit counts data rows; the header is extra
      out += emitted ? ",\n" : "\n";
      out += "[";
      for (size_t i = 0; i < r.fields.size(); ++i) {
        if (i) out += ",";
        json_string(out, r.fields[i]);
      }
      out += "]";
      ++emitted;
      if (out.size() > (1 << 20)) { std::fwrite(out.data(), 1, out.size(), stdout); out.clear(); }
    };
    std::vector<uint8_t> buf(1 << 20);
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), fp)) > 0 && emitted <= limit) {
      text.clear();
      dec.feed(buf.data(), n, text);
      scan.feed(text, sink);
    }
    std::fclose(fp);
    text.clear();
    dec.finish(text);
    scan.feed(text, sink);
    scan.finish(sink);
    out += "\n]\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
  }
  tl::Workspace ws;
  tl::FileOptions fo;
  fo.encoding = enc;
  fo.separator = sep;
  int id = ws.open(basename_of(path), fo);
  read_into(ws, id, path);
  const tl::FileInfo& f = ws.info(id);
  nlohmann::ordered_json j;
  j["file"] = f.name;
  j["kind"] = tl::kind_name(f.kind);
  j["state"] = tl::file_state_name(f.state);
  j["encoding"] = tl::csv::encoding_name(f.encoding);
  j["separator"] = f.separator == '\t' ? "tab" : std::string(f.separator ? 1 : 0, f.separator);
  j["rows"] = f.rows;
  j["blank_lines"] = f.blank_lines;
  j["invalid_chars"] = f.invalid_chars;
  j["columns"] = nlohmann::ordered_json::array();
  for (size_t c = 0; c < f.header.size(); ++c)
    j["columns"].push_back({{"index", c}, {"header", f.header[c]},
                            {"field", c < f.per_column.size() ? tl::field_name(f.per_column[c]) : "none"}});
  j["missing"] = nlohmann::ordered_json::array();
  for (tl::Field m : f.missing) j["missing"].push_back(tl::field_name(m));
  j["rejected"] = nlohmann::ordered_json::object();
  for (auto& rc : f.rejected) j["rejected"][rc.reason] = {{"count", rc.count}, {"lines", rc.sample_lines}};
  j["statuses"] = nlohmann::ordered_json::object();
  for (auto& [s, n] : f.statuses) j["statuses"][s] = n;
  j["error"] = f.error;
  j["warnings"] = f.warnings;
  std::string s = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(s.data(), 1, s.size(), stdout);
  return f.state == tl::FileState::Failed ? kExitInput : kExitOk;
}

// [SECTION] demo, rules, sample ----------------------------------------------------------

int cmd_demo(int argc, char** argv) {
  std::string format = "text", out;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--format") format = need_value(i, argc, argv);
    else if (a == "--out") out = need_value(i, argc, argv);
    else throw UsageError("unknown option “" + a + "” for demo");
  }
  if (format != "json" && format != "text") throw UsageError("--format must be json or text");
  tl::Workspace ws;
  for (const auto& f : tl::sample::demo_files()) {
    int id = ws.open(f.name);
    ws.feed(id, reinterpret_cast<const uint8_t*>(f.bytes.data()), f.bytes.size());
    ws.close(id);
  }
  if (report_file_errors(ws)) return kExitInput;
  tl::Report r = ws.evaluate(tl::default_rules());
  write_output(format == "json" ? r.json : r.text, out);
  return kExitOk;
}

int cmd_sample(int argc, char** argv) {
  tl::sample::Options o;
  std::string dir;
  bool monthly = false;
  auto number = [&](int& i) {
    std::string v = need_value(i, argc, argv);
    char* end = nullptr;
    unsigned long long n = std::strtoull(v.c_str(), &end, 10);
    if (!end || *end || v.empty()) throw UsageError(std::string(argv[i - 1]) + " takes a whole number");
    return n;
  };
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--out") dir = need_value(i, argc, argv);
    else if (a == "--rows") o.order_rows = number(i);
    else if (a == "--seed") o.seed = number(i);
    else if (a == "--providers") o.providers = static_cast<int>(number(i));
    else if (a == "--merchants") o.merchants = static_cast<int>(number(i));
    else if (a == "--monthly") monthly = true;
    else if (a == "--encoding") {
      auto e = encoding_arg(need_value(i, argc, argv));
      if (e == tl::csv::Encoding::Gb18030) o.gbk = true;
      else if (e != tl::csv::Encoding::Utf8 && e != tl::csv::Encoding::Utf8Bom) throw UsageError("sample writes utf-8 or gbk");
    } else throw UsageError("unknown option “" + a + "” for sample");
  }
  if (dir.empty()) throw UsageError("sample needs --out DIR");
  if (o.providers < 1 || o.merchants < o.providers) throw UsageError("need at least one provider and one merchant per provider");
  auto write = [&](const std::string& name, void (*fn)(const tl::sample::Options&, const tl::sample::Sink&)) {
    std::string path = dir + "/" + name;
    FILE* fp = std::fopen(path.c_str(), "wb");
    if (!fp) throw InputError("cannot write “" + path + "”: " + std::strerror(errno) + " (does the folder exist?)");
    fn(o, [fp](std::string_view s) { std::fwrite(s.data(), 1, s.size(), fp); });
    std::fclose(fp);
    std::fprintf(stderr, "wrote %s\n", path.c_str());
  };
  write("orders.csv", tl::sample::write_orders);
  write("bindings.csv", tl::sample::write_bindings);
  write("standards.csv", tl::sample::write_standards);
  if (monthly) write("monthly.csv", tl::sample::write_monthly);
  return kExitOk;
}

}  // namespace

// The C heap in transparent huge pages (Linux with glibc). Under the benchmark VM a first write to a
// fresh 4 KiB page traps for 4-12 µs, and an evaluation allocates tens of MB it has never touched
// (cells, merchant rows, the report): on a 1M-row file a third of the first evaluation went to those
// faults. glibc backs its heap with huge pages when told so at start-up (GLIBC_TUNABLES), so the tool
// starts itself again once with that set. A GLIBC_TUNABLES already set (to anything) is left alone -
// set it, e.g. to glibc.malloc.hugetlb=0, to keep the usual heap - and so is a process with a preloaded
// library (valgrind, heaptrack and the like watch this process: starting again would leave them).
void heap_in_huge_pages(char** argv) {
#if defined(__linux__) && defined(__GLIBC__) && !defined(__EMSCRIPTEN__)
  if (std::getenv("GLIBC_TUNABLES")) return;
  if (const char* pre = std::getenv("LD_PRELOAD"); pre && *pre) return;
  // /proc/self/exe must be this program: not when started through the dynamic loader by hand (then
  // it is the loader; AT_BASE is 0) nor for a secure-execution process (the loader drops the tunable)
  if (getauxval(AT_BASE) == 0 || getauxval(AT_SECURE) != 0) return;
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");   // could not start again: go on as we are
#else
  (void)argv;
#endif
}

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "evaluate") == 0) heap_in_huge_pages(argv);
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::string cmd = argv[1];
  try {
    if (cmd == "evaluate") return cmd_evaluate(argc, argv);
    if (cmd == "inspect") return cmd_inspect(argc, argv);
    if (cmd == "demo") return cmd_demo(argc, argv);
    if (cmd == "sample") return cmd_sample(argc, argv);
    if (cmd == "rules") {
      std::string s = tl::rules_to_json(tl::default_rules());
      std::fwrite(s.data(), 1, s.size(), stdout);
      return kExitOk;
    }
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    throw UsageError("unknown command “" + cmd + "”");
  } catch (const UsageError& e) {
    std::fprintf(stderr, "tierlens: %s\n\n%s", e.what(), kUsage);
    return kExitUsage;
  } catch (const InputError& e) {
    std::fprintf(stderr, "tierlens: %s\n", e.what());
    return kExitInput;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "tierlens: out of memory\n");
    return kExitInput;
  }
}
