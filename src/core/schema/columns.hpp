// tierlens — what a file is and what its columns mean.
//
// File kinds are recognised from the header row (Chinese or English synonyms, see columns.cpp for
// the full table); every column's meaning can be overridden by the user.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

enum class FileKind : uint8_t { Unknown, Orders, Bindings, MonthlyStats, Standards, Rules };
const char* kind_name(FileKind k);                       // "orders", "bindings", "monthly", "standards", "rules", "unknown"
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

// What a header cell means, or Field::None. Matching ignores case, spaces, '_', '-', brackets and
// a trailing unit like "(元)".
Field match_header(std::string_view cell);

struct HeaderAnalysis {
  FileKind kind = FileKind::Unknown;
  ColumnMap map;
  std::vector<Field> per_column;   // meaning of each header cell (None when unrecognised)
  std::vector<Field> missing;      // required fields of `kind` that were not found
};
// Recognises the kind (unless `forced` is not Unknown) and maps columns.
HeaderAnalysis analyse_header(const std::vector<std::string_view>& header, FileKind forced = FileKind::Unknown);
// Fields a kind cannot do without (orders: merchant id, pay time, and an order id of either kind).
std::vector<Field> required_fields(FileKind k);

}  // namespace tl
