// tierlens web — the C functions JavaScript calls (web/host.js, window.tierlens), and the EM_JS calls
// the C++ side makes into the page (file picker, downloads, clipboard, re-reading a file).
#include <emscripten.h>

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "archive/archive.hpp"
#include "cutter.hpp"
#include "fonts.hpp"
#include "imgui.h"
#include "sample/generator.hpp"

EM_JS(void, tl_js_open_file_picker, (int what), { window.tierlensHost.openPicker(what); });
EM_JS(void, tl_js_download, (const char* name, const char* mime, const char* data, int n), {
  window.tierlensHost.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + n));
});
EM_JS(void, tl_js_clipboard, (const char* text), { window.tierlensHost.clipboardWrite(UTF8ToString(text)); });
EM_JS(void, tl_js_activate_update, (), { window.tierlensHost.activateUpdate(); });
EM_JS(void, tl_js_share_rules, (const char* json), { window.tierlensHost.shareRules(UTF8ToString(json)); });
EM_JS(int, tl_js_read_at, (int handle, double offset, uint8_t* ptr, uint32_t n), {
  return window.tierlensHost.readAt(handle, offset, ptr, n) ? 1 : 0;
});
EM_JS(int, tl_js_reread, (int id, const char* options), {
  return window.tierlensHost.reread(id, UTF8ToString(options)) ? 1 : 0;
});

namespace tlw {
void js_open_file_picker(Pick what) { tl_js_open_file_picker(static_cast<int>(what)); }
void js_download(const std::string& name, const std::string& mime, const std::string& data) {
  tl_js_download(name.c_str(), mime.c_str(), data.data(), static_cast<int>(data.size()));
}
void js_clipboard(const std::string& text) { tl_js_clipboard(text.c_str()); }
void js_activate_update() { tl_js_activate_update(); }
void js_share_rules(const std::string& json) { tl_js_share_rules(json.c_str()); }
bool js_reread(int id, const std::string& options) { return tl_js_reread(id, options.c_str()) != 0; }
}  // namespace tlw

using tlw::app;

namespace {
std::string g_out;   // storage for strings returned to JS (valid until the next call)

const char* out(std::string s) {
  g_out = std::move(s);
  return g_out.c_str();
}

tl::Cut g_take;               // the page's side: the Cut being taken
tl::Cut g_cut;                // the worker's side: the Cut last made ...
std::string_view g_cut_bytes; // ... as bytes
// the worker's side: a Cutter per file being cut, by the worker's own file number
std::map<int, std::unique_ptr<tl::Cutter>> g_cutters;
int g_next_cutter = 0;
tl::Cutter* cutter(int id) {
  auto it = g_cutters.find(id);
  return it == g_cutters.end() ? nullptr : it->second.get();
}

tl::FileOptions parse_options(const char* json) {
  tl::FileOptions o;
  if (!json || !*json) return o;
  try {
    auto j = nlohmann::json::parse(json);
    if (j.contains("kind") && j["kind"].is_string()) o.kind = tl::parse_kind(j["kind"].get<std::string>()).value_or(tl::FileKind::Unknown);
    if (j.contains("encoding") && j["encoding"].is_string())
      o.encoding = tl::csv::parse_encoding(j["encoding"].get<std::string>()).value_or(tl::csv::Encoding::Auto);
    if (j.contains("separator") && j["separator"].is_string()) {
      std::string s = j["separator"].get<std::string>();
      o.separator = s == "tab" ? '\t' : (s.size() == 1 ? s[0] : 0);
    }
    if (j.contains("columns") && j["columns"].is_array())
      for (auto& c : j["columns"])
        if (c.is_array() && c.size() == 2 && c[0].is_string() && c[1].is_number_integer())
          if (auto f = tl::parse_field(c[0].get<std::string>())) o.columns.push_back({*f, c[1].get<int>()});
  } catch (const std::exception&) {
  }
  return o;
}
}  // namespace

namespace {

void close_file(int id) {
  auto& ws = app().ws;
  if (ws.info(id).state == tl::FileState::Reading) ws.close(id);
  auto& r = app().reading;
  r.batch_done_bytes += static_cast<double>(ws.info(id).bytes);
  r.files_done++;
  r.file = -1;
  app().file_closed(id);
}

// An archive's bytes held by JS (an ArrayBuffer, by handle), read a slice at a time into the heap.
class JsSource final : public tl::archive::Source {
 public:
  JsSource(int handle, uint64_t size) : handle_(handle), size_(size) {}
  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, uint8_t* out, size_t n) override {
    return n == 0 || tl_js_read_at(handle_, static_cast<double>(offset), out, static_cast<uint32_t>(n)) != 0;
  }

 private:
  int handle_;
  uint64_t size_;
};

// The archive being read (the page reads one file at a time) and its current item.
struct ArchiveRead {
  std::unique_ptr<JsSource> src;
  std::unique_ptr<tl::archive::Archive> archive;
  tl::FileOptions base;
  int id = -1;
  size_t item = 0;
  std::unique_ptr<tl::archive::Stream> stream;
  std::vector<uint8_t> buf;
};
ArchiveRead g_archive;

// Per face, the character clipped text ends in and whether the atlas has it (else ImGui draws '?').
nlohmann::json fonts_state() {
  nlohmann::json a = nlohmann::json::array();
  for (int f = 0; f < tlw::fonts::FaceCount; ++f) {
    const ImFont* font = tlw::fonts::get(static_cast<tlw::fonts::Face>(f));
    if (!font) continue;
    a.push_back({{"ellipsis", font->EllipsisChar}, {"ellipsis_count", font->EllipsisCharCount},
                 {"ellipsis_glyph", font->FindGlyphNoFallback(font->EllipsisChar) != nullptr}});
  }
  return a;
}
}  // namespace

extern "C" {

// ---- archives and workbooks (ZIP, .xlsx, gzip; src/core/archive) -------------------------------
// JS holds the file's bytes; the engine pulls slices through tl_js_read_at. Returns the number of items,
// -1 when the bytes are no archive (JS reads the file as usual), -2 when the archive cannot be read (a
// failed file with its message was added).
EMSCRIPTEN_KEEPALIVE int tl_archive_open(const char* name, const char* options_json, double size, int handle) {
  g_archive = ArchiveRead{};
  g_archive.src = std::make_unique<JsSource>(handle, static_cast<uint64_t>(size));
  g_archive.base = parse_options(options_json);
  std::optional<tl::Message> error;
  g_archive.archive = tl::archive::Archive::open(*g_archive.src, name ? name : "", error);
  if (!g_archive.archive) {
    if (!error) return -1;
    const int id = app().ws.open(name ? name : "", g_archive.base);
    app().ws.fail(id, *error);
    close_file(id);
    return -2;
  }
  // progress counts the bytes the items unpack to, where the directory says
  double unpacked = 0;
  for (const auto& it : g_archive.archive->items()) unpacked += static_cast<double>(it.size);
  if (unpacked > size) app().reading.batch_bytes += unpacked - size;
  return static_cast<int>(g_archive.archive->items().size());
}
// The wasm32 heap ends at 4 GB: an orders file that would not fit fails after its first 4 MB with a
// clear message (file.too_big_for_page), instead of the tab running out of memory near the end; room is
// kept for evaluation and the UI. The projection counts what earlier files hold, so it covers a batch.
// tl_set_memory_limit lowers it (tests: the message and the kept work without a 3 GB file).
static uint64_t g_memory_limit = 3400ull << 20;
EMSCRIPTEN_KEEPALIVE void tl_set_memory_limit(double mb) { g_memory_limit = mb > 0 ? static_cast<uint64_t>(mb * 1048576.0) : (3400ull << 20); }

// Starts item i (options: the page's for this item, "" for the archive's): the file's id, or -1 for an
// item that is not read (a sheet left out: said in a toast).
EMSCRIPTEN_KEEPALIVE int tl_archive_begin(int i, const char* options_json) {
  auto* a = g_archive.archive.get();
  if (!a || i < 0 || static_cast<size_t>(i) >= a->items().size()) return -1;
  const tl::archive::Item& it = a->items()[i];
  if (it.note) {
    app().notify(tl::render_full(*it.note, tlw::engine_lang(), tl::Host::Page), 8);
    return -1;
  }
  tl::FileOptions o = options_json && *options_json ? parse_options(options_json) : g_archive.base;
  tlw::fonts::need(it.name);
  o.memory_limit = g_memory_limit;   // as tl_open
  g_archive.id = app().ws.open(it.name, a->options(static_cast<size_t>(i), o));
  auto& r = app().reading;
  r.file = g_archive.id;
  r.name = it.name;
  r.size = static_cast<double>(it.size);
  app().poke();
  g_archive.item = static_cast<size_t>(i);
  if (it.error) {
    app().ws.fail(g_archive.id, *it.error);
    g_archive.stream.reset();
  } else {
    g_archive.stream = a->stream(g_archive.item);
    g_archive.buf.resize(1 << 20);
  }
  return g_archive.id;
}
// Reads the next MiB of the current item: 1 while there is more, 0 when the file is closed (or failed).
EMSCRIPTEN_KEEPALIVE int tl_archive_step() {
  const int id = g_archive.id;
  if (id < 0) return 0;
  auto& ws = app().ws;
  size_t n = 0;
  if (g_archive.stream && ws.info(id).state == tl::FileState::Reading) {
    n = g_archive.stream->read(g_archive.buf.data(), g_archive.buf.size());
    if (n) ws.feed(id, g_archive.buf.data(), n);
  }
  if (n && ws.info(id).state == tl::FileState::Reading) return 1;
  if (g_archive.stream && g_archive.stream->failed())
    ws.fail(id, tl::archive::stream_message(ws.info(id).name, g_archive.stream->problem()));
  g_archive.stream.reset();
  g_archive.id = -1;
  close_file(id);
  return 0;
}
EMSCRIPTEN_KEEPALIVE void tl_archive_end() { g_archive = ArchiveRead{}; }
// An archive too big to hold in the page (or whose bytes the browser would not give): a failed file that says so.
EMSCRIPTEN_KEEPALIVE void tl_archive_refuse(const char* name, double size, double limit) {
  const std::string n = name ? name : "";
  const int id = app().ws.open(n, {});
  app().ws.fail(id, tl::Message(tl::Msg::ArchiveTooBigForPage).set("file", n)
                        .set("size_mb", static_cast<int64_t>(size / 1048576 + 0.5)).set("limit_mb", static_cast<int64_t>(limit / 1048576 + 0.5)));
  close_file(id);
}

// ---- reading files (JS streams File objects chunk by chunk) ------------------------------------
EMSCRIPTEN_KEEPALIVE void tl_batch_begin(int files, double total_bytes) {
  auto& r = app().reading;
  r = tlw::Reading{};
  r.active = true;
  r.files_total = files;
  r.batch_bytes = total_bytes;
  r.started = tlw::now_ms();
  app().poke();
}
EMSCRIPTEN_KEEPALIVE void tl_batch_end() {
  app().reading.active = false;
  app().reading.file = -1;
  app().invalidate();
}
EMSCRIPTEN_KEEPALIVE int tl_batch_cancelled() { return app().reading.cancelled ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE int tl_open(const char* name, const char* options_json, double size) {
  tlw::fonts::need(name);
  tl::FileOptions opts = parse_options(options_json);
  if (size > 0) opts.size_hint = static_cast<uint64_t>(size);   // sizes the main order index once
  opts.memory_limit = g_memory_limit;
  int id = app().ws.open(name, opts);
  auto& r = app().reading;
  r.file = id;
  r.name = name;
  r.size = size;
  app().poke();
  return id;
}
// Returns 1 to continue, 0 when the file is no longer being read (cancelled or failed).
EMSCRIPTEN_KEEPALIVE int tl_feed(int id, const uint8_t* data, uint32_t n) {
  if (app().ws.info(id).state != tl::FileState::Reading) return 0;
  app().ws.feed(id, data, n);
  return app().ws.info(id).state == tl::FileState::Reading ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void tl_close(int id) { close_file(id); }
// Cuts made in the reader worker (tl_cut below), as bytes: JS copies them into tl_take_buffer(n), then
// tl_take(id) ingests them. Returns 1 to continue, 0 when the file is no longer being read, -1 when the
// bytes are not a Cut of this build (the host then stops reading the file and says why).
EMSCRIPTEN_KEEPALIVE uint8_t* tl_take_buffer(uint32_t n) { return g_take.buffer(n); }
EMSCRIPTEN_KEEPALIVE int tl_take(int id) {
  if (app().ws.info(id).state != tl::FileState::Reading) return 0;
  if (!g_take.load()) return -1;
  tl::take(app().ws, id, g_take);
  return app().ws.info(id).state == tl::FileState::Reading ? 1 : 0;
}
// The columns found in an orders file's header, for the worker's cutting side: "[kind, col, col, ...]",
// or "" before the header is taken (or for other kinds: only orders rows have cells to read early).
EMSCRIPTEN_KEEPALIVE const char* tl_columns(int id) {
  const tl::ColumnMap* m = tl::taken_columns(app().ws, id);
  if (!m || app().ws.info(id).kind != tl::FileKind::Orders) return "";
  nlohmann::json a = nlohmann::json::array({static_cast<int>(tl::FileKind::Orders)});
  for (int c : m->col) a.push_back(c);
  return out(a.dump());
}

// ---- the reader worker's side: its own instance of this module, which never runs main() ----------
// Files are opened on a Workspace of its own with the page's options and cut there; tl_cut and
// tl_cut_finish return the size of the Cut's bytes, at tl_cut_bytes() until the next call.
EMSCRIPTEN_KEEPALIVE int tl_cut_open(const char* name, const char* options_json, double size) {
  tl::FileOptions opts = parse_options(options_json);
  if (size > 0) opts.size_hint = static_cast<uint64_t>(size);
  const int id = g_next_cutter++;
  g_cutters[id] = std::make_unique<tl::Cutter>(name ? name : "", opts);
  return id;
}
// A file id the worker does not know cuts nothing (0 bytes): the page then reads the file itself.
EMSCRIPTEN_KEEPALIVE uint32_t tl_cut(int id, const uint8_t* data, uint32_t n, int cells) {
  tl::Cutter* c = cutter(id);
  if (!c) return 0;
  c->cut(data, n, g_cut, cells != 0);
  g_cut_bytes = g_cut.serialize();
  return static_cast<uint32_t>(g_cut_bytes.size());
}
EMSCRIPTEN_KEEPALIVE uint32_t tl_cut_finish(int id) {
  tl::Cutter* c = cutter(id);
  if (!c) return 0;
  c->finish(g_cut);
  g_cut_bytes = g_cut.serialize();
  return static_cast<uint32_t>(g_cut_bytes.size());
}
EMSCRIPTEN_KEEPALIVE const uint8_t* tl_cut_bytes() { return reinterpret_cast<const uint8_t*>(g_cut_bytes.data()); }
EMSCRIPTEN_KEEPALIVE void tl_cut_columns(int id, const char* json) {
  tl::Cutter* c = cutter(id);
  if (!c) return;
  try {
    const auto a = nlohmann::json::parse(json);
    tl::ColumnMap m;
    if (!a.is_array() || a.size() != m.col.size() + 1) return;
    for (size_t i = 0; i < m.col.size(); ++i) m.col[i] = a[i + 1].get<int>();
    c->use_columns(static_cast<tl::FileKind>(a[0].get<int>()), m);
  } catch (const std::exception&) {   // not the columns: the page reads the cells itself
  }
}
EMSCRIPTEN_KEEPALIVE void tl_cut_close(int id) { g_cutters.erase(id); }

EMSCRIPTEN_KEEPALIVE void tl_cancel(int id) {
  app().ws.cancel(id);
  app().invalidate();
}
EMSCRIPTEN_KEEPALIVE void tl_remove(int id) {
  app().ws.remove(id);
  app().memory_files.erase(id);
  app().invalidate();
}
// JSON array of the files: id, name, kind, state, error (for the JS API and tests).
EMSCRIPTEN_KEEPALIVE const char* tl_files() {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (int id : app().ws.files()) {
    const tl::FileInfo& f = app().ws.info(id);
    a.push_back({{"id", id}, {"name", f.name}, {"kind", tl::kind_name(f.kind)}, {"state", tl::file_state_name(f.state)},
                 {"encoding", tl::csv::encoding_name(f.encoding)}, {"rows", f.rows},
                 {"error", f.error ? tlw::message_text(*f.error) : std::string()},
                 {"error_code", f.error ? tl::msg_code(f.error->code) : ""}});
  }
  return out(a.dump());
}

// ---- evaluation ----------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE void tl_load_demo() { app().load_demo(); }
EMSCRIPTEN_KEEPALIVE void tl_warm_up() { app().warm_up(); }

// What the window picker does: window "" = default, else "2023-06..2023-08" or "2023-06"; evaluates
// now (as the end of the frame in which the picker was used), the next frame shows it. 0 = malformed.
EMSCRIPTEN_KEEPALIVE int tl_set_window(const char* window) {
  std::string w = window ? window : "";
  if (w.empty()) app().window.reset();
  else if (auto pw = tl::parse_window(w)) app().window = *pw;
  else return 0;
  app().evaluate();
  return 1;
}
// tl_set_window, then the complete report (or "" when the window is malformed).
EMSCRIPTEN_KEEPALIVE const char* tl_evaluate(const char* window) {
  if (!tl_set_window(window)) return out("");
  return app().full_report(tlw::engine_lang()).c_str();
}
// The complete report, byte-identical to the CLI's with the same --lang (lang "zh" | "en"; "" = the
// page's language): built on demand, kept until the next evaluation.
EMSCRIPTEN_KEEPALIVE const char* tl_report(const char* lang) {
  const auto l = tl::parse_lang(lang ? lang : "");
  return app().full_report(l ? *l : tlw::engine_lang()).c_str();
}
EMSCRIPTEN_KEEPALIVE const char* tl_get_rules() { return out(tl::rules_to_json(app().rules)); }
// What the rules editor does: sets the rules and evaluates. Returns "" on success, else the error message.
EMSCRIPTEN_KEEPALIVE const char* tl_set_rules(const char* json) {
  std::string err = app().set_rules_json(json ? json : "");
  if (err.empty()) app().evaluate();
  return out(err);
}
// The rules of a share link (#rules=…): json is the decoded text, or null when the link could not be
// decoded. On error the page says why, in its language, and keeps the current rules.
EMSCRIPTEN_KEEPALIVE void tl_set_rules_from_link(const char* json) {
  tl::Message why(tl::Msg::RulesNotJson);
  if (json) {
    try {
      app().set_rules(tl::parse_rules(json));
      return;
    } catch (const tl::MessageError& e) {
      why = e.msg;
    } catch (const std::exception&) {   // parse_rules throws only RuleError; allocation may still fail
    }
  }
  tl::Message m(tl::Msg::RulesShareLink);
  m.set("detail", tl::render(why, tlw::engine_lang()));
  app().notify(tlw::message_text(m), 10);
}
// What the comparison panel's "load rules to compare" does: json "" clears the comparison. Returns "" on
// success, else why the rules cannot be used; compares now (as at the end of a frame).
EMSCRIPTEN_KEEPALIVE const char* tl_set_compare_rules(const char* json) {
  std::string err = app().set_compare_rules_json(json ? json : "");
  if (err.empty()) app().after_frame();
  return out(err);
}
EMSCRIPTEN_KEEPALIVE const char* tl_get_compare_rules() {
  return out(app().compare_rules ? tl::rules_to_json(*app().compare_rules) : std::string());
}
EMSCRIPTEN_KEEPALIVE const char* tl_summary() { return out(app().summary_text()); }

// ---- UI hooks ------------------------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE void tl_text_input(const char* utf8) {   // IME commits and pasted text
  tlw::fonts::need(utf8);
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
  app().poke();
}
EMSCRIPTEN_KEEPALIVE int tl_wants_text() { return ImGui::GetIO().WantTextInput ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE const char* tl_ui_text(const char* key) { return tlw::T(key); }
EMSCRIPTEN_KEEPALIVE const char* tl_lang() { return tlw::lang() == tlw::Lang::En ? "en" : "zh"; }
// key: "lang" (zh|en), "panel" (dashboard|plan|merchants|months|providers|quality|files|rules|compare), "provider" (id),
// "update_ready" (1: a new build is installed and waits for a reload)
EMSCRIPTEN_KEEPALIVE int tl_set_ui(const char* key, const char* value) {
  std::string k = key, v = value;
  if (k == "lang") { tlw::set_lang(v == "en" ? tlw::Lang::En : tlw::Lang::Zh); app().poke(); return 1; }
  if (k == "provider") { app().provider_id = v; app().poke(); return 1; }
  if (k == "update_ready") { app().update_ready = v == "1"; app().poke(); return 1; }   // a new build waits (web/sw.js)
  if (k == "panel") {
    static const char* names[] = {"dashboard", "plan", "merchants", "months", "providers", "quality", "files", "rules", "compare"};
    for (int i = 0; i < static_cast<int>(tlw::Panel::Count); ++i)
      if (v == names[i]) { app().panel = static_cast<tlw::Panel>(i); app().panel_forced = true; app().poke(); return 1; }
  }
  return 0;
}
EMSCRIPTEN_KEEPALIVE const char* tl_ui_state() {
  static const char* names[] = {"dashboard", "plan", "merchants", "months", "providers", "quality", "files", "rules", "compare"};
  const auto& mv = app().merchants_view;
  nlohmann::json j = {{"lang", tlw::lang() == tlw::Lang::En ? "en" : "zh"}, {"panel", names[static_cast<int>(app().panel)]},
                      {"merchant_filter", app().merchant_filter}, {"wants_text", ImGui::GetIO().WantTextInput},
                      {"eval_count", app().eval_count},
                      {"toast", tlw::now_ms() < app().toast_until ? app().toast : std::string()},
                      {"update_ready", app().update_ready},
                      {"merchants_view", {{"eval", mv.eval}, {"provider", mv.provider}, {"rows", mv.rows}, {"total", mv.total},
                                          {"first", mv.first}}},
                      {"provider_filter", app().provider_filter},
                      {"providers_view", {{"eval", app().providers_view.eval}, {"rows", app().providers_view.rows},
                                          {"total", app().providers_view.total}, {"first", app().providers_view.first},
                                          {"column", app().providers_view.column}, {"descending", app().providers_view.descending}}},
                      {"compare_view", {{"eval", app().compare_view.eval}, {"rows", app().compare_view.rows},
                                        {"total", app().compare_view.total}, {"changed", app().compare_view.changed}}},
                      {"compare_error", app().compare_error},
                      {"fonts", fonts_state()},
                      {"history_view", {{"eval", app().history_view.eval}, {"provider", app().history_view.provider},
                                        {"grades", app().history_view.grades}, {"tiers", app().history_view.tiers},
                                        {"bar_lines", app().history_view.bar_lines}}}};
  return out(j.dump());
}
EMSCRIPTEN_KEEPALIVE const char* tl_widget_rect(const char* name) { return out(tlw::widget_rect_json(name)); }
EMSCRIPTEN_KEEPALIVE void tl_poke() { app().poke(); }
EMSCRIPTEN_KEEPALIVE void tl_notify(const char* msg) { app().notify(msg ? msg : "", 6); }
EMSCRIPTEN_KEEPALIVE int tl_eval_count() { return app().eval_count; }
EMSCRIPTEN_KEEPALIVE double tl_last_eval_ms() { return app().last_eval_ms; }
EMSCRIPTEN_KEEPALIVE double tl_last_engine_ms() { return app().last_engine_ms; }

}  // extern "C"
