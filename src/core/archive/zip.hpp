// tierlens — ZIP containers: the central directory, and each entry's bytes inflated as a Stream.
//
// Read from the central directory (the local headers may lack sizes: streamed writers put them after the
// data), with ZIP64 sizes and offsets, Info-ZIP's Unicode path field, and names in UTF-8 (flag bit 11,
// or bytes that are valid UTF-8) or else GB18030 (Windows in Chinese writes names in its code page).
// Methods: stored and deflate (zlib); others are named, not guessed. Every entry's CRC-32 and size are
// checked at its end, so a damaged archive is never read as a shorter file.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "archive/source.hpp"

namespace tl::archive {

struct ZipEntry {
  std::string name;               // UTF-8, '/' separated, as stored (may hold folders)
  uint64_t compressed = 0, size = 0, header_offset = 0;
  uint32_t crc = 0;
  uint16_t method = 0, flags = 0;
  bool directory() const { return !name.empty() && name.back() == '/'; }
  bool encrypted() const { return flags & 1; }
  bool supported() const { return method == 0 || method == 8; }
};

// The entries in directory order; false with a problem code ("not_zip", "truncated", "io") when the
// directory cannot be read.
bool read_directory(Source& src, std::vector<ZipEntry>& out, std::string& problem);

// An entry's bytes, inflated; problem codes: "io", "header", "deflate", "crc", "size", "method", "encrypted".
std::unique_ptr<Stream> open_entry(Source& src, const ZipEntry& e);

// gzip (one or more members) around another stream; problem "gzip" when the bytes are not a valid gzip.
std::unique_ptr<Stream> gunzip(std::unique_ptr<Stream> in);

// A whole Source as a Stream (a gzip file read from its first byte).
std::unique_ptr<Stream> source_stream(Source& src);

}  // namespace tl::archive
