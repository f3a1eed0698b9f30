// tierlens web — every UI string lives in web/i18n.cpp, one table per language (zh default, en).
// This header only names the keys. Format strings take printf arguments as noted in i18n.cpp.
#pragma once
#include <string>
#include <vector>

namespace tlw {

enum class Lang { Zh, En };
Lang lang();
void set_lang(Lang l);

#define TLW_STRING_KEYS(X) \
  X(all_data) \
  X(any_group_note) \
  X(app_title) \
  X(banner_computed_without) \
  X(banner_files_failed) \
  X(btn_add_condition) \
  X(btn_add_files) \
  X(btn_add_status) \
  X(btn_cancel) \
  X(btn_choose_files) \
  X(btn_clear_all) \
  X(btn_confirm_remove) \
  X(btn_copy_summary) \
  X(btn_export_menu) \
  X(btn_export_merchants) \
  X(btn_export_report) \
  X(btn_export_rules) \
  X(btn_go_files) \
  X(btn_import_rules) \
  X(btn_open_files) \
  X(btn_remove) \
  X(btn_reset_rules) \
  X(btn_see_all_merchants) \
  X(btn_set_in_rules) \
  X(btn_share_rules) \
  X(btn_try_sample) \
  X(btn_update_ready) \
  X(chart_orders_legend) \
  X(col_active) \
  X(col_best_month) \
  X(col_best_month_orders) \
  X(col_code) \
  X(col_counted_as) \
  X(col_criterion) \
  X(col_examples) \
  X(col_file) \
  X(col_header) \
  X(col_industry) \
  X(col_lines) \
  X(col_margin) \
  X(col_meaning) \
  X(col_merchant_id) \
  X(col_merchant_name) \
  X(col_month) \
  X(col_monthly_standard) \
  X(col_next_gap) \
  X(col_orders_in) \
  X(col_progress) \
  X(col_provider) \
  X(col_provider_id) \
  X(col_provider_name) \
  X(col_qualified) \
  X(col_rank) \
  X(col_reason) \
  X(col_requirement) \
  X(col_result) \
  X(col_rows) \
  X(col_shortfall) \
  X(col_standard) \
  X(col_status) \
  X(col_tier) \
  X(col_total) \
  X(col_value) \
  X(compare_ge) \
  X(compare_gt) \
  X(confirm_clear_all) \
  X(current_tier) \
  X(detected_tag) \
  X(drop_here) \
  X(enc_auto) \
  X(err_evaluate) \
  X(err_reread_unavailable) \
  X(err_rules_file) \
  X(fail) \
  X(field_ignored) \
  X(file_blank_lines) \
  X(file_columns) \
  X(file_invalid_chars) \
  X(file_missing_fields) \
  X(file_rejected_line) \
  X(file_stats) \
  X(files_help) \
  X(files_none) \
  X(files_title) \
  X(gap_top_reached) \
  X(gap_top_reached_unconfigured) \
  X(in_progress_help) \
  X(in_progress_note) \
  X(incomplete_month) \
  X(incomplete_month_help) \
  X(industry_empty) \
  X(industry_hint) \
  X(js_drop_overlay) \
  X(js_loading_failed) \
  X(js_read_failed) \
  X(js_webgl_missing) \
  X(kind_auto) \
  X(lbl_compare) \
  X(lbl_default_standard) \
  X(lbl_encoding) \
  X(lbl_kind) \
  X(lbl_provider) \
  X(lbl_rules_name) \
  X(lbl_separator) \
  X(lbl_window) \
  X(lbl_window_months) \
  X(merchants_count) \
  X(metric_active_merchants) \
  X(metric_active_sub) \
  X(metric_amount_sub) \
  X(metric_paid_amount) \
  X(metric_paid_orders) \
  X(metric_paid_orders_sub) \
  X(metric_qualified_merchants) \
  X(metric_qualified_sub) \
  X(metric_without_standard) \
  X(months_distinct_note) \
  X(months_help) \
  X(months_title) \
  X(msg_rules_loaded_from) \
  X(msg_share_copied) \
  X(msg_summary_copied) \
  X(near_help) \
  X(near_none) \
  X(near_only) \
  X(near_title) \
  X(no_providers) \
  X(no_providers_help) \
  X(no_standard) \
  X(no_standard_help) \
  X(no_window) \
  X(pass) \
  X(privacy_long) \
  X(privacy_short) \
  X(progress_cancelling) \
  X(progress_stats) \
  X(progress_title) \
  X(providers_click) \
  X(providers_help) \
  X(providers_title) \
  X(quality_all_counted) \
  X(quality_files_title) \
  X(quality_help) \
  X(quality_no_standard_help) \
  X(quality_no_standard_title) \
  X(quality_reasons_title) \
  X(quality_rejected_title) \
  X(quality_rows_line) \
  X(quality_statuses_help) \
  X(quality_statuses_title) \
  X(quality_title) \
  X(rank_sentence) \
  X(required_mark) \
  X(rows_unit) \
  X(rules_all_group) \
  X(rules_any_group) \
  X(rules_general) \
  X(rules_help) \
  X(rules_json_preview) \
  X(rules_missing_industries) \
  X(rules_standards) \
  X(rules_standards_help) \
  X(rules_statuses) \
  X(rules_statuses_help) \
  X(rules_statuses_seen) \
  X(rules_tiers) \
  X(rules_title) \
  X(search_hint) \
  X(sep_auto) \
  X(sep_comma) \
  X(sep_pipe) \
  X(sep_semicolon) \
  X(sep_tab) \
  X(share_help) \
  X(shortfall_orders) \
  X(state_cancelled) \
  X(state_done) \
  X(state_failed) \
  X(state_reading) \
  X(status_empty) \
  X(status_excluded) \
  X(status_hint) \
  X(status_paid) \
  X(tab_dashboard) \
  X(tab_files) \
  X(tab_merchants) \
  X(tab_months) \
  X(tab_providers) \
  X(tab_quality) \
  X(tab_rules) \
  X(tab_start) \
  X(tier_earned) \
  X(tier_not_configured) \
  X(tier_not_earned) \
  X(tiers_title) \
  X(welcome_body) \
  X(welcome_file_bindings) \
  X(welcome_file_monthly) \
  X(welcome_file_orders) \
  X(welcome_file_rules) \
  X(welcome_file_standards) \
  X(welcome_files_title) \
  X(welcome_title) \
  X(window_default_option) \
  X(window_default_tag) \
  X(window_months_help) \
  X(window_sentence) \
  X(window_total)

enum class S : int {
#define TLW_ENUM(k) k,
  TLW_STRING_KEYS(TLW_ENUM)
#undef TLW_ENUM
  Count_
};

const char* T(S key);                    // the string in the current language
const char* T(const char* key_name);     // by key name (for JS); the key itself when unknown
std::string fmt(const char* format, ...);  // printf into a std::string
std::vector<const char*> all_strings(); // every string of every language (to prepare glyphs)

}  // namespace tlw
