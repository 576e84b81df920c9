#include "platform/audit/signing.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lb::audit {
namespace {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_SEEDBYTES == 32);

core::Error KeyError(core::ErrorCode code, std::string message) { return {code, std::move(message), {}, {}}; }

std::string ErrnoText(int err) {
  char buf[256];
  return ::strerror_r(err, buf, sizeof buf);  // GNU strerror_r: thread-safe, returns the text
}

std::string Errno() { return ErrnoText(errno); }

std::string Hex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

// Closes a descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

NodeKey::NodeKey(NodeKey&& other) noexcept : public_(other.public_), secret_(other.secret_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

NodeKey& NodeKey::operator=(NodeKey&& other) noexcept {
  if (this != &other) {
    public_ = other.public_;
    secret_ = other.secret_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

NodeKey::~NodeKey() { sodium_memzero(secret_.data(), secret_.size()); }

NodeKey NodeKey::Generate() {
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe to do
  NodeKey k;
  crypto_sign_keypair(k.public_.data(), k.secret_.data());
  return k;
}

core::Result<NodeKey> NodeKey::Load(const std::string& path) {
  if (sodium_init() < 0) return core::Fail(core::Error::Internal("libsodium failed to initialise"));
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return core::Fail(core::Error::NotFound("node key file " + path + " does not exist"));
    return core::Fail(KeyError(core::ErrorCode::kInternal, "cannot open node key file " + path + ": " + Errno()));
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    return core::Fail(KeyError(core::ErrorCode::kInternal, "cannot stat node key file " + path + ": " + Errno()));
  }
  if (!S_ISREG(st.st_mode)) {
    return core::Fail(KeyError(core::ErrorCode::kForbidden, "node key file " + path + " is not a regular file"));
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return core::Fail(KeyError(core::ErrorCode::kForbidden,
                               "node key file " + path + " has mode " + mode +
                                   ": group or others can read it; refusing to use it (run: chmod 600 " + path + ")"));
  }
  char buf[256];
  ssize_t n;
  do {
    n = ::read(f.fd, buf, sizeof buf);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return core::Fail(KeyError(core::ErrorCode::kInternal, "cannot read node key file " + path + ": " + Errno()));
  std::string_view text(buf, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  unsigned char seed[crypto_sign_SEEDBYTES];
  size_t seed_len = 0;
  const bool ok = text.size() == 2 * sizeof seed &&
                  sodium_hex2bin(seed, sizeof seed, text.data(), text.size(), nullptr, &seed_len, nullptr) == 0 &&
                  seed_len == sizeof seed;
  sodium_memzero(buf, sizeof buf);
  if (!ok) {
    sodium_memzero(seed, sizeof seed);
    return core::Fail(KeyError(core::ErrorCode::kValidation,
                               "node key file " + path + " is not a LabourBridge node key (64 hex digits expected)"));
  }
  NodeKey k;
  crypto_sign_seed_keypair(k.public_.data(), k.secret_.data(), seed);
  sodium_memzero(seed, sizeof seed);
  return k;
}

core::Result<NodeKey> NodeKey::LoadOrCreate(const std::string& path) {
  auto existing = Load(path);
  if (existing || existing.error().code != core::ErrorCode::kNotFound) return existing;

  NodeKey k = Generate();
  unsigned char seed[crypto_sign_SEEDBYTES];
  crypto_sign_ed25519_sk_to_seed(seed, k.secret_.data());
  std::string text = Hex(seed, sizeof seed) + "\n";
  sodium_memzero(seed, sizeof seed);

  // Written in full under a unique name, then linked into place: link() fails if the key
  // appeared meanwhile, so a reader never sees half a key and two starters share one key.
  unsigned char rnd[8];
  randombytes_buf(rnd, sizeof rnd);
  const std::string tmp = path + ".tmp-" + Hex(rnd, sizeof rnd);
  {
    Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
    if (f.fd < 0) {
      sodium_memzero(text.data(), text.size());
      return core::Fail(KeyError(core::ErrorCode::kInternal, "cannot create node key file " + path + ": " + Errno()));
    }
    const bool written = ::fchmod(f.fd, 0600) == 0 && WriteAll(f.fd, text) && ::fsync(f.fd) == 0;
    sodium_memzero(text.data(), text.size());
    if (!written) {
      const std::string why = Errno();
      ::unlink(tmp.c_str());
      return core::Fail(KeyError(core::ErrorCode::kInternal, "cannot write node key file " + path + ": " + why));
    }
  }
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    if (err == EEXIST) return Load(path);  // another process won the race: use its key
    return core::Fail(
        KeyError(core::ErrorCode::kInternal, "cannot create node key file " + path + ": " + ErrnoText(err)));
  }
  ::unlink(tmp.c_str());
  return k;
}

std::string NodeKey::PublicKeyHex() const { return Hex(public_.data(), public_.size()); }

std::string NodeKey::SignHex(std::string_view message) const {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return Hex(sig, sizeof sig);
}

bool VerifySignature(std::string_view message, std::string_view signature_hex, std::string_view public_key_hex) {
  if (sodium_init() < 0) return false;
  unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
  size_t sig_len = 0, pk_len = 0;
  if (signature_hex.size() != 2 * sizeof sig || public_key_hex.size() != 2 * sizeof pk) return false;
  if (sodium_hex2bin(sig, sizeof sig, signature_hex.data(), signature_hex.size(), nullptr, &sig_len, nullptr) != 0 ||
      sig_len != sizeof sig) {
    return false;
  }
  if (sodium_hex2bin(pk, sizeof pk, public_key_hex.data(), public_key_hex.size(), nullptr, &pk_len, nullptr) != 0 ||
      pk_len != sizeof pk) {
    return false;
  }
  return crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(message.data()), message.size(), pk) ==
         0;
}

}  // namespace lb::audit
