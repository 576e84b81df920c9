#pragma once
// A blocking client connection speaking raw HTTP/1.1, for tests that must control every byte
// a server sees (split requests, trickled bodies, headers with no body) and read its answers.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <string>
#include <string_view>

namespace lb::testing {

class RawHttpClient {
 public:
  explicit RawHttpClient(unsigned short port) : socket_(ioc_) {
    socket_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }
  boost::system::error_code Send(std::string_view raw) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(raw.data(), raw.size()), ec);
    return ec;
  }
  // Reads one response (headers + Content-Length body); "" when the server closed first.
  std::string ReadResponse() { return ReadUntilHeadersEnd(/*with_body=*/true); }
  // Reads only a response's header block (for HEAD answers, which have no body).
  std::string ReadHeaders() { return ReadUntilHeadersEnd(/*with_body=*/false); }
  // True when the next read finds the connection closed (EOF or a reset); false when data comes.
  bool ClosedByServer() {
    char c;
    boost::system::error_code ec;
    socket_.read_some(boost::asio::buffer(&c, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }
  // True when the server closes the connection, after whatever it still sends is read away.
  bool ClosedAfterDraining() {
    char c[4096];
    boost::system::error_code ec;
    for (;;) {
      socket_.read_some(boost::asio::buffer(c), ec);
      if (ec) return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
    }
  }

 private:
  std::string ReadUntilHeadersEnd(bool with_body) {
    boost::system::error_code ec;
    for (;;) {
      auto header_end = buffer_.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        size_t length = 0;
        auto cl = buffer_.find("Content-Length: ");
        if (with_body && cl != std::string::npos && cl < header_end) length = std::stoul(buffer_.substr(cl + 16));
        if (buffer_.size() >= header_end + 4 + length) {
          std::string response = buffer_.substr(0, header_end + 4 + length);
          buffer_.erase(0, header_end + 4 + length);
          return response;
        }
      }
      char chunk[4096];
      size_t n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec) return "";
      buffer_.append(chunk, n);
    }
  }

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_;
};

}  // namespace lb::testing
