// tierlens — XML pull tokenizer (xml.hpp).
#include "archive/xml.hpp"

#include <cstring>

namespace tl::archive {

namespace {

constexpr size_t kRead = 64 * 1024;
constexpr size_t kMaxTag = 1 << 20;        // a start tag longer than this is not a spreadsheet's
constexpr size_t kMaxText = 64u << 20;     // nor a text node (a cell holds at most 32,767 characters)

void put_utf8(uint32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += static_cast<char>(0xC0 | cp >> 6); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) { out += static_cast<char>(0xE0 | cp >> 12); out += static_cast<char>(0x80 | (cp >> 6 & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else { out += static_cast<char>(0xF0 | cp >> 18); out += static_cast<char>(0x80 | (cp >> 12 & 0x3F)); out += static_cast<char>(0x80 | (cp >> 6 & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
}

// (short strings: plain loops here cost less than a library search's call per tag)
bool has_char(std::string_view s, char c) {
  for (char x : s)
    if (x == c) return true;
  return false;
}

std::string_view local(std::string_view qname) {
  for (size_t i = 0; i < qname.size(); ++i)
    if (qname[i] == ':') return qname.substr(i + 1);
  return qname;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

void xml_unescape(std::string_view s, std::string& out) {
  if (!has_char(s, '&')) { out.append(s); return; }   // the common case
  for (size_t i = 0; i < s.size();) {
    const size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) { out.append(s.substr(i)); break; }
    out.append(s.substr(i, amp - i));
    const size_t semi = s.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 12) { out += '&'; i = amp + 1; continue; }
    const std::string_view ent = s.substr(amp + 1, semi - amp - 1);
    if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "amp") out += '&';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() > 1 && ent[0] == '#') {
      uint32_t cp = 0;
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      bool ok = ent.size() > (hex ? 2u : 1u);
      for (size_t k = hex ? 2 : 1; k < ent.size() && ok; ++k) {
        const char c = ent[k];
        int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0 || cp > 0x10FFFF) ok = false;
        else cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      }
      if (ok) put_utf8(cp, out);
      else out.append(s.substr(amp, semi - amp + 1));
    } else {
      out.append(s.substr(amp, semi - amp + 1));   // an entity no document here defines: kept as written
    }
    i = semi + 1;
  }
}

bool XmlReader::fill() {
  if (eof_) return false;
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {   // drop what was read
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  const size_t old = buf_.size();
  buf_.resize(old + kRead);
  const size_t n = in_.read(reinterpret_cast<uint8_t*>(&buf_[old]), kRead);
  buf_.resize(old + n);
  if (n == 0) eof_ = true;
  return n > 0;
}

bool XmlReader::need(size_t n) {
  while (buf_.size() - pos_ < n)
    if (!fill()) return false;
  return true;
}

size_t XmlReader::find(std::string_view s, size_t from) {
  for (;;) {
    const size_t at = buf_.find(s, pos_ + from);
    if (at != std::string::npos) return at - pos_;
    const size_t have = buf_.size() - pos_;
    from = have >= s.size() ? have - s.size() + 1 : 0;
    if (have > kMaxText || !fill()) return std::string::npos;
  }
}

std::string_view XmlReader::attr(std::string_view name) const {
  for (const auto& [k, v] : attrs_)
    if (local(k) == name) return v;
  return {};
}

XmlReader::Event XmlReader::next() {
  if (pending_end_) {
    pending_end_ = false;
    return End;
  }
  for (;;) {
    if (!need(1)) return in_.failed() ? Error : Eof;
    if (buf_[pos_] != '<') {   // text up to the next tag
      const size_t lt = find("<", 0);
      const size_t len = lt == std::string::npos ? buf_.size() - pos_ : lt;
      if (lt == std::string::npos && (in_.failed() || len > kMaxText)) return Error;
      text_.clear();
      xml_unescape(std::string_view(buf_).substr(pos_, len), text_);
      pos_ += len;
      return Text;
    }
    if (!need(2)) return Error;
    const char c = buf_[pos_ + 1];
    if (c == '?') {   // <?xml …?>
      const size_t e = find("?>", 2);
      if (e == std::string::npos) return Error;
      pos_ += e + 2;
      continue;
    }
    if (c == '!') {
      if (need(4) && buf_.compare(pos_, 4, "<!--") == 0) {
        const size_t e = find("-->", 4);
        if (e == std::string::npos) return Error;
        pos_ += e + 3;
        continue;
      }
      if (need(9) && buf_.compare(pos_, 9, "<![CDATA[") == 0) {
        const size_t e = find("]]>", 9);
        if (e == std::string::npos) return Error;
        text_.assign(buf_, pos_ + 9, e - 9);
        pos_ += e + 3;
        return Text;
      }
      const size_t e = find(">", 2);   // <!DOCTYPE …> (internal subsets are not read: nothing is expanded)
      if (e == std::string::npos) return Error;
      pos_ += e + 1;
      continue;
    }
    return tag();
  }
}

XmlReader::Event XmlReader::tag() {
  // the whole tag, with '>' inside quoted attribute values allowed. Fast path: the next '>' in the bytes
  // at hand, when the quotes before it pair up (nearly every tag); else the scan that tracks quotes.
  size_t i = 1;
  char quote = 0;
  if (const void* gt = std::memchr(buf_.data() + pos_ + 1, '>', buf_.size() - pos_ - 1)) {
    const size_t end = static_cast<size_t>(static_cast<const char*>(gt) - buf_.data()) - pos_;
    unsigned dq = 0, sq = 0;
    for (size_t k = 1; k < end; ++k) {
      dq += buf_[pos_ + k] == '"';
      sq += buf_[pos_ + k] == '\'';
    }
    if (dq % 2 == 0 && sq % 2 == 0 && (sq == 0 || dq == 0)) i = end;
  }
  for (; i < kMaxTag; ++i) {
    if (pos_ + i >= buf_.size() && !need(i + 1)) return Error;
    const char c = buf_[pos_ + i];
    if (quote) { if (c == quote) quote = 0; }
    else if (c == '"' || c == '\'') quote = c;
    else if (c == '>') break;
  }
  if (i >= kMaxTag) return Error;
  std::string_view t(buf_.data() + pos_ + 1, i - 1);   // between '<' and '>'
  pos_ += i + 1;
  if (!t.empty() && t[0] == '/') {
    size_t e = 1;
    while (e < t.size() && !is_space(t[e])) ++e;
    name_.assign(local(t.substr(1, e - 1)));
    return End;
  }
  const bool self_closing = !t.empty() && t.back() == '/';
  if (self_closing) t.remove_suffix(1);
  size_t e = 0;
  while (e < t.size() && !is_space(t[e])) ++e;
  name_.assign(local(t.substr(0, e)));
  for (char c : name_)
    if (c == '<' || c == '>' || c == '"' || c == '\'' || c == '=' || c == '&') return Error;
  if (name_.empty()) return Error;
  attrs_.clear();
  decoded_used_ = 0;
  while (e < t.size()) {
    while (e < t.size() && is_space(t[e])) ++e;
    if (e >= t.size()) break;
    const size_t k0 = e;
    while (e < t.size() && t[e] != '=' && !is_space(t[e])) ++e;
    const std::string_view key = t.substr(k0, e - k0);
    while (e < t.size() && is_space(t[e])) ++e;
    if (e >= t.size() || t[e] != '=') return Error;
    ++e;
    while (e < t.size() && is_space(t[e])) ++e;
    if (e >= t.size() || (t[e] != '"' && t[e] != '\'')) return Error;
    const char q = t[e++];
    const size_t v0 = e;
    while (e < t.size() && t[e] != q) ++e;
    if (e >= t.size()) return Error;
    std::string_view value = t.substr(v0, e - v0);
    if (has_char(value, '&')) {
      if (decoded_used_ == decoded_.size()) decoded_.emplace_back();
      std::string& d = decoded_[decoded_used_++];
      d.clear();
      xml_unescape(value, d);
      value = d;
    }
    attrs_.emplace_back(key, value);
    ++e;
  }
  pending_end_ = self_closing;
  return Start;
}

}  // namespace tl::archive
