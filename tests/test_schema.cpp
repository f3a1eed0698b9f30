// Header recognition: synonyms in Chinese and English, kinds, priorities, missing columns.
#include <catch2/catch.hpp>

#include "schema/columns.hpp"

using tl::Field;
using tl::FileKind;

static tl::HeaderAnalysis analyse(std::vector<std::string_view> h, FileKind forced = FileKind::Unknown) {
  return tl::analyse_header(h, forced);
}

TEST_CASE("Doudian orders export header") {
  auto a = analyse({"主订单编号", "子订单编号", "选购商品", "商品规格", "商品数量", "商品ID", "商家编码", "订单应付金额", "运费",
                    "收件人", "收件人手机号", "详细地址", "订单提交时间", "支付完成时间", "订单完成时间", "订单状态", "售后状态",
                    "店铺ID", "店铺名称"});
  CHECK(a.kind == FileKind::Orders);
  CHECK(a.map[Field::MainOrderId] == 0);
  CHECK(a.map[Field::OrderId] == 1);
  CHECK(a.map[Field::Amount] == 7);
  CHECK(a.map[Field::PayTime] == 13);
  CHECK(a.map[Field::Status] == 15);
  CHECK(a.map[Field::MerchantId] == 17);  // 店铺ID wins over 商家编码 (the SKU code)
  CHECK(a.map[Field::MerchantName] == 18);
  CHECK(a.per_column[6] == Field::None);
  CHECK(a.missing.empty());
}

TEST_CASE("商家编码 is the merchant id only when nothing better exists") {
  auto a = analyse({"订单编号", "商家编码", "支付时间"});
  CHECK(a.kind == FileKind::Orders);
  CHECK(a.map[Field::MerchantId] == 1);
}

TEST_CASE("English headers, any case, spaces and units") {
  auto a = analyse({"Main Order ID", "order_id", "Shop ID", "Pay Time", "Status", "Amount (CNY)", "Provider ID", "Industry"});
  CHECK(a.kind == FileKind::Orders);
  CHECK(a.map[Field::MainOrderId] == 0);
  CHECK(a.map[Field::OrderId] == 1);
  CHECK(a.map[Field::MerchantId] == 2);
  CHECK(a.map[Field::PayTime] == 3);
  CHECK(a.map[Field::Amount] == 5);
  CHECK(a.map[Field::ProviderId] == 6);
  CHECK(a.map[Field::Industry] == 7);
  CHECK(tl::match_header("订单应付金额（元）") == Field::Amount);
  CHECK(tl::match_header("\xEF\xBB\xBF主订单编号") == Field::MainOrderId);
  CHECK(tl::match_header(" 支付完成时间 ") == Field::PayTime);
}

TEST_CASE("the other kinds") {
  CHECK(analyse({"店铺ID", "店铺名称", "服务商ID", "服务商名称", "行业", "绑定开始时间", "绑定结束时间"}).kind == FileKind::Bindings);
  CHECK(analyse({"merchant_id", "provider_id", "industry", "bind_start", "bind_end"}).kind == FileKind::Bindings);
  CHECK(analyse({"店铺ID", "月份", "支付订单量", "服务商ID"}).kind == FileKind::MonthlyStats);
  CHECK(analyse({"shop_id", "month", "paid_orders"}).kind == FileKind::MonthlyStats);
  CHECK(analyse({"行业", "月度达标订单量标准"}).kind == FileKind::Standards);
  CHECK(analyse({"industry", "standard"}).kind == FileKind::Standards);
  CHECK(analyse({"foo", "bar"}).kind == FileKind::Unknown);
}

TEST_CASE("missing required columns are listed; forcing a kind") {
  auto a = analyse({"主订单编号", "支付完成时间"}, FileKind::Orders);
  CHECK(a.kind == FileKind::Orders);
  REQUIRE(a.missing.size() == 1);
  CHECK(a.missing[0] == Field::MerchantId);
  auto b = analyse({"店铺ID", "服务商名称"});
  CHECK(b.kind == FileKind::Bindings);
  CHECK(b.missing.empty());  // provider name stands in for a provider id
}

TEST_CASE("kind and field names round-trip") {
  for (FileKind k : {FileKind::Orders, FileKind::Bindings, FileKind::MonthlyStats, FileKind::Standards, FileKind::Rules})
    CHECK(tl::parse_kind(tl::kind_name(k)) == k);
  for (size_t i = 1; i < tl::kFieldCount; ++i)
    CHECK(tl::parse_field(tl::field_name(static_cast<Field>(i))) == static_cast<Field>(i));
}
