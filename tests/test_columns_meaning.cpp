// Columns recognised by meaning and by values (schema/columns.hpp, docs/columns.md): a table of real
// header names from Chinese and English back ends and spreadsheets, names that must NOT be taken,
// whole headers, competing columns decided by values, fields found by values, and the Workspace end to
// end (a provider column under a name the old synonym list did not know).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "messages/catalog.hpp"
#include "schema/columns.hpp"
#include "cutter.hpp"
#include "rules/rules.hpp"
#include "workspace.hpp"

using tl::Field;
using tl::FileKind;

namespace {

struct Named {
  const char* header;
  Field field;
};

// What a header cell means on its own (header_meaning(cell).field).
const Named kNames[] = {
    // main order id
    {"主订单编号", Field::MainOrderId}, {"主订单号", Field::MainOrderId}, {"父订单号", Field::MainOrderId},
    {"父订单编号", Field::MainOrderId}, {"主订单ID", Field::MainOrderId}, {"Main Order ID", Field::MainOrderId},
    {"main_order_no", Field::MainOrderId}, {"parentOrderId", Field::MainOrderId}, {"MAIN ORDER NUMBER", Field::MainOrderId},
    {"【主订单编号】", Field::MainOrderId}, {"\xEF\xBB\xBF主订单编号", Field::MainOrderId},
    // sub-order / order id
    {"子订单编号", Field::OrderId}, {"子订单号（必填）", Field::OrderId}, {"SUB_ORDER_NO", Field::OrderId},
    {"sub order id", Field::OrderId}, {"suborderid", Field::OrderId}, {"Item Order ID", Field::OrderId},
    {"订单编号", Field::OrderId}, {"订单号", Field::OrderId}, {"订单ID", Field::OrderId}, {"Order ID", Field::OrderId},
    {"order_no", Field::OrderId}, {"Order Number", Field::OrderId}, {"Order #", Field::OrderId}, {"单号", Field::OrderId},
    {"*订单号", Field::OrderId}, {"交易编号", Field::OrderId}, {"商户订单号", Field::OrderId},
    // merchant id
    {"店铺ID", Field::MerchantId}, {"店铺编码", Field::MerchantId}, {"店铺编号", Field::MerchantId}, {"商家ID", Field::MerchantId},
    {"商户号", Field::MerchantId}, {"商家编号", Field::MerchantId}, {"门店编码", Field::MerchantId}, {"Shop ID", Field::MerchantId},
    {"shopId", Field::MerchantId}, {"ShopID", Field::MerchantId}, {"ＳＨＯＰ　ＩＤ", Field::MerchantId}, {"【店铺ID】", Field::MerchantId},
    {"Seller ID", Field::MerchantId}, {"merchant_code", Field::MerchantId}, {"Store No.", Field::MerchantId},
    {"店铺", Field::MerchantId}, {"商家", Field::MerchantId}, {"Merchant", Field::MerchantId}, {"所属店铺ID", Field::MerchantId},
    {"卖家ID", Field::MerchantId}, {"绑定店铺ID", Field::MerchantId},
    // merchant name
    {"店铺名称", Field::MerchantName}, {"店铺名", Field::MerchantName}, {"商家名称", Field::MerchantName},
    {"商户名称", Field::MerchantName}, {"Shop Name", Field::MerchantName}, {"store_name", Field::MerchantName},
    {"门店名称（全称）", Field::MerchantName},
    // pay time
    {"支付完成时间", Field::PayTime}, {"支付时间", Field::PayTime}, {"付款时间", Field::PayTime}, {"订单支付时间", Field::PayTime},
    {"付款完成时间", Field::PayTime}, {"成交时间", Field::PayTime}, {"订单成交时间", Field::PayTime}, {"付款确认时间", Field::PayTime},
    {"支付日期", Field::PayTime}, {"Paid At", Field::PayTime}, {"pay_time", Field::PayTime}, {"PayTime", Field::PayTime},
    {"Payment Date", Field::PayTime}, {"paidat", Field::PayTime}, {"支付时间（北京时间）", Field::PayTime},
    // status
    {"订单状态", Field::Status}, {"交易状态", Field::Status}, {"Order Status", Field::Status}, {"status", Field::Status},
    {"状态", Field::Status}, {"支付状态", Field::Status}, {"ORDER_STATE", Field::Status},
    // amount
    {"订单应付金额", Field::Amount}, {"订单应付金额(元)", Field::Amount}, {"订单应付金额（元）", Field::Amount},
    {"实付金额", Field::Amount}, {"支付金额", Field::Amount}, {"实付款", Field::Amount}, {"订单金额", Field::Amount},
    {"用户实付金额(元)", Field::Amount}, {"成交金额", Field::Amount}, {"GMV", Field::Amount}, {"Amount (CNY)", Field::Amount},
    {"Paid Amount", Field::Amount}, {"Total Price", Field::Amount}, {"应付金额", Field::Amount},
    // provider
    {"服务商ID", Field::ProviderId}, {"服务商编码", Field::ProviderId}, {"服务商编号", Field::ProviderId},
    {"所属服务商编码", Field::ProviderId}, {"服务机构ID", Field::ProviderId}, {"代理商编号", Field::ProviderId},
    {"Agency Code", Field::ProviderId}, {"SP ID", Field::ProviderId}, {"service_provider_id", Field::ProviderId},
    {"Partner ID", Field::ProviderId}, {"providerId", Field::ProviderId},
    {"服务商名称", Field::ProviderName}, {"服务商", Field::ProviderName}, {"所属服务商", Field::ProviderName},
    {"Provider", Field::ProviderName}, {"Service Provider Name", Field::ProviderName}, {"Agency", Field::ProviderName},
    // industry
    {"行业", Field::Industry}, {"所属行业", Field::Industry}, {"主营行业", Field::Industry}, {"行业名称", Field::Industry},
    {"主营类目", Field::Industry}, {"一级类目", Field::Industry}, {"经营类目", Field::Industry}, {"Industry", Field::Industry},
    {"Category", Field::Industry}, {"品类", Field::Industry},
    // binding interval
    {"绑定开始时间", Field::BindStart}, {"绑定时间", Field::BindStart}, {"绑定日期", Field::BindStart}, {"签约时间", Field::BindStart},
    {"入驻时间", Field::BindStart}, {"生效时间", Field::BindStart}, {"合作开始日期", Field::BindStart}, {"Bound At", Field::BindStart},
    {"bind_start", Field::BindStart}, {"Start Date", Field::BindStart},
    {"绑定结束时间", Field::BindEnd}, {"解绑时间", Field::BindEnd}, {"解约时间", Field::BindEnd}, {"失效时间", Field::BindEnd},
    {"到期日期", Field::BindEnd}, {"绑定失效时间", Field::BindEnd}, {"Unbound At", Field::BindEnd}, {"bind_end", Field::BindEnd},
    {"End Date", Field::BindEnd}, {"Valid Until", Field::BindEnd},
    // monthly stats
    {"月份", Field::Month}, {"统计月份", Field::Month}, {"统计月", Field::Month}, {"年月", Field::Month}, {"Month", Field::Month},
    {"stat_month", Field::Month}, {"YYYYMM", Field::Month}, {"Period", Field::Month},
    {"支付订单量", Field::OrderCount}, {"支付订单数", Field::OrderCount}, {"月支付订单量", Field::OrderCount},
    {"订单量", Field::OrderCount}, {"订单数", Field::OrderCount}, {"单量", Field::OrderCount}, {"成交订单数", Field::OrderCount},
    {"订单数量", Field::OrderCount}, {"Paid Orders", Field::OrderCount}, {"order_count", Field::OrderCount},
    // standards
    {"月度达标订单量标准", Field::Standard}, {"达标标准", Field::Standard}, {"考核标准", Field::Standard},
    {"达标订单量", Field::Standard}, {"月订单达标线", Field::Standard}, {"门槛", Field::Standard}, {"达标线（单/月）", Field::Standard},
    {"Threshold", Field::Standard}, {"Monthly Standard", Field::Standard}, {"qualified_orders", Field::Standard},
    {"Target", Field::Standard}, {"行业标准", Field::Standard},
    // NOT taken: other ids, other times, other statuses and amounts
    {"商品ID", Field::None}, {"商品编号", Field::None}, {"SKU ID", Field::None}, {"sku_id", Field::None},
    {"买家ID", Field::None}, {"用户ID", Field::None}, {"达人ID", Field::None}, {"作者ID", Field::None}, {"主播ID", Field::None},
    {"作者账号", Field::None}, {"达人昵称", Field::None},
    {"物流单号", Field::None}, {"快递单号", Field::None}, {"运单号", Field::None}, {"售后单号", Field::None}, {"退款单号", Field::None},
    {"Tracking No", Field::None}, {"Product ID", Field::None}, {"Buyer ID", Field::None}, {"支付单号", Field::None},
    {"下单时间", Field::None}, {"创建时间", Field::None}, {"订单提交时间", Field::None}, {"提交时间", Field::None},
    {"发货时间", Field::None}, {"订单完成时间", Field::None}, {"完成时间", Field::None}, {"确认收货时间", Field::None},
    {"退款时间", Field::None}, {"售后时间", Field::None}, {"更新时间", Field::None}, {"预约发货时间", Field::None},
    {"承诺发货时间", Field::None}, {"Created At", Field::None}, {"Updated At", Field::None}, {"Shipped At", Field::None},
    {"支付方式", Field::None}, {"支付渠道", Field::None}, {"Payment Method", Field::None},
    {"售后状态", Field::None}, {"退款状态", Field::None}, {"物流状态", Field::None}, {"发货状态", Field::None},
    {"绑定状态", Field::None}, {"Refund Status", Field::None},
    {"商家编码", Field::None}, {"商品编码", Field::None}, {"商家SKU", Field::None}, {"外部编码", Field::None},
    {"优惠总金额", Field::None}, {"平台优惠", Field::None}, {"商家优惠", Field::None}, {"达人优惠", Field::None},
    {"运费", Field::None}, {"手续费", Field::None}, {"商品单价", Field::None}, {"退款金额", Field::None},
    {"商品数量", Field::None}, {"选购商品", Field::None}, {"商品规格", Field::None}, {"收件人", Field::None},
    {"收件人手机号", Field::None}, {"详细地址", Field::None}, {"省", Field::None}, {"是否修改过地址", Field::None},
    {"买家留言", Field::None}, {"取消原因", Field::None}, {"流量来源", Field::None}, {"流量类型", Field::None},
    {"流量渠道", Field::None}, {"广告渠道", Field::None}, {"订单类型", Field::None}, {"是否预售", Field::None},
    {"商家备注", Field::None}, {"旗帜颜色", Field::None}, {"列1", Field::None}, {"", Field::None}, {"本表说明", Field::None},
    // a provider's certification (providers files); 入驻时间 alone is a binding's start unless no shop is named
    {"认证时间", Field::CertifiedSince}, {"认证日期", Field::CertifiedSince}, {"准入日期", Field::CertifiedSince},
    {"成为服务商时间", Field::CertifiedSince}, {"服务商认证时间", Field::CertifiedSince}, {"服务商入驻时间", Field::CertifiedSince},
    {"产业带服务商认证日期", Field::CertifiedSince}, {"certified_since", Field::CertifiedSince},
    {"Certification Date", Field::CertifiedSince}, {"Certified At", Field::CertifiedSince}, {"认证", Field::CertifiedSince},
    {"入驻时间", Field::BindStart}, {"商家入驻时间", Field::BindStart}, {"认证状态", Field::None}, {"是否认证", Field::None},
    {"服务商认证编号", Field::ProviderId},
};

tl::HeaderAnalysis names(std::vector<std::string_view> h, FileKind forced = FileKind::Unknown) { return tl::analyse_header(h, forced); }
tl::HeaderAnalysis values(std::vector<std::string_view> h, const std::vector<std::vector<std::string_view>>& rows,
                          FileKind forced = FileKind::Unknown) {
  return tl::analyse_columns(h, rows, forced);
}

// A Workspace read of `text` (fed in one piece).
int load(tl::Workspace& ws, const std::string& name, const std::string& text, tl::FileOptions o = {}) {
  const int id = ws.open(name, o);
  ws.feed(id, reinterpret_cast<const uint8_t*>(text.data()), text.size());
  ws.close(id);
  return id;
}

bool has_warning(const tl::FileInfo& f, tl::Msg code) {
  for (const tl::Message& m : f.warnings)
    if (m.code == code) return true;
  return false;
}

}  // namespace

TEST_CASE("header names are read for their meaning", "[columns]") {
  size_t nots = 0;
  for (const Named& n : kNames) {
    INFO("header “" << n.header << "” normalised “" << tl::normalise_header(n.header) << "”");
    CHECK(tl::header_meaning(n.header).field == n.field);
    if (n.field == Field::None) ++nots;
  }
  CHECK(sizeof kNames / sizeof kNames[0] >= 120);
  CHECK(nots >= 25);
}

TEST_CASE("normalising a header", "[columns]") {
  CHECK(tl::normalise_header("ＳＨＯＰ　ＩＤ") == "shop id");
  CHECK(tl::normalise_header("订单应付金额（元）") == "订单应付金额");
  CHECK(tl::normalise_header("【店铺ID】") == "店铺 id");
  CHECK(tl::normalise_header("支付时间(Pay Time)") == "支付时间");
  CHECK(tl::normalise_header("「支付时间」(Pay Time)") == "支付时间 pay time");   // all bracketed: all kept
  CHECK(tl::header_meaning("「支付时间」(Pay Time)").field == Field::PayTime);
  CHECK(tl::normalise_header("mainOrderId") == "main order id");
  CHECK(tl::normalise_header("SUB_ORDER_NO") == "sub order no");
  CHECK(tl::normalise_header(" *店铺ID ") == "店铺 id");
  CHECK(tl::normalise_header("\xEF\xBB\xBF主订单编号") == "主订单编号");
  CHECK(tl::normalise_header("《行业》") == "行业");
}

TEST_CASE("scores rank competing names; weak names wait for values", "[columns]") {
  CHECK(tl::header_meaning("订单状态").score > tl::header_meaning("状态").score);
  CHECK(tl::header_meaning("店铺ID").score > tl::header_meaning("店铺").score);
  CHECK(tl::header_meaning("服务商ID").score >= tl::kSureScore);
  CHECK(tl::header_meaning("时间").field == Field::PayTime);
  CHECK(tl::header_meaning("时间").score < tl::kSureScore);
  CHECK(tl::header_meaning("商家编码").alt == Field::MerchantId);
  CHECK(tl::header_meaning("订单编号").alt == Field::MainOrderId);
  CHECK_FALSE(tl::header_meaning("列1").known);
  CHECK(tl::header_meaning("商品ID").known);
}

TEST_CASE("a full Doudian orders export", "[columns]") {
  const std::vector<std::string_view> h = {
      "主订单编号", "子订单编号", "选购商品", "商品规格", "商品数量", "商品ID", "商家编码", "商品单价", "订单应付金额", "运费",
      "优惠总金额", "平台优惠", "商家优惠", "达人优惠", "支付方式", "手续费", "收件人", "收件人手机号", "省", "市", "区", "街道",
      "详细地址", "是否修改过地址", "买家留言", "订单提交时间", "支付完成时间", "订单完成时间", "订单状态", "售后状态", "取消原因",
      "预约发货时间", "承诺发货时间", "作者账号", "达人ID", "达人昵称", "流量来源", "流量类型", "流量渠道", "广告渠道", "订单类型",
      "是否预售", "商家备注", "旗帜颜色", "店铺ID", "店铺名称"};
  const auto a = names(h);
  CHECK(a.kind == FileKind::Orders);
  CHECK_FALSE(a.needs_values);   // clear names: no row is held
  CHECK(a.map[Field::MainOrderId] == 0);
  CHECK(a.map[Field::OrderId] == 1);
  CHECK(a.map[Field::Amount] == 8);
  CHECK(a.map[Field::PayTime] == 26);
  CHECK(a.map[Field::Status] == 28);
  CHECK(a.map[Field::MerchantId] == 44);   // not 商家编码 (the SKU code)
  CHECK(a.map[Field::MerchantName] == 45);
  CHECK_FALSE(a.map.has(Field::ProviderId));
  CHECK_FALSE(a.map.has(Field::ProviderName));
  size_t used = 0;
  for (size_t c = 0; c < h.size(); ++c)
    if (a.per_column[c] != Field::None) {
      ++used;
      CHECK(a.source[c] == tl::ColumnSource::Name);
    }
  CHECK(used == 7);
  CHECK(a.missing.empty());
}

TEST_CASE("the exports tierlens generates are decided by names alone: no row is held", "[columns]") {
  CHECK_FALSE(names({"主订单编号", "子订单编号", "选购商品", "商品规格", "商品数量", "商品ID", "商家编码", "订单应付金额", "运费", "收件人",
                     "收件人手机号", "详细地址", "订单提交时间", "支付完成时间", "订单完成时间", "订单状态", "售后状态", "店铺ID", "店铺名称"})
                   .needs_values);
  CHECK_FALSE(names({"店铺ID", "店铺名称", "服务商ID", "服务商名称", "行业", "绑定开始时间", "绑定结束时间"}).needs_values);
  CHECK_FALSE(names({"行业", "月度达标订单量标准"}).needs_values);
  CHECK_FALSE(names({"店铺ID", "月份", "支付订单量", "服务商ID"}).needs_values);
  CHECK_FALSE(names({"主订单编号", "子订单编号", "店铺ID", "支付完成时间", "订单状态", "订单金额"}).needs_values);
}

TEST_CASE("other back ends' orders exports", "[columns]") {
  // 淘宝/天猫: 订单编号 is the main order beside 子订单编号
  auto t = names({"订单编号", "子订单编号", "买家会员名", "买家应付货款", "总金额", "订单状态", "订单创建时间", "订单付款时间", "宝贝标题", "商家编码", "店铺名称", "店铺ID"});
  CHECK(t.kind == FileKind::Orders);
  CHECK(t.map[Field::MainOrderId] == 0);
  CHECK(t.map[Field::OrderId] == 1);
  CHECK(t.map[Field::PayTime] == 7);
  CHECK(t.map[Field::MerchantId] == 11);
  // 京东
  auto j = names({"订单号", "商品ID", "商品名称", "订购数量", "下单时间", "付款确认时间", "订单状态", "应付金额", "商家ID", "店铺名称"});
  CHECK(j.kind == FileKind::Orders);
  CHECK(j.map[Field::OrderId] == 0);
  CHECK(j.map[Field::PayTime] == 5);
  CHECK(j.map[Field::MerchantId] == 8);
  CHECK(j.map[Field::Amount] == 7);
  // 拼多多
  auto p = names({"商品", "订单号", "订单状态", "商品总价(元)", "店铺优惠折扣(元)", "用户实付金额(元)", "订单成交时间", "商家编码-SKU维度", "店铺ID"});
  CHECK(p.kind == FileKind::Orders);
  CHECK(p.map[Field::PayTime] == 6);
  CHECK(p.map[Field::Amount] == 5);
  CHECK(p.map[Field::MerchantId] == 8);
  // 快手小店, English back office
  auto k = names({"订单号", "订单创建时间", "订单支付时间", "实付款", "订单状态", "商家ID", "达人ID", "所属服务商编码"});
  CHECK(k.kind == FileKind::Orders);
  CHECK(k.map[Field::PayTime] == 2);
  CHECK(k.map[Field::MerchantId] == 5);
  CHECK(k.map[Field::ProviderId] == 7);
  // Japanese: 注文番号 (order), 明細番号 (line item), 支払日時 (paid at), 注文状況 (status), ショップID
  auto jp = names({"注文番号", "明細番号", "商品名", "数量", "支払金額", "支払日時", "注文状況", "ショップID", "ショップ名"});
  CHECK(jp.kind == FileKind::Orders);
  CHECK(jp.map[Field::MainOrderId] == 0);
  CHECK(jp.map[Field::OrderId] == 1);
  CHECK(jp.map[Field::PayTime] == 5);
  CHECK(jp.map[Field::MerchantId] == 7);
  auto e = names({"Order No", "Created At", "Paid At", "Shop ID", "Order Status", "Amount (CNY)", "Agency Code"});
  CHECK(e.kind == FileKind::Orders);
  CHECK(e.map[Field::OrderId] == 0);
  CHECK(e.map[Field::PayTime] == 2);
  CHECK(e.map[Field::ProviderId] == 6);
  CHECK_FALSE(e.needs_values);
}

TEST_CASE("bindings, monthly stats and standards under unusual names", "[columns]") {
  auto b = names({"商家ID", "商家名称", "所属服务商编码", "服务商名称", "主营类目", "签约时间", "解约时间", "绑定状态"});
  CHECK(b.kind == FileKind::Bindings);
  CHECK(b.map[Field::MerchantId] == 0);
  CHECK(b.map[Field::ProviderId] == 2);
  CHECK(b.map[Field::Industry] == 4);
  CHECK(b.map[Field::BindStart] == 5);
  CHECK(b.map[Field::BindEnd] == 6);
  CHECK(b.per_column[7] == Field::None);
  auto b2 = names({"Shop ID", "Agency", "Bound At", "Unbound At"});
  CHECK(b2.kind == FileKind::Bindings);
  CHECK(b2.map[Field::ProviderName] == 1);
  auto m = names({"统计月", "店铺编码", "成交订单数", "服务机构ID"});
  CHECK(m.kind == FileKind::MonthlyStats);
  CHECK(m.map[Field::Month] == 0);
  CHECK(m.map[Field::OrderCount] == 2);
  CHECK(m.map[Field::ProviderId] == 3);
  auto s = names({"一级类目", "考核标准（单/月）"});
  CHECK(s.kind == FileKind::Standards);
  auto s2 = names({"Category", "Threshold"});
  CHECK(s2.kind == FileKind::Standards);
}

TEST_CASE("providers files: a provider and a certification date, no shop", "[columns]") {
  auto a = names({"服务商ID", "服务商名称", "认证时间"});
  CHECK(a.kind == FileKind::Providers);
  CHECK(a.map[Field::ProviderId] == 0);
  CHECK(a.map[Field::ProviderName] == 1);
  CHECK(a.map[Field::CertifiedSince] == 2);
  CHECK(!a.needs_values);
  auto b = names({"服务商编码", "入驻时间"});   // 入驻 beside a provider and no shop: the provider's admission
  CHECK(b.kind == FileKind::Providers);
  CHECK(b.map[Field::CertifiedSince] == 1);
  CHECK(names({"Agency Code", "Agency Name", "Certified Since"}).kind == FileKind::Providers);
  CHECK(names({"provider_id", "certification date"}).kind == FileKind::Providers);
  CHECK(names({"所属服务商编码", "成为服务商时间", "备注"}).kind == FileKind::Providers);
  CHECK(names({"服务机构", "准入日期"}).kind == FileKind::Providers);   // a name only: it names the provider
  // what stays another kind: a shop with a provider is a bindings file, whatever its dates are called
  auto c = names({"店铺ID", "服务商ID", "入驻时间"});
  CHECK(c.kind == FileKind::Bindings);
  CHECK(c.map[Field::BindStart] == 2);
  CHECK(!c.map.has(Field::CertifiedSince));
  CHECK(names({"店铺名称", "服务商ID", "认证时间"}).kind == FileKind::Unknown);   // a shop named: not a list of providers
  CHECK(names({"店铺ID", "服务商ID", "绑定开始时间", "绑定结束时间"}).kind == FileKind::Bindings);
  CHECK(names({"店铺ID", "服务商ID", "服务商认证时间", "绑定开始时间"}).kind == FileKind::Bindings);
  CHECK(names({"行业", "月度达标标准"}).kind == FileKind::Standards);
  CHECK(names({"主订单编号", "店铺ID", "支付完成时间", "服务商ID"}).kind == FileKind::Orders);
  CHECK(names({"店铺ID", "月份", "支付订单量", "服务商ID"}).kind == FileKind::MonthlyStats);
  CHECK(names({"服务商ID", "绑定开始时间"}).kind == FileKind::Unknown);   // a binding's start is not a certification
  CHECK(names({"服务商ID", "服务商名称"}).kind == FileKind::Unknown);
  // forced: 入驻时间 is the certification date even beside a shop column
  auto f = names({"服务商ID", "店铺ID", "入驻时间"}, FileKind::Providers);
  CHECK(f.kind == FileKind::Providers);
  CHECK(f.map[Field::CertifiedSince] == 2);
  CHECK(f.missing.empty());
  auto g = names({"服务商ID", "备注"}, FileKind::Providers);
  CHECK(g.missing == std::vector<Field>{Field::CertifiedSince});
  CHECK(tl::parse_kind("providers") == FileKind::Providers);
  CHECK(std::string(tl::kind_name(FileKind::Providers)) == "providers");
  CHECK(tl::parse_field("certified_since") == Field::CertifiedSince);
}

TEST_CASE("商家编码 stands in for the shop id only without a real one", "[columns]") {
  auto a = names({"订单编号", "商家编码", "支付时间"});
  CHECK(a.kind == FileKind::Orders);
  CHECK(a.map[Field::MerchantId] == 1);
  auto b = names({"订单编号", "商家编码", "支付时间", "店铺ID"});
  CHECK(b.map[Field::MerchantId] == 3);
  CHECK(b.per_column[1] == Field::None);
}

TEST_CASE("two pay-time columns: the values choose, and say so", "[columns]") {
  const std::vector<std::string_view> h = {"主订单编号", "店铺ID", "付款时间", "支付完成时间"};
  CHECK(names(h).needs_values);
  // 付款时间 is empty in most rows: 支付完成时间 is used
  auto a = values(h, {{"6921000000000000001", "S1", "", "2023-06-01 10:00:00"},
                      {"6921000000000000002", "S1", "", "2023-06-02 10:00:00"},
                      {"6921000000000000003", "S2", "2023-06-03 10:00:00", "2023-06-03 10:00:00"}});
  CHECK(a.map[Field::PayTime] == 3);
  CHECK(a.source[3] == tl::ColumnSource::Values);
  REQUIRE(a.choices.size() == 1);
  CHECK(a.choices[0].chosen == 3);
  CHECK(a.choices[0].other == 2);
  CHECK(a.choices[0].chosen_fit == 3);
  CHECK(a.choices[0].other_fit == 1);
  CHECK_FALSE(a.choices[0].tie);
  // as full as each other: the leftmost of the equally good names
  auto t = values(h, {{"6921000000000000001", "S1", "2023-06-01 10:00:00", "2023-06-01 10:00:00"}});
  CHECK(t.map[Field::PayTime] == 2);
  REQUIRE(t.choices.size() == 1);
  CHECK(t.choices[0].tie);
}

TEST_CASE("competing columns in a Workspace: a warning naming both, in zh and en, with the fix", "[columns]") {
  tl::Workspace ws;
  const int id = load(ws, "o.csv",
                      "主订单编号,店铺ID,付款时间,支付完成时间\n"
                      "6921000000000000001,S1,,2023-06-01 10:00:00\n"
                      "6921000000000000002,S1,,2023-06-02 10:00:00\n");
  const tl::FileInfo& f = ws.info(id);
  CHECK(f.state == tl::FileState::Done);
  CHECK(f.rows == 2);
  CHECK(f.per_column[3] == Field::PayTime);
  CHECK(f.column_source[3] == tl::ColumnSource::Values);
  CHECK(f.column_source[0] == tl::ColumnSource::Name);
  REQUIRE(has_warning(f, tl::Msg::FileColumnsCompete));
  const tl::Message& w = f.warnings[0];
  const std::string zh = tl::render_full(w, tl::Lang::Zh, tl::Host::Cli);
  CHECK(zh.find("两列都像支付完成时间：“付款时间”和“支付完成时间”；用了“支付完成时间”") != std::string::npos);
  CHECK(zh.find("--column '付款时间=pay_time'") != std::string::npos);
  const std::string en = tl::render_full(w, tl::Lang::En, tl::Host::Page);
  CHECK(en.find("two columns look like Pay time") != std::string::npos);
  CHECK(en.find("set the meaning of “付款时间” to “Pay time”") != std::string::npos);
  // the user's choice ends the competition: no warning, no held rows needed
  tl::FileOptions o;
  o.column_names = {{Field::PayTime, "付款时间"}};
  tl::Workspace ws2;
  const int id2 = load(ws2, "o.csv", "主订单编号,店铺ID,付款时间,支付完成时间\n6921000000000000001,S1,2023-06-01 10:00:00,\n", o);
  CHECK(ws2.info(id2).per_column[2] == Field::PayTime);
  CHECK(ws2.info(id2).column_source[2] == tl::ColumnSource::User);
  CHECK_FALSE(has_warning(ws2.info(id2), tl::Msg::FileColumnsCompete));
}

TEST_CASE("headers that say nothing: the values decide what is plain, and say so", "[columns]") {
  // 列1..列5 with a Doudian order id, a shop id, a pay time, a status, a quantity
  const std::vector<std::string_view> h = {"列1", "列2", "列3", "列4", "列5"};
  CHECK(names(h).needs_values);
  const std::vector<std::vector<std::string_view>> rows = {
      {"6921000000000000001", "SHOP88", "2023-06-01 10:00:00", "已完成", "1"},
      {"6921000000000000002", "SHOP88", "2023-06-02 11:00:00", "待支付", "2"},
      {"6921000000000000003", "SHOP90", "2023-06-03 12:00:00", "已关闭", "1"}};
  auto a = values(h, rows);
  CHECK(a.kind == FileKind::Orders);
  CHECK(a.map[Field::OrderId] == 0);
  CHECK(a.map[Field::MerchantId] == 1);
  CHECK(a.map[Field::PayTime] == 2);
  CHECK(a.map[Field::Status] == 3);
  CHECK(a.per_column[4] == Field::None);   // a quantity is no shop id
  CHECK(a.missing.empty());
  for (int c = 0; c < 4; ++c) CHECK(a.source[c] == tl::ColumnSource::Values);
  CHECK(a.found_by_values.size() == 4);
  // two date-time columns and no name: the values cannot choose the pay time
  auto two = values({"A", "B", "C", "D"}, {{"6921000000000000001", "SHOP88", "2023-06-01 10:00:00", "2023-06-01 09:00:00"}});
  CHECK_FALSE(two.map.has(Field::PayTime));
  // names that say something else are never given a field by values (下单时间 is no pay time)
  auto blocked = values({"主订单编号", "店铺ID", "下单时间"}, {{"6921000000000000001", "S1", "2023-06-01 10:00:00"}});
  CHECK_FALSE(blocked.map.has(Field::PayTime));
  CHECK(blocked.missing == std::vector<Field>{Field::PayTime});
  // a provider is never taken from values: it would change the answer
  auto prov = values({"主订单编号", "店铺ID", "支付时间", "X"}, {{"6921000000000000001", "S1", "2023-06-01 10:00:00", "P1"}});
  CHECK_FALSE(prov.map.has(Field::ProviderId));
  CHECK_FALSE(prov.map.has(Field::ProviderName));
}

TEST_CASE("a weak name is kept when its values agree", "[columns]") {
  const std::vector<std::string_view> h = {"订单号", "店铺ID", "时间"};
  CHECK(names(h).needs_values);
  auto ok = values(h, {{"1001", "S1", "2023-06-01 10:00:00"}, {"1002", "S1", "2023/6/2 9:00"}});
  CHECK(ok.map[Field::PayTime] == 2);
  CHECK(ok.source[2] == tl::ColumnSource::Values);
  auto no = values(h, {{"1001", "S1", "上午"}, {"1002", "S1", "下午"}});
  CHECK_FALSE(no.map.has(Field::PayTime));
  CHECK(no.missing == std::vector<Field>{Field::PayTime});
}

TEST_CASE("standards and monthly stats found by values", "[columns]") {
  auto s = values({"A", "B"}, {{"服饰", "100"}, {"美妆", "80"}, {"食品", "120"}});
  CHECK(s.kind == FileKind::Standards);
  CHECK(s.map[Field::Industry] == 0);
  CHECK(s.map[Field::Standard] == 1);
  // an industry column named, the number beside it unnamed
  auto s2 = values({"行业", "值"}, {{"服饰", "100"}, {"美妆", "80"}});
  CHECK(s2.kind == FileKind::Standards);
  CHECK(s2.source[1] == tl::ColumnSource::Values);
  // a month column no name gives: 2023-06, 202306, 2023年6月
  auto m = values({"店铺ID", "期", "支付订单量"}, {{"S1", "2023-06", "10"}, {"S1", "202307", "12"}, {"S2", "2023年8月", "3"}});
  CHECK(m.kind == FileKind::MonthlyStats);
  CHECK(m.map[Field::Month] == 1);
}

TEST_CASE("a file whose names say nothing is read the same by feed and by cut/take, in any chunking", "[columns]") {
  std::string text = "列1,列2,列3,列4\n";
  for (int i = 0; i < 150; ++i)   // more rows than are held
    text += "69210000000000" + std::to_string(10000 + i) + ",SHOP" + std::to_string(i % 7) + ",2023-06-" +
            std::to_string(10 + i % 18) + " 10:00:00," + (i % 5 ? "已完成" : "待支付") + "\n";
  std::string first;
  for (size_t chunk : {text.size(), size_t(7), size_t(333), size_t(4096)}) {
    CAPTURE(chunk);
    tl::Workspace ws;
    const int id = ws.open("o.csv");
    for (size_t i = 0; i < text.size(); i += chunk)
      ws.feed(id, reinterpret_cast<const uint8_t*>(text.data() + i), std::min(chunk, text.size() - i));
    ws.close(id);
    const tl::FileInfo& f = ws.info(id);
    CHECK(f.state == tl::FileState::Done);
    CHECK(f.rows == 150);
    CHECK(f.kind == FileKind::Orders);
    CHECK(f.column_source[2] == tl::ColumnSource::Values);
    CHECK(has_warning(f, tl::Msg::FileColumnFromValues));
    // the two-stage path
    tl::Workspace ws2;
    const int id2 = ws2.open("o.csv");
    tl::Cutter cutter("o.csv", {});
    tl::Cut cut;
    bool handed = false;
    for (size_t i = 0; i < text.size(); i += chunk) {
      cutter.cut(reinterpret_cast<const uint8_t*>(text.data() + i), std::min(chunk, text.size() - i), cut);
      tl::take(ws2, id2, cut);
      if (!handed && tl::taken_columns(ws2, id2)) {
        cutter.use_columns(ws2.info(id2).kind, *tl::taken_columns(ws2, id2));
        handed = true;
      }
    }
    cutter.finish(cut);
    tl::take(ws2, id2, cut);
    ws2.close(id2);
    const tl::FileInfo& g = ws2.info(id2);
    CHECK(g.rows == f.rows);
    CHECK(g.per_column == f.per_column);
    CHECK(g.statuses == f.statuses);
    CHECK(g.warnings == f.warnings);
  }
}

TEST_CASE("a provider column under a name the synonym list did not know is used end to end", "[columns]") {
  for (const char* provider : {"所属服务商编码", "Agency Code"}) {
    CAPTURE(provider);
    tl::Workspace ws;
    const std::string text = std::string("主订单编号,店铺ID,支付完成时间,订单状态,") + provider + "\n"
                             "6921000000000000001,S1,2023-06-01 10:00:00,已完成,SP-A\n"
                             "6921000000000000002,S2,2023-06-02 10:00:00,已完成,SP-B\n"
                             "6921000000000000003,S2,2023-06-03 10:00:00,已完成,SP-B\n";
    const int id = load(ws, "o.csv", text);
    const tl::FileInfo& f = ws.info(id);
    CHECK(f.state == tl::FileState::Done);
    CHECK(f.per_column[4] == Field::ProviderId);
    CHECK(f.column_source[4] == tl::ColumnSource::Name);
    load(ws, "b.csv", "店铺ID,服务商ID\nS1,SP-A\nS2,SP-B\n");
    tl::EvalOptions o;
    o.window = tl::parse_window("2023-06..2023-06");
    const tl::Result r = ws.evaluate(tl::default_rules(), o);
    std::vector<std::string> ids;
    for (const tl::ProviderResult& p : r.providers) ids.push_back(p.id);
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"SP-A", "SP-B"});   // not one provider ""
  }
}

TEST_CASE("a missing column's message lists the headers and names the fix", "[columns]") {
  tl::Workspace ws;
  const int id = load(ws, "o.csv", "主订单编号,店铺ID,时间\n6921000000000000001,S1,上午\n");
  const tl::FileInfo& f = ws.info(id);
  REQUIRE(f.state == tl::FileState::Failed);
  REQUIRE(f.error);
  const std::string en = tl::render_full(*f.error, tl::Lang::En, tl::Host::Cli);
  CHECK(en.find("“主订单编号”, “店铺ID”, “时间”") != std::string::npos);
  CHECK(en.find("--column '时间=pay_time'") != std::string::npos);   // the column whose name hints at it
}
