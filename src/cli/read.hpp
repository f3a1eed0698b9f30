// tierlens CLI — reading files from disk into a Workspace (the only place the CLI touches file bytes).
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "messages/catalog.hpp"
#include "workspace.hpp"

namespace tlcli {

// A problem with a path (cannot open, read error): a coded message, exit code 3.
struct InputError : tl::MessageError {
  using tl::MessageError::MessageError;
};

std::string basename_of(const std::string& path);
uint64_t file_size(const std::string& path);   // 0 when unknown
// Streams a file into the workspace and closes it. Natively a second thread decodes and splits the
// next chunks (tl::Cutter) while this one ingests them (tl::take); in WebAssembly it is feed().
// Throws InputError when the file cannot be read; what is wrong inside it ends up in its FileInfo.
void read_into(tl::Workspace& ws, int id, const std::string& path, const tl::FileOptions& options);

// Reads a path's files into the workspace: a CSV or rule set as one file (read_into); an archive or
// workbook — a ZIP, an .xlsx, a gzip, told by its first bytes — as one file per item inside it
// (tl::archive). `only`: just the files of these names (a second reading with other options). Returns
// the ids opened; sheets and entries left out are added to `notes`.
std::vector<int> read_path(tl::Workspace& ws, const std::string& path, const tl::FileOptions& options,
                           std::vector<tl::Message>& notes, const std::set<std::string>& only = {});

}  // namespace tlcli
