// tierlens — the engine's public façade. Everything a client (CLI, web app, tests) needs:
//
//   tl::Workspace ws;
//   int f = ws.open("orders.csv");            // 1. open a file (kind/encoding/separator recognised,
//   ws.feed(f, bytes, n); ...                  //    or forced through FileOptions)
//   ws.close(f);                               // 2. stream its bytes in chunks of any size, then close
//   tl::Result r = ws.evaluate(rules);         // 3. evaluate as often as you like: no re-reading
//   std::string json = tl::report::json(r);    //    and write it out (report/report.hpp)
//
// The workspace keeps a compact store of what was read (interned merchants/providers, one small
// record per distinct order row group), so a change of rules, window or standards only re-runs
// the evaluation. A file that fails keeps its error in FileInfo; other files are unaffected. No call
// throws for what is in a file: bad bytes, absurd sizes and exhausted memory fail that file with a
// coded message (messages/catalog.hpp).
//
// Hosts that read on a second thread or in a Web Worker cut files into records there: cutter.hpp.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "file_info.hpp"
#include "result.hpp"
#include "rules/rules.hpp"

namespace tl {

// "2023-06..2023-08" or "2023-06" (a single month); nullopt when malformed or longer than 36 months.
std::optional<Window> parse_window(const std::string& s);

struct EvalOptions {
  std::optional<Window> window;        // default: the rule's calendar (see default_window)
  int near_limit = 20;                 // size of the "closest to qualifying" list per provider
  bool history = false;                // also every past grade the data covers (Result::history)
};

class Store;   // the compact ingest store (store/store.hpp)
class Cut;     // cutter.hpp

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
  void fail(int file, Message why);    // stop reading: the file fails with this message (what was read goes)
  void remove(int file);               // forget a file and everything it contributed
  const FileInfo& info(int file) const;
  std::vector<int> files() const;      // ids in opening order
  // Text of a file recognised as a rule set (kind Rules), empty otherwise.
  const std::string& rules_text(int file) const;

  // ---- evaluation ------------------------------------------------------------------------
  // Industry standards read from standards files override rules.industry_standards.
  Result evaluate(const RuleSet& rules, const EvalOptions& options = {}) const;
  // Every past grade the data covers (what EvalOptions::history adds to a Result), oldest first.
  std::vector<Grade> history(const RuleSet& rules) const;
  // Months (norm::month_index) in which the data has at least one row with a valid pay time.
  std::vector<int> months() const;
  // The window evaluate() uses by default, and whether the data's last month looks incomplete.
  std::optional<Window> default_window(const RuleSet& rules, bool* last_month_incomplete = nullptr) const;

  // Bytes held by what was read (records, indexes, strings): grows with distinct orders and merchants.
  struct Memory { size_t orders = 0, order_index = 0, strings = 0, other = 0; size_t total() const { return orders + order_index + strings + other; } };
  Memory memory() const;

 private:
  friend void take(Workspace& ws, int file, Cut& in);
  friend const ColumnMap* taken_columns(const Workspace& ws, int file);
  friend void prepare_memory(const Workspace& ws, int file, uint64_t bytes_cut);
  std::unique_ptr<Store> store_;
};

}  // namespace tl
