// tierlens — the compact ingest store behind Workspace (internal header).
//
// What a file contributes is kept in a few flat arrays so that evaluation never re-reads a file:
//   OrderRec    one per distinct (main order, merchant, pay time, status, provider) — sub-order rows
//               identical in those fields fold into one record (`rows` counts them); 28 bytes
//   MonthlyRec  one per monthly-stats row
//   Binding     one per bindings row
// Strings (merchant ids, statuses, providers, industries) are interned to dense u32 ids.
#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <unordered_map>
#include <type_traits>
#include <vector>

#include "csv/decoder.hpp"
#include "csv/scanner.hpp"
#include "normalize/normalize.hpp"
#include "store/interner.hpp"
#include "store/memory.hpp"
#include "cutter.hpp"
#include "store/cut_data.hpp"
#include "workspace.hpp"

namespace tl {

// Times inside the store: seconds since 2000-01-01 00:00:00 CST, in 32 bits (to 2136).
constexpr int64_t kStoreEpochCst = 946684800;   // 2000-01-01 00:00:00 as CST seconds
constexpr uint32_t kNoProvider = 0xFFFFFFFFu;   // the file has no provider column
constexpr uint32_t kEmptyProvider = 0xFFFFFFFEu; // it has one, but this row's cell is empty

enum RecFlags : uint8_t {
  kVariant = 1,      // another record shares this main order id (dedupe needs a set at evaluation)
  kPayMissing = 2,
  kPayBad = 4,
  kWide = 8,         // a field did not fit its packed width: the true values are in Store::wide
};

// An order row as parsed, before it is packed into a record (or folded into one).
struct OrderIn {
  uint64_t key;        // main order id: the number itself, or (1<<63 | interned string id)
  uint32_t merchant;
  uint32_t pay;        // store seconds (valid unless kPayMissing/kPayBad)
  uint32_t provider;   // provider id from the orders file, kNoProvider / kEmptyProvider
  uint32_t status;
  uint32_t line;
  int64_t amount_cents;
  uint8_t file;
  uint8_t flags;
};

// One record per distinct (main order, merchant, pay time, status, provider, file): 28 bytes, since
// a silver provider's export holds ~10M of them. Narrow fields cover real data; a record whose
// values do not fit (a huge amount, the 65534th provider, 65535 folded rows, a long gap between
// lines) carries kWide and keeps its true values in Store::wide. The line is stored as the distance
// from the previous record of the same file: evaluation walks records in order and sums it.
struct OrderRec {
  uint32_t key_lo, key_hi;
  uint32_t merchant;
  uint32_t pay;
  int32_t amount_cents;
  uint16_t provider;   // kNoProvider16 / kEmptyProvider16
  uint8_t status;
  uint8_t file;
  uint8_t flags;
  uint8_t line_gap;
  uint16_t rows;       // rows folded into this record (1 + identical sub-order rows)
  uint64_t key() const { return static_cast<uint64_t>(key_hi) << 32 | key_lo; }
};
static_assert(sizeof(OrderRec) == 28, "OrderRec is meant to stay 28 bytes");
constexpr uint16_t kNoProvider16 = 0xFFFF, kEmptyProvider16 = 0xFFFE;

struct OrderWide {     // true values of a kWide record
  int64_t amount_cents;
  uint32_t provider, status;
  uint32_t line;       // 0: the record's line_gap holds (it turned wide after it was written)
  uint64_t rows;
};

// A growable array in fixed pages: growing never copies nor holds two copies (the WebAssembly heap
// never shrinks, so a doubling vector would cost 3x at its peak), and pages are committed as filled.
// Pages are reserved a few at a time where that makes them fill whole huge pages (store/memory.hpp).
template <class T, unsigned kShift = 16>
class Paged {
 public:
  static constexpr size_t kPage = size_t(1) << kShift;
  static constexpr size_t kPageBytes = kPage * sizeof(T);   // 1.8 MB for order records
  static constexpr size_t kPerBlock = blocks_per_reservation(kPageBytes);   // 8 for order records: 7 huge pages
  static constexpr size_t kBlockBytes = kPerBlock * kPageBytes;             // what a reservation maps
  T& operator[](size_t i) { return pages_[i >> kShift][i & (kPage - 1)]; }
  const T& operator[](size_t i) const { return pages_[i >> kShift][i & (kPage - 1)]; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& push_back(const T& v) {
    if ((size_ >> kShift) == pages_.size()) add_page();
    T& slot = (*this)[size_++];
    slot = v;
    return slot;
  }
  // Keeps the elements for which keep(element) holds, in order; frees reservations no longer needed.
  template <class Keep>
  void filter(const Keep& keep) {
    size_t out = 0;
    for (size_t i = 0; i < size_; ++i)
      if (keep((*this)[i])) (*this)[out++] = (*this)[i];
    size_ = out;
    pages_.resize((size_ + kPage - 1) >> kShift);
    blocks_.resize((pages_.size() + kPerBlock - 1) / kPerBlock);
  }
  void clear() { pages_.clear(); blocks_.clear(); size_ = 0; }
  size_t memory() const { return pages_.size() * kPage * sizeof(T); }

 private:
  static_assert(std::is_trivially_copyable<T>::value && std::is_trivially_destructible<T>::value, "pages hold plain records");
  struct Free {
    void operator()(T* p) const noexcept { big_free(p, kBlockBytes); }
  };
  void add_page() {
    const size_t k = pages_.size() % kPerBlock;
    if (k == 0) blocks_.emplace_back(static_cast<T*>(big_reserve(kBlockBytes)));
    T* page = blocks_[pages_.size() / kPerBlock].get() + k * kPage;
    big_commit(page, kPageBytes);
    pages_.push_back(page);
  }
  std::vector<std::unique_ptr<T, Free>> blocks_;   // reservations of kPerBlock pages
  std::vector<T*> pages_;
  size_t size_ = 0;
};

struct MonthlyRec {
  uint32_t merchant;
  int32_t month;
  int64_t count;
  uint32_t provider;
  uint32_t line;
  uint8_t file;
};

struct Binding {
  uint32_t merchant;
  uint32_t provider;
  int64_t start;       // CST seconds; INT64_MIN when empty
  int64_t end;         // CST seconds, exclusive; INT64_MAX when empty (still bound)
  uint8_t file;
};

struct Reject {
  uint64_t count = 0;
  std::vector<uint64_t> lines;
};

// The Workspace's side of one file: what taking records into the store needs.
struct FileSlot {
  FileInfo info;
  uint8_t tag = 0;                   // file number stored in records
  // feed()'s own cutting side (made on first use; a host that cuts elsewhere never needs it)
  std::unique_ptr<Cutter> own_cutter;
  std::string text;                  // decoded chunk (reused)
  // UTF-8 passes the decoder unchecked; the text kept from it is checked instead (ingest.cpp)
  bool check_fields = false;
  std::string scratch;               // one repaired cell
  uint64_t field_invalid = 0;        // invalid sequences replaced in checked fields
  uint64_t gbk_lines = 0, first_gbk_line = 0, last_gbk_line = 0;   // lines with checked fields that were GB18030
  uint64_t at_line = 0;              // line of the record being taken (for the above)
  std::string rules_text;            // for rules files
  bool header_done = false;
  // The header's names did not decide the columns (analyse_header's needs_values): the first records are
  // held here, copied, until kSampleRows of them (or 1 MB) are in or the file ends; then the values
  // decide (analyse_columns) and they are taken in order. A file whose names decide holds none.
  bool sampling = false;
  struct HeldRecord {
    uint64_t line = 0;
    std::vector<std::string> cells;
  };
  std::vector<HeldRecord> held;
  size_t held_bytes = 0;
  std::vector<std::string_view> take_fields;  // a record rebuilt from a Cut
  // Set once the header is taken (map and kind final): taken_columns() hands them to a Cutter.
  std::atomic<bool> map_ready{false};
  // The texts of the cutting side's status and merchant-id dictionaries (handed over in each Cut)
  // and the store ids they were given, assigned when a record first uses them: so in the same order
  // as feed() assigns them.
  std::vector<std::string> local_status_text, local_merchant_text;
  std::vector<uint32_t> local_status_id, local_merchant_id;
  StatusMemo status_memo[4];
  bool index_sized = false;          // the main order index was sized for this file (orders files)
  uint64_t records_before = 0;       // order records in the store when the file was opened
  std::atomic<double> records_per_byte{0};   // measured with the index's sizing (read by prepare_memory's thread)
  ColumnMap map;
  Reject rejected[kReasonCount];     // ingest-time reasons
  Reject ragged;                     // records with another number of fields than the header (sample lines)
  uint64_t ragged_fields = 0;        // ... the first of them: its number of fields
  std::vector<uint64_t> status_rows;        // rows per status id
  std::vector<std::pair<uint32_t, uint32_t>> folded_samples;  // (record, line) of folded duplicate rows
  std::map<std::string, int64_t> standards; // standards file content (industry -> standard)
  struct Certified {
    int64_t since;                   // CST seconds
    std::string name;                // the provider's name in the file ("" when none)
  };
  std::map<std::string, Certified> certified;   // providers file content (provider id -> earliest certification)
  uint64_t cert_conflicts = 0;       // providers listed again with another date (file.provider_dates_differ)
  struct { std::string provider; int64_t first = 0, second = 0; } cert_conflict;   // the first of them
  // The file's end, from the last Cut taken (Cutter::finish; made by close() when not cut elsewhere)
  bool end_taken = false;
  FileEnd end;
};

struct MerchantInfo {
  uint32_t name = Interner::kNone;
  uint32_t industry = Interner::kNone;
};

class Store {
 public:
  std::vector<std::unique_ptr<FileSlot>> files;   // by file id
  Interner strings;          // main order ids that are not plain numbers
  Interner merchants;
  std::vector<MerchantInfo> merchant_info;
  Interner providers;
  std::vector<uint32_t> provider_name;            // provider -> names interner id
  Interner names;            // merchant/provider names, industries
  Interner statuses;
  Paged<OrderRec> orders;
  std::unordered_map<uint32_t, OrderWide> wide;   // record -> true values, for kWide records
  // main order key -> first record with it. Needed only while orders files are read: an evaluation
  // releases it (on a 10M-row file it is ~110 MB), and the next orders file rebuilds it from the records.
  mutable KeyIndex order_index;
  mutable bool order_index_released = false;
  void ensure_order_index();
  void release_order_index() const;
  std::vector<MonthlyRec> monthly;
  std::vector<Binding> bindings;

  uint64_t generation = 0;                      // bumped by every change of content
  struct Prepared;                              // rule-independent aggregates (eval/prepared.hpp)
  mutable std::shared_ptr<Prepared> prepared;

  // Order rows wait between parsing and their main-order lookup, so the lookup's cache line is fetched
  // meanwhile (the index is far bigger than the caches on big files): the slots of every kTouchGroup rows
  // queued are read together, their cache misses overlapping, and the rows are placed up to kLookahead
  // rows later. (WebAssembly has no prefetch instruction; natively, a prefetch per row stalled on this
  // VM — 15-23 % of L's samples sat on it — and these grouped reads read L 10-25 % faster, A/B.)
  struct Pending {
    OrderIn rec;
    uint64_t hash;
    FileSlot* file;
  };
  static constexpr size_t kLookahead = 64;
  Pending pending[kLookahead];
  static constexpr size_t kTouchGroup = 32;
  size_t queued_since_touch = 0;
  uint64_t touched = 0;                         // what the reads gave (so they are not dropped)
  size_t pending_head = 0, pending_count = 0;
  void queue_order(FileSlot& f, const OrderIn& rec);
  void place_order(const Pending& p);
  void flush_pending();
  void append_order(const OrderIn& in, uint8_t extra_flags);
  void fold_into(uint32_t i, int64_t amount_cents);
  void size_index(FileSlot& f);

  FileSlot& slot(int id);
  const FileSlot& slot(int id) const;
  // the file operations behind the façade (ingest.cpp); workspace.cpp catches what they throw
  int open_file(const std::string& name, const FileOptions& options);
  Cutter& own_cutter(FileSlot& f);
  void feed_file(FileSlot& f, const uint8_t* data, size_t n);
  void fail_not_text(FileSlot& f, const char* format);
  void take_cut(FileSlot& f, const Cut::Data& c);
  void close_file(FileSlot& f);
  void publish(FileSlot& f);
  void stop_file(FileSlot& f, FileState state, std::optional<Message> why);
  void remove_file(int id);
  // `fields`: the record's number of fields as read, when r holds fewer (a compact Cut's record)
  void ingest_record(FileSlot& f, const csv::Record& r, const OrderCells* cells = nullptr, size_t fields = SIZE_MAX);
  void remove_contributions(uint8_t tag);

  // Field access through the narrow / wide split.
  int64_t amount_of(uint32_t i) const { const OrderRec& r = orders[i]; return r.flags & kWide ? wide.at(i).amount_cents : r.amount_cents; }
  uint64_t rows_of(uint32_t i) const { const OrderRec& r = orders[i]; return r.flags & kWide ? wide.at(i).rows : r.rows; }
  uint32_t status_of(uint32_t i) const { const OrderRec& r = orders[i]; return r.flags & kWide ? wide.at(i).status : r.status; }
  uint32_t provider_of(uint32_t i) const {
    const OrderRec& r = orders[i];
    if (r.flags & kWide) return wide.at(i).provider;
    return r.provider == kNoProvider16 ? kNoProvider : r.provider == kEmptyProvider16 ? kEmptyProvider : r.provider;
  }
  // Lines are stored as gaps: a walk over the records in order holds the last line seen per file tag.
  struct LineWalk {
    uint32_t last[256] = {};
    uint32_t next(const Store& s, uint32_t i) {
      const OrderRec& r = s.orders[i];
      if (r.flags & kWide) {
        uint32_t line = s.wide.at(i).line;
        if (line) return last[r.file] = line;
      }
      return last[r.file] += r.line_gap;
    }
  };
  uint32_t last_line[256] = {};              // line of the latest record per file tag (ingest side)
};

}  // namespace tl
