// tierlens web — the rule editor: thresholds per tier (all / any conditions), window length, excluded
// statuses, > or >= for qualified merchants, per-industry standards and the default standard; import /
// export as JSON and a share link that carries the rule (never the data) in the URL hash.
#include <algorithm>

#include <cmath>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

namespace {
const tl::Metric kMetrics[] = {tl::Metric::PaidOrders, tl::Metric::ActiveMerchants, tl::Metric::QualifiedMerchants, tl::Metric::PaidAmount};
const tl::Op kOps[] = {tl::Op::Ge, tl::Op::Gt, tl::Op::Le, tl::Op::Lt, tl::Op::Eq};
std::string g_new_status, g_new_industry;
int64_t g_new_standard = 0;

// The conditions of one group; each bar's input is marked rule_value_<tier>_<group>_<i> for tests.
bool condition_list(std::vector<tl::Condition>& v, const char* id, const std::string& tier) {
  bool changed = false;
  ImGui::PushID(id);
  int erase = -1;
  for (size_t i = 0; i < v.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    tl::Condition& c = v[i];
    ImGui::SetNextItemWidth(dp(190));
    if (ImGui::BeginCombo("##metric", metric_label(c.metric).c_str())) {
      for (tl::Metric m : kMetrics)
        if (ImGui::Selectable(metric_label(m).c_str(), m == c.metric)) { c.metric = m; changed = true; }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(64));
    if (ImGui::BeginCombo("##op", tl::op_name(c.op))) {
      for (tl::Op o : kOps)
        if (ImGui::Selectable(tl::op_name(o), o == c.op)) { c.op = o; changed = true; }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(150));
    const bool money = c.metric == tl::Metric::PaidAmount;
    if (ImGui::InputDouble("##value", &c.value, 0, 0, money ? "%.2f" : "%.0f")) {
      if (c.value < 0) c.value = 0;
      if (!money) c.value = std::round(c.value);
      changed = true;
    }
    mark_widget(("rule_value_" + tier + "_" + id + "_" + std::to_string(i)).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", fmt_num(c.value).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("✗")) erase = static_cast<int>(i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::btn_remove));
    ImGui::PopID();
  }
  if (erase >= 0) { v.erase(v.begin() + erase); changed = true; }
  if (ImGui::SmallButton(T(S::btn_add_condition))) { v.push_back({tl::Metric::PaidOrders, tl::Op::Ge, 0}); changed = true; }
  ImGui::PopID();
  return changed;
}
}  // namespace

bool tier_conditions_editor(tl::RuleSet& r) {
  bool changed = false;
  for (size_t t = 1; t < r.tiers.size(); ++t) {
    tl::Tier& tier = r.tiers[t];
    ImGui::PushID(static_cast<int>(t));
    ImGui::BeginChild("##tier", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    std::string title = (lang() == Lang::En ? tier.name_en : tier.name) + "  (" + tier.id + ")";
    heading(title.c_str());
    if (!tier.configured()) { ImGui::SameLine(); ImGui::TextColored(ImVec4(0.55f, 0.55f, 0.6f, 1), "%s", T(S::tier_not_configured)); }
    ImGui::TextUnformatted(T(S::rules_all_group));
    ImGui::Indent(dp(16));
    changed |= condition_list(tier.all, "all", tier.id);
    ImGui::Unindent(dp(16));
    ImGui::TextUnformatted(T(S::rules_any_group));
    ImGui::Indent(dp(16));
    changed |= condition_list(tier.any, "any", tier.id);
    ImGui::Unindent(dp(16));
    ImGui::EndChild();
    ImGui::PopID();
  }
  return changed;
}

void panel_rules(App& a) {
  tl::RuleSet& r = a.rules;
  bool changed = false;
  ImGui::Spacing();
  heading(T(S::rules_title));
  ImGui::TextDisabled("%s", T(S::rules_help));
  if (ImGui::Button(T(S::btn_import_rules))) js_open_file_picker(Pick::Rules);
  ImGui::SameLine();
  if (ImGui::Button(T(S::btn_export_rules))) js_download("tierlens-rules.json", "application/json", tl::rules_to_json(r));
  ImGui::SameLine();
  if (ImGui::Button(T(S::btn_share_rules))) {
    js_share_rules(tl::rules_to_json(r));
    a.notify(T(S::msg_share_copied), 5);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::share_help));
  ImGui::SameLine();
  if (ImGui::Button(T(S::btn_reset_rules))) { a.set_rules(tl::default_rules()); a.rules_error.clear(); }
  if (!a.rules_error.empty()) {
    text_wrap(("✗ " + a.rules_error).c_str(), IM_COL32(200, 40, 25, 255));
  }

  ImGui::Spacing();
  ImGui::SeparatorText(T(S::rules_general));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(S::lbl_rules_name));
  ImGui::SameLine();
  if (text_input("##name", r.name, 420)) changed = true;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(S::lbl_window_months));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(dp(110));
  if (ImGui::InputInt("##wm", &r.window_months)) { r.window_months = std::clamp(r.window_months, tl::kMinWindowMonths, tl::kMaxWindowMonths); changed = true; }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", T(S::window_months_help));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(S::lbl_compare));
  ImGui::SameLine();
  if (ImGui::RadioButton(T(S::compare_gt), r.qualified_strict)) { r.qualified_strict = true; changed = true; }
  ImGui::SameLine();
  if (ImGui::RadioButton(T(S::compare_ge), !r.qualified_strict)) { r.qualified_strict = false; changed = true; }

  ImGui::Spacing();
  ImGui::SeparatorText(T(S::rules_tiers));
  changed |= tier_conditions_editor(r);

  ImGui::Spacing();
  ImGui::SeparatorText(T(S::rules_statuses));
  ImGui::TextDisabled("%s", T(S::rules_statuses_help));
  int erase = -1;
  for (size_t i = 0; i < r.excluded_statuses.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    std::string l = r.excluded_statuses[i] + "  ✗";
    if (ImGui::SmallButton(l.c_str())) erase = static_cast<int>(i);
    ImGui::SameLine();
    ImGui::PopID();
  }
  if (erase >= 0) { r.excluded_statuses.erase(r.excluded_statuses.begin() + erase); changed = true; }
  ImGui::NewLine();
  text_input("##newstatus", g_new_status, 180, T(S::status_hint));
  ImGui::SameLine();
  if (ImGui::Button(T(S::btn_add_status)) && !g_new_status.empty()) {
    r.excluded_statuses.push_back(g_new_status);
    g_new_status.clear();
    changed = true;
  }
  if (a.result && !a.result->quality.statuses.empty()) {
    ImGui::TextDisabled("%s", T(S::rules_statuses_seen));
    for (const auto& [k, v] : a.result->quality.statuses) {
      if (k.empty() || tl::status_excluded(r, k)) continue;
      ImGui::SameLine();
      std::string l = "+ " + k;
      if (ImGui::SmallButton(l.c_str())) { r.excluded_statuses.push_back(k); changed = true; }
    }
  }

  ImGui::Spacing();
  ImGui::SeparatorText(T(S::rules_standards));
  ImGui::TextDisabled("%s", T(S::rules_standards_help));
  bool has_default = r.default_standard.has_value();
  if (ImGui::Checkbox(T(S::lbl_default_standard), &has_default)) {
    if (has_default) r.default_standard = 0; else r.default_standard.reset();
    changed = true;
  }
  if (r.default_standard) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(140));
    int64_t v = *r.default_standard;
    if (ImGui::InputScalar("##defstd", ImGuiDataType_S64, &v)) { r.default_standard = std::max<int64_t>(0, v); changed = true; }
  }
  std::string erase_ind;
  if (ImGui::BeginTable("##standards", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(T(S::col_industry), 0, dp(220));
    ImGui::TableSetupColumn(T(S::col_monthly_standard), 0, dp(160));
    ImGui::TableSetupColumn("", 0, dp(40));
    ImGui::TableHeadersRow();
    for (auto& [ind, val] : r.industry_standards) {
      ImGui::PushID(ind.c_str());
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(ind.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputScalar("##v", ImGuiDataType_S64, &val)) { val = std::max<int64_t>(0, val); changed = true; }
      ImGui::TableSetColumnIndex(2);
      if (ImGui::SmallButton("✗")) erase_ind = ind;
      ImGui::PopID();
    }
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    text_input("##newind", g_new_industry, -1, T(S::industry_hint));
    ImGui::TableSetColumnIndex(1);
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputScalar("##newval", ImGuiDataType_S64, &g_new_standard);
    ImGui::TableSetColumnIndex(2);
    if (ImGui::SmallButton("+") && !g_new_industry.empty()) {
      r.industry_standards[g_new_industry] = std::max<int64_t>(0, g_new_standard);
      g_new_industry.clear();
      changed = true;
    }
    ImGui::EndTable();
  }
  if (!erase_ind.empty()) { r.industry_standards.erase(erase_ind); changed = true; }
  if (a.result && !a.result->quality.industries_without_standard.empty()) {
    ImGui::TextDisabled("%s", T(S::rules_missing_industries));
    for (const std::string& ind : a.result->quality.industries_without_standard) {
      if (ind.empty() || r.industry_standards.count(ind)) continue;
      ImGui::SameLine();
      std::string l = "+ " + ind;
      if (ImGui::SmallButton(l.c_str())) { g_new_industry = ind; fonts::need(ind); }
    }
  }

  ImGui::Spacing();
  if (ImGui::CollapsingHeader(T(S::rules_json_preview))) {
    std::string j = tl::rules_to_json(r);
    fonts::need(j);
    ImGui::InputTextMultiline("##json", j.data(), j.size() + 1, ImVec2(-FLT_MIN, dp(260)), ImGuiInputTextFlags_ReadOnly);
  }
  ImGui::Dummy(ImVec2(0, dp(12)));
  if (changed) {
    a.rules_error.clear();
    a.set_rules(r);
  }
}

}  // namespace tlw
