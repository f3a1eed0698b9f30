// tierlens — sample writers (bindings, standards, monthly stats, orders) and the built-in demo.
#include "sample/generator.hpp"

#include "sample/internal.hpp"

namespace tl::sample {

using namespace detail;

namespace {

void bindings_of(const World& w, const Sink& sink) {
  Out out(sink, w.o.gbk);
  out.bom();
  out.put("店铺ID,店铺名称,服务商ID,服务商名称,行业,绑定开始时间,绑定结束时间\r\n");
  for (const Merchant& m : w.merchants)
    for (int b = 0; b < m.nbind; ++b) {  // a re-bound shop has two rows with adjacent intervals
      out.put_uint(m.shop_id);
      out.comma();
      out.put_field(m.name);
      out.comma();
      out.put(w.provider_ids[m.bind[b].provider]);
      out.comma();
      out.put_field(w.provider_names[m.bind[b].provider]);
      out.comma();
      out.put(industry(m.industry).name);
      out.comma();
      out.put_time(m.bind[b].start);
      out.comma();
      if (m.bind[b].end != kOpen) out.put_time(m.bind[b].end);
      out.end_row();
    }
  out.finish();
}

void standards_of(const World& w, const Sink& sink) {
  Out out(sink, w.o.gbk);
  out.bom();
  out.put("行业,月度达标订单量标准\r\n");
  const auto standard = compute_standards(w);
  for (int i = 0; i < kIndustries; ++i) {
    if (standard[i] < 0) continue;  // the industry without a standard
    out.put(industry(i).name);
    out.comma();
    out.put_uint(static_cast<uint64_t>(standard[i]));
    out.end_row();
  }
  out.finish();
}

void monthly_of(const World& w, const Sink& sink) {
  const Options& o = w.o;
  Out out(sink, o.gbk);
  out.bom();
  out.put("店铺ID,月份,支付订单量,服务商ID\r\n");
  char month[7];
  auto row = [&](const Merchant& m, int month_index, uint64_t n, int provider) {
    out.put_uint(m.shop_id);
    out.comma();
    format_month(month_index, month);
    out.put(std::string_view(month, 7));
    out.comma();
    out.put_uint(n);
    out.comma();
    out.put(w.provider_ids[provider]);
    out.end_row();
  };
  // providers that report monthly: one row per bound window month, attributed to the binding in
  // force at the month's end (the last one overlapping it)
  for (size_t i = 0; i < w.merchants.size(); ++i) {
    const Merchant& m = w.merchants[i];
    if (!m.monthly) continue;
    for (int k = 0; k < o.months; ++k) {
      const int64_t v = w.monthly_count[i * o.months + k];
      if (v < 0) continue;
      int p = m.bind[0].provider;
      for (int b = 0; b < m.nbind; ++b)
        if (m.bind[b].start < w.slot_start[k + 2] && m.bind[b].end > w.slot_start[k + 1]) p = m.bind[b].provider;
      row(m, o.first_month + k, static_cast<uint64_t>(v), p);
    }
  }
  // the orders export, aggregated per shop, month (incl. the spill months) and attributed provider
  if (o.monthly_aggregate && !w.order_merchants.empty()) {
    const std::vector<uint64_t> c = aggregate_orders(w);
    for (int i : w.order_merchants) {
      const Merchant& m = w.merchants[i];
      for (int s = 0; s < w.nslots; ++s)
        for (int b = 0; b < m.nbind; ++b) {
          const uint64_t n = c[(static_cast<size_t>(i) * w.nslots + s) * 2 + b];
          if (n) row(m, o.first_month - 1 + s, n, m.bind[b].provider);
        }
    }
  }
  out.finish();
}

Options demo_options() {
  Options d;
  d.seed = 20230901;
  d.providers = 3;
  d.monthly_providers = 1;           // SP1001: the big one, monthly stats just below the silver bar
  d.monthly_merchants = 1060;
  d.monthly_paid_orders = 8700000;
  d.merchants = 1060 + 110;          // SP1002 / SP1003 share 110 shops and an orders export
  d.order_rows = 6000;               // ~290 bytes a row: keeps the whole set near 2 MB for the web build
  d.spill_after = false;             // keeps the default window at 2023-06..2023-08
  d.monthly_aggregate = false;       // the small providers' numbers come from their order rows only
  d.standard_share_permille = 132;  // tuned: 141 SP1001 merchants qualify, just under the bar of 150
  return d;
}

}  // namespace

void write_orders(const Options& o, const Sink& sink) { write_orders_world(build_world(o), sink); }
void write_bindings(const Options& o, const Sink& sink) { bindings_of(build_world(o), sink); }
void write_standards(const Options& o, const Sink& sink) { standards_of(build_world(o), sink); }
void write_monthly(const Options& o, const Sink& sink) { monthly_of(build_world(o), sink); }

std::vector<File> demo_files() {
  const Options d = demo_options();
  const World w = build_world(d);
  std::vector<File> files = {{"demo_bindings.csv", {}}, {"demo_standards.csv", {}},
                             {"demo_monthly.csv", {}}, {"demo_orders.csv", {}}};
  auto into = [](std::string& s) { return Sink([&s](std::string_view v) { s.append(v.data(), v.size()); }); };
  bindings_of(w, into(files[0].bytes));
  standards_of(w, into(files[1].bytes));
  monthly_of(w, into(files[2].bytes));
  write_orders_world(w, into(files[3].bytes));
  return files;
}

}  // namespace tl::sample
