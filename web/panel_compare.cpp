// tierlens web — the rule comparison (docs/plan.md §2): the same data under a second rule set, loaded from
// a JSON file or copied from the current rules and edited here with the rules editor's widgets. Every
// number is the engine's: App keeps the other rule set and puts tl::compare's answer in the Result, so this
// panel only lists it — who changes tier, the tier under each rule set, and the conditions (value / bar)
// that make the difference — and the report carries it as the CLI's `evaluate --compare-rules` does.
#include <algorithm>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

namespace {

bool g_only_changed = true;

std::string tier_name_by_index(const tl::RuleSet& rules, size_t i) {
  return i < rules.tiers.size() ? tier_label(rules.tiers[i]) : std::string("—");
}

// One side of a difference: "19 >= 40 ✗", or that the rule set has no such condition / tier.
std::string side_text(const tl::Comparison::Difference& d, const tl::Comparison::Side& s) {
  if (d.kind == tl::Comparison::Difference::Kind::Tier) return T(s.present ? S::compare_configured : S::compare_not_configured);
  if (!s.present) return T(S::compare_no_condition);
  return fmt_num(s.value) + " " + tl::op_name(s.op) + " " + fmt_num(s.bar) + (s.pass ? " ✓" : " ✗");
}

// A tier id's name: as the current rules call it, else as the rules compared with do (a tier only they have).
std::string tier_name_by_id(const tl::Result& r, const tl::Comparison& c, const std::string& id) {
  for (const tl::RuleSet* rs : {&r.rules, &c.other})
    for (const tl::Tier& t : rs->tiers)
      if (t.id == id) return tier_label(t);
  return id;
}

// "银牌 · 付款订单数（必须满足）：19 >= 40 ✗ → 19 >= 15 ✓": current rules first, then the rules compared with.
std::string difference_text(const tl::Result& r, const tl::Comparison& c, const tl::Comparison::Difference& d) {
  std::string what = tier_name_by_id(r, c, d.tier);
  if (d.kind == tl::Comparison::Difference::Kind::Condition)
    what += " · " + metric_label(d.metric) + T(d.any_group ? S::compare_group_any : S::compare_group_all);
  return fmt(T(S::compare_difference), what.c_str(), side_text(d, d.main).c_str(), side_text(d, d.other).c_str());
}

void load_buttons(App& a) {
  if (ImGui::Button(T(S::btn_compare_load))) js_open_file_picker(Pick::CompareRules);
  mark_widget("compare_load");
  ImGui::SameLine();
  if (ImGui::Button(T(S::btn_compare_copy))) {
    tl::RuleSet copy = a.rules;
    copy.name = (copy.name.empty() ? std::string() : copy.name + " · ") + T(S::compare_copy_name);
    a.compare_error.clear();
    a.set_compare_rules(std::move(copy));
  }
  mark_widget("compare_copy");
  if (a.compare_rules) {
    ImGui::SameLine();
    if (ImGui::Button(T(S::btn_compare_export))) js_download("tierlens-rules-compared.json", "application/json", tl::rules_to_json(*a.compare_rules));
    ImGui::SameLine();
    if (ImGui::Button(T(S::btn_compare_clear))) a.set_compare_rules_json("");
    mark_widget("compare_clear");
  }
  if (!a.compare_error.empty()) text_wrap(("✗ " + a.compare_error).c_str(), IM_COL32(200, 40, 25, 255));
}

// The rules compared with, editable: their name and every tier's conditions (the rules editor's widgets).
void editor(App& a) {
  const bool open = ImGui::CollapsingHeader(T(S::compare_edit_title));
  mark_widget("compare_edit");
  if (!open) return;
  tl::RuleSet r = *a.compare_rules;
  bool changed = false;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(T(S::lbl_rules_name));
  ImGui::SameLine();
  changed |= text_input("##compare_name", r.name, 420);
  ImGui::PushID("compare_rules");
  changed |= tier_conditions_editor(r);
  ImGui::PopID();
  if (changed) a.set_compare_rules(std::move(r));
}

void table(App& a, const tl::Result& r, const tl::Comparison& c) {
  std::vector<const tl::Comparison::Provider*> rows;
  int changed = 0;
  a.compare_view.changed.clear();
  for (const tl::Comparison::Provider& p : c.providers) {
    if (p.changed) { ++changed; a.compare_view.changed.push_back(p.id); }
    if (p.changed || !g_only_changed) rows.push_back(&p);
  }
  a.compare_view.eval = a.eval_count;
  a.compare_view.rows = static_cast<int>(rows.size());
  a.compare_view.total = static_cast<int>(c.providers.size());
  const std::string head = fmt(T(S::compare_summary), changed, static_cast<int>(c.providers.size()));
  fonts::need_face(fonts::Bold, head);
  heading(head.c_str());
  mark_widget("compare_summary");
  ImGui::SameLine(0, dp(20));
  ImGui::Checkbox(T(S::compare_only_changed), &g_only_changed);
  if (rows.empty()) {
    ImGui::TextDisabled("%s", T(changed ? S::compare_none_shown : S::compare_no_change));
    return;
  }
  // as tall as its rows (a line per difference); scrolling only when that is more than the rest of the panel
  float lines = 1;
  for (const tl::Comparison::Provider* p : rows) lines += static_cast<float>(std::max<size_t>(1, p->changed_by.size()));
  const float avail = std::max(ImGui::GetContentRegionAvail().y - dp(4), dp(160));
  const bool scroll = lines * (ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().CellPadding.y * 2) > avail;
  const ImGuiTableFlags fl = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp | (scroll ? ImGuiTableFlags_ScrollY : 0);
  if (!ImGui::BeginTable("##compare", 5, fl, ImVec2(0, scroll ? avail : 0))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(T(S::col_provider_id), 0, 1.0f);
  ImGui::TableSetupColumn(T(S::col_provider_name), 0, 1.4f);
  ImGui::TableSetupColumn(T(S::compare_col_main), 0, 1.1f);
  ImGui::TableSetupColumn(T(S::compare_col_other), 0, 1.1f);
  ImGui::TableSetupColumn(T(S::compare_col_why), 0, 4.0f);
  ImGui::TableHeadersRow();
  for (const tl::Comparison::Provider* p : rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(p->id.empty() ? T(S::all_data) : p->id.c_str());
    ImGui::TableSetColumnIndex(1);
    const tl::ProviderResult* pr = r.provider(p->id);
    ImGui::TextUnformatted(pr ? pr->name.c_str() : "");
    for (int side = 0; side < 2; ++side) {
      ImGui::TableSetColumnIndex(2 + side);
      const tl::RuleSet& rs = side ? c.other : r.rules;
      const size_t t = side ? p->other_tier : p->tier;
      const std::string name = tier_name_by_index(rs, t);
      fonts::need(name);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tier_color(t < rs.tiers.size() ? rs.tiers[t].id : "")), "● %s", name.c_str());
    }
    ImGui::TableSetColumnIndex(4);
    if (p->changed_by.empty()) ImGui::TextDisabled("%s", p->changed ? "—" : T(S::compare_same_tier));
    for (const tl::Comparison::Difference& d : p->changed_by) {
      const std::string line = difference_text(r, c, d);
      fonts::need(line);
      text_wrap(line.c_str(), d.other.pass ? IM_COL32(30, 120, 70, 255) : IM_COL32(170, 60, 30, 255));
    }
  }
  ImGui::EndTable();
  mark_widget("compare_table");
}

}  // namespace

void panel_compare(App& a) {
  ImGui::Spacing();
  heading(T(S::compare_title));
  ImGui::SameLine();
  help_marker(T(S::compare_help));
  text_wrap(T(S::compare_intro), IM_COL32(100, 106, 120, 255));
  load_buttons(a);
  if (!a.compare_rules) {
    a.compare_view = {};
    ImGui::Spacing();
    ImGui::TextDisabled("%s", T(S::compare_empty));
    return;
  }
  const tl::Result& r = *a.result;
  const std::string names = fmt(T(S::compare_names), r.rules.name.c_str(), a.compare_rules->name.c_str());
  fonts::need(names);
  text_wrap(names.c_str());
  editor(a);
  ImGui::Spacing();
  if (!r.comparison) {   // being compared (the next frame has it), or evaluation ran out of memory
    ImGui::TextDisabled("%s", T(a.compare_dirty ? S::compare_busy : S::err_evaluate));
    return;
  }
  table(a, r, *r.comparison);
}

}  // namespace tlw
