// tierlens — the command-line tool: a thin client of the engine (src/core) for big files and automation.
// Options are parsed by CLI11 (Debian's libcli11-dev); every message is a coded one from the engine's
// catalog, in the language of --lang (default: the locale's, zh when it says zh, else en).
//
//   tierlens evaluate [FILE|DIR ...] [--orders F ...] [--bindings F] [--standards F] [--monthly F] [--providers F]
//                     [--rules R.json] [--window 2023-06..2023-08] [--format json|text|html|providers-csv] [--out F]
//                     [--plan] [--compare-rules R2.json] [--projection]
//   tierlens evaluate … --format html [--provider ID] [--out F]   (the report to forward: docs/report-html.md)
//   tierlens plan [FILE|DIR ...] [the inputs, --rules, --window as evaluate] [--provider ID] [--format text|json]
//   tierlens inspect F [--rows N|all] [--encoding E] [--sep C]
//   tierlens sql --dialect duckdb|spark|trino [--rules R.json] [--window 2023-06..2023-08]
//   tierlens rules | demo | sample --out DIR
//
// Exit codes: 0 evaluated (data-quality findings are in the report), 2 usage error, 3 unreadable or
// unusable input (the report, when one is written, says which file and why).
//
// [SECTION] language and usage errors
// [SECTION] inputs
// [SECTION] evaluate
// [SECTION] plan
// [SECTION] inspect
// [SECTION] sql
// [SECTION] demo, rules, sample
// [SECTION] main
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <dirent.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "csv/decoder.hpp"
#include "compare.hpp"
#include "csv/scanner.hpp"
#include "plan.hpp"
#include "projection.hpp"
#include "read.hpp"
#include "report/report.hpp"
#include "sample/generator.hpp"
#include "sql/sql.hpp"
#include "workspace.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#else
#include <sys/auxv.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#ifndef TIERLENS_VERSION
#define TIERLENS_VERSION "dev"
#endif

namespace {

using tl::Msg;
using tl::Message;
using tlcli::InputError;
constexpr int kExitOk = 0, kExitUsage = 2, kExitInput = 3;

// [SECTION] language and usage errors ------------------------------------------------------------

tl::Lang g_lang = tl::Lang::En;

// --lang wins; else the locale (LC_ALL, LC_MESSAGES, LANG, the first one set).
tl::Lang choose_lang(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string v;
    if (a == "--lang" && i + 1 < argc) v = argv[i + 1];
    else if (a.rfind("--lang=", 0) == 0) v = a.substr(7);
    if (!v.empty())
      if (auto l = tl::parse_lang(v)) return *l;
  }
  for (const char* k : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(k); v && *v) return tl::parse_lang(v).value_or(tl::Lang::En);
  return tl::Lang::En;
}

const char* L(const char* zh, const char* en) { return g_lang == tl::Lang::Zh ? zh : en; }

void print_message(const Message& m) {
  std::fprintf(stderr, "tierlens: %s\n", tl::render_full(m, g_lang, tl::Host::Cli).c_str());
}

struct UsageError : tl::MessageError {
  using tl::MessageError::MessageError;
};

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// " Did you mean --format?" for the closest known name, when it is close enough.
std::string suggestion(const std::string& got, const std::vector<std::string>& known) {
  std::string best;
  size_t dist = SIZE_MAX;
  for (const std::string& k : known) {
    const size_t d = edit_distance(got, k);
    if (d < dist) { dist = d; best = k; }
  }
  if (best.empty() || dist > std::max<size_t>(2, got.size() / 3)) return "";
  return std::string(L(" 是不是想用 ", " Did you mean ")) + best + L("？", "?");
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options())
    for (const std::string& n : o->get_lnames()) out.push_back("--" + n);
  return out;
}

// Whatever CLI11 left over: an option it does not know, or a positional argument nobody takes.
void check_extras(const CLI::App& app, const std::string& command) {
  for (const std::string& x : app.remaining()) {
    if (x.size() > 1 && x[0] == '-') {
      const std::string name = x.substr(0, x.find('='));
      throw UsageError(Message(Msg::UsageUnknownOption).set("command", command).set("value", name).set("suggestion", suggestion(name, option_names(app))));
    }
    throw UsageError(Message(Msg::UsageExtraArgument).set("command", command).set("value", x));
  }
}

std::string one_of(const std::string& option, const std::string& value, std::vector<std::string> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
  throw UsageError(Message(Msg::UsageBadValue).set("option", option).set("value", value).list("allowed", allowed));
}

uint64_t whole_number(const std::string& option, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
  if (v.empty() || !end || *end || errno || v[0] == '-')
    throw UsageError(Message(Msg::UsageBadValue).set("option", option).set("value", v).list("allowed", {L("非负整数", "a whole number")}));
  return n;
}

tl::csv::Encoding encoding_arg(const std::string& v) {
  if (v.empty()) return tl::csv::Encoding::Auto;
  auto e = tl::csv::parse_encoding(v);
  if (!e) throw UsageError(Message(Msg::UsageBadValue).set("option", "--encoding").set("value", v).list("allowed", {"utf-8", "gbk", "gb18030", "utf-16le", "utf-16be"}));
  return *e;
}

char separator_arg(const std::string& v) {
  if (v.empty()) return 0;
  if (v == "tab" || v == "\\t" || v == "\t") return '\t';
  if (v == "," || v == ";" || v == "|") return v[0];
  if (v == "comma") return ',';
  if (v == "semicolon") return ';';
  throw UsageError(Message(Msg::UsageBadValue).set("option", "--sep").set("value", v).list("allowed", {",", ";", "|", "tab"}));
}

tl::FileKind kind_arg(const std::string& v) {
  if (v.empty()) return tl::FileKind::Unknown;
  auto k = tl::parse_kind(v);
  if (!k || *k == tl::FileKind::Unknown)
    throw UsageError(Message(Msg::UsageBadValue).set("option", "--kind").set("value", v).list("allowed", {"orders", "bindings", "monthly", "standards", "rules", "providers"}));
  return *k;
}

// --column 'HEADER=FIELD' (or 'N=FIELD', N counting columns from 1; FIELD "none" takes a meaning away)
std::vector<std::pair<tl::Field, std::string>> column_args(const std::vector<std::string>& specs) {
  std::vector<std::pair<tl::Field, std::string>> out;
  for (const std::string& spec : specs) {
    const size_t eq = spec.rfind('=');
    std::optional<tl::Field> f;
    if (eq != std::string::npos && eq > 0) {
      const std::string name = spec.substr(eq + 1);
      f = name == "none" || name == "ignore" ? std::optional<tl::Field>(tl::Field::None) : tl::parse_field(name);
    }
    if (!f) {
      std::vector<std::string> fields;
      for (size_t i = 1; i < tl::kFieldCount; ++i) fields.emplace_back(tl::field_name(static_cast<tl::Field>(i)));
      fields.emplace_back("none");
      throw UsageError(Message(Msg::UsageBadValue).set("option", "--column").set("value", spec).list("allowed", fields));
    }
    out.push_back({*f, spec.substr(0, eq)});
  }
  return out;
}

void write_output(const std::string& text, const std::string& out) {
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  std::ofstream f(out, std::ios::binary);
  if (f) f << text;
  if (!f) throw InputError(Message(Msg::FileCannotWrite).set("file", out).set("detail", std::strerror(errno)));
}

std::string read_text_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(Message(Msg::FileCannotOpen).set("file", path).set("detail", std::strerror(errno)));
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

tl::RuleSet rules_from(const std::string& text, const std::string& file) {
  try {
    return tl::parse_rules(text);
  } catch (const tl::RuleError& e) {
    throw InputError(Message(Msg::FileRulesInvalid).set("file", file).set("detail", tl::render(e.msg, g_lang)));
  }
}

// [SECTION] inputs -------------------------------------------------------------------------------

struct Input {
  std::string path;
  tl::FileKind kind = tl::FileKind::Unknown;
};

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The regular files under a directory, in name order, depth first; hidden files are skipped.
void walk(const std::string& dir, std::vector<Input>& out) {
  DIR* d = opendir(dir.c_str());
  if (!d) throw InputError(Message(Msg::FileCannotOpen).set("file", dir).set("detail", std::strerror(errno)));
  std::vector<std::string> names;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') names.emplace_back(e->d_name);
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& n : names) {
    const std::string p = dir + (dir.empty() || dir.back() == '/' ? "" : "/") + n;
    if (is_directory(p)) walk(p, out);
    else out.push_back({p, tl::FileKind::Unknown});
  }
}

struct Loaded {
  tl::RuleSet rules = tl::default_rules();
  bool failed = false;   // some input could not be used
};

// What --kind and --column say. Columns named by their header apply to every file with that header;
// --kind and columns named by number apply only to a file that could not be used without them (its
// kind not told by its header, or a required column not found): it is read again with them.
struct Overrides {
  tl::FileKind kind = tl::FileKind::Unknown;
  std::vector<std::pair<tl::Field, std::string>> by_header, all;
};
Overrides overrides_of(const std::string& kind, const std::vector<std::string>& columns) {
  Overrides o;
  o.kind = kind_arg(kind);
  o.all = column_args(columns);
  for (const auto& c : o.all)
    if (c.second.find_first_not_of("0123456789 ") != std::string::npos) o.by_header.push_back(c);
  return o;
}

// Reads every input into the workspace; a rules file among them replaces the rules.
Loaded load_inputs(tl::Workspace& ws, const std::vector<Input>& inputs, const tl::FileOptions& base, const Overrides& ov) {
  Loaded l;
  std::vector<Message> notes;
  for (const Input& in : inputs) {
    tl::FileOptions fo = base;
    fo.kind = in.kind;
    fo.column_names = ov.by_header;
    std::vector<int> ids = tlcli::read_path(ws, in.path, fo, notes);
    std::set<std::string> again;   // files (an archive's too) that could not be used without --kind / --column N
    for (int id : ids) {
      const auto& err = ws.info(id).error;
      if (err && (err->code == Msg::FileUnknownKind || err->code == Msg::FileMissingColumns || err->code == Msg::FileWrongKind)) again.insert(ws.info(id).name);
    }
    if (!again.empty() && (ov.kind != tl::FileKind::Unknown || ov.all.size() > ov.by_header.size())) {
      std::vector<int> kept;
      for (int id : ids) {
        if (again.count(ws.info(id).name)) ws.remove(id);
        else kept.push_back(id);
      }
      ids.swap(kept);
      if (fo.kind == tl::FileKind::Unknown) fo.kind = ov.kind;
      fo.column_names = ov.all;
      std::vector<Message> ignored;
      for (int id : tlcli::read_path(ws, in.path, fo, ignored, again)) ids.push_back(id);
    }
    for (int id : ids) {
      const tl::FileInfo& f = ws.info(id);
      if (f.kind == tl::FileKind::Rules && f.state == tl::FileState::Done) l.rules = rules_from(ws.rules_text(id), in.path);
    }
  }
  for (const Message& m : notes) print_message(m);
  for (int id : ws.files()) {   // a guessed column that decides the numbers is said even though the file was used
    const tl::FileInfo& f = ws.info(id);
    if (f.state != tl::FileState::Failed)
      for (const Message& w : f.warnings)
        if (tl::decides_the_answer(w.code)) print_message(w);
  }
  for (int id : ws.files()) {
    const tl::FileInfo& f = ws.info(id);
    if (f.state != tl::FileState::Failed) continue;
    if (f.error) print_message(*f.error);
    l.failed = true;
  }
  return l;
}

// [SECTION] evaluate -----------------------------------------------------------------------------

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

struct EvaluateArgs {
  std::vector<std::string> files, orders, bindings, standards, monthly, providers, any, columns;
  std::string rules, window, format = "json", out, encoding, kind;
  bool timing = false, history = false;
  bool plan = false;              // evaluate --plan: the report's "plan"
  bool projection = false;        // evaluate --projection: the report's "projection" (when a month is running)
  std::string compare_rules;      // evaluate --compare-rules R2.json: the report's "comparison"
  std::string provider;           // plan / evaluate --format html --provider ID (provider_set: given, maybe as "")
  bool provider_set = false;
};

// The inputs evaluate and plan read alike: files and folders (kinds detected) or by kind, --kind and
// --column, --encoding; the rules (--rules, else a rules file among the inputs, else the built-in ones)
// and --window into opt.
Loaded read_inputs(tl::Workspace& ws, const EvaluateArgs& a, tl::EvalOptions& opt) {
  std::vector<Input> inputs;
  for (const std::string& p : a.files) {
    if (is_directory(p)) walk(p, inputs);
    else inputs.push_back({p, tl::FileKind::Unknown});
  }
  for (const std::string& p : a.any) inputs.push_back({p, tl::FileKind::Unknown});
  for (const std::string& p : a.orders) inputs.push_back({p, tl::FileKind::Orders});
  for (const std::string& p : a.bindings) inputs.push_back({p, tl::FileKind::Bindings});
  for (const std::string& p : a.standards) inputs.push_back({p, tl::FileKind::Standards});
  for (const std::string& p : a.monthly) inputs.push_back({p, tl::FileKind::MonthlyStats});
  for (const std::string& p : a.providers) inputs.push_back({p, tl::FileKind::Providers});
  if (inputs.empty()) throw UsageError(Message(Msg::UsageNoInputs));
  if (!a.window.empty()) {
    opt.window = tl::parse_window(a.window);
    if (!opt.window) throw UsageError(Message(Msg::UsageBadWindow).set("value", a.window));
  }
  tl::FileOptions base;
  base.encoding = encoding_arg(a.encoding);
  const Overrides ov = overrides_of(a.kind, a.columns);
  Loaded l = load_inputs(ws, inputs, base, ov);
  if (!a.rules.empty()) l.rules = rules_from(read_text_file(a.rules), a.rules);
  return l;
}

void print_timing(tl::Workspace& ws, const tl::RuleSet& rules, const tl::EvalOptions& opt, double read_ms, double first_ms,
                  double rss_after_read) {
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  // what a rule change costs once the data is in: another comparison and status list, and back
  tl::RuleSet other = rules;
  other.qualified_strict = !other.qualified_strict;
  other.excluded_statuses.push_back("已关闭");
  const auto t2 = clock::now();
  ws.evaluate(other, opt);
  const auto t3 = clock::now();
  const tl::Result back = ws.evaluate(rules, opt);
  const auto t4 = clock::now();
  const std::string json = tl::report::json(back, {g_lang, true});
  const auto t5 = clock::now();
  double best = 0;   // best of 5: the page's re-evaluation (a Result, no JSON); one run is noisy on a busy machine
  for (int k = 0; k < 5; ++k) {
    const auto a = clock::now();
    ws.evaluate(k % 2 ? rules : other, opt);
    const double d = ms(a, clock::now());
    if (k == 0 || d < best) best = d;
  }
  std::fprintf(stderr, "timing: read %.1f ms, first evaluation %.1f ms, re-evaluation %.1f ms and %.1f ms, "
               "report JSON %.1f ms (%.1f MB), re-evaluation best of 5 %.1f ms\n",
               read_ms, first_ms, ms(t2, t3), ms(t3, t4), ms(t4, t5), json.size() / 1e6, best);
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

// --provider ID: a provider of r, else a usage error listing the ids there are.
void check_provider(const EvaluateArgs& a, const tl::Result& r) {
  if (!a.provider_set || r.provider(a.provider)) return;
  std::vector<std::string> ids;
  for (const tl::ProviderResult& p : r.providers) ids.push_back(p.id);
  std::sort(ids.begin(), ids.end());
  throw UsageError(Message(Msg::UsageBadValue).set("option", "--provider").set("value", a.provider).list("allowed", ids));
}

int cmd_evaluate(const EvaluateArgs& a) {
  one_of("--format", a.format, {"json", "text", "html", "providers-csv"});
  if (a.provider_set) one_of("--format", a.format, {"html"});   // --provider: the HTML report of one provider
  tl::EvalOptions opt;
  opt.history = a.history;
  tl::Workspace ws;
  const auto t0 = std::chrono::steady_clock::now();
  Loaded l = read_inputs(ws, a, opt);
  // the second rule set: refused with the same messages as --rules
  const std::optional<tl::RuleSet> other =
      a.compare_rules.empty() ? std::nullopt : std::optional<tl::RuleSet>(rules_from(read_text_file(a.compare_rules), a.compare_rules));
  const auto t1 = std::chrono::steady_clock::now();
  const double rss_after_read = a.timing ? peak_rss_bytes() : 0;
  tl::Result r = ws.evaluate(l.rules, opt);
  const auto t2 = std::chrono::steady_clock::now();
  check_provider(a, r);
  if (a.plan || a.format == "html") r.plan = tl::plan(ws, r);   // the HTML report always has the plan
  if (a.projection) r.projection = tl::project(ws, r);
  if (other) {
    tl::EvalOptions o = opt;
    o.history = false;
    r.comparison = tl::compare(r, ws.evaluate(*other, o));
  }
  write_output(a.format == "json"   ? tl::report::json(r, {g_lang, true})
               : a.format == "html" ? tl::report::html(r, g_lang, a.provider_set ? &a.provider : nullptr)
               : a.format == "providers-csv" ? tl::report::providers_csv(r, g_lang)   // the providers' ranking (the page's Export CSV)
                                    : tl::report::text(r, g_lang),
               a.out);
  if (a.timing) {
    auto ms = [](auto x, auto y) { return std::chrono::duration<double, std::milli>(y - x).count(); };
    print_timing(ws, l.rules, opt, ms(t0, t1), ms(t1, t2), rss_after_read);
  }
  return l.failed ? kExitInput : kExitOk;
}

// [SECTION] plan ---------------------------------------------------------------------------------

// What each provider's next tier still needs (src/core/plan.hpp, docs/plan.md), read as evaluate reads.
int cmd_plan(const EvaluateArgs& a) {
  one_of("--format", a.format, {"json", "text"});
  tl::EvalOptions opt;
  tl::Workspace ws;
  const Loaded l = read_inputs(ws, a, opt);
  tl::Result r = ws.evaluate(l.rules, opt);
  check_provider(a, r);
  r.plan = tl::plan(ws, r);
  const std::string* only = a.provider_set ? &a.provider : nullptr;
  write_output(a.format == "json" ? tl::report::plan_json(r, only) : tl::report::plan_text(r, g_lang, only), a.out);
  return l.failed ? kExitInput : kExitOk;
}

// [SECTION] inspect ------------------------------------------------------------------------------

void json_string(std::string& out, std::string_view s) {
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The parsed records as JSON arrays of strings, header first: checks the CSV reader alone.
int inspect_rows(const std::string& path, const std::string& rows_arg, tl::csv::Encoding enc, char sep) {
  const uint64_t limit = rows_arg == "all" ? UINT64_MAX : whole_number("--rows", rows_arg);
  FILE* fp = std::fopen(path.c_str(), "rb");
  if (!fp) throw InputError(Message(Msg::FileCannotOpen).set("file", path).set("detail", std::strerror(errno)));
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

struct InspectArgs {
  std::string path, rows, encoding, sep, kind;
  std::vector<std::string> columns;
};

// What inspect says of one file: kind, encoding, each column's meaning and where it came from, findings.
nlohmann::ordered_json inspect_json(const tl::FileInfo& f) {
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
                            {"field", c < f.per_column.size() ? tl::field_name(f.per_column[c]) : "none"},
                            // where the meaning came from: the header's name, the first rows' values, or --column
                            {"source", tl::column_source_name(c < f.column_source.size() ? f.column_source[c] : tl::ColumnSource::None)}});
  j["missing"] = nlohmann::ordered_json::array();
  for (tl::Field m : f.missing) j["missing"].push_back(tl::field_name(m));
  j["rejected"] = nlohmann::ordered_json::object();
  for (auto& rc : f.rejected) j["rejected"][tl::reason_code(rc.reason)] = {{"count", rc.count}, {"lines", rc.sample_lines}};
  j["statuses"] = nlohmann::ordered_json::object();
  for (auto& [s, n] : f.statuses) j["statuses"][s] = n;
  j["error"] = f.error ? nlohmann::ordered_json::parse(tl::report::message_json(*f.error, g_lang)) : nlohmann::ordered_json(nullptr);
  j["warnings"] = nlohmann::ordered_json::array();
  for (const Message& w : f.warnings) j["warnings"].push_back(nlohmann::ordered_json::parse(tl::report::message_json(w, g_lang)));
  return j;
}

int cmd_inspect(const InspectArgs& a) {
  const tl::csv::Encoding enc = encoding_arg(a.encoding);
  const char sep = separator_arg(a.sep);
  tl::FileOptions fo;
  fo.kind = kind_arg(a.kind);
  fo.column_names = column_args(a.columns);
  if (!a.rows.empty()) return inspect_rows(a.path, a.rows, enc, sep);
  tl::Workspace ws;
  fo.encoding = enc;
  fo.separator = sep;
  std::vector<Message> notes;
  const std::vector<int> ids = tlcli::read_path(ws, a.path, fo, notes);   // an archive: each file inside
  for (const Message& m : notes) print_message(m);
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  bool failed = false;
  for (int id : ids) {
    const tl::FileInfo& f = ws.info(id);
    all.push_back(inspect_json(f));
    if (f.state == tl::FileState::Failed && f.error) print_message(*f.error);
    failed = failed || f.state == tl::FileState::Failed;
  }
  const nlohmann::ordered_json& j = all.size() == 1 ? all[0] : all;   // one file: its object; an archive: an array
  const std::string s = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(s.data(), 1, s.size(), stdout);
  return failed || ids.empty() ? kExitInput : kExitOk;
}

// [SECTION] sql ----------------------------------------------------------------------------------

struct SqlArgs {
  std::string dialect, rules, window;
};

// The rule as one SQL query over orders / bindings / standards tables (src/core/sql, docs/sql.md).
int cmd_sql(const SqlArgs& a) {
  const tl::sql::Dialect dialect = *tl::sql::parse_dialect(one_of("--dialect", a.dialect, {"duckdb", "spark", "trino"}));
  std::optional<tl::Window> window;
  if (!a.window.empty()) {
    window = tl::parse_window(a.window);
    if (!window) throw UsageError(Message(Msg::UsageBadWindow).set("value", a.window));
  }
  const tl::RuleSet rules = a.rules.empty() ? tl::default_rules() : rules_from(read_text_file(a.rules), a.rules);
  write_output(tl::sql::query(rules, dialect, window), "");
  return kExitOk;
}

// [SECTION] demo, rules, sample ------------------------------------------------------------------

// mkdir -p: the folder and its parents (what cannot be made shows when a file is written there)
void make_folders(const std::string& dir) {
  for (size_t at = 1; at <= dir.size(); ++at)
    if (at == dir.size() || dir[at] == '/') ::mkdir(dir.substr(0, at).c_str(), 0777);
}

int cmd_demo(const std::string& format, const std::string& out, const std::string& save) {
  one_of("--format", format, {"json", "text"});
  if (!save.empty()) {   // the demo's files, to look at or to give to plan / evaluate --history / --compare-rules
    make_folders(save);
    for (const auto& f : tl::sample::demo_files()) {
      const std::string path = save + "/" + f.name;
      FILE* fp = std::fopen(path.c_str(), "wb");
      if (!fp || std::fwrite(f.bytes.data(), 1, f.bytes.size(), fp) != f.bytes.size() || std::fclose(fp) != 0) {
        if (fp) std::fclose(fp);
        throw InputError(Message(Msg::FileCannotWrite).set("file", path).set("detail", std::strerror(errno)));
      }
      std::fprintf(stderr, "%s %s\n", L("已写入", "wrote"), path.c_str());
    }
  }
  tl::Workspace ws;
  for (const auto& f : tl::sample::demo_files()) {
    const int id = ws.open(f.name);
    ws.feed(id, reinterpret_cast<const uint8_t*>(f.bytes.data()), f.bytes.size());
    ws.close(id);
  }
  const tl::Result r = ws.evaluate(tl::default_rules());
  write_output(format == "json" ? tl::report::json(r, {g_lang, true}) : tl::report::text(r, g_lang), out);
  return kExitOk;
}

struct SampleArgs {
  std::string out, rows, seed, providers, merchants, encoding;
  bool monthly = false;
};

int cmd_sample(const SampleArgs& a) {
  tl::sample::Options o;
  if (!a.rows.empty()) o.order_rows = whole_number("--rows", a.rows);
  if (!a.seed.empty()) o.seed = whole_number("--seed", a.seed);
  if (!a.providers.empty()) o.providers = static_cast<int>(std::min<uint64_t>(whole_number("--providers", a.providers), 1u << 20));
  if (!a.merchants.empty()) o.merchants = static_cast<int>(std::min<uint64_t>(whole_number("--merchants", a.merchants), 1u << 24));
  if (!a.encoding.empty()) {
    const std::string e = one_of("--encoding", a.encoding, {"utf-8", "utf8", "gbk", "gb18030"});
    o.gbk = e == "gbk" || e == "gb18030";
  }
  if (o.providers < 1 || o.merchants < o.providers)
    throw UsageError(Message(Msg::UsageInvalid).set("command", "sample").set("detail", L("至少需要一个服务商，且每个服务商至少一个商家。", "at least one provider and one merchant per provider are needed.")));
  make_folders(a.out);
  auto write = [&](const std::string& name, void (*fn)(const tl::sample::Options&, const tl::sample::Sink&)) {
    const std::string path = a.out + "/" + name;
    FILE* fp = std::fopen(path.c_str(), "wb");
    if (!fp) throw InputError(Message(Msg::FileCannotWrite).set("file", path).set("detail", std::strerror(errno)));
    fn(o, [fp](std::string_view s) { std::fwrite(s.data(), 1, s.size(), fp); });
    std::fclose(fp);
    std::fprintf(stderr, "%s %s\n", L("已写入", "wrote"), path.c_str());
  };
  write("orders.csv", tl::sample::write_orders);
  write("bindings.csv", tl::sample::write_bindings);
  write("standards.csv", tl::sample::write_standards);
  if (a.monthly) write("monthly.csv", tl::sample::write_monthly);
  return kExitOk;
}

}  // namespace

// [SECTION] main ---------------------------------------------------------------------------------

// --kind and --column, as evaluate and inspect take them (one value per --column: files may follow)
static void add_mapping_options(CLI::App* c, std::string& kind, std::vector<std::string>& columns) {
  c->add_option("--kind", kind, L("无法从表头判断类型的文件按此类型读取：orders、bindings、monthly、standards、providers",
                                  "read a file whose kind cannot be told from its header as: orders, bindings, monthly, standards, providers"));
  c->add_option("--column", columns, L("指定列的含义：'表头=字段' 或 '列号=字段'（从 1 数），可重复",
                                       "set a column's meaning: 'HEADER=FIELD' or 'N=FIELD' (N from 1); repeatable"))
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// The inputs of evaluate and plan (read_inputs)
static void add_input_options(CLI::App* c, EvaluateArgs& a) {
  c->add_option("files", a.files, L("文件或文件夹（类型自动识别）", "files or folders (kinds detected)"));
  c->add_option("--file", a.any, L("文件（类型自动识别），可重复", "a file (kind detected); repeatable"));
  c->add_option("--orders", a.orders, L("订单导出，可重复", "an orders export; repeatable"));
  c->add_option("--bindings", a.bindings, L("绑定商家文件", "a bindings file"));
  c->add_option("--standards", a.standards, L("行业标准文件", "an industry standards file"));
  c->add_option("--monthly", a.monthly, L("商家月度统计", "monthly merchant stats"));
  c->add_option("--providers", a.providers, L("服务商名单（服务商ID、认证时间）：检查参评资格", "a providers file (provider id, certification date): checks eligibility"));
  c->add_option("--rules", a.rules, L("规则 JSON（tierlens rules 输出内置规则）", "rule set JSON (tierlens rules prints the built-in one)"));
  c->add_option("--window", a.window, L("评估周期，如 2023-06..2023-08", "evaluation window, e.g. 2023-06..2023-08"));
  c->add_option("--encoding", a.encoding, L("强制编码：utf-8、gbk、utf-16le、utf-16be", "force the encoding: utf-8, gbk, utf-16le, utf-16be"));
  add_mapping_options(c, a.kind, a.columns);
}

// The C heap in transparent huge pages (Linux with glibc). Under the benchmark VM a first write to a
// fresh 4 KiB page traps for 4-12 µs, and an evaluation allocates tens of MB it has never touched
// (cells, merchant rows, the report): on a 1M-row file a third of the first evaluation went to those
// faults. glibc backs its heap with huge pages when told so at start-up (GLIBC_TUNABLES), so the tool
// starts itself again once with that set. A GLIBC_TUNABLES already set (to anything) is left alone -
// set it, e.g. to glibc.malloc.hugetlb=0, to keep the usual heap - and so is a process with a preloaded
// library (valgrind, heaptrack and the like watch this process: starting again would leave them).
static void heap_in_huge_pages(char** argv) {
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
  g_lang = choose_lang(argc, argv);

  CLI::App app{L("tierlens — 抖音电商产业带服务商分层评估", "tierlens — Douyin industrial-belt service provider tier evaluation"), "tierlens"};
  app.set_version_flag("--version", std::string("tierlens ") + TIERLENS_VERSION);
  app.footer(L("退出码：0 已评估，2 用法错误，3 输入无法读取或使用", "exit codes: 0 evaluated, 2 usage error, 3 unreadable or unusable input"));
  app.allow_extras();
  std::string lang_arg;
  app.add_option("--lang", lang_arg, L("消息语言：zh 或 en（默认取自系统区域设置）", "language of messages: zh or en (default: from the locale)"));

  EvaluateArgs ev;
  CLI::App* evaluate = app.add_subcommand("evaluate", L("评估文件，输出报告", "evaluate files and write the report"));
  evaluate->allow_extras();
  add_input_options(evaluate, ev);
  evaluate->add_option("--format", ev.format, L("json | text | html（可转发的汇报：单个 HTML 文件，可打印为 PDF）| providers-csv（服务商排名 CSV）",
                                                 "json | text | html (the report to forward: one HTML file, prints to PDF) | providers-csv (the providers' ranking)"));
  CLI::Option* ev_provider_opt = evaluate->add_option("--provider", ev.provider, L("只汇报这个服务商（ID；用于 --format html）",
                                                                                   "only this provider's report (its id; with --format html)"));
  evaluate->add_option("--out", ev.out, L("输出文件（默认标准输出）", "output file (default: stdout)"));
  evaluate->add_flag("--plan", ev.plan, L("同时输出差距计划（报告的 plan，见 tierlens plan）", "also the gap plan (the report's plan; see tierlens plan)"));
  evaluate->add_option("--compare-rules", ev.compare_rules, L("用第二套规则评估同一数据并对比等级（报告的 comparison）",
                                                              "evaluate the same data under a second rule set and compare tiers (the report's comparison)"));
  evaluate->add_flag("--projection", ev.projection, L("月份未结束时，按当前日均推算进行中的评级（报告的 projection；是预测，不是事实）",
                                                     "while a month is running, project the grade in progress at the current daily rate (the report's projection: a projection, not a fact)"));
  evaluate->add_flag("--history", ev.history, L("同时输出数据覆盖的每一次历史评级（报告的 history）", "also every past grade the data covers (the report's history)"));
  evaluate->add_flag("--timing", ev.timing, L("在标准错误输出读取和评估耗时", "print read and evaluation times on stderr"));

  EvaluateArgs pa;
  pa.format = "text";
  CLI::App* plan = app.add_subcommand("plan", L("差距计划：每个服务商距下一等级还差什么、从哪些商家补",
                                                "the gap plan: what each provider's next tier still needs, and from which merchants"));
  plan->allow_extras();
  add_input_options(plan, pa);
  CLI::Option* provider_opt = plan->add_option("--provider", pa.provider, L("只输出这个服务商（ID）", "only this provider (its id)"));
  plan->add_option("--format", pa.format, "text | json");
  plan->add_option("--out", pa.out, L("输出文件（默认标准输出）", "output file (default: stdout)"));

  InspectArgs ia;
  CLI::App* inspect = app.add_subcommand("inspect", L("显示文件如何被读取：类型、编码、各列含义", "show how a file is read: kind, encoding, columns"));
  inspect->allow_extras();
  inspect->add_option("file", ia.path, L("文件", "the file"))->required();
  inspect->add_option("--rows", ia.rows, L("输出解析出的前 N 行（或 all）", "print the first N parsed records (or all)"));
  inspect->add_option("--encoding", ia.encoding, "utf-8 | gbk | utf-16le | utf-16be");
  inspect->add_option("--sep", ia.sep, ", | ; | tab");
  add_mapping_options(inspect, ia.kind, ia.columns);

  SqlArgs qa;
  CLI::App* sql = app.add_subcommand("sql", L("输出按规则计算各服务商指标和等级的 SQL 查询（数据仓库用）",
                                              "print one SQL query computing the metrics and tier of each provider (for a warehouse)"));
  sql->allow_extras();
  sql->add_option("--dialect", qa.dialect, "duckdb | spark | trino")->required();
  sql->add_option("--rules", qa.rules, L("规则 JSON（默认内置规则）", "rule set JSON (default: the built-in one)"));
  sql->add_option("--window", qa.window, L("评估周期，如 2023-06..2023-08（默认按规则取数据最近的月份）",
                                           "evaluation window, e.g. 2023-06..2023-08 (default: the rule's, from the data)"));

  CLI::App* rules_cmd = app.add_subcommand("rules", L("输出内置规则 JSON", "print the built-in rule set"));
  rules_cmd->allow_extras();

  std::string demo_format = "text", demo_out, demo_save;
  CLI::App* demo = app.add_subcommand("demo", L("评估内置示例数据", "evaluate the built-in demo data"));
  demo->allow_extras();
  demo->add_option("--format", demo_format, "json | text");
  demo->add_option("--out", demo_out, L("输出文件", "output file"));
  demo->add_option("--save", demo_save, L("把示例数据的文件写入此文件夹", "also write the demo's files into this folder"));

  SampleArgs sa;
  CLI::App* sample = app.add_subcommand("sample", L("生成逼真的示例导出文件", "write realistic generated exports"));
  sample->allow_extras();
  sample->add_option("--out", sa.out, L("输出文件夹", "output folder"))->required();
  sample->add_option("--rows", sa.rows, L("订单行数", "order rows"));
  sample->add_option("--seed", sa.seed, L("随机种子", "random seed"));
  sample->add_option("--providers", sa.providers, L("服务商数", "providers"));
  sample->add_option("--merchants", sa.merchants, L("商家数", "merchants"));
  sample->add_option("--encoding", sa.encoding, "utf-8 | gbk");
  sample->add_flag("--monthly", sa.monthly, L("同时写出商家月度统计", "also write monthly merchant stats"));

  const std::vector<CLI::App*> commands = {evaluate, plan, inspect, sql, rules_cmd, demo, sample};
  for (CLI::App* c : commands)   // --lang before or after the command
    c->add_option("--lang", lang_arg, L("消息语言：zh 或 en", "language of messages: zh or en"));
  CLI::App* current = &app;
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::Success&) {
      throw;
    } catch (const CLI::ParseError& e) {
      // CLI11's own texts are English; what they say is turned into our messages
      for (CLI::App* c : commands)
        if (c->parsed()) current = c;
      const std::string what = e.what(), command = current == &app ? "tierlens" : current->get_name();
      if (dynamic_cast<const CLI::ArgumentMismatch*>(&e))   // "--rules: 1 required TEXT missing"
        throw UsageError(Message(Msg::UsageMissingValue).set("option", what.substr(0, what.find(':'))).set("command", command));
      if (dynamic_cast<const CLI::RequiredError*>(&e))      // "file is required"
        throw UsageError(Message(Msg::UsageMissingArgument).set("command", command).set("option", what.substr(0, what.find(' '))));
      throw UsageError(Message(Msg::UsageInvalid).set("command", command).set("detail", what));
    }
    if (!lang_arg.empty()) one_of("--lang", lang_arg, {"zh", "en"});
    for (CLI::App* c : commands)
      if (c->parsed()) current = c;
    if (current == &app) {
      const std::vector<std::string> rest = app.remaining();
      if (rest.empty()) {
        std::fputs(app.help().c_str(), stderr);
        return kExitUsage;
      }
      if (rest[0].size() > 1 && rest[0][0] == '-') check_extras(app, "tierlens");
      std::vector<std::string> names;
      for (CLI::App* c : commands) names.push_back(c->get_name());
      throw UsageError(Message(Msg::UsageUnknownCommand).set("value", rest[0]).set("suggestion", suggestion(rest[0], names)));
    }
    check_extras(*current, current->get_name());
    if (current == evaluate) {
      ev.provider_set = ev_provider_opt->count() > 0;
      return cmd_evaluate(ev);
    }
    if (current == plan) {
      pa.provider_set = provider_opt->count() > 0;
      return cmd_plan(pa);
    }
    if (current == inspect) return cmd_inspect(ia);
    if (current == sql) return cmd_sql(qa);
    if (current == demo) return cmd_demo(demo_format, demo_out, demo_save);
    if (current == sample) return cmd_sample(sa);
    const std::string s = tl::rules_to_json(tl::default_rules());
    std::fwrite(s.data(), 1, s.size(), stdout);
    return kExitOk;
  } catch (const CLI::Success& e) {
    return app.exit(e);   // --help, --version
  } catch (const UsageError& e) {
    print_message(e.msg);
    return kExitUsage;
  } catch (const tl::MessageError& e) {   // InputError and the like: a file, a path, the rules
    print_message(e.msg);
    return kExitInput;
  } catch (const std::bad_alloc&) {
    print_message(Message(Msg::FileOutOfMemory).set("file", "-"));
    return kExitInput;
  } catch (const std::exception&) {   // anything else a dependency threw: said as ours, never its what()
    print_message(Message(Msg::FileInternal).set("file", "-"));
    return kExitInput;
  }
}
