// tierlens web — dashboard: the selected provider's tier, each tier's conditions (value vs bar), the gap
// to the next tier in plain words, the monthly trend and the merchants closest to qualifying.
#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

void month_chart(const tl::ProviderResult& p, float height_css);   // panel_months.cpp

static void metric_card(const char* label, const std::string& value, const char* sub, float w) {
  ImGui::BeginChild(label, ImVec2(w, dp(112)), ImGuiChildFlags_Border, ImGuiWindowFlags_NoScrollbar);
  ImGui::TextDisabled("%s", label);
  big_text(value.c_str());
  if (sub && *sub) ImGui::TextDisabled("%s", sub);
  ImGui::EndChild();
}

// Moves to a cell and puts its text on the same baseline as the progress bar in column 3.
static void cell(int col) {
  ImGui::TableSetColumnIndex(col);
  ImGui::AlignTextToFramePadding();
}

static void condition_rows(const tl::TierResult& tier) {
  if (!ImGui::BeginTable("##conds", 6, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH))
    return;
  ImGui::TableSetupColumn(T(S::col_criterion), ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn(T(S::col_requirement), ImGuiTableColumnFlags_WidthStretch, 1.4f);
  ImGui::TableSetupColumn(T(S::col_value), ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn(T(S::col_progress), ImGuiTableColumnFlags_WidthStretch, 2.2f);
  ImGui::TableSetupColumn(T(S::col_result), ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn(T(S::col_margin), ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableHeadersRow();
  bool any_header = false;
  for (const tl::ConditionResult& c : tier.conditions) {
    const bool any = c.any_group;
    if (any && !any_header) {
      any_header = true;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextDisabled("%s", T(S::any_group_note));
    }
    ImGui::TableNextRow();
    cell(0);
    std::string label = metric_label(c.metric);
    if (any) label = "   " + label;
    else label += std::string(" ") + T(S::required_mark);
    ImGui::TextUnformatted(label.c_str());
    cell(1);
    ImGui::Text("%s %s", tl::op_name(c.op), fmt_num(c.bar).c_str());
    cell(2);
    ImGui::TextUnformatted(fmt_num(c.value).c_str());
    ImGui::TableSetColumnIndex(3);
    const double bar = c.bar, val = c.value;
    const bool pass = c.pass;
    float frac = bar > 0 ? static_cast<float>(std::clamp(val / bar, 0.0, 1.0)) : (pass ? 1.f : 0.f);
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f%%", bar > 0 ? val / bar * 100.0 : (pass ? 100.0 : 0.0));
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, pass ? IM_COL32(46, 160, 90, 255) : IM_COL32(47, 111, 235, 255));
    ImGui::ProgressBar(frac, ImVec2(-FLT_MIN, 0), pct);
    ImGui::PopStyleColor();
    cell(4);
    if (pass) ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "✓ %s", T(S::pass));
    else ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.15f, 1), "✗ %s", T(S::fail));
    cell(5);
    std::string m = fmt_num(c.margin());
    if (c.margin() > 0) m = "+" + m;
    ImGui::TextUnformatted(m.c_str());
  }
  ImGui::EndTable();
}

void merchant_near_row(const tl::Result& r, const tl::MerchantRow& m, bool with_standard) {
  const tl::Window& w = r.window.window;
  ImGui::TableNextRow();
  const std::string_view id = r.merchant_id(m), name = r.merchant_name(m), industry = r.merchant_industry(m);
  ImGui::TableSetColumnIndex(0);
  ImGui::TextUnformatted(id.data(), id.data() + id.size());
  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(name.data(), name.data() + name.size());
  ImGui::TableSetColumnIndex(2);
  ImGui::TextUnformatted(industry.data(), industry.data() + industry.size());
  ImGui::TableSetColumnIndex(3);
  const std::string best = m.best < 0 || m.best >= w.months() ? "—" : month_label(w.first_month + m.best) + " · " + fmt_int(m.best_orders);
  ImGui::TextUnformatted(best.c_str());
  int col = 4;
  if (with_standard) {
    ImGui::TableSetColumnIndex(col++);
    ImGui::TextUnformatted(m.standard ? fmt_int(*m.standard).c_str() : "—");
  }
  ImGui::TableSetColumnIndex(col);
  ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.05f, 1), "%s", fmt(T(S::shortfall_orders), m.shortfall ? fmt_int(*m.shortfall).c_str() : "—").c_str());
}

void panel_dashboard(App& a) {
  const tl::ProviderResult* pp = a.provider();
  if (!pp) {
    ImGui::Spacing();
    heading(T(S::no_providers));
    text_wrap(T(S::no_providers_help));
    return;
  }
  const tl::ProviderResult& p = *pp;
  const tl::Result& r = *a.result;

  // ---- header: who, which tier -------------------------------------------------------------
  ImGui::Spacing();
  ImGui::BeginGroup();
  std::string who = p.id.empty() ? std::string(T(S::all_data)) : p.id;
  if (!p.name.empty()) who += "  " + p.name;
  heading(who.c_str());
  const tl::Window& w = r.window.window;
  if (w.months() > 0) {
    const std::string grade = tl::report::grade_label(w, engine_lang());
    fonts::need(grade);
    ImGui::TextUnformatted(grade.c_str());
    ImGui::TextDisabled("%s", fmt(T(S::window_sentence), month_label(w.first_month).c_str(), month_label(w.last_month).c_str(), w.months()).c_str());
  }
  if (r.eligibility_checked && p.eligibility) {   // whether the grade counts it (docs/rule.md): the engine's sentence
    const bool in = p.eligibility->status == tl::Eligibility::Status::Eligible;
    const std::string line = (in ? "✓ " : "⚠ ") + tl::report::eligibility_sentence(p, engine_lang());
    fonts::need(line);
    ImGui::TextColored(in ? ImVec4(0.15f, 0.55f, 0.3f, 1) : ImVec4(0.75f, 0.35f, 0.0f, 1), "%s", line.c_str());
    mark_widget("eligibility_line");
  } else if (w.months() > 0) {
    const std::string line = tl::report::eligibility_header(r, engine_lang());
    fonts::need(line);
    ImGui::TextDisabled("%s", line.c_str());
  }
  if (r.providers.size() > 1)
    ImGui::TextDisabled("%s", fmt(T(S::rank_sentence), static_cast<int>(pp - r.providers.data()) + 1, static_cast<int>(r.providers.size())).c_str());
  ImGui::EndGroup();
  ImGui::SameLine(0, dp(28));
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", T(S::current_tier));
  tier_badge(r, p);
  if (p.eligibility && p.eligibility->status != tl::Eligibility::Status::Eligible) {   // the tier is not the grade's
    const std::string label = "⚠ " + tl::report::eligibility_label(p, engine_lang());
    fonts::need(label);
    ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s", label.c_str());
    mark_widget("eligibility_badge");
  }
  ImGui::EndGroup();

  // ---- the grade in progress at the current daily rate: the engine's projection, labelled as one ----------
  if (a.projection) {
    const std::string line = tl::report::projection_sentence(r, *a.projection, p, engine_lang());
    if (!line.empty()) {
      fonts::need(line);
      text_wrap(line.c_str(), IM_COL32(40, 90, 170, 255));
      mark_widget("projection_line");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::projection_help));
    }
  }

  // ---- gap to the next tier -----------------------------------------------------------------
  ImGui::Spacing();
  const std::string gap = tl::report::gap_sentence(r, p, engine_lang());
  {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, gap.empty() ? IM_COL32(236, 248, 240, 255) : IM_COL32(255, 247, 230, 255));
    ImGui::PushStyleColor(ImGuiCol_Border, gap.empty() ? IM_COL32(170, 220, 185, 255) : IM_COL32(240, 200, 130, 255));
    ImGui::BeginChild("##gap", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    if (!gap.empty()) {
      fonts::need_face(fonts::Bold, gap);
      ImGui::PushFont(fonts::get(fonts::Bold));
      text_wrap(gap.c_str());
      ImGui::PopFont();
    } else {
      bool unconfigured_above = false;
      for (const tl::TierResult& t : p.tiers) unconfigured_above |= !t.configured;
      text_wrap(T(S::gap_top_reached));
      if (unconfigured_above) ImGui::TextDisabled("%s", T(S::gap_top_reached_unconfigured));
    }
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
  }

  // ---- metric cards ----------------------------------------------------------------------------
  ImGui::Spacing();
  float avail = ImGui::GetContentRegionAvail().x;
  float cw = (avail - ImGui::GetStyle().ItemSpacing.x * 3) / 4;
  const tl::Metrics& m = p.metrics;
  metric_card(T(S::metric_paid_orders), fmt_int(m.paid_orders), T(S::metric_paid_orders_sub), cw);
  ImGui::SameLine();
  metric_card(T(S::metric_active_merchants), fmt_int(m.active_merchants),
              fmt(T(S::metric_active_sub), fmt_int(p.bound_merchants).c_str()).c_str(), cw);
  ImGui::SameLine();
  std::string qsub = fmt(T(S::metric_qualified_sub), r.rules.qualified_strict ? ">" : ">=");
  if (p.without_standard > 0) qsub = fmt(T(S::metric_without_standard), fmt_int(p.without_standard).c_str());
  metric_card(T(S::metric_qualified_merchants), fmt_int(m.qualified_merchants), qsub.c_str(), cw);
  ImGui::SameLine();
  metric_card(T(S::metric_paid_amount), "¥" + fmt_num(m.value(tl::Metric::PaidAmount)), T(S::metric_amount_sub), cw);

  // ---- tiers and their conditions ---------------------------------------------------------------
  ImGui::Spacing();
  heading(T(S::tiers_title));
  for (size_t t = 1; t < p.tiers.size() && t < r.rules.tiers.size(); ++t) {
    const tl::TierResult& tr = p.tiers[t];
    const tl::Tier& td = r.rules.tiers[t];
    ImGui::PushID(static_cast<int>(t));
    ImGui::BeginChild("##tier", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x - dp(8), pos.y - dp(2)), ImVec2(pos.x - dp(4), pos.y + dp(20)), tier_color(td.id));
    std::string title = tier_label(td);
    heading(title.c_str());
    ImGui::SameLine(0, dp(14));
    if (!tr.configured) {
      ImGui::TextColored(ImVec4(0.55f, 0.55f, 0.6f, 1), "%s", T(S::tier_not_configured));
      ImGui::SameLine();
      if (ImGui::SmallButton(T(S::btn_set_in_rules))) { a.panel = Panel::Rules; a.panel_forced = true; }
    } else if (tr.earned) {
      ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "✓ %s", T(S::tier_earned));
    } else {
      ImGui::TextColored(ImVec4(0.8f, 0.3f, 0.15f, 1), "%s", T(S::tier_not_earned));
    }
    if (tr.configured) condition_rows(tr);
    ImGui::EndChild();
    ImGui::PopID();
  }

  // ---- monthly trend --------------------------------------------------------------------------------
  ImGui::Spacing();
  heading(T(S::months_title));
  month_chart(p, 220);

  // ---- closest to qualifying ------------------------------------------------------------------------
  ImGui::Spacing();
  heading(T(S::near_title));
  ImGui::SameLine();
  help_marker(T(S::near_help));
  if (p.near.empty()) {
    ImGui::TextDisabled("%s", T(S::near_none));
  } else if (ImGui::BeginTable("##near", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(T(S::col_merchant_id));
    ImGui::TableSetupColumn(T(S::col_merchant_name), 0, 2.0f);
    ImGui::TableSetupColumn(T(S::col_industry));
    ImGui::TableSetupColumn(T(S::col_best_month));
    ImGui::TableSetupColumn(T(S::col_shortfall));
    ImGui::TableHeadersRow();
    for (size_t n = 0; n < p.near.size() && n < 10; ++n) merchant_near_row(r, p.merchants[p.near[n]], false);
    ImGui::EndTable();
    if (ImGui::SmallButton(T(S::btn_see_all_merchants))) {
      a.near_only = true;
      a.panel = Panel::Merchants;
      a.panel_forced = true;
    }
  }
  ImGui::Dummy(ImVec2(0, dp(12)));
}

}  // namespace tlw
