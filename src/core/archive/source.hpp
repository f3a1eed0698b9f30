// tierlens — random access to a file's bytes, for the formats that need it.
//
// A CSV streams from its first byte to its last; a ZIP (and so an .xlsx) keeps its table of contents at
// its end and its parts in an order of the writer's choosing (Excel writes a sheet before the strings it
// refers to). So archives are read through a Source: the host says how to read n bytes at an offset —
// pread natively, FileReaderSync on a Blob slice in the page's Web Worker, memory in tests — and the
// engine pulls what it needs, a chunk at a time. Nothing here touches a disk.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

namespace tl::archive {

class Source {
 public:
  virtual ~Source() = default;
  virtual uint64_t size() const = 0;
  // n bytes at `offset` into out; false when they cannot be read (an I/O error, a file that shrank).
  virtual bool read(uint64_t offset, uint8_t* out, size_t n) = 0;
};

// Bytes held in memory: tests, and an archive nested in another one (inflated first, within a limit).
class MemorySource final : public Source {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}
  uint64_t size() const override { return bytes_.size(); }
  bool read(uint64_t offset, uint8_t* out, size_t n) override {
    if (offset > bytes_.size() || n > bytes_.size() - offset) return false;
    if (n) std::memcpy(out, bytes_.data() + offset, n);
    return true;
  }

 private:
  std::string bytes_;
};

// Bytes one pulls in chunks: an entry inflated, a sheet written as CSV. read() returns 0 at the end;
// then failed() says whether the end was an error (problem() names it for the message).
class Stream {
 public:
  virtual ~Stream() = default;
  virtual size_t read(uint8_t* out, size_t cap) = 0;
  bool failed() const { return !problem_.empty(); }
  const std::string& problem() const { return problem_; }   // a short code: "crc", "deflate", "io", "xml" …

 protected:
  std::string problem_;
};

}  // namespace tl::archive
