// tierlens web — the files: detected kind, encoding, separator and column mapping, all editable
// (a change re-reads only that file: JS keeps the File object and streams it again), plus per-file
// errors and warnings. Other files' work is kept whatever happens to one file.
#include <algorithm>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"

namespace tlw {

namespace {

const tl::csv::Encoding kEncodings[] = {tl::csv::Encoding::Auto, tl::csv::Encoding::Utf8, tl::csv::Encoding::Gb18030,
                                        tl::csv::Encoding::Utf16Le, tl::csv::Encoding::Utf16Be};
const tl::FileKind kKinds[] = {tl::FileKind::Unknown, tl::FileKind::Orders, tl::FileKind::Bindings, tl::FileKind::MonthlyStats,
                               tl::FileKind::Standards, tl::FileKind::Rules, tl::FileKind::Providers};
const char kSeps[] = {0, ',', '\t', ';', '|'};

std::string sep_label(char c) {
  switch (c) {
    case 0: return T(S::sep_auto);
    case ',': return T(S::sep_comma);
    case '\t': return T(S::sep_tab);
    case ';': return T(S::sep_semicolon);
    case '|': return T(S::sep_pipe);
  }
  return std::string(1, c);
}

std::string enc_label(tl::csv::Encoding e) {
  if (e == tl::csv::Encoding::Auto) return T(S::enc_auto);
  if (e == tl::csv::Encoding::Gb18030) return "GB18030 / GBK";
  if (e == tl::csv::Encoding::Utf8Bom) return "UTF-8 (BOM)";
  std::string n = tl::csv::encoding_name(e);
  std::transform(n.begin(), n.end(), n.begin(), ::toupper);
  return n;
}

void state_badge(const tl::FileInfo& f) {
  ImVec4 c;
  const char* t;
  switch (f.state) {
    case tl::FileState::Reading: c = ImVec4(0.2f, 0.45f, 0.9f, 1); t = T(S::state_reading); break;
    case tl::FileState::Done: c = ImVec4(0.15f, 0.6f, 0.3f, 1); t = T(S::state_done); break;
    case tl::FileState::Failed: c = ImVec4(0.8f, 0.15f, 0.1f, 1); t = T(S::state_failed); break;
    default: c = ImVec4(0.5f, 0.5f, 0.55f, 1); t = T(S::state_cancelled); break;
  }
  ImGui::TextColored(c, "● %s", t);
}

}  // namespace

void panel_files(App& a) {
  ImGui::Spacing();
  heading(T(S::files_title));
  ImGui::TextDisabled("%s", T(S::files_help));
  if (ImGui::Button(T(S::btn_add_files))) js_open_file_picker(Pick::Data);
  std::vector<int> ids = a.ws.files();
  if (ids.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", T(S::files_none));
    return;
  }
  int remove_id = -1;
  for (int id : ids) {
    const tl::FileInfo& f = a.ws.info(id);
    ImGui::PushID(id);
    ImGui::Spacing();
    ImGui::BeginChild("##file", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    heading(f.name.c_str());
    ImGui::SameLine(0, dp(16));
    state_badge(f);
    ImGui::SameLine(0, dp(16));
    ImGui::TextDisabled("%s", fmt(T(S::file_stats), fmt_bytes(static_cast<double>(f.bytes)).c_str(),
                                  fmt_int(static_cast<int64_t>(f.rows)).c_str()).c_str());
    if (f.blank_lines) { ImGui::SameLine(); ImGui::TextDisabled("%s", fmt(T(S::file_blank_lines), fmt_int(static_cast<int64_t>(f.blank_lines)).c_str()).c_str()); }
    if (f.invalid_chars) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.8f, 0.4f, 0.05f, 1), "%s", fmt(T(S::file_invalid_chars), fmt_int(static_cast<int64_t>(f.invalid_chars)).c_str()).c_str());
    }
    const float right = ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + dp(10), right - ImGui::CalcTextSize(T(S::btn_remove)).x - dp(16)));
    if (ImGui::SmallButton(T(S::btn_remove))) remove_id = id;

    if (f.error) {
      const std::string e = "✗ " + message_text(*f.error);
      fonts::need(e);
      text_wrap(e.c_str(), IM_COL32(190, 30, 20, 255));
    }
    for (const tl::Message& w : f.warnings) {
      const std::string t = "⚠ " + message_text(w);
      fonts::need(t);
      text_wrap(t.c_str(), IM_COL32(190, 115, 15, 255));
    }
    if (!f.missing.empty()) {
      std::string m;
      for (tl::Field fld : f.missing) m += (m.empty() ? "" : "、") + field_label(fld);
      ImGui::TextColored(ImVec4(0.8f, 0.15f, 0.1f, 1), "%s", fmt(T(S::file_missing_fields), m.c_str()).c_str());
    }

    const bool editable = f.state != tl::FileState::Reading && !a.reading.active;
    tl::FileOptions o = f.options;
    bool changed = false;
    ImGui::BeginDisabled(!editable);
    // kind
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T(S::lbl_kind));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(170));
    std::string kprev = kind_label(f.kind) + (f.options.kind == tl::FileKind::Unknown ? std::string(" ") + T(S::detected_tag) : "");
    if (ImGui::BeginCombo("##kind", kprev.c_str())) {
      for (tl::FileKind k : kKinds) {
        std::string l = k == tl::FileKind::Unknown ? std::string(T(S::kind_auto)) : kind_label(k);
        if (ImGui::Selectable(l.c_str(), f.options.kind == k)) { o.kind = k; o.columns.clear(); changed = true; }
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine(0, dp(18));
    ImGui::TextUnformatted(T(S::lbl_encoding));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(220));
    std::string eprev = enc_label(f.encoding) + (f.options.encoding == tl::csv::Encoding::Auto ? std::string(" ") + T(S::detected_tag) : "");
    if (ImGui::BeginCombo("##enc", eprev.c_str())) {
      for (tl::csv::Encoding e : kEncodings)
        if (ImGui::Selectable(enc_label(e).c_str(), f.options.encoding == e)) { o.encoding = e; changed = true; }
      ImGui::EndCombo();
    }
    ImGui::SameLine(0, dp(18));
    ImGui::TextUnformatted(T(S::lbl_separator));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(dp(140));
    std::string sprev = sep_label(f.separator) + (f.options.separator == 0 ? std::string(" ") + T(S::detected_tag) : "");
    if (ImGui::BeginCombo("##sep", sprev.c_str())) {
      for (char c : kSeps)
        if (ImGui::Selectable(sep_label(c).c_str(), f.options.separator == c)) { o.separator = c; changed = true; }
      ImGui::EndCombo();
    }
    // column mapping
    if (!f.header.empty() && f.kind != tl::FileKind::Rules) {
      std::string title = fmt(T(S::file_columns), static_cast<int>(f.header.size()));
      if (ImGui::TreeNodeEx(title.c_str(), f.state == tl::FileState::Failed ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
        if (ImGui::BeginTable("##cols", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
          ImGui::TableSetupColumn("#", 0, dp(36));
          ImGui::TableSetupColumn(T(S::col_header), 0, dp(240));
          ImGui::TableSetupColumn(T(S::col_meaning), 0, dp(220));
          ImGui::TableHeadersRow();
          for (size_t c = 0; c < f.header.size(); ++c) {
            ImGui::PushID(static_cast<int>(c));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextDisabled("%d", static_cast<int>(c + 1));
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(f.header[c].c_str());
            // where the meaning came from, when not the header's name: a small tag
            const tl::ColumnSource src = c < f.column_source.size() ? f.column_source[c] : tl::ColumnSource::None;
            if (src == tl::ColumnSource::Values || src == tl::ColumnSource::User) {
              ImGui::SameLine();
              ImGui::TextDisabled("%s", T(src == tl::ColumnSource::Values ? S::col_meaning_by_values : S::col_meaning_by_user));
              if (src == tl::ColumnSource::Values && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(S::col_meaning_by_values_tip));
            }
            ImGui::TableSetColumnIndex(2);
            tl::Field cur = c < f.per_column.size() ? f.per_column[c] : tl::Field::None;
            ImGui::SetNextItemWidth(-FLT_MIN);
            if (ImGui::BeginCombo("##field", cur == tl::Field::None ? T(S::field_ignored) : field_label(cur).c_str())) {
              for (size_t k = 0; k < tl::kFieldCount; ++k) {
                tl::Field fk = static_cast<tl::Field>(k);
                std::string l = fk == tl::Field::None ? std::string(T(S::field_ignored)) : field_label(fk);
                if (ImGui::Selectable(l.c_str(), fk == cur) && fk != cur) {
                  auto& cols = o.columns;
                  cols.erase(std::remove_if(cols.begin(), cols.end(), [&](auto& p) { return p.first == fk || p.first == cur; }), cols.end());
                  if (cur != tl::Field::None) cols.push_back({cur, -1});
                  if (fk != tl::Field::None) cols.push_back({fk, static_cast<int>(c)});
                  changed = true;
                }
              }
              ImGui::EndCombo();
            }
            ImGui::PopID();
          }
          ImGui::EndTable();
        }
        ImGui::TreePop();
      }
    }
    if (!f.rejected.empty()) {
      for (auto& r : f.rejected) {
        std::string lines;
        for (auto l : r.sample_lines) lines += (lines.empty() ? "" : ", ") + std::to_string(l);
        ImGui::TextColored(ImVec4(0.75f, 0.45f, 0.05f, 1), "%s", fmt(T(S::file_rejected_line), reason_label(r.reason).c_str(),
                                                                    fmt_int(static_cast<int64_t>(r.count)).c_str(), lines.c_str()).c_str());
      }
    }
    ImGui::EndDisabled();
    ImGui::EndChild();
    ImGui::PopID();
    if (changed) {
      a.reread(id, o);
      break;   // ids changed
    }
  }
  if (remove_id >= 0) {
    a.ws.remove(remove_id);
    a.memory_files.erase(remove_id);
    a.invalidate();
  }
}

}  // namespace tlw
