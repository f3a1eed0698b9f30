// tierlens CLI — reading a file into the workspace in 1 MiB chunks; progress on stderr for big files on
// a terminal. Natively a second thread reads, decodes and splits the next chunks into records (a
// tl::Cutter) while this one ingests them (tl::take); in WebAssembly (no threads in the node build) it
// is one feed() per chunk. Same result either way (tests check it).
#include "read.hpp"

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/archive.hpp"
#include "cutter.hpp"

namespace tlcli {

std::string basename_of(const std::string& path) {
  const size_t s = path.find_last_of("/\\");
  return s == std::string::npos ? path : path.substr(s + 1);
}

uint64_t file_size(const std::string& path) {
  struct stat st {};   // not ftell: its long is 32 bits in WebAssembly, and files pass 2 GB
  if (::stat(path.c_str(), &st) != 0 || st.st_size < 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

static bool stderr_is_tty() {
#ifdef __EMSCRIPTEN__
  return false;
#else
  return isatty(2) != 0;
#endif
}

void read_into(tl::Workspace& ws, int id, const std::string& path, const tl::FileOptions& options) {
  FILE* fp = std::fopen(path.c_str(), "rb");
  if (!fp) throw InputError(tl::Message(tl::Msg::FileCannotOpen).set("file", path).set("detail", std::strerror(errno)));
  constexpr size_t kChunk = 1 << 20;
  const bool progress = stderr_is_tty();
  const auto t0 = std::chrono::steady_clock::now();
  uint64_t total = 0, next_report = 64u << 20;
  auto report = [&](size_t n) {
    total += n;
    if (progress && total >= next_report) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "\r%s: %.0f MB, %llu rows, %.0f MB/s   ", basename_of(path).c_str(), total / 1e6,
                   static_cast<unsigned long long>(ws.info(id).rows), s > 0 ? total / 1e6 / s : 0.0);
      next_report += 64u << 20;
    }
  };
  bool err = false;
#if defined(__EMSCRIPTEN__)
  (void)options;
  std::vector<uint8_t> buf(kChunk);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), fp)) > 0 && ws.info(id).state == tl::FileState::Reading) {
    ws.feed(id, buf.data(), n);
    report(n);
  }
  err = std::ferror(fp);
#else
  // A ring of chunks: the reader fills and cuts slot k while this thread takes slot k-1 ... k-3.
  constexpr size_t kSlots = 4;
  struct Slot {
    std::vector<uint8_t> buf;
    size_t n = 0;
    tl::Cut cut;
  };
  std::vector<Slot> slots(kSlots);
  tl::Cutter cutter(basename_of(path), options);   // the reader thread's, and only it touches it
  std::mutex m;
  std::condition_variable cv;
  size_t cut_count = 0, taken = 0;  // chunks cut by the reader, chunks taken here
  bool eof = false, stop = false;
  // Whichever thread last waited for the other has time to spare: the reader also parses the rows'
  // cells (Cutter::cut's read_cells) while it had to wait for a free slot, not while this one waited
  // for chunks. The result is the same either way.
  bool reader_ahead = true;
  uint64_t bytes_cut = 0;           // the reader's
  std::exception_ptr reader_failure;
  std::thread reader([&] {
    for (;;) {
      bool cells;
      {
        std::unique_lock<std::mutex> lock(m);
        if (!stop && cut_count - taken == kSlots) reader_ahead = true;
        cv.wait(lock, [&] { return stop || cut_count - taken < kSlots; });
        if (stop) return;
        cells = reader_ahead;
      }
      Slot& s = slots[cut_count % kSlots];
      s.buf.resize(kChunk);
      s.n = std::fread(s.buf.data(), 1, kChunk, fp);
      std::exception_ptr failure;
      try {
        if (s.n > 0) cutter.cut(s.buf.data(), s.n, s.cut, cells);
        else cutter.finish(s.cut);
        bytes_cut += s.n;
        tl::prepare_memory(ws, id, bytes_cut);
      } catch (...) {  // e.g. out of memory: handed to this function's thread, which reports it
        failure = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(m);
      if (failure) {
        reader_failure = failure;
        eof = true;
      } else {
        if (s.n == 0) {
          eof = true;
          err = std::ferror(fp);
        }
        ++cut_count;   // the last one is the file's end
      }
      cv.notify_all();
      if (eof) return;
    }
  });
  bool columns_handed = false;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(m);
      if (taken == cut_count && !eof) reader_ahead = false;
      cv.wait(lock, [&] { return taken < cut_count || eof; });
      if (taken == cut_count) break;  // eof and everything taken
    }
    Slot& s = slots[taken % kSlots];
    tl::take(ws, id, s.cut);   // (never throws for the file's content: a failure fails the file)
    if (!columns_handed) {
      if (const tl::ColumnMap* cols = tl::taken_columns(ws, id)) {
        cutter.use_columns(ws.info(id).kind, *cols);
        columns_handed = true;
      }
    }
    report(s.n);
    std::lock_guard<std::mutex> lock(m);
    ++taken;
    if (ws.info(id).state != tl::FileState::Reading) stop = true;  // failed: the rest is not needed
    cv.notify_all();
    if (stop) break;
  }
  reader.join();
  if (reader_failure) {
    std::fclose(fp);
    try {
      std::rethrow_exception(reader_failure);
    } catch (const std::bad_alloc&) {
      ws.cancel(id);
      throw InputError(tl::Message(tl::Msg::FileOutOfMemory).set("file", path));
    } catch (const std::exception&) {
      ws.cancel(id);
      throw InputError(tl::Message(tl::Msg::FileInternal).set("file", path));
    }
  }
#endif
  std::fclose(fp);
  if (progress && total >= (64u << 20)) std::fprintf(stderr, "\n");
  if (err) throw InputError(tl::Message(tl::Msg::FileReadFailed).set("file", path).set("detail", std::strerror(errno)));
  ws.close(id);
}

// [SECTION] archives -----------------------------------------------------------------------------

namespace {

// A file on disk with random access, for tl::archive (pread: no shared file position).
class FileSource final : public tl::archive::Source {
 public:
  explicit FileSource(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY)) {
    struct stat st {};
    if (fd_ >= 0 && ::fstat(fd_, &st) == 0 && st.st_size > 0) size_ = static_cast<uint64_t>(st.st_size);
  }
  ~FileSource() override { if (fd_ >= 0) ::close(fd_); }
  bool ok() const { return fd_ >= 0; }
  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, uint8_t* out, size_t n) override {
    while (n > 0) {
      const ssize_t r = ::pread(fd_, out, n, static_cast<off_t>(offset));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      out += r;
      n -= static_cast<size_t>(r);
      offset += static_cast<uint64_t>(r);
    }
    return true;
  }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

}  // namespace

std::vector<int> read_path(tl::Workspace& ws, const std::string& path, const tl::FileOptions& options,
                           std::vector<tl::Message>& notes, const std::set<std::string>& only) {
  const std::string name = basename_of(path);
  FileSource src(path);
  if (!src.ok()) throw InputError(tl::Message(tl::Msg::FileCannotOpen).set("file", path).set("detail", std::strerror(errno)));
  uint8_t head[8] = {};
  const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof head, src.size()));
  if (n && !src.read(0, head, n)) throw InputError(tl::Message(tl::Msg::FileReadFailed).set("file", path).set("detail", std::strerror(errno)));
  std::vector<int> ids;
  auto wanted = [&](const std::string& item) { return only.empty() || only.count(item) > 0; };
  if (tl::archive::container_of(head, n) == tl::archive::Container::None) {
    if (!wanted(name)) return ids;
    tl::FileOptions fo = options;
    fo.size_hint = src.size();
    const int id = ws.open(name, fo);
    read_into(ws, id, path, fo);
    ids.push_back(id);
    return ids;
  }
  std::optional<tl::Message> error;
  auto a = tl::archive::Archive::open(src, name, error);
  if (!a) {   // an archive that cannot be read is a file that failed, with its message
    if (wanted(name)) {
      const int id = ws.open(name, options);
      ws.fail(id, error ? *error : tl::Message(tl::Msg::ArchiveUnreadable).set("file", name).set("why", "not_zip"));
      ids.push_back(id);
    }
    return ids;
  }
  for (size_t i = 0; i < a->items().size(); ++i) {
    const tl::archive::Item& it = a->items()[i];
    if (!wanted(it.name)) continue;
    if (it.note) { notes.push_back(*it.note); continue; }
    ids.push_back(tl::archive::read_item(ws, *a, i, options));
  }
  return ids;
}

}  // namespace tlcli
