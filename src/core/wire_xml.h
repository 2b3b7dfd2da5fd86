// wire_xml.h: a small XML writer (and escaping) for the REST-XML (S3) and query (CloudFormation, CloudWatch)
// protocols' response bodies. Must not depend on the Lab or any service.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fhl {

// Escapes & < > " ' for element text and attribute values.
std::string XmlEscape(std::string_view text);

// Writes well-formed XML with no indentation, e.g.
//   XmlWriter w; w.Declaration(); w.Open("ListBucketResult", "http://s3.amazonaws.com/doc/2006-03-01/");
//   w.Leaf("Name", "b"); w.Close(); std::string xml = w.Take();
class XmlWriter {
 public:
  void Declaration();                                        // <?xml version="1.0" encoding="UTF-8"?>
  void Open(std::string_view name, std::string_view xmlns = {});
  void Close();                                              // closes the innermost open element
  void Leaf(std::string_view name, std::string_view text);   // <name>text</name>, text escaped
  void Empty(std::string_view name);                         // <name/>
  std::string Take();                                        // closes what is still open, returns the text

 private:
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace fhl
