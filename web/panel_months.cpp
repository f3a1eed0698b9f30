// tierlens web — month by month: a chart (bars: paid orders; lines: active and qualified merchants)
// drawn with the ImGui draw list, and the table of the report's per-month rows.
#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "text_layout.hpp"

namespace tlw {

// The top of a 4-line axis for values up to v: 4 round steps (1, 2, 2.5 or 5 × 10^k, whole numbers), so
// every grid line is labelled with a round whole number (0, 20, 40, 60, 80 for 75; 0 .. 4 for 1).
static double nice_axis(double v) {
  const double want = std::max(v, 1.0) / 4;
  const double e = std::pow(10.0, std::floor(std::log10(want)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    const double step = m * e;
    if (step >= want && step >= 1 && std::floor(step) == step) return 4 * step;
  }
  return 40 * e;
}

static std::string short_num(double v) { return short_number(v, lang() == Lang::Zh); }

void month_chart(const tl::ProviderResult& p, float height_css) {
  const std::vector<tl::MonthMetrics>& months = p.months;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  float W = ImGui::GetContentRegionAvail().x, H = dp(height_css);
  ImGui::Dummy(ImVec2(W, H));
  if (months.empty()) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float left = dp(64), right = dp(56), top = dp(26), bottom = dp(26);
  ImVec2 a(origin.x + left, origin.y + top), b(origin.x + W - right, origin.y + H - bottom);
  if (b.x - a.x < dp(60)) return;
  dl->AddRectFilled(origin, ImVec2(origin.x + W, origin.y + H), IM_COL32(255, 255, 255, 255), dp(6));
  double max_orders = 0, max_m = 0;
  for (const tl::MonthMetrics& m : months) {
    max_orders = std::max(max_orders, static_cast<double>(m.metrics.paid_orders));
    max_m = std::max({max_m, static_cast<double>(m.metrics.active_merchants), static_cast<double>(m.metrics.qualified_merchants)});
  }
  max_orders = nice_axis(max_orders * 1.1);   // (room above the tallest bar for its label, below the legend)
  max_m = nice_axis(max_m);
  const ImU32 grid = IM_COL32(230, 232, 238, 255), axis = IM_COL32(120, 126, 140, 255);
  const ImU32 c_orders = IM_COL32(47, 111, 235, 200), c_active = IM_COL32(230, 120, 30, 255), c_qual = IM_COL32(40, 160, 90, 255);
  for (int g = 0; g <= 4; ++g) {
    float y = b.y - (b.y - a.y) * g / 4.0f;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid, dp(1));
    std::string l = short_num(max_orders * g / 4.0);
    ImVec2 ts = ImGui::CalcTextSize(l.c_str());
    dl->AddText(ImVec2(a.x - ts.x - dp(6), y - ts.y * 0.5f), axis, l.c_str());
    std::string r = short_num(max_m * g / 4.0);
    dl->AddText(ImVec2(b.x + dp(6), y - ts.y * 0.5f), axis, r.c_str());
  }
  const size_t n = months.size();
  const float slot = (b.x - a.x) / n, bw = std::min(slot * 0.55f, dp(90));
  std::vector<ImVec2> pa, pq;
  int hovered = -1;
  ImVec2 mouse = ImGui::GetIO().MousePos;
  for (size_t i = 0; i < n; ++i) {
    const tl::Metrics& m = months[i].metrics;
    float cx = a.x + slot * (i + 0.5f);
    float h = static_cast<float>((b.y - a.y) * static_cast<double>(m.paid_orders) / max_orders);
    dl->AddRectFilled(ImVec2(cx - bw / 2, b.y - h), ImVec2(cx + bw / 2, b.y), c_orders, dp(3), ImDrawFlags_RoundCornersTop);
    std::string v = short_num(static_cast<double>(m.paid_orders));
    ImVec2 vs = ImGui::CalcTextSize(v.c_str());
    dl->AddText(ImVec2(cx - vs.x / 2, b.y - h - vs.y - dp(2)), IM_COL32(47, 90, 190, 255), v.c_str());
    std::string lbl = month_label(months[i].month);
    ImVec2 ls = ImGui::CalcTextSize(lbl.c_str());
    dl->AddText(ImVec2(cx - ls.x / 2, b.y + dp(5)), axis, lbl.c_str());
    pa.push_back(ImVec2(cx, b.y - static_cast<float>((b.y - a.y) * static_cast<double>(m.active_merchants) / max_m)));
    pq.push_back(ImVec2(cx, b.y - static_cast<float>((b.y - a.y) * static_cast<double>(m.qualified_merchants) / max_m)));
    if (mouse.x >= cx - slot / 2 && mouse.x < cx + slot / 2 && mouse.y >= a.y && mouse.y <= b.y) hovered = static_cast<int>(i);
  }
  if (n > 1) {
    dl->AddPolyline(pa.data(), static_cast<int>(n), c_active, 0, dp(2.5f));
    dl->AddPolyline(pq.data(), static_cast<int>(n), c_qual, 0, dp(2.5f));
  }
  for (size_t i = 0; i < n; ++i) {
    dl->AddCircleFilled(pa[i], dp(4), c_active);
    dl->AddCircleFilled(pq[i], dp(4), c_qual);
  }
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), axis, dp(1));
  // legend
  float lx = a.x;
  auto legend = [&](ImU32 col, const char* text, bool bar) {
    if (bar) dl->AddRectFilled(ImVec2(lx, origin.y + dp(8)), ImVec2(lx + dp(14), origin.y + dp(18)), col, dp(2));
    else dl->AddLine(ImVec2(lx, origin.y + dp(13)), ImVec2(lx + dp(14), origin.y + dp(13)), col, dp(3));
    dl->AddText(ImVec2(lx + dp(18), origin.y + dp(13) - ImGui::GetFontSize() / 2), IM_COL32(60, 64, 75, 255), text);
    lx += dp(18) + ImGui::CalcTextSize(text).x + dp(18);
  };
  legend(c_orders, T(S::chart_orders_legend), true);
  legend(c_active, T(S::metric_active_merchants), false);
  legend(c_qual, T(S::metric_qualified_merchants), false);
  if (hovered >= 0 && ImGui::IsWindowHovered()) {
    const tl::Metrics& m = months[hovered].metrics;
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(month_label(months[hovered].month).c_str());
    ImGui::Text("%s: %s", T(S::metric_paid_orders), fmt_int(m.paid_orders).c_str());
    ImGui::Text("%s: %s", T(S::metric_active_merchants), fmt_int(m.active_merchants).c_str());
    ImGui::Text("%s: %s", T(S::metric_qualified_merchants), fmt_int(m.qualified_merchants).c_str());
    ImGui::Text("%s: ¥%s", T(S::metric_paid_amount), fmt_num(m.value(tl::Metric::PaidAmount)).c_str());
    ImGui::EndTooltip();
  }
}

// One row of the months table: a label and the four metrics.
static void month_row(const char* label, const tl::Metrics& m, bool bold) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  if (bold) heading(label);
  else ImGui::TextUnformatted(label);
  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(fmt_int(m.paid_orders).c_str());
  ImGui::TableSetColumnIndex(2);
  ImGui::TextUnformatted(fmt_int(m.active_merchants).c_str());
  ImGui::TableSetColumnIndex(3);
  ImGui::TextUnformatted(fmt_int(m.qualified_merchants).c_str());
  ImGui::TableSetColumnIndex(4);
  ImGui::TextUnformatted(("¥" + fmt_num(m.value(tl::Metric::PaidAmount))).c_str());
}

// The paid-orders bars of the configured tiers (their `all` conditions), lowest first: drawn as lines.
struct BarLine { size_t tier; double value; };
static std::vector<BarLine> paid_order_bars(const tl::RuleSet& rules) {
  std::vector<BarLine> out;
  for (size_t t = 1; t < rules.tiers.size(); ++t)
    for (const tl::Condition& c : rules.tiers[t].all)
      if (c.metric == tl::Metric::PaidOrders) out.push_back({t, c.value});
  std::sort(out.begin(), out.end(), [](const BarLine& x, const BarLine& y) { return x.value < y.value; });
  return out;
}

// The provider's past grades as a chart, oldest left: per grade a bar of the window's paid orders, the tiers'
// paid-orders bars as dashed lines (up to the first one above every bar, so the gap shows), active and
// qualified merchants as lines on the right axis, and under each bar the tier earned as a coloured band.
static void history_chart(App& a, const tl::ProviderResult& p, const std::vector<tl::Grade>& hist, float height_css) {
  const tl::RuleSet& rules = a.result->rules;
  std::vector<const tl::Grade::Provider*> gp(hist.size(), nullptr);
  for (size_t i = 0; i < hist.size(); ++i)
    for (const tl::Grade::Provider& x : hist[i].providers)
      if (x.id == p.id) gp[i] = &x;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  const float W = ImGui::GetContentRegionAvail().x, H = dp(height_css);
  ImGui::Dummy(ImVec2(W, H));
  mark_widget("history_chart");
  const float left = dp(64), right = dp(56), top = dp(30), band = dp(24), bottom = dp(24) + band + dp(6);
  const ImVec2 a0(origin.x + left, origin.y + top), b0(origin.x + W - right, origin.y + H - bottom);
  if (hist.empty() || b0.x - a0.x < dp(60) || ImGui::GetCurrentWindowRead()->Hidden) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(origin, ImVec2(origin.x + W, origin.y + H), IM_COL32(255, 255, 255, 255), dp(6));
  double max_orders = 0, max_m = 0;
  for (const tl::Grade::Provider* g : gp)
    if (g) {
      max_orders = std::max(max_orders, static_cast<double>(g->metrics.paid_orders));
      max_m = std::max({max_m, static_cast<double>(g->metrics.active_merchants), static_cast<double>(g->metrics.qualified_merchants)});
    }
  std::vector<BarLine> lines;
  for (const BarLine& l : paid_order_bars(rules)) {
    lines.push_back(l);
    if (l.value >= max_orders) break;   // the first bar above every grade: the lines above it add nothing
  }
  double scale = max_orders;
  for (const BarLine& l : lines) scale = std::max(scale, l.value);
  scale = nice_axis(scale * 1.1);
  max_m = nice_axis(max_m);
  const ImU32 grid = IM_COL32(230, 232, 238, 255), axis = IM_COL32(120, 126, 140, 255);
  const ImU32 c_orders = IM_COL32(47, 111, 235, 200), c_active = IM_COL32(230, 120, 30, 255), c_qual = IM_COL32(40, 160, 90, 255);
  auto y_of = [&](double v, double max) { return b0.y - static_cast<float>((b0.y - a0.y) * v / max); };
  for (int g = 0; g <= 4; ++g) {
    const float y = b0.y - (b0.y - a0.y) * g / 4.0f;
    dl->AddLine(ImVec2(a0.x, y), ImVec2(b0.x, y), grid, dp(1));
    const std::string l = short_num(scale * g / 4.0), r = short_num(max_m * g / 4.0);
    const ImVec2 ts = ImGui::CalcTextSize(l.c_str());
    dl->AddText(ImVec2(a0.x - ts.x - dp(6), y - ts.y * 0.5f), axis, l.c_str());
    dl->AddText(ImVec2(b0.x + dp(6), y - ts.y * 0.5f), axis, r.c_str());
  }
  // the tiers' paid-orders bars: dashed lines in the tier's colour, under the bars and their numbers
  for (const BarLine& l : lines) {
    const float y = y_of(l.value, scale);
    for (float x = a0.x; x < b0.x; x += dp(10)) dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + dp(6), b0.x), y), tier_color(rules.tiers[l.tier].id), dp(2));
  }
  const size_t n = hist.size();
  const float slot = (b0.x - a0.x) / static_cast<float>(n), bw = std::min(slot * 0.55f, dp(70));
  std::vector<ImVec2> pa, pq;
  int hovered = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  App::HistoryView view{a.eval_count, p.id, {}, {}, {}};
  for (size_t i = 0; i < n; ++i) {
    const float cx = a0.x + slot * (static_cast<float>(i) + 0.5f);
    const std::string month = n > 8 ? tl::report::month_code(hist[i].month)   // the graded month, said to be a grade when there is room
                                    : fmt(T(S::history_chart_grade), tl::report::month_short(hist[i].month, engine_lang()).c_str());
    fonts::need(month);
    const ImVec2 ms = ImGui::CalcTextSize(month.c_str());
    dl->AddText(ImVec2(cx - ms.x / 2, origin.y + H - dp(22)), axis, month.c_str());
    view.grades.push_back(tl::report::month_code(hist[i].month));
    // the tier earned: a band under the bar, named when the name fits
    const ImVec2 bt(cx - slot * 0.46f, b0.y + dp(6)), bb(cx + slot * 0.46f, b0.y + dp(6) + band);
    if (!gp[i] || gp[i]->tier >= rules.tiers.size()) {
      dl->AddRectFilled(bt, bb, IM_COL32(236, 238, 242, 255), dp(4));
      view.tiers.push_back("");
    } else {
      const tl::Tier& tier = rules.tiers[gp[i]->tier];
      dl->AddRectFilled(bt, bb, tier_color(tier.id), dp(4));
      const std::string name = tier_label(tier);
      const ImVec2 ns = ImGui::CalcTextSize(name.c_str());
      if (ns.x < bb.x - bt.x - dp(4)) dl->AddText(ImVec2(cx - ns.x / 2, bt.y + (band - ns.y) / 2), IM_COL32_WHITE, name.c_str());
      view.tiers.push_back(tier.id);
    }
    if (mouse.x >= cx - slot / 2 && mouse.x < cx + slot / 2 && mouse.y >= a0.y && mouse.y <= bb.y) hovered = static_cast<int>(i);
    if (!gp[i]) continue;
    const tl::Metrics& m = gp[i]->metrics;
    const float y = y_of(static_cast<double>(m.paid_orders), scale);
    dl->AddRectFilled(ImVec2(cx - bw / 2, y), ImVec2(cx + bw / 2, b0.y), c_orders, dp(3), ImDrawFlags_RoundCornersTop);
    const std::string v = short_num(static_cast<double>(m.paid_orders));
    const ImVec2 vs = ImGui::CalcTextSize(v.c_str()), vp(cx - vs.x / 2, y - vs.y - dp(2));
    dl->AddRectFilled(ImVec2(vp.x - dp(2), vp.y), ImVec2(vp.x + vs.x + dp(2), vp.y + vs.y), IM_COL32(255, 255, 255, 220), dp(2));   // over a bar line
    dl->AddText(vp, IM_COL32(47, 90, 190, 255), v.c_str());
    pa.push_back(ImVec2(cx, y_of(static_cast<double>(m.active_merchants), max_m)));
    pq.push_back(ImVec2(cx, y_of(static_cast<double>(m.qualified_merchants), max_m)));
  }
  if (pa.size() > 1) {
    dl->AddPolyline(pa.data(), static_cast<int>(pa.size()), c_active, 0, dp(2.5f));
    dl->AddPolyline(pq.data(), static_cast<int>(pq.size()), c_qual, 0, dp(2.5f));
  }
  for (size_t i = 0; i < pa.size(); ++i) {
    dl->AddCircleFilled(pa[i], dp(4), c_active);
    dl->AddCircleFilled(pq[i], dp(4), c_qual);
  }
  // the tiers' paid-orders bars' labels at the right end ("银牌 >= 40"), over everything
  for (const BarLine& l : lines) {
    const tl::Tier& tier = rules.tiers[l.tier];
    const float y = y_of(l.value, scale);
    const std::string label = tier_label(tier) + " " + tl::op_name(tl::Op::Ge) + " " + short_num(l.value);
    fonts::need(label);
    const ImVec2 ls = ImGui::CalcTextSize(label.c_str());
    dl->AddRectFilled(ImVec2(b0.x - ls.x - dp(8), y - ls.y - dp(3)), ImVec2(b0.x - dp(2), y - dp(1)), IM_COL32(255, 255, 255, 220), dp(3));
    dl->AddText(ImVec2(b0.x - ls.x - dp(5), y - ls.y - dp(2)), tier_color(tier.id), label.c_str());
    view.bar_lines.push_back(tier.id);
  }
  dl->AddLine(ImVec2(a0.x, b0.y), ImVec2(b0.x, b0.y), axis, dp(1));
  float lx = a0.x;
  auto legend = [&](ImU32 col, const char* text, int shape) {   // 0 bar, 1 line, 2 dashed
    const float cy = origin.y + dp(14);
    if (shape == 0) dl->AddRectFilled(ImVec2(lx, cy - dp(5)), ImVec2(lx + dp(14), cy + dp(5)), col, dp(2));
    else if (shape == 1) dl->AddLine(ImVec2(lx, cy), ImVec2(lx + dp(14), cy), col, dp(3));
    else { dl->AddLine(ImVec2(lx, cy), ImVec2(lx + dp(5), cy), col, dp(2)); dl->AddLine(ImVec2(lx + dp(9), cy), ImVec2(lx + dp(14), cy), col, dp(2)); }
    dl->AddText(ImVec2(lx + dp(18), cy - ImGui::GetFontSize() / 2), IM_COL32(60, 64, 75, 255), text);
    lx += dp(18) + ImGui::CalcTextSize(text).x + dp(18);
  };
  legend(c_orders, T(S::chart_orders_legend), 0);
  legend(c_active, T(S::metric_active_merchants), 1);
  legend(c_qual, T(S::metric_qualified_merchants), 1);
  if (!lines.empty()) legend(axis, T(S::history_chart_bar_legend), 2);
  a.history_view = std::move(view);
  if (hovered >= 0 && ImGui::IsWindowHovered()) {
    const tl::Grade& g = hist[static_cast<size_t>(hovered)];
    ImGui::BeginTooltip();
    const std::string label = tl::report::grade_label(g.window, engine_lang());
    fonts::need(label);
    ImGui::TextUnformatted(label.c_str());
    if (const tl::Grade::Provider* x = gp[static_cast<size_t>(hovered)]) {
      ImGui::Text("%s: %s", T(S::col_tier), tier_label(rules.tiers[std::min(x->tier, rules.tiers.size() - 1)]).c_str());
      ImGui::Text("%s: %s", T(S::metric_paid_orders), fmt_int(x->metrics.paid_orders).c_str());
      ImGui::Text("%s: %s", T(S::metric_active_merchants), fmt_int(x->metrics.active_merchants).c_str());
      ImGui::Text("%s: %s", T(S::metric_qualified_merchants), fmt_int(x->metrics.qualified_merchants).c_str());
    } else {
      ImGui::TextDisabled("—");
    }
    ImGui::EndTooltip();
  }
}

// Every past grade the data covers, for this provider: the tier and the three metrics per grade month,
// as a chart and as a table.
static void past_grades(App& a, const tl::ProviderResult& p) {
  const std::vector<tl::Grade>& hist = a.history();
  ImGui::Spacing();
  heading(T(S::history_title));
  ImGui::SameLine();
  help_marker(T(S::history_help));
  if (hist.empty()) {
    a.history_view = {};
    ImGui::TextDisabled("%s", T(S::history_none));
    return;
  }
  history_chart(a, p, hist, 280);
  ImGui::Spacing();
  if (!ImGui::BeginTable("##history", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn(T(S::col_grade), 0, 2.2f);
  ImGui::TableSetupColumn(T(S::col_tier), 0, 1.6f);
  ImGui::TableSetupColumn(T(S::metric_paid_orders));
  ImGui::TableSetupColumn(T(S::metric_active_merchants));
  ImGui::TableSetupColumn(T(S::metric_qualified_merchants));
  ImGui::TableHeadersRow();
  for (auto g = hist.rbegin(); g != hist.rend(); ++g) {   // latest first
    const tl::Grade::Provider* gp = nullptr;
    for (const tl::Grade::Provider& x : g->providers)
      if (x.id == p.id) gp = &x;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    const std::string label = tl::report::grade_label(g->window, engine_lang());
    fonts::need(label);
    ImGui::TextUnformatted(label.c_str());
    ImGui::TableSetColumnIndex(1);
    if (!gp) { ImGui::TextDisabled("—"); continue; }
    const tl::Tier& tier = a.result->rules.tiers[gp->tier];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(tier_color(tier.id)), "● %s", tier_label(tier).c_str());
    const std::string note = tl::report::grade_eligibility_note(*gp, engine_lang());   // not eligible for that grade
    if (!note.empty()) {
      fonts::need(note);
      ImGui::SameLine(0, 0);
      ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s", note.c_str());
    }
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(fmt_int(gp->metrics.paid_orders).c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(fmt_int(gp->metrics.active_merchants).c_str());
    ImGui::TableSetColumnIndex(4);
    ImGui::TextUnformatted(fmt_int(gp->metrics.qualified_merchants).c_str());
  }
  ImGui::EndTable();
}

void panel_months(App& a) {
  const tl::ProviderResult* pp = a.provider();
  if (!pp) return;
  const tl::ProviderResult& p = *pp;
  ImGui::Spacing();
  heading(T(S::months_title));
  ImGui::TextDisabled("%s", T(S::months_help));
  month_chart(p, 300);
  ImGui::Spacing();
  if (ImGui::BeginTable("##months", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableSetupColumn(T(S::col_month));
    ImGui::TableSetupColumn(T(S::metric_paid_orders));
    ImGui::TableSetupColumn(T(S::metric_active_merchants));
    ImGui::TableSetupColumn(T(S::metric_qualified_merchants));
    ImGui::TableSetupColumn(T(S::metric_paid_amount));
    ImGui::TableHeadersRow();
    for (const tl::MonthMetrics& m : p.months) month_row(month_label(m.month).c_str(), m.metrics, false);
    month_row(T(S::window_total), p.metrics, true);
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%s", T(S::months_distinct_note));
  past_grades(a, p);
}

}  // namespace tlw
