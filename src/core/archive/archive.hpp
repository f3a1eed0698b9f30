// tierlens — files inside files: a ZIP of exports (folders too, and ZIPs or workbooks inside it), an
// .xlsx workbook's sheets, a gzip. Each becomes an Item the host reads as a file of its own, through the
// same Workspace calls as any CSV:
//
//   std::optional<tl::Message> error;
//   auto a = tl::archive::Archive::open(source, "exports.zip", error);   // the table of contents only
//   if (!a) ...error is the file's coded message (ws.fail() on a file of that name shows it)
//   for (size_t i = 0; i < a->items().size(); ++i) tl::archive::read_item(ws, *a, i, options);
//
// Format is told by the first bytes, never by the name. Items are named "exports.zip/2023-06/订单1.csv",
// "book.xlsx" (a workbook's only data sheet) or "book.xlsx › 订单" (one of several). A workbook's hidden or
// empty sheets, and its other sheets whose first row is not the header of a known kind, are items with
// a note (left out, and why); so are an archive's folders' system files (__MACOSX, .DS_Store …), which
// are not listed at all. Anything else in a ZIP is read as a file, so an image or a PDF in it gets the
// same message as on its own.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "archive/source.hpp"
#include "file_info.hpp"

namespace tl {
class Workspace;
}

namespace tl::archive {

enum class Container : uint8_t { None, Zip, Gzip };
// By the first bytes (at least 4 of them for a ZIP).
Container container_of(const uint8_t* data, size_t n);

struct Item {
  std::string name;
  bool sheet = false;              // a workbook sheet written as CSV (UTF-8, ',')
  uint64_t size = 0;               // bytes before compression, when known
  std::optional<Message> note;     // left out, and why; nothing to read
  std::optional<Message> error;    // cannot be read (encrypted, unknown method, too big to unpack): fail it
};

class Archive {
 public:
  // Unpacks at most this much of an archive or workbook nested in a ZIP into memory (it needs random access).
  static constexpr uint64_t kNestedLimit = 512ull << 20;

  static std::unique_ptr<Archive> open(Source& src, const std::string& name, std::optional<Message>& error);
  ~Archive();
  const std::vector<Item>& items() const { return items_; }
  // Item i's bytes; its read() returns 0 at the end, then failed()/problem() tell a damaged entry.
  std::unique_ptr<Stream> stream(size_t i);
  // The options to open item i with: the host's, with UTF-8 and ',' for a sheet.
  FileOptions options(size_t i, FileOptions base) const;

  struct Part;   // where an item's bytes are (archive.cpp)

 private:
  Archive() = default;
  std::vector<Item> items_;
  std::vector<std::unique_ptr<Part>> parts_;
  std::vector<std::unique_ptr<Source>> owned_;     // nested archives unpacked in memory
  struct Books;
  std::unique_ptr<Books> books_;
  friend struct Expander;
};

// The message for a stream that broke while item `name` was read (problem(): "crc", "deflate", …).
Message stream_message(const std::string& name, const std::string& problem);

// Opens a Workspace file for item i, streams its bytes into it in chunks and closes it (a damaged
// entry fails the file: what was read of it is removed). An item with a note is not opened: -1.
int read_item(Workspace& ws, Archive& a, size_t i, const FileOptions& base);

}  // namespace tl::archive
