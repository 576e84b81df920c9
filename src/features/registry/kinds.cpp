#include "features/registry/kinds.h"

#include "features/registry/service.h"

namespace lb::registry {
namespace {

using kinds::N_;
using kinds::Widget;
using E = Employer;
using P = Person;
using W = WorkPermit;

// Vietnamese and Lao headers: the terms the ministries' own forms use for these fields.
constexpr kinds::Field<Person> kPersonFields[] = {
    {.name = "family_name",
     .text = &P::family_name,
     .label = N_("Family name (as in the passport)"),
     .vi = "họ",
     .lo = "ນາມສະກຸນ",
     .width = 18,
     .hint = N_("In Latin letters. Leave empty if the person has no family name."),
     .autocomplete = "family-name"},
    {.name = "given_names",
     .text = &P::given_names,
     .required = true,
     .label = N_("Given names (as in the passport)"),
     .vi = "tên",
     .lo = "ຊື່",
     .width = 22,
     .hint = N_("In Latin letters, as printed in the passport."),
     .autocomplete = "given-name"},
    {.name = "native_name",
     .opt = &P::native_name,
     .label = N_("Name as the person writes it"),
     .vi = "họ tên bản ngữ",
     .lo = "ຊື່ພາສາແມ່",
     .widget = Widget::kNativeText,
     .width = 26,
     .hint = N_("In Lao script or in Vietnamese with its accents.")},
    {.name = "sex",
     .text = &P::sex,
     .required = true,
     .label = N_("Sex"),
     .vi = "giới tính",
     .lo = "ເພດ",
     .widget = Widget::kSex,
     .width = 6},
    {.name = "birth_date",
     .opt = &P::birth_date,
     .label = N_("Date of birth"),
     .vi = "ngày sinh",
     .lo = "ວັນເດືອນປີເກີດ",
     .width = 12,
     .hint = N_("For example 1990-05-21. Year only (1990) or year and month (1990-05) if the day is not known."),
     .autocomplete = "bday"},
    {.name = "nationality",
     .text = &P::nationality,
     .required = true,
     .label = N_("Nationality"),
     .vi = "quốc tịch",
     .lo = "ສັນຊາດ",
     .widget = Widget::kCountry,
     .width = 10},
    {.name = "home_province",
     .opt = &P::home_province,
     .label = N_("Home province"),
     .vi = "tỉnh quê quán",
     .lo = "ແຂວງບ້ານເກີດ",
     .widget = Widget::kProvince,
     .width = 12},
    {.name = "phone",
     .opt = &P::phone,
     .label = N_("Phone number"),
     .vi = "điện thoại",
     .lo = "ເບີໂທ",
     .widget = Widget::kPhone,
     .width = 16,
     .hint = N_("Digits, with + and the country code if abroad."),
     .autocomplete = "tel"},
};

// A person's file names them by their first document (the natural key an import matches).
constexpr kinds::Column kPersonFileTail[] = {
    {"document_kind", true, "loại giấy tờ", "ປະເພດເອກະສານ", 14},
    {"document_number", true, "số giấy tờ", "ເລກທີເອກະສານ", 16},
    {"document_country", true, "nước cấp giấy tờ", "ປະເທດອອກເອກະສານ", 10},
    {"document_expires", false, "ngày hết hạn giấy tờ", "ວັນໝົດອາຍຸເອກະສານ", 12},
};

// A permit's person and host country are set when it is made; its person and employer are
// ids, which mean nothing on another node, so files name them by natural key instead.
constexpr kinds::Field<WorkPermit> kPermitFields[] = {
    {.name = "person_id",
     .text = &W::person_id,
     .editable = false,
     .required = true,
     .exported = false,
     .on_form = false},
    {.name = "employer_id",
     .text = &W::employer_id,
     .required = true,
     .label = N_("Employer"),
     .widget = Widget::kRecord,
     .exported = false},
    {.name = "permit_number",
     .text = &W::permit_number,
     .required = true,
     .label = N_("Permit number"),
     .vi = "số giấy phép",
     .lo = "ເລກທີໃບອະນຸຍາດ",
     .width = 18},
    {.name = "host_country",
     .text = &W::host_country,
     .editable = false,
     .required = true,
     .label = N_("Country of work"),
     .vi = "nước làm việc",
     .lo = "ປະເທດທີ່ເຮັດວຽກ",
     .widget = Widget::kHostCountry,
     .width = 8},
    {.name = "host_province",
     .text = &W::host_province,
     .required = true,
     .label = N_("Province of work"),
     .vi = "tỉnh làm việc",
     .lo = "ແຂວງທີ່ເຮັດວຽກ",
     .widget = Widget::kProvince,
     .width = 10},
    {.name = "occupation",
     .text = &W::occupation,
     .required = true,
     .label = N_("Occupation"),
     .vi = "nghề nghiệp",
     .lo = "ອາຊີບ",
     .width = 10,
     .hint = N_("The four-digit ISCO-08 code, for example 7112 for bricklayers.")},
    {.name = "issued",
     .opt = &W::issued,
     .label = N_("Issued on"),
     .vi = "ngày cấp",
     .lo = "ວັນອອກ",
     .width = 12,
     .hint = N_("For example 2026-05-21.")},
    {.name = "valid_from",
     .text = &W::valid_from,
     .required = true,
     .label = N_("Valid from"),
     .vi = "hiệu lực từ",
     .lo = "ມີຜົນແຕ່ວັນທີ",
     .width = 12,
     .hint = N_("For example 2026-06-01.")},
    {.name = "valid_until",
     .text = &W::valid_until,
     .required = true,
     .label = N_("Valid until"),
     .vi = "hiệu lực đến",
     .lo = "ມີຜົນຮອດວັນທີ",
     .width = 12,
     .hint = N_("For example 2028-05-31.")},
};

constexpr kinds::Column kPermitFileTail[] = {
    {"status", false, "trạng thái", "ສະຖານະ", 10},
    {"person_document_kind", true, "loại giấy tờ người lao động", "ປະເພດເອກະສານຜູ້ອອກແຮງງານ", 14},
    {"person_document_number", true, "số giấy tờ người lao động", "ເລກທີເອກະສານຜູ້ອອກແຮງງານ", 16},
    {"person_document_country", true, "nước cấp giấy tờ người lao động", "ປະເທດອອກເອກະສານຜູ້ອອກແຮງງານ", 10},
    {"employer_registration_number", true, "mã số doanh nghiệp", "ເລກທະບຽນວິສາຫະກິດ", 20},
    {"employer_country", true, "quốc gia doanh nghiệp", "ປະເທດຂອງວິສາຫະກິດ", 8},
    // Names beside the codes, written on export for the reader; an import reads the codes only.
    {"worker_name", false, "họ tên người lao động", "ຊື່ຜູ້ອອກແຮງງານ", 24},
    {"worker_native_name", false, "họ tên theo chữ viết gốc", "ຊື່ຕາມການຂຽນ", 24},
    {"employer_name", false, "tên doanh nghiệp", "ຊື່ວິສາຫະກິດ", 28},
    {"occupation_title", false, "tên nghề (ISCO-08)", "ຊື່ອາຊີບ (ISCO-08)", 28},
    {"host_province_name", false, "tên tỉnh làm việc", "ຊື່ແຂວງທີ່ເຮັດວຽກ", 16},
};

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

nlohmann::json DocumentsJson(const std::vector<Document>& documents) {
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : documents) {
    docs.push_back({{"kind", d.kind},
                    {"number", d.number},
                    {"issuing_country", d.issuing_country},
                    {"expires", d.expires ? nlohmann::json(*d.expires) : nlohmann::json(nullptr)}});
  }
  return docs;
}

kinds::Fields<Person> PersonFields() { return kPersonFields; }
kinds::Fields<Employer> EmployerFields() { return kEmployerFields; }
kinds::Fields<WorkPermit> PermitFields() { return kPermitFields; }

std::span<const kinds::Column> PersonFileTail() { return kPersonFileTail; }
std::span<const kinds::Column> PermitFileTail() { return kPermitFileTail; }

namespace {
template <typename T>
std::vector<kinds::Column> MakeFileColumns(kinds::Fields<T> fields, std::span<const kinds::Column> tail) {
  std::vector<kinds::Column> out;
  kinds::AppendColumns(fields, out);
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}
}  // namespace

std::span<const kinds::Column> FileColumns(RegistryRecord record) {
  static const std::vector<kinds::Column> kAll[] = {MakeFileColumns(PersonFields(), PersonFileTail()),
                                                    MakeFileColumns(EmployerFields(), {}),
                                                    MakeFileColumns(PermitFields(), PermitFileTail())};
  return kAll[static_cast<int>(record)];
}

}  // namespace lb::registry
