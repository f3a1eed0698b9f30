// tierlens — the cutting side of reading a file (cutter.hpp): decode, decide rules-or-CSV, split into
// records, read orders rows' cells; and a Cut as bytes for a Workspace elsewhere.
//
// [SECTION] the cutting side
// [SECTION] a Cut as bytes
#include <algorithm>
#include <cstring>
#include <type_traits>

#include "store/cut_data.hpp"

namespace tl {

// [SECTION] the cutting side ---------------------------------------------------------------------

const char* sniff_binary(Cutter::State& s, const uint8_t* data, size_t n) {
  if (!s.sniffed && n > 0) {
    s.sniffed = true;
    // whatever kind it was given as, no export of ours is an image, a workbook or an archive (only a
    // forced UTF-16, which has no signature of its own, is taken as the text it was said to be)
    const csv::Encoding e = s.options.encoding;
    if (e != csv::Encoding::Utf16Le && e != csv::Encoding::Utf16Be) s.binary = binary_format(data, n);
  }
  return s.binary;
}

bool decide_input(Cutter::State& s, std::string_view text) {
  if (text.empty()) return false;
  if (!s.json_checked) {
    size_t i = text.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos) return false;
    s.json_checked = true;
    if (text[i] == '{' && (s.options.kind == FileKind::Unknown || s.options.kind == FileKind::Rules)) s.rules_input = true;
  }
  return true;
}

size_t used_columns(const ColumnMap& m, int (&out)[kFieldCount]) {
  size_t n = 0;
  for (int col : m.col)
    if (col >= 0 && std::find(out, out + n, col) == out + n) out[n++] = col;
  return n;
}

// The cutting side's number for a status or merchant id: valid UTF-8 only (invalid text is left to
// the ingesting side, which repairs and counts it every time it is kept, as feed() does).
static uint32_t encode_local(Interner& dict, std::vector<std::string>& added, std::string_view v) {
  if (csv::utf8_valid_prefix(v) != v.size()) return Interner::kNone;
  const size_t before = dict.count();
  const uint32_t id = dict.intern(v);
  if (dict.count() != before) added.emplace_back(v);
  return id;
}

static std::string_view cell(const csv::Record& r, int col) {
  if (col < 0 || static_cast<size_t>(col) >= r.fields.size()) return {};
  return r.fields[col];
}

Cutter::Cutter(const std::string& /*name*/, const FileOptions& options) : s_(std::make_unique<State>()) {
  s_->options = options;
  // UTF-8 is not checked by the decoder: text read from the rows is checked where it is kept
  // (ingest.cpp checked_text): most non-ASCII bytes of an export are never looked at
  s_->decoder = std::make_unique<csv::Decoder>(options.encoding, false);
  s_->scanner = std::make_unique<csv::Scanner>(options.separator);
  if (options.kind == FileKind::Rules) {
    s_->json_checked = true;
    s_->rules_input = true;
  }
}
Cutter::~Cutter() = default;

void Cutter::use_columns(FileKind kind, const ColumnMap& map) {
  if (s_->map_ready.load(std::memory_order_acquire)) return;   // handed over once
  s_->map = map;
  s_->kind = kind;
  s_->map_ready.store(true, std::memory_order_release);
}

// Step 3 into a Cut, for the decoded text in c.text (finishing the scanner too when `last`): records
// as positions in that text (or in the Cut's spill, for fields the scanner assembled in its own
// buffer, which the next record reuses); once the columns are handed over, an orders row's cells too
// (OrderCells: the parsing that needs no store).
static void split(Cutter::State& s, Cut::Data& c, bool read_cells, bool last) {
  c.encoding = s.decoder->encoding();
  c.separator = s.scanner->separator();
  if (!decide_input(s, c.text)) {
    c.text = {};
  } else if (s.rules_input) {
    c.rules = true;
    return;
  }
  if (s.rules_input) return;
  // Before the columns are known every field is kept; after, only the mapped columns (in
  // used_columns order; ingest reads no other cell) and, for orders, the row's cells.
  const bool cells = s.map_ready.load(std::memory_order_acquire) && s.kind == FileKind::Orders;
  const bool compute_cells = cells && read_cells;
  int used[kFieldCount];
  const size_t n_used = cells ? used_columns(s.map, used) : 0;
  c.compact = cells;
  c.kept = n_used;
  const ColumnMap* map = &s.map;
  const char* b = c.text.data();
  const size_t size = c.text.size();
  auto record = [&c, &s, b, size, cells, compute_cells, map, &used, n_used](const csv::Record& r) {
    const size_t count = r.fields.size();
    const size_t first = c.fields_used;
    const size_t kept = cells ? n_used : count;
    c.records.push_back(Cut::Data::Rec{r.line, static_cast<uint32_t>(first / 2), static_cast<uint32_t>(count)});
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
      oc.status_local = memo_find(s.status_memo, status);
      if (oc.status_local == Interner::kNone) {
        oc.status_local = encode_local(s.statuses, c.new_statuses, status);
        memo_put(s.status_memo, status, oc.status_local);   // (kNone, invalid UTF-8, is not kept)
      }
      const norm::IdResult mid = norm::clean_id(cell(r, m[Field::MerchantId]));
      oc.merchant = mid.status;
      if (mid.status == norm::IdStatus::Ok) oc.merchant_local = encode_local(s.merchants, c.new_merchants, mid.value);
      c.cells.push_back(oc);
    }
  };
  if (!c.text.empty()) s.scanner->feed(c.text, record);
  if (last) s.scanner->finish(record);
  c.separator = s.scanner->separator();
}

void Cutter::cut(const uint8_t* data, size_t n, Cut& out, bool read_cells) {
  Cut::Data& c = out.data();
  c.clear(n);
  if (*sniff_binary(*s_, data, n)) {   // not text: nothing to decode; the Cut names the format
    for (size_t i = 0; i < kBinaryFormatCount; ++i)
      if (std::strcmp(kBinaryFormats[i], s_->binary) == 0) c.binary = static_cast<uint8_t>(i + 1);
    return;
  }
  c.text = s_->decoder->feed_view(data, n, c.decoded);
  split(*s_, c, read_cells, false);
}

void Cutter::finish(Cut& out) {
  Cut::Data& c = out.data();
  c.clear(0);
  c.last = true;
  if (*s_->binary) return;
  c.decoded.clear();
  s_->decoder->finish(c.decoded);
  c.text = c.decoded;
  split(*s_, c, true, true);
  c.end.blank_lines = s_->scanner->blank_lines();
  c.end.invalid_sequences = s_->decoder->invalid_sequences();
  c.end.unterminated_quote = s_->scanner->unterminated_quote();
  c.end.unterminated_quote_line = s_->scanner->unterminated_quote_line();
  c.end.nul_bytes = s_->scanner->nul_bytes();
  c.end.nul_rows = s_->scanner->nul_rows();
  c.end.nul_first_line = s_->scanner->nul_first_line();
  c.end.utf8_lines = s_->decoder->utf8_lines();
  c.end.first_utf8_line = s_->decoder->first_utf8_line();
}

Cut::Cut() : d_(std::make_unique<Data>()) {}
Cut::~Cut() = default;
Cut::Cut(Cut&&) noexcept = default;
Cut& Cut::operator=(Cut&&) noexcept = default;

void Cut::Data::clear(uint64_t n) {
  records.clear();
  fields_used = 0;
  cells.clear();
  new_statuses.clear();
  new_merchants.clear();
  spill.clear();
  bytes = n;
  rules = false;
  binary = 0;
  compact = false;
  text = {};
  kept = 0;
  last = false;
  end = FileEnd{};
}

// [SECTION] a Cut as bytes -----------------------------------------------------------------------
// Layout: a header of 64-bit numbers, then records, fields, cells, the two lists of new dictionary
// strings (a 32-bit length each), the spill, and the text last (load() leaves it where it is).
namespace {
constexpr uint64_t kCutMagic = 0x31545543'4c54ull ^ (uint64_t(sizeof(OrderCells)) << 48);   // "TLCUT1", this build's cells
enum CutHead : size_t { kMagic, kFlags, kEncoding, kSeparator, kBytes, kBlank, kInvalid, kQuoteLine, kRecords, kFields, kCells,
                        kStatuses, kMerchants, kStringBytes, kSpill, kText, kKept, kNulBytes, kNulRows, kNulLine,
                        kUtf8Lines, kUtf8Line, kHeadCount };

template <class T>
void put(std::string& w, const std::vector<T>& v, size_t n) {
  if (n) w.append(reinterpret_cast<const char*>(v.data()), n * sizeof(T));
}
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

std::string_view Cut::serialize() {
  Data& c = *d_;
  static_assert(std::is_trivially_copyable<OrderCells>::value && std::is_trivially_copyable<Data::Rec>::value, "copied as bytes");
  uint64_t h[kHeadCount] = {};
  h[kMagic] = kCutMagic;
  h[kFlags] = (c.rules ? 1u : 0u) | (c.compact ? 2u : 0u) | (c.last ? 4u : 0u) | (c.end.unterminated_quote ? 8u : 0u) |
              static_cast<uint64_t>(c.binary) << 4;
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
  h[kNulBytes] = c.end.nul_bytes;
  h[kNulRows] = c.end.nul_rows;
  h[kNulLine] = c.end.nul_first_line;
  h[kUtf8Lines] = c.end.utf8_lines;
  h[kUtf8Line] = c.end.first_utf8_line;
  // A Cut that was loaded has its text in the wire: then the bytes are written afresh, and the text is
  // a view of their copy of it (writing over the wire would read the text from the bytes being written)
  const bool text_in_wire = !c.text.empty() && c.text.data() >= c.wire.data() && c.text.data() < c.wire.data() + c.wire.size();
  std::string fresh;
  std::string& w = text_in_wire ? fresh : c.wire;
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
  if (text_in_wire) {
    c.wire.swap(fresh);
    c.text = std::string_view(c.wire.data() + c.wire.size() - c.text.size(), c.text.size());
  }
  return c.wire;
}

uint8_t* Cut::buffer(size_t n) {
  d_->wire.resize(n);
  return reinterpret_cast<uint8_t*>(d_->wire.data());
}

bool Cut::load() {
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
  // nothing this build does not write: unknown flags, encodings or a separator a Cutter never uses
  if ((h[kFlags] >> 4) > kBinaryFormatCount || h[kEncoding] > static_cast<uint64_t>(csv::Encoding::Utf16Be) || h[kSeparator] > 0x7F ||
      (h[kSeparator] != 0 && !csv::Scanner::usable_separator(static_cast<char>(h[kSeparator]))))
    return false;
  c.clear(h[kBytes]);
  c.rules = h[kFlags] & 1;
  c.compact = h[kFlags] & 2;
  c.last = h[kFlags] & 4;
  c.end.unterminated_quote = h[kFlags] & 8;
  c.binary = static_cast<uint8_t>(h[kFlags] >> 4);
  c.encoding = static_cast<csv::Encoding>(h[kEncoding]);
  c.separator = static_cast<char>(h[kSeparator]);
  c.end.blank_lines = h[kBlank];
  c.end.invalid_sequences = h[kInvalid];
  c.end.unterminated_quote_line = h[kQuoteLine];
  c.end.nul_bytes = h[kNulBytes];
  c.end.nul_rows = h[kNulRows];
  c.end.nul_first_line = h[kNulLine];
  c.end.utf8_lines = h[kUtf8Lines];
  c.end.first_utf8_line = h[kUtf8Line];
  c.kept = static_cast<size_t>(std::min<uint64_t>(h[kKept], kFieldCount));
  if (h[kKept] != c.kept) return false;
  c.records.resize(static_cast<size_t>(h[kRecords]));
  if (!c.records.empty()) std::memcpy(c.records.data(), w.data() + rec_at, c.records.size() * sizeof(Data::Rec));
  c.fields_used = static_cast<size_t>(h[kFields]);
  if (c.fields.size() < c.fields_used) c.fields.resize(c.fields_used);
  if (c.fields_used) std::memcpy(c.fields.data(), w.data() + field_at, c.fields_used * 4);
  c.cells.resize(static_cast<size_t>(h[kCells]));
  if (!c.cells.empty()) std::memcpy(c.cells.data(), w.data() + cell_at, c.cells.size() * sizeof(OrderCells));
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
  for (const OrderCells& oc : c.cells) {   // (a bool must be 0 or 1, an enum one of its values)
    unsigned char b;
    std::memcpy(&b, &oc.id_number, 1);
    if (b > 1 || oc.id > norm::IdStatus::Scientific || oc.merchant > norm::IdStatus::Scientific || oc.pay > norm::TimeStatus::Bad)
      return false;
  }
  // Text decoded from another encoding is valid UTF-8, and the taking side relies on it (it checks
  // only what was UTF-8 to begin with), as are the dictionary entries a Cutter adds (encode_local):
  // bytes that say otherwise are not what a Cutter made
  auto valid = [](std::string_view v) { return csv::utf8_valid_prefix(v) == v.size(); };
  for (const auto* list : {&c.new_statuses, &c.new_merchants})
    for (const std::string& x : *list)
      if (!valid(x)) return false;
  if (c.encoding != csv::Encoding::Utf8 && c.encoding != csv::Encoding::Utf8Bom && (!valid(c.text) || !valid(c.spill))) return false;
  for (size_t k = 0; k + 1 < c.fields_used; k += 2) {
    const uint32_t off = c.fields[k], len = c.fields[k + 1];
    const size_t room = off & 0x80000000u ? c.spill.size() : c.text.size();
    const size_t o = off & 0x7FFFFFFFu;
    if (len != 0 && (o > room || len > room - o)) return false;
  }
  return true;
}

}  // namespace tl
