// tierlens web — application state, evaluation, main layout and shared widgets.
#include "app.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "fonts.hpp"
#include "compare.hpp"
#include "projection.hpp"
#include "imgui.h"
#include "text_layout.hpp"
#include "imgui_internal.h"
#include "plan.hpp"
#include "sample/generator.hpp"

namespace tlw {

App& app() {
  static App a;
  return a;
}

double now_ms() { return emscripten_get_now(); }

// ---- formatting ---------------------------------------------------------------------------

tl::Lang engine_lang() { return lang() == Lang::En ? tl::Lang::En : tl::Lang::Zh; }

std::string fmt_int(int64_t v) { return tl::group_digits(v); }
std::string fmt_num(double v) { return tl::report::format_number(v); }

std::string fmt_bytes(double b) { return format_bytes(b); }

std::string metric_label(tl::Metric m) { return tl::metric_label(tl::metric_name(m), engine_lang()); }
std::string tier_label(const tl::Tier& t) { return tl::report::tier_name(t, engine_lang()); }
std::string reason_label(tl::Reason r) { return tl::reason_label(r, engine_lang()); }
std::string field_label(tl::Field f) { return tl::field_label(f, engine_lang()); }
std::string kind_label(tl::FileKind k) { return tl::kind_label(k, engine_lang()); }
std::string month_label(int month) { return tl::report::month_label(month, engine_lang()); }
// (messages are few and their text depends on the language: their glyphs are registered as they are made)
std::string message_text(const tl::Message& m) {
  std::string t = tl::render_full(m, engine_lang(), tl::Host::Page);
  fonts::need(t);
  return t;
}

// ---- widgets --------------------------------------------------------------------------------

float dp(float css) { return std::round(css * fonts::dpr()); }

void heading(const char* text) {
  fonts::need_face(fonts::Bold, text);
  ImGui::PushFont(fonts::get(fonts::Bold));
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

void big_text(const char* text, uint32_t color) {
  fonts::need_face(fonts::Big, text);
  ImGui::PushFont(fonts::get(fonts::Big));
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text);
  if (color) ImGui::PopStyleColor();
  ImGui::PopFont();
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::BeginItemTooltip()) {
    text_wrap(text, 0, dp(420));
    ImGui::EndTooltip();
  }
}

void text_wrap(const char* text, uint32_t color, float width) {
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  if (width < dp(40)) width = dp(40);
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  for (const LineSpan& l : wrap_lines(text, width, [&](uint32_t c) { return font->GetCharAdvance(static_cast<ImWchar>(c)) * scale; }))
    ImGui::TextUnformatted(text + l.begin, text + l.end);
  if (color) ImGui::PopStyleColor();
}

uint32_t tier_color(const std::string& id) {
  if (id == "silver") return IM_COL32(122, 134, 154, 255);
  if (id == "gold") return IM_COL32(201, 148, 20, 255);
  if (id == "diamond") return IM_COL32(64, 120, 230, 255);
  if (id == "base") return IM_COL32(86, 158, 120, 255);
  return IM_COL32(110, 110, 130, 255);
}

void tier_badge(const tl::Result& r, const tl::ProviderResult& p, float h_css) {
  const tl::Tier& tier = r.tier_of(p);
  std::string label = tier_label(tier);
  fonts::need_face(fonts::Big, label);
  ImGui::PushFont(fonts::get(fonts::Big));
  ImVec2 ts = ImGui::CalcTextSize(label.c_str());
  float h = dp(h_css), pad = dp(16);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 size(ts.x + pad * 2, std::max(h, ts.y + dp(8)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), tier_color(tier.id), dp(8));
  dl->AddText(ImVec2(pos.x + pad, pos.y + (size.y - ts.y) * 0.5f), IM_COL32_WHITE, label.c_str());
  ImGui::PopFont();
  ImGui::Dummy(size);
}

static int input_cb(ImGuiInputTextCallbackData* d) {
  if (d->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(d->UserData);
    s->resize(d->BufTextLen);
    d->Buf = s->data();
  }
  return 0;
}

// (The cursor read before SameLine() is already on the next line, so it cannot say whether the item fits.)
void same_line_right(float width) {
  ImGui::SameLine();
  const float here = ImGui::GetCursorPosX() + dp(10), right = ImGui::GetWindowContentRegionMax().x - width;
  if (here <= right) ImGui::SameLine(right);
  else if (here + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();   // no room: the next line
}

bool contains_ci(std::string_view hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
  return it != hay.end();
}

bool text_input(const char* label, std::string& s, float width_css, const char* hint) {
  if (width_css > 0) ImGui::SetNextItemWidth(dp(width_css));
  else if (width_css < 0) ImGui::SetNextItemWidth(-FLT_MIN);
  bool changed = hint ? ImGui::InputTextWithHint(label, hint, s.data(), s.capacity() + 1, ImGuiInputTextFlags_CallbackResize, input_cb, &s)
                      : ImGui::InputText(label, s.data(), s.capacity() + 1, ImGuiInputTextFlags_CallbackResize, input_cb, &s);
  if (changed) fonts::need(s);
  return changed;
}

void apply_theme(ImGuiStyle& st) {
  ImGui::StyleColorsLight(&st);
  st.WindowRounding = 0;
  st.ChildRounding = 6;
  st.FrameRounding = 4;
  st.GrabRounding = 4;
  st.PopupRounding = 6;
  st.TabRounding = 4;
  st.ScrollbarRounding = 6;
  st.FramePadding = ImVec2(8, 5);
  st.ItemSpacing = ImVec2(8, 7);
  st.CellPadding = ImVec2(6, 4);
  st.WindowPadding = ImVec2(14, 12);
  st.ScrollbarSize = 13;
  st.WindowBorderSize = 0;
  st.ChildBorderSize = 1;
  st.FrameBorderSize = 1;
  ImVec4* c = st.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.957f, 0.961f, 0.969f, 1);
  c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.84f, 0.85f, 0.88f, 1);
  c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 1.0f, 1);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.88f, 0.92f, 1.0f, 1);
  c[ImGuiCol_Button] = ImVec4(0.93f, 0.94f, 0.96f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.85f, 0.89f, 0.98f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.76f, 0.83f, 0.98f, 1);
  c[ImGuiCol_Header] = ImVec4(0.88f, 0.92f, 1.0f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.82f, 0.88f, 1.0f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.74f, 0.82f, 1.0f, 1);
  c[ImGuiCol_Tab] = ImVec4(0.90f, 0.91f, 0.94f, 1);
  c[ImGuiCol_TabHovered] = ImVec4(0.82f, 0.88f, 1.0f, 1);
  c[ImGuiCol_TabActive] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.18f, 0.44f, 0.92f, 1);
  c[ImGuiCol_CheckMark] = ImVec4(0.18f, 0.44f, 0.92f, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.93f, 0.94f, 0.96f, 1);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.97f, 0.975f, 0.985f, 1);
  c[ImGuiCol_Text] = ImVec4(0.13f, 0.15f, 0.19f, 1);
  c[ImGuiCol_TextDisabled] = ImVec4(0.45f, 0.48f, 0.54f, 1);
}

// name -> rect and the frame it was drawn in. A window's first frame is laid out hidden (auto-size) at
// a provisional place, so only visible items count; a widget not drawn in the last frame has no rect.
static std::map<std::string, std::pair<ImRect, int>> g_widgets;
void mark_widget(const char* name) {
  if (ImGui::GetCurrentWindowRead()->Hidden) return;
  g_widgets[name] = {ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), ImGui::GetFrameCount()};
}
std::string widget_rect_json(const char* name) {
  auto it = g_widgets.find(name);
  if (it == g_widgets.end() || it->second.second != ImGui::GetFrameCount()) return "null";
  const ImRect& r = it->second.first;
  float d = fonts::dpr();
  char b[128];
  std::snprintf(b, sizeof b, "[%.1f,%.1f,%.1f,%.1f]", r.Min.x / d, r.Min.y / d, r.GetWidth() / d, r.GetHeight() / d);
  return b;
}

// ---- state ------------------------------------------------------------------------------------

void App::init() {
  for (const char* s : all_strings()) { fonts::need(s); fonts::need_face(fonts::Bold, s); }
  // the labels the engine's catalog gives every client (reasons, fields, kinds, metrics), both languages
  for (tl::Lang l : {tl::Lang::Zh, tl::Lang::En}) {
    for (size_t r = 0; r < tl::kReasonCount; ++r) {
      fonts::need(tl::reason_label(static_cast<tl::Reason>(r), l));
      fonts::need(tl::reason_about(static_cast<tl::Reason>(r), l));
    }
    for (size_t f = 0; f < tl::kFieldCount; ++f) fonts::need(tl::field_label(static_cast<tl::Field>(f), l));
    for (tl::FileKind k : {tl::FileKind::Unknown, tl::FileKind::Orders, tl::FileKind::Bindings, tl::FileKind::MonthlyStats,
                           tl::FileKind::Standards, tl::FileKind::Rules, tl::FileKind::Providers})
      fonts::need(tl::kind_label(k, l));
    for (tl::Metric m : {tl::Metric::PaidOrders, tl::Metric::ActiveMerchants, tl::Metric::QualifiedMerchants, tl::Metric::PaidAmount}) {
      fonts::need(metric_label(m));
      fonts::need(tl::metric_label(tl::metric_name(m), l));
      fonts::need(tl::report::gap_phrase(m, 0, l));
    }
    for (int m = 0; m < 12; ++m) fonts::need(tl::report::month_label(2023 * 12 + m, l));
  }
  fonts::need(rules.name, true);
  for (auto& t : rules.tiers) { fonts::need(t.name, true); fonts::need(t.name_en, true); }
}

bool App::has_data() const {
  for (int id : ws.files()) {
    const tl::FileInfo& f = ws.info(id);
    if (f.state == tl::FileState::Done && f.kind != tl::FileKind::Rules) return true;
  }
  return false;
}

const tl::ProviderResult* App::provider() const {
  if (!result || result->providers.empty()) return nullptr;
  if (const tl::ProviderResult* p = result->provider(provider_id)) return p;
  return &result->providers[0];
}

void App::notify(const std::string& msg, double seconds) {
  toast = msg;
  fonts::need(msg);
  toast_until = now_ms() + seconds * 1000;
  poke(static_cast<int>(seconds * 60) + 2);
}

tl::EvalOptions App::options() const {
  tl::EvalOptions o;
  o.window = window;
  return o;
}

// The strings of a new result that the font atlas may not have seen: merchant names and industries
// (once per change of the data: one atlas rebuild, not one per scrolled page), file names, messages.
void App::need_glyphs() {
  uint64_t sig = 0;
  for (int id : ws.files()) sig = sig * 1000003u + static_cast<uint64_t>(id) * 131u + static_cast<uint64_t>(ws.info(id).state) + ws.info(id).rows;
  if (sig != glyph_data_sig_ && result && result->directory) {
    glyph_data_sig_ = sig;
    const tl::MerchantDirectory& d = *result->directory;
    for (uint32_t m = 0; m < d.size(); ++m) { fonts::need(d.name(m)); fonts::need(d.industry(m)); }
  }
  if (!result) return;
  for (const tl::ProviderResult& p : result->providers) {
    fonts::need(p.id);
    fonts::need(p.name);
    for (tl::Lang l : {tl::Lang::Zh, tl::Lang::En}) fonts::need(tl::report::gap_sentence(*result, p, l));
  }
  for (const tl::FileInfo& f : result->quality.files) {
    fonts::need(f.name);
    if (f.error) fonts::need(message_text(*f.error));
    for (const tl::Message& w : f.warnings) fonts::need(message_text(w));
    for (const std::string& h : f.header) fonts::need(h);
  }
  for (const auto& [status, n] : result->quality.statuses) fonts::need(status);
  for (const std::string& i : result->quality.industries_without_standard) fonts::need(i);
}

void App::evaluate() {
  dirty = false;
  const double t0 = now_ms();
  try {
    tl::Result r = ws.evaluate(rules, options());
    last_engine_ms = now_ms() - t0;
    compare_into(r);
    result = std::make_shared<const tl::Result>(std::move(r));
  } catch (const std::exception&) {   // only allocation can fail here: say so in the page's words
    result.reset();
    notify(T(S::err_evaluate), 8);
    return;
  }
  ++main_evals_;
  projection.reset();
  try {
    projection = tl::project(ws, *result);   // none unless a month runs (one more evaluation then)
  } catch (const std::exception&) {   // only allocation can fail: the dashboard then shows no projection line
  }
  ++eval_count;
  full_report_text_.clear();
  full_report_eval_ = -1;
  // keep the selection when the provider still exists
  if (const tl::ProviderResult* p = provider()) provider_id = p->id;
  need_glyphs();
  last_eval_ms = now_ms() - t0;
  poke();
}

// The CLI's `evaluate --compare-rules`: the other rule set with the same options (the same window, or
// each rule set's own calendar), no history.
void App::compare_into(tl::Result& r) {
  compare_dirty = false;
  r.comparison.reset();
  if (!compare_rules) return;
  try {
    r.comparison = tl::compare(r, ws.evaluate(*compare_rules, options()));
  } catch (const std::exception&) {   // only allocation can fail: the comparison panel says it could not compare
    r.comparison.reset();
  }
}

void App::recompare() {
  compare_dirty = false;
  if (!result) return;
  const double t0 = now_ms();
  try {
    auto r = std::make_shared<tl::Result>(*result);   // a copy costs less than evaluating the data again
    const double t1 = now_ms();
    compare_into(*r);
    last_engine_ms = now_ms() - t1;                   // the engine's part: the other rule set's evaluation
    result = std::move(r);
  } catch (const std::exception&) {   // allocation only: the result stays as it was
    return;
  }
  ++eval_count;                        // a new result: reports and views are made again (the history is not)
  full_report_eval_ = -1;
  last_eval_ms = now_ms() - t0;
  poke();
}

void App::after_frame() {
  if (reading.active) return;
  if (dirty) evaluate();
  else if (compare_dirty) recompare();
}

const std::string& App::full_report(tl::Lang l) {
  if (dirty || !result) evaluate();
  else if (compare_dirty) recompare();
  if (full_report_eval_ != eval_count || full_report_lang_ != l) {
    full_report_text_ = result ? tl::report::json(*result, {l, true}) : std::string();
    full_report_eval_ = eval_count;
    full_report_lang_ = l;
  }
  return full_report_text_;
}

const std::vector<tl::Grade>& App::history() {
  if (history_eval_ != main_evals_ && !dirty && !reading.active) {
    try {
      history_ = ws.history(rules);
    } catch (const std::exception&) {   // only allocation can fail: no history shown
      history_.clear();
    }
    history_eval_ = main_evals_;
  }
  return history_;
}

const tl::Result& App::with_plan() {
  static const tl::Result kNone;
  if (!result) return kNone;
  if (!planned || planned_eval != eval_count) {
    try {
      auto r = std::make_shared<tl::Result>(*result);
      r->plan = tl::plan(ws, *r);
      planned = std::move(r);
      planned_eval = eval_count;
    } catch (const std::exception&) {   // allocation only
      planned.reset();
    }
  }
  return planned ? *planned : *result;
}

// The report to forward (report::html): the selected provider's, with its plan and every past grade, in the
// page's language, named tierlens-<provider>-<grade month>.html.
static void download_html(App& a) {
  const tl::ProviderResult* p = a.provider();
  if (!p) return;
  const std::string id = p->id;
  tl::Result r = a.with_plan();
  r.history = a.history();
  js_download(tl::report::html_file_name(r, id), "text/html;charset=utf-8", tl::report::html(r, engine_lang(), &id));
}

void App::before_frame() {
  after_frame();
  if (frames_busy > 0) --frames_busy;
}

void App::set_rules(const tl::RuleSet& r) {
  rules = r;
  fonts::need(rules.name, true);
  for (auto& t : rules.tiers) { fonts::need(t.name, true); fonts::need(t.name_en, true); }
  for (auto& s : rules.excluded_statuses) fonts::need(s);
  for (auto& [k, v] : rules.industry_standards) fonts::need(k);
  invalidate();
}

// A rule set's JSON, or why it cannot be used in the page's words (`error`; never an exception's text).
static std::optional<tl::RuleSet> parse_rules_said(const std::string& json, std::string& error) {
  error.clear();
  try {
    return tl::parse_rules(json);
  } catch (const tl::MessageError& e) {
    error = message_text(e.msg);
  } catch (const std::exception&) {   // parse_rules throws only RuleError; allocation may still fail
    error = message_text(tl::Message(tl::Msg::RulesNotJson));
  }
  return std::nullopt;
}

std::string App::set_rules_json(const std::string& json) {
  if (std::optional<tl::RuleSet> r = parse_rules_said(json, rules_error)) set_rules(*r);
  return rules_error;
}

void App::set_compare_rules(std::optional<tl::RuleSet> r) {
  compare_rules = std::move(r);
  if (compare_rules) {
    fonts::need(compare_rules->name, true);
    for (auto& t : compare_rules->tiers) { fonts::need(t.name, true); fonts::need(t.name_en, true); }
  }
  compare_dirty = true;
  poke();
}

std::string App::set_compare_rules_json(const std::string& json) {
  if (json.empty()) {
    compare_error.clear();
    set_compare_rules(std::nullopt);
  } else if (std::optional<tl::RuleSet> r = parse_rules_said(json, compare_error)) {
    set_compare_rules(std::move(r));
  }
  return compare_error;
}

void App::load_demo() {
  for (const auto& f : tl::sample::demo_files()) {
    int id = ws.open(f.name);
    ws.feed(id, reinterpret_cast<const uint8_t*>(f.bytes.data()), f.bytes.size());
    ws.close(id);
    memory_files[id] = f.bytes;
    file_closed(id);
  }
  panel = Panel::Dashboard;
  panel_forced = true;
  evaluate();
}

// Runs the engine once on the built-in demo data, in a workspace of its own that is thrown away.
// WebAssembly is compiled function by function when first called (V8's lazy compilation), and the
// first evaluation of a user's file paid for compiling reading, evaluation and report code: on a
// 1M-row file the engine's first evaluation took 238 ms, 139 ms once warm. The page calls this once it
// is drawn, while the user is still choosing files.
void App::warm_up() {
  try {
    tl::Workspace w;
    for (const auto& f : tl::sample::demo_files()) {
      const int id = w.open(f.name);
      w.feed(id, reinterpret_cast<const uint8_t*>(f.bytes.data()), f.bytes.size());
      w.close(id);
    }
    const tl::Result r = w.evaluate(rules, options());
    (void)tl::report::json(r);
  } catch (const std::exception&) {
    // nothing depends on it: the first real evaluation compiles what this did not
  }
}

void App::file_closed(int id) {
  const tl::FileInfo& f = ws.info(id);
  fonts::need(f.name);
  if (f.state == tl::FileState::Done && f.kind == tl::FileKind::Rules) {
    std::string err = set_rules_json(ws.rules_text(id));
    if (err.empty()) notify(fmt(T(S::msg_rules_loaded_from), f.name.c_str()));
    else notify(fmt(T(S::err_rules_file), f.name.c_str(), err.c_str()), 8);
  }
  invalidate();
}

void App::reread(int id, const tl::FileOptions& o) {
  auto it = memory_files.find(id);
  if (it != memory_files.end()) {
    std::string bytes = std::move(it->second);
    std::string name = ws.info(id).name;
    memory_files.erase(it);
    ws.remove(id);
    int nid = ws.open(name, o);
    ws.feed(nid, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ws.close(nid);
    memory_files[nid] = std::move(bytes);
    file_closed(nid);
    return;
  }
  nlohmann::ordered_json j;
  j["kind"] = tl::kind_name(o.kind);
  j["encoding"] = tl::csv::encoding_name(o.encoding);
  j["separator"] = o.separator ? std::string(1, o.separator) : std::string();
  j["columns"] = nlohmann::ordered_json::array();
  for (auto& [f, c] : o.columns) j["columns"].push_back({tl::field_name(f), c});
  if (!js_reread(id, j.dump())) notify(T(S::err_reread_unavailable), 6);
}

// ---- exports ------------------------------------------------------------------------------------

std::string App::summary_text() const {
  return result ? tl::report::text(*result, engine_lang(), tl::Host::Page) : std::string();
}

std::string App::merchants_csv() const {
  return result ? tl::report::merchants_csv(*result, engine_lang()) : std::string();
}

// ---- layout ---------------------------------------------------------------------------------------

static void draw_top_bar(App& a) {
  ImGui::PushFont(fonts::get(fonts::Bold));
  ImGui::TextColored(ImVec4(0.18f, 0.44f, 0.92f, 1), "tierlens");
  ImGui::PopFont();
  ImGui::SameLine();
  heading(T(S::app_title));
  ImGui::SameLine(0, dp(24));
  if (ImGui::Button(T(S::btn_open_files))) js_open_file_picker(Pick::Data);
  ImGui::SameLine();
  if (ImGui::Button(T(S::btn_try_sample))) a.load_demo();
  mark_widget("try_sample");
  if (!a.ws.files().empty()) {
    ImGui::SameLine();
    if (ImGui::Button(T(S::btn_clear_all))) ImGui::OpenPopup("##clear_all");
    if (ImGui::BeginPopup("##clear_all")) {
      ImGui::TextUnformatted(T(S::confirm_clear_all));
      if (ImGui::Button(T(S::btn_confirm_remove))) {
        for (int id : a.ws.files()) a.ws.remove(id);
        a.memory_files.clear();
        a.window.reset();
        a.invalidate();
        ImGui::CloseCurrentPopup();
      }
      ImGui::SameLine();
      if (ImGui::Button(T(S::btn_cancel))) ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
    }
  }
  if (a.update_ready) {
    ImGui::SameLine(0, dp(16));
    ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(226, 240, 255, 255));
    if (ImGui::Button(T(S::btn_update_ready))) js_activate_update();
    ImGui::PopStyleColor();
    mark_widget("update_ready");
  }
  // right side: privacy promise + language switch
  const char* lang_btn = lang() == Lang::Zh ? "English" : "中文";
  const char* privacy = T(S::privacy_short);
  float w = ImGui::CalcTextSize(privacy).x + ImGui::CalcTextSize(lang_btn).x + dp(48);
  same_line_right(w);
  ImGui::TextColored(ImVec4(0.2f, 0.55f, 0.35f, 1), "%s", privacy);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::privacy_long));
  ImGui::SameLine();
  if (ImGui::SmallButton(lang_btn)) set_lang(lang() == Lang::Zh ? Lang::En : Lang::Zh);
}

static void draw_context_bar(App& a) {
  if (!a.result) return;
  const tl::Result& r = *a.result;
  // provider picker
  if (r.providers.size() > 1) {
    const tl::ProviderResult* cur = a.provider();
    std::string preview = cur ? cur->id + "  " + cur->name : "";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T(S::lbl_provider));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(280));
    if (ImGui::BeginCombo("##provider", preview.c_str())) {
      for (size_t i = 0; i < r.providers.size(); ++i) {
        const tl::ProviderResult& p = r.providers[i];
        std::string label = "#" + std::to_string(i + 1) + "  " + p.id + "  " + p.name + "  · " + tier_label(r.tier_of(p));
        if (ImGui::Selectable(label.c_str(), cur == &p)) a.provider_id = p.id;
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine(0, dp(20));
  }
  // window picker: the engine's window and the windows it offers
  const tl::WindowInfo& w = r.window;
  const bool has_window = w.window.months() > 0;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(S::lbl_window));
  ImGui::SameLine();
  std::string cur = !has_window ? std::string(T(S::no_window)) : tl::report::grade_label(w.window, engine_lang());
  if (!w.explicit_window && has_window) cur += std::string("  ") + T(S::window_default_tag);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize(cur.c_str()).x + ImGui::GetFrameHeight() + dp(20));
  if (ImGui::BeginCombo("##window", cur.c_str())) {
    if (ImGui::Selectable(T(S::window_default_option), !a.window.has_value())) { a.window.reset(); a.invalidate(); }
    ImGui::Separator();
    for (const tl::Window& c : w.choices(a.rules.window_months)) {
      std::string label = tl::report::grade_label(c, engine_lang());
      fonts::need(label);
      if (ImGui::Selectable(label.c_str(), a.window && *a.window == c)) { a.window = c; a.invalidate(); }
    }
    ImGui::EndCombo();
  }
  if (w.last_month_incomplete) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.85f, 0.45f, 0.05f, 1), "%s", T(S::incomplete_month));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::incomplete_month_help));
  } else if (w.in_progress) {   // the running month: the next grade, in progress, not a fact yet
    const std::string next = tl::report::month_short(*w.in_progress + 1, engine_lang()), month = tl::report::month_short(*w.in_progress, engine_lang());
    const std::string note = fmt(T(S::in_progress_note), next.c_str());
    fonts::need(note);
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.25f, 0.45f, 0.75f, 1), "%s", note.c_str());
    mark_widget("in_progress_note");
    if (ImGui::IsItemHovered()) {
      const std::string help = fmt(T(S::in_progress_help), month.c_str(), next.c_str());
      fonts::need(help);
      ImGui::SetTooltip("%s", help.c_str());
    }
  }
  // exports: one menu button, right-aligned
  const char* ex = T(S::btn_export_menu);
  float bw = ImGui::CalcTextSize(ex).x + ImGui::GetStyle().FramePadding.x * 2;
  same_line_right(bw);
  if (ImGui::Button(ex)) ImGui::OpenPopup("##export");
  mark_widget("export");
  if (ImGui::BeginPopup("##export")) {
    if (ImGui::Selectable(T(S::btn_export_report))) js_download("tierlens-report.json", "application/json", a.full_report(engine_lang()));
    mark_widget("export_report");
    if (ImGui::Selectable(T(S::btn_export_html), false, a.provider() ? 0 : ImGuiSelectableFlags_Disabled)) download_html(a);
    mark_widget("export_html");
    if (ImGui::Selectable(T(S::btn_export_merchants))) js_download("tierlens-merchants.csv", "text/csv;charset=utf-8", a.merchants_csv());
    if (ImGui::Selectable(T(S::btn_copy_summary))) {
      js_clipboard(a.summary_text());
      a.notify(T(S::msg_summary_copied));
    }
    ImGui::EndPopup();
  }
}

// Files that failed, and column meanings guessed where the guess decides the numbers (tl::decides_the_answer):
// said at the top of every panel with numbers (what happened, the fix, the numbers computed without the
// file), never only on the file's card.
static void draw_failed_files_banner(App& a) {
  std::vector<const tl::FileInfo*> failed;
  std::vector<const tl::Message*> guessed;
  for (int id : a.ws.files()) {
    const tl::FileInfo& f = a.ws.info(id);
    if (f.state == tl::FileState::Failed) failed.push_back(&f);
    else
      for (const tl::Message& w : f.warnings)
        if (tl::decides_the_answer(w.code)) guessed.push_back(&w);
  }
  if (failed.empty() && guessed.empty()) return;
  const bool red = !failed.empty();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, red ? IM_COL32(253, 236, 234, 255) : IM_COL32(255, 246, 224, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, red ? IM_COL32(230, 150, 140, 255) : IM_COL32(230, 190, 110, 255));
  ImGui::BeginChild("##failed_banner", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
  auto title = [](const std::string& t, ImVec4 colour) {
    fonts::need_face(fonts::Bold, t);
    ImGui::PushFont(fonts::get(fonts::Bold));
    ImGui::TextColored(colour, "%s", t.c_str());
    ImGui::PopFont();
  };
  if (red) title(fmt(T(S::banner_files_failed), static_cast<int>(failed.size())), ImVec4(0.7f, 0.1f, 0.05f, 1));
  for (const tl::FileInfo* f : failed) {
    const std::string m = "✗ " + (f->error ? message_text(*f->error) : f->name);
    fonts::need(m);
    text_wrap(m.c_str(), IM_COL32(150, 30, 20, 255));
  }
  if (red) text_wrap(T(S::banner_computed_without));
  if (!guessed.empty()) title(fmt(T(S::banner_columns_guessed), static_cast<int>(guessed.size())), ImVec4(0.6f, 0.35f, 0.0f, 1));
  for (const tl::Message* w : guessed) {
    const std::string m = "⚠ " + message_text(*w);
    fonts::need(m);
    text_wrap(m.c_str(), IM_COL32(140, 85, 10, 255));
  }
  if (ImGui::SmallButton(T(S::btn_go_files))) { a.panel = Panel::Files; a.panel_forced = true; }
  mark_widget("failed_banner_fix");
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
}

static const S kPanelNames[] = {S::tab_dashboard, S::tab_plan,  S::tab_merchants, S::tab_months, S::tab_providers,
                                S::tab_quality,   S::tab_files, S::tab_rules,     S::tab_compare};

void App::draw() {
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("##root", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  draw_top_bar(*this);
  ImGui::Separator();
  const bool data = has_data() && result != nullptr;
  if (data) draw_context_bar(*this);
  if (data && panel != Panel::Files && panel != Panel::Rules) draw_failed_files_banner(*this);

  if (!data && panel != Panel::Rules && panel != Panel::Files) {
    if (ImGui::BeginTabBar("##tabs_empty")) {
      if (ImGui::BeginTabItem(T(S::tab_start))) ImGui::EndTabItem();
      ImGuiTabItemFlags fl = 0;
      if (ImGui::TabItemButton(T(S::tab_files))) panel = Panel::Files;
      (void)fl;
      if (ImGui::TabItemButton(T(S::tab_rules))) panel = Panel::Rules;
      ImGui::EndTabBar();
    }
    draw_empty_state();
  } else {
    if (ImGui::BeginTabBar("##tabs")) {
      for (int i = 0; i < static_cast<int>(Panel::Count); ++i) {
        ImGuiTabItemFlags fl = (panel_forced && panel == static_cast<Panel>(i)) ? ImGuiTabItemFlags_SetSelected : 0;
        std::string label = std::string(T(kPanelNames[i])) + "###tab" + std::to_string(i);
        if (ImGui::BeginTabItem(label.c_str(), nullptr, fl)) {
          if (!panel_forced) panel = static_cast<Panel>(i);
          ImGui::EndTabItem();
        }
      }
      panel_forced = false;
      ImGui::EndTabBar();
    }
    ImGui::BeginChild("##panel", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_None);
    switch (panel) {
      case Panel::Dashboard: data ? panel_dashboard(*this) : draw_empty_state(); break;
      case Panel::Plan: data ? panel_plan(*this) : draw_empty_state(); break;
      case Panel::Merchants: data ? panel_merchants(*this) : draw_empty_state(); break;
      case Panel::Months: data ? panel_months(*this) : draw_empty_state(); break;
      case Panel::Providers: data ? panel_providers(*this) : draw_empty_state(); break;
      case Panel::Quality: data ? panel_quality(*this) : draw_empty_state(); break;
      case Panel::Files: panel_files(*this); break;
      case Panel::Rules: panel_rules(*this); break;
      case Panel::Compare: data ? panel_compare(*this) : draw_empty_state(); break;
      default: break;
    }
    ImGui::EndChild();
  }
  ImGui::End();

  if (reading.active) draw_progress_overlay();
  if (!toast.empty() && now_ms() < toast_until) {
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y - dp(24)), ImGuiCond_Always,
                            ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.95f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(40, 44, 52, 240));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
    ImGui::Begin("##toast", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
    text_wrap(toast.c_str(), 0, std::min(dp(640), ImGui::CalcTextSize(toast.c_str()).x + 1));
    ImGui::End();
    ImGui::PopStyleColor(2);
  }
}

void draw_empty_state() {
  App& a = app();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float w = std::min(avail.x - dp(40), dp(760));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, (avail.x - w) * 0.5f));
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + dp(28));
  ImGui::BeginChild("##welcome", ImVec2(w, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY,
                    ImGuiWindowFlags_NoScrollbar);
  ImGui::Dummy(ImVec2(0, dp(6)));
  big_text(T(S::welcome_title));
  ImGui::Spacing();
  text_wrap(T(S::welcome_body));
  ImGui::Spacing();
  // drop zone
  ImVec2 p = ImGui::GetCursorScreenPos();
  float zw = ImGui::GetContentRegionAvail().x, zh = dp(120);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + zw, p.y + zh), IM_COL32(243, 247, 255, 255), dp(8));
  for (float x = p.x; x < p.x + zw; x += dp(12)) {   // dashed border
    dl->AddLine(ImVec2(x, p.y), ImVec2(std::min(x + dp(6), p.x + zw), p.y), IM_COL32(120, 150, 220, 255), dp(1.5f));
    dl->AddLine(ImVec2(x, p.y + zh), ImVec2(std::min(x + dp(6), p.x + zw), p.y + zh), IM_COL32(120, 150, 220, 255), dp(1.5f));
  }
  for (float y = p.y; y < p.y + zh; y += dp(12)) {
    dl->AddLine(ImVec2(p.x, y), ImVec2(p.x, std::min(y + dp(6), p.y + zh)), IM_COL32(120, 150, 220, 255), dp(1.5f));
    dl->AddLine(ImVec2(p.x + zw, y), ImVec2(p.x + zw, std::min(y + dp(6), p.y + zh)), IM_COL32(120, 150, 220, 255), dp(1.5f));
  }
  const char* drop = T(S::drop_here);
  fonts::need_face(fonts::Bold, drop);
  ImGui::PushFont(fonts::get(fonts::Bold));
  ImVec2 ts = ImGui::CalcTextSize(drop);
  dl->AddText(ImVec2(p.x + (zw - ts.x) * 0.5f, p.y + zh * 0.5f - ts.y - dp(4)), IM_COL32(60, 90, 170, 255), drop);
  ImGui::PopFont();
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + zh * 0.5f + dp(4)));
  const char* b1 = T(S::btn_choose_files);
  const char* b2 = T(S::btn_try_sample);
  float bw = ImGui::CalcTextSize(b1).x + ImGui::CalcTextSize(b2).x + ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (zw - bw) * 0.5f);
  ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(47, 111, 235, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(37, 96, 210, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(30, 80, 180, 255));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  if (ImGui::Button(b1)) js_open_file_picker(Pick::Data);
  ImGui::PopStyleColor(4);
  ImGui::SameLine();
  if (ImGui::Button(b2)) a.load_demo();
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + zh + dp(12)));
  ImGui::Dummy(ImVec2(zw, 0));
  heading(T(S::welcome_files_title));
  for (S k : {S::welcome_file_orders, S::welcome_file_bindings, S::welcome_file_standards, S::welcome_file_monthly, S::welcome_file_rules}) {
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::BeginGroup();
    text_wrap(T(k));
    ImGui::EndGroup();
  }
  ImGui::Spacing();
  text_wrap(T(S::privacy_long), IM_COL32(40, 140, 90, 255));
  ImGui::Dummy(ImVec2(0, dp(4)));
  // files that failed (no usable data yet): show them here too
  for (int id : a.ws.files()) {
    const tl::FileInfo& f = a.ws.info(id);
    if (f.error) text_wrap(("✗ " + message_text(*f.error)).c_str(), IM_COL32(200, 40, 25, 255));
  }
  ImGui::EndChild();
}

void draw_progress_overlay() {
  App& a = app();
  Reading& r = a.reading;
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(dp(520), vp->WorkSize.x - dp(20)), 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(255, 255, 255, 250));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, dp(1));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, dp(8));
  ImGui::Begin("##progress", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  heading(fmt(T(S::progress_title), r.files_done + 1, r.files_total).c_str());
  ImGui::TextUnformatted(r.name.c_str());
  double done_file = 0;
  uint64_t rows = 0;
  if (r.file >= 0) {
    const tl::FileInfo& f = a.ws.info(r.file);
    done_file = static_cast<double>(f.bytes);
    rows = f.rows;
  }
  double done = r.batch_done_bytes + done_file;
  double frac = r.batch_bytes > 0 ? done / r.batch_bytes : 0;
  double secs = (now_ms() - r.started) / 1000.0;
  double rate = secs > 0.05 ? done / secs : 0;
  double left = rate > 0 ? (r.batch_bytes - done) / rate : -1;
  std::string over = fmt_bytes(done) + " / " + fmt_bytes(r.batch_bytes);
  ImGui::ProgressBar(static_cast<float>(frac), ImVec2(-FLT_MIN, 0), over.c_str());
  char eta[32] = "—";
  if (left >= 0 && secs > 0.3) {
    if (left >= 60) std::snprintf(eta, sizeof eta, "%d:%02d", static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    else std::snprintf(eta, sizeof eta, "%.0f s", std::ceil(left));
  }
  ImGui::TextUnformatted(fmt(T(S::progress_stats), fmt_int(static_cast<int64_t>(rows)).c_str(), rate / 1e6, eta).c_str());
  if (r.cancelled) ImGui::TextDisabled("%s", T(S::progress_cancelling));
  else {
    if (ImGui::Button(T(S::btn_cancel))) {
      r.cancelled = true;
      if (r.file >= 0) a.ws.cancel(r.file);
    }
    mark_widget("cancel_reading");
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
}

}  // namespace tlw
