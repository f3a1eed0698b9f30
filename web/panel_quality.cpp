// tierlens web — data quality: rows read / counted / not counted by reason with sample file:line,
// order statuses, industries without a standard, and each file's state.
#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

void panel_quality(App& a) {
  const ojson& dq = a.report["data_quality"];
  ImGui::Spacing();
  heading(T(S::quality_title));
  ImGui::TextDisabled("%s", T(S::quality_help));
  int64_t read = dq["rows_read"].get<int64_t>(), counted = dq["rows_counted"].get<int64_t>();
  int64_t not_counted = 0;
  for (auto& [k, v] : dq["not_counted"].items()) not_counted += v.get<int64_t>();
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
  if (dq["not_counted"].empty()) {
    ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "✓ %s", T(S::quality_all_counted));
  } else if (ImGui::BeginTable("##reasons", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(T(S::col_reason), 0, 2.4f);
    ImGui::TableSetupColumn(T(S::col_rows), 0, 0.8f);
    ImGui::TableSetupColumn(T(S::col_examples), 0, 2.6f);
    ImGui::TableSetupColumn(T(S::col_code), 0, 1.4f);
    ImGui::TableHeadersRow();
    for (auto& [k, v] : dq["not_counted"].items()) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      text_wrap(reason_label(k).c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(fmt_num(v).c_str());
      ImGui::TableSetColumnIndex(2);
      std::string ex;
      if (dq["samples"].contains(k))
        for (const ojson& s : dq["samples"][k]) ex += (ex.empty() ? "" : ", ") + s["file"].get<std::string>() + ":" + std::to_string(s["line"].get<int64_t>());
      text_wrap(ex.empty() ? "—" : ex.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextDisabled("%s", k.c_str());
    }
    ImGui::EndTable();
  }

  // rows rejected while reading (per file), e.g. ids already mangled by Excel
  bool any_rej = false;
  for (const ojson& f : dq["files"]) any_rej |= f.contains("rejected") && !f["rejected"].empty();
  if (any_rej) {
    ImGui::Spacing();
    heading(T(S::quality_rejected_title));
    if (ImGui::BeginTable("##rejected", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn(T(S::col_file));
      ImGui::TableSetupColumn(T(S::col_reason), 0, 2.0f);
      ImGui::TableSetupColumn(T(S::col_rows), 0, 0.7f);
      ImGui::TableSetupColumn(T(S::col_lines), 0, 1.6f);
      ImGui::TableHeadersRow();
      for (const ojson& f : dq["files"]) {
        if (!f.contains("rejected")) continue;
        for (auto& [k, v] : f["rejected"].items()) {
          ImGui::TableNextRow();
          ImGui::TableSetColumnIndex(0);
          ImGui::TextUnformatted(f["name"].get<std::string>().c_str());
          ImGui::TableSetColumnIndex(1);
          text_wrap(reason_label(k).c_str());
          ImGui::TableSetColumnIndex(2);
          ImGui::TextUnformatted(fmt_num(v["count"]).c_str());
          ImGui::TableSetColumnIndex(3);
          std::string lines;
          for (auto& l : v["lines"]) lines += (lines.empty() ? "" : ", ") + std::to_string(l.get<int64_t>());
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
    for (auto& [k, v] : dq["statuses"].items()) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(k.empty() ? T(S::status_empty) : k.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(fmt_num(v).c_str());
      ImGui::TableSetColumnIndex(2);
      if (tl::status_excluded(a.rules, k)) ImGui::TextColored(ImVec4(0.8f, 0.3f, 0.15f, 1), "%s", T(S::status_excluded));
      else ImGui::TextColored(ImVec4(0.15f, 0.6f, 0.3f, 1), "%s", T(S::status_paid));
    }
    ImGui::EndTable();
  }

  if (!dq["industries_without_standard"].empty()) {
    ImGui::Spacing();
    heading(T(S::quality_no_standard_title));
    std::string list;
    for (auto& i : dq["industries_without_standard"]) list += (list.empty() ? "" : "、") + (i.get<std::string>().empty() ? std::string(T(S::industry_empty)) : i.get<std::string>());
    ImGui::TextColored(ImVec4(0.8f, 0.35f, 0.1f, 1), "%s", list.c_str());
    ImGui::TextDisabled("%s", T(S::quality_no_standard_help));
    if (ImGui::SmallButton(T(S::btn_set_in_rules))) { a.panel = Panel::Rules; a.panel_forced = true; }
  }

  ImGui::Spacing();
  heading(T(S::quality_files_title));
  for (const ojson& f : dq["files"]) {
    const std::string err = f["error"].get<std::string>();
    ImGui::BulletText("%s — %s, %s %s", f["name"].get<std::string>().c_str(),
                      kind_label(tl::parse_kind(f["kind"].get<std::string>()).value_or(tl::FileKind::Unknown)).c_str(),
                      fmt_num(f["rows"]).c_str(), T(S::rows_unit));
    if (!err.empty()) ImGui::TextColored(ImVec4(0.8f, 0.15f, 0.1f, 1), "    ✗ %s", err.c_str());
    for (auto& w : f["warnings"]) ImGui::TextColored(ImVec4(0.75f, 0.45f, 0.05f, 1), "    ⚠ %s", w.get<std::string>().c_str());
  }
  ImGui::Dummy(ImVec2(0, dp(12)));
}

}  // namespace tlw
