// tierlens — the orders export (Doudian layout) and its monthly aggregate.
//
// Two PRNG streams: the "core" stream decides what the engine counts (time, shop, status, sub-order
// rows, dirty rows); the "presentation" stream everything else (ids, products, buyers, amounts).
// aggregate_orders() replays only the core stream, so the monthly aggregate matches the rows without
// formatting them.
#include <algorithm>

#include "sample/internal.hpp"

namespace tl::sample::detail {
namespace {

enum Status : uint8_t { kDone, kShipped, kPreparing, kClosed, kPending, kUnpaid };
constexpr std::string_view kStatusText[] = {"已完成", "已发货", "备货中", "已关闭", "待支付", "未支付"};
bool is_paid(uint8_t s) { return s < kPending; }

enum Dirty : uint8_t { kClean, kBadPayTime, kEmptyShop, kSciId, kUnboundShop };
constexpr int kDirtyKinds = 4;

constexpr std::string_view kOrdersHeader =
    "主订单编号,子订单编号,选购商品,商品规格,商品数量,商品ID,商家编码,订单应付金额,运费,收件人,收件人手机号,"
    "详细地址,订单提交时间,支付完成时间,订单完成时间,订单状态,售后状态,店铺ID,店铺名称\r\n";

struct Row {
  bool extra = false;   // another sub-order row of the previous main order
  uint8_t dirty = kClean;
  uint8_t status = kDone;
  int merchant = 0;     // -1: the unbound shop
  int slot = 0;
  int64_t t = 0;        // pay time (order time for unpaid orders)
};

// End of the exported period: the window's end, or 10 days later with rows spilling after it.
int64_t data_end(const World& w) {
  const int last = w.nslots - 1;
  return w.slot_rows[last] ? w.slot_start[last] + 10 * kDay : w.slot_start[last];
}

class Core {
 public:
  explicit Core(const World& w) : w_(w), rng_(w.seed_orders), n_(w.o.order_rows) {
    // one dirty row of each kind per 10,000 rows (one each from 2,000 rows), spread evenly over the
    // rows paid inside the window so that each shows its own reason, not "outside the window"
    dirty_total_ = kDirtyKinds * (n_ >= 10000 ? n_ / 10000 : n_ >= 2000 ? 1 : 0);
    in_first_ = w.slot_rows[0];
    in_rows_ = n_ - w.slot_rows[0] - w.slot_rows[w.nslots - 1];
    next_dirty_ = dirty_pos();
    data_end_ = data_end(w);
  }

  bool next(Row& r) {
    if (i_ >= n_) return false;
    while (i_ >= seg_first_ + w_.slot_rows[seg_]) seg_first_ += w_.slot_rows[seg_++];
    uint8_t dirty = kClean;
    if (i_ == next_dirty_) {
      dirty = static_cast<uint8_t>(kBadPayTime + dirty_i_ % kDirtyKinds);
      ++dirty_i_;
      next_dirty_ = dirty_pos();
    }
    if (!dirty && prev_ok_ && chain_ < 14 && rng_.per_mille(60)) {
      r = prev_;
      r.extra = true;
      ++chain_;
    } else {
      r = Row{};
      r.dirty = dirty;
      r.slot = seg_;
      r.t = time_of(seg_, i_ - seg_first_);
      r.merchant = dirty == kUnboundShop ? -1 : pick_merchant(seg_);
      r.status = dirty ? static_cast<uint8_t>(kDone) : draw_status(r.t);
      chain_ = 0;
    }
    prev_ok_ = !dirty && r.merchant >= 0;
    prev_ = r;
    ++i_;
    return true;
  }

 private:
  uint64_t dirty_pos() const {
    if (dirty_i_ >= dirty_total_) return UINT64_MAX;
    return in_first_ + in_rows_ * (2 * dirty_i_ + 1) / (2 * dirty_total_);
  }
  int64_t time_of(int slot, uint64_t j) {
    int64_t t0, len;
    if (slot == 0) { t0 = w_.slot_start[1] - 10 * kDay; len = 10 * kDay; }
    else if (slot == w_.nslots - 1) { t0 = w_.slot_start[slot]; len = 10 * kDay; }
    else { t0 = w_.slot_start[slot]; len = w_.slot_start[slot + 1] - t0; }
    const uint64_t n = w_.slot_rows[slot];
    const int64_t step = len / static_cast<int64_t>(n);
    // rows run forward in time, as in an export sorted by pay time
    return t0 + static_cast<int64_t>(j * static_cast<uint64_t>(len) / n) + (step > 1 ? rng_.between(0, step - 1) : 0);
  }
  int pick_merchant(int slot) {
    const auto& c = w_.cumulative[slot];
    if (c.empty()) return -1;
    if (!c.back()) return w_.order_merchants[rng_.below(static_cast<uint32_t>(c.size()))];
    const uint64_t r = rng_.next() % c.back();
    return w_.order_merchants[std::upper_bound(c.begin(), c.end(), r) - c.begin()];
  }
  uint8_t draw_status(int64_t t) {
    const uint32_t u = rng_.below(10000);
    if (u < 200) return kPending;   // ~2 %, no pay time
    if (u < 230) return kUnpaid;
    if (u < 530) return kClosed;    // paid, then closed
    const uint32_t v = rng_.below(100);
    const int64_t age = data_end_ - t;  // recent orders are still being prepared or shipped
    if (age < 2 * kDay) return v < 70 ? kPreparing : kShipped;
    if (age < 7 * kDay) return v < 15 ? kPreparing : v < 75 ? kShipped : kDone;
    return v < 1 ? kPreparing : v < 6 ? kShipped : kDone;
  }

  const World& w_;
  Rng rng_;
  uint64_t n_, i_ = 0;
  int seg_ = 0;
  uint64_t seg_first_ = 0;
  uint64_t dirty_total_ = 0, dirty_i_ = 0, next_dirty_ = UINT64_MAX, in_first_ = 0, in_rows_ = 0;
  Row prev_;
  bool prev_ok_ = false;
  int chain_ = 0;
  int64_t data_end_ = 0;
};

// A product of a shop's catalog, the same every time it is drawn.
struct Product {
  std::string name;
  int64_t price = 0;  // cents
  uint64_t id = 0;
  char sku_letter = 'A';
  uint32_t sku_num = 0;
};

template <class V>
const auto& pick(Rng& r, const V& v) { return v[r.below(static_cast<uint32_t>(v.size()))]; }

void make_product(const World& w, uint64_t key, const Merchant& m, uint32_t j, Product& p) {
  Rng r(mix(w.seed_products, key << 32 | j));
  const IndustryText& it = industry(m.industry);
  const Words& wd = words();
  const uint32_t type = r.below(1000);
  const uint32_t mi = r.below(static_cast<uint32_t>(it.modifiers.size()));
  uint32_t mj = r.below(static_cast<uint32_t>(it.modifiers.size()));
  if (mj == mi) mj = (mj + 1) % it.modifiers.size();
  const auto& item = pick(r, it.items);
  const auto& tag = pick(r, wd.tags);
  const auto& qw = pick(r, wd.quote_words);
  const auto& suffix = pick(r, wd.suffixes);
  const bool with_tag = r.per_mille(250), with_second = r.per_mille(500), with_suffix = r.per_mille(300);
  std::string& s = p.name;
  s.clear();
  if (type < 140) {         // 夏季新款,宽松T恤 — a comma, so the field is quoted
    s.append(it.modifiers[mi]).append(",").append(it.modifiers[mj]).append(item);
    if (with_suffix) s.append(" ").append(suffix);
  } else if (type < 190) {  // 【爆款】"冰丝"凉席 — quotes, doubled inside a quoted field
    s.append(tag).append("\"").append(qw).append("\"").append(item);
  } else {
    if (with_tag) s.append(tag);
    s.append(it.modifiers[mi]);
    if (with_second) s.append(it.modifiers[mj]);
    s.append(item);
    if (with_suffix) s.append(" ").append(suffix);
  }
  const uint64_t u = r.below(1000);
  int64_t cents = it.price_lo + static_cast<int64_t>(static_cast<uint64_t>(it.price_hi - it.price_lo) * u * u / 1000000);
  static constexpr int kEndings[] = {90, 0, 99, 80};
  p.price = std::max<int64_t>(100, cents / 100 * 100 + kEndings[r.below(4)]);
  p.id = 3600000000000000000ull + r.next() % 100000000000000000ull;
  p.sku_letter = static_cast<char>('A' + r.below(26));
  p.sku_num = 1000 + r.below(9000);
}

class Formatter {
 public:
  Formatter(const World& w, Out& out) : w_(w), out_(out), rng_(mix(w.seed_orders, 0x5052)), data_end_(data_end(w)) {
    series_[0] = 6920000000000000000ull + rng_.below(1000000) * 1000000ull;
    series_[1] = 7250000000000000000ull + rng_.below(1000000) * 1000000ull;
  }

  void row(const Row& r) {
    const Merchant& m = r.merchant >= 0 ? w_.merchants[r.merchant] : w_.unbound;
    const uint64_t key = r.merchant >= 0 ? static_cast<uint64_t>(r.merchant) : 0xFFFFFFFFull;
    if (!r.extra) new_main(r);
    // 主订单编号, 子订单编号: tab-guarded 19-digit ids (Excel would otherwise mangle them)
    if (r.dirty == kSciId) {
      const uint64_t mant = (main_ + 5000000000000ull) / 10000000000000ull;  // 6 significant digits
      out_.put_uint(mant / 100000);
      out_.put('.');
      out_.put_fixed(mant % 100000, 5);
      out_.put("E+18");
    } else {
      out_.put('\t');
      out_.put_uint(main_);
    }
    out_.comma();
    out_.put('\t');
    out_.put_uint(main_ + 1 + sub_++);
    out_.comma();
    // 选购商品, 商品规格, 商品数量, 商品ID, 商家编码
    const uint32_t j = std::min(rng_.below(m.catalog), rng_.below(m.catalog));  // best sellers first
    make_product(w_, key, m, j, product_);
    if (rng_.below(5000) == 0) product_.name.append("\n（赠运费险）");  // rare embedded newline
    out_.put_field(product_.name);
    out_.comma();
    const IndustryText& it = industry(m.industry);
    out_.put(it.spec1_label);
    out_.put(':');
    out_.put(pick(rng_, it.spec1));
    if (!it.spec2_label.empty()) {
      out_.put(';');
      out_.put(it.spec2_label);
      out_.put(':');
      out_.put(pick(rng_, it.spec2));
    }
    out_.comma();
    const uint32_t q = rng_.below(100);
    const uint32_t qty = q < 80 ? 1 : q < 92 ? 2 : 3 + rng_.below(3);
    out_.put_uint(qty);
    out_.comma();
    out_.put('\t');
    out_.put_uint(product_.id);
    out_.comma();
    out_.put("SKU-");
    out_.put(product_.sku_letter);
    out_.put_uint(product_.sku_num);
    out_.comma();
    // 订单应付金额, 运费
    const int64_t freight = r.extra ? 0 : freight_;
    out_.put_cents(product_.price * qty + freight);
    out_.comma();
    out_.put_cents(freight);
    out_.comma();
    // 收件人, 收件人手机号, 详细地址 (masked as exported)
    out_.put(words().surnames[surname_]);
    out_.put("**,1");
    out_.put(static_cast<char>('0' + phone_ / 100000));
    out_.put(static_cast<char>('0' + phone_ / 10000 % 10));
    out_.put("****");
    out_.put_fixed(phone_ % 10000, 4);
    out_.comma();
    out_.put(words().addresses[address_]);
    out_.put("****,");
    // 订单提交时间, 支付完成时间, 订单完成时间
    out_.put_time(order_time_);
    out_.comma();
    if (r.dirty == kBadPayTime) {
      int64_t y;
      unsigned mo, d;
      civil_from_days(r.t / kDay, y, mo, d);
      out_.put_fixed(static_cast<uint64_t>(y), 4);
      out_.put("-13-45 99:00:00");
    } else if (is_paid(r.status)) {
      out_.put_time(r.t);
    } else {
      out_.put('-');
    }
    out_.comma();
    if (finish_ >= 0) out_.put_time(finish_);
    else out_.put('-');
    out_.comma();
    // 订单状态, 售后状态
    out_.put(kStatusText[r.status]);
    out_.comma();
    uint32_t a = 0;
    if (is_paid(r.status)) {
      const uint32_t v = rng_.below(1000);
      a = r.status == kClosed ? (v < 600 ? 1 : 0) : v < 25 ? 1 : v < 37 ? 2 : 0;
    }
    out_.put(a == 1 ? std::string_view("退款成功") : a == 2 ? std::string_view("售后处理中") : std::string_view("-"));
    out_.comma();
    // 店铺ID, 店铺名称
    if (r.dirty == kEmptyShop) out_.put('-');
    else out_.put_uint(m.shop_id);
    out_.comma();
    out_.put_field(m.name);
    out_.end_row();
  }

 private:
  void new_main(const Row& r) {
    const int s = rng_.per_mille(850) ? 0 : 1;  // two id series, 69… and 72…
    series_[s] += 16 + rng_.below(1u << 20);    // gaps > 15 keep sub-order ids (main + 1 + k) unique
    main_ = series_[s];
    sub_ = 0;
    surname_ = rng_.below(static_cast<uint32_t>(words().surnames.size()));
    phone_ = (3 + rng_.below(7)) * 100000 + rng_.below(100000);
    address_ = rng_.below(static_cast<uint32_t>(words().addresses.size()));
    const uint32_t f = rng_.below(100);
    freight_ = f < 80 ? 0 : f < 88 ? 500 : f < 94 ? 800 : f < 98 ? 1000 : 1200;
    order_time_ = is_paid(r.status) || r.dirty ? r.t - rng_.between(5, 900) : r.t;
    finish_ = -1;
    if (r.status == kDone && !r.dirty) {  // 3-10 days after payment, but never after the export
      const int64_t room = std::max<int64_t>(1, data_end_ - 1 - r.t);
      const int64_t lo = std::min(3 * kDay, room / 2), hi = std::max(lo, std::min(10 * kDay, room));
      finish_ = r.t + rng_.between(lo, hi);
    }
  }

  const World& w_;
  Out& out_;
  Rng rng_;
  uint64_t series_[2] = {};
  uint64_t main_ = 0;
  uint32_t sub_ = 0, surname_ = 0, phone_ = 0, address_ = 0;
  int64_t freight_ = 0, order_time_ = 0, finish_ = -1;
  int64_t data_end_;
  Product product_;
};

}  // namespace

std::vector<uint64_t> aggregate_orders(const World& w) {
  std::vector<uint64_t> counts(w.merchants.size() * static_cast<size_t>(w.nslots) * 2, 0);
  Core core(w);
  Row r;
  while (core.next(r)) {
    if (r.extra || r.dirty || !is_paid(r.status) || r.merchant < 0) continue;
    int which = -1;
    if (bound_provider(w.merchants[r.merchant], r.t, &which) < 0) continue;
    ++counts[(static_cast<size_t>(r.merchant) * w.nslots + r.slot) * 2 + which];
  }
  return counts;
}

void write_orders_world(const World& w, const Sink& sink) {
  Out out(sink, w.o.gbk);
  out.bom();
  out.put(kOrdersHeader);
  if (w.order_merchants.empty()) { out.finish(); return; }  // every provider reports monthly stats
  Core core(w);
  Formatter f(w, out);
  Row r;
  while (core.next(r)) f.row(r);
  out.finish();
}

}  // namespace tl::sample::detail
