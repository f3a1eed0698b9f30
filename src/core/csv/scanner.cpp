// tierlens — RFC 4180 record scanner over UTF-8 text, fed in chunks (see scanner.hpp).
//
// [SECTION] block masks   — separator / quote / line-end positions of 64 bytes at once (SSE2, simd128)
// [SECTION] sniffing      — the separator, from the first 64 KiB
// [SECTION] feeding       — feed / finish, the record buffers, the block-mask cursor
// [SECTION] fast path     — whole simple records cut from the masks, one bit per field end (fast_rows)
// [SECTION] state machine — everything else (scan)
//
// A resumable state machine: every byte is consumed in exactly one state, and the state (plus the
// bytes of the unfinished record) survives between feeds, so chunk boundaries cannot change the
// result. At a record start the fast path runs first and hands the state machine the first record it
// cannot cut, untouched. Fields are used in place or appended with one copy; the record's buffers are
// reused, so a record costs no heap allocation once they have grown.
#include "scanner.hpp"

#include <algorithm>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tl::csv {

namespace {

// [SECTION] block masks ----------------------------------------------------------------------

// The bytes that end a run of field text: separator, quote, LF, CR, and NUL (never text: the state
// machine drops and counts it). A 64-byte block is classified at once with 16-byte vector compares
// (SSE2 natively, simd128 in WebAssembly) into a bit mask.
#if defined(__wasm_simd128__)
inline uint64_t special_mask64(const char* p, char sep) {
  const v128_t s = wasm_i8x16_splat(sep), q = wasm_i8x16_splat('"'), lf = wasm_i8x16_splat('\n'), cr = wasm_i8x16_splat('\r');
  const v128_t z = wasm_i8x16_splat(0);
  uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    const v128_t v = wasm_v128_load(p + 16 * k);
    const v128_t e = wasm_v128_or(wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, s), wasm_i8x16_eq(v, q)), wasm_i8x16_eq(v, z)),
                                  wasm_v128_or(wasm_i8x16_eq(v, lf), wasm_i8x16_eq(v, cr)));
    m |= static_cast<uint64_t>(wasm_i8x16_bitmask(e)) << (16 * k);
  }
  return m;
}
#elif defined(__SSE2__)
inline uint64_t special_mask64(const char* p, char sep) {
  const __m128i s = _mm_set1_epi8(sep), q = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  const __m128i z = _mm_setzero_si128();
  uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i e = _mm_or_si128(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, s), _mm_cmpeq_epi8(v, q)), _mm_cmpeq_epi8(v, z)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    m |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(e))) << (16 * k);
  }
  return m;
}
#else
inline uint64_t special_mask64(const char* p, char sep) {
  uint64_t m = 0;
  for (int k = 0; k < 64; ++k)
    if (p[k] == sep || p[k] == '"' || p[k] == '\n' || p[k] == '\r' || p[k] == '\0') m |= 1ull << k;
  return m;
}
#endif

// [SECTION] sniffing -------------------------------------------------------------------------

// Separator statistics for one candidate over the sniffed sample.
struct Tally {
  explicit Tally(char s) : sep(s) {}
  char sep;
  std::vector<uint64_t> counts;  // separators per non-blank record
  uint64_t records = 0;
  uint64_t mode = 0;  // most frequent count (ties: the larger)
  uint64_t freq = 0;  // records with exactly `mode` separators
};

// One pass for all candidates. A quote opens quoted text after any candidate separator, so the
// commas inside "Hello, world" in a ';' file are not counted for ','.
void tally(std::string_view s, bool at_end, Tally (&t)[3]) {
  uint64_t count[3] = {0, 0, 0};
  bool in_quotes = false, closed = false, field_start = true, content = false;
  for (char c : s) {
    if (in_quotes) {
      if (c == '"') {
        in_quotes = false;
        closed = true;
      }
      continue;
    }
    if (c == '"' && (field_start || closed)) {  // an opening quote, or the second half of ""
      in_quotes = true;
      closed = false;
      field_start = false;
      content = true;
      continue;
    }
    closed = false;
    if (c == '\n' || c == '\r') {
      if (content)
        for (int k = 0; k < 3; ++k) t[k].counts.push_back(count[k]);
      count[0] = count[1] = count[2] = 0;
      field_start = true;
      content = false;
      continue;
    }
    content = true;
    field_start = false;
    for (int k = 0; k < 3; ++k)
      if (c == t[k].sep) {
        ++count[k];
        field_start = true;
      }
  }
  if (at_end && content)  // otherwise the last record may be cut by the sample's end
    for (int k = 0; k < 3; ++k) t[k].counts.push_back(count[k]);
  for (Tally& x : t) {
    x.records = x.counts.size();
    std::sort(x.counts.begin(), x.counts.end());
    for (size_t i = 0; i < x.counts.size();) {
      size_t j = i;
      while (j < x.counts.size() && x.counts[j] == x.counts[i]) ++j;
      if (j - i >= x.freq) {
        x.freq = j - i;
        x.mode = x.counts[i];
      }
      i = j;
    }
  }
}

// a.freq / a.records > b.freq / b.records, without floating point
bool more_consistent(const Tally& a, const Tally& b) { return a.freq * b.records > b.freq * a.records; }

}  // namespace

Scanner::Scanner(char sep) : sep_(usable_separator(sep) ? sep : 0) {}

void Scanner::decide_separator(bool at_end) {
  // The sample is exactly the first kSniffBytes (or all of a shorter input), so the choice does not
  // depend on chunking. A separator is "consistent" when >= 90 % of the records have its modal
  // count; among consistent ones the largest count wins (a tab file whose text holds a few commas),
  // otherwise the most consistent one. Ties keep the order , \t ;.
  const std::string_view sample(pending_.data(), std::min(pending_.size(), kSniffBytes));
  const bool whole = at_end && pending_.size() <= kSniffBytes;
  Tally t[3] = {Tally(','), Tally('\t'), Tally(';')};
  tally(sample, whole, t);
  const Tally* best = nullptr;
  for (const Tally& c : t) {
    if (c.mode == 0 || c.freq * 10 < c.records * 9) continue;
    if (!best || c.mode > best->mode || (c.mode == best->mode && more_consistent(c, *best))) best = &c;
  }
  if (!best) {
    for (const Tally& c : t) {
      if (c.mode == 0) continue;
      if (!best || more_consistent(c, *best) || (!more_consistent(*best, c) && c.mode > best->mode)) best = &c;
    }
  }
  sep_ = best ? best->sep : ',';
}

// [SECTION] feeding ---------------------------------------------------------------------------

void Scanner::feed(std::string_view text, const RecordSink& sink) {
  if (text.empty()) return;
  any_input_ = true;
  last_byte_ = text.back();
  if (sep_ == 0) {
    pending_.append(text.data(), text.size());
    if (pending_.size() < kSniffBytes) return;
    decide_separator(false);
    std::string s;
    s.swap(pending_);
    scan(s, sink);
    return;
  }
  scan(text, sink);
}

void Scanner::finish(const RecordSink& sink) {
  if (sep_ == 0) {
    decide_separator(true);
    std::string s;
    s.swap(pending_);
    scan(s, sink);
  }
  // the last record, when the input does not end with a line end
  switch (state_) {
    case State::Quoted:
      unterminated_quote_ = true;
      unterminated_quote_line_ = quote_line_;
      end_field();
      emit(sink);
      break;
    case State::Unquoted:
    case State::QuoteInQuoted:
      end_field();
      emit(sink);
      break;
    case State::FieldStart:
      if (n_refs_) {  // "a,b," : the last field is empty
        end_field();
        emit(sink);
      }
      break;
    case State::AfterCR:
      break;
  }
  state_ = State::FieldStart;
  // line_ was the current line; now the number of physical lines (a final line end opens none)
  if (!any_input_) line_ = 0;
  else if (last_byte_ == '\n' || last_byte_ == '\r') line_ -= 1;
  any_input_ = false;
}

void Scanner::emit(const RecordSink& sink) {
  rec_.line = record_line_;
  if (rec_fields_.size() < n_refs_) rec_fields_.resize(n_refs_);
  std::string_view* f = rec_fields_.data();
  rec_.fields = Fields{f, n_refs_};
  for (size_t k = 0; k < n_refs_; ++k) {
    const FieldRef& r = refs_ptr_[k];
    f[k] = std::string_view(r.view ? r.view : buf_ptr_ + r.off, r.len);
  }
  sink(rec_);
  buf_len_ = 0;
  n_refs_ = 0;
  field_off_ = 0;
  if (slow_records_) --slow_records_;
}

void Scanner::grow_buf(size_t n) {
  buf_.resize(std::max(buf_.size() * 2, buf_len_ + n + 256));
  buf_ptr_ = buf_.data();
  buf_cap_ = buf_.size();
}

void Scanner::grow_refs() {
  refs_.resize(std::max<size_t>(refs_.size() * 2, 64));
  refs_ptr_ = refs_.data();
  refs_cap_ = refs_.size();
}

// End of a feed inside a record: its fields that are views of the text are copied into buf_ (ahead
// of the field still being put(), which moves behind them).
void Scanner::spill_views() {
  bool any = false;
  for (size_t k = 0; k < n_refs_ && !any; ++k) any = refs_ptr_[k].view != nullptr;
  if (!any) return;
  spill_tmp_.assign(buf_ptr_ + field_off_, buf_len_ - field_off_);
  buf_len_ = field_off_;
  for (size_t k = 0; k < n_refs_; ++k) {
    FieldRef& r = refs_ptr_[k];
    if (!r.view) continue;
    const char* v = r.view;
    r.view = nullptr;
    r.off = static_cast<uint32_t>(buf_len_);
    put(v, r.len);
  }
  field_off_ = static_cast<uint32_t>(buf_len_);
  put(spill_tmp_.data(), spill_tmp_.size());
}

void Scanner::end_line(char c) {
  ++line_;
  record_line_ = line_;
  state_ = c == '\r' ? State::AfterCR : State::FieldStart;
}

// First position in [p, end) holding the separator, a quote, LF, CR or NUL, or end. Scans ahead in
// 64-byte blocks and keeps the last block's mask: the fields of a row take one mask, not one scan each.
inline const char* Scanner::next_special(const char* p, const char* end) {
  for (;;) {
    if (blk_ && p >= blk_ && p < blk_ + 64) {
      const uint64_t m = blk_bits_ & (~0ull << (p - blk_));
      if (m) return blk_ + __builtin_ctzll(m);
      p = blk_ + 64;
    }
    if (end - p < 64) {
      const char sep = sep_;
      while (p < end && *p != sep && *p != '"' && *p != '\n' && *p != '\r' && *p != '\0') ++p;
      return p;
    }
    blk_ = p;
    blk_bits_ = special_mask64(p, sep_);
  }
}

// [SECTION] fast path ------------------------------------------------------------------------

// The fast path: whole records cut straight from the block masks, one bit per field end, while
// they are simple — one physical line ending in LF or CRLF, fields unquoted (literal quotes allowed,
// as in the state machine) or quoted without "" or line ends inside. It starts only at a record
// start and stops before the first record it cannot cut (or within 64 bytes of the text's end),
// having changed nothing for it: the state machine then reads that record exactly as it would have.
// Returns where it stopped.
const char* Scanner::fast_rows(const char* p, const char* const end, const RecordSink& sink) {
  if (end - p < 64) return p;
  const char sep = sep_;
  const char* base = p;  // the block whose special bytes not yet consumed are in `bits`
  uint64_t bits = special_mask64(p, sep);
  if (fast_.size() < 64) fast_.resize(64);
  std::string_view* fv = fast_.data();
  size_t cap = fast_.size();
  const char* row = p;
// s = the next special byte; leaves the fast path when the next block is not wholly in the text
#define TL_NEXT_SPECIAL(s)                          \
  while (!bits) {                                   \
    base += 64;                                     \
    if (end - base < 64) return row;                \
    bits = special_mask64(base, sep);               \
  }                                                 \
  s = base + __builtin_ctzll(bits);                 \
  bits &= bits - 1
  size_t n = 0;
  auto add_field = [&](const char* b, const char* e) {
    if (n == cap) {
      fast_.resize(cap * 2);
      fv = fast_.data();
      cap = fast_.size();
    }
    fv[n++] = std::string_view(b, static_cast<size_t>(e - b));
  };
  for (;;) {  // one record a turn; p = row = its start
    n = 0;
    for (;;) {  // one field a turn, starting at p
      const char* s;
      TL_NEXT_SPECIAL(s);
      if (*s == sep) {  // the usual case first: an unquoted field without quotes ends
        add_field(p, s);
        p = s + 1;
        continue;
      }
      if (*s == '\0') return row;  // a NUL byte: the state machine drops and counts it
      const char* fs = p;
      const char* fe = s;
      if (*s == '"') {
        if (s == p) {  // a quoted field: separators inside are text; it must close right before a special byte
          do {
            TL_NEXT_SPECIAL(s);
          } while (*s == sep);
          if (*s != '"') return row;  // a line end inside quotes
          fs = p + 1;
          fe = s;
          TL_NEXT_SPECIAL(s);
          if (s != fe + 1 || *s == '"' || *s == '\0') return row;  // stray text after the closing quote, "", NUL
        } else {
          do {  // quotes inside unquoted text are literal (="123")
            TL_NEXT_SPECIAL(s);
          } while (*s == '"');
          if (*s == '\0') return row;
          fe = s;
        }
      } else if (s == row) {
        return row;  // a blank line
      }
      add_field(fs, fe);
      p = s + 1;
      if (*s == sep) continue;
      if (*s == '\r') {  // CRLF only: a lone CR is left to the state machine
        const char* lf;
        TL_NEXT_SPECIAL(lf);
        if (lf != p || *lf != '\n') return row;
        p = lf + 1;
      }
      break;
    }
#undef TL_NEXT_SPECIAL
    rec_.line = record_line_;
    rec_.fields = Fields{fv, n};
    sink(rec_);
    ++line_;
    record_line_ = line_;
    row = p;
  }
}

// [SECTION] state machine --------------------------------------------------------------------

void Scanner::scan(std::string_view text, const RecordSink& sink) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const char sep = sep_;
  const char* fresh = nullptr;  // where an unquoted field starts in this text
  blk_ = nullptr;
  while (p < end) {
    if (state_ == State::FieldStart && n_refs_ == 0 && slow_records_ == 0 && end - p >= 64) {
      const char* r = fast_rows(p, end, sink);
      // the state machine now reads the record the fast path stopped at; after a stop at the very
      // first record, it reads twice as many before the next try (a file whose records are all odd)
      slow_backoff_ = r != p ? 1 : std::min<uint32_t>(slow_backoff_ * 2, 64);
      slow_records_ = slow_backoff_;
      p = r;
      if (p == end) break;
    }
    switch (state_) {
      case State::FieldStart: {
        // 1. start of a field: a quote opens a quoted field; a line end on an empty record is a
        //    blank line, otherwise it ends the record
        const char c = *p;
        if (c == '"') {
          ++p;
          state_ = State::Quoted;
          quote_line_ = line_;
          cr_pending_ = false;
          break;
        }
        if (c == sep) {
          ++p;
          end_field();
          break;
        }
        if (c == '\n' || c == '\r') {
          ++p;
          if (!n_refs_) {
            ++blank_lines_;
            if (slow_records_) --slow_records_;
          } else {
            end_field();
            emit(sink);
          }
          end_line(c);
          break;
        }
        state_ = State::Unquoted;
        fresh = p;
      }
        [[fallthrough]];
      case State::Unquoted: {
        // 2. unquoted text up to the next separator or line end; quotes in it are literal (="123")
        const char* q = next_special(p, end);
        for (;;) {
          while (q != end && *q == '"') q = next_special(q + 1, end);   // quotes inside unquoted text are literal
          if (q == end || *q != '\0') break;
          put(p, static_cast<size_t>(q - p));   // a NUL byte: dropped (the field is assembled without it), counted
          note_nul();
          p = q + 1;
          fresh = nullptr;
          q = next_special(p, end);
        }
        if (p == fresh && q != end) {
          view_field(p, static_cast<size_t>(q - p));   // the whole field lies in this text: no copy
        } else {
          put(p, static_cast<size_t>(q - p));
          if (q == end) {
            p = q;
            break;
          }
          end_field();
        }
        p = q;
        const char c = *p++;
        if (c == sep) {
          state_ = State::FieldStart;
        } else {
          emit(sink);
          end_line(c);
        }
        break;
      }
      case State::Quoted: {
        // 3. quoted text up to the next quote; line ends in it are kept and counted (CRLF once)
        const char* q = next_special(p, end);
        while (q != end && *q == sep) q = next_special(q + 1, end);   // separators inside quotes are text
        if (q != p) {
          put(p, static_cast<size_t>(q - p));
          cr_pending_ = false;
        }
        p = q;
        if (p == end) break;
        const char c = *p++;
        if (c == '"') {
          state_ = State::QuoteInQuoted;
          break;
        }
        if (c == '\0') {   // dropped, counted
          note_nul();
          break;
        }
        put(c);
        if (c == '\r') {
          ++line_;
          cr_pending_ = true;
        } else {
          if (!cr_pending_) ++line_;
          cr_pending_ = false;
        }
        break;
      }
      case State::QuoteInQuoted: {
        // 4. after a quote inside a quoted field: "" is a literal quote; a separator or line end
        //    closes the field; anything else is stray text, kept as unquoted text ("ab"c -> abc)
        const char c = *p;
        if (c == '"') {
          ++p;
          put('"');
          state_ = State::Quoted;
          cr_pending_ = false;
        } else if (c == sep) {
          ++p;
          end_field();
          state_ = State::FieldStart;
        } else if (c == '\n' || c == '\r') {
          ++p;
          end_field();
          emit(sink);
          end_line(c);
        } else {
          state_ = State::Unquoted;
        }
        break;
      }
      case State::AfterCR:
        // 5. a CR ended the line: an LF right after it belongs to the same line end
        if (*p == '\n') ++p;
        state_ = State::FieldStart;
        break;
    }
  }
  spill_views();
}

}  // namespace tl::csv
