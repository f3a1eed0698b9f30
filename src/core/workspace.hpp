// tierlens — the engine's public façade. Everything a client (CLI, web app, tests) needs:
//
//   Workspace ws;
//   int f = ws.open("orders.csv");            // 1. open a file (kind/encoding/separator auto-detected,
//   ws.feed(f, bytes, n); ...                  //    or forced through FileOptions)
//   ws.close(f);                               // 2. stream its bytes in chunks of any size, then close
//   Report r = ws.evaluate(rules, window);     // 3. evaluate as often as you like: no re-reading
//   std::string json = r.json;                 //    the versioned report (schema tierlens.report/1)
//
// The workspace keeps a compact store of what was read (interned merchants/providers, one small
// record per distinct order row group), so a change of rules, window or standards only re-runs
// the evaluation. A file that fails keeps its error in FileInfo; other files are unaffected.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv/decoder.hpp"
#include "rules/rules.hpp"
#include "schema/columns.hpp"

namespace tl {

struct FileOptions {
  FileKind kind = FileKind::Unknown;            // Unknown = recognise from the header
  csv::Encoding encoding = csv::Encoding::Auto;
  char separator = 0;                           // 0 = sniff
  std::vector<std::pair<Field, int>> columns;   // overrides: field -> column index (-1 removes)
  uint64_t size_hint = 0;                       // file size when known: the store reserves memory once
  uint64_t memory_limit = 0;                    // with size_hint: fail early (after 4 MB) when the whole file
                                                // would need more memory than this (0 = no limit)
};

enum class FileState : uint8_t { Reading, Done, Failed, Cancelled };
const char* file_state_name(FileState s);

struct ReasonCount {
  std::string reason;                // e.g. "bad_pay_time"
  uint64_t count = 0;
  std::vector<uint64_t> sample_lines; // up to 5 line numbers
};

struct FileInfo {
  int id = -1;
  std::string name;
  FileOptions options;               // as requested
  FileState state = FileState::Reading;
  FileKind kind = FileKind::Unknown; // as detected (or forced)
  csv::Encoding encoding = csv::Encoding::Auto;
  char separator = 0;
  std::vector<std::string> header;
  std::vector<Field> per_column;     // meaning of each column
  std::vector<Field> missing;        // required fields not found
  uint64_t bytes = 0;                // bytes fed so far
  uint64_t rows = 0;                 // data records read so far (header excluded)
  uint64_t projected_memory = 0;     // orders files with a size_hint: memory the store will hold once
                                     // the whole file is read, estimated from its first 4 MB
  uint64_t blank_lines = 0;
  uint64_t invalid_chars = 0;        // bytes invalid in the encoding (replaced by U+FFFD)
  std::string error;                 // when Failed: what went wrong and what to do
  std::vector<std::string> warnings; // readable findings (e.g. unterminated quote at line N)
  std::vector<ReasonCount> rejected; // rows rejected while reading (not window/rule dependent)
  std::vector<std::pair<std::string, uint64_t>> statuses;  // status value -> rows (orders files)
};

struct Window {
  int first_month = 0;   // norm::month_index
  int last_month = 0;    // inclusive
};
// "2023-06..2023-08" or "2023-06" (a single month); nullopt when malformed.
std::optional<Window> parse_window(const std::string& s);

struct EvalOptions {
  std::optional<Window> window;        // default: the latest rules.window_months months in the data
  int near_limit = 20;                 // size of the "closest to qualifying" list per provider
  bool include_merchants = true;       // per-merchant table in the report
  // Also return the merchant tables as structs (Report::merchant_tables): a UI shows tens of thousands
  // of rows without writing and parsing them as JSON. Usually with include_merchants = false.
  bool merchant_tables = false;
  // With merchant_tables: only this provider's table (by report id; the others stay empty).
  std::optional<std::string> merchant_tables_of;
};

// One row of a provider's merchant table: the report's providers[i].merchants[j], field for field.
struct MerchantLine {
  std::string id, name, industry;
  std::vector<int64_t> orders;         // per window month (the report's window.months)
  int64_t total = 0;
  bool active = false;
  bool qualified = false;
  int best_month = -1;                 // index into the window months; -1 when no orders
  int64_t best_month_orders = 0;
  std::optional<int64_t> standard;     // none: no known standard for the merchant's industry
  std::optional<int64_t> shortfall;
};

struct MerchantTable {
  std::vector<MerchantLine> rows;      // report order (total desc, then id)
  std::vector<size_t> near;            // providers[i].near_qualifying, as indices into rows
};

struct Report {
  std::string json;                    // the report, stable key order, 2-space indent, trailing newline
  std::string text;                    // a readable summary for a terminal (zh / en mixed labels)
  std::vector<MerchantTable> merchant_tables;  // with EvalOptions::merchant_tables: per provider, report order
};

class Workspace {
 public:
  Workspace();
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // ---- files ---------------------------------------------------------------------------
  int open(const std::string& name, const FileOptions& options = {});
  void feed(int file, const uint8_t* data, size_t n);
  void close(int file);                // end of input: the file becomes Done or Failed
  void cancel(int file);               // stop reading; what was read of it is removed
  void remove(int file);               // forget a file and everything it contributed
  const FileInfo& info(int file) const;
  std::vector<int> files() const;      // ids in opening order
  // Text of a file recognised as a rule set (kind Rules), empty otherwise.
  const std::string& rules_text(int file) const;

  // Two-stage feeding, for a host with a second thread (the native CLI reads, decodes and splits
  // the next chunk while the previous one is ingested). cut() decodes a chunk and splits it into
  // records, touching only that file's decoder and scanner; take() ingests what cut() made.
  // cut(); take() gives exactly what feed() gives. Contract: each stage's calls keep the chunks'
  // order and run one at a time; cut() may run on one thread while take() of an earlier Cut runs on
  // another; nothing else is called on the Workspace meanwhile; `data` stays valid until take()
  // of its Cut returns (valid UTF-8 is not copied).
  class Cut {
   public:
    Cut();
    ~Cut();
    Cut(Cut&&) noexcept;
    Cut& operator=(Cut&&) noexcept;
    // A Cut as bytes, for a Workspace elsewhere (a Web Worker cuts, the page's thread takes: they share
    // no memory). serialize() writes them into the Cut's own buffer (valid until the Cut is next used);
    // on the taking side, buffer(n) gives room for n bytes to copy them into and load() reads them in
    // place (false: not the bytes of a Cut of this build).
    std::string_view serialize();
    uint8_t* buffer(size_t n);
    bool load();
    struct Data;                        // store/store.hpp
   private:
    friend class Workspace;
    std::unique_ptr<Data> d_;
  };
  // read_cells: also parse what an orders row says that needs no store (ids, pay time, amount) —
  // work moved from take() to cut(); a host passes false when cut() is the slower side.
  void cut(int file, const uint8_t* data, size_t n, Cut& out, bool read_cells = true);
  void take(int file, Cut& in);
  // Cutting in another Workspace (opened on the same file name and options, fed by cut() only):
  // finish() ends the cutting side into a last Cut — the file's last line and what the decoder and
  // scanner counted — which the taking side takes before close(). columns() gives the taking side's
  // column map once the header is taken (nullptr before); use_columns() hands it to the cutting side,
  // which from then on keeps only those columns and reads orders rows' cells.
  void finish(int file, Cut& out);
  const ColumnMap* columns(int file) const;
  void use_columns(int file, FileKind kind, const ColumnMap& map);
  // On cut()'s thread, between chunks (bytes_cut of the file cut so far): maps and zeroes the store's
  // next block of order records before take() needs it, when the rest of the file will surely fill
  // it. Natively, a first write to fresh memory is slow under virtualisation (zeroing 2 MiB pages was
  // ~10 % of a 10M-row file's reading, on the taking thread); this moves it to the thread with time
  // to spare. A no-op without huge pages (WebAssembly).
  void prepare_memory(int file, uint64_t bytes_cut);

  // ---- evaluation ------------------------------------------------------------------------
  // Industry standards read from standards files override rules.industry_standards.
  Report evaluate(const RuleSet& rules, const EvalOptions& options = {}) const;
  // Months (norm::month_index) in which the data has at least one row with a valid pay time.
  std::vector<int> months() const;
  // The window evaluate() would use by default, and whether its last month looks incomplete.
  std::optional<Window> default_window(const RuleSet& rules, bool* last_month_incomplete = nullptr) const;

  // Bytes held by what was read (records, indexes, strings): grows with distinct orders and merchants.
  struct Memory { size_t orders = 0, order_index = 0, strings = 0, other = 0; size_t total() const { return orders + order_index + strings + other; } };
  Memory memory() const;

  struct Store;                        // the compact ingest store (store/store.hpp)
 private:
  std::unique_ptr<Store> store_;
};

}  // namespace tl
