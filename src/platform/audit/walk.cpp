#include "platform/audit/walk.h"

#include "platform/audit/store.h"

namespace lb::audit {
namespace {

constexpr int kPage = 1000;

std::string N(int64_t seq) { return std::to_string(seq); }

}  // namespace

core::Result<WalkResult> WalkChain(storage::Transaction& tx, int64_t from_seq, const std::string& from_hash,
                                   const std::function<std::optional<ChainBreak>(const StoredEntry&)>& on_entry) {
  WalkResult w;
  w.last_seq = from_seq;
  w.last_hash = from_hash;
  for (;;) {
    LB_TRY(page, store::EntriesAfter(tx, w.last_seq, kPage));
    for (const StoredEntry& e : page) {
      const int64_t expected = w.last_seq + 1;
      if (e.seq != expected) {
        w.broken = ChainBreak{Finding::kMissing, expected,
                              expected == 1 ? "entry 1 is missing: the log starts at entry " + N(e.seq)
                                            : "entry " + N(expected) + " is missing: the log goes from entry " +
                                                  N(w.last_seq) + " to entry " + N(e.seq)};
        return w;
      }
      if (HashEntry(e) != e.hash) {
        w.broken = ChainBreak{Finding::kChanged, e.seq,
                              "entry " + N(e.seq) + " was changed: its hash does not match its contents"};
        return w;
      }
      if (e.prev_hash != w.last_hash) {
        w.broken =
            ChainBreak{Finding::kBadPrevHash, e.seq,
                       e.seq == 1 ? "entry 1 has a prev_hash although it is the first entry"
                                  : "entry " + N(e.seq) + " has a bad prev_hash: it does not chain to entry " +
                                        N(w.last_seq) + " (entry " + N(w.last_seq) + " was rewritten or replaced)"};
        return w;
      }
      if (on_entry) {
        if (auto b = on_entry(e)) {
          w.broken = std::move(b);
          return w;
        }
      }
      w.last_seq = e.seq;
      w.last_hash = e.hash;
      ++w.entries;
    }
    if (page.size() < static_cast<size_t>(kPage)) return w;
  }
}

}  // namespace lb::audit
