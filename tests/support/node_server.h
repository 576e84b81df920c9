#pragma once
// A test's Node served over real HTTP on a free port (as `labourbridge serve` serves it, with its
// admission hook), stopped on destruction; and the status of a raw answer.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "http/server.h"
#include "server/node.h"

namespace lb::testing {

class NodeServer {
 public:
  NodeServer(server::Node& n, http::ServerOptions o) {
    o.host = "127.0.0.1";
    o.port = 0;
    o.access_log = false;
    o.admit = [&n](const http::Request& head, bool large) { return n.Admit(head, large); };
    server_ = std::make_unique<http::Server>(o, [&n](const http::Request& r) { return n.Handle(r); });
    auto port = server_->Start();
    EXPECT_TRUE(port) << port.error().message;
    port_ = port ? *port : 0;
    run_ = std::thread([this] { server_->Run(); });
  }
  ~NodeServer() {
    server_->Stop();
    run_.join();
  }
  unsigned short port() const { return port_; }

 private:
  std::unique_ptr<http::Server> server_;
  std::thread run_;
  unsigned short port_ = 0;
};

// The status code of a raw HTTP/1.1 answer (0 when there is none).
inline int StatusOf(const std::string& raw) {
  return raw.size() > 12 && raw.starts_with("HTTP/1.1 ") ? std::stoi(raw.substr(9, 3)) : 0;
}

}  // namespace lb::testing
