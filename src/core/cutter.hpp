// tierlens — reading a file on two threads (or in a Web Worker and the page): host plumbing behind
// Workspace::feed.
//
// feed() does two things per chunk: it decodes the bytes and splits them into records (and, for an
// orders file whose columns are known, parses what a row says that needs no store: ids, pay time,
// amount), then ingests the records into the store. A host with a second thread runs the first half
// on a Cutter and hands each Cut to the Workspace's take():
//
//   tl::Cutter cutter(name, options);          // reader thread (or Web Worker): owns decoding state
//   cutter.cut(bytes, n, cut);                 //   ... per chunk, in order
//   tl::take(ws, file, cut);                   // ingesting thread: the Workspace's side, in order
//   if (auto* m = tl::taken_columns(ws, file)) cutter.use_columns(kind, *m);   // once, any thread
//   cutter.finish(last); tl::take(ws, file, last); ws.close(file);
//
// Same result as feed() (tests check every chunking). The threading contract is in the types: the
// Cutter is the only thing the cutting side touches, the Workspace the only thing the taking side
// touches; use_columns() is the one call meant to cross (it publishes the map with release/acquire).
// A Cut's bytes may also travel between processes (a Web Worker and the page share no memory):
// serialize() on one side, buffer() + load() on the other; load() refuses bytes that are not a Cut.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "file_info.hpp"
#include "schema/columns.hpp"

namespace tl {

class Workspace;

class Cut {
 public:
  Cut();
  ~Cut();
  Cut(Cut&&) noexcept;
  Cut& operator=(Cut&&) noexcept;
  // The Cut as bytes, written into its own buffer (valid until the Cut is next used).
  std::string_view serialize();
  // Room for n bytes of a serialized Cut; load() then reads them in place. False: not the bytes of a
  // Cut of this build, or bytes that do not hold together (nothing is trusted across the boundary).
  uint8_t* buffer(size_t n);
  bool load();
  struct Data;                        // store/cut_data.hpp (the engine's own)
  Data& data() { return *d_; }

 private:
  std::unique_ptr<Data> d_;
};

class Cutter {
 public:
  Cutter(const std::string& name, const FileOptions& options);
  ~Cutter();
  Cutter(const Cutter&) = delete;
  Cutter& operator=(const Cutter&) = delete;
  // Decodes a chunk and splits it into records. read_cells: also parse orders rows' cells here (work
  // moved off the taking side); a host passes false when this side is the slower one. `data` must
  // stay valid until take() of the Cut returns (valid UTF-8 is not copied).
  void cut(const uint8_t* data, size_t n, Cut& out, bool read_cells = true);
  // The file's end: what the decoder still held, the last record, and what decoding and splitting
  // counted. take() it before Workspace::close().
  void finish(Cut& out);
  // The taking side's column map, once its header is taken: from then on only those columns are kept
  // and orders rows' cells are read here. Safe to call from the taking thread while cut() runs.
  void use_columns(FileKind kind, const ColumnMap& map);
  struct State;                       // store/cut_data.hpp (the engine's own)
  State& state() { return *s_; }

 private:
  std::unique_ptr<State> s_;
};

// The Workspace's side: ingests a Cut of the file (in the order the Cutter made them).
void take(Workspace& ws, int file, Cut& in);
// The file's column map once its header is taken (nullptr before).
const ColumnMap* taken_columns(const Workspace& ws, int file);
// On the cutting thread, between chunks (bytes_cut: of the file so far): maps and zeroes the store's
// next block of order records before take() needs it, when the rest of the file will surely fill it.
// Natively a first write to fresh memory is slow under virtualisation (zeroing 2 MiB pages was ~10 %
// of a 10M-row file's reading, on the taking thread); this moves it to the side with time to spare.
// Reads only what the taking side published atomically. A no-op without huge pages (WebAssembly).
void prepare_memory(const Workspace& ws, int file, uint64_t bytes_cut);

}  // namespace tl
