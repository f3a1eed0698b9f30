// tierlens web — the gap plan of the selected provider: what the next tier needs and from which merchants
// (the engine's tl::plan and its words, report::plan_text), and every merchant closest to qualifying.
// Computed when the panel is first shown after an evaluation (it may evaluate the grade in progress once
// more), so other panels never wait for it.
#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"
#include "plan.hpp"
#include "report/report.hpp"

namespace tlw {

void panel_plan(App& a) {
  const tl::Result& r = a.with_plan();
  if (!a.planned) {   // planning failed (allocation only)
    ImGui::TextDisabled("%s", T(S::err_evaluate));
    return;
  }
  const tl::ProviderResult* p = a.provider();
  if (!p || !r.plan) return;
  const size_t idx = static_cast<size_t>(p - a.result->providers.data());
  if (idx >= r.plan->providers.size()) return;
  const tl::ProviderPlan& pl = r.plan->providers[idx];
  const tl::ProviderResult& pr = r.providers[idx];

  ImGui::Spacing();
  heading(T(S::plan_title));
  ImGui::SameLine();
  help_marker(T(S::plan_help));
  const std::string text = tl::report::plan_text(r, engine_lang(), &pr.id);
  fonts::need(text);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton(T(S::btn_copy_plan))) js_clipboard(text);

  if (!pl.candidates.empty()) {
    ImGui::Spacing();
    heading(fmt(T(S::plan_candidates), static_cast<int>(pl.candidates.size())).c_str());
    const float h = std::min(dp(28) * static_cast<float>(pl.candidates.size() + 1) + dp(8), ImGui::GetContentRegionAvail().y - dp(4));
    if (ImGui::BeginTable("##plan_candidates", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                          ImVec2(0, std::max(h, dp(120))))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn(T(S::col_merchant_id));
      ImGui::TableSetupColumn(T(S::col_merchant_name), 0, 2.0f);
      ImGui::TableSetupColumn(T(S::col_industry));
      ImGui::TableSetupColumn(T(S::col_best_month));
      ImGui::TableSetupColumn(T(S::col_monthly_standard));
      ImGui::TableSetupColumn(T(S::col_shortfall));
      ImGui::TableHeadersRow();
      ImGuiListClipper clip;
      clip.Begin(static_cast<int>(pl.candidates.size()));
      while (clip.Step())
        for (int n = clip.DisplayStart; n < clip.DisplayEnd; ++n) merchant_near_row(r, pr.merchants[pl.candidates[static_cast<size_t>(n)]], true);
      ImGui::EndTable();
    }
  }
  ImGui::Dummy(ImVec2(0, dp(12)));
}

}  // namespace tlw
