// tierlens web — the platform view: every provider ranked (tier high first, then paid orders, as the engine
// ranks them), the tier distribution above, a filter on id or name, every column sortable, the distance
// to the next tier, and the ranking as CSV (the engine's report::providers_csv, what the CLI writes with
// --format providers-csv). A click on a row opens that provider's dashboard.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <iterator>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "report/report.hpp"

namespace tlw {

namespace {

enum Col { Rank, Id, Name, TierCol, Orders, Active, Qualified, Amount, Gap, Elig, NCols };   // Elig: with a providers file

// the rows shown: indices into Result::providers, filtered and sorted; rebuilt when the evaluation, the
// filter or the sort changes
struct View {
  int eval = -1;
  std::string filter;
  std::vector<int> rows;
  int column = Rank;
  bool descending = false;
} V;

// Column widths: each column's header and widest cell are measured once per evaluation, language and pixel
// ratio; every column but the gap then gets what it needs, and the distance to the next tier (a sentence,
// cut with "…" and whole on hover) the rest, at least `kGapMin`. When the panel is too narrow for that, the
// headers wider than their cells give way first (cut with "…", whole on hover: ImGui's table header), and
// only then does the table scroll sideways, so no column is pushed off the right edge.
constexpr float kGapMin = 240;   // css px
struct Widths {
  int eval = -1;
  Lang lang = Lang::Zh;
  float dpr = 0, avail = 0;
  float head[NCols] = {}, cell[NCols] = {};   // measured
  float w[NCols] = {};                         // laid out for `avail` (content widths, without cell padding)
  float total = 0;                             // the table's width with padding and borders
  int ncols = Elig;                            // NCols with a providers file (the eligibility column)
} W;

// The distance to the next tier as one sortable number: the paid orders the next tier still needs in
// `all`, else (an `any` group failing) the cheapest alternative's gap; providers without a next tier last.
double gap_key(const tl::ProviderResult& p) {
  if (!p.next) return DBL_MAX;
  for (const tl::NextTier::Gap& g : p.next->required)
    if (g.metric == tl::Metric::PaidOrders) return g.missing;
  for (const tl::NextTier::Gap& g : p.next->any_of)
    if (p.next->cheapest && g.metric == *p.next->cheapest) return g.missing;
  return 0;
}

// A cell's text, cut with "…" where the column ends; the whole text on hover when cut.
void cell_text(const std::string& s) {
  const ImVec2 at = ImGui::GetCursorScreenPos(), size = ImGui::CalcTextSize(s.c_str());
  const float w = ImGui::GetContentRegionAvail().x;
  if (size.x <= w) { ImGui::TextUnformatted(s.c_str()); return; }
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), at, ImVec2(at.x + w, at.y + size.y), at.x + w, at.x + w, s.c_str(), nullptr, &size);
  ImGui::Dummy(ImVec2(w, size.y));
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    text_wrap(s.c_str(), 0, dp(420));
    ImGui::EndTooltip();
  }
}

const S kHeads[NCols] = {S::col_rank, S::col_provider_id, S::col_provider_name, S::col_tier, S::metric_paid_orders,
                         S::metric_active_merchants, S::metric_qualified_merchants, S::metric_paid_amount, S::col_next_gap,
                         S::col_eligibility};

void measure(const App& a, const tl::Result& r) {
  W.eval = a.eval_count;
  W.lang = lang();
  W.dpr = fonts::dpr();
  W.ncols = r.eligibility_checked ? NCols : Elig;   // the eligibility column only with a providers file
  std::fill(std::begin(W.cell), std::end(W.cell), 0.f);
  auto fit = [](int c, const std::string& s) { W.cell[c] = std::max(W.cell[c], ImGui::CalcTextSize(s.c_str()).x); };
  for (int c = 0; c < NCols; ++c) W.head[c] = ImGui::CalcTextSize(T(kHeads[c])).x + ImGui::GetFontSize();   // + the sort arrow
  fit(Rank, std::to_string(r.providers.size()));
  for (const tl::ProviderResult& p : r.providers) {
    fit(Id, p.id.empty() ? T(S::all_data) : p.id);
    fit(Name, p.name);
    fit(TierCol, "● " + tier_label(r.tier_of(p)));
    fit(Orders, fmt_int(p.metrics.paid_orders));
    fit(Active, fmt_int(p.metrics.active_merchants));
    fit(Qualified, fmt_int(p.metrics.qualified_merchants));
    fit(Amount, "¥" + fmt_num(p.metrics.value(tl::Metric::PaidAmount)));
    if (W.ncols > Elig) fit(Elig, tl::report::eligibility_label(p, engine_lang()));
  }
  W.cell[Name] = std::min(W.cell[Name], dp(240));   // longer names are cut with "…", whole on hover
}

// true when the widths changed (new data, language, pixel ratio or panel width)
bool layout(const App& a, const tl::Result& r, float avail) {
  const bool fresh = W.eval != a.eval_count || W.lang != lang() || W.dpr != fonts::dpr();
  if (!fresh && W.avail == avail) return false;
  if (fresh) measure(a, r);
  W.avail = avail;
  const float extra = ImGui::GetStyle().CellPadding.x * 2 + dp(1);   // per column: padding and border
  float want = 0, least = 0;
  for (int c = 0; c < W.ncols; ++c) {
    if (c == Gap) continue;
    want += std::max(W.head[c], W.cell[c]);
    least += std::max(W.cell[c], std::min(W.head[c], dp(64)));
  }
  const float room = avail - extra * W.ncols - std::max(W.head[Gap], dp(kGapMin));
  // squeezed only when that spares the scrolling: when the table scrolls anyway, every header is whole
  const float k = room >= want || room < least ? 1.f : (room - least) / (want - least);
  W.total = extra * W.ncols + std::max(W.head[Gap], dp(kGapMin));
  for (int c = 0; c < W.ncols; ++c) {
    if (c == Gap) continue;
    const float lo = std::max(W.cell[c], std::min(W.head[c], dp(64))), hi = std::max(W.head[c], W.cell[c]);
    W.total += W.w[c] = std::round(lo + (hi - lo) * k);
  }
  return true;
}

bool less_by(const tl::Result& r, int col, int a, int b) {
  const tl::ProviderResult &x = r.providers[static_cast<size_t>(a)], &y = r.providers[static_cast<size_t>(b)];
  switch (col) {
    case Id: return x.id < y.id;
    case Name: return x.name < y.name;
    case TierCol: return x.tier < y.tier;
    case Orders: return x.metrics.paid_orders < y.metrics.paid_orders;
    case Active: return x.metrics.active_merchants < y.metrics.active_merchants;
    case Qualified: return x.metrics.qualified_merchants < y.metrics.qualified_merchants;
    case Amount: return x.metrics.paid_amount_cents < y.metrics.paid_amount_cents;
    case Gap: return gap_key(x) < gap_key(y);
    case Elig: return x.eligibility && y.eligibility && x.eligibility->status < y.eligibility->status;
    default: return false;
  }
}

void rebuild(const tl::Result& r) {
  V.rows.clear();
  for (size_t i = 0; i < r.providers.size(); ++i)
    if (contains_ci(r.providers[i].id, V.filter) || contains_ci(r.providers[i].name, V.filter)) V.rows.push_back(static_cast<int>(i));
  // a stable sort on the engine's ranking: ties keep the ranking's order, whichever the direction
  std::stable_sort(V.rows.begin(), V.rows.end(), [&](int a, int b) {
    if (V.column == Rank) return V.descending ? a > b : a < b;
    return V.descending ? less_by(r, V.column, b, a) : less_by(r, V.column, a, b);
  });
}

// Counts per tier as a row of coloured segments, highest tier first, with the counts written out.
void tier_distribution(const tl::Result& r) {
  std::vector<int> counts(r.rules.tiers.size());
  for (const tl::ProviderResult& p : r.providers)
    if (p.tier < counts.size()) ++counts[p.tier];
  const int total = static_cast<int>(r.providers.size());
  ImGui::TextDisabled("%s", T(S::tier_distribution));
  for (size_t k = counts.size(); k-- > 0;) {
    const std::string label = tier_label(r.rules.tiers[k]) + " " + fmt_int(counts[k]);
    fonts::need(label);
    ImGui::SameLine(0, dp(14));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tier_color(r.rules.tiers[k].id)), "● %s", label.c_str());
  }
  const float w = ImGui::GetContentRegionAvail().x, h = dp(10);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(at, ImVec2(at.x + w, at.y + h), IM_COL32(230, 232, 238, 255), dp(3));
  float x = at.x;
  for (size_t k = counts.size(); k-- > 0;) {
    if (!counts[k] || total <= 0) continue;
    const float seg = w * static_cast<float>(counts[k]) / static_cast<float>(total);
    dl->AddRectFilled(ImVec2(x, at.y), ImVec2(x + seg, at.y + h), tier_color(r.rules.tiers[k].id));
    x += seg;
  }
  ImGui::Dummy(ImVec2(w, h));
  mark_widget("tier_distribution");
}

}  // namespace

void panel_providers(App& a) {
  const tl::Result& r = *a.result;
  const std::vector<tl::ProviderResult>& ps = r.providers;
  ImGui::Spacing();
  heading(fmt(T(S::providers_title), static_cast<int>(ps.size())).c_str());
  ImGui::TextDisabled("%s", T(S::providers_help));
  ImGui::Spacing();
  tier_distribution(r);
  ImGui::Spacing();

  // filter (IME-safe: the app's text input) and the CSV of the ranking
  text_input("##provider_search", a.provider_filter, 280, T(S::provider_search_hint));
  mark_widget("provider_search");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", fmt(T(S::providers_shown), static_cast<int>(V.rows.size()), static_cast<int>(ps.size())).c_str());
  const char* ex = T(S::btn_export_providers);
  const float bw = ImGui::CalcTextSize(ex).x + ImGui::GetStyle().FramePadding.x * 2;
  same_line_right(bw);
  if (ImGui::Button(ex)) js_download("tierlens-providers.csv", "text/csv;charset=utf-8", tl::report::providers_csv(r, engine_lang()));
  mark_widget("providers_export");

  // laid out by layout() above; the inner width makes the table scroll sideways when it needs more than the panel
  ImGuiTableFlags fl = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                       ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable;
  const float avail = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
  const bool relaid = layout(a, r, avail);
  const int ncols = W.ncols;
  if (!ImGui::BeginTable("##providers", ncols, fl, ImVec2(0, ImGui::GetContentRegionAvail().y - dp(4)), std::max(avail, W.total))) return;
  ImGui::TableSetupScrollFreeze(1, 1);   // the rank stays in view while scrolling sideways
  const ImGuiTableColumnFlags num = ImGuiTableColumnFlags_PreferSortDescending;   // the largest first on a first click
  for (int c = 0; c < ncols; ++c) {
    ImGuiTableColumnFlags f = c == Gap ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed;
    if (c == Rank) f |= ImGuiTableColumnFlags_DefaultSort;
    if (c >= TierCol && c <= Amount) f |= num;
    ImGui::TableSetupColumn(T(kHeads[c]), f, c == Gap ? 1.0f : W.w[c], static_cast<ImGuiID>(c));
  }
  // ImGui takes a column's width only when the table is made: new data, language or panel width lay the
  // columns out anew (a column resized by hand keeps its width until then)
  if (relaid)
    for (int c = 0; c < ncols; ++c)
      if (c != Gap) ImGui::GetCurrentTable()->Columns[c].WidthRequest = W.w[c];
  // the header row drawn cell by cell, so tests can click a header where a person would
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int c = 0; c < ncols; ++c) {
    if (!ImGui::TableSetColumnIndex(c)) continue;
    ImGui::TableHeader(ImGui::TableGetColumnName(c));
    const std::string name = "providers_head_" + std::to_string(c);
    mark_widget(name.c_str());
  }

  bool changed = V.eval != a.eval_count || V.filter != a.provider_filter;
  if (ImGuiTableSortSpecs* ss = ImGui::TableGetSortSpecs()) {
    if (ss->SpecsDirty || changed) {
      V.column = ss->SpecsCount > 0 ? static_cast<int>(ss->Specs[0].ColumnUserID) : Rank;
      V.descending = ss->SpecsCount > 0 && ss->Specs[0].SortDirection == ImGuiSortDirection_Descending;
      ss->SpecsDirty = false;
      changed = true;
    }
  }
  if (changed) {
    V.eval = a.eval_count;
    V.filter = a.provider_filter;
    rebuild(r);
  }
  a.providers_view = {V.eval, static_cast<int>(V.rows.size()), static_cast<int>(ps.size()),
                      V.rows.empty() ? std::string() : ps[static_cast<size_t>(V.rows[0])].id, V.column, V.descending};

  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(V.rows.size()));
  while (clip.Step()) {
    for (int n = clip.DisplayStart; n < clip.DisplayEnd; ++n) {
      const size_t i = static_cast<size_t>(V.rows[static_cast<size_t>(n)]);
      const tl::ProviderResult& p = ps[i];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(Rank);
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(std::to_string(i + 1).c_str(), a.provider() == &p,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap)) {
        a.provider_id = p.id;
        a.panel = Panel::Dashboard;
        a.panel_forced = true;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::providers_click));
      ImGui::PopID();
      ImGui::TableSetColumnIndex(Id);
      ImGui::TextUnformatted(p.id.empty() ? T(S::all_data) : p.id.c_str());
      ImGui::TableSetColumnIndex(Name);
      cell_text(p.name);
      ImGui::TableSetColumnIndex(TierCol);
      const tl::Tier& tier = r.tier_of(p);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tier_color(tier.id)), "● %s", tier_label(tier).c_str());
      ImGui::TableSetColumnIndex(Orders);
      ImGui::TextUnformatted(fmt_int(p.metrics.paid_orders).c_str());
      ImGui::TableSetColumnIndex(Active);
      ImGui::TextUnformatted(fmt_int(p.metrics.active_merchants).c_str());
      ImGui::TableSetColumnIndex(Qualified);
      ImGui::TextUnformatted(fmt_int(p.metrics.qualified_merchants).c_str());
      ImGui::TableSetColumnIndex(Amount);
      ImGui::TextUnformatted(("¥" + fmt_num(p.metrics.value(tl::Metric::PaidAmount))).c_str());
      ImGui::TableSetColumnIndex(Gap);
      const std::string gap = tl::report::gap_sentence(r, p, engine_lang());
      cell_text(gap.empty() ? "—" : gap);
      if (ncols > Elig && ImGui::TableSetColumnIndex(Elig)) {   // the engine's label; the sentence on hover
        const std::string label = tl::report::eligibility_label(p, engine_lang()), why = tl::report::eligibility_sentence(p, engine_lang());
        fonts::need(label + why);
        const bool in = p.eligibility && p.eligibility->status == tl::Eligibility::Status::Eligible;
        ImGui::TextColored(in ? ImVec4(0.15f, 0.55f, 0.3f, 1) : ImVec4(0.75f, 0.35f, 0.0f, 1), "%s", label.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why.c_str());
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace tlw
