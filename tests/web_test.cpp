// Server-rendered pages: escaping of everything that comes from data or input.
#include <gtest/gtest.h>

#include "http/message.h"
#include "ui/pages.h"

namespace lb::ui {
namespace {

TEST(Escape, NeutralisesMarkupAndAttributeQuotes) {
  EXPECT_EQ(Escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(Escape("\" onfocus=\"evil"), "&quot; onfocus=&quot;evil");
  EXPECT_EQ(Escape("Tom & Jerry"), "Tom &amp; Jerry");
  EXPECT_EQ(Escape("ບຸນຍັງ Nguyễn"), "ບຸນຍັງ Nguyễn");  // text passes through untouched
}

TEST(LoginPage, KeepsTheTypedNameEscapedAndShowsTheError) {
  http::Request req;
  req.method = "GET";
  req.path = "/login";
  auto r = LoginPage(req, "x\"><img src=x onerror=alert(1)>", "Unknown user name or wrong password.", 401);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.body.find("<img"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  // The only script is the external app.js (the CSP forbids inline script anyway).
  EXPECT_EQ(r.body.find("<script"), r.body.find("<script src=\"/static/app.js\" defer></script>"));
  EXPECT_EQ(r.body.find("<script", r.body.find("<script") + 1), std::string::npos);
  auto clean = LoginPage(req, "", "", 200);
  EXPECT_EQ(clean.body.find("role=\"alert\""), std::string::npos);
}

TEST(LoginPage, SpeaksTheBrowsersLanguageAndTranslatesTheServiceMessage) {
  http::Request req;
  req.method = "GET";
  req.path = "/login";
  req.headers["accept-language"] = "lo-LA,lo;q=0.9,en;q=0.5";
  auto r = LoginPage(req, "", "Unknown user name or wrong password.", 401);
  EXPECT_NE(r.body.find("<html lang=\"lo\">"), std::string::npos);
  EXPECT_NE(r.body.find("ເຂົ້າສູ່ລະບົບ"), std::string::npos);
  EXPECT_NE(r.body.find("ບໍ່ມີຊື່ຜູ້ໃຊ້ນີ້ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ."), std::string::npos);
  req.headers["cookie"] = "lb_lang=vi";
  r = LoginPage(req, "", "", 200);
  EXPECT_NE(r.body.find("<html lang=\"vi\">"), std::string::npos) << "the switcher's cookie wins over the browser";
  EXPECT_NE(r.body.find("Đăng nhập"), std::string::npos);
}

}  // namespace
}  // namespace lb::ui
