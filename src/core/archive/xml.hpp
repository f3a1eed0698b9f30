// tierlens — a pull tokenizer for the XML inside an .xlsx, over a Stream, a chunk at a time.
//
// Enough XML for OOXML parts as spreadsheet writers produce them: elements (prefixes dropped: x:row is
// row), attributes, text with the five named entities and numeric references, CDATA; comments,
// processing instructions and the DOCTYPE are skipped (entities are never defined or expanded, so no
// "billion laughs"). Memory: the unread part of the current chunk and the current text. Why by hand:
// no maintained streaming XML parser is packaged for both Debian's native and Emscripten toolchains
// (expat, libxml2 are native only here), and this subset is small enough to read in one sitting.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/source.hpp"

namespace tl::archive {

class XmlReader {
 public:
  enum Event : uint8_t { Start, End, Text, Eof, Error };
  explicit XmlReader(Stream& in) : in_(in) {}
  // The next event. Start: name(), attr(); a self-closing element gives Start then End. End: name().
  // Text: text(). Error: not well-formed enough to go on (or the stream failed: see failed_stream()).
  Event next();
  std::string_view name() const { return name_; }
  std::string_view attr(std::string_view local_name) const;   // "" when absent
  const std::string& text() const { return text_; }
  bool failed_stream() const { return in_.failed(); }

 private:
  bool fill();                                  // more bytes; false at the end of the stream
  bool need(size_t n);                          // at least n unread bytes (false: the stream ended first)
  size_t find(std::string_view s, size_t from); // in the unread bytes, reading more as needed; npos at end
  Event tag();

  Stream& in_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false, pending_end_ = false;
  std::string name_, text_;
  // attribute names and values: views into buf_ (valid until the next call), or into decoded_ for a
  // value with references in it; no allocation per tag once the vectors have grown
  std::vector<std::pair<std::string_view, std::string_view>> attrs_;
  std::deque<std::string> decoded_;   // (a deque: growing it moves no string)
  size_t decoded_used_ = 0;
};

// Appends the UTF-8 of text with XML entity and character references replaced.
void xml_unescape(std::string_view s, std::string& out);

}  // namespace tl::archive
