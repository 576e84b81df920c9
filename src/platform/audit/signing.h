#pragma once
// The node's Ed25519 key (libsodium), which signs audit checkpoints, and its key file.
#include <array>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lb::audit {

// An Ed25519 key pair. The secret half is wiped when the key is destroyed.
class NodeKey {
 public:
  // Loads the key from `path`, generating it there first if the file does not exist.
  // The file is created 0600 (O_CREAT|O_EXCL) and published atomically, so two processes
  // starting together end up with the same key; a key file that group or others can read
  // is refused.
  static core::Result<NodeKey> LoadOrCreate(const std::string& path);
  // Loads an existing key file (same checks); kNotFound when there is none.
  static core::Result<NodeKey> Load(const std::string& path);
  // A fresh key held only in memory (tests, tools).
  static NodeKey Generate();

  NodeKey(NodeKey&& other) noexcept;
  NodeKey& operator=(NodeKey&& other) noexcept;
  NodeKey(const NodeKey&) = delete;
  NodeKey& operator=(const NodeKey&) = delete;
  ~NodeKey();

  std::string PublicKeyHex() const;
  // Detached Ed25519 signature of `message`, lower-case hex.
  std::string SignHex(std::string_view message) const;

 private:
  NodeKey() = default;
  std::array<unsigned char, 32> public_{};
  std::array<unsigned char, 64> secret_{};
};

// True when `signature_hex` is a valid Ed25519 signature of `message` by `public_key_hex`.
// Malformed hex is simply not valid.
bool VerifySignature(std::string_view message, std::string_view signature_hex, std::string_view public_key_hex);

}  // namespace lb::audit
