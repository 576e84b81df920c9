#pragma once
// The rows that make persons findable by name: every word of every written form of the name,
// with its phonetic key (docs/matching.md). The store writes their terms with the person, in
// the same transaction, so the index can never disagree with the record.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "features/registry/model.h"
#include "features/registry/store.h"
#include "storage/database.h"

namespace lb::registry {

// Bumped whenever keys change meaning; a server that finds rows of another version rebuilds them
// at start-up (EnsureNameIndex). 2: titles stripped, stop pairs collapsed, second readings.
// 3: silent Latin r, Vietnamese anh/â/inh read as Lao ແ-ງ, ເ-ິ, ິນ. 4: Vietnamese ranks and a
// marked Đồng chí stripped before any name; the words run together in every rotation, as one word.
inline constexpr int64_t kNameKeyVersion = 4;

// The written forms of a person's name: the passport Latin ("Given Family") and the native
// script form when there is one.
std::vector<std::string> NameForms(const Person& p);

// A key's consonant classes only (vowel spellings vary most between styles).
std::string Skeleton(const std::string& key);

std::vector<store::NameKeyRow> NameKeyRows(const Person& p);

// Rebuilds the name index when it was built by another key version or layout (or never).
// Runs in batches, each its own transaction; safe to interrupt and run again.
core::Status EnsureNameIndex(storage::Database& db);

}  // namespace lb::registry
