// tierlens — taking records into the store: the Workspace's side of reading a file (the cutting side,
// decoding and splitting, is store/cutter.cpp; the façade is workspace.cpp).
//
// Pipeline per file (each step streams; chunk boundaries never matter):
//   1. decode   bytes -> UTF-8            (csv::Decoder: BOM / UTF-8 / GB18030 / UTF-16)
//   2. sniff    JSON rule set or CSV      (first non-blank character '{' means rules)
//   3. scan     UTF-8 -> records          (csv::Scanner: separator sniffing, RFC 4180)
//   4. header   record 1 -> kind + column map (schema/columns), forced options applied; when the names
//               do not decide, the first kSampleRows records are held and their values decide
//   5. ingest   each record -> store      (normalise fields; rows that cannot be used are counted
//                                          by reason with sample lines, never dropped silently)
#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "normalize/normalize.hpp"
#include "store/store.hpp"

// [SECTION] small helpers
// [SECTION] ingest per kind
// [SECTION] header
// [SECTION] the store              records in, the main order index, memory estimates
// [SECTION] the store's file operations   open, feed, take, close, stop, remove (called by workspace.cpp)

namespace tl {

// [SECTION] small helpers ----------------------------------------------------------------

const char* file_state_name(FileState s) {
  switch (s) {
    case FileState::Reading: return "reading";
    case FileState::Done: return "done";
    case FileState::Failed: return "failed";
    case FileState::Cancelled: return "cancelled";
  }
  return "?";
}

static void reject(FileSlot& f, Reason reason, uint64_t line) {
  Reject& r = f.rejected[static_cast<size_t>(reason)];
  ++r.count;
  if (r.lines.size() < 5) r.lines.push_back(line);
}

static std::string_view cell(const csv::Record& r, int col) {
  if (col < 0 || static_cast<size_t>(col) >= r.fields.size()) return {};
  return r.fields[col];
}

// UTF-8 files pass the decoder unchecked (Workspace::open): text is checked where it is kept, and
// most non-ASCII bytes of a real export (product names) are never looked at.
// Parsed cells (times, amounts, numeric ids) need no check: invalid bytes fail their parse.
// A cell that is not UTF-8 but is GB18030 comes from a file pasted together from a UTF-8 and a GBK
// export (csv/decoder.hpp): read as GB18030 and counted (file.mixed_encoding).
static std::string_view checked_text(FileSlot& f, std::string_view v) {
  if (!f.check_fields || csv::utf8_valid_prefix(v) == v.size()) return v;
  if (csv::gbk_rather_than_utf8(v) && csv::gb18030_text(v, f.scratch)) {
    if (f.at_line != f.last_gbk_line) {   // counted per line, as the decoder counts its UTF-8 lines
      if (f.gbk_lines++ == 0) f.first_gbk_line = f.at_line;
      f.last_gbk_line = f.at_line;
    }
    return f.scratch;
  }
  f.field_invalid += csv::repair_utf8(v, f.scratch);
  return f.scratch;
}

// Interns text read from a file. Only checked text is ever interned, so a string found as it is
// needs no check: only new strings (a few thousand per file) are checked.
static uint32_t intern_checked(Interner& in, FileSlot& f, std::string_view v) {
  if (!f.check_fields) return in.intern(v);
  const uint32_t id = in.find(v);
  return id != Interner::kNone ? id : in.intern(checked_text(f, v));
}

// Only text found as it is read is remembered: text that needed repair is repaired and counted per row.
static uint32_t status_id(Store& s, FileSlot& f, std::string_view v) {
  const uint32_t known = memo_find(f.status_memo, v);
  if (known != Interner::kNone) return known;
  const uint32_t id = intern_checked(s.statuses, f, v);
  if (s.statuses.view(id) == v) memo_put(f.status_memo, v, id);
  return id;
}

// Main order ids: 19-digit numbers are the norm, kept as the number itself; anything else
// (letters, leading zeros, > 2^63) is interned and tagged with the top bit.
static bool numeric_key(std::string_view id, uint64_t& key) {
  if (id.empty() || id.size() > 19 || id[0] == '0') return false;
  uint64_t v = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v >= (1ull << 63)) return false;
  key = v;
  return true;
}

static uint64_t order_key(Store& s, FileSlot& f, std::string_view id) {
  uint64_t v;
  if (numeric_key(id, v)) return v;
  return (1ull << 63) | intern_checked(s.strings, f, id);
}

static uint32_t provider_of(Store& s, FileSlot& f, std::string_view id, std::string_view name) {
  std::string_view key = !id.empty() ? id : name;
  uint32_t p = intern_checked(s.providers, f, key);
  if (p >= s.provider_name.size()) s.provider_name.resize(p + 1, Interner::kNone);
  if (!name.empty() && s.provider_name[p] == Interner::kNone) s.provider_name[p] = s.names.intern(checked_text(f, name));
  return p;
}

// The provider a row of an orders or monthly-stats file names: kNoProvider without such a column,
// kEmptyProvider when the row leaves it empty.
static uint32_t row_provider(Store& s, FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  if (!m.has(Field::ProviderId) && !m.has(Field::ProviderName)) return kNoProvider;
  std::string_view pid = m.has(Field::ProviderId) ? norm::clean_id(cell(r, m[Field::ProviderId])).value : std::string_view();
  std::string_view pname = m.has(Field::ProviderName) ? norm::clean_text(cell(r, m[Field::ProviderName])) : std::string_view();
  return (pid.empty() && pname.empty()) ? kEmptyProvider : provider_of(s, f, pid, pname);
}

// A merchant's store id, with room for its name and industry.
static uint32_t with_info(Store& s, uint32_t m) {
  if (m >= s.merchant_info.size()) s.merchant_info.resize(m + 1);
  return m;
}

static uint32_t merchant_of(Store& s, FileSlot& f, std::string_view id) {
  return with_info(s, intern_checked(s.merchants, f, id));
}

// Name and industry of a merchant as a row states them; `authority` rows (bindings) overwrite,
// others only fill what is still unknown (so most rows never read these cells).
static void note_merchant(Store& s, FileSlot& f, uint32_t merchant, const csv::Record& r, bool authority) {
  const ColumnMap& m = f.map;
  MerchantInfo& mi = s.merchant_info[merchant];
  if ((authority || mi.name == Interner::kNone) && m.has(Field::MerchantName)) {
    std::string_view n = norm::clean_text(checked_text(f, cell(r, m[Field::MerchantName])));
    if (!n.empty()) mi.name = s.names.intern(n);
  }
  if ((authority || mi.industry == Interner::kNone) && m.has(Field::Industry)) {
    std::string_view n = norm::clean_text(checked_text(f, cell(r, m[Field::Industry])));
    if (!n.empty()) mi.industry = s.names.intern(n);
  }
}

// [SECTION] ingest per kind -------------------------------------------------------------

constexpr int64_t kMaxMonthlyOrders = 10'000'000'000;   // a monthly-stats row's order count, at most

// The order id a row names: its main order id, else (empty or no column) its order id.
static norm::IdResult order_id_of(const ColumnMap& m, const csv::Record& r) {
  norm::IdResult id{{}, norm::IdStatus::Empty};
  if (m.has(Field::MainOrderId)) id = norm::clean_id(cell(r, m[Field::MainOrderId]));
  if (id.status == norm::IdStatus::Empty && m.has(Field::OrderId)) id = norm::clean_id(cell(r, m[Field::OrderId]));
  return id;
}

// A string of the reading side's dictionary, as a store id: interned when a record first uses it.
static uint32_t local_to_store(Interner& in, FileSlot& f, const std::vector<std::string>& text, std::vector<uint32_t>& ids, uint32_t local) {
  if (local >= ids.size()) ids.resize(text.size(), Interner::kNone);
  uint32_t& id = ids[local];
  if (id == Interner::kNone) id = intern_checked(in, f, text[local]);
  return id;
}

OrderCells read_order_cells(const ColumnMap& m, const csv::Record& r) {
  OrderCells c;
  const norm::IdResult id = order_id_of(m, r);
  c.id = id.status;
  c.id_number = id.status == norm::IdStatus::Ok && numeric_key(id.value, c.key);
  c.pay = norm::parse_datetime(cell(r, m[Field::PayTime]), c.pay_time);
  if (m.has(Field::Amount)) {   // the plain form inline: an optional<int64_t> return stalled on its flag byte
    const std::string_view a = cell(r, m[Field::Amount]);
    if (!norm::fast::plain_cents(a, c.amount_cents)) c.amount_cents = norm::parse_money_cents(a).value_or(0);
  }
  return c;
}

static void ingest_order(Store& s, FileSlot& f, const csv::Record& r, const OrderCells* cells) {
  const ColumnMap& m = f.map;
  OrderCells own;
  if (!cells) {
    own = read_order_cells(m, r);
    cells = &own;
  }
  const OrderCells& c = *cells;
  // 0. status, counted for every row (the UI shows the breakdown)
  uint32_t st = c.status_local != Interner::kNone
                    ? local_to_store(s.statuses, f, f.local_status_text, f.local_status_id, c.status_local)
                    : status_id(s, f, m.has(Field::Status) ? norm::clean_text(cell(r, m[Field::Status])) : std::string_view());
  if (f.status_rows.size() <= st) f.status_rows.resize(st + 1, 0);
  ++f.status_rows[st];
  // 1. order key: main order id, else (empty or no column) the order id
  if (c.id == norm::IdStatus::Empty) return reject(f, Reason::MissingOrderId, r.line);
  if (c.id == norm::IdStatus::Scientific) return reject(f, Reason::IdScientific, r.line);
  // 2. merchant
  norm::IdResult mid{{}, c.merchant};
  if (c.merchant_local == Interner::kNone) mid = norm::clean_id(cell(r, m[Field::MerchantId]));
  if (mid.status == norm::IdStatus::Empty) return reject(f, Reason::MissingMerchantId, r.line);
  if (mid.status == norm::IdStatus::Scientific) return reject(f, Reason::IdScientific, r.line);
  // 3. the rest
  OrderIn rec{};
  rec.status = st;
  rec.key = c.id_number ? c.key : order_key(s, f, order_id_of(m, r).value);
  rec.merchant = c.merchant_local != Interner::kNone
                     ? with_info(s, local_to_store(s.merchants, f, f.local_merchant_text, f.local_merchant_id, c.merchant_local))
                     : merchant_of(s, f, mid.value);
  note_merchant(s, f, rec.merchant, r, false);
  switch (c.pay) {
    case norm::TimeStatus::Ok:
      if (c.pay_time >= kStoreEpochCst && c.pay_time - kStoreEpochCst < 0xFFFFFFFFll) rec.pay = static_cast<uint32_t>(c.pay_time - kStoreEpochCst);
      else rec.flags |= kPayBad;  // before 2000 or after 2136: certainly not a real pay time
      break;
    case norm::TimeStatus::Empty: rec.flags |= kPayMissing; break;
    case norm::TimeStatus::Bad: rec.flags |= kPayBad; break;
  }
  rec.provider = row_provider(s, f, r);
  rec.amount_cents = c.amount_cents;
  rec.line = static_cast<uint32_t>(r.line);
  rec.file = f.tag;
  s.queue_order(f, rec);
}

// 4. fold into an identical record of the same main order (sub-order rows), else append
void Store::queue_order(FileSlot& f, const OrderIn& rec) {
  if (pending_count == kLookahead) {
    place_order(pending[pending_head]);
    pending_head = (pending_head + 1) % kLookahead;
    --pending_count;
  }
  uint64_t h = hash_u64(rec.key);
  pending[(pending_head + pending_count) % kLookahead] = Pending{rec, h, &f};
  ++pending_count;
  if (++queued_since_touch == kTouchGroup && pending_count >= kTouchGroup) {   // (see kTouchGroup)
    queued_since_touch = 0;
    uint64_t x = 0;
    for (size_t k = pending_count - kTouchGroup; k < pending_count; ++k) x ^= order_index.peek(pending[(pending_head + k) % kLookahead].hash);
    touched ^= x;
  }
}

void Store::flush_pending() {
  for (; pending_count; --pending_count, pending_head = (pending_head + 1) % kLookahead) place_order(pending[pending_head]);
  pending_head = 0;
  queued_since_touch = 0;
}

void Store::place_order(const Pending& p) {
  const OrderIn& in = p.rec;
  FileSlot& f = *p.file;
  auto key_of = [this](uint32_t i) { return orders[i].key(); };
  uint32_t first = order_index.find(in.key, p.hash, key_of);
  if (first != KeyIndex::kNone) {
    OrderRec& o = orders[first];
    if (o.merchant == in.merchant && o.pay == in.pay && o.file == in.file && (o.flags & (kPayMissing | kPayBad)) == in.flags &&
        status_of(first) == in.status && provider_of(first) == in.provider) {
      fold_into(first, in.amount_cents);
      if (f.folded_samples.size() < 64) f.folded_samples.emplace_back(first, in.line);
      return;
    }
    o.flags |= kVariant;
    if (o.file != in.file) ++f.info.repeated_orders;   // overlapping exports: said per file
    append_order(in, kVariant);
    return;
  }
  append_order(in, 0);
  order_index.insert_hashed(p.hash, static_cast<uint32_t>(orders.size() - 1), key_of);
}

// Packs a parsed row into a new record; values beyond the packed widths go to `wide`.
void Store::append_order(const OrderIn& in, uint8_t extra_flags) {
  OrderRec r{};
  r.key_lo = static_cast<uint32_t>(in.key);
  r.key_hi = static_cast<uint32_t>(in.key >> 32);
  r.merchant = in.merchant;
  r.pay = in.pay;
  r.file = in.file;
  r.flags = static_cast<uint8_t>(in.flags | extra_flags);
  r.rows = 1;
  const uint32_t gap = in.line - last_line[in.file];
  last_line[in.file] = in.line;
  const bool fits = in.amount_cents >= INT32_MIN && in.amount_cents <= INT32_MAX && in.status < 0xFF &&
                    (in.provider == kNoProvider || in.provider == kEmptyProvider || in.provider < kEmptyProvider16) &&
                    in.line > 0 && gap < 0x100;
  if (fits) {
    r.amount_cents = static_cast<int32_t>(in.amount_cents);
    r.status = static_cast<uint8_t>(in.status);
    r.provider = in.provider == kNoProvider ? kNoProvider16 : in.provider == kEmptyProvider ? kEmptyProvider16 : static_cast<uint16_t>(in.provider);
    r.line_gap = static_cast<uint8_t>(gap);
  } else {
    r.flags |= kWide;
    wide[static_cast<uint32_t>(orders.size())] = OrderWide{in.amount_cents, in.provider, in.status, in.line, 1};
  }
  orders.push_back(r);
}

// One more identical row of record i: count it and add its amount, widening the record if needed.
void Store::fold_into(uint32_t i, int64_t amount_cents) {
  OrderRec& o = orders[i];
  if (!(o.flags & kWide)) {
    const int64_t sum = static_cast<int64_t>(o.amount_cents) + amount_cents;
    if (o.rows < 0xFFFF && sum >= INT32_MIN && sum <= INT32_MAX) {
      ++o.rows;
      o.amount_cents = static_cast<int32_t>(sum);
      return;
    }
    const OrderWide w{o.amount_cents, provider_of(i), o.status, 0, o.rows};   // line 0: its line_gap still holds
    o.flags |= kWide;
    wide[i] = w;
  }
  OrderWide& w = wide.at(i);
  ++w.rows;
  // (saturating: amounts are below 10^16 cents each, but a main order may fold any number of rows)
  if (__builtin_add_overflow(w.amount_cents, amount_cents, &w.amount_cents)) w.amount_cents = amount_cents < 0 ? INT64_MIN : INT64_MAX;
}

static void ingest_binding(Store& s, FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  norm::IdResult mid = norm::clean_id(cell(r, m[Field::MerchantId]));
  if (mid.status == norm::IdStatus::Empty) return reject(f, Reason::MissingMerchantId, r.line);
  if (mid.status == norm::IdStatus::Scientific) return reject(f, Reason::IdScientific, r.line);
  std::string_view pid = m.has(Field::ProviderId) ? norm::clean_id(cell(r, m[Field::ProviderId])).value : std::string_view();
  std::string_view pname = m.has(Field::ProviderName) ? norm::clean_text(cell(r, m[Field::ProviderName])) : std::string_view();
  if (pid.empty() && pname.empty()) return reject(f, Reason::MissingProviderId, r.line);
  Binding b{};
  b.start = INT64_MIN;
  b.end = INT64_MAX;
  if (m.has(Field::BindStart)) {
    int64_t t;
    auto st = norm::parse_datetime(cell(r, m[Field::BindStart]), t);
    if (st == norm::TimeStatus::Bad) return reject(f, Reason::BadBindStart, r.line);
    if (st == norm::TimeStatus::Ok) b.start = t;
  }
  if (m.has(Field::BindEnd)) {
    int64_t t;
    auto st = norm::parse_datetime(cell(r, m[Field::BindEnd]), t);
    if (st == norm::TimeStatus::Bad) return reject(f, Reason::BadBindEnd, r.line);
    if (st == norm::TimeStatus::Ok) b.end = t;
  }
  if (b.end <= b.start) return reject(f, Reason::BindEndBeforeStart, r.line);
  b.merchant = merchant_of(s, f, mid.value);
  b.provider = provider_of(s, f, pid, pname);
  b.file = f.tag;
  note_merchant(s, f, b.merchant, r, true);  // the bindings file is the authority on names and industry
  s.bindings.push_back(b);
}

static void ingest_monthly(Store& s, FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  norm::IdResult mid = norm::clean_id(cell(r, m[Field::MerchantId]));
  if (mid.status == norm::IdStatus::Empty) return reject(f, Reason::MissingMerchantId, r.line);
  if (mid.status == norm::IdStatus::Scientific) return reject(f, Reason::IdScientific, r.line);
  auto month = norm::parse_month(cell(r, m[Field::Month]));
  if (!month) return reject(f, Reason::BadMonth, r.line);
  auto count = norm::parse_count(cell(r, m[Field::OrderCount]));
  // (no shop has 10^10 paid orders in a month; such counts summed over rows would overflow 64 bits)
  if (!count || *count < 0 || *count > kMaxMonthlyOrders) return reject(f, Reason::BadOrderCount, r.line);
  MonthlyRec rec{};
  rec.merchant = merchant_of(s, f, mid.value);
  rec.month = *month;
  rec.count = *count;
  rec.line = static_cast<uint32_t>(r.line);
  rec.file = f.tag;
  rec.provider = row_provider(s, f, r);
  note_merchant(s, f, rec.merchant, r, false);
  s.monthly.push_back(rec);
}

static void ingest_standard(FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  std::string_view ind = norm::clean_text(checked_text(f, cell(r, m[Field::Industry])));
  if (ind.empty()) return reject(f, Reason::MissingIndustry, r.line);
  auto v = norm::parse_count(cell(r, m[Field::Standard]));
  if (!v || *v < 0) return reject(f, Reason::BadStandard, r.line);
  f.standards[std::string(ind)] = *v;
}

// A providers file's row: the provider (its id, else its name) certified since a date. Listed again with
// another date: the earliest counts, and the first such provider is named at the file's close.
static void ingest_provider(FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  const norm::IdResult pid = m.has(Field::ProviderId) ? norm::clean_id(cell(r, m[Field::ProviderId])) : norm::IdResult{};
  if (pid.status == norm::IdStatus::Scientific) return reject(f, Reason::IdScientific, r.line);
  const std::string_view pname = m.has(Field::ProviderName) ? norm::clean_text(checked_text(f, cell(r, m[Field::ProviderName]))) : std::string_view();
  const std::string name(pname);   // (copied: checked_text reuses one scratch buffer)
  const std::string key = !pid.value.empty() ? std::string(checked_text(f, pid.value)) : name;
  if (key.empty()) return reject(f, Reason::MissingProviderId, r.line);
  int64_t since;
  if (norm::parse_datetime(cell(r, m[Field::CertifiedSince]), since) != norm::TimeStatus::Ok) return reject(f, Reason::BadCertifiedSince, r.line);
  auto [it, fresh] = f.certified.emplace(key, FileSlot::Certified{since, name});
  if (fresh) return;
  FileSlot::Certified& c = it->second;
  if (c.name.empty()) c.name = name;
  if (since == c.since) return;
  if (f.cert_conflicts++ == 0) f.cert_conflict = {it->first, std::min(since, c.since), std::max(since, c.since)};
  c.since = std::min(since, c.since);
}

// [SECTION] header -------------------------------------------------------------------------------

// A header as a message quotes it: at most 200 headers of at most 200 bytes each (cut at a character),
// so a 50 MB first line with no line end makes a short message and report, not a copy of the line.
static std::vector<std::string> headers_for_message(const std::vector<std::string>& header) {
  constexpr size_t kMaxHeaders = 200, kMaxBytes = 200;
  std::vector<std::string> out;
  for (size_t i = 0; i < header.size() && i < kMaxHeaders; ++i) {
    std::string h = header[i];
    if (h.size() > kMaxBytes) {
      size_t cut = kMaxBytes;
      while (cut > 0 && (static_cast<unsigned char>(h[cut]) & 0xC0) == 0x80) --cut;   // not inside a character
      h.resize(cut);
      h += "…";
    }
    out.push_back(std::move(h));
  }
  return out;
}

// The user's overrides as columns (FileOptions::column_names by header text, else a number from 1;
// then FileOptions::columns). Unmatched names change nothing.
static UserColumns user_columns(const FileSlot& f) {
  UserColumns out;
  const std::vector<std::string>& header = f.info.header;
  for (const auto& [field, name] : f.info.options.column_names) {
    const std::string_view want = norm::clean_text(name);
    int col = -1;
    for (size_t c = 0; c < header.size() && col < 0; ++c)
      if (norm::clean_text(header[c]) == want) col = static_cast<int>(c);
    if (col < 0 && !want.empty() && want.size() <= 6 && want.find_first_not_of("0123456789") == std::string_view::npos) {
      const int n = std::atoi(std::string(want).c_str());
      if (n >= 1 && static_cast<size_t>(n) <= header.size()) col = n - 1;
    }
    if (col >= 0) out.push_back({field, col});
  }
  for (auto [field, col] : f.info.options.columns)
    if (field != Field::Count_) out.push_back({field, col});
  return out;
}

// The column a fix should name for `field`: one whose name hints at it, else the first with no meaning.
static std::string example_column(const FileInfo& info, const HeaderAnalysis& a, Field field) {
  for (size_t c = 0; c < info.header.size() && c < a.meaning.size(); ++c)
    if (info.per_column[c] == Field::None && (a.meaning[c].field == field || a.meaning[c].alt == field)) return info.header[c];
  for (size_t c = 0; c < info.header.size() && c < info.per_column.size(); ++c)
    if (info.per_column[c] == Field::None) return info.header[c];
  return info.header.empty() ? std::string() : info.header[0];
}

// A file given as one kind (--orders, the page's kind) whose required columns are missing, while its
// header is, by its names alone, complete for another kind: said as that (file.wrong_kind), not as
// columns to map. Runs only when the file fails.
static bool wrong_kind(FileSlot& f, const UserColumns& user) {
  const FileKind given = f.info.options.kind;
  if (given == FileKind::Unknown || given == FileKind::Rules) return false;
  const std::vector<std::string_view> cells(f.info.header.begin(), f.info.header.end());
  const HeaderAnalysis other = analyse_header(cells, FileKind::Unknown, user);
  if (other.kind == FileKind::Unknown || other.kind == given || other.kind == FileKind::Rules || !other.missing.empty()) return false;
  std::vector<std::string> fields;   // what its header says, in column order
  for (size_t c = 0; c < other.per_column.size(); ++c)
    if (other.per_column[c] != Field::None) fields.emplace_back(field_name(other.per_column[c]));
  std::vector<std::string> missing;
  for (Field x : f.info.missing) missing.emplace_back(field_name(x));
  f.info.error = Message(Msg::FileWrongKind)
                     .set("file", f.info.name)
                     .set("kind", kind_name(given))
                     .set("looks", kind_name(other.kind))
                     .list("fields", fields)
                     .list("missing", missing);
  return true;
}

// A header text that names two or more columns, one of which was given a meaning: one is used (by
// their values, else the leftmost), said (file.duplicate_header) by column number, with the way to pick
// another by its number (the header text cannot tell them apart). Columns the user mapped are not.
static void note_duplicate_headers(FileSlot& f) {
  const std::vector<std::string>& header = f.info.header;
  for (size_t c = 0; c < f.info.per_column.size() && c < header.size(); ++c) {
    const Field field = f.info.per_column[c];
    if (field == Field::None || f.info.column_source[c] == ColumnSource::User) continue;
    const std::string_view name = norm::clean_text(header[c]);
    if (name.empty()) continue;
    for (size_t d = 0; d < header.size(); ++d) {
      if (d == c || f.info.per_column[d] != Field::None || norm::clean_text(header[d]) != name) continue;
      f.info.warnings.push_back(Message(Msg::FileDuplicateHeader)
                                    .set("file", f.info.name)
                                    .set("header", headers_for_message({header[c]})[0])
                                    .set("field", field_name(field))
                                    .set("used", static_cast<uint64_t>(c + 1))
                                    .set("other", static_cast<uint64_t>(d + 1)));
      break;   // one warning per used column (the next duplicate, if any, is found the same way)
    }
  }
}

// The columns decided (by names, or names and values): the user's overrides on top, the map handed
// over, what is missing said, and how values decided said as warnings.
static void settle_header(Store& s, FileSlot& f, const HeaderAnalysis& a, const UserColumns& user) {
  ColumnMap map = a.map;
  std::vector<Field> per_column = a.per_column;
  std::vector<ColumnSource> source = a.source;
  for (auto [field, col] : user) {
    const bool in = col >= 0 && static_cast<size_t>(col) < per_column.size();
    if (field == Field::None) {   // "this column means nothing": its field is absent unless mapped again
      if (!in) continue;
      if (per_column[col] != Field::None) map[per_column[col]] = -1;
      per_column[col] = Field::None;
      source[col] = ColumnSource::User;
      continue;
    }
    const int old = map[field];
    if (old >= 0 && static_cast<size_t>(old) < per_column.size()) {
      per_column[old] = Field::None;
      source[old] = ColumnSource::None;
    }
    if (in) {
      if (per_column[col] != Field::None) map[per_column[col]] = -1;
      per_column[col] = field;
      source[col] = ColumnSource::User;
      map[field] = col;
    } else {
      map[field] = -1;
    }
  }
  f.map = map;
  f.info.kind = a.kind;
  f.map_ready.store(true, std::memory_order_release);
  if (a.kind == FileKind::Orders) s.ensure_order_index();
  f.info.per_column = per_column;
  f.info.column_source = source;
  const auto header_of = [&f](int c) { return headers_for_message({f.info.header[static_cast<size_t>(c)]})[0]; };
  for (const ColumnChoice& ch : a.choices) {
    if (ch.chosen < 0 || ch.other < 0 || per_column[ch.chosen] != ch.field || source[ch.chosen] == ColumnSource::User) continue;
    if (norm::clean_text(f.info.header[ch.chosen]) == norm::clean_text(f.info.header[ch.other])) continue;   // file.duplicate_header
    f.info.warnings.push_back(Message(Msg::FileColumnsCompete)
                                  .set("file", f.info.name)
                                  .set("field", field_name(ch.field))
                                  .set("chosen", header_of(ch.chosen))
                                  .set("other", header_of(ch.other))
                                  .set("rows", ch.rows)
                                  .set("chosen_fit", ch.chosen_fit)
                                  .set("other_fit", ch.other_fit)
                                  .set("reason", ch.tie ? "tie" : "more"));
  }
  for (const ValueFind& v : a.found_by_values) {
    if (v.column < 0 || per_column[v.column] != v.field || source[v.column] != ColumnSource::Values) continue;
    f.info.warnings.push_back(Message(Msg::FileColumnFromValues)
                                  .set("file", f.info.name)
                                  .set("field", field_name(v.field))
                                  .set("header", header_of(v.column))
                                  .set("rows", v.rows)
                                  .set("fit", v.fit));
  }
  // what is missing, after overrides
  f.info.missing.clear();
  for (Field x : required_fields(a.kind)) {
    if (map.has(x)) continue;
    if (x == Field::MainOrderId && map.has(Field::OrderId)) continue;
    if (x == Field::ProviderId && map.has(Field::ProviderName)) continue;
    f.info.missing.push_back(x);
  }
  note_duplicate_headers(f);
  if (f.info.kind == FileKind::Unknown) {
    f.info.state = FileState::Failed;
    f.info.error = Message(Msg::FileUnknownKind).set("file", f.info.name).list("headers", headers_for_message(f.info.header));
  } else if (!f.info.missing.empty() && wrong_kind(f, user)) {
    f.info.state = FileState::Failed;
  } else if (!f.info.missing.empty()) {
    std::vector<std::string> fields;
    for (Field x : f.info.missing) fields.emplace_back(field_name(x));
    f.info.state = FileState::Failed;
    f.info.error = Message(Msg::FileMissingColumns)
                       .set("file", f.info.name)
                       .set("kind", kind_name(f.info.kind))
                       .list("fields", fields)
                       .list("headers", headers_for_message(f.info.header))
                       .set("first_field", fields[0])
                       .set("example", headers_for_message({example_column(f.info, a, f.info.missing[0])})[0]);
  }
}

static void take_header(Store& s, FileSlot& f, const csv::Record& r) {
  f.header_done = true;
  for (auto v : r.fields) f.info.header.emplace_back(checked_text(f, v));   // cells name the columns: checked
  const std::vector<std::string_view> cells(f.info.header.begin(), f.info.header.end());
  const UserColumns user = user_columns(f);
  const HeaderAnalysis a = analyse_header(cells, f.info.options.kind, user);
  if (a.needs_values) {   // the first rows decide (decide_columns); the common case never gets here
    f.sampling = true;
    return;
  }
  settle_header(s, f, a, user);
}

// Names did not decide: the held records' values do; then the held records are taken, in order.
static void decide_columns(Store& s, FileSlot& f) {
  f.sampling = false;
  SampleRows rows;
  rows.reserve(f.held.size());
  for (const FileSlot::HeldRecord& h : f.held) rows.emplace_back(h.cells.begin(), h.cells.end());
  const std::vector<std::string_view> cells(f.info.header.begin(), f.info.header.end());
  const UserColumns user = user_columns(f);
  settle_header(s, f, analyse_columns(cells, rows, f.info.options.kind, user), user);
  std::vector<FileSlot::HeldRecord> held;
  held.swap(f.held);
  f.held_bytes = 0;
  csv::Record r;
  for (size_t i = 0; i < held.size(); ++i) {
    r.line = held[i].line;
    r.fields = csv::Fields{rows[i].data(), rows[i].size()};
    s.ingest_record(f, r);
  }
}

static void hold_record(Store& s, FileSlot& f, const csv::Record& r) {
  FileSlot::HeldRecord h;
  h.line = r.line;
  h.cells.reserve(r.fields.size());
  for (std::string_view v : r.fields) {
    h.cells.emplace_back(v);
    f.held_bytes += v.size() + 16;
  }
  f.held.push_back(std::move(h));
  if (f.held.size() >= kSampleRows || f.held_bytes >= (1u << 20)) decide_columns(s, f);
}

// [SECTION] the store ----------------------------------------------------------------------------

void Store::ingest_record(FileSlot& f, const csv::Record& r, const OrderCells* cells, size_t fields) {
  if (f.info.state != FileState::Reading) return;
  f.at_line = r.line;
  if (!f.header_done) return take_header(*this, f, r);
  if (f.sampling) return hold_record(*this, f, r);
  ++f.info.rows;
  if (const size_t n = fields == SIZE_MAX ? r.fields.size() : fields; n != f.info.header.size()) [[unlikely]] {
    if (f.ragged.count++ == 0) f.ragged_fields = n;   // said at close (file.ragged_rows)
    if (f.ragged.lines.size() < 5) f.ragged.lines.push_back(r.line);
  }
  switch (f.info.kind) {
    case FileKind::Orders: ingest_order(*this, f, r, cells); break;
    case FileKind::Bindings: ingest_binding(*this, f, r); break;
    case FileKind::MonthlyStats: ingest_monthly(*this, f, r); break;
    case FileKind::Standards: ingest_standard(f, r); break;
    case FileKind::Providers: ingest_provider(f, r); break;
    default: break;
  }
}

void Store::ensure_order_index() {
  if (!order_index_released) return;
  order_index_released = false;
  auto key_of = [this](uint32_t i) { return orders[i].key(); };
  order_index.reserve(orders.size(), key_of);
  for (uint32_t i = 0; i < orders.size(); ++i)   // the first record of each key (variant flags are kept up to date)
    if (order_index.find(orders[i].key(), key_of) == KeyIndex::kNone) order_index.insert(orders[i].key(), i, key_of);
}

void Store::release_order_index() const {
  for (auto& f : files)
    if (f && f->info.state == FileState::Reading) return;   // still needed
  order_index.clear();
  order_index_released = true;
}

// Sizes the main order index once per orders file, from the rows per byte of its first 4 MB and the
// file size: the index then never grows (growing holds the old and the new table at once). The same
// estimate tells, long before memory runs out, whether the whole file fits under options.memory_limit.
void Store::size_index(FileSlot& f) {
  if (f.index_sized || f.info.kind != FileKind::Orders || f.info.bytes < (4u << 20)) return;
  f.index_sized = true;
  const uint64_t size = f.info.options.size_hint;
  if (size <= f.info.bytes || f.info.rows == 0) return;
  const double rows_per_byte = static_cast<double>(f.info.rows) / static_cast<double>(f.info.bytes);
  const double expect = rows_per_byte * static_cast<double>(size) * 1.02;   // doubles: 32-bit size_t in wasm
  const double slot_bytes = 8.0 * 4 / 3;                                     // index slots at 3/4 full
  f.info.projected_memory =
      static_cast<uint64_t>((static_cast<double>(orders.size()) + expect) * (sizeof(OrderRec) + slot_bytes)) + (16u << 20);
  const uint64_t limit = f.info.options.memory_limit;
  if (limit && f.info.projected_memory > limit) {
    char rows_m[32];
    std::snprintf(rows_m, sizeof rows_m, "%.1f", expect / 1e6);
    auto mb = [](double b) { return static_cast<int64_t>(b / 1e6 + 0.5); };
    f.info.state = FileState::Failed;
    f.info.error = Message(Msg::FileTooBigForPage)
                       .set("file", f.info.name)
                       .set("rows_m", rows_m)
                       .set("size_mb", mb(static_cast<double>(size)))
                       .set("need_mb", mb(static_cast<double>(f.info.projected_memory)))
                       .set("limit_mb", mb(static_cast<double>(limit)));
    remove_contributions(f.tag);   // what was read of it goes; every other file stays
    return;
  }
  f.records_per_byte.store(static_cast<double>(orders.size() - f.records_before) / static_cast<double>(f.info.bytes),
                           std::memory_order_relaxed);
  auto key_of = [this](uint32_t i) { return orders[i].key(); };
  // (an estimate beyond what the address space could hold is left to grow as rows really arrive)
  if (expect < static_cast<double>(SIZE_MAX / 32)) order_index.reserve(order_index.size() + static_cast<size_t>(expect), key_of);
}

// [SECTION] the store's file operations ----------------------------------------------------------

// A date as a message shows it: "2023-06-15", with the time only when it is not midnight; "" for an
// open start or end.
static std::string bind_time(int64_t t) {
  if (t == INT64_MIN || t == INT64_MAX) return {};
  return norm::format_day(t);
}

// Bindings of one shop to two providers over the same time, within a bindings file (at its close;
// bindings are a few per shop, so sorting them costs nothing beside reading the file). An order paid in
// the overlap counts for the binding that started later (attribution.hpp; equal starts: the one read
// later), so the message names that one.
static void note_overlapping_bindings(Store& s, FileSlot& f) {
  std::vector<const Binding*> mine;
  for (const Binding& b : s.bindings)
    if (b.file == f.tag) mine.push_back(&b);
  std::stable_sort(mine.begin(), mine.end(), [](const Binding* a, const Binding* b) {
    return a->merchant != b->merchant ? a->merchant < b->merchant : a->start < b->start;
  });
  uint64_t shops = 0;
  const Binding *first = nullptr, *second = nullptr;
  for (size_t i = 0; i < mine.size();) {
    size_t j = i;
    const Binding* longest = mine[i];   // of the shop's bindings so far, the one that ends last
    bool overlap = false;
    for (++j; j < mine.size() && mine[j]->merchant == mine[i]->merchant; ++j) {
      const Binding* b = mine[j];
      if (b->start < longest->end && b->provider != longest->provider && !overlap) {
        overlap = true;
        if (!first) { first = longest; second = b; }
      }
      if (b->end > longest->end) longest = b;
    }
    shops += overlap;
    i = j;
  }
  if (!shops) return;
  f.info.warnings.push_back(Message(Msg::FileBindingsOverlap)
                                .set("file", f.info.name)
                                .set("count", shops)
                                .set("merchant", s.merchants.str(first->merchant))
                                .set("first", s.providers.str(first->provider))
                                .set("first_start", bind_time(first->start))
                                .set("second", s.providers.str(second->provider))
                                .set("second_start", bind_time(second->start))
                                .set("from", bind_time(second->start))
                                .set("to", bind_time(std::min(first->end, second->end))));
}

static bool is_utf8(csv::Encoding e) { return e == csv::Encoding::Utf8 || e == csv::Encoding::Utf8Bom; }

FileSlot& Store::slot(int id) {
  if (id < 0 || static_cast<size_t>(id) >= files.size() || !files[id]) throw std::out_of_range("no such file id " + std::to_string(id));
  return *files[id];
}
const FileSlot& Store::slot(int id) const {
  if (id < 0 || static_cast<size_t>(id) >= files.size() || !files[id]) throw std::out_of_range("no such file id " + std::to_string(id));
  return *files[id];
}

int Store::open_file(const std::string& name, const FileOptions& options) {
  auto f = std::make_unique<FileSlot>();
  const int id = static_cast<int>(files.size());
  f->info.id = id;
  f->info.name = name;
  f->info.options = options;
  if (options.kind == FileKind::Rules) f->info.kind = FileKind::Rules;
  // record tags are 8 bits: reuse the tag of a removed file
  bool used[256] = {};
  for (auto& o : files)
    if (o) used[o->tag] = true;
  int tag = 0;
  while (tag < 256 && used[tag]) ++tag;
  if (tag == 256) {   // the slot stays, failed, so the client can show why and go on
    f->info.state = FileState::Failed;
    f->info.error = Message(Msg::FileTooManyOpen).set("file", name).set("limit", 255);
    f->tag = 0;
    f->end_taken = true;
    files.push_back(std::move(f));
    return id;
  }
  f->tag = static_cast<uint8_t>(tag);
  f->records_before = orders.size();
  last_line[tag] = 0;
  files.push_back(std::move(f));
  return id;
}

Cutter& Store::own_cutter(FileSlot& f) {
  if (!f.own_cutter) f.own_cutter = std::make_unique<Cutter>(f.info.name, f.info.options);
  return *f.own_cutter;
}

static void append_rules(FileSlot& f, std::string_view text) {
  f.info.kind = FileKind::Rules;
  constexpr size_t kMaxRules = kMaxRulesBytes;
  if (f.rules_text.size() + text.size() > kMaxRules) {
    f.info.state = FileState::Failed;
    f.info.error = Message(Msg::FileRulesTooBig).set("file", f.info.name).set("limit_mb", 16);
    return;
  }
  f.rules_text += text;
}

// A file whose first bytes are a binary format (an image, a workbook, an archive): said for what it is.
void Store::fail_not_text(FileSlot& f, const char* format) {
  stop_file(f, FileState::Failed, Message(Msg::FileNotText).set("file", f.info.name).set("format", format));
}

// Steps 1-5 in one go (feed(): one thread, no Cut in between).
void Store::feed_file(FileSlot& f, const uint8_t* data, size_t n) {
  Cutter::State& c = own_cutter(f).state();
  ++generation;
  f.info.bytes += n;
  if (const char* format = sniff_binary(c, data, n); *format) return fail_not_text(f, format);
  std::string_view text = c.decoder->feed_view(data, n, f.text);
  f.check_fields = is_utf8(c.decoder->encoding());   // known before any text comes out
  if (decide_input(c, text)) {
    if (c.rules_input) {
      append_rules(f, text);
    } else {
      Store* sp = this;
      c.scanner->feed(text, [sp, &f](const csv::Record& r) { sp->ingest_record(f, r); });
    }
  }
  size_index(f);
  f.info.encoding = c.decoder->encoding();
  f.info.separator = c.scanner->separator();
}

// Steps 4-5 for what a Cutter made. After the header only the mapped columns are rebuilt: ingest
// reads no other cell.
void Store::take_cut(FileSlot& f, const Cut::Data& c) {
  ++generation;
  f.info.bytes += c.bytes;
  if (c.binary) return fail_not_text(f, kBinaryFormats[c.binary - 1]);
  f.check_fields = is_utf8(c.encoding);
  if (c.last) {
    f.end_taken = true;
    f.end = c.end;
  }
  if (c.rules) {
    append_rules(f, c.text);
  } else {
    f.local_status_text.insert(f.local_status_text.end(), c.new_statuses.begin(), c.new_statuses.end());
    f.local_merchant_text.insert(f.local_merchant_text.end(), c.new_merchants.begin(), c.new_merchants.end());
    csv::Record r;
    std::vector<std::string_view>& fields = f.take_fields;
    int used[kFieldCount];
    // (a Cut made elsewhere was cut with the columns this side handed over: the same ones, in the same
    // order; the minimum only keeps bytes that say otherwise from reading past a record)
    const size_t n_used = c.compact ? std::min(used_columns(f.map, used), c.kept) : 0;
    // A compact record is read at the used columns only: it gets no cells past the last of them (its
    // count says how many the row had, and from bytes sent it could be any number)
    uint32_t width = 0;
    for (size_t k = 0; k < n_used; ++k) width = std::max(width, static_cast<uint32_t>(used[k]) + 1);
    size_t cleared = SIZE_MAX;   // compact: `fields` has this many cells, empty but for the used columns
    for (size_t i = 0; i < c.records.size(); ++i) {
      const Cut::Data::Rec& rec = c.records[i];
      const uint32_t* p = c.fields.data() + 2 * static_cast<size_t>(rec.first);
      auto field = [&c, p](size_t k) {
        const uint32_t off = p[2 * k], len = p[2 * k + 1];
        return off & 0x80000000u ? std::string_view(c.spill.data() + (off & 0x7FFFFFFFu), len) : std::string_view(c.text.data() + off, len);
      };
      r.line = rec.line;
      uint32_t count = rec.count;
      if (!c.compact) {
        fields.resize(rec.count);
        for (uint32_t k = 0; k < rec.count; ++k) fields[k] = field(k);
      } else {
        count = std::min(rec.count, width);
        if (count != cleared) {   // (the used columns are overwritten below: the others stay empty)
          fields.assign(count, std::string_view());
          cleared = count;
        }
        for (size_t k = 0; k < n_used; ++k)
          if (static_cast<uint32_t>(used[k]) < count) fields[used[k]] = field(k);
      }
      r.fields = csv::Fields{fields.data(), count};
      const OrderCells* cells = c.cells.empty() ? nullptr : &c.cells[i];
      if (cells && ((cells->status_local != Interner::kNone && cells->status_local >= f.local_status_text.size()) ||
                    (cells->merchant_local != Interner::kNone && cells->merchant_local >= f.local_merchant_text.size())))
        cells = nullptr;   // not among the dictionary entries handed over: read the row itself
      ingest_record(f, r, cells, rec.count);
    }
  }
  size_index(f);
  f.info.encoding = c.encoding;
  f.info.separator = c.separator;
}

void Store::close_file(FileSlot& f) {
  ++generation;
  if (!f.end_taken) {   // the file's end as a last Cut, as a host that cuts elsewhere hands it over
    Cut last;
    own_cutter(f).finish(last);
    take_cut(f, last.data());
    if (f.info.state != FileState::Reading) {   // it failed on its last records (e.g. a header only known at
      f.own_cutter.reset();                     // the end): as when a host takes that Cut, close() has no more
      return;                                   // to do for a failed file (Workspace::close)
    }
  }
  if (f.sampling) {   // a file shorter than the sample: its rows decide now
    decide_columns(*this, f);
    if (f.info.state != FileState::Reading) {   // as when its header failed while read (Workspace::close)
      f.own_cutter.reset();
      return;
    }
  }
  const FileEnd& end = f.end;
  flush_pending();
  f.info.blank_lines = end.blank_lines;
  f.info.invalid_chars = end.invalid_sequences + f.field_invalid;
  if (f.info.state == FileState::Reading) {
    if (f.info.kind == FileKind::Rules) {
      f.info.state = FileState::Done;
      if (f.check_fields && csv::utf8_valid_prefix(f.rules_text) != f.rules_text.size()) {
        std::string fixed;
        const uint64_t n = csv::repair_utf8(f.rules_text, fixed);
        f.field_invalid += n;
        f.info.invalid_chars += n;
        f.rules_text.swap(fixed);
      }
    } else if (!f.header_done) {
      f.info.state = FileState::Failed;
      f.info.error = Message(Msg::FileEmpty).set("file", f.info.name);
    } else {
      f.info.state = FileState::Done;
    }
  }
  if (end.unterminated_quote)
    f.info.warnings.push_back(Message(Msg::FileUnterminatedQuote).set("file", f.info.name).set("line", end.unterminated_quote_line));
  if (f.info.invalid_chars)
    f.info.warnings.push_back(Message(Msg::FileInvalidBytes)
                                  .set("file", f.info.name)
                                  .set("count", f.info.invalid_chars)
                                  .set("encoding", csv::encoding_name(f.info.encoding)));
  if (f.gbk_lines || end.utf8_lines) {   // two encodings in one file: each part read in its own
    const bool gbk = f.gbk_lines != 0;
    f.info.warnings.push_back(Message(Msg::FileMixedEncoding)
                                  .set("file", f.info.name)
                                  .set("count", gbk ? f.gbk_lines : end.utf8_lines)
                                  .set("line", gbk ? f.first_gbk_line : end.first_utf8_line)
                                  .set("encoding", csv::encoding_name(f.info.encoding))
                                  .set("other", gbk ? "gb18030" : "utf-8"));
  }
  if (end.nul_bytes)
    f.info.warnings.push_back(Message(Msg::FileNulBytes)
                                  .set("file", f.info.name)
                                  .set("count", end.nul_bytes)
                                  .set("rows", end.nul_rows)
                                  .set("line", end.nul_first_line));
  if (f.info.state == FileState::Done && f.info.kind != FileKind::Rules) {
    if (f.info.rows == 0) f.info.warnings.push_back(Message(Msg::FileNoRows).set("file", f.info.name).set("kind", kind_name(f.info.kind)));
    if (f.ragged.count) {
      std::string lines;
      for (uint64_t l : f.ragged.lines) lines += (lines.empty() ? "" : ", ") + std::to_string(l);
      f.info.warnings.push_back(Message(Msg::FileRaggedRows)
                                    .set("file", f.info.name)
                                    .set("count", f.ragged.count)
                                    .set("rows", f.info.rows)
                                    .set("header_fields", static_cast<uint64_t>(f.info.header.size()))
                                    .set("line", f.ragged.lines[0])
                                    .set("width", f.ragged_fields)
                                    .set("lines", lines));
    }
    if (f.info.kind == FileKind::Bindings) note_overlapping_bindings(*this, f);
    if (f.info.kind == FileKind::Providers && f.cert_conflicts)
      f.info.warnings.push_back(Message(Msg::FileProviderDatesDiffer)
                                    .set("file", f.info.name)
                                    .set("count", f.cert_conflicts)
                                    .set("provider", f.cert_conflict.provider)
                                    .set("first", norm::format_day(f.cert_conflict.first))
                                    .set("second", norm::format_day(f.cert_conflict.second))
                                    .set("other_file", ""));
  }
  if (f.info.kind == FileKind::Orders && f.info.state == FileState::Done && f.map.has(Field::MerchantId)) {
    int col = f.map[Field::MerchantId];
    if (static_cast<size_t>(col) < f.info.header.size() && f.info.column_source[col] == ColumnSource::Name &&
        header_meaning(f.info.header[col]).alt == Field::MerchantId)
      f.info.warnings.push_back(Message(Msg::FileMerchantFromSkuCode).set("file", f.info.name).set("header", f.info.header[col]));
  }
  publish(f);
  if (f.info.state == FileState::Failed) remove_contributions(f.tag);
  f.own_cutter.reset();
  f.text.clear();
  f.text.shrink_to_fit();
}

// Ingest-time rejections and statuses into FileInfo (by reason code, as the report lists them).
void Store::publish(FileSlot& f) {
  f.info.rejected.clear();
  for (size_t r = 0; r < kReasonCount; ++r)
    if (f.rejected[r].count) f.info.rejected.push_back({static_cast<Reason>(r), f.rejected[r].count, f.rejected[r].lines});
  std::sort(f.info.rejected.begin(), f.info.rejected.end(),
            [](const ReasonCount& a, const ReasonCount& b) { return std::strcmp(reason_code(a.reason), reason_code(b.reason)) < 0; });
  f.info.statuses.clear();
  for (size_t i = 0; i < f.status_rows.size(); ++i)
    if (f.status_rows[i]) f.info.statuses.emplace_back(statuses.str(static_cast<uint32_t>(i)), f.status_rows[i]);
}

// A file that cannot go on (cancelled, or failed on something its bytes made a dependency throw):
// what was read of it goes; every other file stays.
void Store::stop_file(FileSlot& f, FileState state, std::optional<Message> why) {
  if (f.info.state == FileState::Reading) {
    f.info.state = state;
    if (why) f.info.error = std::move(why);
  }
  f.own_cutter.reset();
  pending_head = 0;
  pending_count = 0;   // rows of this file still queued are dropped with it
  queued_since_touch = 0;
  remove_contributions(f.tag);
  f.standards.clear();
  f.certified.clear();
}

void Store::remove_file(int id) {
  FileSlot& f = slot(id);
  remove_contributions(f.tag);
  files[id].reset();
}

void Store::remove_contributions(uint8_t tag) {
  ++generation;
  flush_pending();
  size_t before = orders.size();
  bool any_gone = false;
  for (size_t i = 0; i < before && !any_gone; ++i) any_gone = orders[i].file == tag;
  if (any_gone) {  // compact the records (and their wide values), rebuild the main order index and the variant flags
    std::unordered_map<uint32_t, OrderWide> kept_wide;
    uint32_t out = 0;
    for (uint32_t i = 0; i < before; ++i) {
      if (orders[i].file == tag) continue;
      if (orders[i].flags & kWide) kept_wide.emplace(out, wide.at(i));
      ++out;
    }
    orders.filter([tag](const OrderRec& r) { return r.file != tag; });
    wide.swap(kept_wide);
    order_index.clear();
    order_index_released = false;
    auto key_of = [this](uint32_t i) { return orders[i].key(); };
    order_index.reserve(orders.size(), key_of);
    for (uint32_t i = 0; i < orders.size(); ++i) {
      orders[i].flags &= static_cast<uint8_t>(~kVariant);
      uint32_t first = order_index.find(orders[i].key(), key_of);
      if (first == KeyIndex::kNone) order_index.insert(orders[i].key(), i, key_of);
      else { orders[first].flags |= kVariant; orders[i].flags |= kVariant; }
    }
    for (auto& fs : files)  // folded samples point at record indices: drop them rather than mislead
      if (fs) fs->folded_samples.clear();
  }
  monthly.erase(std::remove_if(monthly.begin(), monthly.end(), [tag](const MonthlyRec& r) { return r.file == tag; }), monthly.end());
  bindings.erase(std::remove_if(bindings.begin(), bindings.end(), [tag](const Binding& r) { return r.file == tag; }), bindings.end());
}

}  // namespace tl
