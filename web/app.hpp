// tierlens web — application state and the shared helpers of the panels.
// The UI never computes a metric: it shows the engine's typed result (tl::Result: every provider's
// metrics, tiers, gap, months and merchant table, data quality) and the FileInfo of each file, and calls
// Workspace::evaluate on every rule / window change. Reports, summaries and CSV come from report/.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <memory>

#include "i18n.hpp"
#include "report/report.hpp"
#include "workspace.hpp"

struct ImGuiStyle;
struct ImFont;

namespace tlw {

enum class Panel : int { Dashboard, Plan, Merchants, Months, Providers, Quality, Files, Rules, Compare, Count };
// the file picker's purpose: data files, the rules, or the rules to compare with
enum class Pick : int { Data, Rules, CompareRules };

// A batch of files being streamed in by JS (web/host.js), shown as a progress overlay.
struct Reading {
  bool active = false;
  int files_total = 0, files_done = 0;
  int file = -1;                 // workspace id of the file being read
  std::string name;
  double size = 0;               // bytes of the current file
  double batch_bytes = 0, batch_done_bytes = 0;
  double started = 0;            // emscripten_get_now() at batch start
  bool cancelled = false;
};

struct App {
  tl::Workspace ws;
  tl::RuleSet rules = tl::default_rules();
  // The dashboard's evaluation: everything every panel, export and download shows (no panel asks
  // the engine again). Null before the first evaluation.
  std::shared_ptr<const tl::Result> result;
  // the result with its gap plan (tl::plan), made when the Plan panel is first shown after an evaluation
  std::shared_ptr<const tl::Result> planned;
  int planned_eval = -1;
  // the grade in progress at the current daily rate (tl::project), made with every evaluation while a month
  // of the data is running; kept beside `result` so reports stay the CLI's (no "projection" there)
  std::optional<tl::Projection> projection;
  // The comparison slot (docs/plan.md §2): a second rule set the same data is evaluated under, only while
  // one is set. tl::compare's answer goes into `result` itself, so the report carries "comparison" exactly
  // as the CLI's `evaluate --compare-rules`. A change of these rules alone re-evaluates only them.
  std::optional<tl::RuleSet> compare_rules;
  std::string compare_error;     // why the last rules to compare were refused (the page's words)
  bool compare_dirty = false;    // compare again before the next frame

  // selection and view
  Panel panel = Panel::Dashboard;
  bool panel_forced = false;     // set programmatically: select that tab once
  std::string provider_id;       // selected provider (Result::providers[].id)
  bool provider_valid = false;
  std::optional<tl::Window> window; // explicit evaluation window; none = the default (latest complete months)
  std::string merchant_filter;
  bool near_only = false;

  // evaluation bookkeeping
  bool dirty = false;            // re-evaluate before the next frame
  double last_eval_ms = 0;       // the last evaluation: engine and the UI's update
  double last_engine_ms = 0;     // of which Workspace::evaluate
  int eval_count = 0;

  // What the merchants panel drew last (tests): the evaluation, provider, rows shown of total, first row's id.
  struct MerchantsView { int eval = -1; std::string provider; int rows = 0, total = 0; std::string first; } merchants_view;
  // The providers panel (the platform view): its filter on id or name, and what it drew last (tests): rows
  // shown of total, the first row's id, the sort column (0 = the engine's rank) and direction.
  std::string provider_filter;
  struct ProvidersView { int eval = -1; int rows = 0, total = 0; std::string first; int column = 0; bool descending = false; } providers_view;
  // What the comparison panel drew last (tests): the providers that change tier, of total.
  struct CompareView { int eval = -1; int rows = 0, total = 0; std::vector<std::string> changed; } compare_view;
  // What the grade-history chart drew last (tests): provider, the grades' months and tier ids, oldest first,
  // and the tiers whose paid-orders bar is drawn as a line.
  struct HistoryView {
    int eval = -1;
    std::string provider;
    std::vector<std::string> grades, tiers, bar_lines;
  } history_view;

  Reading reading;
  bool update_ready = false;     // a new build of the page is installed and waits (web/sw.js)
  std::map<int, std::string> memory_files;   // demo files: bytes kept for re-reading with new options
  std::string toast;  double toast_until = 0;
  std::string rules_error;
  int frames_busy = 0;

  void init();
  void before_frame();           // evaluation when dirty, between frames
  void after_frame();            // a change made during the frame
  void draw();
  bool busy() const { return reading.active || frames_busy > 0 || dirty || compare_dirty; }
  void poke(int frames = 10) { if (frames_busy < frames) frames_busy = frames; }

  void evaluate();               // runs now
  void invalidate() { dirty = true; poke(); }
  bool has_data() const;
  const tl::ProviderResult* provider() const; // selected provider in the result, or null
  // The complete report (every merchant table, byte-identical to the CLI's with the same --lang), written
  // on demand for downloads and window.tierlens.report(), and kept until the next evaluation.
  const std::string& full_report(tl::Lang lang);
  // Every past grade the data covers, for the months panel: asked of the engine when first shown after
  // an evaluation (one more evaluation per grade), kept until the next.
  const std::vector<tl::Grade>& history();
  // The result with its gap plan (`planned`, tl::plan): made on first use after an evaluation (the Plan panel,
  // the HTML report), kept until the next; the plain result when planning failed (then `planned` is null).
  const tl::Result& with_plan();
  void select_provider(const std::string& id) { provider_id = id; }
  void notify(const std::string& msg, double seconds = 3.0);
  void set_rules(const tl::RuleSet& r);   // + re-evaluate
  std::string set_rules_json(const std::string& json);   // "" or the error
  void set_compare_rules(std::optional<tl::RuleSet> r);   // none: no comparison; compares before the next frame
  std::string set_compare_rules_json(const std::string& json);   // "" or the error ("" json: clears)
  void load_demo();
  void warm_up();   // the engine once on the demo data, thrown away (app.cpp)
  void file_closed(int id);      // a streamed file ended: load rules files, re-evaluate
  void reread(int id, const tl::FileOptions& o);
  std::string summary_text() const;   // report::text in the page's language
  std::string merchants_csv() const;  // every provider's table (report::merchants_csv)

 private:
  std::string full_report_text_;
  int full_report_eval_ = -1;    // eval_count full_report_text_ belongs to
  tl::Lang full_report_lang_ = tl::Lang::En;
  std::vector<tl::Grade> history_;
  int history_eval_ = -1;        // main_evals_ history_ belongs to (a new comparison does not change it)
  int main_evals_ = 0;           // evaluations of the data under `rules` (eval_count also counts comparisons)
  uint64_t glyph_data_sig_ = 0;  // the data whose merchant names the font atlas has seen
  tl::EvalOptions options() const;             // the rules-independent options of every evaluation
  void need_glyphs();            // the strings of a new result, for the font atlas
  void compare_into(tl::Result& r);   // r.comparison under compare_rules (none without)
  void recompare();              // only the comparison changed: a copy of result with the new one
};
App& app();

// ---- formatting and widgets shared by the panels (app.cpp; labels and numbers come from the engine) ----
tl::Lang engine_lang();                               // the page's language as the engine's
std::string fmt_int(int64_t v);                       // 1,234,567
std::string fmt_num(double v);                        // integers grouped, fractions with 2 decimals
std::string fmt_bytes(double b);
std::string metric_label(tl::Metric m);               // localized
std::string tier_label(const tl::Tier& t);            // name or name_en by language
std::string reason_label(tl::Reason r);
std::string field_label(tl::Field f);
std::string kind_label(tl::FileKind k);
std::string month_label(int month);                   // norm::month_index -> "2023年6月" / "2023-06"
std::string message_text(const tl::Message& m);       // rendered in the page's language, with the page's fix
void apply_theme(ImGuiStyle& st);
float dp(float css_px);                                // css px -> device px
void heading(const char* text);                       // bold face
void big_text(const char* text, uint32_t color = 0);  // big face
void help_marker(const char* text);
// Word-wraps like a person reading Chinese expects: breaks between CJK characters (never before closing
// punctuation) and at spaces. ImGui's own wrapping only breaks at spaces. width <= 0: available width.
void text_wrap(const char* text, uint32_t color = 0, float width = 0);
void tier_badge(const tl::Result& r, const tl::ProviderResult& p, float height_css = 44.f);
uint32_t tier_color(const std::string& tier_id);
bool text_input(const char* label, std::string& s, float width_css = 0, const char* hint = nullptr);
// Places the next item (`width` device px wide) at the right end of the current line, or on the next line
// when the line has no room left for it.
void same_line_right(float width);
bool contains_ci(std::string_view hay, const std::string& needle);   // ASCII case-insensitive; "" matches everything
void draw_empty_state();
void mark_widget(const char* name);                   // remembers the last item's rect (tests click it)
std::string widget_rect_json(const char* name);       // [x, y, w, h] in CSS pixels, or "null"
void draw_progress_overlay();

void panel_dashboard(App& a);
void panel_plan(App& a);
void panel_merchants(App& a);
void panel_months(App& a);
void panel_providers(App& a);
void panel_quality(App& a);
void panel_files(App& a);
void panel_rules(App& a);
void panel_compare(App& a);
// The rules editor's tier conditions (panel_rules.cpp), also editing the rules to compare; true when changed.
bool tier_conditions_editor(tl::RuleSet& r);
// A merchant row of the "closest to qualifying" tables (dashboard, plan): id, name, industry, best month,
// [monthly standard,] shortfall, from column 0 of the current table row.
void merchant_near_row(const tl::Result& r, const tl::MerchantRow& m, bool with_standard);

// JS side (EM_JS in bridge.cpp)
void js_open_file_picker(Pick what);
void js_download(const std::string& name, const std::string& mime, const std::string& data);
void js_clipboard(const std::string& text);
void js_activate_update();   // reload into the new build
void js_share_rules(const std::string& rules_json);
bool js_reread(int id, const std::string& options_json);
double now_ms();

}  // namespace tlw
