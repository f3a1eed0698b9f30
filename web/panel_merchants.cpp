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

// sort key of column c for merchant row m (numbers as double; strings compared separately)
double num_key(const tl::Result& r, const tl::MerchantRow& m, int c, int nmonths) {
  if (c >= 3 && c < 3 + nmonths) return static_cast<double>(r.orders_of(m)[c - 3]);
  switch (c - 3 - nmonths) {
    case 0: return static_cast<double>(m.total);
    case 1: return m.active ? 1 : 0;
    case 2: return m.qualified ? 1 : 0;
    case 3: return static_cast<double>(m.best_orders);
    case 4: return m.standard ? static_cast<double>(*m.standard) : -1.0;
    case 5: return m.shortfall ? static_cast<double>(*m.shortfall) : 1e18;
  }
  return 0;
}
std::string_view str_key(const tl::Result& r, const tl::MerchantRow& m, int c) {
  return c == 0 ? r.merchant_id(m) : c == 1 ? r.merchant_name(m) : r.merchant_industry(m);
}
void text(std::string_view s) { ImGui::TextUnformatted(s.data(), s.data() + s.size()); }
}  // namespace

void panel_merchants(App& a) {
  const tl::ProviderResult* pp = a.provider();
  if (!pp) return;
  const tl::ProviderResult& p = *pp;
  const tl::Result& r = *a.result;
  const std::vector<tl::MerchantRow>& ms = p.merchants;
  const int first_month = r.window.window.first_month;
  const int nm = r.window.window.months();

  ImGui::Spacing();
  text_input("##search", a.merchant_filter, 280, T(S::search_hint));
  mark_widget("merchant_search");
  ImGui::SameLine();
  ImGui::Checkbox(T(S::near_only), &a.near_only);
  ImGui::SameLine();
  help_marker(T(S::near_help));

  const std::string& pid = p.id;
  if (V.eval != a.eval_count || V.provider != pid || V.filter != a.merchant_filter || V.near_only != a.near_only) {
    V.eval = a.eval_count;
    V.provider = pid;
    V.filter = a.merchant_filter;
    V.near_only = a.near_only;
    V.rows.clear();
    if (a.near_only) {
      for (size_t i : p.near) V.rows.push_back(static_cast<int>(i));
    } else {
      for (size_t i = 0; i < ms.size(); ++i)
        if (contains_ci(r.merchant_id(ms[i]), V.filter) || contains_ci(r.merchant_name(ms[i]), V.filter) ||
            contains_ci(r.merchant_industry(ms[i]), V.filter))
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
    std::string h = month_label(first_month + k) + "##m" + std::to_string(k);
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
        const tl::MerchantRow& mx = ms[x];
        const tl::MerchantRow& my = ms[y];
        if (c <= 2) {
          const std::string_view sx = str_key(r, mx, c), sy = str_key(r, my, c);
          return asc ? sx < sy : sy < sx;
        }
        double kx = num_key(r, mx, c, nm), ky = num_key(r, my, c, nm);
        return asc ? kx < ky : ky < kx;
      });
    }
    V.need_sort = false;
  }

  a.merchants_view = {a.eval_count, pid, static_cast<int>(V.rows.size()), static_cast<int>(ms.size()),
                      V.rows.empty() ? std::string() : std::string(r.merchant_id(ms[V.rows[0]]))};
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(V.rows.size()));
  while (clip.Step()) {
    for (int row = clip.DisplayStart; row < clip.DisplayEnd; ++row) {
      const tl::MerchantRow& m = ms[V.rows[row]];
      const int64_t* orders = r.orders_of(m);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(r.merchant_id(m));
      ImGui::TableNextColumn();
      text(r.merchant_name(m));
      ImGui::TableNextColumn();
      text(r.merchant_industry(m));
      for (int k = 0; k < nm; ++k) {
        ImGui::TableNextColumn();
        const std::string v = fmt_int(orders[k]);
        if (k == m.best && m.qualified) ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.25f, 1), "%s", v.c_str());
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
      if (m.best < 0 || m.best >= nm) ImGui::TextDisabled("—");
      else ImGui::Text("%s · %s", month_label(first_month + m.best).c_str(), fmt_int(m.best_orders).c_str());
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
}

}  // namespace tlw
