#include "features/registry/demo_names.h"

namespace lb::registry::demo {
namespace {

// Family names, roughly in order of frequency in Vietnam.
constexpr VnNamePart kVnFamilyNames[] = {
    {"Nguyễn", "NGUYEN"}, {"Trần", "TRAN"}, {"Lê", "LE"},         {"Phạm", "PHAM"}, {"Hoàng", "HOANG"},
    {"Huỳnh", "HUYNH"},   {"Phan", "PHAN"}, {"Vũ", "VU"},         {"Võ", "VO"},     {"Đặng", "DANG"},
    {"Bùi", "BUI"},       {"Đỗ", "DO"},     {"Hồ", "HO"},         {"Ngô", "NGO"},   {"Dương", "DUONG"},
    {"Lý", "LY"},         {"Đinh", "DINH"}, {"Trương", "TRUONG"}, {"Đào", "DAO"},   {"Đoàn", "DOAN"},
    {"Lương", "LUONG"},   {"Mai", "MAI"},   {"Cao", "CAO"},       {"Hà", "HA"},     {"Trịnh", "TRINH"},
    {"Lâm", "LAM"},       {"Chu", "CHU"},   {"Tạ", "TA"},
};

// Male middle names; Văn is by far the most common.
constexpr VnNamePart kVnMiddleNamesMale[] = {
    {"Văn", "VAN"},   {"Đức", "DUC"},   {"Hữu", "HUU"},     {"Minh", "MINH"}, {"Quang", "QUANG"}, {"Công", "CONG"},
    {"Đình", "DINH"}, {"Xuân", "XUAN"}, {"Thanh", "THANH"}, {"Tiến", "TIEN"}, {"Trọng", "TRONG"}, {"Mạnh", "MANH"},
    {"Bá", "BA"},     {"Quốc", "QUOC"}, {"Anh", "ANH"},     {"Ngọc", "NGOC"}, {"Khắc", "KHAC"},   {"Duy", "DUY"},
};

// Female middle names; Thị is by far the most common.
constexpr VnNamePart kVnMiddleNamesFemale[] = {
    {"Thị", "THI"},       {"Ngọc", "NGOC"},   {"Thu", "THU"},   {"Thanh", "THANH"}, {"Kim", "KIM"},   {"Mỹ", "MY"},
    {"Phương", "PHUONG"}, {"Bích", "BICH"},   {"Hồng", "HONG"}, {"Thúy", "THUY"},   {"Diệu", "DIEU"}, {"Minh", "MINH"},
    {"Khánh", "KHANH"},   {"Quỳnh", "QUYNH"}, {"Hoài", "HOAI"}, {"Thùy", "THUY"},   {"Lan", "LAN"},
};

// Male given names (tone marks placed in the modern style: Hòa, Thủy).
constexpr VnNamePart kVnGivenNamesMale[] = {
    {"Hùng", "HUNG"},   {"Dũng", "DUNG"},   {"Tuấn", "TUAN"}, {"Cường", "CUONG"}, {"Đạt", "DAT"},
    {"Nam", "NAM"},     {"Long", "LONG"},   {"Hải", "HAI"},   {"Sơn", "SON"},     {"Thắng", "THANG"},
    {"Phong", "PHONG"}, {"Trung", "TRUNG"}, {"Hiếu", "HIEU"}, {"Huy", "HUY"},     {"Khánh", "KHANH"},
    {"Tùng", "TUNG"},   {"Thành", "THANH"}, {"Quân", "QUAN"}, {"Bình", "BINH"},   {"Hưng", "HUNG"},
    {"Lâm", "LAM"},     {"Toàn", "TOAN"},   {"Việt", "VIET"}, {"Vinh", "VINH"},   {"Hoàng", "HOANG"},
    {"Phúc", "PHUC"},   {"Thịnh", "THINH"}, {"Tâm", "TAM"},   {"Nghĩa", "NGHIA"}, {"Duy", "DUY"},
    {"Trí", "TRI"},     {"Kiên", "KIEN"},   {"Hiệp", "HIEP"}, {"Quý", "QUY"},     {"Đông", "DONG"},
    {"Tài", "TAI"},     {"Lộc", "LOC"},     {"Thái", "THAI"}, {"Tú", "TU"},       {"Khoa", "KHOA"},
    {"Đức", "DUC"},
};

// Female given names (tone marks placed in the modern style: Hòa, Thủy).
constexpr VnNamePart kVnGivenNamesFemale[] = {
    {"Thủy", "THUY"},   {"Hoa", "HOA"},     {"Lan", "LAN"},       {"Hương", "HUONG"}, {"Hòa", "HOA"},
    {"Hằng", "HANG"},   {"Hạnh", "HANH"},   {"Hà", "HA"},         {"Linh", "LINH"},   {"Trang", "TRANG"},
    {"Nga", "NGA"},     {"Mai", "MAI"},     {"Phương", "PHUONG"}, {"Thảo", "THAO"},   {"Nhung", "NHUNG"},
    {"Yến", "YEN"},     {"Huyền", "HUYEN"}, {"Loan", "LOAN"},     {"Liên", "LIEN"},   {"Dung", "DUNG"},
    {"Tuyết", "TUYET"}, {"Vân", "VAN"},     {"Oanh", "OANH"},     {"Hiền", "HIEN"},   {"Nhàn", "NHAN"},
    {"Ngân", "NGAN"},   {"Quyên", "QUYEN"}, {"Thúy", "THUY"},     {"Uyên", "UYEN"},   {"Vy", "VY"},
    {"Anh", "ANH"},     {"Ngọc", "NGOC"},   {"Chi", "CHI"},       {"Giang", "GIANG"}, {"Hồng", "HONG"},
    {"Lệ", "LE"},       {"Xuân", "XUAN"},   {"Nhi", "NHI"},       {"Ly", "LY"},       {"Duyên", "DUYEN"},
    {"Thoa", "THOA"},
};

// Male given names; ໜ/ໝ are the precomposed U+0EDC/U+0EDD, ຫຼ is ຫ + U+0EBC.
constexpr LaoNamePart kLaoGivenNamesMale[] = {
    {"ບຸນຍັງ", "BOUNNHANG"},
    {"ສົມພອນ", "SOMPHONE"},
    {"ຄຳພອນ", "KHAMPHONE"},
    {"ສົມສັກ", "SOMSACK"},
    {"ພອນສະຫວັນ", "PHONESAVANH"},
    {"ທອງລຸນ", "THONGLOUN"},
    {"ສອນໄຊ", "SONEXAY"},
    {"ບຸນທອງ", "BOUNTHONG"},
    {"ຄຳໄຕ", "KHAMTAY"},
    {"ໄກສອນ", "KAYSONE"},
    {"ໄຊສົມພອນ", "XAYSOMPHONE"},
    {"ພັນຄຳ", "PHANKHAM"},
    {"ທອງສິງ", "THONGSING"},
    {"ບົວສອນ", "BOUASONE"},
    {"ຈູມມະລີ", "CHOUMMALY"},
    {"ສົມດີ", "SOMDY"},
    {"ບຸນປອນ", "BOUNPONE"},
    {"ສະເຫຼີມໄຊ", "SALEUMXAY"},
    {"ຈັນສະໝອນ", "CHANSAMONE"},
    {"ໜູຮັກ", "NOUHAK"},
    {"ທອງບັນ", "THONGBANH"},
    {"ທອງສະຫວັນ", "THONGSAVANH"},
    {"ຄຳຫຼ້າ", "KHAMLA"},
    {"ສົມໝາຍ", "SOMMAY"},
    {"ຄຳໝັ້ນ", "KHAMMANH"},
    {"ສົມບັດ", "SOMBATH"},
    {"ສົມບູນ", "SOMBOUN"},
    {"ບຸນມີ", "BOUNMY"},
    {"ພູມີ", "PHOUMY"},
    {"ແສງທອງ", "SENGTHONG"},
    {"ວິໄລ", "VILAY"},
    {"ສີສະຫວາດ", "SISAVATH"},
    {"ສົມຈິດ", "SOMCHITH"},
    {"ຄຳແພງ", "KHAMPHENG"},
    {"ສຸລິວົງ", "SOULIVONG"},
    {"ວັນໄຊ", "VANXAY"},
    {"ບຸນເຫຼືອ", "BOUNLEUA"},
    {"ອາລຸນໄຊ", "ALOUNXAY"},
    {"ຄຳສິງ", "KHAMSING"},
    {"ມາໄລທອງ", "MALAYTHONG"},
};

// Female given names; ໝ is the precomposed U+0EDD.
constexpr LaoNamePart kLaoGivenNamesFemale[] = {
    {"ນ້ອຍ", "NOY"},
    {"ແສງຈັນ", "SENGCHANH"},
    {"ມະນີວອນ", "MANYVONE"},
    {"ບົວພັນ", "BOUAPHANH"},
    {"ແສງເດືອນ", "SENGDEUANE"},
    {"ນາລີ", "NALY"},
    {"ວຽງທອງ", "VIENGTHONG"},
    {"ໃບຄຳ", "BAYKHAM"},
    {"ປານີ", "PANY"},
    {"ອິນລາວັນ", "INLAVANH"},
    {"ລັດສະໝີ", "LATSAMY"},
    {"ແສງດາວ", "SENGDAO"},
    {"ຈັນທະວີ", "CHANTHAVY"},
    {"ດາວເຮືອງ", "DAOHEUANG"},
    {"ພອນທິບ", "PHONETHIP"},
    {"ວິໄລວັນ", "VILAYVANH"},
    {"ບົວຄຳ", "BOUAKHAM"},
    {"ສີດາ", "SIDA"},
    {"ສຸດາ", "SOUDA"},
    {"ດວງຈັນ", "DOUANGCHANH"},
    {"ດວງເດືອນ", "DOUANGDEUANE"},
    {"ມາລີ", "MALY"},
    {"ອຸໄລວັນ", "OULAYVANH"},
    {"ວຽງຄຳ", "VIENGKHAM"},
    {"ຂັນທະລີ", "KHANTHALY"},
    {"ສຸດສະດາ", "SOUTSADA"},
    {"ມະນີຈັນ", "MANYCHANH"},
    {"ພອນມະນີ", "PHONEMANY"},
    {"ທິບພະວັນ", "THIPPHAVANH"},
    {"ທິດາ", "THIDA"},
    {"ວົງເດືອນ", "VONGDEUANE"},
    {"ອຳພອນ", "AMPHONE"},
    {"ມະນີວັນ", "MANYVANH"},
    {"ຈັນທະລາ", "CHANTHALA"},
    {"ອຳໄພ", "AMPHAY"},
    {"ບຸນທະວີ", "BOUNTHAVY"},
    {"ເພັດສະໝອນ", "PHETSAMONE"},
    {"ແສງມະນີ", "SENGMANY"},
    {"ສູນທອນ", "SOUNTHONE"},
    {"ຄຳເພົາ", "KHAMPAO"},
};

// Family names; ຫຼ is ຫ + U+0EBC (the ຫລ spelling also occurs in real input).
constexpr LaoNamePart kLaoFamilyNames[] = {
    {"ວໍລະຈິດ", "VORACHITH"},
    {"ສີພັນດອນ", "SIPHANDONE"},
    {"ພົມວິຫານ", "PHOMVIHANE"},
    {"ສີສຸລິດ", "SISOULITH"},
    {"ຈັນທະວົງ", "CHANTHAVONG"},
    {"ໄຊຍະວົງ", "XAYYAVONG"},
    {"ພົມມະຈັນ", "PHOMMACHANH"},
    {"ໄຊຍະສອນ", "SAYASONE"},
    {"ທຳມະວົງ", "THAMMAVONG"},
    {"ບຸບຜາວັນ", "BOUPHAVANH"},
    {"ພູມສະຫວັນ", "PHOUMSAVANH"},
    {"ກົມມະສິດ", "KOMMASITH"},
    {"ດາລາວົງ", "DARAVONG"},
    {"ດວງດີ", "DOUANGDY"},
    {"ຫຼ້າຈັນທະບູນ", "LACHANTHABOUNE"},
    {"ຫຼ້າຄຳຟອງ", "LAKHAMFONG"},
    {"ແສງອາພອນ", "SENGAPHONE"},
    {"ວິພາວັນ", "VIPHAVANH"},
    {"ແກ້ວມະນີ", "KEOMANY"},
    {"ພົມມະວົງ", "PHOMMAVONG"},
    {"ສຸວັນນະວົງ", "SOUVANNAVONG"},
    {"ອິນທະວົງ", "INTHAVONG"},
    {"ພັນທະວົງ", "PHANTHAVONG"},
    {"ມະນີວົງ", "MANIVONG"},
    {"ຄຳວົງສາ", "KHAMVONGSA"},
    {"ຈິດມະນີ", "CHITMANY"},
    {"ຈັນຍາລາດ", "CHANYALATH"},
    {"ພົນເສນາ", "PHOLSENA"},
    {"ແກ້ວບຸນພັນ", "KEOBOUNPHANH"},
    {"ໄຊຍະຈັກ", "XAYACHACK"},
    {"ໄຂຄຳພິທູນ", "KHAYKHAMPHITHOUNE"},
    {"ແກ້ວມີໄຊ", "KEOMIXAY"},
    {"ວົງສາ", "VONGSA"},
    {"ບົວລະພາ", "BOUALAPHA"},
    {"ດວງສະຫວັນ", "DOUANGSAVANH"},
    {"ພິມມະສອນ", "PHIMMASONE"},
    {"ຢາທໍ່ຕູ້", "YATHOTOU"},
    {"ສີລາວົງ", "SILAVONG"},
    {"ໄຊຍະລາດ", "XAYALATH"},
    {"ແສງດາລາ", "SENGDALA"},
    {"ບຸບຜານຸວົງ", "BOUPHANOUVONG"},
};

// Fictional employers: Vietnamese-owned firms in Lao provinces, then firms in Vietnamese border provinces.
constexpr EmployerSeed kEmployers[] = {
    // Laos (name_native in Lao script).
    {"Truong Lam Hydropower Construction (Laos) Co., Ltd.", "ບໍລິສັດ ເຈືອງລາມ ກໍ່ສ້າງໄຟຟ້າພະລັງນ້ຳ (ລາວ) ຈຳກັດ", "LA", "LA-XE",
     "F"},
    {"Attapeu-Viet Gold Mining Co., Ltd.", "ບໍລິສັດ ບໍ່ແຮ່ຄຳ ອັດຕະປື-ຫວຽດ ຈຳກັດ", "LA", "LA-AT", "B"},
    {"Minh Tam Agro Attapeu Co., Ltd.", "ບໍລິສັດ ກະສິກຳ ມິງເຕິມ ອັດຕະປື ຈຳກັດ", "LA", "LA-AT", "A"},
    {"Xekong Highland Coffee Plantation Co., Ltd.", "ບໍລິສັດ ສວນກາເຟ ພູພຽງເຊກອງ ຈຳກັດ", "LA", "LA-XE", "A"},
    {"Viet-Lao Champasak Rubber Co., Ltd.", "ບໍລິສັດ ຢາງພາລາ ຫວຽດ-ລາວ ຈຳປາສັກ ຈຳກັດ", "LA", "LA-CH", "A"},
    {"Nam Trung Construction Champasak Co., Ltd.", "ບໍລິສັດ ກໍ່ສ້າງ ນາມຈຸງ ຈຳປາສັກ ຈຳກັດ", "LA", "LA-CH", "F"},
    {"Ha Tinh-Savan Road and Bridge Co., Ltd.", "ບໍລິສັດ ກໍ່ສ້າງຂົວທາງ ຮ່າຕິ້ງ-ສະຫວັນ ຈຳກັດ", "LA", "LA-SV", "F"},
    {"Savan-Quang Tri Transport Co., Ltd.", "ບໍລິສັດ ຂົນສົ່ງ ສະຫວັນ-ກວາງຈີ້ ຈຳກັດ", "LA", "LA-SV", "H"},
    {"Phu Gia Mineral Processing (Laos) Co., Ltd.", "ບໍລິສັດ ປຸງແຕ່ງແຮ່ ຟູຢາ (ລາວ) ຈຳກັດ", "LA", "LA-KH", "B"},
    {"Kim Thach Power Co., Ltd.", "ບໍລິສັດ ໄຟຟ້າ ກິມທາດ ຈຳກັດ", "LA", "LA-BL", "D"},
    {"An Loc Construction and Steel Structure (Laos) Co., Ltd.", "ບໍລິສັດ ອານລົກ ກໍ່ສ້າງ ແລະ ໂຄງເຫຼັກ (ລາວ) ຈຳກັດ", "LA", "LA-VT",
     "F"},
    {"Binh Minh Garment (Laos) Co., Ltd.", "ບໍລິສັດ ຕັດຫຍິບ ບິ່ງມິງ (ລາວ) ຈຳກັດ", "LA", "LA-VT", "C"},
    {"Sam Neua-Thanh Hoa Agriculture Co., Ltd.", "ບໍລິສັດ ກະສິກຳ ຊຳເໜືອ-ທັນຮວາ ຈຳກັດ", "LA", "LA-HO", "A"},
    {"Viet-Lao Xayaboury Sugarcane Co., Ltd.", "ບໍລິສັດ ປູກອ້ອຍ ຫວຽດ-ລາວ ໄຊຍະບູລີ ຈຳກັດ", "LA", "LA-XA", "A"},
    {"Tan Phong Irrigation Construction Co., Ltd.", "ບໍລິສັດ ກໍ່ສ້າງຊົນລະປະທານ ເຕິນຟອງ ຈຳກັດ", "LA", "LA-SL", "F"},
    {"Dong Truong Mining and Quarrying Co., Ltd.", "ບໍລິສັດ ຂຸດຄົ້ນແຮ່ ດົງເຈືອງ ຈຳກັດ", "LA", "LA-XI", "B"},
    // Vietnam (name_native in Vietnamese).
    {"Thuan Lam Garment Co., Ltd.", "Công ty TNHH May Thuận Lam", "VN", "VN-22", "C"},
    {"Nam Dan Electronic Components Co., Ltd.", "Công ty TNHH Linh kiện Điện tử Nam Đàn", "VN", "VN-22", "C"},
    {"Ky Anh Moi Construction JSC", "Công ty Cổ phần Xây dựng Kỳ Anh Mới", "VN", "VN-23", "F"},
    {"Cau Treo Garment Co., Ltd.", "Công ty TNHH May Cầu Treo", "VN", "VN-23", "C"},
    {"Lao Bao Textile and Garment JSC", "Công ty Cổ phần Dệt may Lao Bảo", "VN", "VN-25", "C"},
    {"Dong Ha Green Wood Processing Co., Ltd.", "Công ty TNHH Chế biến Gỗ Xanh Đông Hà", "VN", "VN-25", "C"},
    {"Muong Lat Construction JSC", "Công ty Cổ phần Xây dựng Mường Lát", "VN", "VN-21", "F"},
    {"Lam Kinh Footwear Co., Ltd.", "Công ty TNHH Giày da Lam Kinh", "VN", "VN-21", "C"},
    {"Tay Trang Agriculture JSC", "Công ty Cổ phần Nông nghiệp Tây Trang", "VN", "VN-71", "A"},
    {"Chieng Sinh Coffee JSC", "Công ty Cổ phần Cà phê Chiềng Sinh", "VN", "VN-05", "A"},
    {"Nam Giang Construction JSC", "Công ty Cổ phần Xây dựng Nam Giang", "VN", "VN-27", "F"},
    {"Bo Y Electronics Co., Ltd.", "Công ty TNHH Điện tử Bờ Y", "VN", "VN-28", "C"},
    {"Ngoc Hoi Rubber JSC", "Công ty Cổ phần Cao su Ngọc Hồi", "VN", "VN-28", "A"},
    {"A Luoi Garment Co., Ltd.", "Công ty TNHH May A Lưới", "VN", "VN-26", "C"},
    {"Cha Lo Construction JSC", "Công ty Cổ phần Xây dựng Cha Lo", "VN", "VN-24", "F"},
};

// ISCO-08 unit groups common among migrant workers in construction, mining, energy, farming,
// garments, electronics and transport.
constexpr std::string_view kIscoCodesForDemo[] = {
    "2142",  // Civil engineers
    "3112",  // Civil engineering technicians
    "3113",  // Electrical engineering technicians
    "3123",  // Construction supervisors
    "6111",  // Field crop and vegetable growers
    "6112",  // Tree and shrub crop growers
    "7112",  // Bricklayers and related workers
    "7114",  // Concrete placers, concrete finishers and related workers
    "7115",  // Carpenters and joiners
    "7212",  // Welders and flame cutters
    "7214",  // Structural-metal preparers and erectors
    "7411",  // Building and related electricians
    "7412",  // Electrical mechanics and fitters
    "7531",  // Tailors, dressmakers, furriers and hatters
    "8111",  // Miners and quarriers
    "8112",  // Mineral and stone processing plant operators
    "8153",  // Sewing machine operators
    "8156",  // Shoemaking and related machine operators
    "8172",  // Wood processing plant operators
    "8212",  // Electrical and electronic equipment assemblers
    "8322",  // Car, taxi and van drivers
    "8332",  // Heavy truck and lorry drivers
    "8342",  // Earthmoving and related plant operators
    "9211",  // Crop farm labourers
    "9312",  // Civil engineering labourers
    "9313",  // Building construction labourers
};

}  // namespace

std::span<const VnNamePart> VnFamilyNames() { return kVnFamilyNames; }
std::span<const VnNamePart> VnMiddleNamesMale() { return kVnMiddleNamesMale; }
std::span<const VnNamePart> VnMiddleNamesFemale() { return kVnMiddleNamesFemale; }
std::span<const VnNamePart> VnGivenNamesMale() { return kVnGivenNamesMale; }
std::span<const VnNamePart> VnGivenNamesFemale() { return kVnGivenNamesFemale; }
std::span<const LaoNamePart> LaoGivenNamesMale() { return kLaoGivenNamesMale; }
std::span<const LaoNamePart> LaoGivenNamesFemale() { return kLaoGivenNamesFemale; }
std::span<const LaoNamePart> LaoFamilyNames() { return kLaoFamilyNames; }
std::span<const EmployerSeed> Employers() { return kEmployers; }
std::span<const std::string_view> IscoCodesForDemo() { return kIscoCodesForDemo; }

}  // namespace lb::registry::demo
