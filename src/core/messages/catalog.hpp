// tierlens — the message catalog: every reason a row is not counted and every message a person may
// read (file errors and warnings, rule-set errors, command-line usage errors) is a code with
// parameters, rendered in Chinese or English from one place (catalog.cpp).
//
//   Message m(Msg::FileMissingColumns);
//   m.set("file", "orders.csv").set("kind", "orders").list("fields", {"pay_time"}).list("headers", header);
//   render(m, Lang::Zh)            -> "“orders.csv”（订单）：表头（第 1 行）中找不到必需的列：支付完成时间。…"
//   render_fix(m, Lang::En, Host::Cli) -> "Map the column with --column 'HEADER=pay_time'."
//
// Why codes: the engine must not decide the reader's language, the report must say what happened in a
// form a program can read (code + parameters) and a person can read (text), and the page must show
// the same finding in its own language. Parameters are text; a list is its items joined by '\x1f'.
// A template names a parameter as {name} or {name:type}: num (digits grouped), field / fields (field
// codes shown as their labels), kind (a file kind code as its label), list (items quoted and joined).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/columns.hpp"

namespace tl {

enum class Lang : uint8_t { Zh, En };
const char* lang_code(Lang l);                     // "zh", "en"
std::optional<Lang> parse_lang(std::string_view s); // "zh", "zh_CN.UTF-8", "zh-Hans", "en", "en_US", "C" (-> en)

// Where a fix is carried out: the command line names its option, the page its control.
enum class Host : uint8_t { Cli, Page };

// [SECTION] reasons a row is not counted ---------------------------------------------------------
#define TL_REASONS(X)                 \
  X(MissingOrderId, "missing_order_id") \
  X(IdScientific, "id_scientific_notation") \
  X(MissingMerchantId, "missing_merchant_id") \
  X(MissingPayTime, "missing_pay_time") \
  X(BadPayTime, "bad_pay_time") \
  X(UnpaidStatus, "unpaid_status") \
  X(OutsideWindow, "outside_window") \
  X(MerchantNotInBindings, "merchant_not_in_bindings") \
  X(NotBoundAtPayTime, "not_bound_at_pay_time") \
  X(MissingProviderId, "missing_provider_id") \
  X(DuplicateMainOrder, "duplicate_main_order") \
  X(BadMonth, "bad_month") \
  X(BadOrderCount, "bad_order_count") \
  X(SupersededByOrderRows, "superseded_by_order_rows") \
  X(BadBindStart, "bad_bind_start") \
  X(BadBindEnd, "bad_bind_end") \
  X(BindEndBeforeStart, "bind_end_before_start") \
  X(MissingIndustry, "missing_industry") \
  X(BadStandard, "bad_standard") \
  X(BadCertifiedSince, "bad_certified_since")

enum class Reason : uint8_t {
#define TL_REASON_ENUM(id, code) id,
  TL_REASONS(TL_REASON_ENUM)
#undef TL_REASON_ENUM
  Count_
};
constexpr size_t kReasonCount = static_cast<size_t>(Reason::Count_);
const char* reason_code(Reason r);                       // "bad_pay_time"
std::optional<Reason> parse_reason(std::string_view code);
const char* reason_label(Reason r, Lang l);              // short, for a table cell
const char* reason_about(Reason r, Lang l);              // one line: what it means and what to do

// [SECTION] messages ---------------------------------------------------------------------------
enum class Severity : uint8_t { Error, Warning, Note };
const char* severity_name(Severity s);                    // "error", "warning", "note"

#define TL_MESSAGES(X)                                          \
  /* files */                                                    \
  X(FileEmpty, "file.empty", Error)                              \
  X(FileUnknownKind, "file.unknown_kind", Error)                 \
  X(FileMissingColumns, "file.missing_columns", Error)           \
  X(FileTooBigForPage, "file.too_big_for_page", Error)           \
  X(FileRulesTooBig, "file.rules_too_big", Error)                \
  X(FileRulesInvalid, "file.rules_invalid", Error)               \
  X(FileTooManyOpen, "file.too_many_open", Error)                \
  X(FileOutOfMemory, "file.out_of_memory", Error)                \
  X(FileInternal, "file.internal_error", Error)                  \
  X(FileCannotOpen, "file.cannot_open", Error)                   \
  X(FileReadFailed, "file.read_failed", Error)                   \
  X(FileCannotWrite, "file.cannot_write", Error)                 \
  X(FileUnterminatedQuote, "file.unterminated_quote", Warning)   \
  X(FileInvalidBytes, "file.invalid_bytes", Warning)             \
  X(FileMixedEncoding, "file.mixed_encoding", Warning)           \
  X(FileMerchantFromSkuCode, "file.merchant_from_sku_code", Warning) \
  X(FileColumnsCompete, "file.columns_compete", Warning)         \
  X(FileColumnFromValues, "file.column_from_values", Warning)    \
  X(FileNotText, "file.not_text", Error)                         \
  X(FileNoRows, "file.no_rows", Warning)                         \
  X(FileNulBytes, "file.nul_bytes", Warning)                     \
  X(FileRaggedRows, "file.ragged_rows", Warning)                 \
  X(FileWrongKind, "file.wrong_kind", Error)                     \
  X(FileDuplicateHeader, "file.duplicate_header", Warning)       \
  X(FileBindingsOverlap, "file.bindings_overlap", Warning)       \
  X(FileProviderDatesDiffer, "file.provider_dates_differ", Warning) \
  /* archives and workbooks */                                   \
  X(ArchiveUnreadable, "archive.unreadable", Error)              \
  X(ArchiveDamaged, "archive.damaged", Error)                    \
  X(ArchiveEncrypted, "archive.encrypted", Error)                \
  X(ArchiveMethod, "archive.method", Error)                      \
  X(ArchiveEmpty, "archive.empty", Error)                        \
  X(ArchiveNestedTooBig, "archive.nested_too_big", Error)        \
  X(ArchiveTooBigForPage, "archive.too_big_for_page", Error)     \
  X(WorkbookUnreadable, "workbook.unreadable", Error)            \
  X(ArchiveLeftOut, "archive.left_out", Note)                    \
  /* rule sets */                                                \
  X(RulesNotJson, "rules.not_json", Error)                       \
  X(RulesNumberTooLarge, "rules.number_too_large", Error)        \
  X(RulesTooDeep, "rules.too_deep", Error)                       \
  X(RulesTooBig, "rules.too_big", Error)                         \
  X(RulesNotObject, "rules.not_object", Error)                   \
  X(RulesUnknownKey, "rules.unknown_key", Error)                 \
  X(RulesMissingKey, "rules.missing_key", Error)                 \
  X(RulesWrongType, "rules.wrong_type", Error)                   \
  X(RulesNotFinite, "rules.not_finite", Error)                   \
  X(RulesNotWhole, "rules.not_whole", Error)                     \
  X(RulesNegative, "rules.negative", Error)                       \
  X(RulesOutOfRange, "rules.out_of_range", Error)                 \
  X(RulesUnknownMetric, "rules.unknown_metric", Error)           \
  X(RulesUnknownOp, "rules.unknown_op", Error)                   \
  X(RulesBadCompare, "rules.bad_compare", Error)                 \
  X(RulesBadSchema, "rules.bad_schema", Error)                   \
  X(RulesNoTiers, "rules.no_tiers", Error)                       \
  X(RulesEmptyId, "rules.empty_id", Error)                       \
  X(RulesDuplicateId, "rules.duplicate_id", Error)               \
  X(RulesShareLink, "rules.share_link", Error)                   \
  /* command line */                                             \
  X(UsageUnknownCommand, "usage.unknown_command", Error)         \
  X(UsageUnknownOption, "usage.unknown_option", Error)           \
  X(UsageMissingValue, "usage.missing_value", Error)             \
  X(UsageBadValue, "usage.bad_value", Error)                     \
  X(UsageMissingArgument, "usage.missing_argument", Error)       \
  X(UsageExtraArgument, "usage.extra_argument", Error)           \
  X(UsageNoInputs, "usage.no_inputs", Error)                     \
  X(UsageBadWindow, "usage.bad_window", Error)                   \
  X(UsageInvalid, "usage.invalid", Error)

enum class Msg : uint16_t {
#define TL_MSG_ENUM(id, code, sev) id,
  TL_MESSAGES(TL_MSG_ENUM)
#undef TL_MSG_ENUM
  Count_
};
const char* msg_code(Msg m);                              // "file.missing_columns"
// A warning that a column's meaning was guessed where the guess decides the numbers (which provider,
// merchant, pay time, order or standard a row has): hosts say it at the top, not only on the file.
bool decides_the_answer(Msg m);
std::optional<Msg> parse_msg(std::string_view code);
Severity msg_severity(Msg m);

struct Message {
  Msg code = Msg::FileInternal;
  std::vector<std::pair<std::string, std::string>> params;   // in the order set

  Message() = default;
  explicit Message(Msg c) : code(c) {}
  Message& set(std::string_view name, std::string value);
  Message& set(std::string_view name, const char* value) { return set(name, std::string(value ? value : "")); }
  Message& set(std::string_view name, std::string_view value) { return set(name, std::string(value)); }
  Message& set(std::string_view name, int64_t value) { return set(name, std::to_string(value)); }
  Message& set(std::string_view name, uint64_t value) { return set(name, std::to_string(value)); }
  Message& set(std::string_view name, int value) { return set(name, std::to_string(value)); }
  Message& list(std::string_view name, const std::vector<std::string>& items);
  // "" when not set
  std::string_view get(std::string_view name) const;
  bool operator==(const Message& o) const { return code == o.code && params == o.params; }
};

// What happened (with the general advice), in one language.
std::string render(const Message& m, Lang l);
// The exact option (Cli) or page control (Page) that fixes it; "" when the message has none.
std::string render_fix(const Message& m, Lang l, Host h);
// render + " " + render_fix: the whole message for one host.
std::string render_full(const Message& m, Lang l, Host h);

// An exception that carries a message (rule sets, command-line usage): thrown where the input is
// checked, caught at the boundary (CLI, page), never shown as its what() alone.
struct MessageError : std::exception {
  Message msg;
  explicit MessageError(Message m) : msg(std::move(m)) {}
  const char* what() const noexcept override { return "tierlens message"; }
};

// [SECTION] labels shared by every client ------------------------------------------------------
const char* field_label(Field f, Lang l);      // "支付完成时间" / "Pay time"
const char* kind_label(FileKind k, Lang l);    // "订单" / "Orders"
const char* metric_label(std::string_view metric_code, Lang l);   // "paid_orders" -> "支付订单量"
// What a file that is not text is, by its first bytes: "png", "jpeg", "gif", "pdf", "xls", "xlsx", "zip",
// "gzip", "rar", "7z"; "" for text (a CSV or a rule set, as far as the bytes say).
const char* binary_format(const uint8_t* data, size_t n);
std::string group_digits(int64_t v);           // 1234567 -> "1,234,567"

}  // namespace tl
