// tierlens — what a Cut holds and what a Cutter keeps between chunks (internal header; cutter.hpp is
// the public side).
#pragma once
#include <atomic>
#include <cstring>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "csv/decoder.hpp"
#include "csv/scanner.hpp"
#include "cutter.hpp"
#include "normalize/normalize.hpp"
#include "store/interner.hpp"

namespace tl {

// What the cutting side counted over a whole file (the decoder's and scanner's), for close().
struct FileEnd {
  uint64_t blank_lines = 0;
  uint64_t invalid_sequences = 0;
  bool unterminated_quote = false;
  uint64_t unterminated_quote_line = 0;
  uint64_t nul_bytes = 0, nul_rows = 0, nul_first_line = 0;   // NUL bytes dropped from fields (csv::Scanner)
  uint64_t utf8_lines = 0, first_utf8_line = 0;   // a GB18030 file's UTF-8 lines (csv::Decoder)
};

// What an orders row says that needs no store: a pure function of the row and the column map. Read
// on the cutting side when the host cuts and takes on two threads, else just before the row is
// ingested.
struct OrderCells {
  norm::IdStatus id = norm::IdStatus::Empty;  // main order id, else order id, cleaned
  bool id_number = false;                     // ... is a plain number below 2^63, held in key
  uint64_t key = 0;
  norm::TimeStatus pay = norm::TimeStatus::Empty;
  int64_t pay_time = 0;                       // CST seconds, when pay is Ok
  int64_t amount_cents = 0;                   // 0 without an amount column or value
  // The status and the merchant id as numbers of the cutting side's own dictionaries (Cutter::State::
  // statuses / merchants), so the ingesting side neither cleans, hashes nor compares them; kNone: not
  // encoded (invalid UTF-8, which is checked and counted where it is kept, or no merchant id).
  uint32_t status_local = Interner::kNone;
  norm::IdStatus merchant = norm::IdStatus::Empty;
  uint32_t merchant_local = Interner::kNone;
};

// The statuses last found for a file's rows, by their bytes as read: most rows repeat one of a few,
// and comparing bytes is cheaper than hashing them.
struct StatusMemo {
  uint32_t id = 0xFFFFFFFFu;
  uint8_t len = 0;
  char text[19] = {};
};

struct Cut::Data {
  std::string_view text;              // the decoded chunk
  std::string decoded;                // its bytes, when the decoder had to produce them
  std::string spill;                  // fields the scanner had to assemble (quotes, chunk edges)
  std::vector<uint32_t> fields;       // per field: offset (top bit: into spill), length; a buffer:
  size_t fields_used = 0;             // ... of which this much is in use (no zero-filling per record)
  struct Rec {
    uint64_t line;
    uint32_t first, count;
  };
  std::vector<Rec> records;
  bool compact = false;               // records keep only the mapped columns (used_columns order) ...
  size_t kept = 0;                    // ... this many
  std::vector<OrderCells> cells;      // one per record, or none (not orders, no map yet, or not asked)
  std::vector<std::string> new_statuses, new_merchants;   // dictionary entries this chunk added, in order
  uint64_t bytes = 0;
  bool rules = false;                 // the chunk is (part of) a JSON rule set, not CSV
  uint8_t binary = 0;                 // the file is not text: index + 1 into kBinaryFormats (its first Cut says so)
  csv::Encoding encoding = csv::Encoding::Utf8;
  char separator = 0;
  bool last = false;                  // made by finish(): the file's end, with the cutting side's counters
  FileEnd end;
  std::string wire;                   // serialize()'s bytes, or the bytes load() reads (text stays in them)
  void clear(uint64_t n);
};

struct Cutter::State {
  FileOptions options;
  std::unique_ptr<csv::Decoder> decoder;
  std::unique_ptr<csv::Scanner> scanner;
  bool json_checked = false;          // decided whether the input is a JSON rule set ...
  bool rules_input = false;           // ... and it is
  bool sniffed = false;               // the first bytes were looked at: ...
  const char* binary = "";            // ... a binary format (binary_format), or "" for text
  // The taking side's column map, once handed over (use_columns): only those columns are kept, and
  // orders rows' cells are read here.
  std::atomic<bool> map_ready{false};
  ColumnMap map;
  FileKind kind = FileKind::Unknown;
  // Dictionaries of statuses and merchant ids seen by this side
  Interner statuses, merchants;
  StatusMemo status_memo[4];
};

// The binary formats a Cut can name (binary_format's codes), by number on the wire.
inline const char* const kBinaryFormats[] = {"png", "jpeg", "gif", "pdf", "xls", "xlsx", "zip", "gzip", "rar", "7z"};
constexpr size_t kBinaryFormatCount = sizeof(kBinaryFormats) / sizeof(kBinaryFormats[0]);
// On a file's first bytes: whether they are a binary format rather than text (then nothing of the file
// is decoded; the taking side fails it with file.not_text).
const char* sniff_binary(Cutter::State& s, const uint8_t* data, size_t n);

// A row's status: a file has a handful, mostly in runs, so the few last found are compared byte for
// byte before an interner hashes (in WebAssembly the interner was ~20 % of feeding an orders file).
inline uint32_t memo_find(const StatusMemo (&memo)[4], std::string_view v) {
  if (v.size() <= sizeof(StatusMemo::text))
    for (const StatusMemo& m : memo)
      if (m.len == v.size() && m.id != Interner::kNone && (v.empty() || std::memcmp(m.text, v.data(), v.size()) == 0)) return m.id;
  return Interner::kNone;
}
inline void memo_put(StatusMemo (&memo)[4], std::string_view v, uint32_t id) {
  if (v.size() > sizeof(StatusMemo::text) || id == Interner::kNone) return;
  std::memmove(&memo[1], &memo[0], sizeof memo - sizeof memo[0]);
  memo[0].id = id;
  memo[0].len = static_cast<uint8_t>(v.size());
  if (!v.empty()) std::memcpy(memo[0].text, v.data(), v.size());
}

// Steps 2-3 for decoded text on the cutting side: whether the input is a JSON rule set, decided on
// the first non-blank text. False while there is nothing but blank text (which is dropped).
bool decide_input(Cutter::State& s, std::string_view text);
// What an orders row says that needs no store (ingest.cpp).
OrderCells read_order_cells(const ColumnMap& m, const csv::Record& r);
// The distinct columns a map uses, in map order: the only cells ingest reads after the header.
size_t used_columns(const ColumnMap& m, int (&out)[kFieldCount]);

}  // namespace tl
