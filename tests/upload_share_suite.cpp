// Upload places are shared out per user: one user holding uploads open can no longer take
// every one of the node's `--max-uploads` places (found in review: two slow uploads by one
// officer held both places for hours, everyone else got 503). A user's upload beyond their
// share is answered 429 with Retry-After and a message naming the limit; another user's
// upload is still admitted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "support/node_server.h"
#include "support/raw_http_client.h"
#include "support/test_support.h"

namespace lb::testing {
namespace {

using ::testing::HasSubstr;

std::string ImportHead(const std::string& token, size_t length) {
  return "POST /api/v1/imports?kind=persons HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\nAuthorization: Bearer " +
         token + "\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}

class UploadShareSuite : public ApiFixture {};

TEST_P(UploadShareSuite, OneUserCannotTakeEveryUploadPlace) {
  const std::string alice = AddUserWithToken("alice", "registry_officer", "VN");
  const std::string bob = AddUserWithToken("bob", "registry_officer", "VN");
  http::ServerOptions o;
  o.threads = 2;
  o.max_large_uploads = 2;
  o.shutdown_grace_seconds = 1;
  auto server = std::make_unique<NodeServer>(*node_, o);
  const auto port = std::optional<unsigned short>(server->port());
  const size_t declared = 5u << 20;  // over the 1 MiB default: a large upload

  {
    RawHttpClient first(*port);
    first.Send(ImportHead(alice, declared));
    EXPECT_EQ(StatusOf(first.ReadHeaders()), 100);  // admitted: alice holds one place
    {
      RawHttpClient second(*port);
      second.Send(ImportHead(alice, declared));
      const std::string r = second.ReadResponse();
      EXPECT_EQ(StatusOf(r), 429) << r;
      EXPECT_THAT(r, HasSubstr("Retry-After: "));
      EXPECT_THAT(r, HasSubstr("1 upload at a time per user")) << r;
    }
    {
      RawHttpClient other(*port);
      other.Send(ImportHead(bob, declared));
      const std::string r = other.ReadHeaders();
      EXPECT_EQ(StatusOf(r), 100) << "another user's upload was refused: " << r;
    }
  }
  server.reset();
}

LB_INSTANTIATE_BACKENDS(UploadShareSuite);

}  // namespace
}  // namespace lb::testing
