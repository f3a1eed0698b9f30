// tierlens — what a client asks of a file and what the engine found in it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "csv/decoder.hpp"
#include "messages/catalog.hpp"
#include "schema/columns.hpp"

namespace tl {

struct FileOptions {
  FileKind kind = FileKind::Unknown;            // Unknown = recognise from the header
  csv::Encoding encoding = csv::Encoding::Auto;
  char separator = 0;                           // 0 = sniff
  std::vector<std::pair<Field, int>> columns;   // overrides: field -> column index (-1 removes)
  // overrides by header text, as a person names a column: the column whose header is that text (spaces
  // around it ignored), else, for digits, the column with that number counting from 1. Applied before
  // `columns`; Field::None takes the meaning away from that column. Unmatched names change nothing.
  std::vector<std::pair<Field, std::string>> column_names;
  uint64_t size_hint = 0;                       // file size when known: the store reserves memory once
  uint64_t memory_limit = 0;                    // with size_hint: fail early (after 4 MB) when the whole file
                                                // would need more memory than this (0 = no limit)
};

enum class FileState : uint8_t { Reading, Done, Failed, Cancelled };
const char* file_state_name(FileState s);       // "reading", "done", "failed", "cancelled"

struct ReasonCount {
  Reason reason;
  uint64_t count = 0;
  std::vector<uint64_t> sample_lines;  // up to 5 line numbers
};

struct FileInfo {
  int id = -1;
  std::string name;
  FileOptions options;               // as requested
  FileState state = FileState::Reading;
  FileKind kind = FileKind::Unknown; // as detected (or forced)
  csv::Encoding encoding = csv::Encoding::Auto;
  char separator = 0;
  std::vector<std::string> header;
  std::vector<Field> per_column;     // meaning of each column
  std::vector<ColumnSource> column_source;  // where each column's meaning came from: its header's name, the
                                     // values of the first rows, or the user (None: the column has no meaning)
  std::vector<Field> missing;        // required fields not found
  uint64_t bytes = 0;                // bytes fed so far
  uint64_t rows = 0;                 // data records read so far (header excluded)
  uint64_t projected_memory = 0;     // orders files with a size_hint: memory the store will hold once
                                     // the whole file is read, estimated from its first 4 MB
  uint64_t blank_lines = 0;
  uint64_t invalid_chars = 0;        // bytes invalid in the encoding (replaced by U+FFFD)
  uint64_t repeated_orders = 0;      // orders rows whose main order was first read from another file (an
                                     // export overlapping an earlier one; the order counts once), as read
  std::optional<Message> error;      // when Failed: what went wrong and what to do
  std::vector<Message> warnings;     // findings that did not stop the file (e.g. a quote never closed)
  std::vector<ReasonCount> rejected; // rows rejected while reading (not window/rule dependent), by code
  std::vector<std::pair<std::string, uint64_t>> statuses;  // status value -> rows (orders files)
};

}  // namespace tl
