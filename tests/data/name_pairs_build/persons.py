# Hand-transcribed name spellings, each as printed in a published source.
# Source ids (S1...) are resolved to addresses from notes_sources.md / URL_OVERRIDE.
# Tags: lao = Lao script; lao_t = Lao script with title; lao_sp = Lao script, syllables spaced;
#       pp = official/English Latin spelling; lat = another published Latin spelling;
#       lat_t = Latin with title; vnp = Vietnamese-press hyphenated Lao name; vns = spaced VN-press form;
#       vn = Vietnamese with diacritics; vn_t = Vietnamese with title; ascii = Vietnamese printed without
#       diacritics; asc_t = ASCII with title; vnpart = Vietnamese with only some marks printed;
#       laovn = Lao-script spelling of a Vietnamese name; laovn_t = same with title;
#       given = given name only (with or without title).
# No spelling here was produced by a romaniser or by the author: every string is copied from the
# cited page (a title word in front of a name is kept in the *_t form and the bare name, which the
# page prints verbatim after the title, is also listed).

URL_OVERRIDE = {
 "S23": "https://vietnam.vnanet.vn/lao/tin-van/%E0%BA%97%E0%BB%88%E0%BA%B2%E0%BA%99%E0%BB%80%E0%BA%A5%E0%BA%82%E0%BA%B2%E0%BA%97%E0%BA%B4%E0%BA%81%E0%BA%B2%E0%BA%99%E0%BB%83%E0%BA%AB%E0%BA%8D%E0%BB%88-%E0%BB%82%E0%BA%95%E0%BB%80%E0%BA%A5%E0%BA%B4%E0%BA%A1-%E0%BB%81%E0%BA%88%E0%BB%89%E0%BA%87%E0%BA%9C%E0%BA%BB%E0%BA%99%E0%BA%AA%E0%BA%B3%E0%BB%80%E0%BA%A5%E0%BA%B1%E0%BA%94%E0%BA%81%E0%BA%AD%E0%BA%87%E0%BA%9B%E0%BA%B0%E0%BA%8A%E0%BA%B8%E0%BA%A1%E0%BB%83%E0%BA%AB%E0%BA%8D%E0%BB%88%E0%BA%9C%E0%BA%B9%E0%BB%89%E0%BB%81%E0%BA%97%E0%BA%99%E0%BA%97%E0%BA%BB%E0%BB%88%E0%BA%A7%E0%BA%9B%E0%BA%B0%E0%BB%80%E0%BA%97%E0%BA%94%E0%BA%84%E0%BA%B1%E0%BB%89%E0%BA%87%E0%BA%97%E0%BA%B5-xiv-%E0%BA%82%E0%BA%AD%E0%BA%87%E0%BA%9E%E0%BA%B1%E0%BA%81%E0%BA%81%E0%BA%AD%E0%BA%A1%E0%BA%A1%E0%BA%B9%E0%BA%99%E0%BA%B4%E0%BA%94-%E0%BA%AB%E0%BA%A7%E0%BA%BD%E0%BA%94%E0%BA%99%E0%BA%B2%E0%BA%A1-%E0%BA%A2%E0%BA%B9%E0%BB%88-%E0%BA%A5%E0%BA%B2%E0%BA%A7-427428.html",
 "S58": "https://vietnam.vnanet.vn/lao/tin-van/%E0%BB%80%E0%BA%8A%E0%BA%B5%E0%BA%94%E0%BA%8A%E0%BA%B9%E0%BA%9A%E0%BA%B1%E0%BA%99%E0%BA%94%E0%BA%B2%E0%BA%81%E0%BA%B2%E0%BA%99%E0%BA%9B%E0%BA%B0%E0%BA%81%E0%BA%AD%E0%BA%9A%E0%BA%AA%E0%BB%88%E0%BA%A7%E0%BA%99%E0%BA%AD%E0%BA%B1%E0%BA%99%E0%BB%83%E0%BA%AB%E0%BA%8D%E0%BB%88%E0%BA%AB%E0%BA%BC%E0%BA%A7%E0%BA%87%E0%BA%82%E0%BA%AD%E0%BA%87%E0%BA%AA%E0%BA%B0%E0%BA%A1%E0%BA%B2%E0%BA%8A%E0%BA%B4%E0%BA%81%E0%BA%8A%E0%BA%B2%E0%BA%A7%E0%BB%9C%E0%BA%B8%E0%BB%88%E0%BA%A1%E0%BA%8D%E0%BA%B4%E0%BA%87-%E0%BA%9C%E0%BA%B9%E0%BB%89%E0%BA%AD%E0%BA%AD%E0%BA%81%E0%BB%81%E0%BA%AE%E0%BA%87%E0%BA%87%E0%BA%B2%E0%BA%99%E0%BA%8D%E0%BA%B4%E0%BA%87-411891.html",
 "S59": "https://vietnam.vnanet.vn/lao/tin-van/%E0%BA%97%E0%BB%88%E0%BA%B2%E0%BA%99%E0%BA%99%E0%BA%B2%E0%BA%8D%E0%BA%BB%E0%BA%81%E0%BA%A5%E0%BA%B1%E0%BA%94%E0%BA%96%E0%BA%B0%E0%BA%A1%E0%BA%BB%E0%BA%99%E0%BA%95%E0%BA%B5-%E0%BA%9F%E0%BB%89%E0%BA%B2%E0%BA%A1%E0%BA%A1%E0%BA%B4%E0%BA%99%E0%BA%88%E0%BA%B4%E0%BA%87-%E0%BB%80%E0%BA%9B%E0%BA%B1%E0%BA%99%E0%BA%9B%E0%BA%B0%E0%BA%97%E0%BA%B2%E0%BA%99%E0%BA%A7%E0%BA%B2%E0%BA%A5%E0%BA%B0%E0%BA%9B%E0%BA%B0%E0%BA%8A%E0%BA%B8%E0%BA%A1%E0%BA%84%E0%BA%B1%E0%BB%89%E0%BA%87%E0%BA%97%E0%BA%B5-15-%E0%BA%AA%E0%BA%B0%E0%BA%9E%E0%BA%B2%E0%BB%81%E0%BA%82%E0%BB%88%E0%BA%87%E0%BA%82%E0%BA%B1%E0%BA%99%E0%BA%8D%E0%BB%89%E0%BA%AD%E0%BA%87%E0%BA%8D%E0%BB%8D%E0%BA%AA%E0%BA%B9%E0%BA%99%E0%BA%81%E0%BA%B2%E0%BA%87-415857.html",
 "S74": "https://vovworld.vn/lo-LA/%E0%BA%82%E0%BA%B2%E0%BA%A7%E0%BB%80%E0%BA%94%E0%BA%99/%E0%BA%AB%E0%BA%A7%E0%BA%BD%E0%BA%94%E0%BA%99%E0%BA%B2%E0%BA%A1-%E0%BA%A5%E0%BA%B2%E0%BA%A7-%E0%BB%83%E0%BA%AB%E0%BA%9A%E0%BA%A5%E0%BA%A1%E0%BA%B2%E0%BA%AA%E0%BA%94%E0%BB%83%E0%BA%99%E0%BA%82%E0%BA%87%E0%BB%80%E0%BA%82%E0%BA%94%E0%BA%AE%E0%BA%A7%E0%BA%A1%E0%BA%A1%E0%BA%9A%E0%BA%B3%E0%BA%A5%E0%BA%87-%E0%BA%AA%E0%BA%B2%E0%BA%87%E0%BA%9E%E0%BA%B0%E0%BA%99%E0%BA%81%E0%BA%87%E0%BA%B2%E0%BA%99%E0%BA%81%E0%BA%94%E0%BB%9D%E0%BA%B2%E0%BA%8D-105200.vov",
 "S34": "http://www.moj.gov.la/lo/tags/%E0%BA%81%E0%BA%AD%E0%BA%87%E0%BA%9B%E0%BA%B0%E0%BA%8A%E0%BA%B8%E0%BA%A1%E0%BA%AA%E0%BA%B0%E0%BB%84%E0%BB%9D%E0%BA%A7%E0%BA%B4%E0%BA%AA%E0%BA%B2%E0%BA%A1%E0%BA%B1%E0%BA%99%E0%BA%82%E0%BA%AD%E0%BA%87%E0%BA%97%E0%BA%B0%E0%BA%99%E0%BA%B2%E0%BA%8D%E0%BA%84%E0%BA%A7%E0%BA%B2%E0%BA%A1%E0%BA%97%E0%BA%BB%E0%BB%88%E0%BA%A7%E0%BA%9B%E0%BA%B0%E0%BB%80%E0%BA%97%E0%BA%94",
 "S87": "https://thongtindoingoai.sonla.gov.vn/en/content-1041-son-la-cong-bo-cac-nghi-quyet-quyet-dinh-cua-trung-uong-va-cua-tinh-ve-thuc-hien-chinh-quyen-dia-phuong-hai-cap-thanh-lap-to-chuc-dang-chi-dinh-nhan-su-cap-uy-lanh-dao-hdnd-ubnd-uy-ban-mttq-viet-nam-cap-xa.html",
 "S117": "https://pasaxon.org.la/songnanyoklao-le-kanata-puksahaluseumkhanyaykanphouaphanhouammusongfaynaiokatkongpaxoumsoutnyotaxian-khangthi-47-15979.html",
 "S122": "https://kaysonemuseum.gov.la/2025/06/02/%E0%BB%80%E0%BA%99%E0%BA%B7%E0%BB%88%E0%BA%AD%E0%BA%87%E0%BB%83%E0%BA%99%E0%BB%82%E0%BA%AD%E0%BA%81%E0%BA%B2%E0%BA%94%E0%BA%A7%E0%BA%B1%E0%BA%99%E0%BB%80%E0%BA%81%E0%BA%B5%E0%BA%94%E0%BA%84%E0%BA%BB/",
 "S123": "https://ptsybl.gov.la/%e0%bb%80%e0%ba%a1%e0%ba%b7%e0%ba%ad%e0%ba%87%e0%ba%9b%e0%ba%b2%e0%ba%81%e0%ba%a5%e0%ba%b2%e0%ba%8d%e0%ba%88%e0%ba%b1%e0%ba%94%e0%ba%81%e0%ba%ad%e0%ba%87%e0%ba%9a%e0%ba%b8%e0%ba%99%e0%bb%80%e0%ba%9e",
 "S129": "https://docslib.org/doc/7224799/the-new-state-leadership-structure-was-approved-on-june-15-the-first-day-of-the-inaugural-session-of-the-national-assembly-seventh-legislature (Vientiane Times, 16 June 2011, p. 12)",
 "S134": "https://www.scribd.com/document/337667120/March-2016-VT-Issue-057 (Vientiane Times, 8 March 2016)",
 "S135": "https://fr.scribd.com/document/337666269/1000-VTN-Issue-305 (Vientiane Times, 31 December 2015)",
 "S153": "https://scribd.com/document/316319316/March-2016-VT-Issue-101 (Vientiane Times, 5 May 2016)",
 "S147": "https://fr.scribd.com/document/299382865/2016-VTN-Issue-034 (Vientiane Times, 10 February 2016)",
 "ISSUE15": "LabourBridge issue 15 (example pair quoted in the issue text)",
}

# (pid, gender m/f/?, nation L/V, note, [(text, tag, "S.."|"S..+S..")])
P = [
 ("thongloun", "m", "L", "Lao PM 2016-2021, President from 2021", [
   ("Thongloun Sisoulith", "pp", "S1+S13"), ("ທອງລຸນ ສີສຸລິດ", "lao", "S13"),
   ("ສະຫາຍ ທອງລຸນ ສີສຸລິດ", "lao_t", "S22"), ("ທ່ານ ທອງລຸນ ສີສຸລິດ", "lao_t", "S51"),
   ("Thoong-lun Xi-xu-lít", "vnp", "S43"), ("Mr Thongloun Sisoulith", "lat_t", "S15")]),
 ("sonexay", "m", "L", "Lao PM from 2022", [
   ("Sonexay Siphandone", "pp", "S1+S8"), ("Sonesay Siphandon", "lat", "S3"),
   ("Sonesay Siphandone", "lat", "S26"), ("Sonexay Siphandon", "lat", "S7"),
   ("SonexaySiphandone", "lat", "S47"), ("ສອນໄຊ ສີພັນດອນ", "lao", "S32"),
   ("ສະຫາຍ ສອນໄຊ ສີພັນດອນ", "lao_t", "S32"), ("ພະນະທ່ານ ສອນໄຊ ສີພັນດອນ", "lao_t", "S117"),
   ("Xỏn-xay Xỉ-phăn-đon", "vnp", "S43")]),
 ("bounnhang", "m", "L", "Lao President 2016-2021", [
   ("Bounnhang Vorachith", "pp", "S13+S18"), ("Bounnhang Vorachit", "lat", "S15+S19"),
   ("Boungnang Vorachit", "lat", "S18"), ("Boungnang Vorachith", "lat", "S128"),
   ("Bounnhang Volachith", "lat", "S42"), ("ບຸນຍັງ ວໍລະຈິດ", "lao", "S13+S19"),
   ("ບຸນ ຍັງ ວໍ ລະ ຈິດ", "lao_sp", "S19"), ("ທ່ານ ບຸນ ຍັງ ວໍ ລະ ຈິດ", "lao_t", "S18"),
   ("ທ່ານ ບຸນຍັງ ວໍລະຈິດ", "lao_t", "S120"), ("Bun-nhăng Vo-la-chít", "vnp", "S20"),
   ("Mr Bunnhang", "given", "S15"), ("Mr Bounnhang Vorachit", "lat_t", "S153")]),
 ("phankham", "m", "L", "Lao PM 2021-2022", [
   ("Phankham Viphavanh", "pp", "S2+S13"), ("Phankham Viphavan", "lat", "S19+S26"),
   ("ພັນຄຳ ວິພາວັນ", "lao", "S2+S13"), ("ທ່ານ ພັນຄຳ ວິພາວັນ", "lao_t", "S137")]),
 ("choummaly", "m", "L", "Lao President 2006-2016", [
   ("Choummaly Sayasone", "pp", "S13+S17"), ("ຈູມມະລີ ໄຊຍະສອນ", "lao", "S13+S28")]),
 ("thongsing", "m", "L", "Lao PM 2010-2016", [
   ("Thongsing Thammavong", "pp", "S13+S17"), ("ທອງສິງ ທຳມະວົງ", "lao", "S13")]),
 ("pany", "f", "L", "Lao National Assembly President 2010-2021", [
   ("Pany Yathotou", "pp", "S13+S15"), ("ປານີ ຢາທໍ່ຕູ້", "lao", "S13"),
   ("Pany Yathotu", "lat", "S15+S17"), ("Pany Yathortou", "lat", "S27+S129"),
   ("Ms Pany Yathotou", "lat_t", "S15"), ("Madame Pany", "given", "S17")]),
 ("asang", "m", "L", "Lao Deputy PM, Politburo 2006-2016", [
   ("Asang Laoly", "pp", "S13+S27"), ("ອາຊາງ ລາວລີ", "lao", "S13")]),
 ("douangchay", "m", "L", "Lao Deputy PM and defence minister", [
   ("Douangchay Phichit", "pp", "S13+S129"), ("ດວງໃຈ ພິຈິດ", "lao", "S13"),
   ("Douangchay Pichit", "lat", "S16")]),
 ("somsavat", "m", "L", "Lao Deputy PM to 2016", [
   ("Somsavat Lengsavad", "pp", "S13+S27"), ("ສົມສະຫວາດ ເລັ່ງສະຫວັດ", "lao", "S13")]),
 ("bounthong", "m", "L", "Lao Vice President from 2021", [
   ("Bounthong Chitmany", "pp", "S13+S1"), ("ບຸນທອງ ຈິດມະນີ", "lao", "S13+S28")]),
 ("bounpone", "m", "L", "Lao Deputy PM 2011-2016", [
   ("Bounpone Bouttanavong", "pp", "S13+S5"), ("ບຸນປອນ ບຸດຕະນະວົງ", "lao", "S13+S28")]),
 ("thongban", "m", "L", "Lao Minister of Public Security, d. 2013", [
   ("Thongban Sengaphone", "pp", "S28"), ("ທອງບັນ ແສງອາພອນ", "lao", "S28"),
   ("Thongbane Sengaphone", "lat", "S29"), ("Thongbanh Seng-aphone", "lat", "S129")]),
 ("chansy", "m", "L", "LPRP Politburo to 2021", [
   ("Chansy Phosikham", "pp", "S28+S26"), ("ຈັນສີ ໂພສີຄຳ", "lao", "S28"),
   ("Chăn-xỉ Phô-xỉ-khăm", "vnp", "S20")]),
 ("soukanh", "m", "L", "Lao finance minister 2001-2006", [
   ("Soukanh Mahalath", "pp", "S28+S19"), ("ສຸກັນ ມະຫາລາດ", "lao", "S28")]),
 ("sengnouan", "m", "L", "Lao defence minister 2014-2016", [
   ("Sengnouan Xayalath", "pp", "S28+S27"), ("ແສງນວນ ໄຊຍະລາດ", "lao", "S28"),
   ("Sengnouane Xayalath", "lat", "S26")]),
 ("cheuang", "m", "L", "LPRP Secretariat 2011-2016", [
   ("Cheuang Sombounkhanh", "pp", "S28"), ("ເຈືອງ ສົມບູນຂັນ", "lao", "S28")]),
 ("bouasone", "m", "L", "Lao PM 2006-2010", [
   ("Bouasone Bouphavanh", "pp", "S127+S125"), ("ບົວສອນ ບຸບຜາວັນ", "lao", "S127"),
   ("ບົວ ສອນ ບຸບ ຜາ ວັນ", "lao_sp", "S125"), ("Boisson Bupphavan", "lat", "S126")]),
 ("souphanouvong", "m", "L", "Lao President 1975-1991 (single name)", [
   ("Souphanouvong", "pp", "S37+S14"), ("ສຸພານຸວົງ", "lao", "S37"),
   ("ທ່ານ ສຸພານຸວົງ", "lao_t", "S121"), ("Suphanuvong", "lat", "S84"),
   ("Hoàng thân Souphanouvong", "lat_t", "S36")]),
 ("sisomphone", "m", "L", "Lao acting head of state 1986-1991, d. 1993", [
   ("Sisomphone Lovansay", "pp", "S37"), ("ສີສົມພອນ ລໍວັນໄຊ", "lao", "S37"),
   ("Sisomphon Lovansay", "fr", "S14+S36"), ("Sisomphone Lorvanxay", "lat", "S139"),
   ("Mr Sisomphone Lorvanxay", "lat_t", "S139")]),
 ("nouhak", "m", "L", "Lao President 1992-1998", [
   ("Nouhak Phoumsavanh", "pp", "S36+S139"), ("Nouhak Phoumsavan", "fr", "S14+S30"),
   ("ໜູຮັກ ພູມສະຫວັນ", "lao", "S122"), ("ຫນູຮັກ ພູມສະຫວັນ", "lao_hono", "S122"),
   ("ທ່ານ ໜູຮັກ ພູມສະຫວັນ", "lao_t", "S122")]),
 ("phoumi", "m", "L", "Lao acting President 1986-1991", [
   ("Phoumi Vongvichit", "pp", "S14"), ("Phoumy Vongvichit", "lat", "S139"),
   ("ພູມີ ວົງວິຈິດ", "lao", "S121"), ("ທ່ານ ພູມີ ວົງວິຈິດ", "lao_t", "S121")]),
 ("kaysone", "m", "L", "Lao PM 1975-1991, President 1991-1992", [
   ("Kaysone Phomvihane", "pp", "S14+S84"), ("Kaysone Phomvihan", "fr", "S30"),
   ("ໄກສອນ ພົມວິຫານ", "lao", "S120+S124"), ("ປະທານ ໄກສອນ ພົມວິຫານ", "lao_t", "S120+S123")]),
 ("saysomphone", "m", "L", "Lao National Assembly President from 2021", [
   ("Saysomphone Phomvihane", "pp", "S36+S39"), ("Xaysomphone Phomvihane", "lat", "S38+S26"),
   ("Saysomhone Phomvihane", "lat", "S39"), ("ໄຊສົມພອນ ພົມວິຫານ", "lao", "S120"),
   ("ທ່ານ ໄຊສົມພອນ ພົມວິຫານ", "lao_t", "S120")]),
 ("khamtay", "m", "L", "Lao President 1998-2006", [
   ("Khamtay Siphandone", "pp", "S14+S139"), ("Khamtai Siphandon", "fr", "S19+S127")]),
 ("phoun", "m", "L", "Lao revolutionary leader", [
   ("Phoun Sipaseut", "pp", "S14"), ("Phoun Sipaseuth", "lat", "S139"),
   ("Mr Phoun Sipaseuth", "lat_t", "S139")]),
 ("sisavath", "m", "L", "Lao PM 1998-2001", [
   ("Sisavath Keobounphanh", "pp", "S14+S18"), ("ສີສະຫວາດ ແກ້ວບຸນພັນ", "lao", "S57"),
   ("ສະຫາຍ ພົນເອກ ສີສະຫວາດ ແກ້ວບຸນພັນ", "lao_t", "S57")]),
 ("samane", "m", "L", "Lao National Assembly President 1993-2006", [
   ("Samane Vignaket", "pp", "S14+S36")]),
 ("khampheng", "m", "L", "Lao labour minister 2016-2021, Houaphanh governor", [
   ("Khampheng Saysompheng", "pp", "S1+S4+S115"), ("ຄຳແພງ ໄຊສົມແພງ", "lao", "S52+S54"),
   ("ທ່ານ ຄຳແພງ ໄຊສົມແພງ", "lao_t", "S52+S54"), ("ຄໍາແພງ ໄຊສົມແພງ", "lao_am", "S53"),
   ("ທ່ານ ປອ ຄໍາແພງ ໄຊສົມແພງ", "lao_t", "S53"), ("Dr Khampheng Saysompheng", "lat_t", "S115"),
   ("Kampaeng Saisompang", "lat", "S64"), ("Dr. Kampaeng Saisompang", "lat_t", "S64"),
   ("Khăm-phanh Xay-xổm-phanh", "vnp", "S68")]),
 ("baykham", "f", "L", "Lao labour minister 2021-2025", [
   ("Baykham Khattiya", "pp", "S66"), ("Baikham Khattiya", "lat", "S63"),
   ("Bai Kham Khattiya", "lat", "S65"), ("ໃບຄຳ ຂັດທິຍະ", "lao", "S55+S136"),
   ("ທ່ານນາງ ໃບຄຳ ຂັດທິຍະ", "lao_t", "S55+S136"), ("Bay Kham Khat Thi Nha", "vns", "S67")]),
 ("sounthone", "f", "L", "Lao National Assembly vice-president", [
   ("Sounthone Xayachack", "pp", "S6+S21"), ("Sounthone Xayachak", "lat", "S131"),
   ("ສູນທອນ ໄຊຍະຈັກ", "lao", "S31"), ("ທ່ານນາງ ສູນທອນ ໄຊຍະຈັກ", "lao_t", "S31"),
   ("Xủn-thon Xay-nha-chắc", "vnp", "S20")]),
 ("chaleun", "m", "L", "Lao justice minister (Hmong family name)", [
   ("Chaleun Yiapaoher", "pp", "S1+S129"), ("ຈະເລີນເຢຍປາວເຮີ", "lao", "S74")]),
 ("viengsavath", "m", "L", "Lao public works minister, Luang Namtha governor", [
   ("Viengsavath Siphandone", "pp", "S6"), ("ວຽງສະຫວັດ ສີພັນດອນ", "lao", "S56"),
   ("ທ່ານ ວຽງສະຫວັດ ສີພັນດອນ", "lao_t", "S56")]),
 ("saleumxay", "m", "L", "Lao foreign minister, Deputy PM", [
   ("Saleumxay Kommasith", "pp", "S4+S8+S21"), ("Saleumsay Kommasith", "lat", "S3"),
   ("Xa-lởm-xay Côm-mạ-xít", "vnp", "S43")]),
 ("sommad", "m", "L", "Lao natural resources minister, NA vice-president", [
   ("Sommad Pholsena", "pp", "S4+S39+S129"), ("Sommath Pholsena", "lat", "S1"),
   ("Xổm-mạt Phôn-xể-na", "vnp", "S43")]),
 ("khammany", "m", "L", "Lao energy and mines minister", [
   ("Khammany Inthirath", "pp", "S4"), ("Khammany Inthilath", "lat", "S1"),
   ("Khăm-mạ-ni In-thạ-lạt", "vnp", "S20"), ("Khăm-ma-ny In-thi-lạt", "vnp", "S43")]),
 ("khemmani", "f", "L", "Lao industry minister, head of President's office", [
   ("Khemmani Pholsena", "pp", "S4+S21"), ("Khểm-ma-ny Phôn-xể-na", "vnp", "S20"),
   ("Khểm-mạ-ny Phôn-xể-na", "vnp", "S43")]),
 ("sengduean", "f", "L", "Lao education minister 2016-2021", [
   ("Sengduean Lachanthaboun", "pp", "S4"), ("Xẻng-đườn Lạ-chăn-thạ-bun", "vnp", "S20"),
   ("Xẻng-đươn Lạ-chăn-thạ-bun", "vnp", "S43")]),
 ("bounchanh", "m", "L", "Lao public works minister 2016-2021", [
   ("Bounchanh Sinthavong", "pp", "S4"), ("Bun-chăn Xỉn-thạ-vông", "vnp", "S43")]),
 ("sonexays", "m", "L", "Governor of the Bank of Lao PDR", [
   ("Sonexay Sitphaxay", "pp", "S4"), ("Xỏn-xay Xít-phạ-xay", "vnp", "S43")]),
 ("khamlieng", "m", "L", "Lao defence minister, Xaysomboun governor", [
   ("Khamlieng Outhakaysone", "pp", "S21"), ("Khăm-liêng U-tha-cay-xỏn", "vnp", "S43")]),
 ("sengphet", "m", "L", "Lao ambassador to Vietnam", [
   ("Sengphet Houngbounyuang", "pp", "S39"), ("Xẻng-phết Hùng-bun-nhương", "vnp", "S43")]),
 ("kikeo", "m", "L", "Lao Deputy PM, Politburo", [
   ("Kikeo Khaykhamphithoun", "pp", "S3+S131"), ("Kikeo Khaykhamphithoune", "lat", "S26+S97"),
   ("Kikeo Khaykhampithoun", "lat", "S130"), ("Ki-kẹo Khảy-khăm-phị-thu", "vnp", "S20")]),
 ("vilay", "m", "L", "Lao public security minister, Politburo", [
   ("Vilay Lakhamfong", "pp", "S21+S26+S130"), ("Vilay Lakhamphong", "lat", "S3"),
   ("Vị-lay Lạ-khăm-phong", "vnp", "S20")]),
 ("khamphanh", "m", "L", "LPRP Politburo, inspection chief", [
   ("Khamphanh Phommathat", "pp", "S26+S131"), ("Khamphan Phommathat", "lat", "S35"),
   ("Khăm-phăn Phôm-ma-thắt", "vnp", "S20")]),
 ("khammeung", "m", "L", "Head of the Lao President's office", [
   ("Khammeung Phongthady", "pp", "S1"), ("Khăm-mơng Phông-thạ-đi", "vnp", "S20")]),
 ("thongsavanh", "m", "L", "Lao foreign minister from 2024, ambassador to Vietnam 2015-2019", [
   ("Thongsavanh Phomvihane", "pp", "S45"), ("Thongsavan Phomvihane", "lat", "S21"),
   ("Thoong-xa-vẳn Phôm-vi-hản", "vnp", "S20")]),
 ("leklay", "m", "L", "Lao public works minister, Sekong governor", [
   ("Leklay Sivilay", "pp", "S21"), ("Lếch-lay Sỉ-vi-lay", "vnp", "S48")]),
 ("phonsouk", "m", "L", "Houaphanh provincial chairman 2025", [
   ("Phonsouk Inthavong", "pp", "S116"), ("Phon Suc In Tha Vong", "vns", "S50")]),
 ("vanxay", "m", "L", "Houaphanh governor to 2023", [
   ("Vanxay Phengsoumma", "pp", "S115"), ("Vansay Phengsumma", "lat", "S84")]),
 ("sisay", "m", "L", "LPRP Politburo, organisation chief", [
   ("Sisay Leudethmounsone", "pp", "S130+S131"), ("Sisay Ludetmounsone", "lat", "S21")]),
 ("anouphab", "m", "L", "Vientiane party secretary", [
   ("Anouphab Tounalom", "pp", "S21"), ("Anoupharb Toulalom", "lat", "S131")]),
 ("khamphao", "f", "L", "Lao ambassador to Vietnam", [
   ("Khamphao Ernthavanh", "pp", "S71"), ("Khamphau Ernthavanh", "lat", "S21")]),
 ("onchanh", "f", "L", "Lao labour minister 2006-2016", [
   ("Onchanh Thammavong", "pp", "S69"), ("Onechanh Thammavong", "lat", "S129")]),
 ("sichanh", "m", "L", "Lao sports department director-general", [
   ("Sichanh Chittapanya", "pp", "S96"), ("Sitchan Chittapanya", "lat", "S94")]),
 ("bovilak", "f", "L", "Lao petanque player, SEA Games", [
   ("Bovilak Thepphakan", "pp", "S94"), ("Bovilak Theppakun", "lat", "S93"),
   ("Ms. Bovilak Theppakun", "lat_t", "S93")]),
 ("somdy", "m", "L", "Lao finance minister, Deputy PM", [
   ("Somdy Douangdy", "pp", "S4+S129"), ("Somdy Duangdy", "lat", "S1")]),
 ("somkeo", "m", "L", "Lao public security minister 2016-2021", [
   ("Somkeo Silavong", "pp", "S1+S4"), ("Major General Somkeo Silavong", "lat_t", "S1")]),
 ("chansamone", "m", "L", "Lao defence minister, Deputy PM", [
   ("Chansamone Chanyalath", "pp", "S1+S8"), ("Lt. Gen. Chansamone Chanyalath", "lat_t", "S1"),
   ("Gen. Chansamone Chanyalath", "lat_t", "S98")]),
 ("saysi", "m", "L", "Lao justice minister 2016-2021", [
   ("Saysi Santhivong", "pp", "S1"), ("Xaysy Santivong", "lat", "S4")]),
 ("bounchom", "m", "L", "Lao finance minister 2021-2023", [
   ("Bounchom Oubonpaseuth", "pp", "S6"), ("Bounchom Oubonpaseut", "lat", "S3")]),
 ("phout", "m", "L", "Lao education minister", [
   ("Phout Simmalavong", "pp", "S8+S97"), ("Mr. Phout Simmalavong", "lat_t", "S98")]),
 ("sinlavong", "m", "L", "Vientiane governor, minister", [
   ("Sinlavong Khoutphaythoune", "pp", "S26+S129"), ("Sinlavong Khoutphaythoun", "lat", "S5")]),
 ("phosay", "m", "L", "Lao energy minister, labour minister 2025", [
   ("Phosay Sayasone", "pp", "S8"), ("Phoxay Sayasone", "lat", "S6+S60")]),
 ("vanthong", "m", "L", "Attapeu governor, major general", [
   ("Vanthong Kongmany", "pp", "S115"), ("Major General Vanthong Kongmany", "lat_t", "S115")]),
 ("inlavanh", "f", "L", "President of the Lao Women's Union", [
   ("Inlavanh Keopbounphanh", "pp", "S134"), ("Dr Inlavanh Keopbounphanh", "lat_t", "S134")]),
 ("lipao", "m", "L", "Permanent secretary, Lao labour ministry (Hmong family name)", [
   ("Lipao Yang", "pp", "S64"), ("Mr. Lipao Yang", "lat_t", "S64")]),
 ("pheng", "m", "L", "That Luang Marsh SEZ vice-president", [
   ("Pheng Inthilath", "pp", "S147"), ("Mr Pheng Inthilath", "lat_t", "S147")]),
 ("chantasone", "f", "L", "Lao textile expert", [
   ("Chantasone Inthavong", "pp", "S146"), ("Madame Chantasone Inthavong", "lat_t", "S146")]),
 ("vilayvong", "m", "L", "Lao Youth Union secretary", [
   ("Vilayvong Bouddakham", "pp", "S135"), ("Dr Vilayvong Bouddakham", "lat_t", "S135")]),
 # single-spelling Lao officials (used for negatives and derived rows)
 ("santiphab", "m", "L", "Lao finance minister from 2023", [("Santiphab Phomvihane", "pp", "S6+S8+S21")]),
 ("malaithong", "m", "L", "Lao industry minister", [("Malaithong Kommasith", "pp", "S8+S21")]),
 ("thansamay", "m", "L", "Lao posts minister", [("Thansamay Kommasith", "pp", "S4")]),
 ("bosengkham", "m", "L", "Lao information minister 2016-2021", [("Bosengkham Vongdara", "pp", "S1+S4")]),
 ("boviengkham", "f", "L", "Lao science minister, technology minister", [("Boviengkham Vongdara", "pp", "S4+S8")]),
 ("viengthong", "f", "L", "LPRP Politburo 2026", [("Viengthong Siphandone", "pp", "S27+S131")]),
 ("athsphangthong", "m", "L", "Vientiane mayor", [("Athsphangthong Siphandone", "pp", "S141")]),
 ("somphanh", "m", "L", "Lao NA vice-president", [("Somphanh Phengkhammy", "pp", "S27+S129")]),
 ("lien", "m", "L", "Lao agriculture minister", [("Lien Thikeo", "pp", "S1+S4")]),
 ("khammanh", "m", "L", "Lao home affairs minister", [("Khammanh Sounvileuth", "pp", "S1+S4")]),
 ("khamphanhp", "m", "L", "LPRP propaganda chief", [("Khamphanh Pheuyavong", "pp", "S131")]),
 ("khamphanhs", "m", "L", "Lao Supreme Court president 2011", [("Khamphanh Sitthidampha", "pp", "S129")]),
 ("sonethanu", "m", "L", "LPRP Central Committee 2016, son of Thongsing", [("Sonethanu Thammavong", "pp", "S27")]),
 ("phonethep", "m", "L", "Lao Front president 2011", [("Phonethep Pholsena", "pp", "S129")]),
 ("suanesavanh", "f", "L", "Lao information minister", [("Suanesavanh Vignaket", "pp", "S8")]),
 ("nam", "m", "L", "Lao minister, Attapeu", [("Nam Vinhaket", "pp", "S5+S129")]),
 ("viphavanhp", "f", "L", "spouse of the Lao NA President", [("Viphavanh Phomvihane", "pp", "S39")]),
 ("phet", "m", "L", "Lao agriculture minister, Politburo", [("Phet Phomphiphak", "pp", "S21+S39")]),
 ("thongsalith", "m", "L", "Lao education minister, Politburo", [("Thongsalith Mangnomek", "pp", "S21+S131")]),
 ("kingmano", "m", "L", "Lao education minister 2025", [("Kingmano Phommahaxay", "pp", "S96")]),
 ("ngampasong", "m", "L", "Lao public works minister", [("Ngampasong Muongmany", "pp", "S6+S8")]),
 ("khamjane", "m", "L", "Lao planning minister", [("Khamjane Vongphosy", "pp", "S8")]),
 ("daovong", "m", "L", "Lao energy minister to 2023", [("Daovong Phonekeo", "pp", "S6")]),
 ("bountamy", "m", "L", "Lao petanque player", [("Bountamy Southamavong", "pp", "S94")]),
 ("phouthala", "f", "L", "Lao petanque player", [("Phouthala Keokannika", "pp", "S94")]),
 ("linkham", "m", "L", "Lao NA committee chair", [("Linkham Douangsavanh", "pp", "S39")]),
 ("somphou", "m", "L", "Lao recipient of a Japanese award", [("Somphou Douangsavanh", "pp", "S146")]),
 ("leth", "m", "L", "Attapeu governor to 2023", [("Leth Sayaphone", "pp", "S115")]),
 ("sengdeuan_x", "m", "L", "placeholder", []),
 # Lao officials printed in Lao script only (Lao-language press)
 ("khamsay_s", "m", "L", "President of the Lao Bar Association", [
   ("ຄຳໃສ ສຸລິນທອນ", "lao", "S34"), ("ທ່ານ ຄຳໃສ ສຸລິນທອນ", "lao_t", "S34")]),
 ("khamlai_s", "m", "L", "Vice-president, Lao Front for National Development", [
   ("ຄໍາໄຫຼ ສີປະເສີດ", "lao", "S33"), ("ທ່ານ ຄໍາໄຫຼ ສີປະເສີດ", "lao_t", "S33")]),
 ("bounleuam_m", "m", "L", "Luang Prabang vice-governor", [
   ("ບຸນເລື່ອມ ມະນີວົງ", "lao", "S51"), ("ທ່ານ ບຸນເລື່ອມ ມະນີວົງ", "lao_t", "S51")]),
 ("somphet_s", "f", "L", "Oudomxay labour department deputy head", [
   ("ສົມເພັດ ແສງດາລາ", "lao", "S55"), ("ທ່ານນາງ ສົມເພັດ ແສງດາລາ", "lao_t", "S55")]),
 ("bounkhong_l", "m", "L", "Oudomxay governor", [
   ("ບຸນຄົງ ຫລ້າຈຽມພອນ", "lao", "S55"), ("ທ່ານ ບຸນຄົງ ຫລ້າຈຽມພອນ", "lao_t", "S55")]),
 ("viengphone_h", "f", "L", "Luang Namtha labour department head", [
   ("ວຽງພອນ ເຮືອງແພງອ່ອນ", "lao", "S54"), ("ທ່ານ ນາງ ວຽງພອນ ເຮືອງແພງອ່ອນ", "lao_t", "S54")]),
 ("bouakhong_n", "m", "L", "Minister, head of the PM's office", [
   ("ບົວຄົງ ນາມມະວົງ", "lao", "S56"), ("ທ່ານ ບົວຄົງ ນາມມະວົງ", "lao_t", "S56")]),
 ("thavisak_x", "m", "L", "Ngeun district governor", [
   ("ທະວີສັກ ໄຊຍະວົງ", "lao", "S111"), ("ທ່ານ ທະວີສັກ ໄຊຍະວົງ", "lao_t", "S111")]),
 ("bounyadet_x", "m", "L", "Head of office, LPRP external relations commission", [
   ("ບຸນຍາເດດ ໄຊຍະວົງ", "lao", "S142"), ("ສະຫາຍ ບຸນຍາເດດ ໄຊຍະວົງ", "lao_t", "S142")]),
 ("saleumxay_t", "m", "L", "Department head, LPRP external relations commission", [
   ("ສະເຫຼີມໄຊ ທະທົງສັກ", "lao", "S142"), ("ສະຫາຍ ສະເຫຼີມໄຊ ທະທົງສັກ", "lao_t", "S142")]),
 ("khamphan_v", "m", "L", "Pak Lay district party secretary", [
   ("ຄໍາຝັ້ນ ວົງສະຫວັນ", "lao", "S123"), ("ທ່ານ ຄໍາຝັ້ນ ວົງສະຫວັນ", "lao_t", "S123")]),
 ("somchanh_c", "f", "L", "Lao NA member, Oudomxay", [
   ("ສົມຈັນ ຈິດວົງເດືອນ", "lao", "S138"), ("ທ່ານນາງ ສົມຈັນ ຈິດວົງເດືອນ", "lao_t", "S138")]),
 # Vietnamese people
 ("phamminhchinh", "m", "V", "Vietnamese PM from 2021", [
   ("Phạm Minh Chính", "vn", "S9+S10"), ("Pham Minh Chinh", "ascii", "S12+S118"),
   ("ຟ້າມມິນຈິງ", "laovn", "S59"), ("ຟ້າມມິງຈິງ", "laovn", "S133"),
   ("ທ່ານນາຍົກລັດຖະມົນຕີ ຟ້າມມິນຈິງ", "laovn_t", "S59")]),
 ("tolam", "m", "V", "CPV General Secretary from 2024", [
   ("Tô Lâm", "vn", "S21"), ("ໂຕ ເລິມ", "laovn", "S22"), ("ໂຕເລິມ", "laovn", "S23"),
   ("ສະຫາຍ ໂຕ ເລິມ", "laovn_t", "S22")]),
 ("phambinhminh", "m", "V", "Vietnamese Deputy PM and foreign minister to 2023", [
   ("Phạm Bình Minh", "vn", "S149+S151"), ("Pham Binh Minh", "ascii", "S151"),
   ("ຟ້າມບິ່ງມິງ", "laovn", "S57"), ("ທ່ານຟ້າມບິ່ງມິງ", "laovn_t", "S57"),
   ("ông Phạm Bình Minh", "vn_t", "S152")]),
 ("nguyenhoabinh", "m", "V", "Vietnamese permanent Deputy PM from 2024", [
   ("Nguyễn Hòa Bình", "vn", "S148+S150"), ("ຫງວຽນຮ່ວາບິ່ງ", "laovn", "S58"),
   ("Ông Nguyễn Hòa Bình", "vn_t", "S150")]),
 ("truonghoabinh", "m", "V", "Vietnamese permanent Deputy PM 2016-2021", [
   ("Trương Hòa Bình", "vn", "S151"), ("Trương Hoà Bình", "vn_tp", "S149")]),
 ("nguyenxuanphuc", "m", "V", "Vietnamese PM 2016-2021, President 2021-2023", [
   ("Nguyễn Xuân Phúc", "vn", "S42+S43"), ("Nguyen Xuan Phuc", "ascii", "S44+S91")]),
 ("vuongdinhhue", "m", "V", "Vietnamese NA chairman 2021-2024", [
   ("Vương Đình Huệ", "vn", "S39+S49"), ("Vuong Dinh Hue", "ascii", "S144")]),
 ("daongocdung", "m", "V", "Vietnamese labour minister 2016-2025", [
   ("Đào Ngọc Dung", "vn", "S68"), ("Dao Ngoc Dung", "ascii", "S67")]),
 ("buithanhson", "m", "V", "Vietnamese foreign minister, Deputy PM", [
   ("Bùi Thanh Sơn", "vn", "S45+S148"), ("Bui Thanh Son", "ascii", "S88"),
   ("Bùi Thành Sơn", "vn_typo", "S150")]),
 ("nguyendinhviet", "m", "V", "Son La provincial chairman", [
   ("Nguyễn Đình Việt", "vn", "S101+S103"), ("Nguyen Dinh Viet", "ascii", "S83+S88"),
   ("Mr. Nguyen Dinh Viet", "asc_t", "S87")]),
 ("hoangquockhanh", "m", "V", "Son La party secretary (b. 1969)", [
   ("Hoàng Quốc Khánh", "vn", "S101+S104"), ("Hoang Quoc Khanh", "ascii", "S83"),
   ("Mr. Hoang Quoc Khanh", "asc_t", "S87"), ("Hoàng Quốc Khán", "vn_typo", "S103"),
   ("ông Hoàng Quốc Khánh", "vn_t", "S101")]),
 ("hoangvanchat", "m", "V", "Son La party secretary to 2015", [
   ("Hoàng Văn Chất", "vn", "S85"), ("Hoang Van Chat", "ascii", "S84"),
   ("Ông Hoàng Văn Chất", "vn_t", "S85")]),
 ("camngocminh", "m", "V", "Son La provincial chairman to 2019 (Thái, Cầm family)", [
   ("Cầm Ngọc Minh", "vn", "S102"), ("Cam Ngoc Minh", "ascii", "S84"),
   ("ông Cầm Ngọc Minh", "vn_t", "S102")]),
 ("lominhhung", "m", "V", "Son La permanent deputy party secretary (b. 1971, Thuận Châu; Lò family)", [
   ("Lò Minh Hùng", "vn", "S101+S106"), ("Lo Minh Hung", "ascii", "S87"),
   ("ông Lò Minh Hùng", "vn_t", "S103+S104"), ("Mr. Lo Minh Hung", "asc_t", "S87")]),
 ("thaoxuansung", "m", "V", "Son La party secretary to 2010 (H'Mông, Thào family)", [
   ("Thào Xuân Sùng", "vn", "S85"), ("ông Thào Xuân Sùng", "vn_t", "S85")]),
 ("muaason", "m", "V", "Điện Biên permanent deputy party secretary (H'Mông)", [
   ("Mùa A Sơn", "vn", "S75+S76"), ("Mr. Mùa A Sơn", "vn_t", "S75"),
   ("Đồng chí Mùa A Sơn", "vn_t", "S76")]),
 ("lovanphuong", "m", "V", "Điện Biên People's Council chairman (Lò family)", [
   ("Lò Văn Phương", "vn", "S75+S79"), ("Mr. Lò Văn Phương", "vn_t", "S75"),
   ("ông Lò Văn Phương", "vn_t", "S79")]),
 ("muaavang", "m", "V", "Điện Biên deputy party secretary (H'Mông)", [("Mùa A Vảng", "vn", "S77")]),
 ("haquangtrung", "m", "V", "Lai Châu provincial chairman from 2025", [
   ("Hà Quang Trung", "vn", "S77+S78"), ("Ông Hà Quang Trung", "vn_t", "S78")]),
 ("sungaho", "m", "V", "Lai Châu deputy party secretary, Front chairman (H'Mông)", [
   ("Sùng A Hồ", "vn", "S107"), ("Sung A Hô", "vnpart", "S86"), ("Ông Sùng A Hồ", "vn_t", "S107")]),
 ("sungmiche", "f", "V", "Lai Châu NA candidate 2026 (H'Mông)", [
   ("Sùng Mì Ché", "vn", "S108"), ("Sừng Mì Ché", "vn_typo", "S80"),
   ("Bà Sùng Mì Ché", "vn_t", "S108"), ("chị Sừng Mì Ché", "vn_t", "S80")]),
 ("giangpaomy", "f", "V", "Lai Châu People's Council chair (H'Mông, Giàng family)", [
   ("Giàng Páo Mỷ", "vn", "S82"), ("bà Giàng Páo Mỷ", "vn_t", "S82")]),
 ("hathinga", "f", "V", "Vice-president, Vietnam Fatherland Front", [
   ("Hà Thị Nga", "vn", "S80+S81"), ("Bà Hà Thị Nga", "vn_t", "S80+S108")]),
 ("tanthique", "f", "V", "Lai Châu People's Council vice-chair", [("Tẩn Thị Quế", "vn", "S81")]),
 ("luongthivananh", "f", "V", "Son La party inspection chief (Lường family)", [
   ("Lường Thị Vân Anh", "vn", "S103+S104"), ("bà Lường Thị Vân Anh", "vn_t", "S103")]),
 ("chaacua", "m", "V", "Son La deputy party secretary (H'Mông)", [
   ("Chá A Của", "vn", "S101+S103"), ("ông Chá A Của", "vn_t", "S103")]),
 ("levanluong", "m", "V", "Lai Châu then Điện Biên provincial chairman", [
   ("Lê Văn Lương", "vn", "S78+S79"), ("Lê Van Luong", "vnpart", "S86"),
   ("Le Van Luong", "ascii", "S145"), ("Ông Lê Văn Lương", "vn_t", "S78")]),
 ("leminhngan", "m", "V", "Lai Châu party secretary", [
   ("Lê Minh Ngân", "vn", "S86+S107"), ("ông Lê Minh Ngân", "vn_t", "S107")]),
 ("hoangvannghiem", "m", "V", "Son La party secretary from 2025", [
   ("Hoàng Văn Nghiệm", "vn", "S105"), ("Hoang Van Nghiem", "ascii", "S88"),
   ("Hoàng Van Nghiêm", "vnpart", "S89"), ("ông Hoàng Văn Nghiệm", "vn_t", "S105")]),
 ("nguyenhuudong", "m", "V", "Son La party secretary 2015-2020", [
   ("Nguyễn Hữu Đông", "vn", "S105+S106"), ("Nguyen Huu Dong", "ascii", "S84"),
   ("Ông Nguyễn Hữu Đông", "vn_t", "S106")]),
 ("lethanhdo", "m", "V", "Điện Biên provincial chairman", [
   ("Lê Thành Đô", "vn", "S75+S77"), ("Mr. Lê Thành Đô", "vn_t", "S75")]),
 ("trantiendung", "m", "V", "Điện Biên party secretary from 2025", [
   ("Trần Tiến Dũng", "vn", "S77+S79"), ("Ông Trần Tiến Dũng", "vn_t", "S77")]),
 ("nguyencongthiep", "m", "V", "Lai Châu NA candidate 2026", [
   ("Nguyễn Công Thiệp", "vn", "S108"), ("Nguyễn Công Thiếp", "vn_typo", "S80"),
   ("ông Nguyễn Công Thiếp", "vn_t", "S80")]),
 ("tranquoccuong", "m", "V", "Điện Biên party secretary", [
   ("Trần Quốc Cường", "vn", "S75"), ("Mr. Trần Quốc Cường", "vn_t", "S75")]),
 ("lycongUan", "m", "V", "King Lý Thái Tổ (textbook spelling dispute Lí/Lý)", [
   ("Lý Công Uẩn", "vn", "S112"), ("Lí Công Uẩn", "vn_iy", "S112+S113")]),
 ("nguyensyquan", "m", "V", "Điện Biên party inspection chief", [("Nguyễn Sỹ Quân", "vn", "S77")]),
 ("nganvanhoa", "m", "V", "Mường Lát commune council vice-chair (Thái)", [("Ngan Van Hoa", "ascii", "S90")]),
 ("hangocchien", "m", "V", "Head of the NA Ethnic Council", [("Ha Ngoc Chien", "ascii", "S91")]),
 ("trieuthinai", "f", "V", "Vietnamese NA deputy (Dao)", [("Trieu Thi Nai", "ascii", "S92")]),
 ("hatronghai", "m", "V", "Lai Châu vice-chairman", [("Hà Trọng Hải", "vn", "S109")]),
 ("tonhuson", "m", "V", "Lai Châu permanent deputy party secretary", [("Tô Như Sơn", "vn", "S110")]),
 ("toanhdung", "m", "V", "Vietnamese deputy foreign minister", [("Tô Anh Dũng", "vn", "S149")]),
 ("nguyentandung", "m", "V", "Vietnamese PM 2006-2016", [("Nguyễn Tấn Dũng", "vn", "S11+S149")]),
 ("nguyenthanhson", "m", "V", "Vietnamese deputy foreign minister", [("Nguyễn Thanh Sơn", "vn", "S149")]),
 ("phamkhacquan", "m", "V", "Điện Biên party organisation chief", [("Phạm Khắc Quân", "vn", "S75")]),
 ("hoducphoc", "m", "V", "Vietnamese Deputy PM", [("Hồ Đức Phớc", "vn", "S148+S150")]),
 ("vuducdam", "m", "V", "Vietnamese Deputy PM 2016-2023", [("Vũ Đức Đam", "vn", "S66+S151")]),
 ("trandaiquang", "m", "V", "Vietnamese President 2016-2018", [("Trần Đại Quang", "vn", "S20")]),
 ("nguyenphutrong", "m", "V", "CPV General Secretary 2011-2024", [("Nguyễn Phú Trọng", "vn", "S20+S149")]),
 ("dangdinhquy", "m", "V", "Vietnamese deputy foreign minister", [("Đặng Đình Quý", "vn", "S149")]),
 ("dangminhkhoi", "m", "V", "Vietnamese deputy foreign minister", [("Đặng Minh Khôi", "vn", "S149")]),
 ("doducduy", "m", "V", "Vietnamese natural resources minister", [("Đỗ Đức Duy", "vn", "S148")]),
 ("leminhhung", "m", "V", "CPV organisation commission head", [("Lê Minh Hung", "vnpart", "S89")]),
 ("nguyenvanthang", "m", "V", "Vietnamese transport minister", [("Nguyễn Văn Thắng", "vn", "S76")]),
 ("luongcuong", "m", "V", "Vietnamese President from 2024", [("Lương Cường", "vn", "S45")]),
]
P = [p for p in P if p[4]]

# Negative pairs (different real people): (pid_a, form_index_a, pid_b, form_index_b, category, why)
NEG = [
 ("kaysone", 0, "saysomphone", 0, "neg_same_family", "father and son"),
 ("saysomphone", 0, "santiphab", 0, "neg_same_family", "brothers, both children of Kaysone"),
 ("santiphab", 0, "thongsavanh", 0, "neg_same_family", "siblings"),
 ("kaysone", 2, "saysomphone", 3, "neg_same_family", "father and son, Lao script"),
 ("thongsavanh", 1, "saysomphone", 1, "neg_same_family", "siblings"),
 ("viphavanhp", 0, "phankham", 0, "neg_other", "given name of one = family name of the other"),
 ("viphavanhp", 0, "saysomphone", 0, "neg_same_family", "spouses"),
 ("sonexay", 0, "viengsavath", 0, "neg_same_family", "siblings, children of Khamtay"),
 ("viengsavath", 0, "viengthong", 0, "neg_same_family", "siblings, same first syllable"),
 ("khamtay", 0, "sonexay", 0, "neg_same_family", "father and son"),
 ("sonexay", 5, "viengsavath", 1, "neg_same_family", "siblings, Lao script"),
 ("athsphangthong", 0, "viengthong", 0, "neg_same_family", "siblings"),
 ("khamtay", 1, "sonexay", 1, "neg_same_family", "father and son, French-style spellings"),
 ("saleumxay", 0, "malaithong", 0, "neg_same_family", "same family name"),
 ("malaithong", 0, "thansamay", 0, "neg_same_family", "same family name"),
 ("saleumxay", 1, "thansamay", 0, "neg_same_family", "same family name"),
 ("sommad", 0, "khemmani", 0, "neg_same_family", "same family name"),
 ("sommad", 0, "phonethep", 0, "neg_same_family", "same family name"),
 ("bosengkham", 0, "boviengkham", 0, "neg_similar", "two ministers one syllable apart"),
 ("choummaly", 0, "phosay", 0, "neg_same_family", "father and son"),
 ("thongsing", 0, "onchanh", 0, "neg_same_family", "same family name"),
 ("thongsing", 0, "sonethanu", 0, "neg_same_family", "father and son"),
 ("onchanh", 1, "sonethanu", 0, "neg_same_family", "same family name"),
 ("samane", 0, "suanesavanh", 0, "neg_same_family", "same family name"),
 ("samane", 0, "nam", 0, "neg_same_family", "Vignaket/Vinhaket, different people"),
 ("sonexay", 0, "sonexays", 0, "neg_same_given", "PM and central-bank governor share the given name"),
 ("sonexay", 8, "sonexays", 1, "neg_same_given", "same given name, Vietnamese-press spellings"),
 ("khamphanh", 0, "khamphanhp", 0, "neg_same_given", "two Politburo members named Khamphanh"),
 ("khamphanh", 0, "khamphanhs", 0, "neg_same_given", "same given name"),
 ("khamphanhp", 0, "khamphanhs", 0, "neg_same_given", "same given name"),
 ("khammany", 0, "khammanh", 0, "neg_similar", "given names one letter apart"),
 ("khammany", 1, "pheng", 0, "neg_same_family", "same family name Inthilath"),
 ("bounchom", 0, "bounchanh", 0, "neg_similar", "given names one syllable apart"),
 ("sisay", 0, "saysi", 0, "neg_similar", "syllables of the given name reversed"),
 ("phonsouk", 0, "chantasone", 0, "neg_same_family", "same family name Inthavong"),
 ("sengnouan", 0, "sounthone", 0, "neg_similar", "Xayalath/Xayachack"),
 ("thongloun", 0, "thongsing", 0, "neg_similar", "same first syllable, both PMs"),
 ("thongsavanh", 0, "thongsing", 0, "neg_similar", "same first syllable"),
 ("vilay", 0, "vilayvong", 0, "neg_same_given", "Vilay/Vilayvong"),
 ("linkham", 0, "somphou", 0, "neg_same_family", "same family name Douangsavanh"),
 ("somdy", 0, "somkeo", 0, "neg_similar", "same first syllable"),
 ("khamphao", 0, "khamphanh", 0, "neg_similar", "Khamphao/Khamphanh"),
 ("chansy", 0, "chansamone", 0, "neg_similar", "same first syllable"),
 ("bounthong", 0, "bounpone", 0, "neg_similar", "same first syllable"),
 ("bounkhong_l", 0, "bouakhong_n", 0, "neg_similar", "ບຸນຄົງ/ບົວຄົງ"),
 ("thavisak_x", 0, "bounyadet_x", 0, "neg_same_family", "same family name ໄຊຍະວົງ"),
 ("somphet_s", 0, "somchanh_c", 0, "neg_similar", "same first syllable ສົມ"),
 ("khamsay_s", 0, "khamlai_s", 0, "neg_similar", "ຄຳໃສ/ຄໍາໄຫຼ"),
 ("lominhhung", 0, "lovanphuong", 0, "neg_same_family", "two Lò officials"),
 ("lominhhung", 1, "leminhhung", 0, "neg_similar", "Lo Minh Hung / Lê Minh Hung"),
 ("muaason", 0, "muaavang", 0, "neg_similar", "Mùa A Sơn / Mùa A Vảng"),
 ("sungaho", 0, "sungmiche", 0, "neg_same_family", "two Sùng officials"),
 ("hathinga", 0, "haquangtrung", 0, "neg_same_family", "two Hà officials"),
 ("haquangtrung", 0, "hatronghai", 0, "neg_same_family", "two Hà officials"),
 ("hangocchien", 0, "haquangtrung", 0, "neg_same_family", "two Hà officials (one ASCII)"),
 ("hoangvanchat", 0, "hoangvannghiem", 0, "neg_similar", "same family and middle name"),
 ("hoangvanchat", 1, "hoangvannghiem", 1, "neg_similar", "same, ASCII"),
 ("hoangquockhanh", 0, "hoangvanchat", 0, "neg_same_family", "two Son La secretaries"),
 ("levanluong", 0, "leminhngan", 0, "neg_same_family", "two Lai Châu leaders"),
 ("levanluong", 0, "lethanhdo", 0, "neg_same_family", "two Điện Biên chairmen"),
 ("nguyendinhviet", 0, "nguyenhuudong", 0, "neg_same_family", "two Son La leaders"),
 ("trantiendung", 0, "tranquoccuong", 0, "neg_same_family", "two Điện Biên secretaries"),
 ("trantiendung", 0, "nguyentandung", 0, "neg_same_given", "same given name Dũng"),
 ("toanhdung", 0, "tolam", 0, "neg_same_family", "same family name Tô"),
 ("tonhuson", 0, "tolam", 0, "neg_same_family", "same family name Tô"),
 ("tonhuson", 0, "tolam", 1, "neg_same_family", "Vietnamese vs Lao-script spelling of another Tô"),
 ("phamminhchinh", 2, "phambinhminh", 2, "neg_similar", "two Phạm leaders, Lao script"),
 ("phamminhchinh", 0, "phambinhminh", 0, "neg_similar", "Phạm Minh Chính / Phạm Bình Minh"),
 ("phamminhchinh", 0, "phamkhacquan", 0, "neg_same_family", "same family name"),
 ("nguyenhoabinh", 0, "truonghoabinh", 0, "neg_same_given", "same middle and given name"),
 ("nguyenhoabinh", 1, "phambinhminh", 2, "neg_similar", "Lao script, shared syllable ບິ່ງ"),
 ("buithanhson", 0, "nguyenthanhson", 0, "neg_same_given", "same middle and given name"),
 ("nguyensyquan", 0, "phamkhacquan", 0, "neg_same_given", "same given name Quân"),
 ("hoducphoc", 0, "vuducdam", 0, "neg_similar", "same middle name Đức"),
 ("doducduy", 0, "hoducphoc", 0, "neg_similar", "same middle name Đức"),
 ("dangdinhquy", 0, "dangminhkhoi", 0, "neg_same_family", "same family name Đặng"),
 ("vuongdinhhue", 0, "dangdinhquy", 0, "neg_similar", "same middle name Đình"),
 ("nguyenxuanphuc", 0, "nguyenphutrong", 0, "neg_same_family", "two Nguyễn leaders"),
 ("trandaiquang", 0, "tranquoccuong", 0, "neg_same_family", "same family name Trần"),
 ("luongcuong", 0, "tranquoccuong", 0, "neg_same_given", "same given name Cường"),
 ("lethanhdo", 0, "nguyenvanthang", 0, "neg_other", "unrelated"),
 ("chaacua", 0, "chaleun", 0, "neg_other", "H'Mông names in Vietnam and Laos"),
 ("lipao", 0, "giangpaomy", 0, "neg_other", "Pao in both names"),
 ("lien", 0, "levanluong", 2, "neg_other", "Lao and Vietnamese names folding near each other"),
 ("nam", 0, "nguyenhuudong", 1, "neg_other", "unrelated, both ASCII"),
 ("thaoxuansung", 0, "sungaho", 0, "neg_other", "Sùng as given name vs family name"),
 ("camngocminh", 0, "phambinhminh", 0, "neg_same_given", "same given name Minh"),
 ("luongthivananh", 0, "hathinga", 0, "neg_other", "both Thị"),
 ("tanthique", 0, "hathinga", 0, "neg_other", "both Thị, one letter family names"),
 ("bounnhang", 0, "bounthong", 0, "neg_similar", "Bounnhang/Bounthong, same first syllable"),
 ("phoumi", 0, "phoun", 0, "neg_similar", "given names one letter apart"),
 ("vanxay", 0, "vanthong", 0, "neg_similar", "same first syllable"),
 ("sengphet", 0, "sengnouan", 0, "neg_similar", "same first syllable"),
 ("sengduean", 0, "sengnouan", 1, "neg_similar", "same first syllable"),
 ("khemmani", 0, "khammany", 0, "neg_similar", "Khemmani/Khammany, two ministers"),
 ("khemmani", 1, "khammany", 3, "neg_similar", "same pair in Vietnamese-press spelling"),
 ("chansamone", 0, "chantasone", 0, "neg_similar", "Chansamone/Chantasone"),
 ("inlavanh", 0, "sisavath", 0, "neg_similar", "family names one letter apart (Keopbounphanh/Keobounphanh)"),
 ("nguyenhoabinh", 0, "nguyentandung", 0, "neg_same_family", "two Nguyễn leaders"),
 ("leminhngan", 0, "leminhhung", 0, "neg_similar", "same family and middle name"),
 ("buithanhson", 0, "tonhuson", 0, "neg_same_given", "same given name Sơn"),
 ("vuongdinhhue", 0, "nguyendinhviet", 0, "neg_similar", "same middle name Đình"),
 ("tranquoccuong", 0, "hoangquockhanh", 0, "neg_similar", "same middle name Quốc"),
 ("giangpaomy", 0, "tanthique", 0, "neg_other", "two ethnic-minority women of Lai Châu"),
 ("bounchom", 1, "bounchanh", 1, "neg_other", "Latin vs Vietnamese-press spelling of different people"),
]
