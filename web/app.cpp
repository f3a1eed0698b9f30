// tierlens web — application state, evaluation, main layout and shared widgets.
#include "app.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>

#include "fonts.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "sample/generator.hpp"

namespace tlw {

App& app() {
  static App a;
  return a;
}

double now_ms() { return emscripten_get_now(); }

// ---- formatting ---------------------------------------------------------------------------

std::string fmt_int(int64_t v) {
  std::string s = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string fmt_num(const ojson& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return fmt_int(v.get<int64_t>());
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9e15) return fmt_int(static_cast<int64_t>(d));
    int64_t whole = static_cast<int64_t>(std::trunc(d));
    char frac[8];
    std::snprintf(frac, sizeof frac, "%02d", static_cast<int>(std::lround(std::fabs(d - whole) * 100)) % 100);
    return (d < 0 && whole == 0 ? "-" : "") + fmt_int(whole) + "." + frac;
  }
  if (v.is_null()) return "—";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string fmt_bytes(double b) {
  char buf[32];
  if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
  else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b >= 1e3) std::snprintf(buf, sizeof buf, "%.0f KB", b / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

std::string metric_label(const std::string& m) {
  if (m == "paid_orders") return T(S::metric_paid_orders);
  if (m == "active_merchants") return T(S::metric_active_merchants);
  if (m == "qualified_merchants") return T(S::metric_qualified_merchants);
  if (m == "paid_amount") return T(S::metric_paid_amount);
  return m;
}

std::string metric_unit_phrase(const std::string& m, const std::string& amount) {
  if (m == "paid_orders") return fmt(T(S::gap_paid_orders), amount.c_str());
  if (m == "active_merchants") return fmt(T(S::gap_active_merchants), amount.c_str());
  if (m == "qualified_merchants") return fmt(T(S::gap_qualified_merchants), amount.c_str());
  if (m == "paid_amount") return fmt(T(S::gap_paid_amount), amount.c_str());
  return amount + " " + m;
}

std::string tier_label(const ojson& t) {
  const bool en = lang() == Lang::En;
  for (const char* k : {"tier_name", "name"}) {
    std::string key = std::string(k) + (en ? "_en" : "");
    if (t.contains(key) && t[key].is_string() && !t[key].get<std::string>().empty()) return t[key].get<std::string>();
  }
  if (t.contains("tier_name") && t["tier_name"].is_string()) return t["tier_name"].get<std::string>();
  if (t.contains("name") && t["name"].is_string()) return t["name"].get<std::string>();
  return t.value("id", std::string("?"));
}

std::string reason_label(const std::string& r) {
  static const std::pair<const char*, S> kReasons[] = {
      {"missing_order_id", S::reason_missing_order_id},
      {"id_scientific_notation", S::reason_id_scientific_notation},
      {"missing_merchant_id", S::reason_missing_merchant_id},
      {"missing_pay_time", S::reason_missing_pay_time},
      {"bad_pay_time", S::reason_bad_pay_time},
      {"unpaid_status", S::reason_unpaid_status},
      {"outside_window", S::reason_outside_window},
      {"merchant_not_in_bindings", S::reason_merchant_not_in_bindings},
      {"not_bound_at_pay_time", S::reason_not_bound_at_pay_time},
      {"missing_provider_id", S::reason_missing_provider_id},
      {"duplicate_main_order", S::reason_duplicate_main_order},
      {"bad_month", S::reason_bad_month},
      {"bad_order_count", S::reason_bad_order_count},
      {"superseded_by_order_rows", S::reason_superseded_by_order_rows},
  };
  for (auto& [k, s] : kReasons)
    if (r == k) return T(s);
  return r;
}

std::string field_label(tl::Field f) {
  static const S kFields[] = {S::field_none,        S::field_main_order_id, S::field_order_id,    S::field_merchant_id,
                              S::field_merchant_name, S::field_pay_time,    S::field_status,      S::field_amount,
                              S::field_provider_id, S::field_provider_name, S::field_industry,    S::field_bind_start,
                              S::field_bind_end,    S::field_month,         S::field_order_count, S::field_standard};
  size_t i = static_cast<size_t>(f);
  return i < sizeof kFields / sizeof kFields[0] ? T(kFields[i]) : tl::field_name(f);
}

std::string kind_label(tl::FileKind k) {
  switch (k) {
    case tl::FileKind::Orders: return T(S::kind_orders);
    case tl::FileKind::Bindings: return T(S::kind_bindings);
    case tl::FileKind::MonthlyStats: return T(S::kind_monthly);
    case tl::FileKind::Standards: return T(S::kind_standards);
    case tl::FileKind::Rules: return T(S::kind_rules);
    default: return T(S::kind_unknown);
  }
}

std::string month_label(const std::string& ym) {
  if (ym.size() != 7) return ym;
  if (lang() == Lang::En) return ym;
  return ym.substr(0, 4) + "年" + std::to_string(std::atoi(ym.c_str() + 5)) + "月";
}

// "距 银牌 还差：540,000 单支付订单量；并且以下任一项：再有 158 个动销商家，或再有 41 个服务达标商家"
std::string gap_sentence(const ojson& p) {
  const ojson& n = p["next_tier"];
  if (n.is_null()) return "";
  std::string out = fmt(T(S::gap_intro), tier_label(n).c_str());
  std::vector<std::string> req;
  for (auto& m : n["required"]) req.push_back(metric_unit_phrase(m["metric"].get<std::string>(), fmt_num(m["missing"])));
  std::vector<std::string> any;
  for (auto& m : n["any_of"]) {
    std::string s = metric_unit_phrase(m["metric"].get<std::string>(), fmt_num(m["missing"]));
    if (!n["cheapest"].is_null() && n["cheapest"] == m["metric"]) s += T(S::gap_cheapest_mark);
    any.push_back(s);
  }
  for (size_t i = 0; i < req.size(); ++i) out += (i ? T(S::gap_and) : "") + req[i];
  if (!any.empty()) {
    if (!req.empty()) out += T(S::gap_and_one_of);
    else out += T(S::gap_one_of);
    for (size_t i = 0; i < any.size(); ++i) out += (i ? T(S::gap_or) : "") + any[i];
  }
  if (req.empty() && any.empty()) out = fmt(T(S::gap_none), tier_label(n).c_str());
  return out;
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

static uint32_t utf8_next(const char*& p, const char* end) {
  unsigned int c = 0;
  int n = ImTextCharFromUtf8(&c, p, end);
  p += n > 0 ? n : 1;
  return c;
}
static bool is_cjk(uint32_t c) { return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF); }
static bool no_break_before(uint32_t c) {
  static const char32_t kClose[] = U"，。、；：！？）》」』”’】〉…·,.;:!?)]}%";
  for (char32_t k : kClose) if (k && k == c) return true;
  return false;
}

void text_wrap(const char* text, uint32_t color, float width) {
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  if (width < dp(40)) width = dp(40);
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  const char* end = text + std::strlen(text);
  const char* p = text;
  while (p < end) {
    const char* line = p;
    const char* brk = nullptr;     // last break opportunity (end of the line if we break there)
    const char* next_start = nullptr;
    float w = 0;
    uint32_t prev = 0;
    const char* q = p;
    bool hard = false;
    while (q < end) {
      const char* cstart = q;
      uint32_t c = utf8_next(q, end);
      if (c == '\n') { brk = cstart; next_start = q; hard = true; break; }
      if (cstart > line && ((c == ' ') || ((is_cjk(c) || is_cjk(prev)) && !no_break_before(c)))) {
        brk = cstart;
        next_start = cstart;
      }
      w += font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
      if (w > width && brk && brk > line) break;
      prev = c;
      if (q >= end) { brk = end; next_start = end; }
    }
    if (!hard && q >= end && w <= width) { brk = end; next_start = end; }
    if (!brk || brk <= line) { brk = q; next_start = q; }
    ImGui::TextUnformatted(line, brk);
    p = next_start;
    while (p < end && *p == ' ') ++p;
  }
  if (color) ImGui::PopStyleColor();
}

uint32_t tier_color(const std::string& id) {
  if (id == "silver") return IM_COL32(122, 134, 154, 255);
  if (id == "gold") return IM_COL32(201, 148, 20, 255);
  if (id == "diamond") return IM_COL32(64, 120, 230, 255);
  if (id == "base") return IM_COL32(86, 158, 120, 255);
  return IM_COL32(110, 110, 130, 255);
}

void tier_badge(const ojson& p, float h_css) {
  std::string label = tier_label(p);
  fonts::need_face(fonts::Big, label);
  ImGui::PushFont(fonts::get(fonts::Big));
  ImVec2 ts = ImGui::CalcTextSize(label.c_str());
  float h = dp(h_css), pad = dp(16);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 size(ts.x + pad * 2, std::max(h, ts.y + dp(8)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), tier_color(p.value("tier", "")), dp(8));
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

const ojson* App::provider() const {
  if (!report.is_object() || !report.contains("providers")) return nullptr;
  const ojson& ps = report["providers"];
  if (ps.empty()) return nullptr;
  for (const ojson& p : ps)
    if (p["id"] == provider_id) return &p;
  return &ps[0];
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
  o.include_merchants = false;   // the panels read the tables as structs
  return o;
}

void App::took_table(const std::string& pid, tl::MerchantTable&& t) {
  table_ = std::move(t);
  table_of_ = pid;
  table_eval_ = eval_count;
  // Merchant names and industries are not in report_text: register them once per change of the data
  // and provider (one atlas rebuild, not one per scrolled page); the tables also register what they draw.
  uint64_t sig = 0;
  for (int id : ws.files()) sig = sig * 1000003u + static_cast<uint64_t>(id) * 131u + static_cast<uint64_t>(ws.info(id).state) + ws.info(id).rows;
  if (sig != glyph_data_sig_) { glyph_data_sig_ = sig; glyph_providers_.clear(); }
  if (std::find(glyph_providers_.begin(), glyph_providers_.end(), pid) != glyph_providers_.end()) return;
  glyph_providers_.push_back(pid);
  for (const tl::MerchantLine& m : table_.rows) { fonts::need(m.name); fonts::need(m.industry); }
}

const tl::MerchantTable* App::merchant_table(const ojson* p) {
  if (!p || !report.is_object()) return nullptr;
  const std::string& pid = (*p)["id"].get_ref<const std::string&>();
  if (table_eval_ == eval_count && table_of_ == pid) return &table_;
  if (dirty || reading.active) return nullptr;   // the store no longer matches the report shown
  const size_t i = static_cast<size_t>(p - &report.at("providers").at(0));
  tl::EvalOptions o = options();
  o.merchant_tables = true;
  o.merchant_tables_of = pid;
  try {
    tl::Report r = ws.evaluate(rules, o);
    if (i >= r.merchant_tables.size()) return nullptr;
    took_table(pid, std::move(r.merchant_tables[i]));
  } catch (const std::exception& e) {
    notify(fmt(T(S::err_evaluate), e.what()), 8);
    return nullptr;
  }
  return &table_;
}

void App::evaluate() {
  dirty = false;
  tl::EvalOptions o = options();
  o.merchant_tables = true;
  o.merchant_tables_of = provider_id;   // the selected provider's table comes along (others on demand)
  double t0 = now_ms();
  tl::MerchantTable table;
  bool have_table = false;
  try {
    tl::Report r = ws.evaluate(rules, o);
    last_engine_ms = now_ms() - t0;
    report_text = std::move(r.json);
    report = ojson::parse(report_text);
    const ojson& ps = report["providers"];
    for (size_t i = 0; i < ps.size() && i < r.merchant_tables.size(); ++i)
      if (ps[i]["id"] == provider_id) { table = std::move(r.merchant_tables[i]); have_table = true; break; }
  } catch (const std::exception& e) {
    notify(fmt(T(S::err_evaluate), e.what()), 8);
    return;
  }
  ++eval_count;
  summary_cache.clear();
  full_report_text_.clear();
  full_report_eval_ = -1;
  if (have_table) took_table(provider_id, std::move(table));
  // keep the selection when the provider still exists
  const ojson* p = provider();
  if (p) provider_id = (*p)["id"].get<std::string>();
  // no provider was selected (the first evaluation): the table of the one shown is taken now, so that
  // its merchants' glyphs join this frame's atlas rebuild instead of causing a second one next frame
  if (p && !have_table) {
    const double t1 = now_ms();
    merchant_table(p);
    last_engine_ms += now_ms() - t1;
  }
  last_eval_ms = now_ms() - t0;
  fonts::need(report_text);
  for (auto& f : ws.files()) {
    const tl::FileInfo& fi = ws.info(f);
    fonts::need(fi.name);
    fonts::need(fi.error);
    for (auto& w : fi.warnings) fonts::need(w);
    for (auto& h : fi.header) fonts::need(h);
  }
  poke();
}

const std::string& App::full_report() {
  if (dirty || report_text.empty()) evaluate();
  if (full_report_eval_ != eval_count) {
    // the same rules and window as the shown evaluation: any change since would have set `dirty`
    tl::EvalOptions o;
    o.window = window;
    try {
      full_report_text_ = ws.evaluate(rules, o).json;
    } catch (const std::exception& e) {
      notify(fmt(T(S::err_evaluate), e.what()), 8);
      full_report_text_.clear();
    }
    full_report_eval_ = eval_count;
  }
  return full_report_text_;
}

void App::before_frame() {
  if (dirty && !reading.active) evaluate();
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

std::string App::set_rules_json(const std::string& json) {
  try {
    set_rules(tl::parse_rules(json));
    rules_error.clear();
    return "";
  } catch (const std::exception& e) {
    rules_error = e.what();
    fonts::need(rules_error);
    return rules_error.empty() ? std::string("invalid rules") : rules_error;
  }
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
    tl::EvalOptions o = options();
    o.merchant_tables = true;
    (void)ojson::parse(w.evaluate(rules, o).json);
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
  ojson j;
  j["kind"] = tl::kind_name(o.kind);
  j["encoding"] = tl::csv::encoding_name(o.encoding);
  j["separator"] = o.separator ? std::string(1, o.separator) : std::string();
  j["columns"] = ojson::array();
  for (auto& [f, c] : o.columns) j["columns"].push_back({tl::field_name(f), c});
  if (!js_reread(id, j.dump())) notify(T(S::err_reread_unavailable), 6);
}

// ---- exports ------------------------------------------------------------------------------------

std::string App::summary_text() const {
  if (!report.is_object()) return "";
  std::string s;
  const ojson& w = report["window"];
  s += fmt(T(S::sum_title), w["start"].is_null() ? "-" : w["start"].get<std::string>().c_str(),
           w["end"].is_null() ? "-" : w["end"].get<std::string>().c_str());
  s += "\n";
  for (const ojson& p : report["providers"]) {
    std::string id = p["id"].get<std::string>();
    std::string name = p["name"].get<std::string>();
    s += "\n" + fmt(T(S::sum_provider), id.empty() ? T(S::all_data) : id.c_str(), name.c_str(), tier_label(p).c_str()) + "\n";
    s += "  " + metric_label("paid_orders") + " " + fmt_num(p["metrics"]["paid_orders"]) + " · " +
         metric_label("active_merchants") + " " + fmt_num(p["metrics"]["active_merchants"]) + " · " +
         metric_label("qualified_merchants") + " " + fmt_num(p["metrics"]["qualified_merchants"]) + "\n";
    std::string gap = gap_sentence(p);
    if (!gap.empty()) s += "  " + gap + "\n";
  }
  s += "\n" + std::string(T(S::sum_footer)) + "\n";
  return s;
}

static std::string csv_cell(const std::string& v) {
  bool q = v.find_first_of(",\"\n\r") != std::string::npos;
  // keep long ids as text in Excel
  bool digits = v.size() > 11 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return "\"=\"\"" + v + "\"\"\"";
  if (!q) return v;
  std::string o = "\"";
  for (char c : v) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string App::merchants_csv() {
  std::string out = "\xEF\xBB\xBF";
  if (dirty || report_text.empty()) evaluate();
  if (!report.is_object()) return out;
  tl::EvalOptions o = options();
  o.merchant_tables = true;
  std::vector<tl::MerchantTable> merchants;
  try {
    merchants = ws.evaluate(rules, o).merchant_tables;
  } catch (const std::exception& e) {
    notify(fmt(T(S::err_evaluate), e.what()), 8);
    return out;
  }
  const ojson& months = report["window"]["months"];
  std::vector<std::string> head = {T(S::col_provider), T(S::col_merchant_id), T(S::col_merchant_name), T(S::col_industry)};
  for (auto& m : months) head.push_back(fmt(T(S::col_orders_in), m.get<std::string>().c_str()));
  for (S k : {S::col_total, S::col_active, S::col_qualified, S::col_best_month, S::col_best_month_orders, S::col_standard, S::col_shortfall})
    head.push_back(T(k));
  for (size_t i = 0; i < head.size(); ++i) out += (i ? "," : "") + csv_cell(head[i]);
  out += "\r\n";
  const ojson& ps = report["providers"];
  for (size_t p = 0; p < ps.size() && p < merchants.size(); ++p) {
    const std::string pid = ps[p]["id"].get<std::string>();
    for (const tl::MerchantLine& m : merchants[p].rows) {
      std::vector<std::string> row = {pid, m.id, m.name, m.industry};
      for (int64_t o : m.orders) row.push_back(std::to_string(o));
      row.push_back(std::to_string(m.total));
      row.push_back(m.active ? "1" : "0");
      row.push_back(m.qualified ? "1" : "0");
      row.push_back(m.best_month >= 0 && m.best_month < static_cast<int>(months.size()) ? months[m.best_month].get<std::string>() : "");
      row.push_back(std::to_string(m.best_month_orders));
      row.push_back(m.standard ? std::to_string(*m.standard) : "");
      row.push_back(m.shortfall ? std::to_string(*m.shortfall) : "");
      for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_cell(row[i]);
      out += "\r\n";
    }
  }
  return out;
}

// ---- layout ---------------------------------------------------------------------------------------

static void draw_top_bar(App& a) {
  ImGui::PushFont(fonts::get(fonts::Bold));
  ImGui::TextColored(ImVec4(0.18f, 0.44f, 0.92f, 1), "tierlens");
  ImGui::PopFont();
  ImGui::SameLine();
  heading(T(S::app_title));
  ImGui::SameLine(0, dp(24));
  if (ImGui::Button(T(S::btn_open_files))) js_open_file_picker(false);
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
  // right side: privacy promise + language switch
  const char* lang_btn = lang() == Lang::Zh ? "English" : "中文";
  const char* privacy = T(S::privacy_short);
  float w = ImGui::CalcTextSize(privacy).x + ImGui::CalcTextSize(lang_btn).x + dp(48);
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + dp(10), ImGui::GetWindowContentRegionMax().x - w));
  ImGui::TextColored(ImVec4(0.2f, 0.55f, 0.35f, 1), "%s", privacy);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::privacy_long));
  ImGui::SameLine();
  if (ImGui::SmallButton(lang_btn)) set_lang(lang() == Lang::Zh ? Lang::En : Lang::Zh);
}

static std::string month_str(int m) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d", m / 12, m % 12 + 1);
  return b;
}
static int month_parse(const std::string& s) {
  int y = 0, mo = 0;
  if (std::sscanf(s.c_str(), "%d-%d", &y, &mo) != 2) return -1;
  return y * 12 + mo - 1;
}

static void draw_context_bar(App& a) {
  const ojson& rep = a.report;
  if (!rep.is_object()) return;
  const ojson& ps = rep["providers"];
  // provider picker
  if (ps.size() > 1) {
    const ojson* cur = a.provider();
    std::string preview = cur ? ((*cur)["id"].get<std::string>() + "  " + (*cur)["name"].get<std::string>()) : "";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T(S::lbl_provider));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(280));
    if (ImGui::BeginCombo("##provider", preview.c_str())) {
      for (const ojson& p : ps) {
        std::string id = p["id"].get<std::string>();
        std::string label = "#" + std::to_string(p["rank"].get<int>()) + "  " + id + "  " + p["name"].get<std::string>() + "  · " + tier_label(p);
        if (ImGui::Selectable(label.c_str(), cur && (*cur)["id"] == id)) a.provider_id = id;
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine(0, dp(20));
  }
  // window picker
  const ojson& w = rep["window"];
  const ojson& dm = w["data_months"];
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(S::lbl_window));
  ImGui::SameLine();
  std::string cur = w["start"].is_null() ? std::string(T(S::no_window))
                                         : month_label(w["start"].get<std::string>()) + " – " + month_label(w["end"].get<std::string>());
  if (w["source"] == "default" && !w["start"].is_null()) cur += std::string("  ") + T(S::window_default_tag);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize(cur.c_str()).x + ImGui::GetFrameHeight() + dp(20));
  if (ImGui::BeginCombo("##window", cur.c_str())) {
    if (ImGui::Selectable(T(S::window_default_option), !a.window.has_value())) { a.window.reset(); a.invalidate(); }
    ImGui::Separator();
    const int n = a.rules.window_months;
    for (size_t i = dm.size(); i-- > 0;) {
      int end = month_parse(dm[i].get<std::string>());
      if (end < 0) continue;
      int start = end - n + 1;
      std::string label = fmt(T(S::window_option), month_label(month_str(start)).c_str(), month_label(month_str(end)).c_str());
      fonts::need(label);
      bool sel = a.window && a.window->last_month == end && a.window->first_month == start;
      if (ImGui::Selectable(label.c_str(), sel)) { a.window = tl::Window{start, end}; a.invalidate(); }
    }
    ImGui::EndCombo();
  }
  if (w["last_month_incomplete"].get<bool>()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.85f, 0.45f, 0.05f, 1), "%s", T(S::incomplete_month));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::incomplete_month_help));
  }
  // exports: one menu button, right-aligned
  const char* ex = T(S::btn_export_menu);
  float bw = ImGui::CalcTextSize(ex).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + dp(10), ImGui::GetWindowContentRegionMax().x - bw));
  if (ImGui::Button(ex)) ImGui::OpenPopup("##export");
  mark_widget("export");
  if (ImGui::BeginPopup("##export")) {
    if (ImGui::Selectable(T(S::btn_export_report))) js_download("tierlens-report.json", "application/json", a.full_report());
    mark_widget("export_report");
    if (ImGui::Selectable(T(S::btn_export_merchants))) js_download("tierlens-merchants.csv", "text/csv;charset=utf-8", a.merchants_csv());
    if (ImGui::Selectable(T(S::btn_copy_summary))) {
      js_clipboard(a.summary_text());
      a.notify(T(S::msg_summary_copied));
    }
    ImGui::EndPopup();
  }
}

static const S kPanelNames[] = {S::tab_dashboard, S::tab_merchants, S::tab_months, S::tab_providers,
                                S::tab_quality,   S::tab_files,     S::tab_rules};

void App::draw() {
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("##root", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  draw_top_bar(*this);
  ImGui::Separator();
  const bool data = has_data() && report.is_object();
  if (data) draw_context_bar(*this);

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
      case Panel::Merchants: data ? panel_merchants(*this) : draw_empty_state(); break;
      case Panel::Months: data ? panel_months(*this) : draw_empty_state(); break;
      case Panel::Providers: data ? panel_providers(*this) : draw_empty_state(); break;
      case Panel::Quality: data ? panel_quality(*this) : draw_empty_state(); break;
      case Panel::Files: panel_files(*this); break;
      case Panel::Rules: panel_rules(*this); break;
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
  if (ImGui::Button(b1)) js_open_file_picker(false);
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
    if (!f.error.empty()) text_wrap(("✗ " + f.name + ": " + f.error).c_str(), IM_COL32(200, 40, 25, 255));
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
