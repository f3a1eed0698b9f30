// tierlens — RFC 4180 record scanner over UTF-8 text, fed in chunks.
//
// Copes with: separators ',' '\t' ';' (sniffed from the first lines unless given), quoted fields
// containing separators, doubled quotes ("") and newlines, CRLF / LF / lone CR line ends, ragged
// rows (records with more or fewer fields than the header: reported as they are), a missing final
// newline, a quote appearing inside an unquoted field (kept literally, e.g. Excel's ="123"), and a
// quoted field followed by stray text before the separator (kept, appended). Blank physical lines
// (nothing but a line end) produce no record and are counted (blank_lines()). NUL bytes are never
// text (a damaged export, or UTF-16 read as UTF-8): they are dropped from the field they are in, and
// counted (nul_bytes(), nul_rows(), nul_first_line()) so the file can say so.
//
// Chunk boundaries may fall anywhere (inside a quoted field, between CR and LF, inside a UTF-8
// character): the records emitted are identical for every split of the same text.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tl::csv {

// The fields of a record: a view of an array the scanner (or whoever builds the record) owns.
struct Fields {
  const std::string_view* ptr = nullptr;
  size_t count = 0;
  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  const std::string_view& operator[](size_t i) const { return ptr[i]; }
  const std::string_view* begin() const { return ptr; }
  const std::string_view* end() const { return ptr + count; }
};

struct Record {
  uint64_t line = 0;  // 1-based physical line on which the record starts
  Fields fields;      // unquoted field contents; valid only during the callback
};

using RecordSink = std::function<void(const Record&)>;

class Scanner {
 public:
  static constexpr size_t kSniffBytes = 64 * 1024;

  // sep = 0 sniffs the separator from the first kSniffBytes (or everything, if the input is shorter).
  // So does a byte that cannot separate fields: a quote, CR or LF (they already mean something) or a
  // byte >= 0x80 (part of a UTF-8 character).
  explicit Scanner(char sep = 0);
  static bool usable_separator(char sep) {
    return sep != '"' && sep != '\n' && sep != '\r' && static_cast<unsigned char>(sep) < 0x80;
  }

  // Feeds UTF-8 text; calls sink for every complete record.
  void feed(std::string_view text, const RecordSink& sink);
  // End of input: emits the last record even without a final newline. An unterminated quoted
  // field at end of input is emitted as it is and flagged (unterminated_quote()).
  void finish(const RecordSink& sink);

  char separator() const { return sep_; }          // 0 until decided
  uint64_t blank_lines() const { return blank_lines_; }
  bool unterminated_quote() const { return unterminated_quote_; }
  uint64_t unterminated_quote_line() const { return unterminated_quote_line_; }
  uint64_t nul_bytes() const { return nul_bytes_; }            // NUL bytes dropped from fields
  uint64_t nul_rows() const { return nul_rows_; }              // records that held them
  uint64_t nul_first_line() const { return nul_first_line_; }  // the line the first such record starts on (0: none)
  // physical lines so far, counting the one in progress; after finish() the file's line count
  uint64_t lines() const { return line_; }

 private:
  // Sniffing: choose among ',', '\t', ';' the one whose per-record count (outside quotes) is
  // highest and most consistent over the first lines; default ',' when nothing is conclusive.
  void decide_separator(bool at_end);
  void scan(std::string_view text, const RecordSink& sink);
  const char* fast_rows(const char* p, const char* end, const RecordSink& sink);
  void emit(const RecordSink& sink);
  void end_line(char c);
  void note_nul() {
    ++nul_bytes_;
    if (nul_record_ != record_line_) {
      nul_record_ = record_line_;
      ++nul_rows_;
      if (!nul_first_line_) nul_first_line_ = record_line_;
    }
  }

  char sep_ = 0;
  const char* next_special(const char* p, const char* end);
  const char* blk_ = nullptr;  // the 64 bytes last classified (within the text being scanned)
  uint64_t blk_bits_ = 0;      // their separator / quote / LF / CR positions
  std::string pending_;      // text buffered while sniffing
  // Current record under construction. Raw pointers into vectors that only ever grow: the hot
  // loop must not depend on the optimiser inlining std::string (em++ -O2 left it out of line).
  void grow_buf(size_t n);
  void grow_refs();
  void put(const char* p, size_t n) {
    if (n > buf_cap_ - buf_len_) grow_buf(n);
    if (n) std::memcpy(buf_ptr_ + buf_len_, p, n);
    buf_len_ += n;
  }
  void put(char c) {
    if (buf_len_ == buf_cap_) grow_buf(1);
    buf_ptr_[buf_len_++] = c;
  }
  // A completed field: the bytes put() since the previous one, or (view_field) bytes of the text
  // being scanned, used in place. Views never outlive a feed: spill_views() copies them at its end.
  struct FieldRef {
    const char* view;   // nullptr: the field is buf_[off, off + len)
    uint32_t off, len;
  };
  void end_field() {
    if (n_refs_ == refs_cap_) grow_refs();
    refs_ptr_[n_refs_++] = FieldRef{nullptr, field_off_, static_cast<uint32_t>(buf_len_ - field_off_)};
    field_off_ = static_cast<uint32_t>(buf_len_);
  }
  void view_field(const char* p, size_t n) {
    if (n_refs_ == refs_cap_) grow_refs();
    refs_ptr_[n_refs_++] = FieldRef{p, 0, static_cast<uint32_t>(n)};
  }
  void spill_views();
  std::vector<char> buf_;       // bytes of the fields of the current record, concatenated
  char* buf_ptr_ = nullptr;
  size_t buf_len_ = 0, buf_cap_ = 0;
  std::vector<FieldRef> refs_;  // completed fields of the current record
  FieldRef* refs_ptr_ = nullptr;
  size_t n_refs_ = 0, refs_cap_ = 0;
  uint32_t field_off_ = 0;      // start in buf_ of the field being put()
  std::string spill_tmp_;
  Record rec_;
  std::vector<std::string_view> rec_fields_;  // the fields rec_ shows, for the state machine's records
  // Fast path (fast_rows): fields of the record being cut, and how many records the state machine
  // must finish before the fast path is tried again (doubles while it fails at once: odd files).
  std::vector<std::string_view> fast_;
  uint32_t slow_records_ = 0, slow_backoff_ = 1;
  enum class State : uint8_t { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCR } state_ = State::FieldStart;
  bool cr_pending_ = false;  // inside quotes: the last byte was a CR (a following LF is the same line end)
  bool any_input_ = false;
  char last_byte_ = 0;
  uint64_t line_ = 1;        // current physical line while scanning; the number of lines after finish()
  uint64_t record_line_ = 1;
  uint64_t quote_line_ = 0;  // line of the opening quote of the current quoted field
  uint64_t blank_lines_ = 0;
  bool unterminated_quote_ = false;
  uint64_t unterminated_quote_line_ = 0;
  uint64_t nul_bytes_ = 0, nul_rows_ = 0, nul_first_line_ = 0;
  uint64_t nul_record_ = 0;  // the line of the record a NUL was last counted in
};

}  // namespace tl::csv
