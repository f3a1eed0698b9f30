// tierlens — the compact ingest store behind Workspace (internal header).
//
// What a file contributes is kept in a few flat arrays so that evaluation never re-reads a file:
//   OrderRec    one per distinct (main order, merchant, pay time, status, provider) — sub-order rows
//               identical in those fields fold into one record (`rows` counts them)
//   MonthlyRec  one per monthly-stats row
//   Binding     one per bindings row
// Strings (merchant ids, statuses, providers, industries) are interned to dense u32 ids.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "csv/decoder.hpp"
#include "csv/scanner.hpp"
#include "store/interner.hpp"
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
};

struct OrderRec {
  uint64_t key;        // main order id: the number itself, or (1<<63 | interned string id)
  uint32_t merchant;
  uint32_t pay;        // store seconds (valid unless kPayMissing/kPayBad)
  uint32_t provider;   // provider id from the orders file, kNoProvider / kEmptyProvider
  uint32_t line;       // line of the first row of this record
  int64_t amount_cents;
  uint16_t status;
  uint32_t rows;       // rows folded into this record (1 + sub-order rows)
  uint8_t file;
  uint8_t flags;
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

struct FileSlot {
  FileInfo info;
  bool alive = true;
  uint8_t tag = 0;                   // file number stored in records
  std::unique_ptr<csv::Decoder> decoder;
  std::unique_ptr<csv::Scanner> scanner;
  std::string text;                  // decoded chunk (reused)
  std::string rules_text;            // for rules files
  bool header_done = false;
  bool json_checked = false;
  ColumnMap map;
  std::map<std::string, Reject> rejected;   // ingest-time reasons
  std::vector<uint64_t> status_rows;        // rows per status id
  std::vector<std::pair<uint32_t, uint32_t>> folded_samples;  // (record, line) of folded duplicate rows
  std::map<std::string, int64_t> standards; // standards file content (industry -> standard)

};

struct MerchantInfo {
  uint32_t name = Interner::kNone;
  uint32_t industry = Interner::kNone;
};

struct Workspace::Store {
  std::vector<std::unique_ptr<FileSlot>> files;   // by file id
  Interner strings;          // main order ids that are not plain numbers
  Interner merchants;
  std::vector<MerchantInfo> merchant_info;
  Interner providers;
  std::vector<uint32_t> provider_name;            // provider -> names interner id
  Interner names;            // merchant/provider names, industries
  Interner statuses;
  std::vector<OrderRec> orders;
  KeyIndex order_index;      // main order key -> first record with it
  std::vector<MonthlyRec> monthly;
  std::vector<Binding> bindings;

  uint64_t generation = 0;                      // bumped by every change of content
  mutable uint64_t months_generation = ~0ull;   // cache of data months, valid for that generation
  mutable std::map<int, int64_t> month_last;    // month -> latest pay time (CST s); INT64_MIN: monthly stats only
  struct Prepared;                              // rule-independent aggregates (eval/evaluate.cpp)
  mutable std::shared_ptr<Prepared> prepared;

  // Order rows wait a few rows between parsing and their main-order lookup, so the lookup's cache
  // line is prefetched meanwhile (the index is far bigger than the caches on big files).
  struct Pending {
    OrderRec rec;
    uint64_t hash;
    FileSlot* file;
  };
  static constexpr size_t kLookahead = 16;
  Pending pending[kLookahead];
  size_t pending_head = 0, pending_count = 0;
  void queue_order(FileSlot& f, const OrderRec& rec);
  void place_order(const Pending& p);
  void flush_pending();

  FileSlot& slot(int id);
  const FileSlot& slot(int id) const;
  void ingest_record(FileSlot& f, const csv::Record& r);
  void remove_contributions(uint8_t tag);
};

}  // namespace tl
