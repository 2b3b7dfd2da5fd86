// athena_regex.cpp: pattern parser (to a small AST), compiler (to a backtracking program, Russ Cox style) and a
// matcher with a visited-state bitmap so that no pattern takes more than O(program x text) steps.
// Plain C++; must not depend on SQLite.
#include "core/athena_regex.h"

#include <cctype>

namespace fhl {
namespace {

// [SECTION] UTF-8

uint32_t Decode(std::string_view s, size_t pos, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[pos]);
  auto cont = [&](size_t k) { return pos + k < s.size() ? (static_cast<unsigned char>(s[pos + k]) & 0x3F) : 0u; };
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if ((c >> 5) == 6 && pos + 1 < s.size()) {
    *len = 2;
    return ((c & 0x1F) << 6) | cont(1);
  }
  if ((c >> 4) == 14 && pos + 2 < s.size()) {
    *len = 3;
    return ((c & 0x0F) << 12) | (cont(1) << 6) | cont(2);
  }
  if ((c >> 3) == 30 && pos + 3 < s.size()) {
    *len = 4;
    return ((c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
  }
  *len = 1;
  return c;
}

bool IsWord(uint32_t c) { return c < 128 && (std::isalnum(static_cast<int>(c)) || c == '_'); }
bool IsDigit(uint32_t c) { return c >= '0' && c <= '9'; }
bool IsSpace(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B; }
uint32_t Fold(uint32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// [SECTION] AST

struct Node {
  enum Kind { kEmpty, kChar, kAny, kClass, kBol, kEol, kWordB, kNotWordB, kConcat, kAlt, kRepeat, kGroup } kind;
  uint32_t value = 0;  // char / class index / group index
  int min = 0, max = -1;
  bool greedy = true;
  bool capture = false;
  bool icase = false;
  std::vector<std::unique_ptr<Node>> kids;
};

}  // namespace

class RegexCompiler {
 public:
  RegexCompiler(std::string_view p, AthenaRegex* re) : p_(p), re_(re) {}

  bool Run(std::string* error) {
    auto root = Alt();
    if (!root || i_ != p_.size()) {
      *error = err_.empty() ? "Unmatched closing ')' near index " + std::to_string(i_) : err_;
      return false;
    }
    Emit(*root);
    re_->prog_.push_back({AthenaRegex::Inst::kMatch});
    re_->group_count_ = groups_;
    return true;
  }

 private:
  using NodeP = std::unique_ptr<Node>;
  NodeP Make(Node::Kind k) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->icase = icase_;
    return n;
  }
  NodeP Fail(std::string msg) {
    if (err_.empty()) err_ = std::move(msg);
    return nullptr;
  }
  bool More() const { return i_ < p_.size(); }

  NodeP Alt() {
    auto first = Concat();
    if (!first) return nullptr;
    if (!More() || p_[i_] != '|') return first;
    auto alt = Make(Node::kAlt);
    alt->kids.push_back(std::move(first));
    while (More() && p_[i_] == '|') {
      ++i_;
      auto next = Concat();
      if (!next) return nullptr;
      alt->kids.push_back(std::move(next));
    }
    return alt;
  }

  NodeP Concat() {
    auto cat = Make(Node::kConcat);
    while (More() && p_[i_] != '|' && p_[i_] != ')') {
      auto atom = Atom();
      if (!atom) return nullptr;
      if (atom->kind == Node::kEmpty) continue;
      auto rep = Quantifier(std::move(atom));
      if (!rep) return nullptr;
      cat->kids.push_back(std::move(rep));
    }
    return cat;
  }

  bool ReadInt(int* out) {
    if (!More() || !std::isdigit(static_cast<unsigned char>(p_[i_]))) return false;
    int v = 0;
    while (More() && std::isdigit(static_cast<unsigned char>(p_[i_]))) {
      v = v * 10 + (p_[i_++] - '0');
      if (v > 1000) v = 1000;
    }
    *out = v;
    return true;
  }

  NodeP Quantifier(NodeP atom) {
    while (More()) {
      int min = 0, max = -1;
      const char c = p_[i_];
      if (c == '*') {
        ++i_;
      } else if (c == '+') {
        min = 1;
        ++i_;
      } else if (c == '?') {
        max = 1;
        ++i_;
      } else if (c == '{') {
        const size_t save = i_;
        ++i_;
        if (!ReadInt(&min)) {
          i_ = save;
          return atom;  // a literal '{'
        }
        max = min;
        if (More() && p_[i_] == ',') {
          ++i_;
          max = -1;
          ReadInt(&max);
        }
        if (!More() || p_[i_] != '}') {
          i_ = save;
          return atom;
        }
        ++i_;
        if (max >= 0 && max < min) return Fail("Illegal repetition range near index " + std::to_string(i_));
      } else {
        return atom;
      }
      if (atom->kind == Node::kBol || atom->kind == Node::kEol)
        return Fail("Dangling meta character near index " + std::to_string(i_));
      auto rep = Make(Node::kRepeat);
      rep->min = min;
      rep->max = max;
      if (More() && p_[i_] == '?') {
        rep->greedy = false;
        ++i_;
      } else if (More() && p_[i_] == '+') {
        ++i_;  // possessive: treated as greedy
      }
      rep->kids.push_back(std::move(atom));
      atom = std::move(rep);
    }
    return atom;
  }

  bool Escape(uint32_t* cp, uint8_t* builtin, Node::Kind* special) {
    if (!More()) {
      err_ = "Unexpected internal error near index " + std::to_string(i_);
      return false;
    }
    const char c = p_[i_++];
    *builtin = 0;
    *special = Node::kChar;
    switch (c) {
      case 'd':
        *builtin = 1;
        return true;
      case 'D':
        *builtin = 2;
        return true;
      case 'w':
        *builtin = 4;
        return true;
      case 'W':
        *builtin = 8;
        return true;
      case 's':
        *builtin = 16;
        return true;
      case 'S':
        *builtin = 32;
        return true;
      case 'b':
        *special = Node::kWordB;
        return true;
      case 'B':
        *special = Node::kNotWordB;
        return true;
      case 'A':
        *special = Node::kBol;
        return true;
      case 'z':
      case 'Z':
        *special = Node::kEol;
        return true;
      case 't':
        *cp = '\t';
        return true;
      case 'n':
        *cp = '\n';
        return true;
      case 'r':
        *cp = '\r';
        return true;
      case 'f':
        *cp = '\f';
        return true;
      case 'e':
        *cp = 0x1B;
        return true;
      case 'x':
      case 'u': {
        const size_t n = c == 'x' ? 2 : 4;
        if (i_ + n > p_.size()) break;
        uint32_t v = 0;
        for (size_t k = 0; k < n; ++k) {
          const char h = p_[i_ + k];
          if (!std::isxdigit(static_cast<unsigned char>(h))) {
            err_ = "Illegal hexadecimal escape sequence near index " + std::to_string(i_);
            return false;
          }
          v = v * 16 + static_cast<uint32_t>(
                           std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
        }
        i_ += n;
        *cp = v;
        return true;
      }
      default:
        if (std::isalpha(static_cast<unsigned char>(c))) {
          err_ = std::string("Illegal/unsupported escape sequence near index ") + std::to_string(i_);
          return false;
        }
        *cp = static_cast<unsigned char>(c);
        return true;
    }
    err_ = "Illegal escape near index " + std::to_string(i_);
    return false;
  }

  uint32_t NextChar() {
    size_t len = 1;
    const uint32_t cp = Decode(p_, i_, &len);
    i_ += len;
    return cp;
  }

  NodeP Atom() {
    const char c = p_[i_];
    if (c == '(') {
      ++i_;
      bool capture = true;
      if (More() && p_[i_] == '?') {
        ++i_;
        if (More() && p_[i_] == ':') {
          ++i_;
          capture = false;
        } else if (More() && p_[i_] == '<' && i_ + 1 < p_.size() && p_[i_ + 1] != '=' && p_[i_ + 1] != '!') {
          const size_t close = p_.find('>', i_);
          if (close == std::string_view::npos) return Fail("named capturing group is missing trailing '>'");
          i_ = close + 1;
        } else if (More() && p_[i_] == 'i') {
          // (?i) / (?i:...)
          ++i_;
          if (More() && p_[i_] == ')') {
            ++i_;
            icase_ = true;
            return Make(Node::kEmpty);
          }
          if (More() && p_[i_] == ':') {
            ++i_;
            const bool saved = icase_;
            icase_ = true;
            auto inner = Alt();
            icase_ = saved;
            if (!inner) return nullptr;
            if (!More() || p_[i_] != ')') return Fail("Unclosed group near index " + std::to_string(p_.size()));
            ++i_;
            auto g = Make(Node::kGroup);
            g->kids.push_back(std::move(inner));
            return g;
          }
          return Fail("Unknown inline modifier near index " + std::to_string(i_));
        } else {
          return Fail("Lookaround and inline flags other than (?i) are not supported near index " + std::to_string(i_));
        }
      }
      const int index = capture ? ++groups_ : 0;
      auto inner = Alt();
      if (!inner) return nullptr;
      if (!More() || p_[i_] != ')') return Fail("Unclosed group near index " + std::to_string(p_.size()));
      ++i_;
      auto g = Make(Node::kGroup);
      g->capture = capture;
      g->value = static_cast<uint32_t>(index);
      g->kids.push_back(std::move(inner));
      return g;
    }
    if (c == '[') return ClassAtom();
    if (c == '.') {
      ++i_;
      return Make(Node::kAny);
    }
    if (c == '^') {
      ++i_;
      return Make(Node::kBol);
    }
    if (c == '$') {
      ++i_;
      return Make(Node::kEol);
    }
    if (c == '*' || c == '+' || c == '?')
      return Fail(std::string("Dangling meta character '") + c + "' near index " + std::to_string(i_));
    if (c == '\\') {
      ++i_;
      if (More() && p_[i_] == 'Q') {
        ++i_;
        const size_t end = p_.find("\\E", i_);
        const std::string_view lit = p_.substr(i_, end == std::string_view::npos ? std::string_view::npos : end - i_);
        i_ = end == std::string_view::npos ? p_.size() : end + 2;
        auto cat = Make(Node::kConcat);
        for (size_t k = 0; k < lit.size();) {
          size_t len = 1;
          auto ch = Make(Node::kChar);
          ch->value = Decode(lit, k, &len);
          k += len;
          cat->kids.push_back(std::move(ch));
        }
        auto g = Make(Node::kGroup);
        g->kids.push_back(std::move(cat));
        return g;
      }
      uint32_t cp = 0;
      uint8_t builtin = 0;
      Node::Kind special = Node::kChar;
      if (!Escape(&cp, &builtin, &special)) return nullptr;
      if (special != Node::kChar) return Make(special);
      if (builtin) {
        AthenaRegex::Class cls;
        cls.builtins = builtin;
        re_->classes_.push_back(cls);
        auto n = Make(Node::kClass);
        n->value = static_cast<uint32_t>(re_->classes_.size() - 1);
        return n;
      }
      auto n = Make(Node::kChar);
      n->value = cp;
      return n;
    }
    auto n = Make(Node::kChar);
    n->value = NextChar();
    return n;
  }

  NodeP ClassAtom() {
    ++i_;  // [
    AthenaRegex::Class cls;
    if (More() && p_[i_] == '^') {
      cls.negated = true;
      ++i_;
    }
    bool first = true;
    while (true) {
      if (!More()) return Fail("Unclosed character class near index " + std::to_string(p_.size() - 1));
      if (p_[i_] == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      uint32_t lo = 0;
      if (p_[i_] == '\\') {
        ++i_;
        uint8_t builtin = 0;
        Node::Kind special = Node::kChar;
        if (!Escape(&lo, &builtin, &special)) return nullptr;
        if (builtin) {
          cls.builtins |= builtin;
          continue;
        }
        if (special != Node::kChar) return Fail("Illegal escape in character class near index " + std::to_string(i_));
      } else if (p_[i_] == '[') {
        return Fail("Nested character classes are not supported near index " + std::to_string(i_));
      } else {
        lo = NextChar();
      }
      uint32_t hi = lo;
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        if (p_[i_] == '\\') {
          ++i_;
          uint8_t builtin = 0;
          Node::Kind special = Node::kChar;
          if (!Escape(&hi, &builtin, &special) || builtin || special != Node::kChar)
            return Fail("Illegal character range near index " + std::to_string(i_));
        } else {
          hi = NextChar();
        }
        if (hi < lo) return Fail("Illegal character range near index " + std::to_string(i_));
      }
      if (icase_) {
        for (uint32_t ch = lo; ch <= hi && ch < 128; ++ch) {
          if (std::isalpha(static_cast<int>(ch))) {
            const uint32_t other = std::islower(static_cast<int>(ch)) ? ch - 32 : ch + 32;
            cls.ranges.push_back({other, other});
          }
        }
      }
      cls.ranges.push_back({lo, hi});
    }
    re_->classes_.push_back(cls);
    auto n = Make(Node::kClass);
    n->value = static_cast<uint32_t>(re_->classes_.size() - 1);
    return n;
  }

  // [SECTION] code generation
  using I = AthenaRegex::Inst;
  int Pc() const { return static_cast<int>(re_->prog_.size()); }
  int Push(I inst) {
    re_->prog_.push_back(inst);
    return Pc() - 1;
  }

  void EmitStar(const Node& n, bool greedy) {
    const int split = Push({I::kSplit});
    Emit(n);
    Push({I::kJmp, 0, split});
    const int after = Pc();
    re_->prog_[split].x = greedy ? split + 1 : after;
    re_->prog_[split].y = greedy ? after : split + 1;
  }

  void Emit(const Node& n) {
    switch (n.kind) {
      case Node::kEmpty:
        return;
      case Node::kChar: {
        I inst{I::kChar, n.value};
        inst.icase = n.icase;
        if (n.icase) inst.arg = Fold(n.value);
        Push(inst);
        return;
      }
      case Node::kAny:
        Push({I::kAny});
        return;
      case Node::kClass:
        Push({I::kClass, n.value});
        return;
      case Node::kBol:
        Push({I::kBol});
        return;
      case Node::kEol:
        Push({I::kEol});
        return;
      case Node::kWordB:
        Push({I::kWordB});
        return;
      case Node::kNotWordB:
        Push({I::kNotWordB});
        return;
      case Node::kConcat:
        for (const auto& k : n.kids) Emit(*k);
        return;
      case Node::kGroup:
        if (n.capture) Push({I::kSave, 2 * n.value});
        Emit(*n.kids[0]);
        if (n.capture) Push({I::kSave, 2 * n.value + 1});
        return;
      case Node::kAlt: {
        std::vector<int> jumps;
        for (size_t k = 0; k < n.kids.size(); ++k) {
          if (k + 1 < n.kids.size()) {
            const int split = Push({I::kSplit});
            re_->prog_[split].x = split + 1;
            Emit(*n.kids[k]);
            jumps.push_back(Push({I::kJmp}));
            re_->prog_[split].y = Pc();
          } else {
            Emit(*n.kids[k]);
          }
        }
        for (int j : jumps) re_->prog_[j].x = Pc();
        return;
      }
      case Node::kRepeat: {
        const Node& body = *n.kids[0];
        for (int k = 0; k < n.min; ++k) Emit(body);
        if (n.max < 0) {
          EmitStar(body, n.greedy);
        } else {
          // (body (body (...)?)?)? for the optional copies.
          std::vector<int> splits;
          for (int k = n.min; k < n.max; ++k) {
            splits.push_back(Push({I::kSplit}));
            re_->prog_[splits.back()].x = splits.back() + 1;
            Emit(body);
          }
          const int after = Pc();
          for (int s : splits) {
            if (n.greedy) {
              re_->prog_[s].x = s + 1;
              re_->prog_[s].y = after;
            } else {
              re_->prog_[s].x = after;
              re_->prog_[s].y = s + 1;
            }
          }
        }
        return;
      }
    }
  }

  std::string_view p_;
  AthenaRegex* re_;
  size_t i_ = 0;
  int groups_ = 0;
  bool icase_ = false;
  std::string err_;
};

std::unique_ptr<AthenaRegex> AthenaRegex::Compile(std::string_view pattern, std::string* error) {
  auto re = std::unique_ptr<AthenaRegex>(new AthenaRegex());
  RegexCompiler c(pattern, re.get());
  if (!c.Run(error)) return nullptr;
  return re;
}

namespace {

bool ClassMatches(const AthenaRegex::Class& cls, uint32_t c) {
  bool in = false;
  for (const auto& r : cls.ranges) {
    if (c >= r.first && c <= r.second) {
      in = true;
      break;
    }
  }
  if (!in && cls.builtins) {
    in = ((cls.builtins & 1) && IsDigit(c)) || ((cls.builtins & 2) && !IsDigit(c)) ||
         ((cls.builtins & 4) && IsWord(c)) || ((cls.builtins & 8) && !IsWord(c)) ||
         ((cls.builtins & 16) && IsSpace(c)) || ((cls.builtins & 32) && !IsSpace(c));
  }
  return in != cls.negated;
}

}  // namespace

bool AthenaRegex::Search(std::string_view text, size_t from, std::vector<int>* groups) const {
  const size_t n = text.size();
  const size_t slots = 2 * static_cast<size_t>(group_count_ + 1);
  std::vector<int> caps(slots, -1);
  std::vector<uint64_t> visited((prog_.size() * (n + 1) + 63) / 64, 0);
  struct Frame {
    int pc;
    int pos;
    int slot;  // >= 0: restore caps[slot] = old
    int old;
  };
  std::vector<Frame> stack;
  auto word_at = [&](size_t pos) { return pos < n && IsWord(static_cast<unsigned char>(text[pos])); };
  for (size_t start = from; start <= n; ++start) {
    if (start > from && start < n && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) continue;
    std::fill(caps.begin(), caps.end(), -1);
    stack.clear();
    stack.push_back({0, static_cast<int>(start), -1, 0});
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      if (f.slot >= 0) {
        caps[static_cast<size_t>(f.slot)] = f.old;
        continue;
      }
      int pc = f.pc;
      size_t pos = static_cast<size_t>(f.pos);
      while (true) {
        const size_t key = static_cast<size_t>(pc) * (n + 1) + pos;
        if (visited[key / 64] & (1ull << (key % 64))) break;
        visited[key / 64] |= 1ull << (key % 64);
        const Inst& in = prog_[static_cast<size_t>(pc)];
        bool ok = true;
        switch (in.op) {
          case Inst::kChar: {
            if (pos >= n) {
              ok = false;
              break;
            }
            size_t len = 1;
            uint32_t c = Decode(text, pos, &len);
            if (in.icase) c = Fold(c);
            ok = c == in.arg;
            pos += len;
            ++pc;
            break;
          }
          case Inst::kAny: {
            if (pos >= n || text[pos] == '\n' || text[pos] == '\r') {
              ok = false;
              break;
            }
            size_t len = 1;
            Decode(text, pos, &len);
            pos += len;
            ++pc;
            break;
          }
          case Inst::kClass: {
            if (pos >= n) {
              ok = false;
              break;
            }
            size_t len = 1;
            const uint32_t c = Decode(text, pos, &len);
            ok = ClassMatches(classes_[in.arg], c);
            pos += len;
            ++pc;
            break;
          }
          case Inst::kSplit:
            stack.push_back({in.y, static_cast<int>(pos), -1, 0});
            pc = in.x;
            break;
          case Inst::kJmp:
            pc = in.x;
            break;
          case Inst::kSave:
            stack.push_back({0, 0, static_cast<int>(in.arg), caps[in.arg]});
            caps[in.arg] = static_cast<int>(pos);
            ++pc;
            break;
          case Inst::kBol:
            ok = pos == 0;
            ++pc;
            break;
          case Inst::kEol:
            ok = pos == n;
            ++pc;
            break;
          case Inst::kWordB:
          case Inst::kNotWordB: {
            const bool b = (pos > 0 && word_at(pos - 1)) != word_at(pos);
            ok = in.op == Inst::kWordB ? b : !b;
            ++pc;
            break;
          }
          case Inst::kMatch:
            caps[0] = static_cast<int>(start);
            caps[1] = static_cast<int>(pos);
            *groups = caps;
            return true;
        }
        if (!ok) break;
      }
    }
  }
  return false;
}

}  // namespace fhl
