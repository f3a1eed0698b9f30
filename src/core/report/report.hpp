// tierlens — writing a Result out: the versioned JSON report (docs/report-schema.md), a readable
// summary, the merchants CSV, and the sentences every client shows. None of these touch the store:
// a Result holds all they need, so the CLI and the page write byte-identical reports.
#pragma once
#include <string>
#include <string_view>

#include "messages/catalog.hpp"
#include "result.hpp"

namespace tl::report {

struct JsonOptions {
  Lang lang = Lang::En;          // the language of the messages' rendered text
  bool merchants = true;         // the merchant tables (the bulk of a report on big data)
};
// The report (schema tierlens.report/1): stable key order, 2-space indent, trailing newline.
std::string json(const Result& r, const JsonOptions& options = {});
// A message as the report writes it: {"code", "severity", "params", "text", "fix": {"cli", "page"}}.
std::string message_json(const Message& m, Lang lang, int indent_depth = 0);

// A readable summary: the window, each provider's tier, metrics, criteria and gap, data quality (file
// messages with the fix for `host`).
std::string text(const Result& r, Lang lang, Host host = Host::Cli);
// Every provider's merchant table (or one provider's) as CSV: UTF-8 with a BOM, CRLF, long ids guarded
// against Excel's number conversion.
std::string merchants_csv(const Result& r, Lang lang, const ProviderResult* only = nullptr);
// The providers' ranking as CSV (the platform view; tierlens evaluate --format providers-csv), one row per
// provider in Result::providers' order: rank, id, name, tier, the four metrics, the next tier and the gap
// sentence. UTF-8 with a BOM, CRLF, as merchants_csv.
std::string providers_csv(const Result& r, Lang lang);

// The report to forward (docs/report-html.md): one self-contained HTML page (no script, no external resource,
// prints to A4) with the tier, each criterion against its bar, the gap plan (Result::plan, when set), the
// monthly chart and the grade history (Result::history, when set) as inline SVG, the merchant table, data
// quality and the rules. provider: that provider's report; null: every provider's (the ranking, then the
// sections of the first 20). Never an order row.
std::string html(const Result& r, Lang lang, const std::string* provider = nullptr);
// "tierlens-SP1-2024-05.html": the provider's id (characters a file name cannot hold as "_"; "all" for the
// all-data provider) and the month the window grades.
std::string html_file_name(const Result& r, const std::string& provider);

// The plan (Result::plan, plan.hpp) in words: per provider what its next tier still needs, the grade in
// progress, the merchants to work on (lists cut at 10 lines). only: one provider's id. "" without a plan.
std::string plan_text(const Result& r, Lang lang, const std::string* only = nullptr);
// {"schema": "tierlens.plan/1", "rules", "evaluation_month", "window", "plan"} (tierlens plan --format json).
std::string plan_json(const Result& r, const std::string* only = nullptr);
// The providers whose tier changes under the comparison's second rule set (Result::comparison); "" without one.
std::string comparison_text(const Result& r, Lang lang);
// The projection (Result::projection, projection.hpp), always labelled one: projection_label is
// "预测（按当前日均推算）" / "Projection (at the current daily rate)"; the summary's section ("" without one);
// one provider's line for the dashboard, from a projection of r (r.projection, or one the page keeps beside r):
// "Projection (at the current daily rate) · Jun 2024 grade: about 24 paid orders, 3 active merchants, about 0
// qualified merchants — not on track for Silver (projected: …)"; "" when p is not r's or pj is of another r.
const char* projection_label(Lang lang);
std::string projection_text(const Result& r, Lang lang);
std::string projection_sentence(const Result& r, const Projection& pj, const ProviderResult& p, Lang lang);

// The provider's eligibility for the window's grade (Result::eligibility_checked; docs/rule.md) in one sentence:
// "不参评 2023年9月评级：认证于 2023-09-01，晚于 2023年8月31日（等级按数据计算，仅供参考）" / "Not eligible for the Sep 2023
// grade: certified 2023-09-01, after 31 Aug 2023 (…)"; "" when not checked. eligibility_label: the ranking's cell
// ("参评" / "不参评" / "参评未知"; "" when not checked). eligibility_header: the summary's line on the check itself.
std::string eligibility_sentence(const ProviderResult& p, Lang lang);
std::string eligibility_label(const ProviderResult& p, Lang lang);
std::string eligibility_header(const Result& r, Lang lang);
// A past grade's provider that the grade did not count, or may not have: "（不参评）" / " (not eligible)",
// "（参评未知）" / " (eligibility unknown)"; "" otherwise (eligible, or not checked).
std::string grade_eligibility_note(const Grade::Provider& p, Lang lang);
// "距银牌还差：540,000 单支付订单量；并且以下任一项：…" — "" when there is no next tier.
std::string gap_sentence(const Result& r, const ProviderResult& p, Lang lang);
// "540,000 单支付订单量" / "540,000 more paid orders": how much of a metric is missing.
std::string gap_phrase(Metric m, double missing, Lang lang);
std::string tier_name(const Tier& t, Lang lang);           // name or name_en
std::string month_label(int month, Lang lang);             // "2023年6月" / "2023-06"
std::string month_short(int month, Lang lang);             // "2023年6月" / "Jun 2023"
// The grade a window makes, as the rule's calendar names it: "2023年9月评级 · 6–8月业绩" / "Sep 2023 grade · Jun–Aug"
std::string grade_label(const Window& w, Lang lang);
std::string month_code(int month);                         // "2023-06"
std::string format_number(double v);                       // 1,234,567 or 1,234.50 (two decimals when not whole)
std::string csv_cell(std::string_view v);                  // quoted when needed; long digit runs as ="…"

}  // namespace tl::report
