// tierlens — header recognition: synonyms (Chinese and English) -> fields, fields -> file kind.
#include "schema/columns.hpp"

#include <cstring>

namespace tl {

// [SECTION] names ------------------------------------------------------------------------

const char* kind_name(FileKind k) {
  switch (k) {
    case FileKind::Orders: return "orders";
    case FileKind::Bindings: return "bindings";
    case FileKind::MonthlyStats: return "monthly";
    case FileKind::Standards: return "standards";
    case FileKind::Rules: return "rules";
    default: return "unknown";
  }
}

std::optional<FileKind> parse_kind(std::string_view s) {
  if (s == "orders" || s == "order") return FileKind::Orders;
  if (s == "bindings" || s == "binding") return FileKind::Bindings;
  if (s == "monthly" || s == "monthly_stats" || s == "stats") return FileKind::MonthlyStats;
  if (s == "standards" || s == "standard") return FileKind::Standards;
  if (s == "rules") return FileKind::Rules;
  if (s == "auto" || s == "unknown") return FileKind::Unknown;
  return std::nullopt;
}

static const char* const kFieldNames[kFieldCount] = {
    "none",       "main_order_id", "order_id",  "merchant_id", "merchant_name", "pay_time",
    "status",     "amount",        "provider_id", "provider_name", "industry",   "bind_start",
    "bind_end",   "month",         "order_count", "standard"};

const char* field_name(Field f) { return kFieldNames[static_cast<size_t>(f)]; }

std::optional<Field> parse_field(std::string_view s) {
  for (size_t i = 0; i < kFieldCount; ++i)
    if (s == kFieldNames[i]) return static_cast<Field>(i);
  return std::nullopt;
}

// [SECTION] synonyms ---------------------------------------------------------------------
// Header cells are compared after normalise(): ASCII lower-case, no spaces / '_' / '-' / '.',
// bracketed parts removed ("订单应付金额(元)" -> "订单应付金额"). Lower priority numbers win when
// two columns claim the same field (e.g. 商家编码 is Doudian's SKU code: a merchant id only when
// nothing better exists).

struct Synonym {
  const char* text;
  Field field;
  int priority;
};

static const Synonym kSynonyms[] = {
    // main order id
    {"主订单编号", Field::MainOrderId, 0}, {"主订单号", Field::MainOrderId, 0},
    {"主订单id", Field::MainOrderId, 0},   {"父订单编号", Field::MainOrderId, 0},
    {"父订单号", Field::MainOrderId, 0},   {"mainorderid", Field::MainOrderId, 0},
    {"mainorderno", Field::MainOrderId, 0}, {"parentorderid", Field::MainOrderId, 0},
    {"mainorder", Field::MainOrderId, 1},
    // order / sub-order id
    {"子订单编号", Field::OrderId, 0}, {"子订单号", Field::OrderId, 0}, {"子订单id", Field::OrderId, 0},
    {"订单编号", Field::OrderId, 1},   {"订单号", Field::OrderId, 1},   {"订单id", Field::OrderId, 1},
    {"suborderid", Field::OrderId, 0}, {"orderid", Field::OrderId, 1}, {"orderno", Field::OrderId, 1},
    {"ordernumber", Field::OrderId, 1},
    // merchant id
    {"店铺id", Field::MerchantId, 0},   {"商家id", Field::MerchantId, 0},  {"商户id", Field::MerchantId, 0},
    {"店铺编号", Field::MerchantId, 0}, {"商家编号", Field::MerchantId, 1}, {"商户编号", Field::MerchantId, 1},
    {"shopid", Field::MerchantId, 0},   {"merchantid", Field::MerchantId, 0}, {"storeid", Field::MerchantId, 0},
    {"sellerid", Field::MerchantId, 1}, {"merchant", Field::MerchantId, 2}, {"shop", Field::MerchantId, 2},
    {"商家编码", Field::MerchantId, 5},
    // merchant name
    {"店铺名称", Field::MerchantName, 0}, {"店铺名", Field::MerchantName, 0}, {"商家名称", Field::MerchantName, 0},
    {"商户名称", Field::MerchantName, 0}, {"shopname", Field::MerchantName, 0},
    {"merchantname", Field::MerchantName, 0}, {"storename", Field::MerchantName, 0},
    // pay time
    {"支付完成时间", Field::PayTime, 0}, {"支付时间", Field::PayTime, 0}, {"付款时间", Field::PayTime, 0},
    {"订单支付时间", Field::PayTime, 0}, {"付款完成时间", Field::PayTime, 0},
    {"paytime", Field::PayTime, 0}, {"paidtime", Field::PayTime, 0}, {"paymenttime", Field::PayTime, 0},
    {"paidat", Field::PayTime, 0}, {"payat", Field::PayTime, 0},
    // status
    {"订单状态", Field::Status, 0}, {"状态", Field::Status, 1}, {"orderstatus", Field::Status, 0},
    {"status", Field::Status, 1},
    // amount
    {"订单应付金额", Field::Amount, 0}, {"支付金额", Field::Amount, 0}, {"实付金额", Field::Amount, 0},
    {"订单实付金额", Field::Amount, 0}, {"应付金额", Field::Amount, 1}, {"订单金额", Field::Amount, 1},
    {"实付款", Field::Amount, 1}, {"amount", Field::Amount, 1}, {"payamount", Field::Amount, 0},
    {"paidamount", Field::Amount, 0}, {"orderamount", Field::Amount, 1}, {"gmv", Field::Amount, 2},
    // provider
    {"服务商id", Field::ProviderId, 0}, {"服务商编号", Field::ProviderId, 0}, {"服务商编码", Field::ProviderId, 0},
    {"providerid", Field::ProviderId, 0}, {"serviceproviderid", Field::ProviderId, 0}, {"spid", Field::ProviderId, 1},
    {"服务商名称", Field::ProviderName, 0}, {"服务商", Field::ProviderName, 1},
    {"providername", Field::ProviderName, 0}, {"serviceprovidername", Field::ProviderName, 0},
    {"provider", Field::ProviderName, 1}, {"serviceprovider", Field::ProviderName, 1},
    // industry
    {"行业", Field::Industry, 0}, {"所属行业", Field::Industry, 0}, {"主营行业", Field::Industry, 0},
    {"行业名称", Field::Industry, 0}, {"经营类目", Field::Industry, 1}, {"主营类目", Field::Industry, 1},
    {"一级类目", Field::Industry, 1}, {"类目", Field::Industry, 2}, {"industry", Field::Industry, 0},
    {"category", Field::Industry, 2},
    // binding interval
    {"绑定开始时间", Field::BindStart, 0}, {"绑定时间", Field::BindStart, 0}, {"绑定生效时间", Field::BindStart, 0},
    {"生效时间", Field::BindStart, 1}, {"开始时间", Field::BindStart, 1}, {"bindstart", Field::BindStart, 0},
    {"bindstarttime", Field::BindStart, 0}, {"boundat", Field::BindStart, 0}, {"bindtime", Field::BindStart, 0},
    {"startdate", Field::BindStart, 1}, {"start", Field::BindStart, 2}, {"starttime", Field::BindStart, 1},
    {"绑定结束时间", Field::BindEnd, 0}, {"解绑时间", Field::BindEnd, 0}, {"绑定失效时间", Field::BindEnd, 0},
    {"失效时间", Field::BindEnd, 1}, {"结束时间", Field::BindEnd, 1}, {"bindend", Field::BindEnd, 0},
    {"bindendtime", Field::BindEnd, 0}, {"unboundat", Field::BindEnd, 0}, {"unbindtime", Field::BindEnd, 0},
    {"enddate", Field::BindEnd, 1}, {"end", Field::BindEnd, 2}, {"endtime", Field::BindEnd, 1},
    // monthly stats
    {"月份", Field::Month, 0}, {"统计月份", Field::Month, 0}, {"月", Field::Month, 1}, {"month", Field::Month, 0},
    {"statmonth", Field::Month, 0}, {"yearmonth", Field::Month, 0},
    {"支付订单量", Field::OrderCount, 0}, {"支付订单数", Field::OrderCount, 0}, {"月支付订单量", Field::OrderCount, 0},
    {"订单量", Field::OrderCount, 1}, {"订单数", Field::OrderCount, 1}, {"paidorders", Field::OrderCount, 0},
    {"ordercount", Field::OrderCount, 0}, {"orders", Field::OrderCount, 1}, {"paidordercount", Field::OrderCount, 0},
    // industry standards
    {"月度达标订单量标准", Field::Standard, 0}, {"达标标准", Field::Standard, 0}, {"达标订单量", Field::Standard, 0},
    {"服务达标标准", Field::Standard, 0}, {"达标订单量标准", Field::Standard, 0}, {"月度标准", Field::Standard, 0},
    {"标准", Field::Standard, 1}, {"standard", Field::Standard, 0}, {"monthlystandard", Field::Standard, 0},
    {"qualifiedstandard", Field::Standard, 0}, {"threshold", Field::Standard, 1},
    {"monthlyorderstandard", Field::Standard, 0},
};

static std::string normalise(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  int depth = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    // full-width brackets （ ） 【 】 are 3-byte UTF-8 sequences
    if (s.compare(i, 3, "（") == 0 || s.compare(i, 3, "【") == 0) { ++depth; i += 3; continue; }
    if (s.compare(i, 3, "）") == 0 || s.compare(i, 3, "】") == 0) { if (depth) --depth; i += 3; continue; }
    if (s.compare(i, 3, "\xEF\xBB\xBF") == 0 || s.compare(i, 3, "\xE3\x80\x80") == 0) { i += 3; continue; }  // BOM, ideographic space
    if (c == '(' || c == '[') { ++depth; ++i; continue; }
    if (c == ')' || c == ']') { if (depth) --depth; ++i; continue; }
    ++i;
    if (depth) continue;
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t' || c == '"' || c == '\'' || c == '=' || c == '*') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    out.push_back(static_cast<char>(c));
  }
  return out;
}

static const Synonym* find_synonym(std::string_view cell) {
  std::string n = normalise(cell);
  for (const Synonym& s : kSynonyms)
    if (n == s.text) return &s;
  return nullptr;
}

Field match_header(std::string_view cell) {
  const Synonym* s = find_synonym(cell);
  return s ? s->field : Field::None;
}

// [SECTION] kinds ------------------------------------------------------------------------

std::vector<Field> required_fields(FileKind k) {
  switch (k) {
    case FileKind::Orders: return {Field::MainOrderId, Field::MerchantId, Field::PayTime};
    case FileKind::Bindings: return {Field::MerchantId, Field::ProviderId};
    case FileKind::MonthlyStats: return {Field::MerchantId, Field::Month, Field::OrderCount};
    case FileKind::Standards: return {Field::Industry, Field::Standard};
    default: return {};
  }
}

// Missing required fields, with the documented fallbacks (order id for main order id, provider
// name for provider id).
static std::vector<Field> missing_for(FileKind k, const ColumnMap& m) {
  std::vector<Field> out;
  for (Field f : required_fields(k)) {
    if (m.has(f)) continue;
    if (f == Field::MainOrderId && m.has(Field::OrderId)) continue;
    if (f == Field::ProviderId && m.has(Field::ProviderName)) continue;
    out.push_back(f);
  }
  return out;
}

HeaderAnalysis analyse_header(const std::vector<std::string_view>& header, FileKind forced) {
  HeaderAnalysis a;
  a.per_column.assign(header.size(), Field::None);
  std::array<int, kFieldCount> best_prio;
  best_prio.fill(1 << 30);
  for (size_t c = 0; c < header.size(); ++c) {
    const Synonym* s = find_synonym(header[c]);
    if (!s) continue;
    size_t f = static_cast<size_t>(s->field);
    if (s->priority < best_prio[f]) {
      if (a.map.col[f] >= 0) a.per_column[a.map.col[f]] = Field::None;
      best_prio[f] = s->priority;
      a.map.col[f] = static_cast<int>(c);
      a.per_column[c] = s->field;
    }
  }
  const ColumnMap& m = a.map;
  if (forced != FileKind::Unknown) {
    a.kind = forced;
  } else if (m.has(Field::PayTime) && (m.has(Field::MainOrderId) || m.has(Field::OrderId) || m.has(Field::MerchantId))) {
    a.kind = FileKind::Orders;
  } else if (m.has(Field::Month) && m.has(Field::OrderCount)) {
    a.kind = FileKind::MonthlyStats;
  } else if (m.has(Field::MerchantId) && (m.has(Field::ProviderId) || m.has(Field::ProviderName))) {
    a.kind = FileKind::Bindings;
  } else if (m.has(Field::Industry) && m.has(Field::Standard) && !m.has(Field::MerchantId)) {
    a.kind = FileKind::Standards;
  } else if (m.has(Field::MainOrderId) || m.has(Field::OrderId)) {
    a.kind = FileKind::Orders;  // an orders file without pay time: report what is missing
  }
  a.missing = missing_for(a.kind, m);
  return a;
}

}  // namespace tl
