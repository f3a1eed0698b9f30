// tierlens — ZIP directory and entry streams (zip.hpp). Layout per PKWARE's APPNOTE 6.3: end of central
// directory record (22 bytes + comment), ZIP64 locator and record, central headers, local headers.
#include "archive/zip.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "csv/decoder.hpp"

namespace tl::archive {

namespace {

uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t u32(const uint8_t* p) { return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24; }
uint64_t u64(const uint8_t* p) { return static_cast<uint64_t>(u32(p)) | static_cast<uint64_t>(u32(p + 4)) << 32; }

// A name as stored -> UTF-8: flagged or valid UTF-8 stays; otherwise GB18030 (a Chinese Windows code page).
std::string decode_name(const std::string& raw, bool utf8_flag) {
  if (utf8_flag || csv::utf8_valid_prefix(raw) == raw.size()) return raw;
  csv::Decoder d(csv::Encoding::Gb18030);
  std::string out;
  d.feed(reinterpret_cast<const uint8_t*>(raw.data()), raw.size(), out);
  d.finish(out);
  return out;
}

constexpr uint64_t kMaxEntries = 1u << 20;   // a directory that claims more is not one a person made

}  // namespace

bool read_directory(Source& src, std::vector<ZipEntry>& out, std::string& problem) {
  out.clear();
  const uint64_t size = src.size();
  if (size < 22) { problem = "not_zip"; return false; }
  // the end record: the last "PK\5\6" within the last 64 KiB + 22 bytes (a comment may follow it)
  const uint64_t tail_len = std::min<uint64_t>(size, 65535 + 22);
  std::vector<uint8_t> tail(tail_len);
  if (!src.read(size - tail_len, tail.data(), tail_len)) { problem = "io"; return false; }
  int64_t eocd = -1;
  for (int64_t i = static_cast<int64_t>(tail_len) - 22; i >= 0; --i)
    if (tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6) { eocd = i; break; }
  if (eocd < 0) { problem = "truncated"; return false; }
  const uint8_t* e = tail.data() + eocd;
  uint64_t count = u16(e + 10), cd_size = u32(e + 12), cd_offset = u32(e + 16);
  const uint64_t eocd_abs = size - tail_len + static_cast<uint64_t>(eocd);
  if ((count == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) && eocd_abs >= 20) {
    uint8_t loc[20];   // ZIP64 locator just before the end record -> the ZIP64 end record
    if (!src.read(eocd_abs - 20, loc, 20)) { problem = "io"; return false; }
    if (u32(loc) == 0x07064b50) {
      const uint64_t rec_at = u64(loc + 8);
      uint8_t rec[56];
      if (rec_at > size || size - rec_at < 56 || !src.read(rec_at, rec, 56) || u32(rec) != 0x06064b50) { problem = "truncated"; return false; }
      count = u64(rec + 32);
      cd_size = u64(rec + 40);
      cd_offset = u64(rec + 48);
    }
  }
  if (cd_offset > size || cd_size > size - cd_offset || count > kMaxEntries || count * 46 > cd_size) {
    problem = "truncated";
    return false;
  }
  std::vector<uint8_t> cd(static_cast<size_t>(cd_size));
  if (cd_size && !src.read(cd_offset, cd.data(), cd.size())) { problem = "io"; return false; }
  size_t at = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (cd.size() - at < 46 || u32(&cd[at]) != 0x02014b50) { problem = "truncated"; return false; }
    const uint8_t* h = &cd[at];
    ZipEntry z;
    z.flags = u16(h + 8);
    z.method = u16(h + 10);
    z.crc = u32(h + 16);
    z.compressed = u32(h + 20);
    z.size = u32(h + 24);
    const size_t nlen = u16(h + 28), xlen = u16(h + 30), clen = u16(h + 32);
    z.header_offset = u32(h + 42);
    if (cd.size() - at - 46 < nlen + xlen + clen) { problem = "truncated"; return false; }
    const std::string raw(reinterpret_cast<const char*>(h + 46), nlen);
    std::string unicode;
    for (size_t x = 0; x + 4 <= xlen;) {   // extra fields: ZIP64 sizes/offset, Info-ZIP Unicode path
      const uint8_t* f = h + 46 + nlen + x;
      const uint16_t id = u16(f), len = u16(f + 2);
      if (x + 4 + len > xlen) break;
      const uint8_t* v = f + 4;
      if (id == 0x0001) {
        size_t p = 0;
        auto take = [&](uint64_t& field) { if (field == 0xFFFFFFFF && p + 8 <= len) { field = u64(v + p); p += 8; } };
        take(z.size);
        take(z.compressed);
        take(z.header_offset);
      } else if (id == 0x7075 && len > 5) {
        unicode.assign(reinterpret_cast<const char*>(v + 5), len - 5);
      }
      x += 4 + len;
    }
    z.name = !unicode.empty() && csv::utf8_valid_prefix(unicode) == unicode.size() ? unicode : decode_name(raw, z.flags & 0x800);
    std::replace(z.name.begin(), z.name.end(), '\\', '/');
    out.push_back(std::move(z));
    at += 46 + nlen + xlen + clen;
  }
  return true;
}

// [SECTION] entry streams ------------------------------------------------------------------------

namespace {

constexpr size_t kInChunk = 256 * 1024;

class EntryStream final : public Stream {
 public:
  EntryStream(Source& src, const ZipEntry& e) : src_(src), e_(e) {
    if (e.encrypted()) { problem_ = "encrypted"; return; }
    if (!e.supported()) { problem_ = "method"; return; }
    uint8_t h[30];
    if (e.header_offset > src.size() || src.size() - e.header_offset < 30 || !src.read(e.header_offset, h, 30) || u32(h) != 0x04034b50) {
      problem_ = "header";
      return;
    }
    pos_ = e.header_offset + 30 + u16(h + 26) + u16(h + 28);
    if (pos_ > src.size() || e.compressed > src.size() - pos_) { problem_ = "header"; return; }
    left_ = e.compressed;
    if (e.method == 8) {
      std::memset(&z_, 0, sizeof z_);
      if (inflateInit2(&z_, -15) != Z_OK) { problem_ = "deflate"; return; }
      z_open_ = true;
      in_.resize(kInChunk);
    }
  }
  ~EntryStream() override { if (z_open_) inflateEnd(&z_); }

  size_t read(uint8_t* out, size_t cap) override {
    if (failed() || done_ || cap == 0) return 0;
    size_t n = e_.method == 0 ? read_stored(out, cap) : read_deflated(out, cap);
    if (failed()) return 0;
    crc_ = crc32_z(crc_, out, n);
    produced_ += n;
    if (n == 0 || done_) {
      done_ = true;
      if (produced_ != e_.size) problem_ = "size";
      else if (crc_ != e_.crc) problem_ = "crc";
      if (failed()) return 0;
    }
    return n;
  }

 private:
  size_t read_stored(uint8_t* out, size_t cap) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(cap, left_));
    if (n && !src_.read(pos_, out, n)) { problem_ = "io"; return 0; }
    pos_ += n;
    left_ -= n;
    if (left_ == 0) done_ = true;
    return n;
  }
  size_t read_deflated(uint8_t* out, size_t cap) {
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(std::min<size_t>(cap, 1u << 30));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0 && left_ > 0) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(in_.size(), left_));
        if (!src_.read(pos_, in_.data(), n)) { problem_ = "io"; return 0; }
        pos_ += n;
        left_ -= n;
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(n);
      }
      const int r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) { done_ = true; break; }
      if (r == Z_BUF_ERROR && z_.avail_in == 0 && left_ == 0) { problem_ = "deflate"; return 0; }   // the data ended early
      if (r != Z_OK && r != Z_BUF_ERROR) { problem_ = "deflate"; return 0; }
    }
    return static_cast<size_t>(z_.next_out - out);
  }

  Source& src_;
  ZipEntry e_;
  uint64_t pos_ = 0, left_ = 0, produced_ = 0;
  uint32_t crc_ = 0;
  bool done_ = false, z_open_ = false;
  z_stream z_{};
  std::vector<uint8_t> in_;
};

class GunzipStream final : public Stream {
 public:
  explicit GunzipStream(std::unique_ptr<Stream> in) : in_(std::move(in)), buf_(kInChunk) {
    std::memset(&z_, 0, sizeof z_);
    if (inflateInit2(&z_, 16 + 15) != Z_OK) problem_ = "gzip";
  }
  ~GunzipStream() override { inflateEnd(&z_); }
  size_t read(uint8_t* out, size_t cap) override {
    if (failed() || done_ || cap == 0) return 0;
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(std::min<size_t>(cap, 1u << 30));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0) {
        const size_t n = in_->read(buf_.data(), buf_.size());
        if (in_->failed()) { problem_ = in_->problem(); return 0; }
        if (n == 0) {
          if (member_open_) { problem_ = "gzip"; return 0; }   // a member cut short
          done_ = true;
          break;
        }
        z_.next_in = buf_.data();
        z_.avail_in = static_cast<uInt>(n);
      }
      member_open_ = true;
      const int r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {   // another member may follow (cat a.gz b.gz)
        member_open_ = false;
        if (inflateReset(&z_) != Z_OK) { problem_ = "gzip"; return 0; }
        continue;
      }
      if (r != Z_OK && r != Z_BUF_ERROR) { problem_ = "gzip"; return 0; }
    }
    return static_cast<size_t>(z_.next_out - out);
  }

 private:
  std::unique_ptr<Stream> in_;
  std::vector<uint8_t> buf_;
  z_stream z_{};
  bool done_ = false, member_open_ = false;
};

class SourceStream final : public Stream {
 public:
  explicit SourceStream(Source& s) : s_(s) {}
  size_t read(uint8_t* out, size_t cap) override {
    if (failed()) return 0;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(cap, s_.size() - std::min(pos_, s_.size())));
    if (n && !s_.read(pos_, out, n)) { problem_ = "io"; return 0; }
    pos_ += n;
    return n;
  }

 private:
  Source& s_;
  uint64_t pos_ = 0;
};

}  // namespace

std::unique_ptr<Stream> open_entry(Source& src, const ZipEntry& e) { return std::make_unique<EntryStream>(src, e); }
std::unique_ptr<Stream> gunzip(std::unique_ptr<Stream> in) { return std::make_unique<GunzipStream>(std::move(in)); }
std::unique_ptr<Stream> source_stream(Source& src) { return std::make_unique<SourceStream>(src); }

}  // namespace tl::archive
