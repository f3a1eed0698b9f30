// tierlens web — the merchant table of the selected provider (sortable, searchable, clipped for large
// lists) and the "closest to qualifying" view.
#include <algorithm>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

namespace {
struct View {
  int eval = -1;
  std::string provider, filter;
  bool near_only = false;
  std::vector<int> rows;        // indices into the provider's merchant table
  bool need_sort = true;
} V;

bool contains_ci(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
  return it != hay.end();
}

// sort key of column c for merchant m (numbers as double; strings compared separately)
double num_key(const tl::MerchantLine& m, int c, int nmonths) {
  if (c >= 3 && c < 3 + nmonths) return static_cast<double>(m.orders[c - 3]);
  switch (c - 3 - nmonths) {
    case 0: return static_cast<double>(m.total);
    case 1: return m.active ? 1 : 0;
    case 2: return m.qualified ? 1 : 0;
    case 3: return static_cast<double>(m.best_month_orders);
    case 4: return m.standard ? static_cast<double>(*m.standard) : -1.0;
    case 5: return m.shortfall ? static_cast<double>(*m.shortfall) : 1e18;
  }
  return 0;
}
const std::string& str_key(const tl::MerchantLine& m, int c) { return c == 0 ? m.id : c == 1 ? m.name : m.industry; }
}  // namespace

void panel_merchants(App& a) {
  const ojson* pp = a.provider();
  const tl::MerchantTable* mt = a.merchant_table(pp);
  if (!pp || !mt) return;
  const ojson& p = *pp;
  const std::vector<tl::MerchantLine>& ms = mt->rows;
  const ojson& months = a.report["window"]["months"];
  const int nm = static_cast<int>(months.size());

  ImGui::Spacing();
  text_input("##search", a.merchant_filter, 280, T(S::search_hint));
  mark_widget("merchant_search");
  ImGui::SameLine();
  ImGui::Checkbox(T(S::near_only), &a.near_only);
  ImGui::SameLine();
  help_marker(T(S::near_help));

  const std::string pid = p["id"].get<std::string>();
  if (V.eval != a.eval_count || V.provider != pid || V.filter != a.merchant_filter || V.near_only != a.near_only) {
    V.eval = a.eval_count;
    V.provider = pid;
    V.filter = a.merchant_filter;
    V.near_only = a.near_only;
    V.rows.clear();
    if (a.near_only) {
      for (size_t i : mt->near) V.rows.push_back(static_cast<int>(i));
    } else {
      for (size_t i = 0; i < ms.size(); ++i)
        if (contains_ci(ms[i].id, V.filter) || contains_ci(ms[i].name, V.filter) || contains_ci(ms[i].industry, V.filter))
          V.rows.push_back(static_cast<int>(i));
    }
    V.need_sort = !a.near_only;
  }
  ImGui::SameLine(0, dp(20));
  ImGui::TextDisabled("%s", fmt(T(S::merchants_count), static_cast<int>(V.rows.size()), static_cast<int>(ms.size())).c_str());

  const int ncols = 3 + nm + 6;
  ImGuiTableFlags fl = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                       ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Hideable;
  if (!ImGui::BeginTable("##merchants", ncols, fl, ImVec2(0, ImGui::GetContentRegionAvail().y - dp(4)))) return;
  ImGui::TableSetupScrollFreeze(2, 1);
  ImGui::TableSetupColumn(T(S::col_merchant_id), ImGuiTableColumnFlags_WidthFixed, dp(120));
  ImGui::TableSetupColumn(T(S::col_merchant_name), ImGuiTableColumnFlags_WidthFixed, dp(180));
  ImGui::TableSetupColumn(T(S::col_industry), ImGuiTableColumnFlags_WidthFixed, dp(90));
  for (int k = 0; k < nm; ++k) {
    std::string h = month_label(months[k].get<std::string>()) + "##m" + std::to_string(k);
    ImGui::TableSetupColumn(h.c_str(), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, dp(96));
  }
  ImGui::TableSetupColumn(T(S::col_total), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending | ImGuiTableColumnFlags_DefaultSort, dp(80));
  ImGui::TableSetupColumn(T(S::col_active), ImGuiTableColumnFlags_WidthFixed, dp(56));
  ImGui::TableSetupColumn(T(S::col_qualified), ImGuiTableColumnFlags_WidthFixed, dp(56));
  ImGui::TableSetupColumn(T(S::col_best_month), ImGuiTableColumnFlags_WidthFixed, dp(140));
  ImGui::TableSetupColumn(T(S::col_standard), ImGuiTableColumnFlags_WidthFixed, dp(80));
  ImGui::TableSetupColumn(T(S::col_shortfall), ImGuiTableColumnFlags_WidthFixed, dp(96));
  ImGui::TableHeadersRow();

  if (ImGuiTableSortSpecs* ss = ImGui::TableGetSortSpecs()) {
    if (ss->SpecsDirty) { V.need_sort = true; ss->SpecsDirty = false; }
    if (V.need_sort && ss->SpecsCount > 0 && !a.near_only) {
      const ImGuiTableColumnSortSpecs& s = ss->Specs[0];
      const int c = s.ColumnIndex;
      const bool asc = s.SortDirection == ImGuiSortDirection_Ascending;
      std::stable_sort(V.rows.begin(), V.rows.end(), [&](int x, int y) {
        const tl::MerchantLine& mx = ms[x];
        const tl::MerchantLine& my = ms[y];
        if (c <= 2) {
          const std::string& sx = str_key(mx, c);
          const std::string& sy = str_key(my, c);
          return asc ? sx < sy : sy < sx;
        }
        double kx = num_key(mx, c, nm), ky = num_key(my, c, nm);
        return asc ? kx < ky : ky < kx;
      });
    }
    V.need_sort = false;
  }

  a.merchants_view = {a.eval_count, pid, static_cast<int>(V.rows.size()), static_cast<int>(ms.size()), V.rows.empty() ? "" : ms[V.rows[0]].id};
  bool new_glyphs = false;
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(V.rows.size()));
  while (clip.Step()) {
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      const tl::MerchantLine& m = ms[V.rows[r]];
      // names are not in the report JSON the fonts saw: register the glyphs of the rows drawn
      new_glyphs |= fonts::need(m.name);
      new_glyphs |= fonts::need(m.industry);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m.id.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m.name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m.industry.c_str());
      for (int k = 0; k < nm; ++k) {
        ImGui::TableNextColumn();
        const std::string v = fmt_int(m.orders[k]);
        if (k == m.best_month && m.qualified) ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.25f, 1), "%s", v.c_str());
        else ImGui::TextUnformatted(v.c_str());
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(fmt_int(m.total).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m.active ? "✓" : "—");
      ImGui::TableNextColumn();
      if (m.qualified) ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.25f, 1), "✓");
      else ImGui::TextDisabled("—");
      ImGui::TableNextColumn();
      if (m.best_month < 0 || m.best_month >= nm) ImGui::TextDisabled("—");
      else ImGui::Text("%s · %s", month_label(months[m.best_month].get<std::string>()).c_str(), fmt_int(m.best_month_orders).c_str());
      ImGui::TableNextColumn();
      if (!m.standard) {
        ImGui::TextColored(ImVec4(0.8f, 0.35f, 0.1f, 1), "%s", T(S::no_standard));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::no_standard_help));
      } else {
        ImGui::TextUnformatted(fmt_int(*m.standard).c_str());
      }
      ImGui::TableNextColumn();
      if (!m.shortfall) ImGui::TextDisabled("—");
      else if (m.qualified) ImGui::TextDisabled("0");
      else ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.05f, 1), "%s", fmt_int(*m.shortfall).c_str());
    }
  }
  ImGui::EndTable();
  if (new_glyphs) a.poke();
}

}  // namespace tlw
