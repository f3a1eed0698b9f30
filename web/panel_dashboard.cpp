// tierlens web — dashboard: the selected provider's tier, each tier's conditions (value vs bar), the gap
// to the next tier in plain words, the monthly trend and the merchants closest to qualifying.
#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

void month_chart(const ojson& p, float height_css);   // panel_months.cpp

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

static void condition_rows(const ojson& tier) {
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
  for (const ojson& c : tier["conditions"]) {
    const bool any = c["group"] == "any";
    if (any && !any_header) {
      any_header = true;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextDisabled("%s", T(S::any_group_note));
    }
    ImGui::TableNextRow();
    cell(0);
    std::string label = metric_label(c["metric"].get<std::string>());
    if (any) label = "   " + label;
    else label += std::string(" ") + T(S::required_mark);
    ImGui::TextUnformatted(label.c_str());
    cell(1);
    ImGui::Text("%s %s", c["op"].get<std::string>().c_str(), fmt_num(c["bar"]).c_str());
    cell(2);
    ImGui::TextUnformatted(fmt_num(c["value"]).c_str());
    ImGui::TableSetColumnIndex(3);
    double bar = c["bar"].get<double>(), val = c["value"].get<double>();
    float frac = bar > 0 ? static_cast<float>(std::clamp(val / bar, 0.0, 1.0)) : (c["pass"].get<bool>() ? 1.f : 0.f);
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f%%", bar > 0 ? val / bar * 100.0 : (c["pass"].get<bool>() ? 100.0 : 0.0));
    const bool pass = c["pass"].get<bool>();
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, pass ? IM_COL32(46, 160, 90, 255) : IM_COL32(47, 111, 235, 255));
    ImGui::ProgressBar(frac, ImVec2(-FLT_MIN, 0), pct);
    ImGui::PopStyleColor();
    cell(4);
    if (pass) ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "✓ %s", T(S::pass));
    else ImGui::TextColored(ImVec4(0.8f, 0.2f, 0.15f, 1), "✗ %s", T(S::fail));
    cell(5);
    std::string m = fmt_num(c["margin"]);
    if (c["margin"].get<double>() > 0) m = "+" + m;
    ImGui::TextUnformatted(m.c_str());
  }
  ImGui::EndTable();
}

void panel_dashboard(App& a) {
  const ojson* pp = a.provider();
  if (!pp) {
    ImGui::Spacing();
    heading(T(S::no_providers));
    text_wrap(T(S::no_providers_help));
    return;
  }
  const ojson& p = *pp;
  const ojson& rep = a.report;
  const std::string pid = p["id"].get<std::string>();
  const std::string pname = p["name"].get<std::string>();

  // ---- header: who, which tier -------------------------------------------------------------
  ImGui::Spacing();
  ImGui::BeginGroup();
  std::string who = pid.empty() ? std::string(T(S::all_data)) : pid;
  if (!pname.empty()) who += "  " + pname;
  heading(who.c_str());
  const ojson& w = rep["window"];
  if (!w["start"].is_null())
    ImGui::TextDisabled("%s", fmt(T(S::window_sentence), month_label(w["start"].get<std::string>()).c_str(),
                                  month_label(w["end"].get<std::string>()).c_str(), static_cast<int>(w["months"].size()))
                                  .c_str());
  if (rep["providers"].size() > 1)
    ImGui::TextDisabled("%s", fmt(T(S::rank_sentence), p["rank"].get<int>(), static_cast<int>(rep["providers"].size())).c_str());
  ImGui::EndGroup();
  ImGui::SameLine(0, dp(28));
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", T(S::current_tier));
  tier_badge(p);
  ImGui::EndGroup();

  // ---- gap to the next tier -----------------------------------------------------------------
  ImGui::Spacing();
  std::string gap = gap_sentence(p);
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
      for (const ojson& t : rep["tiers"]) unconfigured_above |= !t["configured"].get<bool>();
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
  const ojson& m = p["metrics"];
  metric_card(T(S::metric_paid_orders), fmt_num(m["paid_orders"]), T(S::metric_paid_orders_sub), cw);
  ImGui::SameLine();
  metric_card(T(S::metric_active_merchants), fmt_num(m["active_merchants"]),
              fmt(T(S::metric_active_sub), fmt_num(p["bound_merchants"]).c_str()).c_str(), cw);
  ImGui::SameLine();
  std::string qsub = fmt(T(S::metric_qualified_sub), a.report["rules"]["qualified_compare"].get<std::string>().c_str());
  if (p["merchants_without_standard"].get<int64_t>() > 0)
    qsub = fmt(T(S::metric_without_standard), fmt_num(p["merchants_without_standard"]).c_str());
  metric_card(T(S::metric_qualified_merchants), fmt_num(m["qualified_merchants"]), qsub.c_str(), cw);
  ImGui::SameLine();
  metric_card(T(S::metric_paid_amount), "¥" + fmt_num(p["paid_amount"]), T(S::metric_amount_sub), cw);

  // ---- tiers and their conditions ---------------------------------------------------------------
  ImGui::Spacing();
  heading(T(S::tiers_title));
  const ojson& tiers = rep["tiers"];
  for (size_t t = 1; t < p["tiers"].size() && t < tiers.size(); ++t) {
    const ojson& tr = p["tiers"][t];
    const ojson& td = tiers[t];
    ImGui::PushID(static_cast<int>(t));
    ImGui::BeginChild("##tier", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x - dp(8), pos.y - dp(2)), ImVec2(pos.x - dp(4), pos.y + dp(20)),
                                              tier_color(td["id"].get<std::string>()));
    std::string title = tier_label(td);
    heading(title.c_str());
    ImGui::SameLine(0, dp(14));
    if (!tr["configured"].get<bool>()) {
      ImGui::TextColored(ImVec4(0.55f, 0.55f, 0.6f, 1), "%s", T(S::tier_not_configured));
      ImGui::SameLine();
      if (ImGui::SmallButton(T(S::btn_set_in_rules))) { a.panel = Panel::Rules; a.panel_forced = true; }
    } else if (tr["earned"].get<bool>()) {
      ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "✓ %s", T(S::tier_earned));
    } else {
      ImGui::TextColored(ImVec4(0.8f, 0.3f, 0.15f, 1), "%s", T(S::tier_not_earned));
    }
    if (tr["configured"].get<bool>()) condition_rows(tr);
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
  const tl::MerchantTable* mt = a.merchant_table(pp);
  if (p["near_qualifying"].empty()) {
    ImGui::TextDisabled("%s", T(S::near_none));
  } else if (!mt || mt->near.empty()) {
    ImGui::TextDisabled("…");   // the table is not at hand while files are being read
  } else if (ImGui::BeginTable("##near", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(T(S::col_merchant_id));
    ImGui::TableSetupColumn(T(S::col_merchant_name), 0, 2.0f);
    ImGui::TableSetupColumn(T(S::col_industry));
    ImGui::TableSetupColumn(T(S::col_best_month));
    ImGui::TableSetupColumn(T(S::col_shortfall));
    ImGui::TableHeadersRow();
    const ojson& months = rep["window"]["months"];
    bool new_glyphs = false;
    for (size_t n = 0; n < mt->near.size() && n < 10; ++n) {
      const tl::MerchantLine& mm = mt->rows[mt->near[n]];
      new_glyphs |= fonts::need(mm.name);   // merchant names are not in the report JSON the fonts saw
      new_glyphs |= fonts::need(mm.industry);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(mm.id.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(mm.name.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(mm.industry.c_str());
      ImGui::TableSetColumnIndex(3);
      std::string best = mm.best_month < 0 || mm.best_month >= static_cast<int>(months.size())
                             ? "—"
                             : month_label(months[mm.best_month].get<std::string>()) + " · " + fmt_int(mm.best_month_orders);
      ImGui::TextUnformatted(best.c_str());
      ImGui::TableSetColumnIndex(4);
      ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.05f, 1), "%s", fmt(T(S::shortfall_orders), mm.shortfall ? fmt_int(*mm.shortfall).c_str() : "—").c_str());
    }
    if (new_glyphs) a.poke();
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
