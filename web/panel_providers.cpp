// tierlens web — all providers ranked (tier high first, then paid orders, as the engine ranks them);
// a click opens that provider's dashboard.
#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

void panel_providers(App& a) {
  const tl::Result& r = *a.result;
  const std::vector<tl::ProviderResult>& ps = r.providers;
  ImGui::Spacing();
  heading(fmt(T(S::providers_title), static_cast<int>(ps.size())).c_str());
  ImGui::TextDisabled("%s", T(S::providers_help));
  ImGuiTableFlags fl = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp |
                       ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("##providers", 9, fl, ImVec2(0, ImGui::GetContentRegionAvail().y - dp(4)))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(T(S::col_rank), ImGuiTableColumnFlags_WidthFixed, dp(48));
  ImGui::TableSetupColumn(T(S::col_provider_id), 0, 1.2f);
  ImGui::TableSetupColumn(T(S::col_provider_name), 0, 2.0f);
  ImGui::TableSetupColumn(T(S::col_tier), 0, 1.4f);
  ImGui::TableSetupColumn(T(S::metric_paid_orders), 0, 1.2f);
  ImGui::TableSetupColumn(T(S::metric_active_merchants), 0, 1.0f);
  ImGui::TableSetupColumn(T(S::metric_qualified_merchants), 0, 1.0f);
  ImGui::TableSetupColumn(T(S::metric_paid_amount), 0, 1.2f);
  ImGui::TableSetupColumn(T(S::col_next_gap), 0, 3.0f);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < ps.size(); ++i) {
    const tl::ProviderResult& p = ps[i];
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(std::to_string(i + 1).c_str(), a.provider() == &p,
                          ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowOverlap)) {
      a.provider_id = p.id;
      a.panel = Panel::Dashboard;
      a.panel_forced = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::providers_click));
    ImGui::PopID();
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(p.id.empty() ? T(S::all_data) : p.id.c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(p.name.c_str());
    ImGui::TableSetColumnIndex(3);
    const tl::Tier& tier = r.tier_of(p);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tier_color(tier.id)), "● %s", tier_label(tier).c_str());
    ImGui::TableSetColumnIndex(4);
    ImGui::TextUnformatted(fmt_int(p.metrics.paid_orders).c_str());
    ImGui::TableSetColumnIndex(5);
    ImGui::TextUnformatted(fmt_int(p.metrics.active_merchants).c_str());
    ImGui::TableSetColumnIndex(6);
    ImGui::TextUnformatted(fmt_int(p.metrics.qualified_merchants).c_str());
    ImGui::TableSetColumnIndex(7);
    ImGui::TextUnformatted(("¥" + fmt_num(p.metrics.value(tl::Metric::PaidAmount))).c_str());
    ImGui::TableSetColumnIndex(8);
    const std::string gap = tl::report::gap_sentence(r, p, engine_lang());
    ImGui::TextUnformatted(gap.empty() ? "—" : gap.c_str());
    if (!gap.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", gap.c_str());
  }
  ImGui::EndTable();
}

}  // namespace tlw
