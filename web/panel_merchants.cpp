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
  std::vector<int> rows;        // indices into provider.merchants
  bool need_sort = true;
} V;

bool contains_ci(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
  return it != hay.end();
}

// sort key of column c for merchant m (numbers as double; strings compared separately)
double num_key(const ojson& m, int c, int nmonths) {
  if (c >= 3 && c < 3 + nmonths) return m["orders"][c - 3].get<double>();
  int k = c - 3 - nmonths;
  auto nz = [](const ojson& v) { return v.is_null() ? -1.0 : v.get<double>(); };
  switch (k) {
    case 0: return m["total"].get<double>();
    case 1: return m["active"].get<bool>() ? 1 : 0;
    case 2: return m["qualified"].get<bool>() ? 1 : 0;
    case 3: return m["best_month_orders"].get<double>();
    case 4: return nz(m["standard"]);
    case 5: return m["shortfall"].is_null() ? 1e18 : m["shortfall"].get<double>();
  }
  return 0;
}
}  // namespace

void panel_merchants(App& a) {
  const ojson* pp = a.provider();
  if (!pp) return;
  const ojson& p = *pp;
  const ojson& ms = p["merchants"];
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
      for (const ojson& id : p["near_qualifying"])
        for (size_t i = 0; i < ms.size(); ++i)
          if (ms[i]["id"] == id) { V.rows.push_back(static_cast<int>(i)); break; }
    } else {
      for (size_t i = 0; i < ms.size(); ++i) {
        const ojson& m = ms[i];
        if (contains_ci(m["id"].get_ref<const std::string&>(), V.filter) || contains_ci(m["name"].get_ref<const std::string&>(), V.filter) ||
            contains_ci(m["industry"].get_ref<const std::string&>(), V.filter))
          V.rows.push_back(static_cast<int>(i));
      }
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
        const ojson& mx = ms[x];
        const ojson& my = ms[y];
        if (c <= 2) {
          const char* key = c == 0 ? "id" : c == 1 ? "name" : "industry";
          const std::string& sx = mx[key].get_ref<const std::string&>();
          const std::string& sy = my[key].get_ref<const std::string&>();
          return asc ? sx < sy : sy < sx;
        }
        double kx = num_key(mx, c, nm), ky = num_key(my, c, nm);
        return asc ? kx < ky : ky < kx;
      });
    }
    V.need_sort = false;
  }

  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(V.rows.size()));
  while (clip.Step()) {
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      const ojson& m = ms[V.rows[r]];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m["id"].get_ref<const std::string&>().c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m["name"].get_ref<const std::string&>().c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m["industry"].get_ref<const std::string&>().c_str());
      const std::string best = m["best_month"].is_null() ? "" : m["best_month"].get<std::string>();
      for (int k = 0; k < nm; ++k) {
        ImGui::TableNextColumn();
        const ojson& o = m["orders"][k];
        bool is_best = best == months[k].get_ref<const std::string&>();
        if (is_best && m["qualified"].get<bool>()) ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.25f, 1), "%s", fmt_num(o).c_str());
        else ImGui::TextUnformatted(fmt_num(o).c_str());
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(fmt_num(m["total"]).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(m["active"].get<bool>() ? "✓" : "—");
      ImGui::TableNextColumn();
      if (m["qualified"].get<bool>()) ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.25f, 1), "✓");
      else ImGui::TextDisabled("—");
      ImGui::TableNextColumn();
      if (m["best_month"].is_null()) ImGui::TextDisabled("—");
      else ImGui::Text("%s · %s", month_label(best).c_str(), fmt_num(m["best_month_orders"]).c_str());
      ImGui::TableNextColumn();
      if (m["standard"].is_null()) {
        ImGui::TextColored(ImVec4(0.8f, 0.35f, 0.1f, 1), "%s", T(S::no_standard));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::no_standard_help));
      } else {
        ImGui::TextUnformatted(fmt_num(m["standard"]).c_str());
      }
      ImGui::TableNextColumn();
      if (m["shortfall"].is_null()) ImGui::TextDisabled("—");
      else if (m["qualified"].get<bool>()) ImGui::TextDisabled("0");
      else ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.05f, 1), "%s", fmt_num(m["shortfall"]).c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace tlw
