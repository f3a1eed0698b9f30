// tierlens — reading files into the store: the Workspace's file half.
//
// Pipeline per file (each step streams; chunk boundaries never matter):
//   1. decode   bytes -> UTF-8            (csv::Decoder: BOM / UTF-8 / GB18030 / UTF-16)
//   2. sniff    JSON rule set or CSV      (first non-blank character '{' means rules)
//   3. scan     UTF-8 -> records          (csv::Scanner: separator sniffing, RFC 4180)
//   4. header   record 1 -> kind + column map (schema/columns), forced options applied
//   5. ingest   each record -> store      (normalise fields; rows that cannot be used are counted
//                                          by reason with sample lines, never dropped silently)
#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "normalize/normalize.hpp"
#include "store/store.hpp"

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

static void reject(FileSlot& f, const char* reason, uint64_t line) {
  Reject& r = f.rejected[reason];
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
static std::string_view checked_text(FileSlot& f, std::string_view v) {
  if (!f.check_fields || csv::utf8_valid_prefix(v) == v.size()) return v;
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

// A row's status: a file has a handful, mostly in runs, so the few last found are compared byte for
// byte before an interner hashes (in WebAssembly the interner was ~20 % of feeding an orders file).
static uint32_t memo_find(const FileSlot::StatusMemo (&memo)[4], std::string_view v) {
  if (v.size() <= sizeof(FileSlot::StatusMemo::text))
    for (const FileSlot::StatusMemo& m : memo)
      if (m.len == v.size() && m.id != Interner::kNone && std::memcmp(m.text, v.data(), v.size()) == 0) return m.id;
  return Interner::kNone;
}
static void memo_put(FileSlot::StatusMemo (&memo)[4], std::string_view v, uint32_t id) {
  if (v.size() > sizeof(FileSlot::StatusMemo::text) || id == Interner::kNone) return;
  std::memmove(&memo[1], &memo[0], sizeof memo - sizeof memo[0]);
  memo[0].id = id;
  memo[0].len = static_cast<uint8_t>(v.size());
  std::memcpy(memo[0].text, v.data(), v.size());
}

// Only text found as it is read is remembered: text that needed repair is repaired and counted per row.
static uint32_t status_id(Workspace::Store& s, FileSlot& f, std::string_view v) {
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

static uint64_t order_key(Workspace::Store& s, FileSlot& f, std::string_view id) {
  uint64_t v;
  if (numeric_key(id, v)) return v;
  return (1ull << 63) | intern_checked(s.strings, f, id);
}

static uint32_t provider_of(Workspace::Store& s, FileSlot& f, std::string_view id, std::string_view name) {
  std::string_view key = !id.empty() ? id : name;
  uint32_t p = intern_checked(s.providers, f, key);
  if (p >= s.provider_name.size()) s.provider_name.resize(p + 1, Interner::kNone);
  if (!name.empty() && s.provider_name[p] == Interner::kNone) s.provider_name[p] = s.names.intern(checked_text(f, name));
  return p;
}

// The provider a row of an orders or monthly-stats file names: kNoProvider without such a column,
// kEmptyProvider when the row leaves it empty.
static uint32_t row_provider(Workspace::Store& s, FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  if (!m.has(Field::ProviderId) && !m.has(Field::ProviderName)) return kNoProvider;
  std::string_view pid = m.has(Field::ProviderId) ? norm::clean_id(cell(r, m[Field::ProviderId])).value : std::string_view();
  std::string_view pname = m.has(Field::ProviderName) ? norm::clean_text(cell(r, m[Field::ProviderName])) : std::string_view();
  return (pid.empty() && pname.empty()) ? kEmptyProvider : provider_of(s, f, pid, pname);
}

// A merchant's store id, with room for its name and industry.
static uint32_t with_info(Workspace::Store& s, uint32_t m) {
  if (m >= s.merchant_info.size()) s.merchant_info.resize(m + 1);
  return m;
}

static uint32_t merchant_of(Workspace::Store& s, FileSlot& f, std::string_view id) {
  return with_info(s, intern_checked(s.merchants, f, id));
}

// Name and industry of a merchant as a row states them; `authority` rows (bindings) overwrite,
// others only fill what is still unknown (so most rows never read these cells).
static void note_merchant(Workspace::Store& s, FileSlot& f, uint32_t merchant, const csv::Record& r, bool authority) {
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

// The reading side's number for a status or merchant id: valid UTF-8 only (invalid text is left to
// the ingesting side, which repairs and counts it every time it is kept, as feed() does).
static uint32_t encode_local(Interner& dict, std::vector<std::string>& added, std::string_view v) {
  if (csv::utf8_valid_prefix(v) != v.size()) return Interner::kNone;
  const size_t before = dict.count();
  const uint32_t id = dict.intern(v);
  if (dict.count() != before) added.emplace_back(v);
  return id;
}

static OrderCells read_order_cells(const ColumnMap& m, const csv::Record& r) {
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

static void ingest_order(Workspace::Store& s, FileSlot& f, const csv::Record& r, const OrderCells* cells) {
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
  if (c.id == norm::IdStatus::Empty) return reject(f, "missing_order_id", r.line);
  if (c.id == norm::IdStatus::Scientific) return reject(f, "id_scientific_notation", r.line);
  // 2. merchant
  norm::IdResult mid{{}, c.merchant};
  if (c.merchant_local == Interner::kNone) mid = norm::clean_id(cell(r, m[Field::MerchantId]));
  if (mid.status == norm::IdStatus::Empty) return reject(f, "missing_merchant_id", r.line);
  if (mid.status == norm::IdStatus::Scientific) return reject(f, "id_scientific_notation", r.line);
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
void Workspace::Store::queue_order(FileSlot& f, const OrderIn& rec) {
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

void Workspace::Store::flush_pending() {
  for (; pending_count; --pending_count, pending_head = (pending_head + 1) % kLookahead) place_order(pending[pending_head]);
  pending_head = 0;
  queued_since_touch = 0;
}

void Workspace::Store::place_order(const Pending& p) {
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
    append_order(in, kVariant);
    return;
  }
  append_order(in, 0);
  order_index.insert_hashed(p.hash, static_cast<uint32_t>(orders.size() - 1), key_of);
}

// Packs a parsed row into a new record; values beyond the packed widths go to `wide`.
void Workspace::Store::append_order(const OrderIn& in, uint8_t extra_flags) {
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
void Workspace::Store::fold_into(uint32_t i, int64_t amount_cents) {
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
  w.amount_cents += amount_cents;
}

static void ingest_binding(Workspace::Store& s, FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  norm::IdResult mid = norm::clean_id(cell(r, m[Field::MerchantId]));
  if (mid.status == norm::IdStatus::Empty) return reject(f, "missing_merchant_id", r.line);
  if (mid.status == norm::IdStatus::Scientific) return reject(f, "id_scientific_notation", r.line);
  std::string_view pid = m.has(Field::ProviderId) ? norm::clean_id(cell(r, m[Field::ProviderId])).value : std::string_view();
  std::string_view pname = m.has(Field::ProviderName) ? norm::clean_text(cell(r, m[Field::ProviderName])) : std::string_view();
  if (pid.empty() && pname.empty()) return reject(f, "missing_provider_id", r.line);
  Binding b{};
  b.start = INT64_MIN;
  b.end = INT64_MAX;
  if (m.has(Field::BindStart)) {
    int64_t t;
    auto st = norm::parse_datetime(cell(r, m[Field::BindStart]), t);
    if (st == norm::TimeStatus::Bad) return reject(f, "bad_bind_start", r.line);
    if (st == norm::TimeStatus::Ok) b.start = t;
  }
  if (m.has(Field::BindEnd)) {
    int64_t t;
    auto st = norm::parse_datetime(cell(r, m[Field::BindEnd]), t);
    if (st == norm::TimeStatus::Bad) return reject(f, "bad_bind_end", r.line);
    if (st == norm::TimeStatus::Ok) b.end = t;
  }
  if (b.end <= b.start) return reject(f, "bind_end_before_start", r.line);
  b.merchant = merchant_of(s, f, mid.value);
  b.provider = provider_of(s, f, pid, pname);
  b.file = f.tag;
  note_merchant(s, f, b.merchant, r, true);  // the bindings file is the authority on names and industry
  s.bindings.push_back(b);
}

static void ingest_monthly(Workspace::Store& s, FileSlot& f, const csv::Record& r) {
  const ColumnMap& m = f.map;
  norm::IdResult mid = norm::clean_id(cell(r, m[Field::MerchantId]));
  if (mid.status == norm::IdStatus::Empty) return reject(f, "missing_merchant_id", r.line);
  if (mid.status == norm::IdStatus::Scientific) return reject(f, "id_scientific_notation", r.line);
  auto month = norm::parse_month(cell(r, m[Field::Month]));
  if (!month) return reject(f, "bad_month", r.line);
  auto count = norm::parse_count(cell(r, m[Field::OrderCount]));
  if (!count || *count < 0) return reject(f, "bad_order_count", r.line);
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
  if (ind.empty()) return reject(f, "missing_industry", r.line);
  auto v = norm::parse_count(cell(r, m[Field::Standard]));
  if (!v || *v < 0) return reject(f, "bad_standard", r.line);
  f.standards[std::string(ind)] = *v;
}

// [SECTION] header ---------------------------------------------------------------------

static std::string describe_missing(const FileSlot& f) {
  std::string s;
  for (Field x : f.info.missing) s += std::string(s.empty() ? "" : ", ") + field_name(x);
  return s;
}

static void take_header(Workspace::Store& s, FileSlot& f, const csv::Record& r) {
  f.header_done = true;
  for (auto v : r.fields) f.info.header.emplace_back(checked_text(f, v));   // cells name the columns: checked
  const std::vector<std::string_view> cells(f.info.header.begin(), f.info.header.end());
  HeaderAnalysis a = analyse_header(cells, f.info.options.kind);
  ColumnMap map = a.map;
  std::vector<Field> per_column = a.per_column;
  for (auto [field, col] : f.info.options.columns) {  // manual overrides
    if (field == Field::None || field == Field::Count_) continue;
    int old = map[field];
    if (old >= 0 && static_cast<size_t>(old) < per_column.size()) per_column[old] = Field::None;
    if (col >= 0 && static_cast<size_t>(col) < per_column.size()) {
      Field prev = per_column[col];
      if (prev != Field::None) map[prev] = -1;
      per_column[col] = field;
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
  // recompute what is missing after overrides
  f.info.missing.clear();
  for (Field x : required_fields(a.kind)) {
    if (map.has(x)) continue;
    if (x == Field::MainOrderId && map.has(Field::OrderId)) continue;
    if (x == Field::ProviderId && map.has(Field::ProviderName)) continue;
    f.info.missing.push_back(x);
  }
  if (f.info.kind == FileKind::Unknown) {
    f.info.state = FileState::Failed;
    f.info.error = "“" + f.info.name + "”: could not tell what kind of file this is from its header (line 1). "
                   "Expected e.g. an orders export (主订单编号, 店铺ID, 支付完成时间), bindings (店铺ID, 服务商ID, 行业, "
                   "绑定开始时间), monthly stats (店铺ID, 月份, 支付订单量) or industry standards (行业, 月度达标订单量标准). "
                   "Choose the file kind and columns manually.";
  } else if (!f.info.missing.empty()) {
    f.info.state = FileState::Failed;
    f.info.error = "“" + f.info.name + "” (" + kind_name(f.info.kind) + "): required column(s) not found in the header (line 1): " +
                   describe_missing(f) + ". Map them manually to the right columns.";
  }
}

// [SECTION] Workspace file API ------------------------------------------------------------

Workspace::Workspace() : store_(std::make_unique<Store>()) {}
Workspace::~Workspace() = default;

FileSlot& Workspace::Store::slot(int id) {
  if (id < 0 || static_cast<size_t>(id) >= files.size() || !files[id]) throw std::out_of_range("no such file id " + std::to_string(id));
  return *files[id];
}
const FileSlot& Workspace::Store::slot(int id) const {
  if (id < 0 || static_cast<size_t>(id) >= files.size() || !files[id]) throw std::out_of_range("no such file id " + std::to_string(id));
  return *files[id];
}

int Workspace::open(const std::string& name, const FileOptions& options) {
  auto f = std::make_unique<FileSlot>();
  int id = static_cast<int>(store_->files.size());
  // record tags are 8 bits: reuse the tag of a removed file
  std::vector<bool> used(256, false);
  for (auto& o : store_->files)
    if (o) used[o->tag] = true;
  int tag = 0;
  while (tag < 256 && used[tag]) ++tag;
  if (tag == 256) throw std::runtime_error("too many open files (255); remove some first");
  f->tag = static_cast<uint8_t>(tag);
  f->records_before = store_->orders.size();
  store_->last_line[tag] = 0;
  f->info.id = id;
  f->info.name = name;
  f->info.options = options;
  // UTF-8 is not checked by the decoder: text read from the rows is checked
  // where it is kept (checked_text, intern_checked): most non-ASCII bytes of an export are never looked at
  f->decoder = std::make_unique<csv::Decoder>(options.encoding, false);
  f->scanner = std::make_unique<csv::Scanner>(options.separator);
  if (options.kind == FileKind::Rules) {
    f->info.kind = FileKind::Rules;
    f->rules_input = true;
  }
  store_->files.push_back(std::move(f));
  return id;
}

static bool is_utf8(csv::Encoding e) { return e == csv::Encoding::Utf8 || e == csv::Encoding::Utf8Bom; }

void Workspace::Store::ingest_record(FileSlot& f, const csv::Record& r, const OrderCells* cells) {
  if (f.info.state != FileState::Reading) return;
  if (!f.header_done) return take_header(*this, f, r);
  ++f.info.rows;
  switch (f.info.kind) {
    case FileKind::Orders: ingest_order(*this, f, r, cells); break;
    case FileKind::Bindings: ingest_binding(*this, f, r); break;
    case FileKind::MonthlyStats: ingest_monthly(*this, f, r); break;
    case FileKind::Standards: ingest_standard(f, r); break;
    default: break;
  }
}

void Workspace::Store::ensure_order_index() {
  if (!order_index_released) return;
  order_index_released = false;
  auto key_of = [this](uint32_t i) { return orders[i].key(); };
  order_index.reserve(orders.size(), key_of);
  for (uint32_t i = 0; i < orders.size(); ++i)   // the first record of each key (variant flags are kept up to date)
    if (order_index.find(orders[i].key(), key_of) == KeyIndex::kNone) order_index.insert(orders[i].key(), i, key_of);
}

void Workspace::Store::release_order_index() const {
  for (auto& f : files)
    if (f && f->info.state == FileState::Reading) return;   // still needed
  order_index.clear();
  order_index_released = true;
}

// Sizes the main order index once per orders file, from the rows per byte of its first 4 MB and the
// file size: the index then never grows (growing holds the old and the new table at once). The same
// estimate tells, long before memory runs out, whether the whole file fits under options.memory_limit.
void Workspace::Store::size_index(FileSlot& f) {
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
    char msg[400];
    std::snprintf(msg, sizeof msg,
                  "“%s”: with about %.1f million rows (%.0f MB), this file needs about %.0f MB of memory once read, "
                  "more than this page can use (%.0f MB). Split the export (e.g. one file per month) and add the parts, "
                  "or use the tierlens command-line tool, which has no such limit.",
                  f.info.name.c_str(), expect / 1e6, static_cast<double>(size) / 1e6,
                  static_cast<double>(f.info.projected_memory) / 1e6, static_cast<double>(limit) / 1e6);
    f.info.state = FileState::Failed;
    f.info.error = msg;
    remove_contributions(f.tag);   // what was read of it goes; every other file stays
    return;
  }
  f.records_per_byte.store(static_cast<double>(orders.size() - f.records_before) / static_cast<double>(f.info.bytes),
                           std::memory_order_relaxed);
  auto key_of = [this](uint32_t i) { return orders[i].key(); };
  // (an estimate beyond what the address space could hold is left to grow as rows really arrive)
  if (expect < static_cast<double>(SIZE_MAX / 32)) order_index.reserve(order_index.size() + static_cast<size_t>(expect), key_of);
}

// On cut()'s thread: the next block of order records, mapped and zeroed ahead of take(), when the rest
// of the file (by the records per byte size_index measured on its first 4 MB) fills it twice over - so
// the block is all but surely used. Reads only the file's estimate and options, set before.
void Workspace::prepare_memory(int file, uint64_t bytes_cut) {
  if (!kHugePages) return;
  const FileSlot& f = store_->slot(file);
  const double records_per_byte = f.records_per_byte.load(std::memory_order_relaxed);
  const uint64_t size = f.info.options.size_hint;
  if (records_per_byte <= 0 || size <= bytes_cut) return;
  constexpr size_t kBlock = Paged<OrderRec>::kBlockBytes;
  if (records_per_byte * static_cast<double>(size - bytes_cut) * sizeof(OrderRec) < 2.0 * kBlock) return;
  try {
    big_prepare(kBlock);
  } catch (const std::bad_alloc&) {
    // only ahead of need: take() maps the block itself when it needs it, and reports if that fails
  }
}

// Step 2: a rule set is JSON, everything else CSV, decided on the first non-blank text. False
// while there is nothing but blank text (which is dropped). Touches only decoding-side state.
static bool decide_input(FileSlot& f, std::string_view text) {
  if (text.empty()) return false;
  if (!f.json_checked) {
    size_t i = text.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos) return false;
    f.json_checked = true;
    if (text[i] == '{' && (f.info.options.kind == FileKind::Unknown || f.info.options.kind == FileKind::Rules)) f.rules_input = true;
  }
  return true;
}

static void append_rules(FileSlot& f, std::string_view text) {
  f.info.kind = FileKind::Rules;
  if (f.rules_text.size() + text.size() > (16u << 20)) {
    f.info.state = FileState::Failed;
    f.info.error = "“" + f.info.name + "”: a rule set larger than 16 MB is not plausible; is this the right file?";
    return;
  }
  f.rules_text += text;
}

// The distinct columns a map uses, in map order: the only cells ingest reads after the header.
static size_t used_columns(const ColumnMap& m, int (&out)[kFieldCount]) {
  size_t n = 0;
  for (int col : m.col)
    if (col >= 0 && std::find(out, out + n, col) == out + n) out[n++] = col;
  return n;
}

// Steps 2-5 for a piece of decoded text, in one go.
static void consume_text(Workspace::Store& s, FileSlot& f, std::string_view text) {
  if (!decide_input(f, text)) return;
  if (f.rules_input) return append_rules(f, text);
  Workspace::Store* sp = &s;
  f.scanner->feed(text, [sp, &f](const csv::Record& r) { sp->ingest_record(f, r); });
}

void Workspace::feed(int id, const uint8_t* data, size_t n) {
  FileSlot& f = store_->slot(id);
  if (f.info.state != FileState::Reading) return;
  ++store_->generation;
  f.info.bytes += n;
  std::string_view text = f.decoder->feed_view(data, n, f.text);
  f.check_fields = is_utf8(f.decoder->encoding());   // known before any text comes out
  consume_text(*store_, f, text);
  store_->size_index(f);
  f.info.encoding = f.decoder->encoding();
  f.info.separator = f.scanner->separator();
}

Workspace::Cut::Cut() : d_(std::make_unique<Data>()) {}
Workspace::Cut::~Cut() = default;
Workspace::Cut::Cut(Cut&&) noexcept = default;
Workspace::Cut& Workspace::Cut::operator=(Cut&&) noexcept = default;

void Workspace::Cut::Data::clear(uint64_t n) {
  records.clear();
  fields_used = 0;
  cells.clear();
  new_statuses.clear();
  new_merchants.clear();
  spill.clear();
  bytes = n;
  rules = false;
  compact = false;
  text = {};
  kept = 0;
  last = false;
  end = FileEnd{};
}

// Step 3 into a Cut, for the decoded text in c.text (finishing the scanner too when `last`): records
// as positions in that text (or in the Cut's spill, for fields the scanner assembled in its own
// buffer, which the next record reuses); once the header is taken, an orders row's cells too
// (OrderCells: the parsing that needs no store).
static void split(FileSlot& f, Workspace::Cut::Data& c, bool read_cells, bool last) {
  c.encoding = f.decoder->encoding();
  c.separator = f.scanner->separator();
  if (!decide_input(f, c.text)) {
    c.text = {};
  } else if (f.rules_input) {
    c.rules = true;
    return;
  }
  if (f.rules_input) return;
  // Before the header is taken every field is kept; after it, only the mapped columns (in
  // used_columns order; ingest reads no other cell) and, for orders, the row's cells.
  const bool cells = f.map_ready.load(std::memory_order_acquire) && f.info.kind == FileKind::Orders;
  const bool compute_cells = cells && read_cells;
  int used[kFieldCount];
  const size_t n_used = cells ? used_columns(f.map, used) : 0;
  c.compact = cells;
  c.kept = n_used;
  const ColumnMap* map = &f.map;
  const char* b = c.text.data();
  const size_t size = c.text.size();
  auto record = [&c, &f, b, size, cells, compute_cells, map, &used, n_used](const csv::Record& r) {
    const size_t count = r.fields.size();
    const size_t first = c.fields_used;
    const size_t kept = cells ? n_used : count;
    c.records.push_back(Workspace::Cut::Data::Rec{r.line, static_cast<uint32_t>(first / 2), static_cast<uint32_t>(count)});
    if (first + 2 * kept > c.fields.size()) c.fields.resize(std::max(2 * c.fields.size(), first + 2 * kept + 4096));
    c.fields_used = first + 2 * kept;
    uint32_t* out = c.fields.data() + first;
    for (size_t k = 0; k < kept; ++k, out += 2) {
      const size_t col = cells ? static_cast<size_t>(used[k]) : k;
      const std::string_view v = col < count ? r.fields[col] : std::string_view();
      const size_t off = static_cast<size_t>(v.data() - b);
      if (v.empty()) {
        out[0] = 0;
      } else if (b && v.data() >= b && off + v.size() <= size) {
        out[0] = static_cast<uint32_t>(off);
      } else {
        out[0] = 0x80000000u | static_cast<uint32_t>(c.spill.size());
        c.spill.append(v.data(), v.size());
      }
      out[1] = static_cast<uint32_t>(v.size());
    }
    if (compute_cells) {
      OrderCells oc = read_order_cells(*map, r);
      const ColumnMap& m = *map;
      const std::string_view status = m.has(Field::Status) ? norm::clean_text(cell(r, m[Field::Status])) : std::string_view();
      oc.status_local = memo_find(f.cut_status_memo, status);
      if (oc.status_local == Interner::kNone) {
        oc.status_local = encode_local(f.cut_statuses, c.new_statuses, status);
        memo_put(f.cut_status_memo, status, oc.status_local);   // (kNone, invalid UTF-8, is not kept)
      }
      const norm::IdResult mid = norm::clean_id(cell(r, m[Field::MerchantId]));
      oc.merchant = mid.status;
      if (mid.status == norm::IdStatus::Ok) oc.merchant_local = encode_local(f.cut_merchants, c.new_merchants, mid.value);
      c.cells.push_back(oc);
    }
  };
  if (!c.text.empty()) f.scanner->feed(c.text, record);
  if (last) f.scanner->finish(record);
  c.separator = f.scanner->separator();
}

// Steps 1-3 into a Cut.
void Workspace::cut(int id, const uint8_t* data, size_t n, Cut& out, bool read_cells) {
  FileSlot& f = store_->slot(id);
  Cut::Data& c = *out.d_;
  c.clear(n);
  if (!f.decoder) return;  // cancelled or closed: take() ignores it
  c.text = f.decoder->feed_view(data, n, c.decoded);
  split(f, c, read_cells, false);
}

// The cutting side's end of a file: what the decoder still held, the scanner's last record, and what
// they counted (close() reads them from this Cut once taken; it makes it itself when nobody did).
void Workspace::finish(int id, Cut& out) {
  FileSlot& f = store_->slot(id);
  Cut::Data& c = *out.d_;
  c.clear(0);
  c.last = true;
  if (!f.decoder) return;
  c.decoded.clear();
  f.decoder->finish(c.decoded);
  c.text = c.decoded;
  split(f, c, true, true);
  c.end.blank_lines = f.scanner->blank_lines();
  c.end.invalid_sequences = f.decoder->invalid_sequences();
  c.end.unterminated_quote = f.scanner->unterminated_quote();
  c.end.unterminated_quote_line = f.scanner->unterminated_quote_line();
}

const ColumnMap* Workspace::columns(int id) const {
  const FileSlot& f = store_->slot(id);
  return f.map_ready.load(std::memory_order_acquire) ? &f.map : nullptr;
}

void Workspace::use_columns(int id, FileKind kind, const ColumnMap& map) {
  FileSlot& f = store_->slot(id);
  f.map = map;
  f.info.kind = kind;
  f.map_ready.store(true, std::memory_order_release);
}

// [SECTION] a Cut as bytes -----------------------------------------------------------------
// Layout: a header of 64-bit numbers, then records, fields, cells, the two lists of new dictionary
// strings (a 32-bit length each), the spill, and the text last (load() leaves it where it is).
namespace {
constexpr uint64_t kCutMagic = 0x31545543'4c54ull ^ (uint64_t(sizeof(OrderCells)) << 48);   // "TLCUT1", this build's cells
enum CutHead : size_t { kMagic, kFlags, kEncoding, kSeparator, kBytes, kBlank, kInvalid, kQuoteLine, kRecords, kFields, kCells,
                        kStatuses, kMerchants, kStringBytes, kSpill, kText, kKept, kHeadCount };

template <class T>
void put(std::string& w, const std::vector<T>& v, size_t n) { w.append(reinterpret_cast<const char*>(v.data()), n * sizeof(T)); }
void put_strings(std::string& w, const std::vector<std::string>& v) {
  for (const std::string& x : v) {
    const uint32_t n = static_cast<uint32_t>(x.size());
    w.append(reinterpret_cast<const char*>(&n), 4);
    w.append(x);
  }
}
size_t strings_bytes(const std::vector<std::string>& v) {
  size_t n = 0;
  for (const std::string& x : v) n += 4 + x.size();
  return n;
}
}  // namespace

std::string_view Workspace::Cut::serialize() {
  Data& c = *d_;
  static_assert(std::is_trivially_copyable<OrderCells>::value && std::is_trivially_copyable<Data::Rec>::value, "copied as bytes");
  uint64_t h[kHeadCount] = {};
  h[kMagic] = kCutMagic;
  h[kFlags] = (c.rules ? 1u : 0u) | (c.compact ? 2u : 0u) | (c.last ? 4u : 0u) | (c.end.unterminated_quote ? 8u : 0u);
  h[kEncoding] = static_cast<uint64_t>(c.encoding);
  h[kSeparator] = static_cast<unsigned char>(c.separator);
  h[kBytes] = c.bytes;
  h[kBlank] = c.end.blank_lines;
  h[kInvalid] = c.end.invalid_sequences;
  h[kQuoteLine] = c.end.unterminated_quote_line;
  h[kRecords] = c.records.size();
  h[kFields] = c.fields_used;
  h[kCells] = c.cells.size();
  h[kStatuses] = c.new_statuses.size();
  h[kMerchants] = c.new_merchants.size();
  h[kStringBytes] = strings_bytes(c.new_statuses) + strings_bytes(c.new_merchants);
  h[kSpill] = c.spill.size();
  h[kText] = c.text.size();
  h[kKept] = c.kept;
  std::string& w = c.wire;
  w.clear();
  w.reserve(sizeof h + c.records.size() * sizeof(Data::Rec) + c.fields_used * 4 + c.cells.size() * sizeof(OrderCells) +
            h[kStringBytes] + c.spill.size() + c.text.size());
  w.append(reinterpret_cast<const char*>(h), sizeof h);
  put(w, c.records, c.records.size());
  put(w, c.fields, c.fields_used);
  put(w, c.cells, c.cells.size());
  put_strings(w, c.new_statuses);
  put_strings(w, c.new_merchants);
  w.append(c.spill);
  w.append(c.text.data(), c.text.size());
  return w;
}

uint8_t* Workspace::Cut::buffer(size_t n) {
  d_->wire.resize(n);
  return reinterpret_cast<uint8_t*>(d_->wire.data());
}

bool Workspace::Cut::load() {
  Data& c = *d_;
  const std::string& w = c.wire;
  uint64_t h[kHeadCount];
  if (w.size() < sizeof h) return false;
  std::memcpy(h, w.data(), sizeof h);
  if (h[kMagic] != kCutMagic) return false;
  // every count fits what follows (each term is checked before it is added, so nothing overflows)
  size_t at = sizeof h;
  auto take_span = [&](uint64_t count, size_t unit, size_t& begin) {
    if (count > (w.size() - at) / unit) return false;
    begin = at;
    at += static_cast<size_t>(count) * unit;
    return true;
  };
  size_t rec_at, field_at, cell_at, str_at, spill_at, text_at;
  if (!take_span(h[kRecords], sizeof(Data::Rec), rec_at) || !take_span(h[kFields], 4, field_at) ||
      !take_span(h[kCells], sizeof(OrderCells), cell_at) || !take_span(h[kStringBytes], 1, str_at) ||
      !take_span(h[kSpill], 1, spill_at) || !take_span(h[kText], 1, text_at) || at != w.size())
    return false;
  if (h[kCells] != 0 && h[kCells] != h[kRecords]) return false;
  c.clear(h[kBytes]);
  c.rules = h[kFlags] & 1;
  c.compact = h[kFlags] & 2;
  c.last = h[kFlags] & 4;
  c.end.unterminated_quote = h[kFlags] & 8;
  c.encoding = static_cast<csv::Encoding>(h[kEncoding]);
  c.separator = static_cast<char>(h[kSeparator]);
  c.end.blank_lines = h[kBlank];
  c.end.invalid_sequences = h[kInvalid];
  c.end.unterminated_quote_line = h[kQuoteLine];
  c.kept = static_cast<size_t>(std::min<uint64_t>(h[kKept], kFieldCount));
  if (h[kKept] != c.kept) return false;
  c.records.resize(static_cast<size_t>(h[kRecords]));
  std::memcpy(c.records.data(), w.data() + rec_at, c.records.size() * sizeof(Data::Rec));
  c.fields_used = static_cast<size_t>(h[kFields]);
  if (c.fields.size() < c.fields_used) c.fields.resize(c.fields_used);
  std::memcpy(c.fields.data(), w.data() + field_at, c.fields_used * 4);
  c.cells.resize(static_cast<size_t>(h[kCells]));
  std::memcpy(c.cells.data(), w.data() + cell_at, c.cells.size() * sizeof(OrderCells));
  size_t p = str_at;
  const size_t str_end = str_at + static_cast<size_t>(h[kStringBytes]);
  auto read_strings = [&](uint64_t count, std::vector<std::string>& out) {
    for (uint64_t i = 0; i < count; ++i) {
      uint32_t n;
      if (str_end - p < 4) return false;
      std::memcpy(&n, w.data() + p, 4);
      p += 4;
      if (n > str_end - p) return false;
      out.emplace_back(w.data() + p, n);
      p += n;
    }
    return true;
  };
  if (!read_strings(h[kStatuses], c.new_statuses) || !read_strings(h[kMerchants], c.new_merchants) || p != str_end) return false;
  c.spill.assign(w.data() + spill_at, static_cast<size_t>(h[kSpill]));
  c.text = std::string_view(w.data() + text_at, static_cast<size_t>(h[kText]));
  // every record's fields are among those sent (64-bit sums: size_t is 32 bits in WebAssembly), and
  // every field lies in the text or the spill
  for (const Data::Rec& r : c.records) {
    const uint64_t kept = c.compact ? c.kept : r.count;
    if (uint64_t(r.first) * 2 + 2 * kept > c.fields_used) return false;
  }
  for (const OrderCells& oc : c.cells) {   // (a bool must be 0 or 1)
    unsigned char b;
    std::memcpy(&b, &oc.id_number, 1);
    if (b > 1) return false;
  }
  for (size_t k = 0; k + 1 < c.fields_used; k += 2) {
    const uint32_t off = c.fields[k], len = c.fields[k + 1];
    const size_t room = off & 0x80000000u ? c.spill.size() : c.text.size();
    const size_t o = off & 0x7FFFFFFFu;
    if (len != 0 && (o > room || len > room - o)) return false;
  }
  return true;
}

// Steps 4-5 for what cut() made. After the header only the mapped columns are rebuilt: ingest reads
// no other cell.
void Workspace::take(int id, Cut& in) {
  FileSlot& f = store_->slot(id);
  if (f.info.state != FileState::Reading) return;
  const Cut::Data& c = *in.d_;
  ++store_->generation;
  f.info.bytes += c.bytes;
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
    size_t cleared = SIZE_MAX;   // compact: `fields` has this many cells, empty but for the used columns
    for (size_t i = 0; i < c.records.size(); ++i) {
      const Cut::Data::Rec& rec = c.records[i];
      const uint32_t* p = c.fields.data() + 2 * static_cast<size_t>(rec.first);
      auto field = [&c, p](size_t k) {
        const uint32_t off = p[2 * k], len = p[2 * k + 1];
        return off & 0x80000000u ? std::string_view(c.spill.data() + (off & 0x7FFFFFFFu), len) : std::string_view(c.text.data() + off, len);
      };
      r.line = rec.line;
      if (!c.compact) {
        fields.resize(rec.count);
        for (uint32_t k = 0; k < rec.count; ++k) fields[k] = field(k);
      } else {
        if (rec.count != cleared) {   // (the used columns are overwritten below: the others stay empty)
          fields.assign(rec.count, std::string_view());
          cleared = rec.count;
        }
        for (size_t k = 0; k < n_used; ++k)
          if (static_cast<uint32_t>(used[k]) < rec.count) fields[used[k]] = field(k);
      }
      r.fields = csv::Fields{fields.data(), rec.count};
      const OrderCells* cells = c.cells.empty() ? nullptr : &c.cells[i];
      if (cells && ((cells->status_local != Interner::kNone && cells->status_local >= f.local_status_text.size()) ||
                    (cells->merchant_local != Interner::kNone && cells->merchant_local >= f.local_merchant_text.size())))
        cells = nullptr;   // not among the dictionary entries handed over: read the row itself
      store_->ingest_record(f, r, cells);
    }
  }
  store_->size_index(f);
  f.info.encoding = c.encoding;
  f.info.separator = c.separator;
}

void Workspace::close(int id) {
  FileSlot& f = store_->slot(id);
  if (f.info.state != FileState::Reading) return;
  ++store_->generation;
  if (!f.end_taken) {   // the file's end as a last Cut, as a Workspace that cuts elsewhere hands it over
    Cut last;
    finish(id, last);
    take(id, last);
  }
  const FileEnd& end = f.end;
  store_->flush_pending();
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
      f.info.error = "“" + f.info.name + "” is empty: no header line was found.";
    } else {
      f.info.state = FileState::Done;
    }
  }
  if (end.unterminated_quote)
    f.info.warnings.push_back("line " + std::to_string(end.unterminated_quote_line) +
                              ": a quoted field is never closed; the rest of the file was read as one field");
  if (f.info.invalid_chars)
    f.info.warnings.push_back(std::to_string(f.info.invalid_chars) + " byte sequence(s) are not valid " +
                              csv::encoding_name(f.info.encoding) + " and were replaced; if text looks garbled, choose the encoding manually");
  if (f.info.kind == FileKind::Orders && f.info.state == FileState::Done && f.map.has(Field::MerchantId)) {
    int col = f.map[Field::MerchantId];
    if (static_cast<size_t>(col) < f.info.header.size() && match_header(f.info.header[col]) == Field::MerchantId &&
        f.info.header[col].find("商家编码") != std::string::npos)
      f.info.warnings.push_back("merchant id taken from column “商家编码”, which in Doudian exports is often the SKU code; "
                                "map the shop id column (店铺ID) if the file has one");
  }
  // publish ingest-time rejections and statuses
  f.info.rejected.clear();
  for (auto& [reason, r] : f.rejected) f.info.rejected.push_back({reason, r.count, r.lines});
  f.info.statuses.clear();
  for (size_t i = 0; i < f.status_rows.size(); ++i)
    if (f.status_rows[i]) f.info.statuses.emplace_back(store_->statuses.str(static_cast<uint32_t>(i)), f.status_rows[i]);
  if (f.info.state == FileState::Failed) store_->remove_contributions(f.tag);
  f.decoder.reset();
  f.scanner.reset();
  f.text.clear();
  f.text.shrink_to_fit();
}

void Workspace::Store::remove_contributions(uint8_t tag) {
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

void Workspace::cancel(int id) {
  FileSlot& f = store_->slot(id);
  if (f.info.state == FileState::Reading) {
    f.info.state = FileState::Cancelled;
    f.decoder.reset();
    f.scanner.reset();
  }
  store_->remove_contributions(f.tag);
  f.standards.clear();
}

void Workspace::remove(int id) {
  FileSlot& f = store_->slot(id);
  store_->remove_contributions(f.tag);
  f.standards.clear();
  store_->files[id].reset();
}

const FileInfo& Workspace::info(int id) const {
  const FileSlot& f = store_->slot(id);
  return f.info;
}

std::vector<int> Workspace::files() const {
  std::vector<int> out;
  for (size_t i = 0; i < store_->files.size(); ++i)
    if (store_->files[i]) out.push_back(static_cast<int>(i));
  return out;
}

const std::string& Workspace::rules_text(int id) const { return store_->slot(id).rules_text; }

Workspace::Memory Workspace::memory() const {
  const Store& s = *store_;
  Memory m;
  m.orders = s.orders.memory() + s.wide.size() * (sizeof(OrderWide) + 32);
  m.order_index = s.order_index.memory();
  m.strings = s.strings.memory() + s.merchants.memory() + s.providers.memory() + s.names.memory() + s.statuses.memory();
  m.other = s.monthly.capacity() * sizeof(MonthlyRec) + s.bindings.capacity() * sizeof(Binding) +
            s.merchant_info.capacity() * sizeof(MerchantInfo);
  return m;
}

}  // namespace tl
