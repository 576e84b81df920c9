#pragma once
// multipart/form-data (RFC 7578), as a browser posts a form with enctype="multipart/form-data":
// how the web pages receive uploaded files.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace lb::http {

struct FormPart {
  std::string name;          // the form field's name
  std::string filename;      // the file's name as the browser sent it ("" for plain fields)
  std::string content_type;  // the part's Content-Type ("text/plain" when absent)
  std::string_view body;     // the bytes, exactly as sent: a view into the request's body
};

// Splits the request body (in memory or spooled to disk) into its parts, which view it: they
// are valid while the request lives. Fails with kMalformed, naming the problem, when the
// request is not multipart/form-data, has no boundary, or its body does not follow the format
// (missing closing delimiter, a part without a name, more than 256 parts, oversized part headers).
core::Result<std::vector<FormPart>> ParseMultipart(const Request& request);

// The first part with this field name, or nullptr.
const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace lb::http
