// tierlens — archives as items (archive.hpp): the walk over a ZIP's entries, workbooks' sheets, gzip.
#include "archive/archive.hpp"

#include <algorithm>

#include "archive/xlsx.hpp"
#include "archive/zip.hpp"
#include "workspace.hpp"

namespace tl::archive {

Container container_of(const uint8_t* d, size_t n) {
  if (n >= 4 && d[0] == 'P' && d[1] == 'K' && ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6))) return Container::Zip;
  if (n >= 2 && d[0] == 0x1f && d[1] == 0x8b) return Container::Gzip;
  return Container::None;
}

struct Archive::Part {
  enum How : uint8_t { None, Entry, GzipEntry, Sheet, WholeGzip } how = None;
  Source* src = nullptr;
  ZipEntry entry;
  Workbook* book = nullptr;
  size_t sheet = 0;
};

struct Archive::Books {
  std::vector<std::unique_ptr<Workbook>> list;
};

Archive::~Archive() = default;

namespace {

std::string base_name(const std::string& path) {
  const size_t s = path.find_last_of('/');
  return s == std::string::npos ? path : path.substr(s + 1);
}

// Entries a system adds to an archive, not a person: macOS resource forks and Finder files, Windows' thumbnails.
bool system_file(const std::string& path) {
  const std::string b = base_name(path);
  return path.rfind("__MACOSX/", 0) == 0 || path.find("/__MACOSX/") != std::string::npos || (!b.empty() && b[0] == '.') ||
         b == "Thumbs.db" || b == "desktop.ini";
}

std::string without_gz(const std::string& name) {
  const size_t n = name.size();
  if (n > 3 && (name.compare(n - 3, 3, ".gz") == 0 || name.compare(n - 3, 3, ".GZ") == 0)) return name.substr(0, n - 3);
  return name;
}

std::string megabytes(uint64_t b) { return std::to_string((b + (1u << 19)) >> 20); }

}  // namespace

struct Expander {
  Archive& a;

  void add(Item item, Archive::Part part) {
    a.items_.push_back(std::move(item));
    a.parts_.push_back(std::make_unique<Archive::Part>(part));
  }
  void add_error(const std::string& name, Message m) {
    Item it;
    it.name = name;
    it.error = std::move(m);
    add(std::move(it), {});
  }

  void zip(Source& src, const std::string& prefix, const std::vector<ZipEntry>& entries, int depth) {
    for (const ZipEntry& e : entries) {
      if (e.directory() || system_file(e.name)) continue;
      const std::string name = prefix + "/" + e.name;
      if (e.encrypted()) { add_error(name, Message(Msg::ArchiveEncrypted).set("file", name)); continue; }
      if (!e.supported()) { add_error(name, Message(Msg::ArchiveMethod).set("file", name).set("method", static_cast<int>(e.method))); continue; }
      uint8_t head[8] = {};
      size_t got = 0;
      {
        auto s = open_entry(src, e);
        got = s->read(head, sizeof head);
        if (s->failed()) { add_error(name, stream_message(name, s->problem())); continue; }
      }
      Archive::Part part;
      part.src = &src;
      part.entry = e;
      Item item;
      item.name = name;
      item.size = e.size;
      switch (container_of(head, got)) {
        case Container::Zip: nested(src, e, name, depth); continue;
        case Container::Gzip:
          part.how = Archive::Part::GzipEntry;
          item.name = without_gz(name);
          item.size = 0;
          break;
        case Container::None: part.how = Archive::Part::Entry; break;
      }
      add(std::move(item), part);
    }
  }

  // A ZIP or workbook inside a ZIP: unpacked into memory (it needs random access), within a limit.
  void nested(Source& src, const ZipEntry& e, const std::string& name, int depth) {
    if (e.size > Archive::kNestedLimit || depth >= 3) {
      add_error(name, Message(Msg::ArchiveNestedTooBig).set("file", name).set("size_mb", megabytes(e.size)).set("limit_mb", megabytes(Archive::kNestedLimit)));
      return;
    }
    std::string bytes;
    bytes.resize(static_cast<size_t>(e.size));
    auto s = open_entry(src, e);
    size_t at = 0;
    while (at < bytes.size()) {
      const size_t n = s->read(reinterpret_cast<uint8_t*>(&bytes[at]), bytes.size() - at);
      if (n == 0) break;
      at += n;
    }
    uint8_t extra;
    if (!s->failed() && at == bytes.size()) s->read(&extra, 1);   // reaches the end: the CRC and size are checked
    if (s->failed() || at != bytes.size()) { add_error(name, stream_message(name, s->failed() ? s->problem() : "size")); return; }
    a.owned_.push_back(std::make_unique<MemorySource>(std::move(bytes)));
    Source& inner = *a.owned_.back();
    std::vector<ZipEntry> entries;
    std::string problem;
    if (!read_directory(inner, entries, problem)) { add_error(name, Message(Msg::ArchiveUnreadable).set("file", name).set("why", problem)); return; }
    if (Workbook::is_workbook(entries)) workbook(inner, name);
    else zip(inner, name, entries, depth + 1);
  }

  void workbook(Source& src, const std::string& name) {
    auto book = std::make_unique<Workbook>();
    std::string problem;
    if (!book->open(src, problem)) { add_error(name, Message(Msg::WorkbookUnreadable).set("file", name).set("why", problem)); return; }
    Workbook& wb = *book;
    a.books_->list.push_back(std::move(book));
    struct Candidate { size_t sheet; std::vector<std::string> head; };
    std::vector<Candidate> data;
    std::vector<std::pair<size_t, const char*>> left_out;
    for (size_t i = 0; i < wb.sheets().size(); ++i) {
      if (wb.sheets()[i].hidden) { left_out.emplace_back(i, "hidden"); continue; }
      if (wb.sheets()[i].entry == SIZE_MAX) { left_out.emplace_back(i, "empty"); continue; }
      std::vector<std::string> head = wb.first_row(i);
      if (head.empty()) left_out.emplace_back(i, "empty");
      else data.push_back({i, std::move(head)});
    }
    if (data.empty()) { add_error(name, Message(Msg::FileEmpty).set("file", name)); return; }
    const bool several = data.size() > 1;
    auto sheet_name = [&](size_t i) { return several ? name + " › " + wb.sheets()[i].name : name; };
    for (size_t k = 0; k < data.size(); ++k) {
      std::vector<std::string_view> cells(data[k].head.begin(), data[k].head.end());
      if (k > 0 && analyse_header(cells).kind == FileKind::Unknown) {   // a second sheet of notes or a summary
        left_out.emplace_back(data[k].sheet, "unknown_kind");
        continue;
      }
      Archive::Part part;
      part.how = Archive::Part::Sheet;
      part.book = &wb;
      part.sheet = data[k].sheet;
      Item item;
      item.name = sheet_name(data[k].sheet);
      item.sheet = true;
      add(std::move(item), part);
    }
    std::sort(left_out.begin(), left_out.end());   // in the workbook's order
    for (auto& [i, why] : left_out) {
      Item item;
      item.name = name + " › " + wb.sheets()[i].name;
      item.note = Message(Msg::ArchiveLeftOut).set("file", item.name).set("why", why);
      add(std::move(item), {});
    }
  }
};

std::unique_ptr<Archive> Archive::open(Source& src, const std::string& name, std::optional<Message>& error) {
  error.reset();
  uint8_t head[8] = {};
  const size_t n = static_cast<size_t>(std::min<uint64_t>(sizeof head, src.size()));
  if (!src.read(0, head, n)) {
    error = Message(Msg::FileReadFailed).set("file", name).set("detail", "I/O");
    return nullptr;
  }
  const Container c = container_of(head, n);
  if (c == Container::None) return nullptr;
  std::unique_ptr<Archive> a(new Archive());
  a->books_ = std::make_unique<Books>();
  Expander x{*a};
  if (c == Container::Gzip) {
    Item item;
    item.name = without_gz(name);
    Part part;
    part.how = Part::WholeGzip;
    part.src = &src;
    x.add(std::move(item), part);
    return a;
  }
  std::vector<ZipEntry> entries;
  std::string problem;
  if (!read_directory(src, entries, problem)) {
    error = Message(Msg::ArchiveUnreadable).set("file", name).set("why", problem);
    return nullptr;
  }
  if (Workbook::is_workbook(entries)) x.workbook(src, name);
  else x.zip(src, name, entries, 0);
  if (a->items_.empty()) {   // only folders and system files
    error = Message(Msg::ArchiveEmpty).set("file", name);
    return nullptr;
  }
  return a;
}

std::unique_ptr<Stream> Archive::stream(size_t i) {
  const Part& p = *parts_.at(i);
  switch (p.how) {
    case Part::Entry: return open_entry(*p.src, p.entry);
    case Part::GzipEntry: return gunzip(open_entry(*p.src, p.entry));
    case Part::Sheet: return p.book->csv(p.sheet);
    case Part::WholeGzip: return gunzip(source_stream(*p.src));
    case Part::None: break;
  }
  return nullptr;
}

FileOptions Archive::options(size_t i, FileOptions base) const {
  const Item& it = items_.at(i);
  if (it.sheet) {
    base.encoding = csv::Encoding::Utf8;
    base.separator = ',';
  }
  base.size_hint = it.size;
  return base;
}

Message stream_message(const std::string& name, const std::string& problem) {
  if (problem == "encrypted") return Message(Msg::ArchiveEncrypted).set("file", name);
  return Message(Msg::ArchiveDamaged).set("file", name).set("why", problem);
}

int read_item(Workspace& ws, Archive& a, size_t i, const FileOptions& base) {
  const Item& it = a.items().at(i);
  if (it.note) return -1;
  const int id = ws.open(it.name, a.options(i, base));
  if (it.error) {
    ws.fail(id, *it.error);
    return id;
  }
  auto s = a.stream(i);
  std::vector<uint8_t> buf(1 << 20);
  for (;;) {
    const size_t n = s->read(buf.data(), buf.size());
    if (n == 0) break;
    ws.feed(id, buf.data(), n);
    if (ws.info(id).state != FileState::Reading) break;
  }
  if (s->failed()) ws.fail(id, stream_message(it.name, s->problem()));
  else ws.close(id);
  return id;
}

}  // namespace tl::archive
