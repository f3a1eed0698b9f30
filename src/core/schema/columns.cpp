// tierlens — header recognition: a header cell's words read for their meaning (Chinese and English) -> fields,
// fields -> file kind; when names do not decide, the values of the first rows (docs/columns.md).
//
// [SECTION] names
// [SECTION] normalising a header
// [SECTION] the vocabulary
// [SECTION] reading a header's meaning
// [SECTION] kinds
// [SECTION] values
#include "schema/columns.hpp"

#include <algorithm>
#include <cstring>

#include "normalize/normalize.hpp"

namespace tl {

// [SECTION] names ------------------------------------------------------------------------

const char* kind_name(FileKind k) {
  switch (k) {
    case FileKind::Orders: return "orders";
    case FileKind::Bindings: return "bindings";
    case FileKind::MonthlyStats: return "monthly";
    case FileKind::Standards: return "standards";
    case FileKind::Rules: return "rules";
    case FileKind::Providers: return "providers";
    default: return "unknown";
  }
}

std::optional<FileKind> parse_kind(std::string_view s) {
  if (s == "orders" || s == "order") return FileKind::Orders;
  if (s == "bindings" || s == "binding") return FileKind::Bindings;
  if (s == "monthly" || s == "monthly_stats" || s == "stats") return FileKind::MonthlyStats;
  if (s == "standards" || s == "standard") return FileKind::Standards;
  if (s == "rules") return FileKind::Rules;
  if (s == "providers" || s == "provider") return FileKind::Providers;
  if (s == "auto" || s == "unknown") return FileKind::Unknown;
  return std::nullopt;
}

static const char* const kFieldNames[kFieldCount] = {
    "none",       "main_order_id", "order_id",  "merchant_id", "merchant_name", "pay_time",
    "status",     "amount",        "provider_id", "provider_name", "industry",   "bind_start",
    "bind_end",   "month",         "order_count", "standard",   "certified_since"};

const char* field_name(Field f) { return kFieldNames[static_cast<size_t>(f)]; }

std::optional<Field> parse_field(std::string_view s) {
  for (size_t i = 0; i < kFieldCount; ++i)
    if (s == kFieldNames[i]) return static_cast<Field>(i);
  return std::nullopt;
}

// [SECTION] normalising a header ------------------------------------------------------------------

const char* column_source_name(ColumnSource s) {
  switch (s) {
    case ColumnSource::Name: return "name";
    case ColumnSource::Values: return "values";
    case ColumnSource::User: return "user";
    case ColumnSource::None: break;
  }
  return "none";
}

namespace {

// One UTF-8 code point at s[i] (n: its length; invalid bytes are taken one at a time as U+FFFD).
uint32_t next_cp(std::string_view s, size_t i, size_t& n) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) { n = 1; return 0xFFFD; }
  if (n == 1) return c;
  uint32_t cp = c & (0x3F >> (n - 1));
  for (size_t k = 1; k < n; ++k) {
    const unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) { n = 1; return 0xFFFD; }
    cp = (cp << 6) | (d & 0x3F);
  }
  return cp;
}

void put_cp(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Opening and closing brackets of every kind (after full-width forms became ASCII).
int bracket(uint32_t cp) {
  switch (cp) {
    case '(': case '[': case '<': case '{': case 0x3010: case 0x300C: case 0x300E: case 0x300A: case 0x3008:
    case 0x3014: case 0x3016:
      return 1;
    case ')': case ']': case '>': case '}': case 0x3011: case 0x300D: case 0x300F: case 0x300B: case 0x3009:
    case 0x3015: case 0x3017:
      return -1;
    default: return 0;
  }
}

bool ascii_alnum(uint32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'); }

// Code points of the header, full-width forms as ASCII, separators as ' '; `keep_bracketed` keeps
// what brackets hold (the brackets go either way).
std::string fold(std::string_view s, bool keep_bracketed) {
  std::string out;
  int depth = 0;
  uint32_t prev = ' ';
  for (size_t i = 0; i < s.size();) {
    size_t n;
    uint32_t cp = next_cp(s, i, n);
    i += n;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;   // full-width ASCII
    if (cp == 0xFEFF || cp == 0x200B) continue;       // BOM, zero-width space
    if (const int b = bracket(cp)) {
      if (b > 0) ++depth;
      else if (depth) --depth;
      cp = ' ';
    } else if (depth && !keep_bracketed) {
      continue;
    }
    const bool sep = cp == '#' ? false
                     : cp < 0x80 ? !ascii_alnum(cp)
                                 : cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3001 && cp <= 0x3003) ||
                                       cp == 0x30FB || cp == 0xFFFD || cp == 0xFF65 || cp == 0x00B7;
    if (sep) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      prev = ' ';
      continue;
    }
    // camelCase and CJK|ASCII boundaries become word breaks
    const bool up = cp >= 'A' && cp <= 'Z';
    const bool lower_prev = prev >= 'a' && prev <= 'z';
    const bool ascii_now = cp < 0x80, ascii_prev = prev < 0x80;
    if (!out.empty() && out.back() != ' ' && ((up && lower_prev) || (ascii_now != ascii_prev))) out += ' ';
    // "IDNo" stays one word ("idno" is split by the vocabulary); "ShopID" -> "shop id"
    prev = cp;
    if (up) cp = cp - 'A' + 'a';
    put_cp(out, cp);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string normalise_header(std::string_view cell) {
  std::string out = fold(cell, false);
  if (out.empty()) out = fold(cell, true);   // "【店铺ID】": the brackets are all there is
  return out;
}

// [SECTION] the vocabulary ------------------------------------------------------------------------
// Concept words as Chinese and English back ends (抖店, 巨量百应, 淘宝/天猫, 京东, 快手小店, 拼多多) and
// spreadsheets name columns. A header is read as the set of concepts its words carry; the rules in
// meaning_of() say which set means which field, and which words rule a field out.

namespace {

enum Concept : uint64_t {
  kProv = 1ull << 0,     // 服务商 provider agency partner
  kId = 1ull << 1,       // ID 编号 编码 号 code no number
  kName = 1ull << 2,     // 名称 name
  kShop = 1ull << 3,     // 店铺 商家 商户 shop store merchant seller
  kMain = 1ull << 4,     // 主 父 main parent
  kSub = 1ull << 5,      // 子 sub child
  kOrder = 1ull << 6,    // 订单 order
  kOrderW = 1ull << 7,   // 单 (单号, 单量)
  kPay = 1ull << 8,      // 支付 付款 成交 paid pay payment
  kTime = 1ull << 9,     // 时间 日期 time date at
  kStatus = 1ull << 10,  // 状态 status state
  kAmount = 1ull << 11,  // 金额 实付 应付 GMV amount
  kAmountW = 1ull << 12, // 价格 price
  kInd = 1ull << 13,     // 行业 industry
  kIndW = 1ull << 14,    // 类目 品类 category vertical
  kBind = 1ull << 15,    // 绑定 签约 入驻 bind bound
  kUnbind = 1ull << 16,  // 解绑 解约 unbind unbound
  kStart = 1ull << 17,   // 开始 生效 start from begin
  kEnd = 1ull << 18,     // 结束 失效 到期 end until to
  kMonth = 1ull << 19,   // 月份 统计月 month period yyyymm
  kMonthW = 1ull << 20,  // 月
  kMonthly = 1ull << 21, // 月度 monthly
  kCount = 1ull << 22,   // 量 数 count
  kQty = 1ull << 23,     // 数量 quantity
  kStd = 1ull << 24,     // 标准 达标 门槛 standard threshold bar target
  kSku = 1ull << 25,     // 商家编码 商品编码 外部编码 outer id: a product's code
  kProduct = 1ull << 26, // 商品 SKU product goods
  kBuyer = 1ull << 27,   // 买家 用户 收件人 buyer user customer
  kTalent = 1ull << 28,  // 达人 作者 主播 author anchor influencer
  kLogi = 1ull << 29,    // 物流 快递 运单 logistics tracking
  kAfter = 1ull << 30,   // 售后 退款 退货 refund aftersale return
  kCreate = 1ull << 31,  // 下单 创建 提交 created submitted
  kShip = 1ull << 32,    // 发货 签收 收货 shipped delivered
  kDone = 1ull << 33,    // 完成 关闭 finished completed closed
  kUpdate = 1ull << 34,  // 更新 修改 updated modified
  kCancel = 1ull << 35,  // 取消 cancel
  kMethod = 1ull << 36,  // 方式 渠道 类型 来源 method channel type source
  kDisc = 1ull << 37,    // 优惠 折扣 补贴 discount coupon
  kFee = 1ull << 38,     // 运费 手续费 佣金 税 fee freight commission tax
  kRemark = 1ull << 39,  // 备注 留言 原因 remark note
  kAddr = 1ull << 40,    // 地址 省 市 手机 address phone
  kUnitPrice = 1ull << 41, // 单价 unit price
  kFlag = 1ull << 42,    // 是否 旗帜 颜色 is flag
  kPlan = 1ull << 43,    // 预约 承诺 预计 expected promised
  kTrade = 1ull << 44,   // 交易 trade transaction
  kItem = 1ull << 45,    // item (an item order is a sub-order; an item alone is a product)
  kTotal = 1ull << 46,   // total 总
  kFiller = 1ull << 47,  // 所属 统计 必填 service of ...: known, meaning nothing alone
  kCert = 1ull << 48,    // 认证 准入 成为 certified certification: a provider's certification
  kAdmit = 1ull << 49,   // 入驻 (with kBind): a shop's binding, or a provider's admission where no shop is named
};

struct Word {
  const char* text;
  uint64_t concepts;
};

// Chinese (and Japanese kanji) words, matched longest first inside a run of CJK characters.
const Word kCjkWords[] = {
    {"服务商", kProv}, {"服务机构", kProv}, {"代理商", kProv}, {"渠道商", kProv}, {"服务方", kProv},
    {"编号", kId}, {"编码", kId}, {"号码", kId}, {"号", kId}, {"代码", kId}, {"识别码", kId}, {"账号", kId}, {"番号", kId},
    {"名称", kName}, {"名字", kName}, {"名", kName}, {"简称", kName}, {"全称", kName}, {"昵称", kName},
    {"店铺", kShop}, {"商家", kShop}, {"商户", kShop}, {"门店", kShop}, {"店", kShop}, {"卖家", kShop}, {"小店", kShop},
    {"店舗", kShop}, {"ショップ", kShop}, {"ストア", kShop}, {"明細", kSub | kOrder}, {"状況", kStatus},
    {"主订单", kMain | kOrder}, {"父订单", kMain | kOrder}, {"子订单", kSub | kOrder}, {"订单", kOrder}, {"注文", kOrder},
    {"单", kOrderW}, {"单号", kOrderW | kId}, {"单量", kOrderW | kCount}, {"单数", kOrderW | kCount},
    {"支付", kPay}, {"付款", kPay}, {"成交", kPay}, {"付", kPay}, {"支払", kPay},
    {"时间", kTime}, {"日期", kTime}, {"时刻", kTime}, {"时", kTime}, {"日时", kTime}, {"日時", kTime},
    {"状态", kStatus}, {"状態", kStatus},
    {"金额", kAmount}, {"金額", kAmount}, {"实付", kAmount}, {"应付", kAmount}, {"实付款", kAmount}, {"实收", kAmount},
    {"总价", kAmount}, {"总额", kAmount}, {"货款", kAmount}, {"价款", kAmount}, {"价格", kAmountW}, {"价", kAmountW},
    {"行业", kInd}, {"类目", kIndW}, {"品类", kIndW},
    {"绑定", kBind}, {"签约", kBind}, {"入驻", kBind | kAdmit}, {"解绑", kUnbind}, {"解约", kUnbind}, {"解除", kUnbind},
    {"开始", kStart}, {"生效", kStart}, {"起始", kStart}, {"起", kStart}, {"开通", kStart},
    {"结束", kEnd}, {"失效", kEnd}, {"到期", kEnd}, {"截止", kEnd}, {"终止", kEnd}, {"至", kEnd}, {"止", kEnd}, {"过期", kEnd},
    {"月份", kMonth}, {"统计月", kMonth}, {"统计月份", kMonth}, {"年月", kMonth}, {"账期", kMonth}, {"月", kMonthW},
    {"月度", kMonthly}, {"每月", kMonthly},
    {"量", kCount}, {"数", kCount}, {"数量", kQty}, {"件数", kQty},
    {"标准", kStd}, {"达标线", kStd}, {"达标", kStd}, {"门槛", kStd}, {"要求", kStd}, {"目标", kStd}, {"基准", kStd},
    {"商家编码", kSku}, {"商品编码", kSku}, {"外部编码", kSku}, {"商家货号", kSku}, {"货号", kSku},
    {"商品", kProduct}, {"货品", kProduct}, {"宝贝", kProduct}, {"产品", kProduct}, {"选购商品", kProduct}, {"规格", kProduct},
    {"买家", kBuyer}, {"用户", kBuyer}, {"会员", kBuyer}, {"客户", kBuyer}, {"顾客", kBuyer}, {"收件人", kBuyer},
    {"收货人", kBuyer}, {"消费者", kBuyer}, {"姓名", kBuyer},
    {"达人", kTalent}, {"作者", kTalent}, {"主播", kTalent}, {"带货", kTalent}, {"博主", kTalent}, {"推广者", kTalent},
    {"抖音号", kTalent},
    {"物流", kLogi}, {"快递", kLogi}, {"运单", kLogi}, {"包裹", kLogi}, {"发货单", kLogi},
    {"售后", kAfter}, {"退款", kAfter}, {"退货", kAfter}, {"换货", kAfter}, {"维权", kAfter},
    {"下单", kCreate}, {"创建", kCreate}, {"提交", kCreate}, {"生成", kCreate},
    {"发货", kShip}, {"签收", kShip}, {"收货", kShip}, {"确认收货", kShip}, {"揽收", kShip}, {"配送", kShip},
    {"完成", kDone}, {"结算", kDone}, {"关闭", kDone},
    {"更新", kUpdate}, {"修改", kUpdate}, {"变更", kUpdate},
    {"取消", kCancel},
    {"方式", kMethod}, {"渠道", kMethod}, {"类型", kMethod}, {"来源", kMethod}, {"方法", kMethod},
    {"优惠", kDisc}, {"折扣", kDisc}, {"红包", kDisc}, {"券", kDisc}, {"补贴", kDisc}, {"减免", kDisc},
    {"手续费", kFee}, {"运费", kFee}, {"佣金", kFee}, {"服务费", kFee}, {"邮费", kFee}, {"税", kFee}, {"费", kFee},
    {"备注", kRemark}, {"留言", kRemark}, {"说明", kRemark}, {"原因", kRemark},
    {"地址", kAddr}, {"省份", kAddr}, {"省", kAddr}, {"城市", kAddr}, {"市", kAddr}, {"区县", kAddr}, {"区", kAddr},
    {"街道", kAddr}, {"手机", kAddr}, {"电话", kAddr}, {"邮编", kAddr}, {"手机号", kAddr},
    {"单价", kUnitPrice},
    {"是否", kFlag}, {"旗帜", kFlag}, {"颜色", kFlag},
    {"预约", kPlan}, {"承诺", kPlan}, {"预计", kPlan},
    {"交易", kTrade},
    {"认证", kCert}, {"准入", kCert}, {"认定", kCert}, {"成为", kCert}, {"获评", kCert},
    {"总", kTotal},
    {"所属", kFiller}, {"归属", kFiller}, {"对应", kFiller}, {"关联", kFiller}, {"当前", kFiller}, {"的", kFiller},
    {"必填", kFiller}, {"选填", kFiller}, {"统计", kFiller}, {"考核", kFiller}, {"主营", kFiller}, {"经营", kFiller},
    {"一级", kFiller}, {"二级", kFiller}, {"三级", kFiller}, {"首次", kFiller}, {"最近", kFiller}, {"最后", kFiller},
    {"服务", kFiller}, {"合作", kFiller}, {"确认", kFiller}, {"关系", kFiller}, {"有效期", kFiller}, {"信息", kFiller},
    {"实际", kFiller}, {"平台", kFiller}, {"抖店", kFiller}, {"抖音", kFiller},
};

// English words (whole words; a joined word such as "suborderno" is split into these).
const Word kAsciiWords[] = {
    {"provider", kProv}, {"providers", kProv}, {"agency", kProv}, {"agent", kProv}, {"partner", kProv}, {"sp", kProv},
    {"isv", kProv}, {"spid", kProv | kId},
    {"id", kId}, {"ids", kId}, {"no", kId}, {"num", kId}, {"number", kId}, {"code", kId}, {"uid", kId}, {"key", kId},
    {"identifier", kId}, {"#", kId},
    {"name", kName}, {"title", kName}, {"nickname", kName},
    {"shop", kShop}, {"shops", kShop}, {"store", kShop}, {"merchant", kShop}, {"merchants", kShop}, {"seller", kShop},
    {"vendor", kShop},
    {"main", kMain}, {"parent", kMain}, {"master", kMain}, {"sub", kSub}, {"child", kSub}, {"suborder", kSub | kOrder},
    {"order", kOrder}, {"orders", kOrder | kCount}, {"item", kItem},
    {"pay", kPay}, {"paid", kPay}, {"payment", kPay}, {"payed", kPay},
    {"time", kTime}, {"date", kTime}, {"datetime", kTime}, {"timestamp", kTime}, {"at", kTime}, {"ts", kTime},
    {"status", kStatus}, {"state", kStatus},
    {"amount", kAmount}, {"gmv", kAmount}, {"revenue", kAmount}, {"price", kAmountW},
    {"industry", kInd}, {"category", kIndW}, {"vertical", kIndW}, {"sector", kIndW},
    {"bind", kBind}, {"binding", kBind}, {"bound", kBind}, {"signed", kBind},
    {"unbind", kUnbind}, {"unbound", kUnbind}, {"unbinding", kUnbind},
    {"start", kStart}, {"begin", kStart}, {"from", kStart}, {"since", kStart}, {"effective", kStart},
    {"end", kEnd}, {"until", kEnd}, {"to", kEnd}, {"till", kEnd}, {"expire", kEnd}, {"expiry", kEnd}, {"expires", kEnd},
    {"expired", kEnd},
    {"month", kMonth}, {"period", kMonth}, {"yyyymm", kMonth}, {"yearmonth", kMonth}, {"monthly", kMonthly},
    {"count", kCount}, {"cnt", kCount}, {"volume", kCount}, {"qty", kQty}, {"quantity", kQty},
    {"standard", kStd}, {"threshold", kStd}, {"bar", kStd}, {"target", kStd}, {"qualified", kStd}, {"qualifying", kStd},
    {"benchmark", kStd}, {"requirement", kStd},
    {"outer", kSku}, {"external", kSku},
    {"product", kProduct}, {"goods", kProduct}, {"sku", kProduct}, {"spu", kProduct}, {"barcode", kProduct},
    {"buyer", kBuyer}, {"user", kBuyer}, {"customer", kBuyer}, {"member", kBuyer}, {"consignee", kBuyer},
    {"recipient", kBuyer}, {"receiver", kBuyer},
    {"author", kTalent}, {"anchor", kTalent}, {"influencer", kTalent}, {"creator", kTalent}, {"talent", kTalent},
    {"kol", kTalent}, {"streamer", kTalent},
    {"logistics", kLogi}, {"express", kLogi}, {"tracking", kLogi}, {"waybill", kLogi}, {"courier", kLogi},
    {"shipment", kLogi},
    {"refund", kAfter}, {"refunded", kAfter}, {"aftersale", kAfter}, {"after", kAfter}, {"return", kAfter},
    {"returned", kAfter},
    {"create", kCreate}, {"created", kCreate}, {"creation", kCreate}, {"submit", kCreate}, {"submitted", kCreate},
    {"placed", kCreate},
    {"ship", kShip}, {"shipped", kShip}, {"shipping", kShip}, {"delivery", kShip}, {"delivered", kShip},
    {"dispatch", kShip}, {"dispatched", kShip}, {"received", kShip},
    {"finish", kDone}, {"finished", kDone}, {"complete", kDone}, {"completed", kDone}, {"done", kDone},
    {"close", kDone}, {"closed", kDone}, {"settle", kDone}, {"settled", kDone},
    {"update", kUpdate}, {"updated", kUpdate}, {"modified", kUpdate}, {"modify", kUpdate}, {"changed", kUpdate},
    {"cancel", kCancel}, {"cancelled", kCancel}, {"canceled", kCancel},
    {"method", kMethod}, {"channel", kMethod}, {"type", kMethod}, {"mode", kMethod}, {"source", kMethod},
    {"discount", kDisc}, {"coupon", kDisc}, {"subsidy", kDisc}, {"promotion", kDisc},
    {"fee", kFee}, {"fees", kFee}, {"freight", kFee}, {"postage", kFee}, {"commission", kFee}, {"tax", kFee},
    {"remark", kRemark}, {"remarks", kRemark}, {"note", kRemark}, {"notes", kRemark}, {"memo", kRemark},
    {"comment", kRemark}, {"reason", kRemark},
    {"address", kAddr}, {"phone", kAddr}, {"mobile", kAddr}, {"tel", kAddr}, {"province", kAddr}, {"city", kAddr},
    {"district", kAddr}, {"street", kAddr}, {"zip", kAddr},
    {"unit", kUnitPrice},
    {"is", kFlag}, {"has", kFlag}, {"whether", kFlag}, {"flag", kFlag},
    {"expected", kPlan}, {"estimated", kPlan}, {"promised", kPlan}, {"planned", kPlan}, {"scheduled", kPlan},
    {"trade", kTrade}, {"transaction", kTrade},
    {"certified", kCert}, {"certification", kCert}, {"certify", kCert}, {"accredited", kCert}, {"accreditation", kCert},
    {"admitted", kCert}, {"admission", kCert}, {"onboarded", kCert},
    {"total", kTotal}, {"sum", kTotal},
    {"service", kFiller}, {"of", kFiller}, {"the", kFiller}, {"stat", kFiller}, {"stats", kFiller}, {"year", kFiller},
    {"valid", kFiller}, {"required", kFiller}, {"current", kFiller}, {"first", kFiller}, {"last", kFiller},
    {"level", kFiller}, {"primary", kFiller}, {"info", kFiller}, {"actual", kFiller}, {"final", kFiller},
};

const Word* find_word(const Word* words, size_t n, std::string_view w) {
  for (size_t i = 0; i < n; ++i)
    if (w == words[i].text) return &words[i];
  return nullptr;
}

struct Reading {
  uint64_t concepts = 0;
  int unknown = 0;   // words (ASCII) or characters (CJK) no entry knows
};

// An ASCII word: itself, else split into known words of at least 3 letters ("id", "no", "at" too).
void read_ascii(std::string_view w, Reading& r) {
  constexpr size_t nw = sizeof kAsciiWords / sizeof kAsciiWords[0];
  if (const Word* x = find_word(kAsciiWords, nw, w)) { r.concepts |= x->concepts; return; }
  if (w.size() > 1 && w.back() == 's')
    if (const Word* x = find_word(kAsciiWords, nw, w.substr(0, w.size() - 1))) { r.concepts |= x->concepts; return; }
  if (w.find_first_not_of("0123456789") == std::string_view::npos) return;   // a number: neutral
  if (w.size() > 40) { ++r.unknown; return; }
  // fewest pieces covering the word (dynamic programming over its prefixes)
  std::vector<int> best(w.size() + 1, 1 << 20), from(w.size() + 1, -1);
  std::vector<const Word*> piece(w.size() + 1, nullptr);
  best[0] = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (best[i] >= (1 << 20)) continue;
    for (size_t k = 0; k < nw; ++k) {
      const std::string_view t = kAsciiWords[k].text;
      const bool short_ok = t == "id" || t == "no" || t == "at";
      if ((t.size() < 3 && !short_ok) || w.compare(i, t.size(), t) != 0) continue;
      const size_t j = i + t.size();
      if (best[i] + 1 < best[j]) { best[j] = best[i] + 1; from[j] = static_cast<int>(i); piece[j] = &kAsciiWords[k]; }
    }
  }
  if (best[w.size()] >= (1 << 20)) { ++r.unknown; return; }
  for (size_t j = w.size(); j > 0; j = static_cast<size_t>(from[j])) r.concepts |= piece[j]->concepts;
}

// A run of CJK characters: longest known word first at each position.
void read_cjk(std::string_view run, Reading& r) {
  constexpr size_t nw = sizeof kCjkWords / sizeof kCjkWords[0];
  for (size_t i = 0; i < run.size();) {
    size_t best = 0;
    uint64_t c = 0;
    for (size_t k = 0; k < nw; ++k) {
      const std::string_view t = kCjkWords[k].text;
      if (t.size() > best && run.compare(i, t.size(), t) == 0) { best = t.size(); c = kCjkWords[k].concepts; }
    }
    if (best) {
      r.concepts |= c;
      i += best;
    } else {
      size_t n;
      next_cp(run, i, n);
      const unsigned char b = static_cast<unsigned char>(run[i]);
      if (b >= 0x80) ++r.unknown;   // (digits inside are neutral)
      i += n;
    }
  }
}

Reading read_words(const std::string& norm) {
  Reading r;
  size_t i = 0;
  while (i < norm.size()) {
    if (norm[i] == ' ') { ++i; continue; }
    size_t j = i;
    const bool ascii = static_cast<unsigned char>(norm[i]) < 0x80;
    while (j < norm.size() && norm[j] != ' ' && (static_cast<unsigned char>(norm[j]) < 0x80) == ascii) ++j;
    if (ascii) read_ascii(std::string_view(norm).substr(i, j - i), r);
    else read_cjk(std::string_view(norm).substr(i, j - i), r);
    i = j;
  }
  return r;
}

bool any(uint64_t c, uint64_t m) { return (c & m) != 0; }

// [SECTION] reading a header's meaning ------------------------------------------------------------
// The rules, first match wins. Scores: 90 the field's own words (服务商ID, 主订单编号, 支付完成时间),
// 80-85 plain but clear (订单编号, 店铺ID, 金额), 55-75 a general word (status, 店铺, 类目), below
// kSureScore a hint the values must confirm (时间, 订单, price).
HeaderMeaning meaning_of(uint64_t c) {
  HeaderMeaning m;
  auto is = [&m](Field f, int score, Field alt = Field::None) {
    m.field = f;
    m.score = score;
    m.alt = alt;
    return m;
  };
  if (any(c, kRemark | kAddr | kFlag)) return m;
  const uint64_t entity = kBuyer | kTalent | kLogi | kAfter | kProduct;
  const bool time = any(c, kTime);
  const uint64_t time_block = kCreate | kShip | kUpdate | kAfter | kCancel | kLogi | kPlan | kMethod | kPay | kOrder;
  // a provider's certification (认证时间, 成为服务商时间, certified since); with an id or name word it is the
  // provider's id or name (below)
  if (any(c, kCert) && !any(c, time_block | entity | kShop | kOrderW | kUnbind | kEnd | kStatus | kCount | kQty | kAmount | kStd |
                                 kId | kName | kInd | kIndW | kMonth | kMonthW))
    return is(Field::CertifiedSince, time ? 90 : any(c, kStart) ? 85 : 60);
  // binding interval (a time of binding; "绑定店铺ID" is about the shop: its words decide below)
  if (any(c, kBind | kUnbind) && (time || !any(c, kShop | kProv | kId | kName | kInd | kIndW | kStatus | kCount | kAmount)) &&
      !any(c, time_block | entity)) {
    if (any(c, kUnbind) || any(c, kEnd)) return is(Field::BindEnd, 90);
    // 入驻: a provider's admission when the provider is named (服务商入驻时间); alone (入驻时间) a shop's binding,
    // or the provider's certification in a file that names no shop (analyse_header)
    if (any(c, kAdmit) && any(c, kProv) && !any(c, kShop)) return is(Field::CertifiedSince, time ? 90 : 60);
    return is(Field::BindStart, time ? 90 : 60, any(c, kAdmit) && !any(c, kShop) ? Field::CertifiedSince : Field::None);
  }
  if (any(c, kStart | kEnd) && !any(c, time_block | entity | kShop | kProv | kId | kName | kAmount | kStatus | kCount | kStd | kDone)) {
    const Field f = any(c, kEnd) ? Field::BindEnd : Field::BindStart;
    return is(f, time ? 75 : 45);
  }
  // provider
  if (any(c, kProv) && !any(c, kTime | kCount | kAmount | kStatus | kStd | kInd | kIndW | kMonth | entity)) {
    if (any(c, kId)) return is(Field::ProviderId, 90);
    return is(Field::ProviderName, any(c, kName) ? 85 : 75);
  }
  // industry standards (before order counts: 达标订单量 is a standard)
  if (any(c, kStd) && !any(c, kTime | kShop | kProv | kPay | entity | kAmount)) return is(Field::Standard, 85);
  // order ids
  const uint64_t id_block = entity | kPay | kSku | kTime | kProv | kCount | kQty | kAmount | kStatus | kMethod | kCancel | kDisc | kFee;
  if (!any(c, id_block)) {
    if (any(c, kMain) && any(c, kOrder)) return is(Field::MainOrderId, 90);
    if ((any(c, kSub) && any(c, kOrder)) || (any(c, kItem) && any(c, kOrder))) return is(Field::OrderId, 90);
    if (any(c, kOrder) && any(c, kId)) return is(Field::OrderId, 80, Field::MainOrderId);
    if (any(c, kOrderW) && any(c, kId) && !any(c, kShop)) return is(Field::OrderId, 70, Field::MainOrderId);
    if (any(c, kTrade) && any(c, kId) && !any(c, kShop)) return is(Field::OrderId, 65, Field::MainOrderId);
    if ((c & ~(kFiller | kTotal)) == kOrder) return is(Field::OrderId, 40, Field::MainOrderId);
  }
  // status
  if (any(c, kStatus)) {
    if (any(c, entity | kShip | kShop | kProv | kBind | kUnbind | kCancel | kUpdate | kMethod | kTime)) return m;
    if (any(c, kOrder | kOrderW | kTrade)) return is(Field::Status, 90);
    if (any(c, kPay)) return is(Field::Status, 70);
    if ((c & ~kFiller) == kStatus) return is(Field::Status, 60);
    return m;
  }
  // pay time (支付完成时间 yes; 下单时间, 订单完成时间, 支付方式 no)
  if (time) {
    if (any(c, kPay) && !any(c, kCreate | kShip | kUpdate | kAfter | kCancel | kLogi | kPlan | kMethod | kStart | kEnd | entity | kShop | kProv))
      return is(Field::PayTime, 90);
    if ((c & ~(kFiller)) == kTime) return is(Field::PayTime, 30);   // a bare "时间": the values must agree
    return m;
  }
  // amount
  if (any(c, kAmount | kAmountW)) {
    if (any(c, kDisc | kFee | kAfter | kUnitPrice | kCount | kQty | kTalent | kProv | kLogi)) return m;
    if (any(c, kProduct)) return is(Field::Amount, 40);
    if (!any(c, kAmount)) return is(Field::Amount, any(c, kTotal | kOrder | kPay) ? 70 : 40);
    if (any(c, kOrder | kPay | kTrade)) return is(Field::Amount, 90);
    return is(Field::Amount, 80);
  }
  // industry
  if (any(c, kInd | kIndW)) {
    if (any(c, kCount | kQty | kTime | kStatus | kId | kBuyer | kTalent | kLogi | kAfter)) return m;
    if (any(c, kProduct)) return is(Field::Industry, 40);
    return is(Field::Industry, any(c, kInd) ? 85 : 75);
  }
  // month
  if (any(c, kMonth | kMonthW) && !any(c, kOrder | kOrderW | kCount | kQty | kAmount | kStd | kPay | kTime | kShop | kProv))
    return is(Field::Month, any(c, kMonth) ? 85 : 70);
  // order counts
  if (any(c, kCount | kQty) && !any(c, kProduct | kAfter | kBuyer | kTalent | kStd | kShop | kProv | kId)) {
    if (any(c, kOrder | kOrderW | kTrade)) return is(Field::OrderCount, any(c, kPay) ? 90 : 85);
    if ((c & ~(kFiller | kMonthly)) == kCount) return is(Field::OrderCount, 40);
  }
  // shop
  if (any(c, kShop) && !any(c, entity | kDisc | kFee | kTime | kStatus | kProv | kSku | kMethod | kCount | kQty | kAmount)) {
    if (any(c, kId)) return is(Field::MerchantId, 85);
    if (any(c, kName)) return is(Field::MerchantName, 85);
    if ((c & ~kFiller) == kShop) return is(Field::MerchantId, 55);
    return m;
  }
  // a product's code: the merchant id only when nothing better exists (analyse_columns)
  if (any(c, kSku) && !any(c, kTime | kAmount | kStatus)) return is(Field::None, 15, Field::MerchantId);
  return m;
}

}  // namespace

HeaderMeaning header_meaning(std::string_view cell) {
  const Reading r = read_words(normalise_header(cell));
  HeaderMeaning m = meaning_of(r.concepts);
  m.known = (r.concepts & ~(kId | kName | kFiller | kTotal)) != 0;   // "ID магазина": only a generic word is known
  if (m.field != Field::None && r.unknown) m.score = std::max(1, m.score - std::min(20, 4 * r.unknown));
  return m;
}

Field match_header(std::string_view cell) { return header_meaning(cell).field; }

// [SECTION] kinds ------------------------------------------------------------------------

std::vector<Field> required_fields(FileKind k) {
  switch (k) {
    case FileKind::Orders: return {Field::MainOrderId, Field::MerchantId, Field::PayTime};
    case FileKind::Bindings: return {Field::MerchantId, Field::ProviderId};
    case FileKind::MonthlyStats: return {Field::MerchantId, Field::Month, Field::OrderCount};
    case FileKind::Standards: return {Field::Industry, Field::Standard};
    case FileKind::Providers: return {Field::ProviderId, Field::CertifiedSince};
    default: return {};
  }
}

namespace {

// Missing required fields, with the documented fallbacks (order id for main order id, provider
// name for provider id).
std::vector<Field> missing_for(FileKind k, const ColumnMap& m) {
  std::vector<Field> out;
  for (Field f : required_fields(k)) {
    if (m.has(f)) continue;
    if (f == Field::MainOrderId && m.has(Field::OrderId)) continue;
    if (f == Field::ProviderId && m.has(Field::ProviderName)) continue;
    out.push_back(f);
  }
  return out;
}

FileKind kind_of(const ColumnMap& m) {
  if (m.has(Field::PayTime) && (m.has(Field::MainOrderId) || m.has(Field::OrderId) || m.has(Field::MerchantId))) return FileKind::Orders;
  if (m.has(Field::Month) && m.has(Field::OrderCount)) return FileKind::MonthlyStats;
  if (m.has(Field::MerchantId) && (m.has(Field::ProviderId) || m.has(Field::ProviderName))) return FileKind::Bindings;
  if (m.has(Field::Industry) && m.has(Field::Standard) && !m.has(Field::MerchantId)) return FileKind::Standards;
  // a provider and its certification date, and no shop (a shop with a provider is a bindings file)
  if ((m.has(Field::ProviderId) || m.has(Field::ProviderName)) && m.has(Field::CertifiedSince) && !m.has(Field::MerchantId) &&
      !m.has(Field::MerchantName))
    return FileKind::Providers;
  if (m.has(Field::MainOrderId) || m.has(Field::OrderId)) return FileKind::Orders;   // without pay time: say what is missing
  return FileKind::Unknown;
}

// [SECTION] values --------------------------------------------------------------------------------
// What the first rows of a column hold, counted over its non-empty cells.

struct Profile {
  int n = 0;            // non-empty cells
  int datetime = 0;     // a date-time written as one (with - / 年 or :), not a bare number
  int any_time = 0;     // parse_datetime understands it (epoch numbers and Excel serials too)
  int long_id = 0;      // 16-20 digits (Doudian order ids have 19)
  int id_like = 0;      // one token of letters, digits, - and _ (not a date-time, not a decimal)
  int small = 0;        // a number of at most 4 digits (a quantity more likely than an id)
  int month = 0;        // a month alone: 2023-06, 202306, 2023年6月
  int count = 0;        // a whole number 0..10^8
  int money = 0;        // an amount
  int status = 0;       // a known order status word
  int text = 0;         // words (has a letter beyond ASCII, or a space), not a number or time
  int distinct = 0;
};

bool status_word(std::string_view v) {
  static const char* const kStatuses[] = {
      "已支付", "已付款", "已完成", "交易成功", "交易完成", "交易关闭", "待支付", "未支付", "待付款", "等待买家付款",
      "已关闭", "已取消", "订单关闭", "已发货", "待发货", "卖家已发货", "等待卖家发货", "买家已付款", "备货中", "待收货",
      "已收货", "已签收", "已退款", "退款中", "退款成功", "售后中", "部分发货", "待成团", "待评价", "已评价",
      "paid", "unpaid", "completed", "complete", "closed", "cancelled", "canceled", "shipped", "pending", "pending payment",
      "refunded", "delivered", "finished", "success"};
  std::string low(v);
  for (char& ch : low)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  for (const char* s : kStatuses)
    if (low == s) return true;
  return false;
}

Profile profile(const SampleRows& rows, size_t col) {
  Profile p;
  std::vector<std::string_view> seen;
  for (const auto& row : rows) {
    if (col >= row.size()) continue;
    const std::string_view v = norm::clean_text(row[col]);
    if (v.empty()) continue;
    ++p.n;
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
    const bool digits = v.find_first_not_of("0123456789") == std::string_view::npos;
    int64_t t;
    const bool time = norm::parse_datetime(v, t) == norm::TimeStatus::Ok;
    if (time) ++p.any_time;
    // written as a date (2023-06-01, 2023/6/1, 2023年6月1日, 2023.06.01, 12:00), not a number parse_datetime
    // also reads (59.90 is an Excel serial day to it)
    const bool written = v.find_first_of("-/:") != std::string_view::npos || v.find("年") != std::string_view::npos ||
                         std::count(v.begin(), v.end(), '.') >= 2;
    if (time && written) ++p.datetime;
    const norm::IdResult id = norm::clean_id(v);
    const bool id_digits = id.status == norm::IdStatus::Ok && !id.value.empty() &&
                           id.value.find_first_not_of("0123456789") == std::string_view::npos;
    if (id_digits && id.value.size() >= 16 && id.value.size() <= 20) ++p.long_id;
    const bool token = id.status == norm::IdStatus::Ok && !id.value.empty() && id.value.size() <= 40 &&
                       id.value.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_") == std::string_view::npos;
    const bool month = norm::parse_month(v).has_value() && !(time && written);   // not a whole date
    if (month) ++p.month;
    if (token && !(time && written) && !month) ++p.id_like;
    if (digits && v.size() <= 4) ++p.small;
    const auto n = norm::parse_count(v);
    if (n && *n >= 0 && *n <= 100'000'000 && v.find('.') == std::string_view::npos) ++p.count;
    if (norm::parse_money_cents(v)) ++p.money;
    if (status_word(v)) ++p.status;
    bool wide = false;
    for (char ch : v) wide |= static_cast<unsigned char>(ch) >= 0x80 || ch == ' ';
    if (wide && !time && !norm::parse_money_cents(v)) ++p.text;
  }
  p.distinct = static_cast<int>(seen.size());
  return p;
}

// How many of a column's values fit a field (for columns whose names both say it).
int fit(Field f, const Profile& p) {
  switch (f) {
    case Field::PayTime: case Field::BindStart: case Field::BindEnd: case Field::CertifiedSince: return p.any_time;
    case Field::MainOrderId: case Field::OrderId: case Field::MerchantId: case Field::ProviderId: return p.id_like;
    case Field::Status: return p.status;
    case Field::Amount: return p.money;
    case Field::Month: return p.month;
    case Field::OrderCount: case Field::Standard: return p.count;
    case Field::MerchantName: case Field::ProviderName: case Field::Industry: return p.text;
    default: return 0;
  }
}

bool mostly(int k, int n) { return n > 0 && k * 10 >= n * 9; }   // at least 90 %

constexpr int kCompeteMargin = 10;   // two sure names this close compete

struct Analyser {
  const std::vector<std::string_view>& header;
  FileKind forced;
  const UserColumns& user;
  const SampleRows* rows;
  HeaderAnalysis a;
  std::vector<bool> user_col;
  std::array<bool, kFieldCount> user_field{};
  std::vector<Profile> prof;

  Analyser(const std::vector<std::string_view>& h, FileKind k, const UserColumns& u, const SampleRows* r)
      : header(h), forced(k), user(u), rows(r) {}

  const Profile& values(size_t c) {
    if (prof.empty()) {
      prof.resize(header.size());
      for (size_t i = 0; i < header.size(); ++i) prof[i] = profile(*rows, i);
    }
    return prof[c];
  }
  int sample_rows() const { return rows ? static_cast<int>(std::min(rows->size(), kSampleRows)) : 0; }

  void give(Field f, int col, ColumnSource src) {
    a.map[f] = col;
    a.per_column[col] = f;
    a.source[col] = src;
  }
  void take_away(Field f) {
    const int col = a.map[f];
    if (col < 0) return;
    a.map[f] = -1;
    a.per_column[col] = Field::None;
    a.source[col] = ColumnSource::None;
  }
  // The map as the kind sees it: what the names gave plus what the user mapped.
  ColumnMap with_user() const {
    ColumnMap m = a.map;
    for (auto [f, c] : user) {
      if (f == Field::None || f == Field::Count_) continue;
      m[f] = c >= 0 && static_cast<size_t>(c) < header.size() ? c : -1;
    }
    return m;
  }
  bool free_column(size_t c) const { return !user_col[c] && a.per_column[c] == Field::None; }

  void by_names();
  void by_values();
  void find_by_values();
  void finish() {
    const ColumnMap m = with_user();
    if (forced == FileKind::Unknown) a.kind = kind_of(m);
    a.missing = missing_for(a.kind, m);
  }
};

void Analyser::by_names() {
  const size_t n = header.size();
  a.per_column.assign(n, Field::None);
  a.source.assign(n, ColumnSource::None);
  a.meaning.resize(n);
  user_col.assign(n, false);
  for (auto [f, c] : user) {
    if (c >= 0 && static_cast<size_t>(c) < n) user_col[c] = true;
    if (f != Field::None && f != Field::Count_) user_field[static_cast<size_t>(f)] = true;
  }
  std::vector<Field> field(n, Field::None);
  bool sub = false, main = false;
  for (size_t c = 0; c < n; ++c) {
    a.meaning[c] = header_meaning(header[c]);
    if (user_col[c]) continue;
    field[c] = a.meaning[c].field;
    if (field[c] == Field::MainOrderId) main = true;
    if (field[c] == Field::OrderId && a.meaning[c].alt == Field::None) sub = true;
  }
  // 入驻时间 in a file that names a provider and no shop is the provider's certification (a providers file)
  {
    auto named = [&](Field f) { return user_field[static_cast<size_t>(f)] || std::find(field.begin(), field.end(), f) != field.end(); };
    const bool providers = forced == FileKind::Providers ||
                           (forced == FileKind::Unknown && (named(Field::ProviderId) || named(Field::ProviderName)) &&
                            !named(Field::MerchantId) && !named(Field::MerchantName) && !named(Field::CertifiedSince));
    if (providers)
      for (size_t c = 0; c < n; ++c)
        if (field[c] == Field::BindStart && a.meaning[c].alt == Field::CertifiedSince) field[c] = Field::CertifiedSince;
  }
  // a plain order id beside a sub-order id is the main order id (淘宝: 订单编号 + 子订单编号)
  if (sub && !main)
    for (size_t c = 0; c < n; ++c)
      if (field[c] == Field::OrderId && a.meaning[c].alt == Field::MainOrderId) field[c] = Field::MainOrderId;
  for (size_t f = 1; f < kFieldCount; ++f) {
    if (user_field[f]) continue;
    std::vector<int> cand;
    for (size_t c = 0; c < n; ++c)
      if (field[c] == static_cast<Field>(f)) cand.push_back(static_cast<int>(c));
    if (cand.empty()) continue;
    std::stable_sort(cand.begin(), cand.end(), [&](int x, int y) { return a.meaning[x].score > a.meaning[y].score; });
    int chosen = cand[0];
    bool by_values = false;
    if (cand.size() > 1 && a.meaning[cand[1]].score >= kSureScore && a.meaning[cand[0]].score - a.meaning[cand[1]].score < kCompeteMargin) {
      a.needs_values = true;
      if (rows) {   // the values decide: most values that fit, then the better name, then the leftmost
        ColumnChoice ch;
        ch.field = static_cast<Field>(f);
        ch.rows = sample_rows();
        int best = -1, best_fit = -1, second = -1, second_fit = -1;
        for (int c : cand) {
          if (a.meaning[c].score < kSureScore || a.meaning[cand[0]].score - a.meaning[c].score >= kCompeteMargin) continue;
          const int k = fit(ch.field, values(c));
          if (k > best_fit) { second = best; second_fit = best_fit; best = c; best_fit = k; }
          else if (k > second_fit) { second = c; second_fit = k; }
        }
        chosen = best;
        by_values = true;
        ch.chosen = best;
        ch.chosen_fit = best_fit;
        ch.other = second;
        ch.other_fit = second_fit;
        ch.tie = best_fit == second_fit;
        a.choices.push_back(ch);
      }
    }
    give(static_cast<Field>(f), chosen, by_values ? ColumnSource::Values : ColumnSource::Name);
  }
  // a product's code (商家编码) stands in for the merchant id only when nothing better exists
  if (!a.map.has(Field::MerchantId) && !user_field[static_cast<size_t>(Field::MerchantId)])
    for (size_t c = 0; c < n; ++c)
      if (free_column(c) && a.meaning[c].alt == Field::MerchantId) { give(Field::MerchantId, static_cast<int>(c), ColumnSource::Name); break; }
  finish();
  if (a.kind == FileKind::Unknown || !a.missing.empty()) a.needs_values = true;
  for (Field f : required_fields(a.kind))
    if (a.map.has(f) && a.meaning[a.map[f]].score < kSureScore) a.needs_values = true;
}

// A required field named only weakly ("时间") is kept when its values agree, else dropped.
void Analyser::by_values() {
  std::vector<Field> req = required_fields(a.kind);
  if (a.kind == FileKind::Orders) req.push_back(Field::OrderId);
  for (Field f : req) {
    const int col = a.map[f];
    if (col < 0 || a.meaning[col].score >= kSureScore || a.source[col] != ColumnSource::Name) continue;
    const Profile& p = values(col);
    const int k = f == Field::PayTime ? p.datetime : fit(f, p);
    if (p.n > 0 && k * 2 >= p.n) {
      a.source[col] = ColumnSource::Values;
      a.found_by_values.push_back({f, col, k, sample_rows()});
    } else {
      take_away(f);
    }
  }
  finish();
}

// Fields no name gave, from columns whose names say nothing known ("列1", another language): only
// what values make plain, and never a provider (a wrong provider would change the answer).
void Analyser::find_by_values() {
  const size_t n = header.size();
  const int rows_n = sample_rows();
  auto unnamed = [&](size_t c) { return free_column(c) && !a.meaning[c].known && values(c).n > 0; };
  auto found = [&](Field f, size_t c, int k) {
    give(f, static_cast<int>(c), ColumnSource::Values);
    a.found_by_values.push_back({f, static_cast<int>(c), k, rows_n});
  };
  // the only unnamed column whose values are mostly of one sort, or -1
  auto only = [&](auto pred) {
    int hit = -1;
    for (size_t c = 0; c < n; ++c) {
      if (!unnamed(c) || !pred(values(c))) continue;
      if (hit >= 0) return -2;   // two: the values cannot choose
      hit = static_cast<int>(c);
    }
    return hit;
  };
  const ColumnMap m0 = with_user();
  FileKind kind = forced != FileKind::Unknown ? forced : kind_of(m0);
  auto has = [&](Field f) { return with_user().has(f); };
  const bool want_orders = kind == FileKind::Orders || kind == FileKind::Unknown;
  if (want_orders && !has(Field::MainOrderId) && !has(Field::OrderId)) {   // Doudian's 19-digit order ids
    std::vector<size_t> ids;
    for (size_t c = 0; c < n; ++c)
      if (unnamed(c) && mostly(values(c).long_id, values(c).n)) ids.push_back(c);
    if (ids.size() == 1) {
      found(Field::OrderId, ids[0], values(ids[0]).long_id);
    } else if (ids.size() == 2) {   // main and sub-order ids: the main one repeats
      const bool first_main = values(ids[0]).distinct <= values(ids[1]).distinct;
      found(Field::MainOrderId, first_main ? ids[0] : ids[1], values(first_main ? ids[0] : ids[1]).long_id);
      found(Field::OrderId, first_main ? ids[1] : ids[0], values(first_main ? ids[1] : ids[0]).long_id);
    }
  }
  if (want_orders && !has(Field::PayTime) && (has(Field::MainOrderId) || has(Field::OrderId))) {
    const int c = only([](const Profile& p) { return mostly(p.datetime, p.n); });
    if (c >= 0) found(Field::PayTime, c, values(c).datetime);
  }
  if (forced == FileKind::Unknown) kind = kind_of(with_user());
  if (kind == FileKind::Unknown) {   // monthly stats: a column of months and one of whole numbers
    if (!has(Field::Month)) {
      const int c = only([](const Profile& p) { return mostly(p.month, p.n); });
      if (c >= 0 && has(Field::OrderCount)) found(Field::Month, c, values(c).month);
    }
    // industry standards: one name per row (each industry once) and a whole number
    if (!has(Field::MerchantId) && !has(Field::PayTime) && !has(Field::Month) && !has(Field::MainOrderId) && !has(Field::OrderId)) {
      const int ci = has(Field::Industry) ? -1 : only([](const Profile& p) { return mostly(p.text, p.n) && p.distinct == p.n; });
      const int cs = has(Field::Standard) ? -1 : only([](const Profile& p) { return mostly(p.count, p.n); });
      if ((ci >= 0 || has(Field::Industry)) && (cs >= 0 || has(Field::Standard))) {
        if (ci >= 0) found(Field::Industry, ci, values(ci).text);
        if (cs >= 0) found(Field::Standard, cs, values(cs).count);
      }
    }
  }
  kind = forced != FileKind::Unknown ? forced : kind_of(with_user());
  if (kind == FileKind::MonthlyStats && !has(Field::OrderCount)) {
    const int c = only([](const Profile& p) { return mostly(p.count, p.n); });
    if (c >= 0) found(Field::OrderCount, c, values(c).count);
  }
  if (kind == FileKind::Standards && !has(Field::Standard)) {
    const int c = only([](const Profile& p) { return mostly(p.count, p.n); });
    if (c >= 0) found(Field::Standard, c, values(c).count);
  }
  if ((kind == FileKind::Orders || kind == FileKind::MonthlyStats) && !has(Field::MerchantId)) {
    const int c = only([](const Profile& p) { return mostly(p.id_like, p.n) && !mostly(p.small, p.n) && !mostly(p.long_id, p.n); });
    if (c >= 0) found(Field::MerchantId, c, values(c).id_like);
  }
  if (kind == FileKind::Orders && !has(Field::Status)) {   // an unnamed status column decides what is paid
    const int c = only([](const Profile& p) { return mostly(p.status, p.n); });
    if (c >= 0) found(Field::Status, c, values(c).status);
  }
  finish();
}

}  // namespace

static HeaderAnalysis analyse(const std::vector<std::string_view>& header, FileKind forced, const UserColumns& user, const SampleRows* rows) {
  Analyser z(header, forced, user, rows);
  if (forced != FileKind::Unknown) z.a.kind = forced;
  z.by_names();
  if (rows) {
    z.by_values();
    z.find_by_values();
  }
  return std::move(z.a);
}

HeaderAnalysis analyse_header(const std::vector<std::string_view>& header, FileKind forced, const UserColumns& user) {
  return analyse(header, forced, user, nullptr);
}

HeaderAnalysis analyse_columns(const std::vector<std::string_view>& header, const SampleRows& rows, FileKind forced, const UserColumns& user) {
  return analyse(header, forced, user, &rows);
}

}  // namespace tl
