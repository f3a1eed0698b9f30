// tierlens web — data quality: rows read / counted / not counted by reason with sample file:line,
// order statuses, industries without a standard, and each file's state.
#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

// A reason's label, with its one-line explanation (what it means, what to do) on hover.
static void reason_cell(tl::Reason r) {
  text_wrap(reason_label(r).c_str());
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    text_wrap(tl::reason_about(r, engine_lang()), 0, dp(420));
    ImGui::EndTooltip();
  }
}

void panel_quality(App& a) {
  const tl::DataQuality& dq = a.result->quality;
  ImGui::Spacing();
  heading(T(S::quality_title));
  ImGui::TextDisabled("%s", T(S::quality_help));
  const int64_t read = static_cast<int64_t>(dq.rows_read), counted = static_cast<int64_t>(dq.rows_counted);
  int64_t not_counted = 0;
  for (const tl::ReasonTally& t : dq.not_counted) not_counted += static_cast<int64_t>(t.count);
  ImGui::Spacing();
  ImGui::Text("%s", fmt(T(S::quality_rows_line), fmt_int(read).c_str(), fmt_int(counted).c_str(), fmt_int(not_counted).c_str()).c_str());
  float frac = read > 0 ? static_cast<float>(counted) / read : 0;
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, IM_COL32(46, 160, 90, 255));
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f%%", frac * 100);
  ImGui::ProgressBar(frac, ImVec2(dp(420), 0), pct);
  ImGui::PopStyleColor();

  ImGui::Spacing();
  heading(T(S::quality_reasons_title));
  if (dq.not_counted.empty()) {
    ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "✓ %s", T(S::quality_all_counted));
  } else if (ImGui::BeginTable("##reasons", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(T(S::col_reason), 0, 2.4f);
    ImGui::TableSetupColumn(T(S::col_rows), 0, 0.8f);
    ImGui::TableSetupColumn(T(S::col_examples), 0, 2.6f);
    ImGui::TableSetupColumn(T(S::col_code), 0, 1.4f);
    ImGui::TableHeadersRow();
    for (const tl::ReasonTally& t : dq.not_counted) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      reason_cell(t.reason);
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(fmt_int(static_cast<int64_t>(t.count)).c_str());
      ImGui::TableSetColumnIndex(2);
      std::string ex;
      for (const tl::Sample& s : t.samples) ex += (ex.empty() ? "" : ", ") + s.file + ":" + std::to_string(s.line);
      text_wrap(ex.empty() ? "—" : ex.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextDisabled("%s", tl::reason_code(t.reason));
    }
    ImGui::EndTable();
  }

  // rows rejected while reading (per file), e.g. ids already mangled by Excel
  bool any_rej = false;
  for (const tl::FileInfo& f : dq.files) any_rej |= !f.rejected.empty();
  if (any_rej) {
    ImGui::Spacing();
    heading(T(S::quality_rejected_title));
    if (ImGui::BeginTable("##rejected", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn(T(S::col_file));
      ImGui::TableSetupColumn(T(S::col_reason), 0, 2.0f);
      ImGui::TableSetupColumn(T(S::col_rows), 0, 0.7f);
      ImGui::TableSetupColumn(T(S::col_lines), 0, 1.6f);
      ImGui::TableHeadersRow();
      for (const tl::FileInfo& f : dq.files) {
        for (const tl::ReasonCount& rc : f.rejected) {
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          ImGui::TextUnformatted(f.name.c_str());
          ImGui::TableSetColumnIndex(1);
          reason_cell(rc.reason);
          ImGui::TableSetColumnIndex(2);
          ImGui::TextUnformatted(fmt_int(static_cast<int64_t>(rc.count)).c_str());
          ImGui::TableSetColumnIndex(3);
          std::string lines;
          for (uint64_t l : rc.sample_lines) lines += (lines.empty() ? "" : ", ") + std::to_string(l);
          text_wrap(lines.c_str());
        }
      }
      ImGui::EndTable();
    }
  }

  ImGui::Spacing();
  heading(T(S::quality_statuses_title));
  ImGui::SameLine();
  help_marker(T(S::quality_statuses_help));
  if (ImGui::BeginTable("##statuses", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(T(S::col_status), 0, dp(200));
    ImGui::TableSetupColumn(T(S::col_rows), 0, dp(110));
    ImGui::TableSetupColumn(T(S::col_counted_as), 0, dp(200));
    ImGui::TableHeadersRow();
    for (const auto& [k, v] : dq.statuses) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(k.empty() ? T(S::status_empty) : k.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(fmt_int(static_cast<int64_t>(v)).c_str());
      ImGui::TableSetColumnIndex(2);
      if (tl::status_excluded(a.rules, k)) ImGui::TextColored(ImVec4(0.8f, 0.3f, 0.15f, 1), "%s", T(S::status_excluded));
      else ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "%s", T(S::status_paid));
    }
    ImGui::EndTable();
  }

  if (!dq.industries_without_standard.empty()) {
    ImGui::Spacing();
    heading(T(S::quality_no_standard_title));
    std::string list;
    for (const std::string& i : dq.industries_without_standard) list += (list.empty() ? "" : "、") + (i.empty() ? std::string(T(S::industry_empty)) : i);
    ImGui::TextColored(ImVec4(0.8f, 0.35f, 0.1f, 1), "%s", list.c_str());
    ImGui::TextDisabled("%s", T(S::quality_no_standard_help));
    if (ImGui::SmallButton(T(S::btn_set_in_rules))) { a.panel = Panel::Rules; a.panel_forced = true; }
  }

  ImGui::Spacing();
  heading(T(S::quality_files_title));
  for (const tl::FileInfo& f : dq.files) {
    ImGui::BulletText("%s — %s, %s %s", f.name.c_str(), kind_label(f.kind).c_str(), fmt_int(static_cast<int64_t>(f.rows)).c_str(), T(S::rows_unit));
    if (f.repeated_orders) {   // overlapping exports: those rows repeat orders of another file, counted once
      ImGui::Indent();
      ImGui::TextDisabled("%s", fmt(T(S::quality_file_repeats), fmt_int(static_cast<int64_t>(f.repeated_orders)).c_str()).c_str());
      ImGui::Unindent();
    }
    if (f.error) text_wrap(("✗ " + message_text(*f.error)).c_str(), IM_COL32(200, 40, 25, 255));
    for (const tl::Message& w : f.warnings) text_wrap(("⚠ " + message_text(w)).c_str(), IM_COL32(190, 115, 15, 255));
  }
  ImGui::Dummy(ImVec2(0, dp(12)));
}

}  // namespace tlw
