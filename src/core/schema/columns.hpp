// tierlens — what a file is and what its columns mean.
//
// File kinds are recognised from the header row: each cell's words read for their meaning in Chinese
// and English (columns.cpp, docs/columns.md), and, when names do not decide, the values of the first
// rows; every column's meaning can be overridden by the user.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tl {

// Providers: who is a certified provider since when (the rule's eligibility: docs/rule.md).
enum class FileKind : uint8_t { Unknown, Orders, Bindings, MonthlyStats, Standards, Rules, Providers };
const char* kind_name(FileKind k);   // "orders", "bindings", "monthly", "standards", "rules", "providers", "unknown"
std::optional<FileKind> parse_kind(std::string_view s);  // inverse, plus a few aliases

enum class Field : uint8_t {
  None,
  MainOrderId,   // 主订单编号
  OrderId,       // 子订单编号 / 订单编号
  MerchantId,    // 店铺ID / 商家ID
  MerchantName,  // 店铺名称
  PayTime,       // 支付完成时间
  Status,        // 订单状态
  Amount,        // 订单应付金额
  ProviderId,    // 服务商ID
  ProviderName,  // 服务商名称
  Industry,      // 行业 / 类目
  BindStart,     // 绑定开始时间
  BindEnd,       // 绑定结束时间
  Month,         // 月份
  OrderCount,    // 支付订单量 (monthly stats)
  Standard,      // 达标标准 (industry standards)
  CertifiedSince,  // 认证时间 / 入驻时间 (providers: certified industrial-belt provider since)
  Count_
};
constexpr size_t kFieldCount = static_cast<size_t>(Field::Count_);
const char* field_name(Field f);                         // "main_order_id", "merchant_id", ...
std::optional<Field> parse_field(std::string_view s);

// column index per field, -1 = absent
struct ColumnMap {
  std::array<int, kFieldCount> col;
  ColumnMap() { col.fill(-1); }
  int operator[](Field f) const { return col[static_cast<size_t>(f)]; }
  int& operator[](Field f) { return col[static_cast<size_t>(f)]; }
  bool has(Field f) const { return (*this)[f] >= 0; }
};

// Where a column's meaning came from: its header's words, the values of its first rows, or the user
// (FileOptions::columns / column_names, the CLI's --column, the page's meaning menu).
enum class ColumnSource : uint8_t { None, Name, Values, User };
const char* column_source_name(ColumnSource s);          // "none", "name", "values", "user"

// A header cell as its words: ASCII lower-case, full-width forms as half-width, every space (U+3000
// too), punctuation and BOM as one separator, brackets of any kind with what is inside them removed
// (units, glosses, 必填) unless that is all there is ("【店铺ID】" -> "店铺 id"), camelCase split.
std::string normalise_header(std::string_view cell);

// What the words of a header cell mean (see docs/columns.md): concept words in Chinese and English
// (a provider word with an id word is a provider id, ...) and words that rule a meaning out (商品ID,
// 下单时间, 售后状态 mean none of the fields).
constexpr int kSureScore = 50;   // a name this sure decides alone; below it, the values must agree
struct HeaderMeaning {
  Field field = Field::None;     // what the words say
  int score = 0;                 // 0-100: how sure; the best of competing columns wins
  Field alt = Field::None;       // what it means in context: a plain order id (订单编号) is the main
                                 // order id beside a sub-order id column; a merchant's SKU code
                                 // (商家编码) is the merchant id only when nothing better exists
  bool known = false;            // some word of it is known (a name no word of which is known, "列1",
                                 // may be given a meaning by its values)
};
HeaderMeaning header_meaning(std::string_view cell);
// header_meaning(cell).field (kept for callers that want the plain answer).
Field match_header(std::string_view cell);

// Two columns whose names both say `field`: the one used and why (counts of values that fit, in the
// first `rows` rows; tie: as many fit, the better name and then the leftmost column won).
struct ColumnChoice {
  Field field = Field::None;
  int chosen = -1, other = -1;
  int chosen_fit = 0, other_fit = 0, rows = 0;
  bool tie = false;
};
// A field given to a column by its values (no name said it, or only weakly).
struct ValueFind {
  Field field = Field::None;
  int column = -1;
  int fit = 0, rows = 0;
};

struct HeaderAnalysis {
  FileKind kind = FileKind::Unknown;
  ColumnMap map;
  std::vector<Field> per_column;   // meaning of each header cell (None when unrecognised)
  std::vector<Field> missing;      // required fields of `kind` that were not found
  std::vector<ColumnSource> source;        // per column: where its meaning came from (None: no meaning)
  std::vector<HeaderMeaning> meaning;      // per column: what its name says
  bool needs_values = false;       // names alone do not decide (columns compete, a required field is
                                   // missing or only weakly named, the kind is unknown): analyse_columns()
                                   // with the first rows decides
  std::vector<ColumnChoice> choices;       // competitions decided by values
  std::vector<ValueFind> found_by_values;  // fields given by values
};
// Overrides the user made, resolved to columns: field -> column (-1: the field is absent), or
// Field::None -> column (that column means nothing). Those columns and fields are left to the caller.
using UserColumns = std::vector<std::pair<Field, int>>;
// Recognises the kind (unless `forced` is not Unknown) and maps columns by their names.
HeaderAnalysis analyse_header(const std::vector<std::string_view>& header, FileKind forced = FileKind::Unknown,
                              const UserColumns& user = {});
// The same, then decided by the values of the first rows (at most kSampleRows are looked at): competing
// columns, required fields no name gave, the kind when names do not tell it.
constexpr size_t kSampleRows = 64;
using SampleRows = std::vector<std::vector<std::string_view>>;
HeaderAnalysis analyse_columns(const std::vector<std::string_view>& header, const SampleRows& rows,
                               FileKind forced = FileKind::Unknown, const UserColumns& user = {});
// Fields a kind cannot do without (orders: merchant id, pay time, and an order id of either kind).
std::vector<Field> required_fields(FileKind k);

}  // namespace tl
