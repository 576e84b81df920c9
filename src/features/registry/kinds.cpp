#include "features/registry/kinds.h"

namespace lb::registry {
namespace {

using kinds::N_;
using kinds::Widget;
using E = Employer;

// Vietnamese and Lao headers: the terms the ministries' own forms use for these fields.
constexpr kinds::Field<Employer> kEmployerFields[] = {
    {.name = "name",
     .text = &E::name,
     .required = true,
     .label = N_("Employer name"),
     .vi = "tên doanh nghiệp",
     .lo = "ຊື່ວິສາຫະກິດ",
     .width = 30,
     .autocomplete = "organization",
     .schema = R"({"minLength": 1, "maxLength": 200, "description": "Registered name (any script)."})"},
    {.name = "native_name",
     .opt = &E::native_name,
     .label = N_("Name in Lao or Vietnamese"),
     .vi = "tên bản ngữ",
     .lo = "ຊື່ພາສາແມ່",
     .widget = Widget::kNativeText,
     .width = 30,
     .schema = R"({"maxLength": 200, "description": "Name in the local script, if different."})"},
    {.name = "registration_number",
     .text = &E::registration_number,
     .required = true,
     .label = N_("Business registration number"),
     .vi = "mã số doanh nghiệp",
     .lo = "ເລກທະບຽນວິສາຫະກິດ",
     .width = 20,
     .schema =
         R"({"minLength": 1, "maxLength": 50, "description": "Business registration number; unique per country."})"},
    {.name = "country",
     .text = &E::country,
     .required = true,
     .label = N_("Country"),
     .vi = "quốc gia",
     .lo = "ປະເທດ",
     .widget = Widget::kCountry,
     .width = 8,
     .schema = R"({"pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 country of registration."})"},
    {.name = "province",
     .opt = &E::province,
     .label = N_("Province"),
     .vi = "tỉnh",
     .lo = "ແຂວງ",
     .widget = Widget::kProvince,
     .width = 10,
     .schema =
         R"({"pattern": "^(VN|LA)-[A-Z0-9]{2,3}$", "description": "ISO 3166-2 (or `VN-Nnn`) province; must be in `country`."})"},
    {.name = "sector",
     .opt = &E::sector,
     .label = N_("Economic sector"),
     .vi = "ngành",
     .lo = "ຂະແໜງການ",
     .width = 8,
     .hint = N_("One letter of the ISIC classification, for example F for construction."),
     .schema = R"({"pattern": "^[A-U]$", "description": "ISIC Rev.4 section letter A-U."})"},
    {.name = "address",
     .opt = &E::address,
     .label = N_("Address"),
     .vi = "địa chỉ",
     .lo = "ທີ່ຢູ່",
     .widget = Widget::kTextarea,
     .width = 40,
     .autocomplete = "street-address",
     .schema = R"({"maxLength": 500})"},
    {.name = "website",
     .opt = &E::website,
     .label = N_("Website"),
     .vi = "trang web",
     .lo = "ເວັບໄຊ",
     .widget = Widget::kUrl,
     .width = 30,
     .autocomplete = "url",
     .schema =
         R"({"format": "uri", "maxLength": 200, "description": "The employer's website: an http:// or https:// address."})"},
};

}  // namespace

kinds::Fields<Employer> EmployerFields() { return kEmployerFields; }

}  // namespace lb::registry
