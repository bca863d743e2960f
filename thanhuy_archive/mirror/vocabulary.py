"""The mirror's words: places, organisations, names, positions, story topics and the sentences
articles are composed from.

Everything here was written for this mirror; names are invented combinations.
"""

from __future__ import annotations

from dataclasses import dataclass

from thanhuy_archive.mirror.portal import COLLECTIONS

PLACES = (  # (name in running text, party committee, people's committee)
    ("quận 1", "Quận ủy Quận 1", "UBND Quận 1"),
    ("quận 3", "Quận ủy Quận 3", "UBND Quận 3"),
    ("quận 12", "Quận ủy Quận 12", "UBND Quận 12"),
    ("quận Bình Thạnh", "Quận ủy Bình Thạnh", "UBND quận Bình Thạnh"),
    ("quận Gò Vấp", "Quận ủy Gò Vấp", "UBND quận Gò Vấp"),
    ("quận Tân Bình", "Quận ủy Tân Bình", "UBND quận Tân Bình"),
    ("quận Phú Nhuận", "Quận ủy Phú Nhuận", "UBND quận Phú Nhuận"),
    ("TP. Thủ Đức", "Thành ủy TP. Thủ Đức", "UBND TP. Thủ Đức"),
    ("huyện Củ Chi", "Huyện ủy Củ Chi", "UBND huyện Củ Chi"),
    ("huyện Cần Giờ", "Huyện ủy Cần Giờ", "UBND huyện Cần Giờ"),
    ("huyện Hóc Môn", "Huyện ủy Hóc Môn", "UBND huyện Hóc Môn"),
    ("huyện Bình Chánh", "Huyện ủy Bình Chánh", "UBND huyện Bình Chánh"),
    ("huyện Nhà Bè", "Huyện ủy Nhà Bè", "UBND huyện Nhà Bè"),
)
ORGS = (
    "Ban Dân vận Thành ủy", "Ban Tuyên giáo Thành ủy", "Ban Tổ chức Thành ủy",
    "Ủy ban Kiểm tra Thành ủy", "Ủy ban MTTQ Việt Nam TP.HCM", "Thành đoàn TP.HCM",
    "Hội Liên hiệp Phụ nữ Thành phố", "Hội Cựu chiến binh Thành phố",
    "Liên đoàn Lao động Thành phố", "Hội Nông dân Thành phố",
)
# Names are drawn by gender so that "bà", "chị" and "Thị" agree with the given name.
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Dương")
MALE = (("Văn", "Minh", "Quốc", "Hữu", "Đức", "Thanh", "Hoàng"),
        ("An", "Bình", "Dũng", "Hải", "Khoa", "Long", "Nam", "Phúc", "Quân", "Trung", "Tuấn", "Khánh"))
FEMALE = (("Thị", "Thị Thu", "Ngọc", "Thanh", "Thị Kim"),
          ("Hà", "Lan", "Mai", "Thảo", "Vy", "Hồng", "Châu", "Hương", "Nga", "Yến"))
POSITIONS = (
    "Ủy viên Ban Thường vụ Thành ủy", "Phó Trưởng ban Dân vận Thành ủy",
    "Phó Trưởng ban Tuyên giáo Thành ủy", "Phó Chủ tịch UBND Thành phố",
    "Bí thư {party}", "Chủ tịch {gov}", "Phó Chủ tịch Ủy ban MTTQ Việt Nam TP.HCM",
)
PEN_NAMES = ("Văn Lượng", "Thu Hương", "Minh Châu", "Hoàng Anh", "Hồng Nhung", "Minh Anh",
             "Thanh Tâm", "Ngọc Hân", "Bảo Trâm", "Đức Trung", "Phương Thảo", "Kim Ngân",
             "Hải Yến", "Trọng Nhân", "Minh Quân", "Thu Hà", "Bảo Anh")
PHOTOGRAPHERS = ("Quang Vinh", "Việt Dũng", "Thanh Tùng")
FIELDS = ("Tuyên giáo", "Dân vận", "Tổ chức xây dựng Đảng", "Kiểm tra Đảng", "Văn phòng cấp ủy")
ISSUES = ("bồi thường, hỗ trợ tái định cư", "chỉnh trang đô thị", "xử lý rác thải sinh hoạt",
          "cấp giấy chứng nhận quyền sử dụng đất", "chống ngập nước",
          "quản lý trật tự lòng lề đường")
EVENTS = ("hội nghị tổng kết công tác năm {year}", "hội nghị giao ban công tác quý {quarter}",
          "lễ ra mắt câu lạc bộ lý luận trẻ", "hội nghị báo cáo viên định kỳ tháng {month}")
QUOTES = (
    "Mỗi cán bộ, đảng viên phải thật sự gần dân, hiểu dân và có trách nhiệm với dân",
    "Cần tiếp tục đổi mới phương thức tuyên truyền, đưa nghị quyết vào cuộc sống một cách thiết thực",
    "Kết quả hôm nay là nền tảng quan trọng để địa phương thực hiện thắng lợi các nhiệm vụ năm tới",
    "Phải lấy sự hài lòng của người dân làm thước đo hiệu quả công việc",
)
SUBHEADS = ("Lan tỏa mô hình hay", "Gần dân, sát dân", "Nhiều kết quả nổi bật", "Tiếp tục đổi mới")
CAPTIONS = (
    "Quang cảnh buổi lễ",
    "Đồng chí {person} phát biểu tại buổi lễ",
    "Các đại biểu tại chương trình",
    "Lãnh đạo {place} trao giấy khen cho các tập thể tiêu biểu (Ảnh: {photographer})",
    "Người dân tham gia chương trình",
    "Một góc {place}",
)


@dataclass(frozen=True)
class Topic:
    """One kind of news story: headline, lead (after LEAD_CREDIT) and the report sentences
    that fit it. ``{dm}`` in a lead is a year-less event date ("7/8"), never the publication
    date. Flags: "glue" (the CMS glued two slug words), "money" (a budget sentence fits),
    "model" (a "model spread since month/year" sentence fits)."""

    title: str
    lead: str
    reports: tuple
    flags: tuple = ()


TOPICS = {
    "thoi-su": (
        Topic("{org} tổ chức {event}",
              "{daypart} {dm}, {org} tổ chức {event}. Đến dự có đại diện lãnh đạo các sở, ban, ngành Thành phố và {k} đại biểu tiêu biểu.",
              ("Theo báo cáo, trong thời gian qua, {org} đã chủ động tham mưu cấp ủy triển khai đồng bộ các nhiệm vụ chính trị, hoàn thành {done}/{goals} chỉ tiêu đề ra.",
               "Các đại biểu đã thảo luận, làm rõ những kết quả nổi bật, đồng thời chỉ ra hạn chế trong công tác phối hợp giữa các cơ quan, đơn vị.")),
        Topic("Lãnh đạo Thành phố thăm, tặng quà gia đình chính sách tại {place}",
              "{daypart} {dm}, đoàn công tác của Thành ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam TP.HCM đã đến thăm, tặng quà các gia đình chính sách, người có công với cách mạng tại {place}.",
              ("Đoàn đã đến thăm gia đình bà {woman}, mẹ liệt sĩ, năm nay đã ngoài 90 tuổi; ân cần hỏi thăm sức khỏe và đời sống của gia đình.",
               "Dịp này, Thành phố trao {k} phần quà, mỗi phần trị giá 2 triệu đồng, cho các gia đình chính sách có hoàn cảnh khó khăn.")),
        Topic("Ngày hội Đại đoàn kết toàn dân tộc tại {place}",
              "{daypart} {dm}, {place} tổ chức Ngày hội Đại đoàn kết toàn dân tộc với nhiều hoạt động văn hóa, thể thao sôi nổi, thu hút đông đảo người dân tham gia.",
              ("Ngày hội là dịp nhìn lại kết quả cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”, biểu dương các gia đình văn hóa tiêu biểu.",
               "Bà con khu phố cùng nhau gói bánh, tổ chức các trò chơi dân gian và trao quà cho hộ nghèo, hộ cận nghèo.")),
        Topic("Họp mặt kỷ niệm {n} năm Ngày truyền thống ngành {field} Thành phố",
              "{daypart} {dm}, Thành ủy TP.HCM tổ chức họp mặt kỷ niệm {n} năm Ngày truyền thống ngành {field} và biểu dương các tập thể, cá nhân tiêu biểu.",
              ("Qua {n} năm xây dựng và trưởng thành, các thế hệ cán bộ ngành {field} Thành phố luôn trung thành, tận tụy, hoàn thành tốt nhiệm vụ được giao.",
               "Tại buổi họp mặt, các đại biểu đã ôn lại truyền thống của ngành và chia sẻ kinh nghiệm trong công tác tham mưu.")),
        Topic("TP.HCM phát động đợt thi đua cao điểm năm {cur_year}",
              "{daypart} {dm}, Hội đồng Thi đua - Khen thưởng Thành phố phát động đợt thi đua cao điểm năm {cur_year} trong toàn hệ thống chính trị.",
              ("Đợt thi đua tập trung vào các nhiệm vụ trọng tâm như cải cách hành chính, chăm lo an sinh xã hội và phát triển kinh tế - xã hội.",
               "Các cơ quan, đơn vị được yêu cầu đăng ký nội dung thi đua cụ thể, gắn với trách nhiệm của người đứng đầu.")),
    ),
    "xay-dung-dang": (
        Topic("{Party} tổng kết công tác xây dựng Đảng năm {year}",
              "{daypart} {dm}, {party} tổ chức hội nghị tổng kết công tác xây dựng Đảng năm {year} và triển khai nhiệm vụ năm {year1}.",
              ("Trong năm {year}, {party} đã kết nạp {k} đảng viên mới, củng cố các tổ chức cơ sở đảng và kiện toàn đội ngũ cấp ủy các cấp.",
               "Công tác kiểm tra, giám sát được thực hiện thường xuyên, góp phần phát hiện và chấn chỉnh kịp thời những thiếu sót ngay từ cơ sở.")),
        Topic("Kết nạp {n} quần chúng ưu tú vào Đảng tại {place}",
              "{daypart} {dm}, {party} tổ chức lễ kết nạp {n} quần chúng ưu tú vào Đảng; đa số là đoàn viên, người lao động trẻ đang làm việc tại các doanh nghiệp trên địa bàn.",
              ("Các quần chúng được kết nạp đều đã qua lớp bồi dưỡng nhận thức về Đảng, được chi bộ và tổ chức đoàn thể giới thiệu.",
               "Thay mặt cấp ủy, đồng chí {person2} chúc mừng các đảng viên mới và đề nghị các đồng chí không ngừng rèn luyện, phấn đấu.")),
        Topic("Đổi mới tư duy trong công tác dân vận ở cơ sở",
              "{daypart} {dm}, Ban Dân vận Thành ủy tổ chức tọa đàm về đổi mới tư duy, phương thức thực hiện công tác dân vận ở cơ sở trong tình hình mới.",
              ("Các ý kiến tại tọa đàm cho rằng cán bộ làm công tác dân vận cần lắng nghe nhiều hơn, nói ít hơn và làm gương trước.",
               "Nhiều chi bộ đã đổi mới nội dung sinh hoạt, chọn chuyên đề gắn với những vấn đề người dân quan tâm như an ninh trật tự, vệ sinh môi trường."),
              ("glue", "model")),
        Topic("Sơ kết {n} năm thực hiện Chỉ thị số {num}-CT/TW",
              "{daypart} {dm}, Ban Thường vụ Thành ủy tổ chức hội nghị sơ kết {n} năm thực hiện Chỉ thị số {num}-CT/TW về tăng cường công tác kiểm tra, giám sát.",
              ("Sau {n} năm thực hiện chỉ thị, các cấp ủy đã kiểm tra {k} tổ chức đảng và {k2} đảng viên, kịp thời chấn chỉnh những thiếu sót.",
               "Hội nghị đề ra giải pháp nâng cao chất lượng công tác kiểm tra, giám sát trong thời gian tới, nhất là ở các chi bộ khu phố, ấp.")),
        Topic("“Dân vận khéo” từ những việc làm cụ thể ở {place}",
              "Phong trào thi đua “Dân vận khéo” tại {place} đã lan tỏa bằng những mô hình gần gũi, thiết thực, được người dân đồng tình hưởng ứng.",
              ("Từ việc vận động người dân hiến đất mở rộng hẻm đến xây dựng tuyến đường không rác, mỗi mô hình đều bắt đầu từ nhu cầu thực tế của khu dân cư.",
               "Mỗi cán bộ, đảng viên được phân công theo dõi, hỗ trợ một số hộ gia đình trên địa bàn dân cư."),
              ("model",)),
        Topic("Nâng cao chất lượng sinh hoạt chi bộ ở {place}",
              "{daypart} {dm}, {party} tổ chức hội nghị chuyên đề về nâng cao chất lượng sinh hoạt chi bộ, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
              ("Theo báo cáo, {pct}% chi bộ trực thuộc đã xây dựng chuyên đề sinh hoạt riêng, phù hợp với đặc điểm của từng địa bàn.",
               "Các đại biểu kiến nghị tăng cường cấp ủy viên cấp trên dự sinh hoạt với chi bộ để kịp thời nắm bắt tình hình.")),
    ),
    "chinh-quyen": (
        Topic("{Gov} đối thoại với người dân về {issue}",
              "{daypart} {dm}, {gov} tổ chức buổi đối thoại với người dân về {issue}, ghi nhận {k} ý kiến, kiến nghị.",
              ("Tại buổi đối thoại, người dân bày tỏ mong muốn các thủ tục được rút ngắn, thông tin được công khai rõ ràng hơn.",
               "Lãnh đạo {gov} đã trả lời trực tiếp nhiều ý kiến, các nội dung còn lại được giao cho phòng, ban chuyên môn nghiên cứu, phản hồi bằng văn bản.")),
        Topic("Đẩy mạnh cải cách thủ tục hành chính tại {place}",
              "{daypart} {dm}, {gov} sơ kết công tác cải cách hành chính, trong đó tỷ lệ hồ sơ giải quyết đúng hạn đạt {pct}%.",
              ("Hiện {gov} đang tiếp nhận hồ sơ trực tuyến đối với phần lớn thủ tục, giúp người dân tiết kiệm thời gian đi lại.",
               "Bộ phận một cửa được bố trí thêm máy lấy số tự động và khu vực hướng dẫn người cao tuổi làm thủ tục.")),
        Topic("HĐND Thành phố giám sát việc {issue}",
              "{daypart} {dm}, Đoàn giám sát của Thường trực HĐND TP.HCM làm việc với {gov} về việc {issue}.",
              ("Đoàn giám sát ghi nhận nhiều chuyển biến tích cực, song cũng chỉ ra một số hồ sơ còn chậm do vướng mắc về pháp lý.",
               "Đoàn giám sát đề nghị đơn vị tiếp tục rà soát, tháo gỡ vướng mắc, bảo đảm quyền lợi hợp pháp của người dân.")),
        Topic("[Infographic] Kết quả tiếp công dân năm {year}",
              "Năm {year}, các cơ quan hành chính trên địa bàn Thành phố đã tiếp {k} lượt công dân, giải quyết dứt điểm nhiều vụ việc tồn đọng kéo dài.",
              ("Thường trực Thành ủy, lãnh đạo UBND Thành phố đã trực tiếp tiếp công dân định kỳ hằng tháng theo đúng quy định.",
               "Nhiều vụ việc khiếu nại đông người đã được đối thoại, giải quyết ngay tại cơ sở.")),
        Topic("{Place} ra mắt mô hình chính quyền số phục vụ người dân",
              "{daypart} {dm}, {gov} ra mắt mô hình chính quyền số, cho phép người dân nộp hồ sơ và theo dõi kết quả giải quyết thủ tục hành chính trên điện thoại.",
              ("Người dân có thể tra cứu tiến độ hồ sơ, phản ánh các vấn đề về trật tự đô thị, vệ sinh môi trường qua ứng dụng trên điện thoại.",
               "Trong thời gian thí điểm, hệ thống đã tiếp nhận {k} phản ánh, {pct}% trong số đó được xử lý đúng hạn."),
              ("money", "model")),
    ),
    "kinh-te": (
        Topic("{Place} thu hút {n} dự án đầu tư mới",
              "{daypart} {dm}, {gov} cho biết từ đầu năm đến nay địa phương đã thu hút {n} dự án đầu tư mới với tổng vốn đăng ký hơn {k} tỷ đồng.",
              ("Các dự án tập trung vào lĩnh vực thương mại, dịch vụ, logistics và công nghiệp chế biến, tạo việc làm cho khoảng {k2} lao động.",
               "Địa phương đã thành lập tổ công tác hỗ trợ nhà đầu tư, rút ngắn thời gian giải quyết thủ tục xuống còn một nửa.")),
        Topic("Hỗ trợ doanh nghiệp nhỏ và vừa ở {place} chuyển đổi số",
              "{daypart} {dm}, {gov} phối hợp với Hội Doanh nghiệp tổ chức chương trình hỗ trợ {k} doanh nghiệp nhỏ và vừa chuyển đổi số.",
              ("Các doanh nghiệp được tư vấn miễn phí về phần mềm quản lý bán hàng, hóa đơn điện tử và bảo mật dữ liệu.",
               "Theo đại diện doanh nghiệp, khó khăn lớn nhất hiện nay là thiếu nhân lực có kỹ năng số và chi phí đầu tư ban đầu còn cao."),
              ("money",)),
        Topic("Phát triển nông nghiệp đô thị công nghệ cao ở {place}",
              "Nông nghiệp đô thị công nghệ cao đang mở ra hướng đi mới cho nông dân {place}, giúp nâng cao thu nhập trên cùng một diện tích canh tác.",
              ("Nhiều hộ nông dân đã chuyển từ trồng lúa kém hiệu quả sang trồng rau an toàn, hoa lan và nuôi cá cảnh, cho thu nhập cao gấp nhiều lần.",
               "Địa phương hỗ trợ lãi vay, tập huấn kỹ thuật và kết nối tiêu thụ sản phẩm với các hệ thống siêu thị."),
              ("model",)),
        Topic("Giải ngân vốn đầu tư công đạt {pct}% kế hoạch năm {cur_year}",
              "{daypart} {dm}, UBND TP.HCM cho biết tỷ lệ giải ngân vốn đầu tư công năm {cur_year} đến nay đạt {pct}% kế hoạch, cao hơn cùng kỳ năm trước.",
              ("Một số dự án chậm giải ngân do vướng mắc trong công tác bồi thường, giải phóng mặt bằng.",
               "UBND Thành phố yêu cầu các chủ đầu tư lập kế hoạch giải ngân chi tiết theo từng tháng và chịu trách nhiệm về tiến độ.")),
        Topic("Sở Khoa học & Công nghệ hỗ trợ {n} doanh nghiệp đổi mới sáng tạo",
              "{daypart} {dm}, Sở Khoa học và Công nghệ TP.HCM trao quyết định hỗ trợ cho {n} doanh nghiệp tham gia chương trình đổi mới sáng tạo.",
              ("Các doanh nghiệp được hỗ trợ một phần kinh phí thử nghiệm sản phẩm, đăng ký sở hữu trí tuệ và tham gia các sự kiện kết nối đầu tư.",
               "Chương trình ưu tiên các giải pháp ứng dụng trong y tế, giáo dục và quản lý đô thị."),
              ("money",)),
        Topic("Tháo gỡ khó khăn cho doanh nghiệp xuất khẩu",
              "{daypart} {dm}, lãnh đạo Thành phố gặp gỡ, lắng nghe kiến nghị của các doanh nghiệp xuất khẩu về thủ tục hải quan, vốn vay và thị trường.",
              ("Theo đại diện doanh nghiệp, chi phí vận chuyển tăng cao và thủ tục tiếp cận vốn vay còn phức tạp là những khó khăn lớn nhất hiện nay.",
               "Thành phố sẽ tiếp tục cải thiện môi trường đầu tư kinh doanh, đồng hành cùng doanh nghiệp trong quá trình phục hồi và phát triển.")),
    ),
    "van-hoa-xa-hoi": (
        Topic("Ra mắt sách về truyền thống cách mạng của {place}",
              "{daypart} {dm}, {party} tổ chức lễ ra mắt cuốn sách về lịch sử truyền thống cách mạng của Đảng bộ và nhân dân {place}.",
              ("Cuốn sách gồm nhiều tư liệu, hình ảnh quý về các giai đoạn lịch sử đấu tranh cách mạng của quân và dân địa phương.",
               "Sách được biên soạn trong hai năm, với sự góp ý của nhiều nhân chứng lịch sử và các nhà nghiên cứu.")),
        Topic("Trao nhà tình nghĩa cho gia đình chính sách tại {place}",
              "{daypart} {dm}, Ủy ban MTTQ Việt Nam {place} trao {n} căn nhà tình nghĩa cho các gia đình chính sách có hoàn cảnh khó khăn.",
              ("Mỗi căn nhà có diện tích khoảng {m2} m², được xây dựng kiên cố bằng nguồn kinh phí do các nhà hảo tâm đóng góp.",
               "Bà {woman} xúc động cho biết gia đình đã mong có một mái nhà kiên cố từ nhiều năm nay."),
              ("money",)),
        Topic("Khánh thành công trình thủy lợi phục vụ người dân {place}",
              "{daypart} {dm}, {gov} khánh thành công trình thủy lợi, góp phần chống ngập và phục vụ sản xuất cho hơn {k} hộ dân.",
              ("Công trình gồm tuyến kênh dài hơn 2 km và cống ngăn triều, được khởi công từ tháng {m3}/{y3}.",
               "Người dân trong khu vực không còn cảnh ngập nước mỗi khi triều cường dâng cao."),
              ("money",)),
        Topic("Chăm lo sức khỏe cho người cao tuổi tại {place}",
              "{daypart} {dm}, Hội Người cao tuổi {place} phối hợp với Trung tâm Y tế tổ chức khám sức khỏe miễn phí cho {k} người cao tuổi.",
              ("Các bác sĩ đã khám tổng quát, đo huyết áp, tư vấn dinh dưỡng và cấp thuốc miễn phí cho người cao tuổi.",
               "Bà {woman} là con thứ hai trong gia đình có 3 người con, nhiều năm liền tham gia công tác hội tại khu phố.")),
        Topic("Về thăm khu di tích lịch sử ở {place}",
              "Khu di tích lịch sử ở {place} là địa chỉ đỏ giáo dục truyền thống cách mạng cho thế hệ trẻ, thu hút đông đảo khách tham quan mỗi năm.",
              ("Khu di tích được trùng tu, tôn tạo với nhiều hạng mục như nhà trưng bày, đền tưởng niệm và đường hầm mô phỏng.",
               "Mỗi năm, khu di tích đón hàng chục nghìn lượt học sinh, sinh viên đến tham quan, học tập.")),
        Topic("Hòa giải ở cơ sở: gần dân, sát dân",
              "Công tác hòa giải ở cơ sở tại {place} đã góp phần giữ gìn tình làng nghĩa xóm, giảm đáng kể các vụ việc phải đưa ra tòa án.",
              ("Các tổ hòa giải chủ yếu là cán bộ hưu trí, người có uy tín trong khu phố, am hiểu phong tục và pháp luật.",
               "Năm qua, các tổ hòa giải đã hòa giải thành {pct}% số vụ việc tiếp nhận."),
              ("model",)),
    ),
}
ATTENDANCE = "Tham dự có đồng chí {person}, {position}; cùng đại diện lãnh đạo các sở, ban, ngành Thành phố."
MONEY = "Tổng kinh phí thực hiện là {x},{y} tỷ đồng, trong đó ngân sách thành phố 2/3, phần còn lại do doanh nghiệp và nhà hảo tâm đóng góp."
QUOTE = "Phát biểu tại buổi làm việc, đồng chí {person2}, {position2}, nhấn mạnh: “{quote}”."
EARLIER = "Trước đó, ngày {dm2}, đoàn công tác đã khảo sát thực tế tại {place2} và ghi nhận nhiều cách làm hay."
PARTIAL = "Từ tháng {m3}/{y3} đến nay, mô hình đã được nhân rộng ra {k3} khu phố, ấp trên địa bàn."
CLOSINGS = (
    "Dịp này, {org} đã trao bằng khen cho {k4} tập thể và {k5} cá nhân có thành tích xuất sắc.",
    "Hội nghị cũng thống nhất các nhiệm vụ trọng tâm trong thời gian tới, trong đó chú trọng công tác tuyên truyền, vận động nhân dân.",
    "Ban tổ chức cho biết chương trình sẽ được duy trì thường xuyên trong những năm tiếp theo.",
)
DOC_TOPICS = {
    COLLECTIONS[0].slug: (
        ("Diễn văn khai mạc Hội nghị Ban Chấp hành Đảng bộ Thành phố lần thứ {n}",
         "Cổng Thông tin điện tử Đảng bộ Thành phố trân trọng giới thiệu toàn văn diễn văn khai mạc hội nghị lần thứ {n} của Ban Chấp hành Đảng bộ Thành phố."),
        ("Nghị quyết hội nghị chuyên đề về công tác dân vận giai đoạn {y1} - {y2}",
         "Cổng Thông tin điện tử Đảng bộ Thành phố giới thiệu nội dung chính của nghị quyết chuyên đề về công tác dân vận giai đoạn {y1} - {y2}."),
    ),
    COLLECTIONS[1].slug: (
        ("Tóm tắt quá trình hình thành Đảng bộ {place}",
         "Tư liệu tóm tắt các mốc lịch sử quan trọng trong quá trình hình thành và phát triển của Đảng bộ {place}."),
        ("Biên niên sự kiện Đảng bộ {place} giai đoạn {y1} - {y2}",
         "Biên niên ghi lại những sự kiện tiêu biểu của Đảng bộ và nhân dân {place} trong giai đoạn {y1} - {y2}."),
    ),
    COLLECTIONS[2].slug: (
        ("Người cựu chiến binh gương mẫu ở {place}",
         "Hơn hai mươi năm làm tổ trưởng tổ dân phố, ông {man} luôn được bà con {place} tin yêu, quý trọng."),
        ("Nữ đảng viên tận tụy với phong trào khu phố",
         "Gắn bó với công tác mặt trận ở khu phố từ khi còn trẻ, bà {woman} là tấm gương tiêu biểu về tinh thần trách nhiệm với cộng đồng."),
    ),
}
DOC_PARAGRAPHS = (
    "Thưa các đồng chí, hội nghị lần này có nhiệm vụ đánh giá tình hình thực hiện nghị quyết, thảo luận và quyết định các chủ trương lớn của Đảng bộ trong thời gian tới.",
    "Giai đoạn {y1} - {y2}, Đảng bộ {place} lãnh đạo nhân dân khắc phục khó khăn, từng bước ổn định đời sống và phát triển sản xuất.",
    "Những bài học kinh nghiệm được rút ra từ thực tiễn là nền tảng quan trọng để các thế hệ cán bộ tiếp tục kế thừa và phát huy.",
    "Việc học tập, quán triệt nghị quyết được tổ chức nghiêm túc từ Thành phố đến cơ sở, với sự tham gia của đông đảo cán bộ, đảng viên.",
    "Ông {man_short} vẫn thường nói với các thành viên trong tổ rằng làm việc gì cũng phải bắt đầu từ sự lắng nghe.",
)
TONE_VARIANTS = (("hòa", "hoà"), ("Hòa", "Hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"),
                 ("Ủy", "Uỷ"), ("ủy", "uỷ"), ("tùy", "tuỳ"), ("xóa", "xoá"))

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


# --------------------------------------------------------------------------------------------
# Photo stories, videos, interviews, documents, readers
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PhotoTopic:
    """A photo story ("Phóng sự ảnh"): little text, many pictures with long captions."""

    title: str
    lead: str
    paragraphs: tuple
    captions: tuple


PHOTO_TOPICS = (
    PhotoTopic(
        "Phóng sự ảnh: Ngày hội Đại đoàn kết toàn dân tộc ở {place}",
        "{daypart} {dm}, hàng nghìn người dân {place} đã cùng tham gia Ngày hội Đại đoàn kết toàn dân tộc với nhiều hoạt động văn hóa, thể thao và chăm lo an sinh xã hội.",
        ("Ngày hội năm nay được tổ chức đồng loạt tại các khu phố, ấp trên địa bàn, là dịp để cấp ủy, chính quyền lắng nghe tâm tư, nguyện vọng của nhân dân và biểu dương các gia đình văn hóa tiêu biểu của từng khu dân cư.",
         "Bên cạnh phần lễ trang trọng, phần hội diễn ra sôi nổi với các trò chơi dân gian, gian hàng ẩm thực và chương trình văn nghệ do chính người dân trong khu phố biểu diễn."),
        ("Đồng chí {person}, {position}, trao quà cho các hộ gia đình có hoàn cảnh khó khăn tại ngày hội. Mỗi phần quà gồm nhu yếu phẩm và tiền mặt trị giá 1 triệu đồng.",
         "Bà con khu phố cùng nhau gói bánh tét từ sáng sớm. Theo ban tổ chức, hơn 500 đòn bánh được trao tặng các gia đình chính sách trên địa bàn.",
         "Các em thiếu nhi hào hứng tham gia trò chơi kéo co, nhảy bao bố trong khuôn viên nhà văn hóa khu phố.",
         "Tiết mục múa do các thành viên câu lạc bộ người cao tuổi biểu diễn nhận được nhiều tràng pháo tay của khán giả.",
         "Gian hàng giới thiệu sản phẩm của các hộ kinh doanh nhỏ trong khu phố thu hút đông đảo người dân ghé thăm, mua sắm.",
         "Ban tổ chức biểu dương {k4} gia đình văn hóa tiêu biểu, có nhiều đóng góp cho phong trào của khu dân cư trong năm qua.")),
    PhotoTopic(
        "Ảnh: Người dân {place} chung tay làm sạch kênh rạch",
        "{daypart} {dm}, hơn {k} cán bộ, đoàn viên và người dân {place} ra quân thu gom rác thải, khơi thông dòng chảy các tuyến kênh rạch trên địa bàn.",
        ("Chương trình nằm trong chuỗi hoạt động hưởng ứng phong trào chống rác thải nhựa, góp phần cải thiện môi trường sống và hạn chế ngập nước cục bộ vào mùa mưa, nhất là ở các khu dân cư ven kênh.",
         "Sau buổi ra quân, các khu phố tiếp tục duy trì tổ tự quản, phân công từng hộ gia đình theo dõi, giữ gìn vệ sinh đoạn kênh gần nơi ở và nhắc nhở nhau không xả rác."),
        ("Đoàn viên thanh niên dùng ghe nhỏ vớt rác, lục bình trên tuyến kênh. Lượng rác thu gom trong buổi sáng ước tính hơn 3 tấn.",
         "Người dân sống dọc bờ kênh mang dụng cụ từ nhà ra cùng tham gia dọn dẹp, nạo vét bùn đất ở các miệng cống thoát nước.",
         "Lực lượng dân quân tự vệ hỗ trợ vận chuyển rác đến điểm tập kết để đơn vị vệ sinh môi trường xử lý trong ngày.",
         "Đồng chí {person2}, {position2}, trực tiếp tham gia cùng người dân và đề nghị các khu phố duy trì hoạt động này hằng tháng.",
         "Tuyến kênh sau khi được làm sạch, dòng chảy thông thoáng hơn; nhiều hộ dân cam kết không xả rác xuống kênh.",
         "Các em học sinh trên địa bàn vẽ tranh cổ động bảo vệ môi trường, được trưng bày ngay tại điểm ra quân.")),
    PhotoTopic(
        "Phóng sự ảnh: Công trình chống ngập ở {place} về đích",
        "Sau hơn một năm thi công, công trình chống ngập ở {place} đã hoàn thành, giúp hàng nghìn hộ dân không còn cảnh nước ngập mỗi khi mưa lớn, triều cường.",
        ("Công trình gồm tuyến cống thoát nước dài hơn 3 km, hai trạm bơm và hệ thống van ngăn triều, được đầu tư từ nguồn vốn ngân sách Thành phố với tổng mức đầu tư hơn 300 tỷ đồng.",
         "Trong quá trình thi công, chủ đầu tư đã phối hợp với chính quyền địa phương thông tin kịp thời để người dân chủ động sắp xếp việc đi lại, buôn bán."),
        ("Toàn cảnh tuyến đường sau khi hoàn thành nâng cấp, mặt đường được nâng cao khoảng 40 cm so với trước đây.",
         "Trạm bơm mới có công suất lớn, vận hành tự động khi mực nước trong cống vượt ngưỡng cho phép.",
         "Công nhân kiểm tra van ngăn triều trước khi đưa công trình vào sử dụng. Van được điều khiển từ xa qua hệ thống giám sát của Trung tâm chống ngập.",
         "Ông {man}, người dân sống trên tuyến đường hơn 30 năm, cho biết từ nay việc buôn bán của gia đình không còn bị gián đoạn vì ngập nước.",
         "Lãnh đạo {gov} cùng đại diện chủ đầu tư kiểm tra hạng mục vỉa hè, cây xanh dọc tuyến đường trước ngày bàn giao.",
         "Tuyến đường thông thoáng vào giờ cao điểm chiều, sau cơn mưa lớn kéo dài gần một giờ.")),
)


@dataclass(frozen=True)
class VideoTopic:
    """A video page: a player, and the description under it."""

    title: str
    lead: str
    description: tuple


VIDEO_TOPICS = (
    VideoTopic(
        "[Video] Về thăm khu di tích lịch sử ở {place}",
        "Khu di tích lịch sử ở {place} là địa chỉ đỏ giáo dục truyền thống cách mạng cho thế hệ trẻ, thu hút đông đảo khách tham quan mỗi năm.",
        ("Khu di tích được trùng tu, tôn tạo với nhiều hạng mục như nhà trưng bày, đền tưởng niệm và đường hầm mô phỏng, tái hiện đời sống chiến đấu của quân và dân địa phương.",
         "Mỗi năm, khu di tích đón hàng chục nghìn lượt học sinh, sinh viên đến tham quan, học tập; nhiều chi đoàn chọn nơi đây để tổ chức lễ kết nạp đoàn viên mới và sinh hoạt truyền thống.")),
    VideoTopic(
        "[Video] Ngày hội Đại đoàn kết toàn dân tộc tại {place}",
        "{daypart} {dm}, {place} tổ chức Ngày hội Đại đoàn kết toàn dân tộc với nhiều hoạt động văn hóa, thể thao sôi nổi, thu hút đông đảo người dân tham gia.",
        ("Ngày hội là dịp nhìn lại kết quả cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”, biểu dương các gia đình văn hóa tiêu biểu trên địa bàn.",
         "Bà con khu phố cùng nhau gói bánh, tổ chức các trò chơi dân gian và trao quà cho hộ nghèo, hộ cận nghèo; không khí ngày hội ấm áp, đậm tình làng nghĩa xóm, gắn kết các thế hệ trong khu dân cư.")),
    VideoTopic(
        "[Video] Thanh niên {place} ra quân chiến dịch tình nguyện hè",
        "{daypart} {dm}, Quận đoàn, Huyện đoàn trên địa bàn {place} tổ chức lễ ra quân chiến dịch tình nguyện hè với sự tham gia của hơn {k} đoàn viên, thanh niên.",
        ("Trong thời gian diễn ra chiến dịch, các đội hình tình nguyện sẽ tham gia chỉnh trang hẻm, sửa chữa nhà cho người già neo đơn và tổ chức sân chơi cho thiếu nhi.",
         "Nhiều công trình thanh niên được đăng ký thực hiện, tập trung vào những khu dân cư còn khó khăn, nơi người dân đang cần sự hỗ trợ nhiều nhất, với sự đồng hành của các doanh nghiệp trên địa bàn.")),
    VideoTopic(
        "[Video] Toàn cảnh hội nghị tổng kết công tác dân vận năm {year}",
        "{daypart} {dm}, Ban Dân vận Thành ủy tổ chức hội nghị tổng kết công tác dân vận năm {year}, triển khai nhiệm vụ năm {year1}.",
        ("Hội nghị đánh giá công tác dân vận của hệ thống chính trị Thành phố có nhiều chuyển biến, nhất là trong vận động nhân dân tham gia các công trình, dự án trọng điểm.",
         "Dịp này, nhiều tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” được khen thưởng, ghi nhận những đóng góp thầm lặng ở cơ sở.")),
)


@dataclass(frozen=True)
class InterviewTopic:
    """An interview: an introduction, then questions and the interviewee's answers."""

    title: str
    lead: str
    exchanges: tuple  # (question, answer)


INTERVIEW_TOPICS = (
    InterviewTopic(
        "Dân vận khéo phải bắt đầu từ lắng nghe",
        "Nhân dịp kỷ niệm Ngày truyền thống công tác dân vận, phóng viên Cổng Thông tin điện tử Đảng bộ Thành phố có cuộc trao đổi với {honorific} {interviewee}, {iposition}, về những kết quả nổi bật và định hướng trong thời gian tới.",
        (("Thưa {address}, phong trào thi đua “Dân vận khéo” ở địa phương thời gian qua có những chuyển biến gì nổi bật?",
          "Điều dễ thấy nhất là cán bộ đã gần dân hơn. Nhiều mô hình xuất phát từ chính nhu cầu của người dân, như vận động hiến đất mở hẻm, xây dựng tuyến đường không rác, nên được bà con đồng tình và cùng làm."),
         ("Đâu là khó khăn lớn nhất khi triển khai công tác dân vận ở khu dân cư đông đúc như hiện nay?",
          "Khó nhất là đời sống người dân thay đổi nhanh, nhiều người đi làm cả ngày, ít thời gian tham gia sinh hoạt khu phố. Chúng tôi phải đổi mới cách làm, tăng cường tiếp xúc qua mạng xã hội và tổ chức họp vào buổi tối."),
         ("Thời gian tới, địa phương sẽ tập trung vào những nhiệm vụ gì?",
          "Chúng tôi sẽ tiếp tục lắng nghe, giải quyết dứt điểm các kiến nghị chính đáng của người dân, đồng thời nhân rộng những mô hình hay để phong trào lan tỏa sâu rộng hơn."))),
    InterviewTopic(
        "Chuyển đổi số phải lấy người dân làm trung tâm",
        "Chuyển đổi số đang được {place} triển khai mạnh mẽ. Phóng viên đã có cuộc trao đổi với {honorific} {interviewee}, {iposition}, về những kết quả bước đầu và các giải pháp sắp tới.",
        (("Xin {address} cho biết những kết quả bước đầu của công tác chuyển đổi số tại địa phương?",
          "Đến nay, phần lớn thủ tục hành chính đã được tiếp nhận trực tuyến. Người dân có thể theo dõi tiến độ giải quyết hồ sơ ngay trên điện thoại, không phải đi lại nhiều lần như trước."),
         ("Người cao tuổi gặp nhiều khó khăn khi sử dụng dịch vụ công trực tuyến. Địa phương đã có giải pháp gì?",
          "Chúng tôi thành lập các tổ công nghệ số cộng đồng ở từng khu phố, chủ yếu là đoàn viên thanh niên, để hướng dẫn trực tiếp cho người dân, nhất là người cao tuổi."),
         ("{Address} kỳ vọng gì ở chương trình trong năm tới?",
          "Mục tiêu của chúng tôi là mọi người dân đều được hưởng lợi từ chuyển đổi số. Chính quyền phải phục vụ tốt hơn, nhanh hơn và minh bạch hơn."))),
    InterviewTopic(
        "Nâng cao chất lượng tổ chức cơ sở đảng ở khu dân cư",
        "Xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh là nhiệm vụ then chốt. Xung quanh vấn đề này, phóng viên đã trao đổi với {honorific} {interviewee}, {iposition}.",
        (("Thưa {address}, chất lượng sinh hoạt chi bộ khu phố hiện nay ra sao?",
          "Sinh hoạt chi bộ đã đi vào nền nếp, nội dung thiết thực hơn. Nhiều chi bộ chọn chuyên đề gắn với những việc người dân quan tâm như an ninh trật tự, vệ sinh môi trường."),
         ("Việc phát triển đảng viên ở khu dân cư đang gặp những trở ngại nào?",
          "Nguồn phát triển đảng viên ở khu dân cư còn mỏng vì nhiều thanh niên đi học, đi làm xa. Các chi bộ phải chủ động phát hiện, bồi dưỡng quần chúng ưu tú ngay từ các phong trào ở địa phương."))),
)


@dataclass(frozen=True)
class DocumentType:
    name: str  # Loại văn bản
    code: str  # its letters in the document number: 15-NQ/TU


DOCUMENT_TYPES = (DocumentType("Nghị quyết", "NQ"), DocumentType("Chỉ thị", "CT"),
                  DocumentType("Kết luận", "KL"), DocumentType("Kế hoạch", "KH"),
                  DocumentType("Hướng dẫn", "HD"), DocumentType("Thông báo", "TB"))
ISSUERS = (  # (body, its letters in the document number)
    ("Ban Thường vụ Thành ủy", "TU"), ("Thành ủy Thành phố Hồ Chí Minh", "TU"),
    ("Ban Tuyên giáo Thành ủy", "BTGTU"), ("Ban Tổ chức Thành ủy", "BTCTU"),
    ("Ban Dân vận Thành ủy", "BDVTU"), ("Ủy ban Kiểm tra Thành ủy", "UBKTTU"),
)
DOCUMENT_SUMMARIES = (
    "Về tăng cường công tác dân vận trong tình hình mới",
    "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
    "Về nâng cao chất lượng sinh hoạt chi bộ trong Đảng bộ Thành phố",
    "Về tổ chức các hoạt động kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam",
    "Về công tác kiểm tra, giám sát và thi hành kỷ luật đảng năm {year}",
    "Về thực hiện chuyển đổi số trong các cơ quan đảng Thành phố giai đoạn {y1} - {y2}",
)
DOCUMENT_TEXT = (
    "Ngày {issued}, {issuer} ban hành {type_lower} số {number} {summary_lower}.",
    "{Type} xác định rõ mục tiêu, nhiệm vụ và giải pháp trọng tâm; phân công trách nhiệm cụ thể cho từng cấp ủy, tổ chức đảng, cơ quan, đơn vị, gắn với lộ trình thực hiện và cơ chế kiểm tra, giám sát thường xuyên.",
    "{Type} yêu cầu các cấp ủy quán triệt sâu sắc nội dung đến cán bộ, đảng viên, xây dựng kế hoạch thực hiện phù hợp với tình hình thực tế và định kỳ báo cáo kết quả về {issuer}.",
    "Cổng Thông tin điện tử Đảng bộ Thành phố trân trọng giới thiệu toàn văn {type_lower} trong tệp đính kèm.",
)

# What readers write under an article in the 2020s layout (first name, district, comment).
READER_COMMENTS = (
    ("Minh Tuấn", "Gò Vấp", "Bài viết rất thiết thực, mong Thành phố tiếp tục nhân rộng những mô hình như thế này."),
    ("Thu Trang", "Quận 3", "Khu phố tôi cũng đã làm như vậy và được bà con đồng tình ủng hộ."),
    ("Văn Hậu", "Củ Chi", "Đề nghị chính quyền sớm công khai tiến độ để người dân được biết."),
    ("Ngọc Bích", "Bình Thạnh", "Cảm ơn phóng viên đã thông tin kịp thời."),
)


# --------------------------------------------------------------------------------------------
# Attached files: an official document's full text, a report's annex table
# --------------------------------------------------------------------------------------------
# The heading of a party document, in reading order: the issuing body, the number, the party's
# name, place and day, then the kind of document and what it is about.
FILE_HEADING = ("ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", "{ISSUER}", "*", "Số {number}",
                "ĐẢNG CỘNG SẢN VIỆT NAM", "Thành phố Hồ Chí Minh, ngày {day} tháng {month} năm {year}",
                "{TYPE}", "{summary}")
FILE_SECTIONS = (
    ("I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN", (
        "Thời gian qua, các cấp ủy, tổ chức đảng trong Đảng bộ Thành phố đã quan tâm lãnh đạo, chỉ đạo thực hiện các nội dung {summary_lower}; nhiều địa phương, đơn vị có cách làm sáng tạo, hiệu quả, được Nhân dân đồng tình ủng hộ.",
        "Tuy nhiên, việc triển khai ở một số nơi còn hình thức, chưa sâu sát cơ sở; công tác kiểm tra, giám sát có lúc chưa thường xuyên; một bộ phận cán bộ, đảng viên chưa nhận thức đầy đủ trách nhiệm của mình.",
    )),
    ("II. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP", (
        "1. Nâng cao nhận thức, trách nhiệm của cấp ủy, người đứng đầu cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội các cấp.",
        "2. Phấn đấu đến hết năm {year1}, {pct}% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ; 100% cán bộ, đảng viên được quán triệt, học tập đầy đủ nội dung {type_lower}.",
        "3. Đổi mới nội dung, phương thức tuyên truyền; phát huy vai trò của Nhân dân trong việc tham gia xây dựng Đảng, xây dựng chính quyền trong sạch, vững mạnh.",
    )),
    ("III. TỔ CHỨC THỰC HIỆN", (
        "1. Các quận ủy, huyện ủy, đảng ủy trực thuộc Thành ủy tổ chức quán triệt và xây dựng kế hoạch thực hiện {type_lower} này, hoàn thành trong quý {quarter} năm {year}.",
        "2. Các ban đảng Thành ủy theo chức năng, nhiệm vụ hướng dẫn, theo dõi, định kỳ sáu tháng báo cáo {issuer} kết quả thực hiện.",
    )),
)
FILE_RECIPIENTS = ("Nơi nhận:", "- Ban Bí thư Trung ương Đảng (để báo cáo),",
                   "- Các quận ủy, huyện ủy, đảng ủy trực thuộc,", "- Lưu Văn phòng Thành ủy.")
# Who signs, by the issuer's letters in the number: for the body, then the signer's office.
SIGNATURES = {"TU": ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"),
              "UBKTTU": ("T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM")}
DEFAULT_SIGNATURE = ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
# A report's annex: one row a district, then the total; a sheet of notes.
ANNEX_SHEET, NOTES_SHEET = "Phụ lục", "Ghi chú"
ANNEX_HEADER = ("STT", "Đơn vị", "Số chi bộ", "Số đảng viên", "Tỷ lệ hoàn thành (%)")
ANNEX_TOTAL = "Tổng cộng"
ANNEX_NOTES = ("Nguồn: {issuer}, tháng {month} năm {year}.",
               "Số liệu kèm theo {type_lower} số {number}.")
# The cover of a large annex (benchmarks): what its one page says.
LARGE_ANNEX = ("PHỤ LỤC", "Số liệu chi tiết kèm theo {type_lower} số {number}",
               "Dữ liệu gốc của phụ lục được đính kèm trong tệp này.")
